import { ErrorCode, WebClient, type WebAPICallResult } from '@slack/web-api';
import { DeliveryError, type OutboxRow, type PlatformRef, type Transport } from '../../core/outbox.ts';
import { renderBlocks, toMrkdwn } from './render.ts';

/** Slack errors no retry will fix. */
const permanentErrors = new Set([
  'channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'user_disabled', 'account_inactive',
  'cannot_dm_bot', 'restricted_action', 'invalid_blocks', 'msg_too_long', 'no_text', 'too_many_users',
]);

function deliveryError(error: unknown): DeliveryError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e.code === ErrorCode.RateLimitedError) return new DeliveryError('rate-limited', 'Slack rate limit', (e.retryAfter ?? 1) * 1000);
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown';
    return new DeliveryError(permanentErrors.has(code) ? 'permanent' : 'transient', `Slack error: ${code}`);
  }
  return new DeliveryError('transient', e.message ?? String(error));
}

const metadataType = 'marraine_outbox';

/**
 * The outbox's way out on Slack. Each message carries its outbox id in Slack's message
 * metadata, so after a crash mid-send the sender can look in the conversation's history
 * and tell whether it already went out, instead of sending it twice.
 */
export function createSlackTransport(options: { token: string; apiUrl?: string }): Transport {
  const client = new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // Rate limits go back to the outbox, which reschedules after Slack's Retry-After.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
  });

  async function channelOf(row: OutboxRow): Promise<string> {
    const { target } = row;
    if (target.kind === 'channel') return target.channelId;
    const users = target.kind === 'dm' ? target.userId : target.userIds.join(',');
    const opened = (await client.conversations.open({ users })) as WebAPICallResult & { channel?: { id?: string } };
    if (!opened.channel?.id) throw new DeliveryError('transient', 'conversations.open returned no channel');
    return opened.channel.id;
  }

  return {
    async send(row): Promise<PlatformRef> {
      try {
        const channel = await channelOf(row);
        const posted = await client.chat.postMessage({
          channel,
          ...(row.target.kind === 'channel' && row.target.threadId ? { thread_ts: row.target.threadId } : {}),
          text: toMrkdwn(row.message.text),
          blocks: renderBlocks(row.message),
          metadata: { event_type: metadataType, event_payload: { id: row.id, key: row.key } },
        });
        return { channelId: posted.channel ?? channel, messageId: String(posted.ts) };
      } catch (error) {
        throw error instanceof DeliveryError ? error : deliveryError(error);
      }
    },
    async findDelivered(row): Promise<PlatformRef | null> {
      try {
        const channel = await channelOf(row);
        const history = await client.conversations.history({ channel, limit: 100, include_all_metadata: true });
        const found = history.messages?.find(
          (m) => m.metadata?.event_type === metadataType && (m.metadata.event_payload as { id?: string } | undefined)?.id === row.id,
        );
        return found?.ts ? { channelId: channel, messageId: found.ts } : null;
      } catch (error) {
        throw deliveryError(error);
      }
    },
  };
}
