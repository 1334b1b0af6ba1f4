import type { Member } from '../community.ts';
import type { DueNudge, NudgeSource } from '../nudges/due.ts';
import { addDays, localDay } from '../nudges/local-time.ts';
import { circleKeys } from './keys.ts';
import { circleCheckIn, localeOf } from './messages.ts';

const dayMs = 24 * 60 * 60_000;

/**
 * The latest check-in day of a circle at `today`: every `weeks` weeks after its clock (its
 * start, or the last meeting a member reported), as days in the community's time zone;
 * null before the first. Only the latest counts: a bot down for weeks posts one, not a backlog.
 */
export function dueDay(clockDay: string, today: string, weeks: number): { day: string; period: number } | null {
  const elapsed = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${clockDay}T00:00:00Z`)) / dayMs);
  const period = Math.floor(elapsed / (weeks * 7));
  return period >= 1 ? { day: addDays(clockDay, period * weeks * 7), period } : null;
}

/**
 * Every N weeks (the community's check-in rhythm), a check-in posted in each circle's
 * space: a question for the group, a conversation starter, "we met" and "we could use a
 * hand". A circle without a space (Discord without a matching channel) gets it by DM, each
 * member on her own clock. It is of the `checkin` kind: the admins' switch of check-ins
 * holds for circles too, and a circle whose members all turned check-ins off gets none.
 * Two queries per tick whatever the number of circles, and one key per circle and day, so
 * every tick of that day (or a second instance) finds the same nudge.
 */
export const circleCheckinSource: NudgeSource = {
  kind: 'checkin',
  async collect({ repos, community, now }) {
    const targets = await repos.circles.checkInTargets(community.id);
    if (targets.length === 0) return [];
    const { checkinWeeks } = community.settings.nudges;
    const today = localDay(now, community.timeZone);
    const members = new Map(
      (await repos.members.many([...new Set(targets.flatMap((t) => t.memberIds))])).map((m) => [m.id, m]),
    );
    const due: DueNudge[] = [];
    for (const { circle, memberIds, hasSpace, spaceChannelId } of targets) {
      const clock = circle.lastMetAt && circle.lastMetAt > circle.startedAt ? circle.lastMetAt : circle.startedAt;
      const when = dueDay(localDay(clock, community.timeZone), today, checkinWeeks);
      if (!when) continue;
      const asked = memberIds
        .flatMap((id) => members.get(id) ?? [])
        .filter((m: Member) => m.status === 'active' && !m.nudgeOptOut.includes('checkin'));
      if (asked.length === 0) continue;
      if (hasSpace) {
        // Its space is still on its way (or could not be made): the next tick looks again.
        if (!spaceChannelId) continue;
        due.push({
          kind: 'checkin',
          key: circleKeys.checkIn(circle.id, when.day),
          to: { channelId: spaceChannelId },
          due: { day: when.day },
          message: circleCheckIn(community, community.locale, circle, when.period),
        });
        continue;
      }
      for (const member of asked) {
        due.push({
          kind: 'checkin',
          key: circleKeys.checkIn(circle.id, when.day, member.id),
          to: { member },
          due: { day: when.day },
          message: circleCheckIn(community, localeOf(member, community), circle, when.period),
        });
      }
    }
    return due;
  },
};
