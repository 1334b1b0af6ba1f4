import { ErrorCode, WebClient, type WebAPICallResult } from '@slack/web-api';
import { DeliveryError, LeaseLostError, type OutboxRow, type PlatformRef, type Transport } from '../../core/outbox.ts';
import { renderBlocks, toMrkdwn } from './render.ts';

/** Slack errors no retry will fix. */
const permanentErrors = new Set([
  'channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'user_disabled', 'account_inactive',
  'cannot_dm_bot', 'restricted_action', 'invalid_blocks', 'msg_too_long', 'no_text', 'too_many_users',
  'message_not_found', 'cant_update_message', 'edit_window_closed',
]);

function deliveryError(error: unknown): DeliveryError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e.code === ErrorCode.RateLimitedError) return new DeliveryError('rate-limited', 'Slack rate limit', (e.retryAfter ?? 1) * 1000);
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown';
    return new DeliveryError(permanentErrors.has(code) ? 'permanent' : 'transient', `Slack error: ${code}`);
  }
  // A timeout, a reset connection, a 5xx: Slack may have taken the call; the outbox looks before resending.
  return new DeliveryError('transient', e.message ?? String(error));
}

const platformErrors = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw error instanceof DeliveryError || error instanceof LeaseLostError ? error : deliveryError(error);
  }
};

const metadataType = 'marraine_outbox';

/** A hung call ends here instead of stalling the outbox (the client has none by default). */
export const slackTimeoutMs = 10_000;
/** How far back (before the first attempt began) to read, for clocks that disagree. */
const lookBackSeconds = 60;
const pagesToSearch = 5;

interface HistoryPage {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/**
 * The outbox's way out on Slack. Each message carries its outbox id in Slack's message
 * metadata, so after a timeout or a crash mid-send the sender can look in the
 * conversation's history and tell whether it already went out, instead of sending it twice.
 */
export function createSlackTransport(options: { token: string; apiUrl?: string; timeoutMs?: number }): Transport {
  const client = new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    // Rate limits go back to the outbox, which reschedules after Slack's Retry-After.
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? slackTimeoutMs,
  });

  /** The conversation of a row; opening a DM or group DM again gives the same one. */
  async function channelOf(row: OutboxRow): Promise<string> {
    const { target } = row;
    if (target.kind === 'channel') return target.channelId;
    if (target.kind === 'edit') throw new DeliveryError('permanent', 'an edit is not sent as a new message');
    const users = target.kind === 'dm' ? target.userId : target.userIds.join(',');
    const opened = (await client.conversations.open({ users })) as WebAPICallResult & { channel?: { id?: string } };
    if (!opened.channel?.id) throw new DeliveryError('transient', 'conversations.open returned no channel');
    return opened.channel.id;
  }

  return {
    send: (row) =>
      platformErrors(async (): Promise<PlatformRef> => {
        const channel = await channelOf(row);
        const posted = await client.chat.postMessage({
          channel,
          ...(row.target.kind === 'channel' && row.target.threadId ? { thread_ts: row.target.threadId } : {}),
          text: toMrkdwn(row.message.text),
          blocks: renderBlocks(row.message),
          metadata: { event_type: metadataType, event_payload: { id: row.id, key: row.key } },
        });
        return { channelId: posted.channel ?? channel, messageId: String(posted.ts) };
      }),

    edit: (ref, message) =>
      platformErrors(async () => {
        await client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: toMrkdwn(message.text), blocks: renderBlocks(message) });
      }),

    /** Reads the conversation (or the thread) back to the first attempt, for a message tagged with this row's id. */
    findDelivered: (row) =>
      platformErrors(async () => {
        if (!row.progress.startedAt) return null;
        const channel = await channelOf(row);
        const oldest = Date.parse(row.progress.startedAt) / 1000 - lookBackSeconds;
        const threadTs = row.target.kind === 'channel' ? row.target.threadId : undefined;
        let cursor: string | undefined;
        for (let page = 0; page < pagesToSearch; page += 1) {
          const args = { channel, limit: 100, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
          const history = (threadTs ? await client.conversations.replies({ ...args, ts: threadTs }) : await client.conversations.history(args)) as HistoryPage;
          const messages = history.messages ?? [];
          const found = messages.find(
            (m) => m.metadata?.event_type === metadataType && (m.metadata.event_payload as { id?: string } | undefined)?.id === row.id,
          );
          if (found?.ts) return { channelId: channel, messageId: found.ts };
          cursor = history.response_metadata?.next_cursor || undefined;
          // History is newest first: once past the first attempt, older pages cannot hold it.
          const reachedStart = messages.some((m) => Number(m.ts) < oldest);
          if (!history.has_more || !cursor || (!threadTs && reachedStart)) return null;
        }
        return null;
      }),
  };
}
