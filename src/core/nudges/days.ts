import { DateTime } from 'luxon';
import type { Community, Member } from '../community.ts';

/** Calendar days (YYYY-MM-DD) as the pair and request nudges count them. */

/** Her time zone, or the community's when she gave none. */
export const zoneOf = (member: Member, community: Community) => member.timeZone ?? community.timeZone;

/** The calendar day `at` falls on in `zone`. */
export const dayIn = (at: Date, zone: string): string => DateTime.fromJSDate(at, { zone }).toISODate() ?? at.toISOString().slice(0, 10);

export const addDays = (day: string, days: number): string => DateTime.fromISO(day, { zone: 'utc' }).plus({ days }).toISODate() as string;

/** Whether `day` has begun where she lives: a nudge due that day may be queued (the scheduler then waits for her hour). */
export const hasBegun = (day: string, member: Member, community: Community, now: Date) => day <= dayIn(now, zoneOf(member, community));

/** `months` after `start`, calendar months in UTC (31 January + 1 month is 28 or 29 February). */
export const plusMonths = (start: Date, months: number): Date => DateTime.fromJSDate(start, { zone: 'utc' }).plus({ months }).toJSDate();
