import { DateTime } from 'luxon';
import { z } from 'zod';
import { text, type Text } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { Member, NudgePreferencesChange } from '../community.ts';
import { FieldErrors, UserError } from '../errors.ts';
import { memberText } from '../reply-model.ts';
import type { Repositories, Store } from '../store.ts';
import { lockedMembers } from '../matching/locked-members.ts';
import { isTimeZone } from '../time-zone.ts';
import { isNudgeKind, nudgeKinds, type NudgeKind } from './kinds.ts';

/** Kinds a member may turn off: every DM. A community reminder is a channel post, not hers to stop. */
export const memberNudgeKinds = nudgeKinds.filter((kind) => kind !== 'communityReminder');

export const snoozePeriods = { '1w': { weeks: 1 }, '2w': { weeks: 2 }, '1m': { months: 1 } } as const;
export type SnoozePeriod = keyof typeof snoozePeriods;
export const isSnoozePeriod = (value: string | undefined): value is SnoozePeriod => (value ?? '') in snoozePeriods;

/** "21:00", "8:30", "21h", "8h30": minutes from midnight. */
const clockTime = z
  .string()
  .trim()
  .regex(/^([01]?\d|2[0-3])\s*[:hH]\s*([0-5]\d)?$/)
  .transform((value) => {
    const [, hours, minutes] = /^(\d{1,2})\s*[:hH]\s*(\d{2})?$/.exec(value)!;
    return Number(hours) * 60 + Number(minutes ?? 0);
  });

/** Minutes from midnight as HH:MM. */
export const formatClockTime = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Where what she typed waits when a field is refused, to prefill her correction. */
const pendingKey = (field: string) => `nudges.${field}`;

/**
 * A member's nudge preferences: time zone, quiet hours, snooze, kinds turned off. They
 * are plain columns of her member row, which the scheduler reads at every tick: a change
 * counts for the very next send.
 */
