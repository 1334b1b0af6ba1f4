import type { Platform } from './community.ts';
import type { Block, Message } from './reply-model.ts';

/** Where an outgoing message goes. */
export type OutboxTarget =
  | { kind: 'dm'; userId: string }
  /** `threadId`: answer inside a thread (Slack thread_ts). */
  | { kind: 'channel'; channelId: string; threadId?: string }
  /** A private conversation of a few members (Slack group DM; Discord private thread under `parentChannelId`). */
  | { kind: 'group'; userIds: string[]; parentChannelId?: string; name?: string }
  /**
   * Replaces the message another row of the same community sent (key `of`): a card closed, a post
   * updated. Edits of one message apply in the order they were enqueued: an edit is skipped when a
   * newer one of the same message is queued or sent.
   */
  | {
      kind: 'edit';
      of: string;
      /**
       * The bot deletes its message instead (her published post, at her request). The text is
       * what a platform that cannot delete shows in its place. A message already gone counts as done.
       */
      remove?: boolean;
    };

/**
 * Put in a message's text (or its blocks) whose entry names `after`: replaced, when it
 * is sent, by a link to the channel where the `after` row went (a pair's private thread
 * or group DM). If the `after` row could not be sent, the message still goes out, with the
 * token and the colon that leads to it taken out ("Your space is open: {{space}}" reads
 * "Your space is open").
 */
export const spaceLinkToken = '{{space}}';

const spaces = '[ \\t\\u00a0\\u202f]*';
const tokenWithLeadIn = new RegExp(`${spaces}:?${spaces}${spaceLinkToken.replace(/[{}]/g, '\\$&')}`, 'g');

/** The message with its space link filled in: `link` (e.g. `<#C123>`) where the token is, or nothing (see spaceLinkToken). */
export function fillSpaceLink(message: Message, link: string | null): Message {
  const fill = (text: string) =>
    link !== null ? text.replaceAll(spaceLinkToken, link) : text.replace(tokenWithLeadIn, '').trim();
  const block = (b: Block): Block | null => {
    if (b.type === 'text' || b.type === 'context') return fill(b.text) ? { ...b, text: fill(b.text) } : null;
    if (b.type === 'fields') return { ...b, fields: b.fields.map((f) => ({ ...f, value: fill(f.value) })) };
    return b;
  };
  return {
    ...message,
    text: fill(message.text),
    ...(message.blocks ? { blocks: message.blocks.map(block).filter((b): b is Block => b !== null) } : {}),
  };
}

