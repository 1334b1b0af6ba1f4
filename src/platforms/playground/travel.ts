import { DateTime } from 'luxon';

/**
 * Where a time travel of `days` lands: that many days later at 12:30 in the community's
 * time zone, when the day's nudges (10:00, outside quiet hours) and the daily post
 * (12:00 by default) are due, so each jump shows what that day brings.
 */
export function travelTarget(now: Date, days: number, timeZone: string): Date {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let target = local.plus({ days }).set({ hour: 12, minute: 30, second: 0, millisecond: 0 });
  if (target.toMillis() <= now.getTime()) target = target.plus({ days: 1 });
  return target.toJSDate();
}
