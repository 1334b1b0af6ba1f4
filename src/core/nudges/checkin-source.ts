import { DateTime } from 'luxon';
import type { DueNudge, NudgeSource } from './due.ts';
import { checkInKeys, checkInQuestion } from './checkin-messages.ts';

/**
 * The calendar day it already is somewhere on Earth (UTC+14). A check-in row is created
 * once its day has begun in the most advanced time zone; each member then gets it at the
 * nudge hour of that day in her own zone, which the scheduler's rules wait for.
 */
export const latestDayOnEarth = (now: Date) => DateTime.fromJSDate(now).setZone('UTC+14').toISODate() as string;

/**
 * Every N weeks, "did you manage to meet?" to both members of each active pair. Two
 * set-based queries per community whatever the number of pairs: one creates the check-ins
 * now due (only the latest one of a pair, so a bot down for weeks sends one, not a
 * backlog), one reads the open check-ins not yet queued for each member.
 */
export const checkinSource: NudgeSource = {
  kind: 'checkin',
  async collect({ repos, community, now }) {
    const today = latestDayOnEarth(now);
    const { checkinWeeks } = community.settings.nudges;
    await repos.nudges.createDueCheckIns(community, today, checkinWeeks);
    const due: DueNudge[] = [];
    for (const open of await repos.nudges.openCheckIns(community.id, checkInKeys.prefix, {
      today,
      days: checkinWeeks * 7,
    })) {
      for (const [member, partner] of [
        [open.mentee, open.mentor],
        [open.mentor, open.mentee],
      ] as const) {
        // Queued already, or she left or turned check-ins off: nothing to ask the rules.
        if (open.queued.includes(member.id) || member.status !== 'active' || member.nudgeOptOut.includes('checkin'))
          continue;
        due.push({
          kind: 'checkin',
          key: checkInKeys.question(open.checkIn.id, member.id),
          to: { member },
          due: { day: open.checkIn.dueOn },
          message: checkInQuestion(community, member, partner, open.checkIn.id),
        });
      }
    }
    return due;
  },
};
