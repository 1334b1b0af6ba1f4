import { randomUUID } from 'node:crypto';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import type { Profile } from '../onboarding/profile.ts';
import type { Message } from '../reply-model.ts';
import type { Repositories } from '../store.ts';
import { closedPost, postedRequest, type PostClosed } from './messages.ts';
import { enqueue } from './notify.ts';
import type { PostedRequest } from './ports.ts';

/**
 * Past this age, posting again closes her old post and posts anew, so her request
 * comes back to the bottom of the channel where mentors read; younger, it is edited in
 * place with her new note, and the channel keeps one post per mentee.
 */
export const repostAfterMs = 7 * 24 * 60 * 60 * 1000;

const editKey = (post: PostedRequest) => `request.posted.edit:${post.id}:${post.revision}`;

/**
 * Replaces the post's message with `message`, whole. Each revision is its own row; the
 * outbox sends edits of one message in the order they were queued and skips an edit a
 * newer one supersedes, so an older note can never land last and bring a button back.
 */
async function edit(repos: Repositories, community: Community, post: PostedRequest, message: Message, now: Date) {
  await enqueue(repos, community, now, editKey(post), { kind: 'edit', of: post.messageKey }, message);
}

/**
 * Posts her request in the matching channel, or updates her open post with the new
 * note. Call with her member row locked (every change to her posts takes that lock).
 */
export async function publishRequest(
  repos: Repositories,
  community: Community,
  channelId: string,
  mentee: Member,
  profile: Profile,
  note: string | null,
  now: Date,
): Promise<'posted' | 'updated'> {
  const open = await repos.postedRequests.openOf(mentee.id);
  if (open && now.getTime() - open.postedAt.getTime() < repostAfterMs) {
    const revised = await repos.postedRequests.revise(open.id, { note });
    await edit(repos, community, revised, postedRequest(community, mentee, profile, note), now);
    return 'updated';
  }
  if (open) await closePost(repos, community, mentee, 'reposted', now);
  const id = randomUUID();
  const messageKey = `request.posted:${id}`;
  const created = await repos.postedRequests.create({
    id,
    communityId: community.id,
    menteeId: mentee.id,
    note,
    messageKey,
    postedAt: now,
  });
  // Only a caller that forgot her lock can meet another open post here.
  if (!created) throw new UserError('match.error.postBusy');
  await enqueue(
    repos,
    community,
    now,
    messageKey,
    { kind: 'channel', channelId },
    postedRequest(community, mentee, profile, note),
  );
  return 'posted';
}

/** Closes her open post, if any: it says why and loses its button. */
export async function closePost(
  repos: Repositories,
  community: Community,
  mentee: Member,
  why: PostClosed,
  now: Date,
): Promise<void> {
  const open = await repos.postedRequests.openOf(mentee.id);
  if (!open) return;
  const closed = await repos.postedRequests.revise(open.id, { closedAt: now });
  await edit(repos, community, closed, closedPost(community, mentee, why), now);
}
