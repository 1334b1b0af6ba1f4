import type { DueNudge, NudgeSource } from './due.ts';
import { addDays, dayIn, hasBegun, zoneOf } from './days.ts';
import { bothOf, catchUpDays, dayMs, formatDay, membersById, partnerOf, tOf } from './pair-messages.ts';

/** `checkin.reminder:<check-in id>`: the one reminder of a check-in. */
const reminderKeyPrefix = 'checkin.reminder:';

/**
 * To the mentor: a check-in nobody answered, `checkinReminderDays` after its day, once
 * (the key), and only while it is the pair's latest (a newer one asks again anyway).
 */
export const checkinReminderSource: NudgeSource = {
  kind: 'checkinReminder',
  async collect({ repos, community, now }) {
    const { checkinReminderDays } = community.settings.nudges;
    // Wide enough for every time zone (UTC−12 to UTC+14); each mentor's own day decides below.
    const today = dayIn(now, 'UTC');
    const candidates = await repos.pairNudges.unansweredLatestCheckIns(
      community.id,
      {
        from: addDays(today, -(checkinReminderDays + catchUpDays)),
        to: addDays(today, 1 - checkinReminderDays),
      },
      reminderKeyPrefix,
    );
    const people = await membersById(
      repos,
      candidates.flatMap((c) => [c.pair.menteeId, c.pair.mentorId]),
    );
    const due: DueNudge[] = [];
    for (const checkIn of candidates) {
      const mentor = people.get(checkIn.pair.mentorId);
      const day = addDays(checkIn.dueOn, checkinReminderDays);
      if (!mentor || !hasBegun(day, mentor, community, now)) continue;
      const text = tOf(mentor, community)('nudge.checkinReminder.text', {
        date: formatDay(mentor, community, checkIn.dueOn),
        partner: partnerOf(checkIn.pair, mentor, people),
      });
      due.push({
        kind: 'checkinReminder',
        key: `${reminderKeyPrefix}${checkIn.id}`,
        to: { member: mentor },
        due: { day },
        message: { text },
      });
    }
    return due;
  },
};

/**
 * To both: `notYetReminderDays` after a "not yet", shall we try again? Once each, and
 * not if a meeting was reported since.
 */
export const notYetReminderSource: NudgeSource = {
  kind: 'notYetReminder',
  async collect({ repos, community, now }) {
    const days = community.settings.nudges.notYetReminderDays;
    const candidates = await repos.pairNudges.notYetCheckIns(community.id, {
      from: new Date(now.getTime() - (days + catchUpDays + 1) * dayMs),
      to: new Date(now.getTime() - (days - 1) * dayMs),
    });
    const people = await membersById(
      repos,
      candidates.flatMap((c) => [c.pair.menteeId, c.pair.mentorId]),
    );
    const due: DueNudge[] = [];
    for (const checkIn of candidates) {
      for (const member of bothOf(checkIn.pair, people) ?? []) {
        if (!checkIn.answeredAt) continue;
        const day = addDays(dayIn(checkIn.answeredAt, zoneOf(member, community)), days);
        if (!hasBegun(day, member, community, now)) continue;
        const text = tOf(member, community)('nudge.notYet.text', {
          days,
          partner: partnerOf(checkIn.pair, member, people),
        });
        due.push({
          kind: 'notYetReminder',
          key: `checkin.notyet:${checkIn.id}:${member.id}`,
          to: { member },
          due: { day },
          message: { text },
        });
      }
    }
    return due;
  },
};