export interface OutboxEntry {
  communityId: string;
  platform: Platform;
  /** Unique per community and logical message: enqueuing the same key twice sends once. */
  key: string;
  target: OutboxTarget;
  message: Message;
  /** Not before this time: the clock's now, or later for a scheduled message. */
  availableAt: Date;
  /** Key of a row of the same community to send first (see spaceLinkToken). */
  after?: string;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/**
 * What a row remembers between attempts. Steps are saved (fenced on the lease) before the
 * next step starts, so an attempt after a crash or a timeout continues where the last one
 * stopped instead of starting over.
 */
export interface OutboxProgress {
  /** When a sender first began sending this row (ISO): the platform is searched from there. */
  startedAt?: string;
  /** An earlier attempt may have reached the platform (a timeout, a 5xx, an admin's resend): look before sending again. */
  unsure?: boolean;
  /** The conversation made for this row (Discord's private thread), once created. */
  channelId?: string;
  /** Members already added to that conversation. */
  members?: string[];
  /** An edit skipped because a newer edit of the same message (this key) was queued or sent. */
  supersededBy?: string;
  /** Files already uploaded to the platform for this row, by sha256 → the platform's file id (Slack). */
  uploaded?: Record<string, string>;
}

export interface OutboxRow extends OutboxEntry {
  id: string;
  status: OutboxStatus;
  attempts: number;
  availableAt: Date;
  lastError: string | null;
  platformRef: PlatformRef | null;
  /** The fencing token of the sender that claimed the row (null when nobody holds it). */
  leaseToken: string | null;
  progress: OutboxProgress;
  /** Claimed after a sender's lease ran out mid-send: it may or may not have reached the platform. */
  recovered?: boolean;
}

/** The platform's reference to a sent message. */
export interface PlatformRef {
  channelId: string;
  messageId: string;
}

/** A sender's hold on one claimed row: every update it makes names both. */
export interface Lease {
  id: string;
  token: string;
}

/** Where an edit stands among the edits of the same message. */
export type EditTurn = { kind: 'go' } | { kind: 'wait' } | { kind: 'superseded'; by: string };

export interface OutboxRepository {
  /** Inserts unless the key exists; true when this call created it. */
  enqueue(entry: OutboxEntry): Promise<boolean>;
  /**
   * `enqueue` for many entries in a few set-based statements (one per chunk), in their
   * order; an entry whose key exists (or repeats an earlier one) is skipped. Returns how many were new.
   */
  enqueueMany(entries: readonly OutboxEntry[]): Promise<number>;
  /**
   * Takes up to `limit` due rows of these platforms (and rows whose sender's lease
   * expired, marked `recovered`) for `leaseMs`, counting an attempt on each and giving
   * each a fresh lease token.
   */
  claim(now: Date, limit: number, leaseMs: number, platforms: Platform[]): Promise<OutboxRow[]>;
  // Every update below is fenced: it applies only while the lease's token is still the
  // row's (the sender still holds it), and says whether it did.
  /** Extends the leases still held until `until`; returns the ids of those rows. */
  renew(leases: Lease[], until: Date): Promise<string[]>;
  /** Right before a send: extends the lease, records `startedAt` the first time; the row's progress, or null when lost. */
  begin(lease: Lease, now: Date, until: Date): Promise<OutboxProgress | null>;
  /** Merges steps done into the row's progress. */
  saveProgress(lease: Lease, progress: OutboxProgress): Promise<boolean>;
  markSent(lease: Lease, ref: PlatformRef, now: Date, progress?: OutboxProgress): Promise<boolean>;
  /**
   * Back to the queue until `at`. `refund` gives back the attempt (a rate limit or a wait is
   * not a failure); `unsure` records that the message may have reached the platform.
   */
  retryLater(lease: Lease, at: Date, error: string, options?: { refund?: boolean; unsure?: boolean }): Promise<boolean>;
  markFailed(lease: Lease, error: string): Promise<boolean>;
  /** Where this edit row stands: go, wait for an older edit being sent, or skip for a newer one. */
  editTurn(row: OutboxRow): Promise<EditTurn>;
  /**
   * Reserves the next send slot on a platform, shared by every sender on this database,
   * `spacingMs` after the previous one; returns how long to wait for it (ms).
   */
  reserveSlot(platform: Platform, spacingMs: number): Promise<number>;
  /** Failed rows of a community, newest first, for admins. */
  failed(communityId: string, limit?: number): Promise<OutboxRow[]>;
  /**
   * Puts failed rows of a community back in the queue; returns how many. They are marked
   * unsure: a row may have failed after the platform took it, so its sender looks first.
   */
  requeueFailed(communityId: string, now: Date): Promise<number>;
  /**
   * Ends every lease at `now`: for a database only this process can hold (the embedded
   * one, behind its folder lock), rows found `sending` at start were interrupted by a
   * crash, and need not wait out their lease. They stay marked as interrupted, so their
   * sender looks for them on the platform before sending again. Returns how many.
   */
  endLeases(now: Date): Promise<number>;
  get(communityId: string, key: string): Promise<OutboxRow | null>;
  counts(communityId: string): Promise<Record<OutboxStatus, number>>;
}

/**
 * Raised by a platform transport. `rate-limited` waits `retryAfterMs`; `permanent` (the
 * user blocks DMs, the channel is gone) fails at once; anything else (a timeout, a 5xx, a
 * reset connection) is retried, and may have reached the platform: the retry looks first.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'rate-limited' | 'permanent' | 'transient',
    message: string,
    readonly retryAfterMs?: number,
    /**
     * Permanent because the person it is for cannot be reached (no such user, account
     * deactivated, DMs closed): nothing the bot's operators can fix, so not an error for them.
     */
    readonly recipientGone = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The sender no longer holds the row (its lease ran out and another sender took it): stop, change nothing. */
export class LeaseLostError extends Error {
  constructor(readonly key: string) {
    super(`lease on outbox row ${key} was lost`);
    this.name = 'LeaseLostError';
  }
}

export interface SendContext {
  /** Saves a step's platform id before the next step; throws LeaseLostError when the row is no longer ours. */
  saveProgress(progress: OutboxProgress): Promise<void>;
  /** The bytes of a file of the message (Message.files); a missing file fails the row for good. */
  loadFile(sha256: string): Promise<Buffer>;
}

/** Sends one message on one platform; implemented by each adapter. */
export interface Transport {
  /** Sends a row (not an edit), resuming from `row.progress`. */
  send(row: OutboxRow, context: SendContext): Promise<PlatformRef>;
  /** Replaces a sent message's content; doing it twice is harmless. */
  edit(ref: PlatformRef, message: Message): Promise<void>;
  /** Deletes a sent message of the bot's; one already gone is done. Without it, a removal is an edit. */
  remove?(ref: PlatformRef): Promise<void>;
  /**
   * For a row an earlier attempt may have sent (a timeout, a crash, an admin's resend):
   * the message if it reached the platform. Without it, such a row is parked as failed
   * rather than risk a duplicate.
   */
  findDelivered?(row: OutboxRow): Promise<PlatformRef | null>;
}
