import { translator } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import { quote } from '../matching/messages.ts';
import { dm, enqueue } from '../matching/notify.ts';
import { lockedMembers } from '../matching/locked-members.ts';
import { mention } from '../reply-parts.ts';
import type { Message } from '../reply-model.ts';
import type { Repositories, Store } from '../store.ts';
import { dayIn } from './days.ts';
import type { Feedback } from './feedback-form.ts';
import { pairAction } from './pair-actions-ids.ts';
import type { NudgedPair } from './pair-ports.ts';
import { dayMs, formatDay, tOf } from './pair-messages.ts';
import { programEndOf } from './program-end.ts';

interface Acting {
  repos: Repositories;
  pair: NudgedPair;
  me: Member;
  other: Member;
  now: Date;
}

/**
 * What the members of a pair answer to its nudges: still in touch, pause, resume, end,
 * extend, close, feedback, a public thank-you. Each runs in one transaction with both
 * members locked (the matching service's order), reads the pair again, and changes it
 * only from the state it expects, so a double click or both members clicking at once
 * do it once. Only the pair's own members may act.
 */
export function createPairService({ store, clock }: { store: Store; clock: Clock }) {
  function act<T>(
    community: Community,
    member: Member,
    pairId: string,
    work: (acting: Acting) => Promise<T>,
  ): Promise<T> {
    return store.transaction(async (repos) => {
      const seen = await repos.pairNudges.getPair(pairId);
      if (!seen || seen.communityId !== community.id) throw new UserError('error.expired');
      if (member.id !== seen.menteeId && member.id !== seen.mentorId) throw new UserError('nudge.pair.notYours');
      const locked = lockedMembers(repos, await repos.matching.lockMembers([seen.menteeId, seen.mentorId]));
      const pair = (await repos.pairNudges.getPair(pairId)) as NudgedPair;
      const [me, other] = await Promise.all([
        locked(member.id),
        locked(member.id === pair.menteeId ? pair.mentorId : pair.menteeId),
      ]);
      return work({ repos, pair, me, other, now: clock.now() });
    });
  }

  const audit = (
    repos: Repositories,
    community: Community,
    actor: Member,
    action: string,
    pair: NudgedPair,
    details: Record<string, unknown> = {},
  ) =>
    repos.auditLog.record({
      communityId: community.id,
      actorId: actor.id,
      action,
      targetType: 'pair',
      targetId: pair.id,
      details,
    });

  const tell = (repos: Repositories, community: Community, now: Date, key: string, to: Member, message: Message) =>
    enqueue(repos, community, now, key, dm(to), message);

  /** The mentee's message at the close, with the public thank-you button when there is a channel for it. */
  function closedForMentee(community: Community, pairId: string, mentee: Member, mentor: Member): Message {
    const t = tOf(mentee, community);
    const text = t('nudge.programEnd.closedMentee', { partner: mention(mentor.externalUserId) });
    if (!community.settings.channels.announcements) return { text };
    return {
      text,
      blocks: [
        { type: 'text', text },
        {
          type: 'actions',
          elements: [
            { type: 'button', action: pairAction.thank(community.id, pairId), label: t('nudge.programEnd.thank') },
          ],
        },
      ],
    };
  }

  const untilDay = (community: Community, member: Member, pair: Pick<NudgedPair, 'startedAt' | 'extendedMonths'>) =>
    formatDay(member, community, dayIn(programEndOf(community, pair), 'UTC'));

  return {
    /** "We're still in touch": the silence streak ends; the next check-in comes as usual. */
    stay: (community: Community, member: Member, pairId: string) =>
      act(community, member, pairId, async ({ repos, pair, me }) => {
        if (!(await repos.pairNudges.resetSilence(pair.id))) throw new UserError('nudge.pair.notActive');
        await audit(repos, community, me, 'pair.stay', pair, { silentCheckIns: pair.silentCheckIns });
      }),

    /** "Pause us": no more nudges, the mentor's place kept; the other is told. */
    pause: (community: Community, member: Member, pairId: string) =>
      act(community, member, pairId, async ({ repos, pair, me, other, now }) => {
        if (pair.status === 'paused') return;
        if (!(await repos.pairNudges.setPairStatus(pair.id, ['active'], 'paused', now)))
          throw new UserError('nudge.pair.notActive');
        await tell(repos, community, now, `pair.paused:${pair.id}:${now.toISOString()}`, other, {
          text: tOf(other, community)('nudge.pair.pausedForOther', { partner: mention(me.externalUserId) }),
        });
        await audit(repos, community, me, 'pair.paused', pair);
      }),

    /** Back from a pause: the check-ins start again; the other is told. */
    resume: (community: Community, member: Member, pairId: string) =>
      act(community, member, pairId, async ({ repos, pair, me, other, now }) => {
        if (pair.status === 'active') return;
        if (!(await repos.pairNudges.resumePair(pair.id))) throw new UserError('nudge.pair.cannotResume');
        await tell(repos, community, now, `pair.resumed:${pair.id}:${now.toISOString()}`, other, {
          text: tOf(other, community)('nudge.pair.resumed'),
        });
        await audit(repos, community, me, 'pair.resumed', pair);
      }),

    /** Before ending: whether she may end this pair (hers, not ended yet), and with whom. Changes nothing. */
    endable: (community: Community, member: Member, pairId: string) =>
      act(community, member, pairId, async ({ pair, other }) => {
        if (pair.status !== 'active' && pair.status !== 'paused') throw new UserError('nudge.pair.notActive');
        return { partner: other };
      }),

    /** "End the mentoring", confirmed: the pair ends, the mentor's place is free, the other is told kindly. */
    end: (community: Community, member: Member, pairId: string) =>
      act(community, member, pairId, async ({ repos, pair, me, other, now }) => {
        const reason = me.id === pair.menteeId ? 'ended-by-mentee' : 'ended-by-mentor';
        if (!(await repos.pairNudges.setPairStatus(pair.id, ['active', 'paused'], 'ended', now, reason)))
          throw new UserError('nudge.pair.notActive');
        await tell(repos, community, now, `pair.ended:${pair.id}`, other, {
          text: tOf(other, community)('nudge.pair.endedForOther', { partner: mention(me.externalUserId) }),
        });
        await audit(repos, community, me, 'pair.ended', pair, { reason });
        return { partner: other };
      }),

    /**
     * Extends the program by the community's `extendMonths`, once per program end:
     * `expected` is the extension the button was made for, so a second click (or the
     * other member's) finds it done. Both are told the new end.
     */
    extend: (community: Community, member: Member, pairId: string, expected: number) =>
      act(community, member, pairId, async ({ repos, pair, me, other, now }) => {
        if (pair.status !== 'active') throw new UserError('nudge.pair.notActive');
        if (pair.extendedMonths !== expected)
          return { already: true, until: untilDay(community, me, pair), partner: other };
        // A day early is fine (her day may begin before the end day in UTC); months early is not.
        if (programEndOf(community, pair).getTime() > now.getTime() + dayMs)
          throw new UserError('nudge.programEnd.notYet', { date: untilDay(community, me, pair) });
        const months = community.settings.nudges.extendMonths;
        if (!(await repos.pairNudges.extendPair(pair.id, expected, months)))
          throw new UserError('nudge.pair.notActive');
        const extended = { ...pair, extendedMonths: expected + months };
        await tell(repos, community, now, `pair.extended:${pair.id}:${extended.extendedMonths}`, other, {
          text: tOf(other, community)('nudge.programEnd.extended', {
            partner: mention(me.externalUserId),
            date: untilDay(community, other, extended),
          }),
        });
        await audit(repos, community, me, 'pair.extended', pair, { months, extendedMonths: extended.extendedMonths });
        return { already: false, until: untilDay(community, me, extended), partner: other };
      }),

    /** Closes the pair at the program's end: the mentor's place is free; the mentee may thank her publicly. */
    close: (community: Community, member: Member, pairId: string) =>
      act(community, member, pairId, async ({ repos, pair, me, other, now }) => {
        if (!(await repos.pairNudges.setPairStatus(pair.id, ['active', 'paused'], 'ended', now, 'program-end')))
          throw new UserError('nudge.pair.notActive');
        const [mentee, mentor] = me.id === pair.menteeId ? [me, other] : [other, me];
        const messages = {
          mentee: closedForMentee(community, pair.id, mentee, mentor),
          mentor: {
            text: tOf(mentor, community)('nudge.programEnd.closedMentor', { partner: mention(mentee.externalUserId) }),
          },
        };
        await tell(
          repos,
          community,
          now,
          `pair.closed:${pair.id}`,
          other,
          other.id === mentee.id ? messages.mentee : messages.mentor,
        );
        await audit(repos, community, me, 'pair.closed', pair);
        return me.id === mentee.id ? messages.mentee : messages.mentor;
      }),

    /** Her feedback, once per member and pair (a second one is refused kindly). */
    feedback: (community: Community, member: Member, pairId: string, feedback: Feedback) =>
      act(community, member, pairId, async ({ repos, pair, me }) => {
        const saved = await repos.pairNudges.saveFeedback({ pairId: pair.id, memberId: me.id, ...feedback });
        if (saved)
          await audit(repos, community, me, 'program.feedback', pair, {
            rating: feedback.rating,
            wouldRecommend: feedback.wouldRecommend,
          });
        return saved;
      }),

    /** The mentee's public thank-you, once, in the announcements channel; her words are member text. */
    thank: (community: Community, member: Member, pairId: string, words: string | null) =>
      act(community, member, pairId, async ({ repos, pair, me, other, now }) => {
        const channel = community.settings.channels.announcements;
        if (!channel) throw new UserError('nudge.thanks.noChannel');
        if (me.id !== pair.menteeId || pair.status !== 'ended') throw new UserError('error.expired');
        const t = tOf(me, community);
        const text = [
          translator(community.locale)('nudge.thanks.post', {
            mentor: mention(other.externalUserId),
            mentee: mention(me.externalUserId),
          }),
          ...(words ? [quote(words)] : []),
        ].join('\n');
        await enqueue(
          repos,
          community,
          now,
          `program.thanks:${pair.id}`,
          { kind: 'channel', channelId: channel },
          { text },
        );
        await audit(repos, community, me, 'program.thanks', pair);
        return t('nudge.thanks.done', { channel: `<#${channel}>` });
      }),
  };
}

export type PairService = ReturnType<typeof createPairService>;
