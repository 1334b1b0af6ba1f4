import { describe, expect, it } from 'vitest';
import { communitySettingsSchema, type Community } from '../../src/core/community.ts';
import { atLocalTime, localDay, quietHoursEnd } from '../../src/core/nudges/local-time.ts';
import { decide, type NudgePreferences } from '../../src/core/nudges/rules.ts';

const community = (overrides: Partial<Community['settings']['nudges']> = {}, timeZone = 'Europe/Paris'): Community => {
  const settings = communitySettingsSchema.parse({});
  return {
    id: 'c1',
    platform: 'discord',
    externalId: 'g1',
    name: 'Duchess',
    locale: 'fr',
    timeZone,
    settings: { ...settings, nudges: { ...settings.nudges, ...overrides } },
  };
};

const her = (overrides: Partial<NudgePreferences> = {}): NudgePreferences => ({
  status: 'active',
  timeZone: 'Europe/Paris',
  quietFrom: null,
  quietTo: null,
  snoozedUntil: null,
  nudgeOptOut: [],
  ...overrides,
});

const at = (iso: string) => new Date(iso);
const checkin = (day: string, recipient: NudgePreferences | null, now: string, c = community()) =>
  decide({ kind: 'checkin', due: { day }, community: c, recipient, now: at(now) });

