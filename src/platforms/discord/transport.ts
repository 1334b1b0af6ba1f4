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
  type APIUser,
  type Client,
  type RateLimitData,
} from 'discord.js';
import {
  DeliveryError,
  LeaseLostError,
  type OutboxRow,
  type PlatformRef,
  type SendContext,
  type Transport,
} from '../../core/outbox.ts';
import { uploadsOf } from './files.ts';
import { renderMessage, type DiscordMessage } from './render.ts';

/**
 * The REST timeout to give the discord.js client (`rest: { timeout }`): a hung call ends
 * there (discord.js retries it a few times, with the same nonce) instead of stalling the
 * outbox. Kept well under the outbox lease, which is renewed meanwhile anyway.
 */
export const discordRestTimeoutMs = 10_000;

/**
 * The outbox's routes reject on a rate limit instead of waiting inside discord.js, so
 * the outbox reschedules the row after Discord's retry-after and moves on. Replies to
 * interactions still wait: they must arrive.
 */
export function rejectsOnRateLimit(data: RateLimitData): boolean {
  return /^\/channels\/:id\/messages|^\/users\/@me\/channels|^\/channels\/:id\/threads|^\/channels\/:id\/thread-members/.test(
    data.route,
  );
}

/** Errors that no retry will fix (the member closed her DMs, the channel is gone, we lack access). */
const permanentCodes = new Set([10003, 10008, 10013, 50001, 50007, 50013, 50035, 160002]);

function deliveryError(error: unknown): DeliveryError {
  if (error instanceof RateLimitError)
    return new DeliveryError('rate-limited', `rate limited on ${error.route}`, error.retryAfter);
  if (error instanceof DiscordAPIError) {
    const kind =
      permanentCodes.has(Number(error.code)) || (error.status >= 400 && error.status < 500 && error.status !== 429)
        ? 'permanent'
        : 'transient';
    // 10013 Unknown User, 50007 she does not accept DMs: she cannot be reached.
    const gone = [10013, 50007].includes(Number(error.code));
    return new DeliveryError(kind, `Discord ${error.status} ${error.code}: ${error.message}`, undefined, gone);
  }
  if (error instanceof HTTPError) return new DeliveryError('transient', `Discord HTTP ${error.status}`);
  return new DeliveryError('transient', error instanceof Error ? error.message : String(error));
}

const platformErrors = async <T>(work: () => Promise<T>): Promise<T> => {
  try {
    return await work();
  } catch (error) {
    throw error instanceof DeliveryError || error instanceof LeaseLostError ? error : deliveryError(error);
  }
};

/** Discord keeps a message's nonce for a few minutes: with enforce_nonce, resending then returns the first message. */
export const nonceOf = (row: Pick<OutboxRow, 'id'>) => row.id.replaceAll('-', '').slice(0, 25);

const discordEpochMs = 1_420_070_400_000n;
/** The smallest message id Discord could give at this time: `after` it, everything posted since. */
const snowflakeAt = (ms: number) => ((BigInt(Math.max(0, ms)) - discordEpochMs) << 22n).toString();

/**
 * Discord does not hand a nonce back when messages are read, so a message is known by its
 * author and content, and by how many files it carries (Discord may rename a file, so not their names).
 */
