import type { Community, Member } from '../community.ts';
import type { OutboxTarget } from '../outbox.ts';
import type { Message } from '../reply-model.ts';
import type { Repositories } from '../store.ts';

/** What every matching message needs: the outbox row, its key unique per logical message. */
export async function enqueue(
  repos: Repositories,
  community: Community,
  now: Date,
  key: string,
  target: OutboxTarget,
  message: Message,
  after?: string,
): Promise<void> {
  await repos.outbox.enqueue({
    communityId: community.id,
    platform: community.platform,
    key,
    target,
    message,
    availableAt: now,
    ...(after ? { after } : {}),
  });
}

export const dm = (member: Member): OutboxTarget => ({ kind: 'dm', userId: member.externalUserId });

export async function auditRequest(
  repos: Repositories,
  community: Community,
  actor: Member | null,
  action: string,
  requestId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await repos.auditLog.record({
    communityId: community.id,
    actorId: actor?.id ?? null,
    action,
    targetType: 'request',
    targetId: requestId,
    details,
  });
}
