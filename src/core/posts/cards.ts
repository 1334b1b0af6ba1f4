import type { Community } from '../community.ts';
import type { Repositories } from '../store.ts';
import { cardEditKey, cardKey, moderationCard, type SubmissionScene } from './moderation-messages.ts';
import type { Submission } from './submission.ts';

/** Who the scene of a submission names: its author, and who made its last change of status. */
export async function sceneOf(
  repos: Repositories,
  community: Community,
  submission: Submission,
): Promise<SubmissionScene> {
  const [author, decider] = await Promise.all([
    repos.members.get(submission.authorId),
    submission.decidedById ? repos.members.get(submission.decidedById) : null,
  ]);
  return { community, submission, author, decider };
}

/**
 * The latest card's round: 0 for the submission, one more for each of her edits, which
 * posted a new card (null when it has none). Read from the outbox, which keeps every row:
 * a round or two, each an indexed lookup.
 */
export async function currentRound(
  repos: Repositories,
  community: Community,
  submissionId: string,
): Promise<number | null> {
  let round = -1;
  while (await repos.outbox.get(community.id, cardKey(submissionId, round + 1))) round += 1;
  return round < 0 ? null : round;
}

/** Posts the card of a round in the moderators' queue channel. */
export async function postCard(
  repos: Repositories,
  scene: SubmissionScene,
  round: number,
  channelId: string,
  now: Date,
): Promise<void> {
  const { community, submission } = scene;
  await repos.outbox.enqueue({
    communityId: community.id,
    platform: community.platform,
    key: cardKey(submission.id, round),
    target: { kind: 'channel', channelId },
    message: moderationCard(scene),
    availableAt: now,
  });
}

/**
 * Edits the latest card to show the submission as it is now (its status, the buttons that
 * fit). One row per revision (cardEditKey): call it after a change that bumped it, in the
 * same transaction. Publication may call it too, to mark a card published.
 */
export async function editCard(repos: Repositories, scene: SubmissionScene, now: Date): Promise<void> {
  const { community, submission } = scene;
  const round = await currentRound(repos, community, submission.id);
  if (round === null) return;
  await repos.outbox.enqueue({
    communityId: community.id,
    platform: community.platform,
    key: cardEditKey(submission),
    target: { kind: 'edit', of: cardKey(submission.id, round) },
    message: moderationCard(scene),
    availableAt: now,
  });
}
