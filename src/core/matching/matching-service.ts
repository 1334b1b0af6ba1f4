import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import type { Profile } from '../onboarding/profile.ts';
import { spaceLinkToken } from '../outbox.ts';
import { mention } from '../reply-parts.ts';
import type { Repositories, Store } from '../store.ts';
import { runCohortRound, type CohortRoundOptions } from './cohort-round.ts';
import { offerReceived, pairWelcome, requestReceived, simpleMessage } from './messages.ts';
import { auditRequest, dm, enqueue } from './notify.ts';
import type { MentorshipRequest, Pair } from './ports.ts';
import { closePost, publishRequest } from './posts.ts';
import { createMentorPools, type Suggestion } from './mentor-pool.ts';
import { isMentee } from './profiles.ts';
import { lockedMembers } from './locked-members.ts';
import {
  checkedMentee,
  closedForMentor,
  isOpen,
  mayVolunteer,
  menteeProfile,
  mentorFor,
  mentorWithRoom,
  notChoosable,
} from './rules.ts';

const day = 24 * 60 * 60 * 1000;

export type { Suggestion };

export interface MenteeView {
  pair: Pair | null;
  requests: MentorshipRequest[];
  suggestions: Suggestion[];
}

/**
 * Requests, offers and pairs. Concurrency: every action on a request first locks both
 * its members, always in the same order (lockMembers sorts), then reads the request
 * again and checks every transition it makes; pausing or leaving locks the member. So
 * offer, decline, volunteer, choose and pause on the same people come one after the
 * other, each seeing what the previous one did, and the unique indexes (one active
 * pair per mentee, one open request per mentee and mentor) back this up.
 */
