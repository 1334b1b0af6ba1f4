import type { Platform } from './community.ts';
import type { Message } from './reply.ts';

/** Where an outgoing message goes. */
export type OutboxTarget =
  | { kind: 'dm'; userId: string }
  /** `threadId`: answer inside a thread (Slack thread_ts). */
  | { kind: 'channel'; channelId: string; threadId?: string }
  /** A private conversation of a few members (Slack group DM; Discord private thread under `parentChannelId`). */
  | { kind: 'group'; userIds: string[]; parentChannelId?: string; name?: string }
  /** Replaces the message another row of the same community sent (key `of`): a card closed, a post updated. */
  | { kind: 'edit'; of: string };

/**
 * Put in a message's text (or its blocks) whose entry names `after`: replaced, when it
 * is sent, by a link to the channel where the `after` row went (a pair's private thread
 * or group DM).
 */
export const spaceLinkToken = '{{space}}';

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

export interface OutboxRow extends OutboxEntry {
  id: string;
  status: OutboxStatus;
  attempts: number;
  availableAt: Date;
  lastError: string | null;
  platformRef: PlatformRef | null;
  /** Claimed after a sender died mid-send: it may or may not have reached the platform. */
  recovered?: boolean;
}

/** The platform's reference to a sent message. */
export interface PlatformRef {
  channelId: string;
  messageId: string;
}

export interface OutboxRepository {
  /** Inserts unless the key exists; true when this call created it. */
  enqueue(entry: OutboxEntry): Promise<boolean>;
  /**
   * Takes up to `limit` due rows of these platforms (and rows whose sender's lease
   * expired) for `leaseMs`, counting an attempt on each.
   */
  claim(now: Date, limit: number, leaseMs: number, platforms: Platform[]): Promise<OutboxRow[]>;
  markSent(id: string, ref: PlatformRef, now: Date): Promise<void>;
  /** Back to the queue until `at`; `refund` gives back the attempt (a rate limit is not a failure). */
  retryLater(id: string, at: Date, error: string, refund?: boolean): Promise<void>;
  markFailed(id: string, error: string): Promise<void>;
  /** Failed rows of a community, newest first, for admins. */
  failed(communityId: string, limit?: number): Promise<OutboxRow[]>;
  /** Puts failed rows of a community back in the queue; returns how many. */
  requeueFailed(communityId: string, now: Date): Promise<number>;
  get(communityId: string, key: string): Promise<OutboxRow | null>;
  counts(communityId: string): Promise<Record<OutboxStatus, number>>;
}

/**
 * Raised by a platform transport. `rate-limited` waits `retryAfterMs`; `permanent` (the
 * user blocks DMs, the channel is gone) fails at once; anything else is retried.
 */
export class DeliveryError extends Error {
  constructor(
    readonly kind: 'rate-limited' | 'permanent' | 'transient',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** Sends one message on one platform; implemented by each adapter. */
export interface Transport {
  send(row: OutboxRow): Promise<PlatformRef>;
  /**
   * For a row a dead sender may have sent: the message if it reached the platform.
   * Without it, the row is resent only when the transport's send is idempotent.
   */
  findDelivered?(row: OutboxRow): Promise<PlatformRef | null>;
  /** True when resending the same row cannot duplicate it (Discord's enforced nonce). */
  idempotentSend?: boolean;
}
