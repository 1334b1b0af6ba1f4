import { z } from 'zod';

/**
 * Every kind of nudge. A member can turn each kind off (profile, or the one-click "stop"
 * on the nudge itself); an admin can turn each kind off for the whole community.
 */
export const nudgeKinds = [
  /** "Did you manage to meet?" to both members of a pair, every N weeks. */
  'checkin',
  /** To the mentor: a check-in nobody answered, a few days later. */
  'checkinReminder',
  /** A week after "not yet": shall we try again? */
  'notYetReminder',
  /** To the mentor: a request has been waiting for her answer for a few days. */
  'requestReminder',
  /** To the mentee: a request expired, with new suggestions. */
  'requestExpired',
  /** A pair silent for several check-ins in a row: stay in touch / pause / end. */
  'ghost',
  /** Program end: feedback, extend or close. */
  'programEnd',
  /** Reminders admins set for the community (a channel post). */
  'communityReminder',
  /** Another member's challenge to share a post (turned off: nobody can challenge her). */
  'challenge',
] as const;

export type NudgeKind = (typeof nudgeKinds)[number];

export const isNudgeKind = (value: string): value is NudgeKind => (nudgeKinds as readonly string[]).includes(value);

const minutes = z
  .number()
  .int()
  .min(0)
  .max(24 * 60 - 1);

/** A community's nudges: stored in its settings (communitySettingsSchema.nudges). */
export const nudgeSettingsSchema = z
  .object({
    /** Kinds the community turned off. */
    disabled: z.array(z.enum(nudgeKinds)).default([]),
    /** Local hour (in each member's time zone) at which a nudge due on a day is sent. */
    hour: z.number().int().min(0).max(23).default(10),
    /** Default quiet hours of members who set none (minutes from midnight). */
    quietFrom: minutes.default(21 * 60),
    quietTo: minutes.default(8 * 60),
    checkinWeeks: z.number().int().min(1).max(26).default(3),
    /** Days after a check-in nobody answered before the mentor is reminded. */
    checkinReminderDays: z.number().int().min(1).max(14).default(3),
    notYetReminderDays: z.number().int().min(1).max(30).default(7),
    /** Days a request waits before its mentor is reminded (once). */
    requestReminderDays: z.number().int().min(1).max(30).default(3),
    /** Silent check-ins in a row before the "still in touch?" message. */
    ghostAfter: z.number().int().min(2).max(10).default(3),
    programMonths: z.number().int().min(1).max(24).default(6),
    /** Months one "extend" adds at the program's end. */
    extendMonths: z.number().int().min(1).max(12).default(3),
  })
  .prefault({});

export type NudgeSettings = z.output<typeof nudgeSettingsSchema>;
