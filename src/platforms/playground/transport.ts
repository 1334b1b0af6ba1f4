import { DeliveryError, type OutboxRow, type PlatformRef, type Transport } from '../../core/outbox.ts';
import type { Clock } from '../../core/clock.ts';
import type { Feed } from './feed.ts';

/** The playground's bot user: the author of what the outbox sends. */
export const botId = 'marraine';

/** The conversation of a DM with one member. */
export const dmOf = (userId: string) => `dm:${userId}`;

/**
 * The outbox's way out on the playground: each message lands in the feed, where the page
 * shows it (a DM in her DM panel, a channel message in the channel, a pair's welcome in
 * its private space). A message keeps its outbox row's id, so a resend after a crash finds
 * it instead of posting it twice. A message for an earlier generation (before a reset)
 * is taken and dropped: that playground is gone.
 */
export function createPlaygroundTransport(options: {
  feed: () => Feed;
  clock: Clock;
  community: () => string | undefined;
}): Transport {
  // The feed opens when the adapter starts, before the outbox sender does.
  const { feed, clock, community } = options;

  function conversationOf(row: OutboxRow): string {
    const { target } = row;
    if (target.kind === 'dm') return dmOf(target.userId);
    if (target.kind === 'channel') return target.channelId;
    if (target.kind === 'group')
      return feed().group(row.communityId, target.userIds, target.name ?? target.userIds.join(', ')).id;
    throw new DeliveryError('permanent', 'an edit is not sent as a new message');
  }

  return {
    async send(row, context): Promise<PlatformRef> {
      const already = feed().byOutbox(row.id);
      if (already) return { channelId: already.conversation, messageId: already.id };
      const conversation = conversationOf(row);
      if (row.communityId !== community()) return { channelId: conversation, messageId: `gone:${row.id}` };
      // Like the platforms' uploads: a file whose bytes are gone fails the row for good.
      for (const file of row.message.files ?? []) await context.loadFile(file.sha256);
      const sent = feed().add({
        outboxId: row.id,
        communityId: row.communityId,
        conversation,
        author: botId,
        at: clock.now().toISOString(),
        message: row.message,
      });
      return { channelId: conversation, messageId: sent.id };
    },

    async edit(ref, message) {
      // Nothing to edit when the playground was reset since: the message went with it.
      feed().edit(ref.messageId, message);
    },

    async findDelivered(row) {
      const found = feed().byOutbox(row.id);
      return found ? { channelId: found.conversation, messageId: found.id } : null;
    },
  };
}