export function createPreferencesService({ store, clock }: { store: Store; clock: Clock }) {
  async function save(
    member: Member,
    change: NudgePreferencesChange,
    action: string,
    details: Record<string, unknown> = {},
    repos: Repositories = store,
  ): Promise<Member> {
    const updated = await repos.members.update(member.id, change);
    await repos.auditLog.record({
      communityId: member.communityId,
      actorId: member.id,
      action,
      targetType: 'member',
      targetId: member.id,
      details,
    });
    return updated;
  }

  /**
   * Changes her list of kinds turned off under her member lock: two "stop" clicks on
   * different nudges at once each add their kind, neither overwrites the other.
   */
  function editOptOut(
    member: Member,
    edit: (current: Member) => { kinds: NudgeKind[]; action: string; details: Record<string, unknown> } | null,
  ) {
    return store.transaction(async (repos) => {
      const current = await lockedMembers(repos, await repos.matching.lockMembers([member.id]))(member.id);
      const change = edit(current);
      return change ? save(current, { nudgeOptOut: change.kinds }, change.action, change.details, repos) : current;
    });
  }

  /** Keeps what she typed in the fields refused, and forgets what she corrected. */
  async function keepTyped(member: Member, typed: Record<string, string | undefined>) {
    const profile = await store.profiles.get(member.id);
    if (!profile) return;
    const pendingInput = { ...profile.pendingInput };
    for (const [field, value] of Object.entries(typed)) {
      if (value === undefined) delete pendingInput[pendingKey(field)];
      else pendingInput[pendingKey(field)] = value;
    }
    if (JSON.stringify(pendingInput) !== JSON.stringify(profile.pendingInput))
      await store.profiles.save({ ...profile, pendingInput });
  }

  /** Her zone, or the community's when she chose none. */
  async function zoneOf(member: Member): Promise<string> {
    return member.timeZone ?? (await store.communities.get(member.communityId)).timeZone;
  }

  return {
    zoneOf,

    /** What she typed last time a preferences form was refused. */
    async pending(
      member: Member,
      field: 'timeZone' | 'quietFrom' | 'quietTo' | 'snoozeUntil',
    ): Promise<string | undefined> {
      return (await store.profiles.get(member.id))?.pendingInput[pendingKey(field)];
    },

    async setTimeZone(member: Member, raw: string, retryAction?: string): Promise<Member> {
      const zone = raw.trim();
      if (!isTimeZone(zone)) {
        await keepTyped(member, { timeZone: raw });
        throw new FieldErrors(
          { timeZone: text('admin.invalid.timeZone', { value: memberText(zone) }) },
          retryAction,
          'typed',
        );
      }
      await keepTyped(member, { timeZone: undefined });
      return save(member, { timeZone: zone }, 'nudges.timeZone', { timeZone: zone });
    },

    /** Both fields are checked before anything is saved; each wrong one is named. */
    async setQuietHours(member: Member, raw: { from: string; to: string }, retryAction?: string): Promise<Member> {
      const from = clockTime.safeParse(raw.from);
      const to = clockTime.safeParse(raw.to);
      const errors: Record<string, Text> = {};
      if (!from.success) errors.quietFrom = text('prefs.invalid.time', { value: memberText(raw.from.trim()) });
      if (!to.success) errors.quietTo = text('prefs.invalid.time', { value: memberText(raw.to.trim()) });
      if (!from.success || !to.success) {
        await keepTyped(member, { quietFrom: raw.from, quietTo: raw.to });
        throw new FieldErrors(errors, retryAction, 'typed');
      }
      await keepTyped(member, { quietFrom: undefined, quietTo: undefined });
      return save(member, { quietFrom: from.data, quietTo: to.data }, 'nudges.quietHours', {
        from: from.data,
        to: to.data,
      });
    },

    /** Back to the community's quiet hours. */
    resetQuietHours: (member: Member) =>
      save(member, { quietFrom: null, quietTo: null }, 'nudges.quietHours', { from: null, to: null }),

    async snoozeFor(member: Member, period: SnoozePeriod): Promise<Member> {
      const until = DateTime.fromJSDate(clock.now())
        .setZone(await zoneOf(member))
        .plus(snoozePeriods[period])
        .toJSDate();
      return save(member, { snoozedUntil: until }, 'nudges.snoozed', { until: until.toISOString() });
    },

    /** Until the start of that day (YYYY-MM-DD) in her time zone; a day to come, within a year. */
    async snoozeUntil(member: Member, raw: string, retryAction?: string): Promise<Member> {
      const zone = await zoneOf(member);
      const day = raw.trim();
      const until = /^\d{4}-\d{2}-\d{2}$/.test(day) ? DateTime.fromISO(day, { zone }) : null;
      const now = DateTime.fromJSDate(clock.now()).setZone(zone);
      const problem: Text | null = !until?.isValid
        ? text('prefs.invalid.date', { value: memberText(day) })
        : until <= now || until > now.plus({ years: 1 })
          ? text('prefs.invalid.dateRange', { value: memberText(day) })
          : null;
      if (problem) {
        await keepTyped(member, { snoozeUntil: raw });
        throw new FieldErrors({ snoozeUntil: problem }, retryAction, 'typed');
      }
      await keepTyped(member, { snoozeUntil: undefined });
      return save(member, { snoozedUntil: until!.toJSDate() }, 'nudges.snoozed', {
        until: until!.toJSDate().toISOString(),
      });
    },

    resume: (member: Member) => save(member, { snoozedUntil: null }, 'nudges.resumed'),

    /** The kinds she turns off, all at once (the profile's multi-select). */
    async setOptOut(member: Member, values: readonly string[]): Promise<Member> {
      if (!values.every((value) => (memberNudgeKinds as readonly string[]).includes(value)))
        throw new UserError('error.expired');
      // Kinds she cannot pick here (a channel post) are kept as they are.
      return editOptOut(member, (current) => {
        const kinds = [
          ...current.nudgeOptOut.filter((kind) => !(memberNudgeKinds as readonly string[]).includes(kind)),
          ...memberNudgeKinds.filter((kind) => values.includes(kind)),
        ];
        return { kinds, action: 'nudges.optOut', details: { kinds } };
      });
    },

    /**
     * The one-click "stop this kind" of a nudge. Idempotent: a second click (or a replay)
     * finds the kind already off and writes nothing.
     */
    async stop(member: Member, kind: string): Promise<Member> {
      if (!isNudgeKind(kind)) throw new UserError('error.expired');
      return editOptOut(member, (current) =>
        current.nudgeOptOut.includes(kind)
          ? null
          : { kinds: [...current.nudgeOptOut, kind], action: 'nudges.stopped', details: { kind } },
      );
    },

    /** Undoes `stop`; idempotent too. */
    async resumeKind(member: Member, kind: string): Promise<Member> {
      if (!isNudgeKind(kind)) throw new UserError('error.expired');
      return editOptOut(member, (current) =>
        current.nudgeOptOut.includes(kind)
          ? { kinds: current.nudgeOptOut.filter((k) => k !== kind), action: 'nudges.resumedKind', details: { kind } }
          : null,
      );
    },
  };
}

export type PreferencesService = ReturnType<typeof createPreferencesService>;