describe('a nudge due on a day arrives at the nudge hour of her own time zone', () => {
  it.each([
    // [zone, day, the UTC moment of 10:00 local]
    ['Europe/Paris', '2026-03-28', '2026-03-28T09:00:00.000Z'], // winter time, the day before the change
    ['Europe/Paris', '2026-03-29', '2026-03-29T08:00:00.000Z'], // the spring change: 10:00 is already summer time
    ['Europe/Paris', '2026-10-25', '2026-10-25T09:00:00.000Z'], // the autumn change: 10:00 is winter time again
    ['America/Montreal', '2026-03-08', '2026-03-08T14:00:00.000Z'], // Montréal changes three weeks earlier
    ['America/Montreal', '2026-11-01', '2026-11-01T15:00:00.000Z'],
    ['Pacific/Noumea', '2026-03-29', '2026-03-28T23:00:00.000Z'], // no DST, and its day starts before Paris's
  ])('in %s on %s', (zone, day, expected) => {
    const recipient = her({ timeZone: zone });
    const oneMinuteBefore = new Date(new Date(expected).getTime() - 60_000).toISOString();
    expect(checkin(day, recipient, oneMinuteBefore)).toEqual({ kind: 'wait', until: at(expected) });
    expect(checkin(day, recipient, expected)).toEqual({ kind: 'send' });
  });

  it('uses the community’s time zone when she set none', () => {
    expect(
      checkin('2026-03-08', her({ timeZone: null }), '2026-03-08T14:30:00Z', community({}, 'America/Montreal')),
    ).toEqual({ kind: 'send' });
    expect(
      checkin('2026-03-08', her({ timeZone: null }), '2026-03-08T13:30:00Z', community({}, 'America/Montreal')).kind,
    ).toBe('wait');
  });

  it('a local time the spring change skips moves to the first one that exists', () => {
    // 02:30 does not exist in Paris on 29 March 2026: 03:30 summer time, 01:30 UTC.
    expect(atLocalTime('2026-03-29', 150, 'Europe/Paris').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('a day already past is sent as soon as her rules allow', () => {
    expect(checkin('2026-03-01', her(), '2026-03-04T15:00:00Z')).toEqual({ kind: 'send' });
  });
});

describe('quiet hours', () => {
  it('a span across midnight: before midnight it waits for tomorrow morning, after midnight for this morning', () => {
    expect(quietHoursEnd(at('2026-01-10T21:30:00Z'), 'Europe/Paris', 22 * 60, 7 * 60)?.toISOString()).toBe(
      '2026-01-11T06:00:00.000Z',
    );
    expect(quietHoursEnd(at('2026-01-11T01:00:00Z'), 'Europe/Paris', 22 * 60, 7 * 60)?.toISOString()).toBe(
      '2026-01-11T06:00:00.000Z',
    );
    expect(quietHoursEnd(at('2026-01-11T06:00:00Z'), 'Europe/Paris', 22 * 60, 7 * 60)).toBeNull();
    expect(quietHoursEnd(at('2026-01-11T20:59:00Z'), 'Europe/Paris', 22 * 60, 7 * 60)).toBeNull();
  });

  it('a span inside one day, and no quiet hours when both ends are equal', () => {
    expect(quietHoursEnd(at('2026-01-11T12:30:00Z'), 'Europe/Paris', 12 * 60, 14 * 60)?.toISOString()).toBe(
      '2026-01-11T13:00:00.000Z',
    );
    expect(quietHoursEnd(at('2026-01-11T02:00:00Z'), 'Europe/Paris', 0, 0)).toBeNull();
  });

  it('a nudge whose hour falls in her quiet hours waits for their end, in her zone', () => {
    // The community sends at 22:00; her quiet hours (the default 21:00-08:00) hold it until 08:00 the next day in Nouméa.
    const late = community({ hour: 22 });
    const recipient = her({ timeZone: 'Pacific/Noumea' });
    expect(checkin('2026-05-04', recipient, '2026-05-04T10:59:00Z', late)).toEqual({
      kind: 'wait',
      until: at('2026-05-04T21:00:00Z'),
    });
    expect(checkin('2026-05-04', recipient, '2026-05-04T11:00:00Z', late)).toEqual({
      kind: 'wait',
      until: at('2026-05-04T21:00:00Z'),
    });
    expect(checkin('2026-05-04', recipient, '2026-05-04T21:00:00Z', late)).toEqual({ kind: 'send' });
  });

  it('her own quiet hours replace the community’s', () => {
    // 10:00 in Montréal is inside her 09:00-12:00.
    const recipient = her({ timeZone: 'America/Montreal', quietFrom: 9 * 60, quietTo: 12 * 60 });
    expect(checkin('2026-06-02', recipient, '2026-06-02T14:00:00Z')).toEqual({
      kind: 'wait',
      until: at('2026-06-02T16:00:00Z'),
    });
  });

  it('a post in a channel has no quiet hours', () => {
    expect(
      decide({
        kind: 'communityReminder',
        due: { at: at('2026-01-10T22:30:00Z') },
        community: community(),
        recipient: null,
        now: at('2026-01-10T22:30:00Z'),
      }),
    ).toEqual({ kind: 'send' });
    expect(
      decide({
        kind: 'communityReminder',
        due: { at: at('2026-01-10T22:30:00Z') },
        community: community(),
        recipient: null,
        now: at('2026-01-10T22:29:00Z'),
      }).kind,
    ).toBe('wait');
  });
});

describe('snooze, opt-out, status', () => {
  it('a snoozed member gets nothing before her snooze ends, then at once unless it is night for her', () => {
    const snoozed = her({ snoozedUntil: at('2026-02-10T14:00:00Z') });
    expect(checkin('2026-02-03', snoozed, '2026-02-10T13:59:00Z')).toEqual({
      kind: 'wait',
      until: at('2026-02-10T14:00:00Z'),
    });
    expect(checkin('2026-02-03', snoozed, '2026-02-10T14:00:00Z')).toEqual({ kind: 'send' });
    const untilNight = her({ snoozedUntil: at('2026-02-10T23:00:00Z') });
    expect(checkin('2026-02-03', untilNight, '2026-02-10T22:00:00Z')).toEqual({
      kind: 'wait',
      until: at('2026-02-11T07:00:00Z'),
    });
  });

  it('drops the kinds she turned off, and every nudge to a member who paused or left', () => {
    expect(checkin('2026-02-03', her({ nudgeOptOut: ['checkin'] }), '2026-02-03T12:00:00Z')).toEqual({
      kind: 'skip',
      reason: 'opted-out',
    });
    expect(checkin('2026-02-03', her({ nudgeOptOut: ['ghost'] }), '2026-02-03T12:00:00Z')).toEqual({ kind: 'send' });
    expect(checkin('2026-02-03', her({ status: 'paused' }), '2026-02-03T12:00:00Z')).toEqual({
      kind: 'skip',
      reason: 'inactive',
    });
    expect(checkin('2026-02-03', her({ status: 'left' }), '2026-02-03T12:00:00Z')).toEqual({
      kind: 'skip',
      reason: 'inactive',
    });
  });

  it('a bad time zone falls back to the community’s instead of failing', () => {
    expect(checkin('2026-02-03', her({ timeZone: 'Mars/Olympus' }), '2026-02-03T09:00:00Z')).toEqual({ kind: 'send' });
    expect(localDay(at('2026-03-28T23:30:00Z'), 'Pacific/Noumea')).toBe('2026-03-29');
  });
});
