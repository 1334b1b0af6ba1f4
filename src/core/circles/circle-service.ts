import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import { dm, enqueue } from '../matching/notify.ts';
import type { Profile } from '../onboarding/profile.ts';
import { localDay } from '../nudges/local-time.ts';
import type { Repositories, Store } from '../store.ts';
import {
  affinity,
  bestMerge,
  bestNewcomer,
  circleSize,
  formCircles,
  sharedBy,
  type CircleCandidate,
  type FormationMode,
  type FormedCircle,
} from './formation.ts';
import { circleKeys } from './keys.ts';
import { circleHelpAlert, describeShared, localeOf, memberLeft, newcomerOffer, type Offer } from './messages.ts';
import { candidatesOf, circleEligibility, openCircleSpace } from './spaces.ts';
import type { CircleRequest, CircleWithMembers } from './ports.ts';

export interface CircleView {
  circle: CircleWithMembers | null;
  /** Its members, in the circle's order. */
  members: Member[];
  /** Where its current space is, once made. */
  spaceChannelId: string | null;
  /** What a circle short of members can do now. */
  offer: Offer | null;
  waiting: CircleRequest | null;
  /** How many wait in the community, her included. */
  waitingCount: number;
}

export interface JoinOutcome {
  status: 'waiting' | 'placed' | 'already-waiting';
  circle?: CircleWithMembers;
}

/**
 * Peer circles. Every change (joining, leaving, forming, welcoming a newcomer, merging)
 * runs in one transaction under the community's circle lock, reading the waiting list
 * and the circles again after taking it; and a unique index allows one circle at a time
 * per member. So two members joining at once, or a join during an admin's formation,
 * take turns and nobody ends up in two circles.
 */
