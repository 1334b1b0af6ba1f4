import { DateTime } from 'luxon';
import { isTimeZone } from '../time-zone.ts';

/** A calendar day as stored and compared: 'YYYY-MM-DD'. */
export type Day = string;

/** Her zone when it is a real one, else the community's (a bad value must not stop her nudges). */
export function zoneOf(memberZone: string | null | undefined, communityZone: string): string {
  return memberZone && isTimeZone(memberZone) ? memberZone : communityZone;
}

/** The calendar day it is at `at` in `zone`. */
export function localDay(at: Date, zone: string): Day {
  return DateTime.fromJSDate(at, { zone }).toISODate() as Day;
}

/** `day` plus `days` calendar days. */
export function addDays(day: Day, days: number): Day {
  return DateTime.fromISO(day, { zone: 'UTC' }).plus({ days }).toISODate() as Day;
}

/**
 * That day at that local time in `zone`, built from the wall clock rather than by adding
 * hours to midnight, so 10:00 stays 10:00 on the days the clocks change. A time the
 * spring change skips (02:30 in Paris) moves forward to the first one that exists.
 */
export function atLocalTime(day: Day, minutes: number, zone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return DateTime.fromObject(
    { year, month, day: date, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { zone },
  ).toJSDate();
}

/** Minutes since local midnight at `at` in `zone`. */
export function localMinutes(at: Date, zone: string): number {
  const local = DateTime.fromJSDate(at, { zone });
  return local.hour * 60 + local.minute;
}

/**
 * When the quiet hours around `at` end, or null when `at` is outside them. `from` ≥ `to`
 * spans midnight (21:00–08:00); `from` = `to` means no quiet hours at all.
 */
export function quietHoursEnd(at: Date, zone: string, from: number, to: number): Date | null {
  if (from === to) return null;
  const now = localMinutes(at, zone);
  const today = localDay(at, zone);
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return null;
  // Before midnight in a span that crosses it: the quiet hours end tomorrow morning.
  const endDay = from > to && now >= from ? addDays(today, 1) : today;
  return atLocalTime(endDay, to, zone);
}