function sameMessage(found: APIMessage, sent: DiscordMessage, files: number): boolean {
  const ids = (components: unknown[] | undefined) =>
    JSON.stringify(JSON.stringify(components ?? []).match(/"custom_id":"[^"]*"/g) ?? []);
  return (
    found.content.trim() === sent.content.trim() &&
    ids(found.components) === ids(sent.components) &&
    (found.attachments?.length ?? 0) === files
  );
}

/**
 * How far back (before the first attempt began) to look, for clocks that disagree. Short,
 * because a message is known by its content: the bot's same text in the same channel
 * just before would be taken for this one.
 */
const lookBackMs = 10_000;
const pagesToSearch = 5;
/** Missing Access, Missing Permissions (Read Message History). */
const unreadableCodes = new Set([50001, 50013]);
/** DM channels remembered (the oldest forgotten past this), so a long-running bot's memory stays small. */
export const dmChannelsKept = 10_000;

export function createDiscordTransport(client: Client): Transport {
  let botId: string | undefined;
  const me = async () => (botId ??= client.user?.id ?? ((await client.rest.get(Routes.user())) as APIUser).id);
  // The DM channel with a member never changes: opened once, a DM costs one request, not two.
  const dmChannels = new Map<string, string>();
  async function dm(userId: string): Promise<string> {
    const known = dmChannels.get(userId);
    if (known) return known;
    const { id } = (await client.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    if (dmChannels.size >= dmChannelsKept) dmChannels.delete(dmChannels.keys().next().value as string);
    dmChannels.set(userId, id);
    return id;
  }

  /**
   * Where the row's message goes. A group is made in steps (a private thread, then its
   * members), each saved before the next, so a retry reuses the thread and adds only who is missing.
   */
  async function channelFor(row: OutboxRow, context: SendContext): Promise<string> {
    const { target } = row;
    if (target.kind === 'channel') return target.channelId;
    if (target.kind === 'dm') return dm(target.userId);
    if (target.kind !== 'group') throw new DeliveryError('permanent', 'an edit is not sent as a new message');
    if (!target.parentChannelId)
      throw new DeliveryError('permanent', 'a private space on Discord needs a parent channel');
    let threadId = row.progress.channelId;
    if (!threadId) {
      const thread = (await client.rest.post(Routes.threads(target.parentChannelId), {
        body: {
          name: (target.name ?? row.key).slice(0, 100),
          type: ChannelType.PrivateThread,
          invitable: false,
          auto_archive_duration: 10080,
        },
      })) as APIChannel;
      threadId = thread.id;
      await context.saveProgress({ channelId: threadId });
    }
    const added = new Set(row.progress.members ?? []);
    for (const userId of target.userIds.filter((id) => !added.has(id))) {
      await client.rest.put(Routes.threadMembers(threadId, userId));
      added.add(userId);
      await context.saveProgress({ members: [...added] });
    }
    return threadId;
  }

  /** The channel an earlier attempt would have posted in, if it got that far. */
  async function channelTried(row: OutboxRow): Promise<string | null> {
    const { target } = row;
    if (target.kind === 'channel') return target.channelId;
    if (target.kind === 'dm') return dm(target.userId);
    return row.progress.channelId ?? null;
  }

  return {
    send: (row, context) =>
      platformErrors(async (): Promise<PlatformRef> => {
        const channelId = await channelFor(row, context);
        // Files are uploaded again at each attempt: Discord keeps nothing of a failed one.
        const { files, attachments } = await uploadsOf(row.message, context.loadFile);
        const message = (await client.rest.post(Routes.channelMessages(channelId), {
          body: {
            ...renderMessage(row.message),
            nonce: nonceOf(row),
            enforce_nonce: true,
            ...(files.length ? { attachments } : {}),
          },
          ...(files.length ? { files } : {}),
        })) as APIMessage;
        return { channelId, messageId: message.id };
      }),

    /**
     * The body leaves out `attachments`, so the message keeps the files it was sent with (an
     * edit uploads none: a card closed or a post updated changes its text and buttons).
     */
    edit: (ref, message) =>
      platformErrors(async () => {
        await client.rest.patch(Routes.channelMessage(ref.channelId, ref.messageId), { body: renderMessage(message) });
      }),

    /** Deletes the bot's message; Unknown Message (already deleted, by a moderator say) is done. */
    remove: (ref) =>
      platformErrors(async () => {
        try {
          await client.rest.delete(Routes.channelMessage(ref.channelId, ref.messageId));
        } catch (error) {
          if ((error as { code?: number }).code !== 10008) throw error;
        }
      }),

    /**
     * Reads the channel's messages posted since the first attempt began, and takes the
     * bot's message with the same content. Within Discord's nonce window (minutes) a
     * resend would return the first message anyway; this covers later retries.
     */
    findDelivered: (row) =>
      platformErrors(async () => {
        const since = row.progress.startedAt;
        const channelId = since ? await channelTried(row) : null;
        if (!since || !channelId) return null;
        const [bot, sent, files] = [await me(), renderMessage(row.message), row.message.files?.length ?? 0];
        let after = snowflakeAt(Date.parse(since) - lookBackMs);
        for (let page = 0; page < pagesToSearch; page += 1) {
          const query = new URLSearchParams({ after, limit: '100' });
          const messages = (await client.rest
            .get(Routes.channelMessages(channelId), { query })
            .catch((error: unknown) => {
              // Not allowed to read this channel's history: the resend's nonce is then the only guard.
              if (error instanceof DiscordAPIError && unreadableCodes.has(Number(error.code))) return [];
              throw error;
            })) as APIMessage[];
          const found = messages.find((m) => m.author.id === bot && sameMessage(m, sent, files));
          if (found) return { channelId, messageId: found.id };
          if (messages.length < 100) return null;
          after = messages.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), after);
        }
        return null;
      }),
  };
}