export function createCircleService({ store, clock }: { store: Store; clock: Clock }) {
  /** Circles formed from those waiting, each with its space opened; returns them. */
  async function form(
    repos: Repositories,
    community: Community,
    mode: FormationMode,
    now: Date,
  ): Promise<CircleWithMembers[]> {
    const waiting = await repos.circles.waiting(community.id);
    if (waiting.length < circleSize.min) return [];
    const [members, profiles] = await Promise.all([
      repos.members.many(waiting.map((w) => w.memberId)),
      repos.profiles.many(waiting.map((w) => w.memberId)),
    ]);
    const memberById = new Map(members.map((m) => [m.id, m]));
    const profileById = new Map(profiles.map((p) => [p.memberId, p]));
    // Who left the program leaves the list; a paused member keeps her place but is not placed.
    await repos.circles.closeRequests(
      waiting.filter((w) => memberById.get(w.memberId)?.status === 'left').map((w) => w.memberId),
      'withdrawn',
      now,
    );
    const ready = waiting
      .filter((w) => circleEligibility(memberById.get(w.memberId), profileById.get(w.memberId)) === 'ok')
      .map((w) => w.memberId);
    const candidates = await candidatesOf(repos, community.id, ready, profileById);
    const formed: CircleWithMembers[] = [];
    for (const circle of formCircles(candidates, mode).circles)
      formed.push(await startCircle(repos, community, circle, now));
    return formed;
  }

  async function startCircle(
    repos: Repositories,
    community: Community,
    formedCircle: FormedCircle,
    now: Date,
  ): Promise<CircleWithMembers> {
    const { shared } = formedCircle;
    const circle = await repos.circles.create({
      communityId: community.id,
      language: formedCircle.language,
      shared,
      startedAt: now,
      memberIds: formedCircle.memberIds,
    });
    await repos.circles.closeRequests(circle.memberIds, 'placed', now, circle.id);
    await openCircleSpace(repos, community, circle, 'new', now);
    await repos.auditLog.record({
      communityId: community.id,
      actorId: null,
      action: 'circle.formed',
      targetType: 'circle',
      targetId: circle.id,
      details: { members: circle.memberIds, shared },
    });
    return circle;
  }

  /** What a circle short of members can do: welcome the best person waiting, or merge with the best other short circle. */
  async function offerFor(
    repos: Repositories,
    community: Community,
    circle: CircleWithMembers,
    locale: Community['locale'],
  ): Promise<Offer> {
    const [waiting, shorts] = await Promise.all([
      repos.circles.waiting(community.id),
      repos.circles.shortCircles(community.id, circleSize.min),
    ]);
    const others = shorts.filter((c) => c.id !== circle.id);
    const ids = [
      ...new Set([...circle.memberIds, ...waiting.map((w) => w.memberId), ...others.flatMap((c) => c.memberIds)]),
    ];
    const [members, profiles] = await Promise.all([repos.members.many(ids), repos.profiles.many(ids)]);
    const memberById = new Map(members.map((m) => [m.id, m]));
    const profileById = new Map(profiles.map((p) => [p.memberId, p]));
    const candidates = new Map((await candidatesOf(repos, community.id, ids, profileById)).map((c) => [c.memberId, c]));
    const of = (memberIds: readonly string[]) => memberIds.flatMap((id) => candidates.get(id) ?? []);
    const mine = of(circle.memberIds);
    const eligibleWaiting = of(
      waiting
        .map((w) => w.memberId)
        .filter((id) => circleEligibility(memberById.get(id), profileById.get(id)) === 'ok'),
    );
    const newcomer = bestNewcomer({ language: circle.language, members: mine }, eligibleWaiting);
    const merge = bestMerge(
      { id: circle.id, language: circle.language, members: mine, number: circle.number },
      others.map((c) => ({ id: c.id, language: c.language, members: of(c.memberIds), number: c.number })),
    );
    const describe = (people: CircleCandidate[]) => describeShared(locale, sharedBy(people), circle.language);
    return {
      newcomer: newcomer
        ? { member: memberById.get(newcomer.memberId) as Member, shared: describe([...mine, newcomer]) }
        : null,
      merge: merge
        ? {
            circleId: merge.id,
            number: merge.number,
            size: merge.members.length,
            shared: describe([...mine, ...merge.members]),
          }
        : null,
    };
  }

  /** Her active circle, checked to be this community's and hers. */
  async function circleOf(repos: Repositories, community: Community, member: Member): Promise<CircleWithMembers> {
    const circle = await repos.circles.activeOf(member.id);
    if (!circle || circle.communityId !== community.id) throw new UserError('circle.error.none');
    return circle;
  }

  /** After its members changed: what they share now, a new space with exactly them, and the news. */
  async function renewed(
    repos: Repositories,
    community: Community,
    circleId: string,
    kind: 'newcomer' | 'merged' | 'continues',
    now: Date,
  ): Promise<CircleWithMembers> {
    const current = (await repos.circles.get(circleId)) as CircleWithMembers;
    const profiles = new Map((await repos.profiles.many(current.memberIds)).map((p) => [p.memberId, p]));
    const people = await candidatesOf(repos, community.id, current.memberIds, profiles);
    await repos.circles.setShared(circleId, sharedBy(people));
    const circle = await repos.circles.nextSpace(circleId);
    await openCircleSpace(repos, community, circle, kind, now);
    return circle;
  }

  /**
   * After someone left `circle` (its members as they were before, minus nobody already gone):
   * nobody left, it closes; three or more, they continue in a new space with exactly them;
   * fewer, each is told and offered a newcomer or a merge. `left` is null when she was erased.
   */
  async function goOnWithout(
    repos: Repositories,
    community: Community,
    circle: CircleWithMembers,
    leftId: string,
    left: Member | null,
    now: Date,
  ): Promise<void> {
    const remaining = circle.memberIds.filter((id) => id !== leftId);
    if (remaining.length === 0) {
      await repos.circles.close(circle.id, 'emptied', now);
      return;
    }
    if (remaining.length >= circleSize.min) {
      await renewed(repos, community, circle.id, 'continues', now);
      return;
    }
    const short = { ...circle, memberIds: remaining };
    for (const other of await repos.members.many(remaining)) {
      const offer = await offerFor(repos, community, short, localeOf(other, community));
      await enqueue(
        repos,
        community,
        now,
        circleKeys.left(circle.id, leftId, now, other.id),
        dm(other),
        memberLeft(community, other, left, remaining.length, offer),
      );
    }
  }

  async function audit(
    repos: Repositories,
    community: Community,
    actor: Member | null,
    action: string,
    circleId: string,
    details: Record<string, unknown> = {},
  ) {
    await repos.auditLog.record({
      communityId: community.id,
      actorId: actor?.id ?? null,
      action,
      targetType: 'circle',
      targetId: circleId,
      details,
    });
  }

  return {
    /** What `circle` shows her. */
    async view(community: Community, member: Member): Promise<CircleView> {
      const [circle, waiting, all] = await Promise.all([
        store.circles.activeOf(member.id),
        store.circles.waitingOf(member.id),
        store.circles.waiting(community.id),
      ]);
      const mine = circle && circle.communityId === community.id ? circle : null;
      const space = mine ? await store.outbox.get(community.id, circleKeys.space(mine.id, mine.spaceRevision)) : null;
      const members = mine ? await store.members.many(mine.memberIds) : [];
      const byId = new Map(members.map((m) => [m.id, m]));
      return {
        circle: mine,
        members: mine ? mine.memberIds.flatMap((id) => byId.get(id) ?? []) : [],
        spaceChannelId: space?.platformRef?.channelId ?? null,
        offer:
          mine && mine.memberIds.length < circleSize.min
            ? await offerFor(store, community, mine, localeOf(member, community))
            : null,
        waiting,
        waitingCount: all.length,
      };
    },

    /**
     * She asks to join a circle: she is put on the waiting list, and circles are formed at
     * once when enough people like her wait (same language and situation). Otherwise a
     * circle short of members that she would fit is told about her.
     */
    async join(community: Community, member: Member): Promise<JoinOutcome> {
      return store.transaction(async (repos) => {
        await repos.circles.lock(community.id);
        const [me, profile] = await Promise.all([repos.members.get(member.id), repos.profiles.get(member.id)]);
        const eligibility = circleEligibility(me, profile ?? undefined);
        if (eligibility !== 'ok') throw new UserError(eligibility);
        const current = await repos.circles.activeOf(me.id);
        if (current) throw new UserError('circle.error.already', { number: current.number });
        const now = clock.now();
        if (!(await repos.circles.createRequest({ communityId: community.id, memberId: me.id, createdAt: now })))
          return { status: 'already-waiting' };
        await audit(repos, community, me, 'circle.requested', me.id);
        const formed = await form(repos, community, 'ready', now);
        const mine = formed.find((c) => c.memberIds.includes(me.id));
        if (mine) return { status: 'placed', circle: mine };
        await offerToShortCircle(repos, community, me, profile as Profile, now);
        return { status: 'waiting' };
      });
    },

    /** She leaves the waiting list. */
    async withdraw(community: Community, member: Member): Promise<boolean> {
      return store.transaction(async (repos) => {
        await repos.circles.lock(community.id);
        const done = (await repos.circles.closeRequests([member.id], 'withdrawn', clock.now())) > 0;
        if (done) await audit(repos, community, member, 'circle.withdrawn', member.id);
        return done;
      });
    },

    /**
     * She leaves her circle. Three or more left: they continue in a new space with exactly
     * them. Fewer: each is told and offered a newcomer or a merge. Nobody: it closes.
     */
    async leave(community: Community, member: Member): Promise<CircleWithMembers> {
      return store.transaction(async (repos) => {
        await repos.circles.lock(community.id);
        const circle = await circleOf(repos, community, member);
        const now = clock.now();
        await repos.circles.removeMember(circle.id, member.id, now);
        await audit(repos, community, member, 'circle.left', circle.id);
        await goOnWithout(repos, community, circle, member.id, member, now);
        return circle;
      });
    },

    /**
     * An erased member's circles go on without her, as when a member leaves, but the others
     * are told with no name and no trace of her ids (the tombstone stands in the key).
     */
    async erased(
      repos: Repositories,
      community: Community,
      circleId: string,
      tombstoneId: string,
      now: Date,
    ): Promise<void> {
      const circle = await repos.circles.get(circleId);
      if (!circle || circle.status !== 'active') return;
      await goOnWithout(repos, community, circle, tombstoneId, null, now);
    },

    /** A member of a short circle welcomes someone waiting (the offer she was shown). */
    async welcome(community: Community, actor: Member, newcomerId: string): Promise<CircleWithMembers> {
      return store.transaction(async (repos) => {
        await repos.circles.lock(community.id);
        const circle = await circleOf(repos, community, actor);
        if (circle.memberIds.length >= circleSize.min) throw new UserError('circle.error.notShort');
        const waiting = await repos.circles.waitingOf(newcomerId);
        const [newcomer, profile] = await Promise.all([
          repos.members.many([newcomerId]),
          repos.profiles.get(newcomerId),
        ]);
        const person = newcomer[0];
        if (
          !waiting ||
          waiting.communityId !== community.id ||
          !person ||
          circleEligibility(person, profile ?? undefined) !== 'ok'
        )
          throw new UserError('circle.error.newcomerGone');
        if (!(profile?.answers.languages ?? []).includes(circle.language))
          throw new UserError('circle.error.newcomerGone');
        const now = clock.now();
        await repos.circles.addMembers(circle.id, [newcomerId], now);
        await repos.circles.closeRequests([newcomerId], 'placed', now, circle.id);
        await audit(repos, community, actor, 'circle.newcomer', circle.id, { memberId: newcomerId });
        return renewed(repos, community, circle.id, 'newcomer', now);
      });
    },

    /** A member of a short circle merges it with another short one: everyone in hers. */
    async merge(community: Community, actor: Member, otherId: string): Promise<CircleWithMembers> {
      return store.transaction(async (repos) => {
        await repos.circles.lock(community.id);
        const circle = await circleOf(repos, community, actor);
        if (circle.memberIds.length >= circleSize.min) throw new UserError('circle.error.notShort');
        const other = await repos.circles.get(otherId);
        const size = circle.memberIds.length + (other?.memberIds.length ?? 0);
        if (
          !other ||
          other.id === circle.id ||
          other.communityId !== community.id ||
          other.status !== 'active' ||
          other.language !== circle.language ||
          size < circleSize.min ||
          size > circleSize.max
        ) {
          throw new UserError('circle.error.mergeGone');
        }
        const now = clock.now();
        for (const id of other.memberIds) await repos.circles.removeMember(other.id, id, now);
        await repos.circles.addMembers(circle.id, other.memberIds, now);
        await repos.circles.close(other.id, 'merged', now);
        await audit(repos, community, actor, 'circle.merged', circle.id, { from: other.id });
        return renewed(repos, community, circle.id, 'merged', now);
      });
    },

    /** An admin asks: every circle the waiting list allows, situations mixed where they must be. */
    async formNow(community: Community, admin: Member): Promise<{ circles: number; placed: number; waiting: number }> {
      return store.transaction(async (repos) => {
        await repos.circles.lock(community.id);
        const formed = await form(repos, community, 'all', clock.now());
        const waiting = (await repos.circles.waiting(community.id)).length;
        const placed = formed.reduce((sum, c) => sum + c.memberIds.length, 0);
        await repos.auditLog.record({
          communityId: community.id,
          actorId: admin.id,
          action: 'circles.formed',
          details: { circles: formed.length, placed, waiting },
        });
        return { circles: formed.length, placed, waiting };
      });
    },

    /** A member reports that the circle met: its check-in clock restarts from now. */
    async met(community: Community, member: Member, circleId: string): Promise<CircleWithMembers> {
      return store.transaction(async (repos) => {
        const circle = await circleOf(repos, community, member);
        if (circle.id !== circleId) throw new UserError('circle.error.notYours');
        await repos.circles.markMet(circle.id, clock.now());
        await audit(repos, community, member, 'circle.met', circle.id);
        return circle;
      });
    },

    /** A member asks the moderators for a hand with her circle: once a day per circle. */
    async help(community: Community, member: Member, circleId: string): Promise<void> {
      await store.transaction(async (repos) => {
        const circle = await circleOf(repos, community, member);
        if (circle.id !== circleId) throw new UserError('circle.error.notYours');
        const now = clock.now();
        const day = localDay(now, community.timeZone);
        const message = circleHelpAlert(community, circle, member, await repos.members.many(circle.memberIds));
        const channel = community.settings.channels.moderationQueue;
        if (channel)
          await enqueue(
            repos,
            community,
            now,
            circleKeys.help(circle.id, day),
            { kind: 'channel', channelId: channel },
            message,
          );
        else {
          for (const userId of new Set([...community.settings.moderatorUsers, ...community.settings.adminUsers])) {
            await enqueue(
              repos,
              community,
              now,
              circleKeys.help(circle.id, day, userId),
              { kind: 'dm', userId },
              message,
            );
          }
        }
        await audit(repos, community, member, 'circle.help', circle.id);
      });
    },

    /** The admin's overview: how many wait, how many circles, those short of members. */
    async overview(community: Community) {
      const [figures, short] = await Promise.all([
        store.circles.figures(community.id),
        store.circles.shortCircles(community.id, circleSize.min),
      ]);
      return { ...figures, short: short.length };
    },
  };

  /** She waits: the short circle she would fit best (if any) is told, so its members can welcome her. */
  async function offerToShortCircle(
    repos: Repositories,
    community: Community,
    member: Member,
    profile: Profile,
    now: Date,
  ) {
    const languages = profile.answers.languages ?? [];
    const fits = (await repos.circles.shortCircles(community.id, circleSize.min)).filter((c) =>
      languages.includes(c.language),
    );
    if (fits.length === 0) return;
    const ids = [...new Set([member.id, ...fits.flatMap((c) => c.memberIds)])];
    const profiles = new Map((await repos.profiles.many(ids)).map((p) => [p.memberId, p]));
    const candidates = new Map((await candidatesOf(repos, community.id, ids, profiles)).map((c) => [c.memberId, c]));
    const me = candidates.get(member.id) as CircleCandidate;
    const peopleOf = (circle: CircleWithMembers) => circle.memberIds.flatMap((id) => candidates.get(id) ?? []);
    // The circle whose members she is closest to, on average.
    const closeness = (circle: CircleWithMembers) =>
      peopleOf(circle).reduce((sum, p) => sum + affinity(me, p), 0) / Math.max(1, circle.memberIds.length);
    const circle = fits.reduce((best, c) => (closeness(c) > closeness(best) ? c : best));
    const people = [...peopleOf(circle), me];
    for (const to of await repos.members.many(circle.memberIds)) {
      const offer: Offer = {
        newcomer: { member, shared: describeShared(localeOf(to, community), sharedBy(people), circle.language) },
        merge: null,
      };
      await enqueue(
        repos,
        community,
        now,
        circleKeys.offer(circle.id, member.id, to.id),
        dm(to),
        newcomerOffer(community, to, offer),
      );
    }
  }
}

export type CircleService = ReturnType<typeof createCircleService>;