export function createMatchingService({
  store,
  clock,
  poolRecheckMs,
}: {
  store: Store;
  clock: Clock;
  poolRecheckMs?: number;
}) {
  const pools = createMentorPools({ clock, ...(poolRecheckMs !== undefined ? { recheckMs: poolRecheckMs } : {}) });

  /**
   * Locks both members of a request, then reads it again: what it is now, not what the
   * click saw. It must be this community's and have `who` on its `side`, or the click is
   * expired. `member` reads either of them as locked, without asking the database again.
   */
  async function lockRequest(
    repos: Repositories,
    community: Community,
    requestId: string,
    side: 'menteeId' | 'mentorId',
    who: Member,
  ) {
    const seen = await repos.matching.getRequest(requestId);
    if (!seen) throw new UserError('error.expired');
    const member = lockedMembers(repos, await repos.matching.lockMembers([seen.menteeId, seen.mentorId]));
    const request = await repos.matching.getRequest(requestId);
    if (!request || request[side] !== who.id || request.communityId !== community.id)
      throw new UserError('error.expired');
    return { request, member };
  }

  /** Null when an open request between them exists (only possible for a caller without the locks). */
  async function openRequest(
    repos: Repositories,
    community: Community,
    mentee: Member,
    mentor: Member,
    init: { message: string | null; volunteered: boolean },
    now: Date,
  ) {
    // A past-due request still holds the one-open-request index: close it as expired first.
    await repos.matching.expireStale(mentee.id, mentor.id, now);
    return repos.matching.createRequest({
      communityId: community.id,
      menteeId: mentee.id,
      mentorId: mentor.id,
      status: init.volunteered ? 'offered' : 'pending',
      message: init.message,
      volunteered: init.volunteered,
      expiresAt: new Date(now.getTime() + community.settings.matching.requestExpiryDays * day),
      createdAt: now,
    });
  }

  /** The pair's private space and the messages around it, with links once it exists. */
  async function openSpace(
    repos: Repositories,
    community: Community,
    pair: Pair,
    mentee: Member,
    mentor: Member,
    now: Date,
  ) {
    const space = `pair.space:${pair.id}`;
    const parent = community.settings.channels.matching;
    const welcome = pairWelcome(community, mentee, mentor);
    if (community.platform === 'discord' && !parent) {
      // A private thread needs a parent channel; without a matching channel, each gets the welcome by DM: no link to give.
      await enqueue(
        repos,
        community,
        now,
        `pair.chosen:${pair.id}`,
        dm(mentor),
        simpleMessage(community, mentor, 'match.chosen', { mentee: mention(mentee.externalUserId) }),
      );
      await enqueue(repos, community, now, `${space}:mentee`, dm(mentee), welcome);
      await enqueue(repos, community, now, `${space}:mentor`, dm(mentor), welcome);
      return;
    }
    const name = `${mentee.displayName ?? 'filleule'} & ${mentor.displayName ?? 'marraine'}`;
    await enqueue(
      repos,
      community,
      now,
      space,
      {
        kind: 'group',
        userIds: [mentee.externalUserId, mentor.externalUserId],
        ...(parent ? { parentChannelId: parent } : {}),
        name,
      },
      welcome,
    );
    // Sent once the space exists, each with a link to it.
    const link = { space: spaceLinkToken };
    await enqueue(
      repos,
      community,
      now,
      `pair.chosen:${pair.id}`,
      dm(mentor),
      simpleMessage(community, mentor, 'match.chosenSpace', { mentee: mention(mentee.externalUserId), ...link }),
      space,
    );
    await enqueue(
      repos,
      community,
      now,
      `pair.ready:${pair.id}`,
      dm(mentee),
      simpleMessage(community, mentee, 'match.spaceReady', { mentor: mention(mentor.externalUserId), ...link }),
      space,
    );
  }

  return {
    /** What `mentors` shows her: her mentor if she has one, her open requests and offers, suggestions. */
    async menteeView(community: Community, mentee: Member): Promise<MenteeView> {
      const { profile, pair, requests, excluded } = await store.matching.menteeState(mentee.id, clock.now());
      const me = checkedMentee(profile, mentee);
      if (pair) return { pair, requests: [], suggestions: [] };
      // Her best mentors now: capacity, exclusions, and those she already asked, taken into account.
      for (const request of requests) excluded.add(request.mentorId);
      return {
        pair,
        requests,
        suggestions: await pools.suggest(store, community, me, community.settings.matching.suggestions, excluded),
      };
    },

    /** She asks a mentor to accompany her; the mentor hears of it by DM. */
    async request(
      community: Community,
      mentee: Member,
      mentorId: string,
      message: string | null,
    ): Promise<MentorshipRequest> {
      return store.transaction(async (repos) => {
        // Locked before it is known to be of this community: a refusal rolls back, and the lock with it.
        const locked = lockedMembers(repos, await repos.matching.lockMembers([mentee.id, mentorId]));
        const [me, mentor] = [await locked(mentee.id), await locked(mentorId)];
        if (mentor.communityId !== community.id) throw new UserError('match.error.notAvailable');
        const profile = await menteeProfile(repos, me);
        if (await repos.matching.activePairOf(me.id)) throw new UserError('match.error.alreadyPaired');
        const now = clock.now();
        const open = await repos.matching.openRequestsOf(me.id, now);
        const already = { mentor: mention(mentor.externalUserId) };
        if (open.some((r) => r.mentorId === mentorId)) throw new UserError('match.error.alreadyAsked', already);
        if (open.length >= community.settings.matching.maxOpenRequests) {
          throw new UserError('match.error.tooManyRequests', { count: community.settings.matching.maxOpenRequests });
        }
        await mentorFor(repos, me, profile, mentor);
        const request = await openRequest(
          repos,
          community,
          me,
          mentor,
          { message: message?.trim() || null, volunteered: false },
          now,
        );
        if (!request) throw new UserError('match.error.alreadyAsked', already);
        await enqueue(
          repos,
          community,
          now,
          `request.received:${request.id}`,
          dm(mentor),
          requestReceived(community, mentor, me, request.id, request.message),
        );
        await auditRequest(repos, community, me, 'request.sent', request.id, { mentorId });
        return request;
      });
    },

    /** Requests waiting for this mentor's answer. */
    incoming: (mentor: Member) => store.matching.openRequestsTo(mentor.id, clock.now()),

    /** The mentor offers to accompany her; she is told and may choose this offer. */
    async offer(community: Community, mentor: Member, requestId: string): Promise<MentorshipRequest> {
      return store.transaction(async (repos) => {
        const { request, member } = await lockRequest(repos, community, requestId, 'mentorId', mentor);
        const now = clock.now();
        if (request.status === 'offered' && isOpen(request, now)) return request; // a second click changes nothing
        if (request.status !== 'pending' || !isOpen(request, now)) throw await closedForMentor(repos, request, now);
        await mentorWithRoom(repos, await member(mentor.id));
        if (!(await repos.matching.transition(request.id, ['pending'], 'offered', now)))
          throw new UserError('match.error.requestClosed');
        const mentee = await member(request.menteeId);
        await enqueue(
          repos,
          community,
          now,
          `request.offered:${request.id}`,
          dm(mentee),
          offerReceived(community, mentee, mentor, request.id),
        );
        await auditRequest(repos, community, mentor, 'request.offered', request.id, { menteeId: mentee.id });
        return { ...request, status: 'offered' };
      });
    },

    /** The mentor declines; the reason stays private (audit log), she is told kindly. */
    async decline(community: Community, mentor: Member, requestId: string, reason: string | null): Promise<void> {
      await store.transaction(async (repos) => {
        const { request, member } = await lockRequest(repos, community, requestId, 'mentorId', mentor);
        if (request.status === 'declined') return;
        const now = clock.now();
        if (!isOpen(request, now)) throw await closedForMentor(repos, request, now);
        const why = reason?.trim() || null;
        if (
          !(await repos.matching.transition(request.id, ['pending', 'offered'], 'declined', now, {
            declineReason: why,
          }))
        )
          throw new UserError('match.error.requestClosed');
        const mentee = await member(request.menteeId);
        await enqueue(
          repos,
          community,
          now,
          `request.declined:${request.id}`,
          dm(mentee),
          simpleMessage(community, mentee, 'match.declined', { mentor: mention(mentor.externalUserId) }),
        );
        await auditRequest(repos, community, mentor, 'request.declined', request.id, {
          menteeId: mentee.id,
          reason: why,
        });
      });
    },

    /**
     * She chooses among the mentors who offered. In one transaction: the pair, her other
     * requests cancelled (those mentors told kindly), her post closed, the mentor's
     * capacity taken, and the pair's private space opened.
     */
    async choose(
      community: Community,
      mentee: Member,
      requestId: string,
    ): Promise<{ pair: Pair; mentor: Member; already: boolean }> {
      const outcome = await store.transaction(async (repos) => {
        const { request, member } = await lockRequest(repos, community, requestId, 'menteeId', mentee);
        const mentor = await member(request.mentorId);
        const existing = await repos.matching.pairForRequest(request.id);
        if (existing) return { pair: existing, mentor, already: true } as const;
        if (await repos.matching.activePairOf(mentee.id)) throw new UserError('match.error.alreadyPaired');
        const now = clock.now();
        if (request.status !== 'offered' || !isOpen(request, now)) throw notChoosable(request, mentor, now);
        const capacity = (await repos.profiles.get(mentor.id))?.answers.capacity ?? 1;
        if (mentor.status !== 'active' || (await repos.matching.activePairCount(mentor.id)) >= capacity) {
          // Her room went to someone else meanwhile: say so, and close this offer.
          await repos.matching.transition(request.id, ['offered'], 'cancelled', now);
          await auditRequest(repos, community, null, 'request.cancelled', request.id, { why: 'mentor-full' });
          return { full: mentor } as const;
        }
        if (!(await repos.matching.transition(request.id, ['offered'], 'accepted', now)))
          throw notChoosable(request, mentor, now);
        const pair = await repos.matching.createPair({
          communityId: community.id,
          menteeId: mentee.id,
          mentorId: mentor.id,
          requestId: request.id,
          startedAt: now,
        });
        if (!pair) throw new UserError('match.error.alreadyPaired');
        for (const other of await repos.matching.openRequestsOf(mentee.id, now)) {
          if (!(await repos.matching.transition(other.id, ['pending', 'offered'], 'cancelled', now))) continue;
          const otherMentor = await repos.members.get(other.mentorId);
          await enqueue(
            repos,
            community,
            now,
            `request.cancelled:${other.id}`,
            dm(otherMentor),
            simpleMessage(community, otherMentor, 'match.cancelled', { mentee: mention(mentee.externalUserId) }),
          );
          await auditRequest(repos, community, mentee, 'request.cancelled', other.id, { why: 'chose-another' });
        }
        await closePost(repos, community, mentee, 'found', now);
        await openSpace(repos, community, pair, mentee, mentor, now);
        await repos.auditLog.record({
          communityId: community.id,
          actorId: mentee.id,
          action: 'pair.created',
          targetType: 'pair',
          targetId: pair.id,
          details: { mentorId: mentor.id, requestId: request.id },
        });
        return { pair, mentor, already: false } as const;
      });
      if ('full' in outcome && outcome.full)
        throw new UserError('match.error.full', { mentor: mention(outcome.full.externalUserId) });
      return outcome;
    },

    /**
     * Her request posted in the matching channel, with her consent, so mentors can
     * volunteer. Posting again while her post is open edits it with the new note (see
     * repostAfterMs for an old post).
     */
    async post(community: Community, mentee: Member, note: string | null): Promise<'posted' | 'updated'> {
      const channel = community.settings.channels.matching;
      if (!channel) throw new UserError('match.error.noMatchingChannel');
      return store.transaction(async (repos) => {
        const me = await lockedMembers(repos, await repos.matching.lockMembers([mentee.id]))(mentee.id);
        const profile = await menteeProfile(repos, me);
        if (await repos.matching.activePairOf(me.id)) throw new UserError('match.error.alreadyPaired');
        const outcome = await publishRequest(repos, community, channel, me, profile, note, clock.now());
        await repos.auditLog.record({
          communityId: community.id,
          actorId: me.id,
          action: outcome === 'posted' ? 'request.posted' : 'request.post.updated',
          targetType: 'member',
          targetId: me.id,
        });
        return outcome;
      });
    },

    /** A mentor volunteers on a posted request: it counts as an offer. */
    async volunteer(
      community: Community,
      mentor: Member,
      menteeId: string,
    ): Promise<{ request: MentorshipRequest; already: boolean }> {
      return store.transaction(async (repos) => {
        const seen = await repos.members.get(menteeId);
        if (seen.communityId !== community.id) throw new UserError('error.expired');
        const locked = lockedMembers(repos, await repos.matching.lockMembers([menteeId, mentor.id]));
        const [mentee, me] = [await locked(menteeId), await locked(mentor.id)];
        // Refusals about herself first (not a mentor, paused, full): they hold whoever posted.
        if (mentee.id === me.id) throw new UserError('match.error.ownRequest');
        const mentorProfile = await mentorWithRoom(repos, me);
        const pair = await repos.matching.activePairOf(mentee.id);
        if (pair)
          throw new UserError(pair.mentorId === me.id ? 'match.error.alreadyYours' : 'match.error.menteePaired');
        const profile = await repos.profiles.get(mentee.id);
        if (!isMentee(profile) || mentee.status !== 'active') throw new UserError('match.error.menteeUnavailable');
        await mayVolunteer(repos, mentee, profile as Profile, me, mentorProfile);
        const now = clock.now();
        const open = (await repos.matching.openRequestsOf(mentee.id, now)).find((r) => r.mentorId === me.id);
        if (open?.status === 'offered') return { request: open, already: true };
        let request: MentorshipRequest | null;
        if (open) {
          request = (await repos.matching.transition(open.id, ['pending'], 'offered', now))
            ? { ...open, status: 'offered' }
            : null;
        } else {
          request = await openRequest(repos, community, mentee, me, { message: null, volunteered: true }, now);
        }
        if (!request) throw new UserError('match.error.requestClosed');
        await enqueue(
          repos,
          community,
          now,
          `request.offered:${request.id}`,
          dm(mentee),
          offerReceived(community, mentee, me, request.id),
        );
        await auditRequest(repos, community, me, 'request.volunteered', request.id, { menteeId: mentee.id });
        return { request, already: false };
      });
    },

    cohortRound: (community: Community, admin: Member, options?: CohortRoundOptions) =>
      runCohortRound(store, clock, community, admin, options),
  };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
