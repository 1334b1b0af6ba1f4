import { translator } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import { scopedActionId } from '../action-ids.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import { localeFor } from '../nudges/checkin-messages.ts';
import type { Submission } from '../posts/submission.ts';
import { mention } from '../reply-parts.ts';
import { memberText, withButtons, type Message } from '../reply-model.ts';
import type { Repositories, Store } from '../store.ts';
import { chainOf, longestChains, type ChainStep, type ChainTree } from './chains.ts';

/** Challenges a member may have waiting at once. */
export const maxOpenChallenges = 3;

export const challengeKeys = {
  invite: (challengeId: string) => `challenge.invite:${challengeId}`,
  closed: (challengeId: string) => `challenge.closed:${challengeId}`,
};

/** The invitation she receives: who challenges her, a *share* button, and a one-click "no more challenges". */
function invitation(community: Community, challenger: Member, challenged: Member): Message {
  const t = translator(localeFor(challenged, community));
  const text = `${t('challenge.invite', { challenger: mention(challenger.externalUserId), community: memberText(community.name) })}\n${t('challenge.inviteHint')}`;
  return withButtons(text, [
    // Share's way in from elsewhere: its form (Slack), or how to share with an image (Discord).
    {
      type: 'button',
      action: scopedActionId(community.id, 'share', 'open'),
      label: t('challenge.shareButton'),
      style: 'primary',
    },
    {
      type: 'button',
      action: scopedActionId(community.id, 'profile', 'stop', 'challenge'),
      label: t('challenge.optOut'),
    },
  ]);
}

/**
 * Her published post answers every challenge still open to her: each link closes with it,
 * and whoever challenged her is told. Runs in the publication's transaction.
 */
export async function closeChallengesFor(
  repos: Repositories,
  community: Community,
  submission: Submission,
  at: Date,
): Promise<number> {
  const closed = await repos.challenges.closeOpenTo(submission.authorId, submission.id, at);
  if (closed.length === 0) return 0;
  const members = new Map(
    (await repos.members.many([submission.authorId, ...closed.map((c) => c.challengerId)])).map((m) => [m.id, m]),
  );
  const author = members.get(submission.authorId);
  let queued = 0;
  for (const challenge of closed) {
    const challenger = members.get(challenge.challengerId);
    if (!author || !challenger) continue;
    const t = translator(localeFor(challenger, community));
    const created = await repos.outbox.enqueue({
      communityId: community.id,
      platform: community.platform,
      key: challengeKeys.closed(challenge.id),
      target: { kind: 'dm', userId: challenger.externalUserId },
      message: { text: t('challenge.answered', { challenged: mention(author.externalUserId) }) },
      availableAt: at,
    });
    if (created) queued += 1;
    await repos.auditLog.record({
      communityId: community.id,
      actorId: null,
      action: 'challenge.closed',
      targetType: 'challenge',
      targetId: challenge.id,
      details: { submissionId: submission.id },
    });
  }
  return queued;
}

export interface ChainView {
  /** From the start of her chain down to her. */
  up: ChainStep[];
  /** Whom she challenged, recursively. */
  down: ChainTree[];
  /** The community's longest chains that hold. */
  longest: string[][];
  members: Map<string, Member>;
}

/**
 * The challenge chain: `challenge @someone` invites another woman to share a post; who
 * challenged whom is kept, and her first published post closes the link.
 */
export function createChallengeService({ store, clock }: { store: Store; clock: Clock }) {
  async function membersOf(ids: Iterable<string>): Promise<Map<string, Member>> {
    return new Map((await store.members.many([...new Set(ids)])).map((m) => [m.id, m]));
  }

  return {
    /**
     * Sends her the invitation. Refused, with a message saying why: herself, a bot, someone
     * who turned challenges off, a challenge to her already open, or 3 open already. Her
     * open challenges are counted under her member lock, so two at once cannot make a fourth.
     */
    async challenge(
      community: Community,
      challenger: Member,
      target: { externalUserId: string; isBot: boolean },
    ): Promise<Member> {
      if (target.externalUserId === challenger.externalUserId) throw new UserError('challenge.error.self');
      if (target.isBot) throw new UserError('challenge.error.bot');
      if (community.settings.nudges.disabled.includes('challenge')) throw new UserError('challenge.error.disabled');
      const challenged = await store.members.ensure({
        communityId: community.id,
        externalUserId: target.externalUserId,
      });
      const name = mention(challenged.externalUserId);
      if (challenged.nudgeOptOut.includes('challenge') || challenged.status === 'left')
        throw new UserError('challenge.error.optedOut', { name });
      return store.transaction(async (repos) => {
        await repos.matching.lockMembers([challenger.id]);
        if (await repos.challenges.openBetween(challenger.id, challenged.id))
          throw new UserError('challenge.error.already', { name });
        if ((await repos.challenges.openCountBy(challenger.id)) >= maxOpenChallenges)
          throw new UserError('challenge.error.tooMany', { count: maxOpenChallenges });
        const now = clock.now();
        const created = await repos.challenges.create({
          communityId: community.id,
          challengerId: challenger.id,
          challengedId: challenged.id,
          createdAt: now,
        });
        if (!created) throw new UserError('challenge.error.already', { name });
        await repos.outbox.enqueue({
          communityId: community.id,
          platform: community.platform,
          key: challengeKeys.invite(created.id),
          target: { kind: 'dm', userId: challenged.externalUserId },
          message: invitation(community, challenger, challenged),
          availableAt: now,
        });
        await repos.auditLog.record({
          communityId: community.id,
          actorId: challenger.id,
          action: 'challenge.sent',
          targetType: 'challenge',
          targetId: created.id,
          details: { challengedId: challenged.id },
        });
        return challenged;
      });
    },

    /** Her chain (up to the start, and down through whom she challenged) and the community's longest. */
    async chain(community: Community, member: Member): Promise<ChainView> {
      const links = await store.challenges.links(community.id);
      const { up, down } = chainOf(member.id, links);
      const longest = longestChains(links);
      const ids: string[] = [...up.map((s) => s.memberId), ...longest.flat()];
      const walk = (trees: ChainTree[]) => trees.forEach((tree) => (ids.push(tree.memberId), walk(tree.children)));
      walk(down);
      return { up, down, longest, members: await membersOf(ids) };
    },

    /** The community's longest chains that hold, as members. */
    async longest(community: Community, top = 3): Promise<Member[][]> {
      const chains = longestChains(await store.challenges.links(community.id), top);
      const members = await membersOf(chains.flat());
      return chains.map((chain) => chain.map((id) => members.get(id)).filter((m): m is Member => m !== undefined));
    },
  };
}
export type ChallengeService = ReturnType<typeof createChallengeService>;
