// The error classes come through discord.js: it loads @discordjs/rest's CommonJS build,
// and the ES build's classes would be other classes (instanceof would never match).
import {
  ChannelType,
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  Routes,
  type APIChannel,
  type APIMessage,
  type Client,
  type RateLimitData,
} from 'discord.js';
import { DeliveryError, type OutboxRow, type OutboxTarget, type PlatformRef, type Transport } from '../../core/outbox.ts';
import { renderMessage } from './render.ts';

/**
 * The outbox's routes reject on a rate limit instead of waiting inside discord.js, so
 * the outbox reschedules the row after Discord's retry-after and moves on. Replies to
 * interactions still wait: they must arrive.
 */
export function rejectsOnRateLimit(data: RateLimitData): boolean {
  return /^\/channels\/:id\/messages|^\/users\/@me\/channels|^\/channels\/:id\/threads|^\/channels\/:id\/thread-members/.test(data.route);
}

/** Errors that no retry will fix (the member closed her DMs, the channel is gone, we lack access). */
const permanentCodes = new Set([10003, 10013, 50001, 50007, 50013, 50035, 160002]);

function deliveryError(error: unknown): DeliveryError {
  if (error instanceof RateLimitError) return new DeliveryError('rate-limited', `rate limited on ${error.route}`, error.retryAfter);
  if (error instanceof DiscordAPIError) {
    const kind = permanentCodes.has(Number(error.code)) || (error.status >= 400 && error.status < 500 && error.status !== 429) ? 'permanent' : 'transient';
    return new DeliveryError(kind, `Discord ${error.status} ${error.code}: ${error.message}`);
  }
  if (error instanceof HTTPError) return new DeliveryError('transient', `Discord HTTP ${error.status}`);
  return new DeliveryError('transient', error instanceof Error ? error.message : String(error));
}

/** Discord keeps a message's nonce for a while: with enforce_nonce, resending returns the first message. */
export const nonceOf = (row: Pick<OutboxRow, 'id'>) => row.id.replaceAll('-', '').slice(0, 25);

export function createDiscordTransport(client: Client): Transport {
  async function channelFor(target: OutboxTarget, name: string): Promise<string> {
    if (target.kind === 'channel') return target.channelId;
    if (target.kind === 'dm') {
      const dm = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: target.userId } })) as APIChannel;
      return dm.id;
    }
    if (!target.parentChannelId) throw new DeliveryError('permanent', 'a private space on Discord needs a parent channel');
    const thread = (await client.rest.post(Routes.threads(target.parentChannelId), {
      body: { name: (target.name ?? name).slice(0, 100), type: ChannelType.PrivateThread, invitable: false, auto_archive_duration: 10080 },
    })) as APIChannel;
    for (const userId of target.userIds) await client.rest.put(Routes.threadMembers(thread.id, userId));
    return thread.id;
  }

  return {
    idempotentSend: true,
    async send(row): Promise<PlatformRef> {
      try {
        const channelId = await channelFor(row.target, row.key);
        const message = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { ...renderMessage(row.message), nonce: nonceOf(row), enforce_nonce: true },
        })) as APIMessage;
        return { channelId, messageId: message.id };
      } catch (error) {
        throw error instanceof DeliveryError ? error : deliveryError(error);
      }
    },
  };
}
