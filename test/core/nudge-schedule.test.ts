import { describe, expect, it } from 'vitest';
import { formatOccurrence, lastOccurrence, nextOccurrences, toCron } from '../../src/core/nudges/schedule.ts';

describe('community reminder schedules in plain words', () => {
  it.each([
    ['tous les jours à 9h', '0 9 * * *'],
    ['every day at 9:00', '0 9 * * *'],
    ['tous les lundis à 18h30', '30 18 * * 1'],
    ['every Monday at 18:30', '30 18 * * 1'],
    ['le premier mardi du mois à 18h', '0 18 * * 2#1'],
    ['the first Tuesday of the month at 6pm', '0 18 * * 2#1'],
    ['le dernier vendredi du mois à 17h', '0 17 * * 5#L'],
    ['on the last Friday of each month at 5:15 pm', '15 17 * * 5#L'],
    ['le 15 de chaque mois à 12h', '0 12 15 * *'],
    ['on the 15th of each month at noon', '0 12 15 * *'],
    ['Le 1er du mois à midi', '0 12 1 * *'],
    ['en semaine à 8h45', '45 8 * * 1-5'],
    ['0 9 * * 1-5', '0 9 * * 1-5'],
    ['  30   7 1 *  MON ', '30 7 1 * MON'],
  ])('reads "%s" as %s', (typed, cron) => {
    expect(toCron(typed)).toBe(cron);
  });

  it.each([
    'quand ça me chante',
    'tous les jours',
    'tous les jours à 25h',
    'every day at 13pm',
    'le 32 de chaque mois à 9h',
    'tous les lundis à 18h75',
    '0 9 * *',
    '0 0 9 * * *',
    '61 9 * * *',
    '0 9 31 2 *',
    '',
  ])('refuses "%s"', (typed) => {
    expect(toCron(typed)).toBeNull();
  });
});

describe('next dates of a reminder', () => {
  it('keeps 9:00 in Paris across the spring daylight-saving change', () => {
    // Europe/Paris moves from UTC+1 to UTC+2 on Sunday 29 March 2026 at 02:00.
    const next = nextOccurrences('0 9 * * *', 'Europe/Paris', new Date('2026-03-28T12:00:00Z'));
    expect(next.map((d) => d.toISOString())).toEqual([
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-03-31T07:00:00.000Z',
    ]);
    expect(formatOccurrence('fr', 'Europe/Paris', next[0]!)).toBe('dimanche 29 mars 2026 à 09:00');
    expect(formatOccurrence('en', 'Europe/Paris', next[1]!)).toBe('Monday, March 30, 2026 at 9:00 AM');
  });

  it('keeps 18:30 in Paris across the autumn change, on the first Tuesdays only', () => {
    const next = nextOccurrences(
      toCron('tous les premiers mardis du mois à 18h30') ?? 'x',
      'Europe/Paris',
      new Date('2026-09-15T00:00:00Z'),
    );
    // October is UTC+2, November and December UTC+1.
    expect(next.map((d) => d.toISOString())).toEqual([
      '2026-10-06T16:30:00.000Z',
      '2026-11-03T17:30:00.000Z',
      '2026-12-01T17:30:00.000Z',
    ]);
  });

  it('finds the latest occurrence at or before a moment', () => {
    const cron = '0 9 * * *';
    expect(lastOccurrence(cron, 'Europe/Paris', new Date('2026-03-30T07:00:00Z'))?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    expect(lastOccurrence(cron, 'Europe/Paris', new Date('2026-03-30T06:59:59Z'))?.toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });
});
