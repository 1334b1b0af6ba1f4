import { DateTime } from 'luxon';
import type { Community, Member } from '../community.ts';
import { addDays, localDay, zoneOf as zoneNamed } from './local-time.ts';

/** Calendar days (YYYY-MM-DD) as the pair and request nudges count them, on the scheduler's own local-time rules. */
export { addDays };

/** Her time zone (when it is a real one), or the community's: the same zone the scheduler's rules use. */
export const zoneOf = (member: Member, community: Community) => zoneNamed(member.timeZone, community.timeZone);

/** The calendar day `at` falls on in `zone`. */
export const dayIn = localDay;

/** Whether `day` has begun where she lives: a nudge due that day may be queued (the scheduler then waits for her hour). */
export const hasBegun = (day: string, member: Member, community: Community, now: Date) =>
  day <= dayIn(now, zoneOf(member, community));

/** `months` after `start`, calendar months in UTC (31 January + 1 month is 28 or 29 February). */
export const plusMonths = (start: Date, months: number): Date =>
  DateTime.fromJSDate(start, { zone: 'utc' }).plus({ months }).toJSDate();
