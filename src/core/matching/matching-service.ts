import type { Clock } from '../clock.ts';
import { mention } from '../replies.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import type { Profile } from '../onboarding/profile.ts';
import type { OutboxTarget } from '../outbox.ts';
import type { Message } from '../reply.ts';
import type { Repositories, Store } from '../store.ts';
import { assignFeatured } from './assignment.ts';
import { offerReceived, pairWelcome, postedRequest, requestReceived, simpleMessage } from './messages.ts';
import type { MentorshipRequest, Pair } from './ports.ts';
import { isMentee, isMentor, toMatchProfile } from './profiles.ts';
import { createMentorPool, speaksWith, suggestMentors, type Scored } from './score.ts';

const day = 24 * 60 * 60 * 1000;
/** Candidates kept per mentee in a cohort round: the assignment chooses among them. */
const roundCandidates = 10;

export interface Suggestion extends Scored {
  member: Member;
  profile: Profile;
}

export interface MenteeView {
  pair: Pair | null;
  requests: MentorshipRequest[];
  suggestions: Suggestion[];
}

export function createMatchingService({ store, clock }: { store: Store; clock: Clock }) {
  async function send(repos: Repositories, community: Community, key: string, target: OutboxTarget, message: Message) {
    await repos.outbox.enqueue({ communityId: community.id, platform: community.platform, key, target, message, availableAt: clock.now() });
  }
  const dm = (member: Member): OutboxTarget => ({ kind: 'dm', userId: member.externalUserId });

  async function audit(repos: Repositories, community: Community, actor: Member | null, action: string, targetId: string, details: Record<string, unknown> = {}) {
    await repos.auditLog.record({ communityId: community.id, actorId: actor?.id ?? null, action, targetType: 'request', targetId, details });
  }

  async function menteeProfile(repos: Repositories, mentee: Member): Promise<Profile> {
    const profile = await repos.profiles.get(mentee.id);
    if (!isMentee(profile)) throw new UserError('match.error.notMentee');
    if (mentee.status !== 'active') throw new UserError('match.error.paused');
    return profile as Profile;
  }

  /** Her best mentors now: capacity, exclusions and open requests taken into account. */
  async function suggestions(repos: Repositories, community: Community, mentee: Member, profile: Profile, limit: number, alsoExclude: Iterable<string> = []) {
    const [mentors, excluded] = await Promise.all([repos.matching.mentors(community.id), repos.matching.excludedFor(mentee.id)]);
    for (const id of alsoExclude) excluded.add(id);
    const loads = new Map(mentors.map((m) => [m.profile.memberId, m.active]));
    const byId = new Map(mentors.map((m) => [m.profile.memberId, m.profile]));
    const scored = suggestMentors(toMatchProfile(profile), mentors.map((m) => toMatchProfile(m.profile)), loads, {
      limit,
      excluded,
      weights: community.settings.matching.weights,
    });
    const members = new Map((await repos.members.many(scored.map((s) => s.memberId))).map((m) => [m.id, m]));
    return scored.map((s) => ({ ...s, member: members.get(s.memberId) as Member, profile: byId.get(s.memberId) as Profile }));
  }

  /** Whether `mentor` may receive a request or an offer from `mentee` now; the reason when not. */
  async function checkMentor(repos: Repositories, mentee: Member, menteeProfile: Profile, mentor: Member) {
    const profile = await repos.profiles.get(mentor.id);
    if (!isMentor(profile) || mentor.status !== 'active' || mentor.id === mentee.id) throw new UserError('match.error.notAvailable');
    if ((await repos.matching.excludedFor(mentee.id)).has(mentor.id)) throw new UserError('match.error.notAvailable');
    if (!speaksWith(toMatchProfile(menteeProfile), toMatchProfile(profile as Profile))) throw new UserError('match.error.notAvailable');
    if ((await repos.matching.activePairCount(mentor.id)) >= (profile?.answers.capacity ?? 1)) throw new UserError('match.error.full', { mentor: mention(mentor.externalUserId) });
    return profile as Profile;
  }

  async function openRequest(repos: Repositories, community: Community, mentee: Member, mentor: Member, init: { message: string | null; volunteered: boolean }) {
    const now = clock.now();
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

  return {
    /** What `mentors` shows her: her mentor if she has one, her open requests and offers, suggestions. */
    async menteeView(community: Community, mentee: Member): Promise<MenteeView> {
      const profile = await menteeProfile(store, mentee);
      const pair = await store.matching.activePairOf(mentee.id);
      if (pair) return { pair, requests: [], suggestions: [] };
      const requests = await store.matching.openRequestsOf(mentee.id, clock.now());
      const pending = requests.map((r) => r.mentorId);
      return { pair, requests, suggestions: await suggestions(store, community, mentee, profile, community.settings.matching.suggestions, pending) };
    },

    /** She asks a mentor to accompany her; the mentor hears of it by DM. */
    async request(community: Community, mentee: Member, mentorId: string, message: string | null): Promise<MentorshipRequest> {
      return store.transaction(async (repos) => {
        await repos.matching.lockMembers([mentee.id]);
        const profile = await menteeProfile(repos, mentee);
        if (await repos.matching.activePairOf(mentee.id)) throw new UserError('match.error.alreadyPaired');
        const mentor = await repos.members.get(mentorId);
        if (mentor.communityId !== community.id) throw new UserError('match.error.notAvailable');
        const open = await repos.matching.openRequestsOf(mentee.id, clock.now());
        if (open.some((r) => r.mentorId === mentorId)) throw new UserError('match.error.alreadyAsked', { mentor: mention(mentor.externalUserId) });
        if (open.length >= community.settings.matching.maxOpenRequests) {
          throw new UserError('match.error.tooManyRequests', { count: community.settings.matching.maxOpenRequests });
        }
        await checkMentor(repos, mentee, profile, mentor);
        const request = await openRequest(repos, community, mentee, mentor, { message: message?.trim() || null, volunteered: false });
        await send(repos, community, `request.received:${request.id}`, dm(mentor), requestReceived(community, mentor, mentee, request.id, request.message));
        await audit(repos, community, mentee, 'request.sent', request.id, { mentorId });
        return request;
      });
    },

    /** Requests waiting for this mentor's answer. */
    incoming: (mentor: Member) => store.matching.openRequestsTo(mentor.id, clock.now()),

    /** The mentor offers to accompany her; she is told and may choose this offer. */
    async offer(community: Community, mentor: Member, requestId: string): Promise<MentorshipRequest> {
      return store.transaction(async (repos) => {
        const request = await repos.matching.getRequest(requestId);
        if (!request || request.mentorId !== mentor.id || request.communityId !== community.id) throw new UserError('error.expired');
        if (request.status === 'offered') return request; // a second click changes nothing
        if (request.status !== 'pending' || request.expiresAt <= clock.now()) throw new UserError('match.error.requestClosed');
        const mentee = await repos.members.get(request.menteeId);
        const capacity = (await repos.profiles.get(mentor.id))?.answers.capacity ?? 1;
        if ((await repos.matching.activePairCount(mentor.id)) >= capacity) throw new UserError('match.error.youAreFull');
        if (!(await repos.matching.transition(request.id, ['pending'], 'offered', clock.now()))) throw new UserError('match.error.requestClosed');
        await send(repos, community, `request.offered:${request.id}`, dm(mentee), offerReceived(community, mentee, mentor, request.id));
        await audit(repos, community, mentor, 'request.offered', request.id, { menteeId: mentee.id });
        return { ...request, status: 'offered' };
      });
    },

    /** The mentor declines; the reason stays private (audit log), she is told kindly. */
    async decline(community: Community, mentor: Member, requestId: string, reason: string | null): Promise<void> {
      await store.transaction(async (repos) => {
        const request = await repos.matching.getRequest(requestId);
        if (!request || request.mentorId !== mentor.id || request.communityId !== community.id) throw new UserError('error.expired');
        if (request.status === 'declined') return;
        if (!(await repos.matching.transition(request.id, ['pending', 'offered'], 'declined', clock.now(), { declineReason: reason?.trim() || null }))) {
          throw new UserError('match.error.requestClosed');
        }
        const mentee = await repos.members.get(request.menteeId);
        await send(repos, community, `request.declined:${request.id}`, dm(mentee), simpleMessage(community, mentee, 'match.declined', { mentor: mention(mentor.externalUserId) }));
        await audit(repos, community, mentor, 'request.declined', request.id, { menteeId: mentee.id, reason: reason?.trim() || null });
      });
    },

    /**
     * She chooses among the mentors who offered. In one transaction: the pair, her other
     * requests cancelled (those mentors told kindly), the mentor's capacity taken, and
     * the pair's private space opened. Locks on both members make concurrent choices,
     * offers and double clicks come out as one outcome.
     */
    async choose(community: Community, mentee: Member, requestId: string): Promise<{ pair: Pair; mentor: Member; already: boolean }> {
      const outcome = await store.transaction(async (repos) => {
        const request = await repos.matching.getRequest(requestId);
        if (!request || request.menteeId !== mentee.id || request.communityId !== community.id) throw new UserError('error.expired');
        await repos.matching.lockMembers([mentee.id, request.mentorId]);
        const mentor = await repos.members.get(request.mentorId);
        const existing = await repos.matching.pairForRequest(request.id);
        if (existing) return { pair: existing, mentor, already: true } as const;
        if (await repos.matching.activePairOf(mentee.id)) throw new UserError('match.error.alreadyPaired');
        const current = await repos.matching.getRequest(request.id);
        if (current?.status !== 'offered' || current.expiresAt <= clock.now()) throw new UserError('match.error.notOffered', { mentor: mention(mentor.externalUserId) });
        const capacity = (await repos.profiles.get(mentor.id))?.answers.capacity ?? 1;
        if (mentor.status !== 'active' || (await repos.matching.activePairCount(mentor.id)) >= capacity) {
          // Her room went to someone else meanwhile: say so, and close this offer.
          await repos.matching.transition(request.id, ['offered'], 'cancelled', clock.now());
          await audit(repos, community, null, 'request.cancelled', request.id, { why: 'mentor-full' });
          return { full: mentor } as const;
        }
        const now = clock.now();
        await repos.matching.transition(request.id, ['offered'], 'accepted', now);
        const pair = await repos.matching.createPair({ communityId: community.id, menteeId: mentee.id, mentorId: mentor.id, requestId: request.id, startedAt: now });
        for (const other of await repos.matching.openRequestsOf(mentee.id, now)) {
          await repos.matching.transition(other.id, ['pending', 'offered'], 'cancelled', now);
          const otherMentor = await repos.members.get(other.mentorId);
          await send(repos, community, `request.cancelled:${other.id}`, dm(otherMentor), simpleMessage(community, otherMentor, 'match.cancelled', { mentee: mention(mentee.externalUserId) }));
          await audit(repos, community, mentee, 'request.cancelled', other.id, { why: 'chose-another' });
        }
        await send(repos, community, `pair.chosen:${pair.id}`, dm(mentor), simpleMessage(community, mentor, 'match.chosen', { mentee: mention(mentee.externalUserId) }));
        const parent = community.settings.channels.matching;
        const welcome = pairWelcome(community, mentee, mentor);
        if (community.platform === 'discord' && !parent) {
          // A private thread needs a parent channel; without a matching channel, each gets the welcome by DM.
          await send(repos, community, `pair.space:${pair.id}:mentee`, dm(mentee), welcome);
          await send(repos, community, `pair.space:${pair.id}:mentor`, dm(mentor), welcome);
        } else {
          const name = `${mentee.displayName ?? 'filleule'} & ${mentor.displayName ?? 'marraine'}`;
          await send(repos, community, `pair.space:${pair.id}`, { kind: 'group', userIds: [mentee.externalUserId, mentor.externalUserId], ...(parent ? { parentChannelId: parent } : {}), name }, welcome);
        }
        await repos.auditLog.record({ communityId: community.id, actorId: mentee.id, action: 'pair.created', targetType: 'pair', targetId: pair.id, details: { mentorId: mentor.id, requestId: request.id } });
        return { pair, mentor, already: false } as const;
      });
      if ('full' in outcome && outcome.full) throw new UserError('match.error.full', { mentor: mention(outcome.full.externalUserId) });
      return outcome;
    },

    /** Her open request posted in the matching channel, with her consent, so mentors can volunteer. */
    async post(community: Community, mentee: Member, note: string | null): Promise<void> {
      const channel = community.settings.channels.matching;
      if (!channel) throw new UserError('match.error.noMatchingChannel');
      await store.transaction(async (repos) => {
        const profile = await menteeProfile(repos, mentee);
        if (await repos.matching.activePairOf(mentee.id)) throw new UserError('match.error.alreadyPaired');
        const week = Math.floor(clock.now().getTime() / (7 * day));
        await send(repos, community, `request.posted:${mentee.id}:${week}`, { kind: 'channel', channelId: channel }, postedRequest(community, mentee, profile, note));
        await repos.auditLog.record({ communityId: community.id, actorId: mentee.id, action: 'request.posted', targetType: 'member', targetId: mentee.id });
      });
    },

    /** A mentor volunteers on a posted request: it counts as an offer. */
    async volunteer(community: Community, mentor: Member, menteeId: string): Promise<MentorshipRequest> {
      return store.transaction(async (repos) => {
        const mentee = await repos.members.get(menteeId);
        if (mentee.communityId !== community.id) throw new UserError('error.expired');
        await repos.matching.lockMembers([mentee.id]);
        const profile = await menteeProfile(repos, mentee).catch(() => {
          throw new UserError('match.error.menteeGone');
        });
        if (await repos.matching.activePairOf(mentee.id)) throw new UserError('match.error.menteeGone');
        await checkMentor(repos, mentee, profile, mentor);
        const open = (await repos.matching.openRequestsOf(mentee.id, clock.now())).find((r) => r.mentorId === mentor.id);
        let request: MentorshipRequest;
        if (open?.status === 'offered') return open;
        if (open) {
          await repos.matching.transition(open.id, ['pending'], 'offered', clock.now());
          request = { ...open, status: 'offered' };
        } else {
          request = await openRequest(repos, community, mentee, mentor, { message: null, volunteered: true });
        }
        await send(repos, community, `request.offered:${request.id}`, dm(mentee), offerReceived(community, mentee, mentor, request.id));
        await audit(repos, community, mentor, 'request.volunteered', request.id, { menteeId: mentee.id });
        return request;
      });
    },

    /**
     * A cohort round: for every waiting mentee at once, a globally fair featured mentor
     * (respecting each mentor's remaining room) plus her other best suggestions, sent by
     * DM. Suggestions only: nobody is paired by it.
     */
    async cohortRound(community: Community, admin: Member) {
      const started = Date.now();
      const [mentors, mentees, exclusions] = await Promise.all([
        store.matching.mentors(community.id),
        store.matching.waitingMentees(community.id),
        store.matching.exclusions(community.id),
      ]);
      const loads = new Map(mentors.map((m) => [m.profile.memberId, m.active]));
      const pool = createMentorPool(mentors.map((m) => toMatchProfile(m.profile)), loads);
      const { weights, suggestions: shown } = community.settings.matching;
      const none = new Set<string>();
      const perMentee = mentees.map((profile) => ({
        profile,
        best: pool.suggest(toMatchProfile(profile), { limit: Math.max(roundCandidates, shown), excluded: exclusions.get(profile.memberId) ?? none, weights }),
      }));
      const capacity = new Map(mentors.map((m) => [m.profile.memberId, (m.profile.answers.capacity ?? 1) - m.active]));
      const featured = assignFeatured({
        mentees: perMentee.map(({ profile, best }) => ({ id: profile.memberId, candidates: best.map((s) => ({ mentor: s.memberId, score: s.score })) })),
        capacity,
      });
      const members = new Map((await store.members.many([...mentees.map((p) => p.memberId), ...mentors.map((m) => m.profile.memberId)])).map((m) => [m.id, m]));
      const summary = { mentees: mentees.length, mentors: mentors.length, featured: featured.size, ms: Date.now() - started };
      const bestOf = new Map(perMentee.map((p) => [p.profile.memberId, p.best]));
      const featuredRows = [...featured].map(([menteeId, mentorId]) => ({
        menteeId,
        mentorId,
        score: bestOf.get(menteeId)?.find((s) => s.memberId === mentorId)?.score ?? 0,
      }));
      return store.transaction(async (repos) => {
        const roundId = await repos.matching.saveRound({ communityId: community.id, startedById: admin.id, summary, featured: featuredRows });
        for (const { profile, best } of perMentee) {
          const mentee = members.get(profile.memberId) as Member;
          const top = featured.get(profile.memberId);
          const ordered = [...best.filter((s) => s.memberId === top), ...best.filter((s) => s.memberId !== top)].slice(0, shown);
          if (ordered.length === 0) continue;
          await send(repos, community, `cohort:${roundId}:${mentee.id}`, dm(mentee), roundMessage(community, mentee, ordered.map((s) => members.get(s.memberId) as Member)));
        }
        await repos.auditLog.record({ communityId: community.id, actorId: admin.id, action: 'cohort.round', targetType: 'round', targetId: roundId, details: summary });
        return { roundId, ...summary };
      });
    },

  };
}

function roundMessage(community: Community, mentee: Member, mentors: Member[]): Message {
  const intro = simpleMessage(community, mentee, 'match.round.intro').text;
  const list = mentors.map((m, i) => `${i === 0 ? '⭐ ' : '- '}<@${m.externalUserId}>`).join('\n');
  const text = `${intro}\n${list}\n${simpleMessage(community, mentee, 'match.round.next').text}`;
  return { text };
}

export type MatchingService = ReturnType<typeof createMatchingService>;
