import { ErrorCode, WebClient, type WebAPICallResult } from '@slack/web-api';
import {
  DeliveryError,
  LeaseLostError,
  type OutboxRow,
  type PlatformRef,
  type SendContext,
  type Transport,
} from '../../core/outbox.ts';
import type { Message } from '../../core/reply-model.ts';
import { renderBlocks, renderBlocksWithImages, showsAsImage, toMrkdwn } from './render.ts';
import { createSlackUploads } from './uploads.ts';

/** Slack errors no retry will fix. */
const permanentErrors = new Set([
  'channel_not_found',
  'is_archived',
  'not_in_channel',
  'user_not_found',
  'user_disabled',
  'account_inactive',
  'cannot_dm_bot',
  'restricted_action',
  'invalid_blocks',
  'msg_too_long',
  'no_text',
  'too_many_users',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
]);

/** Permanent because the member cannot be reached: she does not exist, or her account is off. */
const recipientGoneErrors = new Set(['user_not_found', 'user_disabled', 'account_inactive', 'cannot_dm_bot']);

function deliveryError(error: unknown): DeliveryError {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; message?: string };
  if (e.code === ErrorCode.RateLimitedError)
    return new DeliveryError('rate-limited', 'Slack rate limit', (e.retryAfter ?? 1) * 1000);
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown';
    return new DeliveryError(
      permanentErrors.has(code) ? 'permanent' : 'transient',
      `Slack error: ${code}`,
      undefined,
      recipientGoneErrors.has(code),
    );
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
  messages?: {
    ts?: string;
    metadata?: { event_type?: string; event_payload?: unknown };
    blocks?: { type?: string; slack_file?: { id?: string } }[];
  }[];
  has_more?: boolean;
  response_metadata?: { next_cursor?: string };
}

/**
 * The outbox's way out on Slack. Each message carries its outbox id in Slack's message
 * metadata, so after a timeout or a crash mid-send the sender can look in the
 * conversation's history and tell whether it already went out, instead of sending it twice.
 * Messages with files: see `post` (images) and uploads.ts (other files, shared).
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

  const uploads = createSlackUploads(client, { timeoutMs: options.timeoutMs ?? slackTimeoutMs });
  const threadOf = (row: OutboxRow) => (row.target.kind === 'channel' ? row.target.threadId : undefined);

  /**
   * How a message's files go out. Images an image block shows (png, jpeg, gif) are the
   * bot's own files, shown in the posted message. Any other file (a zip, an export, a webp)
   * is shared in the conversation; a message of text alone is then that share, its text the
   * comment. A share's comment is text only, so a message with buttons is posted as usual,
   * right after its other files are shared.
   */
  function filesOf(message: Message) {
    const files = message.files ?? [];
    const images = files.filter(showsAsImage);
    const others = files.filter((file) => !showsAsImage(file));
    const shareAll = others.length > 0 && !(message.blocks ?? []).some((block) => block.type === 'actions');
    return shareAll ? { images: [], others: files, shareAll } : { images, others, shareAll };
  }

  /**
   * Posts the message, its images first uploaded as the bot's own unshared files and shown
   * in image blocks. Each upload is saved before the next step: a retry posts without
   * uploading again.
   */
  async function post(row: OutboxRow, channel: string, context: SendContext): Promise<PlatformRef> {
    const images = await uploads.ownImages(row, filesOf(row.message).images, context);
    const threadTs = threadOf(row);
    const posted = await client.chat.postMessage({
      channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: toMrkdwn(row.message.text),
      blocks: images.length ? renderBlocksWithImages(row.message, images) : renderBlocks(row.message),
      metadata: { event_type: metadataType, event_payload: { id: row.id, key: row.key } },
    });
    return { channelId: posted.channel ?? channel, messageId: String(posted.ts) };
  }

  /**
   * The files a sent message's image blocks show: an edit (a card once decided) keeps its
   * images without uploading them again, as an edit on Discord keeps its attachments.
   */
  async function shownImages(ref: PlatformRef): Promise<string[]> {
    const history = (await client.conversations.history({
      channel: ref.channelId,
      latest: ref.messageId,
      oldest: ref.messageId,
      inclusive: true,
      limit: 1,
    })) as HistoryPage;
    const blocks = history.messages?.find((m) => m.ts === ref.messageId)?.blocks ?? [];
    return blocks.flatMap((b) => (b.type === 'image' && b.slack_file?.id ? [b.slack_file.id] : []));
  }

  return {
    send: (row, context) =>
      platformErrors(async (): Promise<PlatformRef> => {
        const channel = await channelOf(row);
        const { others, shareAll } = filesOf(row.message);
        if (others.length === 0) return post(row, channel, context);
        const threadTs = threadOf(row);
        const where = { channel, ...(threadTs ? { threadTs } : {}) };
        if (shareAll) return uploads.share(row, others, { ...where, comment: toMrkdwn(row.message.text) }, context);
        await uploads.share(row, others, { ...where, comment: '', wantsRef: false }, context);
        return post(row, channel, context);
      }),

    edit: (ref, message) =>
      platformErrors(async () => {
        const { images } = filesOf(message);
        const shown = images.length ? await shownImages(ref) : [];
        const blocks = shown.length
          ? renderBlocksWithImages(
              message,
              images.flatMap((file, i) => (shown[i] ? [{ file, id: shown[i] }] : [])),
            )
          : renderBlocks(message);
        await client.chat.update({ channel: ref.channelId, ts: ref.messageId, text: toMrkdwn(message.text), blocks });
      }),

    /** Deletes the bot's message; one already gone (message_not_found) is done. */
    remove: (ref) =>
      platformErrors(async () => {
        try {
          await client.chat.delete({ channel: ref.channelId, ts: ref.messageId });
        } catch (error) {
          if ((error as { data?: { error?: string } }).data?.error !== 'message_not_found') throw error;
        }
      }),

    /** Reads the conversation (or the thread) back to the first attempt, for a message tagged with this row's id. */
    findDelivered: (row) =>
      platformErrors(async () => {
        if (!row.progress.startedAt) return null;
        const channel = await channelOf(row);
        // A share carries no metadata: its files tell where they were shared.
        const { others, shareAll } = filesOf(row.message);
        if (shareAll) return uploads.findShare(row, others, channel);
        const oldest = Date.parse(row.progress.startedAt) / 1000 - lookBackSeconds;
        const threadTs = row.target.kind === 'channel' ? row.target.threadId : undefined;
        let cursor: string | undefined;
        for (let page = 0; page < pagesToSearch; page += 1) {
          const args = { channel, limit: 100, include_all_metadata: true, ...(cursor ? { cursor } : {}) };
          const history = (
            threadTs
              ? await client.conversations.replies({ ...args, ts: threadTs })
              : await client.conversations.history(args)
          ) as HistoryPage;
          const messages = history.messages ?? [];
          const found = messages.find(
            (m) =>
              m.metadata?.event_type === metadataType &&
              (m.metadata.event_payload as { id?: string } | undefined)?.id === row.id,
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
