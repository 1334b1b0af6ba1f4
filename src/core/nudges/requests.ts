import { scopedActionId } from '../action-ids.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import { createMatchingService } from '../matching/matching-service.ts';
import { quote } from '../matching/messages.ts';
import type { MentorshipRequest } from '../matching/ports.ts';
import { mention } from '../reply-parts.ts';
import type { Message } from '../reply-model.ts';
import type { Repositories } from '../store.ts';
import type { DueNudge, NudgeSource } from './due.ts';
import { addDays, dayIn, hasBegun, zoneOf } from './days.ts';
import { catchUpDays, dayMs, formatDay, membersById, tOf } from './pair-messages.ts';

/** How many new suggestions the expiry message names. */
const suggestionsShown = 3;

/** The reminder to the mentor: the request again, with the same answers as its first DM. */
function reminder(community: Community, mentor: Member, mentee: Member, request: MentorshipRequest): Message {
  const t = tOf(mentor, community);
  const sent = formatDay(mentor, community, dayIn(request.createdAt, zoneOf(mentor, community)));
  const text = [
    t('nudge.requestReminder.text', { mentee: mention(mentee.externalUserId), date: sent }),
    ...(request.message ? [quote(request.message)] : []),
  ].join('\n');
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action: scopedActionId(community.id, 'requests', 'offer', request.id),
            label: t('match.request.offer'),
            style: 'success',
          },
          {
            type: 'button',
            action: scopedActionId(community.id, 'requests', 'decline', request.id),
            label: t('match.request.decline'),
          },
        ],
      },
    ],
  };
}

/** To the mentor: a request still pending `requestReminderDays` after it came, once, while it can still be answered. */
export const requestReminderSource: NudgeSource = {
  kind: 'requestReminder',
  async collect({ repos, community, now }) {
    const days = community.settings.nudges.requestReminderDays;
    const waiting = await repos.pairNudges.waitingRequests(
      community.id,
      {
        from: new Date(now.getTime() - (days + catchUpDays + 1) * dayMs),
        to: new Date(now.getTime() - (days - 1) * dayMs),
      },
      now,
    );
    const people = await membersById(
      repos,
      waiting.flatMap((r) => [r.menteeId, r.mentorId]),
    );
    const due: DueNudge[] = [];
    for (const request of waiting) {
      const [mentor, mentee] = [people.get(request.mentorId), people.get(request.menteeId)];
      if (!mentor || !mentee) continue;
      const day = addDays(dayIn(request.createdAt, zoneOf(mentor, community)), days);
      if (!hasBegun(day, mentor, community, now)) continue;
      due.push({
        kind: 'requestReminder',
        key: `request.reminder:${request.id}`,
        to: { member: mentor },
        due: { day },
        message: reminder(community, mentor, mentee, request),
      });
    }
    return due;
  },
};

/** The matching service over these repositories, at this tick's time: one suggestion logic for both, one mentor pool per tick. */
const tickMatching = (repos: Repositories, now: Date) =>
  createMatchingService({ store: { ...repos, transaction: (work) => work(repos) }, clock: { now: () => now } });

/** Her best mentors now, as the `mentors` command computes them, without the one who did not answer. */
async function newSuggestions(
  matching: ReturnType<typeof tickMatching>,
  community: Community,
  mentee: Member,
  request: MentorshipRequest,
): Promise<Member[]> {
  try {
    const view = await matching.menteeView(community, mentee);
    return view.suggestions
      .filter((s) => s.memberId !== request.mentorId)
      .slice(0, suggestionsShown)
      .map((s) => s.member);
  } catch (error) {
    // She paused or is no longer a mentee: the kind words alone.
    if (error instanceof UserError) return [];
    throw error;
  }
}

/**
 * Closes as `expired` every pending or offered request past due (one guarded UPDATE, so
 * a mentee choosing that very offer either wins before it or finds it expired), then
 * tells each mentee whose request expired, kindly, with new suggestions. The mentor is
 * not bothered. Telling reads the state, not what this tick expired: a tick that died
 * between the two steps is caught up by the next.
 */
export const requestExpiredSource: NudgeSource = {
  kind: 'requestExpired',
  async collect({ repos, community, now }) {
    await repos.pairNudges.expireDue(community.id, now);
    const expired = await repos.pairNudges.expiredToTell(community.id, {
      from: new Date(now.getTime() - catchUpDays * dayMs),
      to: now,
    });
    const people = await membersById(
      repos,
      expired.flatMap((r) => [r.menteeId, r.mentorId]),
    );
    const due: DueNudge[] = [];
    const matching = tickMatching(repos, now);
    for (const request of expired) {
      const [mentee, mentor] = [people.get(request.menteeId), people.get(request.mentorId)];
      const key = `request.expired:${request.id}`;
      // Already queued: no need to compute her suggestions again on every tick.
      if (!mentee || !mentor || (await repos.outbox.get(community.id, key))) continue;
      const t = tOf(mentee, community);
      const mentors = await newSuggestions(matching, community, mentee, request);
      const text = [
        t('nudge.requestExpired.text', { mentor: mention(mentor.externalUserId) }),
        ...(mentors.length > 0
          ? [
              t('nudge.requestExpired.suggestions', {
                mentors: mentors.map((m) => mention(m.externalUserId)).join(', '),
              }),
            ]
          : []),
        t('nudge.requestExpired.hint'),
      ].join('\n');
      due.push({
        kind: 'requestExpired',
        key,
        to: { member: mentee },
        due: { day: dayIn(request.expiresAt, zoneOf(mentee, community)) },
        message: { text },
      });
    }
    return due;
  },
};
