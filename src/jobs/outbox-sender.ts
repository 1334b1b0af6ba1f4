import { createBurstLog } from '../core/burst-log.ts';
import type { Clock } from '../core/clock.ts';
import type { FileRepository } from '../core/files.ts';
import type { Platform } from '../core/community.ts';
import type { LoggerPort } from '../core/dispatcher.ts';
import {
  DeliveryError,
  fillSpaceLink,
  LeaseLostError,
  type Lease,
  type OutboxRepository,
  type OutboxRow,
  type PlatformRef,
  type Transport,
} from '../core/outbox.ts';
import { chainsOf } from './outbox-chains.ts';
import { holdLeases } from './outbox-leases.ts';
import { createPacer, type Pacer } from './outbox-pacer.ts';

/** Rate limits past the first of a window are counted, and logged as one line per window. */
const rateLimitReportMs = 10_000;

export interface OutboxSenderOptions {
  batchSize: number;
  /** How long a claimed row is ours without renewal; past it, another sender treats it as interrupted. */
  leaseMs: number;
  /** How often the leases of the rows being sent are renewed (a third of leaseMs by default). */
  renewMs?: number;
  /** Attempts before a row is parked as failed (rate limits and waits do not count). */
  maxAttempts: number;
  pollMs: number;
  backoffMs: { base: number; max: number };
  /** How long a row waits for the row it depends on (the message it edits, its `after`) before looking again. */
  waitMs: number;
  /**
   * The pace on one platform, under its rate limits, shared by every sender: one send slot per
   * spacing (a send that started late may be followed within half a spacing; see createPacer).
   */
  spacingMs: Record<Platform, number>;
  /**
   * Rows sent side by side (each still on its own paced slot): one at a time, the database
   * round trips of a row and its request add up to more than a slot. Rows that must keep
   * their order (one conversation, one edited message, an `after`) still go one by one.
   */
  concurrency: number;
}

export const defaultSenderOptions: OutboxSenderOptions = {
  batchSize: 25,
  // Well above the transports' request timeouts (10-15 s), so a renewed lease never ends mid-request.
  leaseMs: 60_000,
  maxAttempts: 5,
  pollMs: 1_000,
  backoffMs: { base: 2_000, max: 15 * 60_000 },
  waitMs: 2_000,
  // Discord allows 50 requests/s per bot; Slack posts about one message per second per channel;
  // the local playground has no rate limit.
  spacingMs: { discord: 25, slack: 100, playground: 0 },
  concurrency: 4,
};

/** What a caller may set: any option, and the spacing of only the platforms it names. */
export type OutboxSenderSettings = Partial<Omit<OutboxSenderOptions, 'spacingMs'>> & {
  spacingMs?: Partial<Record<Platform, number>>;
};

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Sends what the outbox holds: claims due rows, sends each through its platform, records
 * the platform's reference, retries with backoff (honouring rate limits' retry-after)
 * and parks a row as failed after `maxAttempts`, where admins see it.
 *
 * Each message is sent once: a claimed row is leased to one sender and the lease is
 * renewed while it is sent; every update is fenced on the lease, so a sender that lost
 * it changes nothing; a row that may already have reached the platform (a timeout, a
 * 5xx, a crash, an admin's resend) is looked for there before it is sent again.
 */
export function createOutboxSender(deps: {
  outbox: OutboxRepository;
  transports: Partial<Record<Platform, Transport>>;
  clock: Clock;
  logger: LoggerPort;
  options?: OutboxSenderSettings;
  /** Where the bytes of messages' files are (Message.files); a row with files and no store fails. */
  files?: Pick<FileRepository, 'get'>;
  /** Waits between polls; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}) {
  const options: OutboxSenderOptions = {
    ...defaultSenderOptions,
    ...deps.options,
    spacingMs: { ...defaultSenderOptions.spacingMs, ...deps.options?.spacingMs },
  };
  const { outbox, transports, clock, logger } = deps;
  const platforms = Object.keys(transports) as Platform[];
  const renewMs = options.renewMs ?? Math.floor(options.leaseMs / 3);
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const later = (ms: number) => new Date(clock.now().getTime() + ms);
  // A platform's rate limits come in bursts and lose nothing (the row waits): one line, then a count.
  const rateLimited = createBurstLog<{ platform: Platform; key: string; retryAfterMs: number | undefined }>({
    windowMs: rateLimitReportMs,
    first: (fields) => logger.warn(fields, 'outbox: rate limited; the message waits its turn'),
    more: (more, seconds) =>
      logger.warn({ more, seconds }, 'outbox: rate limited again; those messages wait their turn'),
  });

  const pacers = new Map<Platform, Pacer>(
    platforms.map((platform) => [platform, createPacer({ outbox, platform, spacingMs: options.spacingMs[platform] })]),
  );

  function noteLost(row: OutboxRow, done: boolean) {
    if (!done) logger.warn({ key: row.key }, 'outbox: lease lost to another sender; leaving the row to it');
  }

  /** Waits (without counting an attempt) for a row this one depends on. */
  async function waitFor(row: OutboxRow, lease: Lease, what: string) {
    noteLost(row, await outbox.retryLater(lease, later(options.waitMs), `waiting for ${what}`, { refund: true }));
  }

  /** Waits for this row's send slot (see createPacer). */
  type Pace = () => Promise<void>;

  async function edit(row: OutboxRow & { target: { kind: 'edit' } }, lease: Lease, transport: Transport, pace: Pace) {
    const of = await outbox.get(row.communityId, row.target.of);
    if (!of || of.status === 'failed') {
      const error = `the message to edit (${row.target.of}) ${of ? 'could not be sent' : 'does not exist'}`;
      noteLost(row, await outbox.markFailed(lease, error));
      return;
    }
    if (of.status !== 'sent' || !of.platformRef) return waitFor(row, lease, row.target.of);
    const turn = await outbox.editTurn(row);
    if (turn.kind === 'wait') return waitFor(row, lease, `an earlier edit of ${row.target.of}`);
    if (turn.kind === 'superseded') {
      noteLost(row, await outbox.markSent(lease, of.platformRef, clock.now(), { supersededBy: turn.by }));
      return;
    }
    if (!(await outbox.begin(lease, clock.now(), later(options.leaseMs)))) return noteLost(row, false);
    await pace();
    // Editing is idempotent: a retried edit that had already landed changes nothing.
    if (row.target.remove && transport.remove) await transport.remove(of.platformRef);
    else await transport.edit(of.platformRef, row.message);
    noteLost(row, await outbox.markSent(lease, of.platformRef, clock.now()));
  }

  async function deliver(row: OutboxRow, lease: Lease, transport: Transport, pace: Pace) {
    if (row.target.kind === 'edit')
      return edit(row as OutboxRow & { target: { kind: 'edit' } }, lease, transport, pace);
    let message = row.message;
    if (row.after) {
      const after = await outbox.get(row.communityId, row.after);
      if (after && (after.status === 'pending' || after.status === 'sending')) return waitFor(row, lease, row.after);
      // A space that could not be made is not linked, rather than the message never going out.
      message = fillSpaceLink(
        message,
        after?.status === 'sent' && after.platformRef ? `<#${after.platformRef.channelId}>` : null,
      );
    }
    // Only an attempt that began (startedAt) can have reached the platform.
    const mayHaveSent = Boolean((row.recovered || row.progress.unsure) && row.progress.startedAt);
    const progress = await outbox.begin(lease, clock.now(), later(options.leaseMs));
    if (!progress) return noteLost(row, false);
    const prepared: OutboxRow = { ...row, message, progress: { ...progress } };

    if (mayHaveSent) {
      if (!transport.findDelivered) {
        noteLost(row, await outbox.markFailed(lease, 'may have been sent already; not resent to avoid a duplicate'));
        return;
      }
      const found = await transport.findDelivered(prepared);
      if (found) {
        noteLost(row, await outbox.markSent(lease, found, clock.now()));
        logger.info({ key: row.key }, 'outbox: an earlier attempt had delivered the message');
        return;
      }
    }
    await pace();
    const ref: PlatformRef = await transport.send(prepared, {
      saveProgress: async (steps) => {
        if (!(await outbox.saveProgress(lease, steps))) throw new LeaseLostError(row.key);
        Object.assign(prepared.progress, steps);
      },
      loadFile: async (sha256) => {
        const bytes = await deps.files?.get(sha256);
        // Nothing to retry: the file is gone (or was never stored).
        if (!bytes) throw new DeliveryError('permanent', `file ${sha256} is not in the store`);
        return bytes;
      },
    });
    if (!(await outbox.markSent(lease, ref, clock.now()))) {
      // Sent, but another sender holds the row now: it will find this message before sending.
      logger.warn({ key: row.key }, 'outbox: sent after the lease was lost; the next sender will find the message');
    }
  }

  async function handleFailure(row: OutboxRow, lease: Lease, error: unknown) {
    const now = clock.now().getTime();
    let done: boolean;
    if (error instanceof LeaseLostError) {
      done = false;
    } else if (error instanceof DeliveryError && error.kind === 'rate-limited') {
      // The platform refused the call: nothing went out.
      done = await outbox.retryLater(lease, new Date(now + (error.retryAfterMs ?? 1_000)), reasonOf(error), {
        refund: true,
      });
      rateLimited.note(row.platform, { platform: row.platform, key: row.key, retryAfterMs: error.retryAfterMs });
    } else if ((error instanceof DeliveryError && error.kind === 'permanent') || row.attempts >= options.maxAttempts) {
      done = await outbox.markFailed(lease, reasonOf(error));
      // A member who cannot be reached (gone, deactivated, DMs closed) is no fault to fix: a warning.
      const gone = error instanceof DeliveryError && error.recipientGone;
      logger[gone ? 'warn' : 'error'](
        { key: row.key, attempts: row.attempts, reason: reasonOf(error) },
        gone ? 'outbox: message parked as failed, its recipient cannot be reached' : 'outbox: message parked as failed',
      );
    } else {
      const backoff = Math.min(options.backoffMs.max, options.backoffMs.base * 2 ** (row.attempts - 1));
      const jitter = Math.floor(backoff * 0.2 * Math.random());
      // A timeout or a 5xx may come after the platform took the message: the retry looks first.
      done = await outbox.retryLater(lease, new Date(now + backoff + jitter), reasonOf(error), { unsure: true });
      logger.warn({ key: row.key, attempts: row.attempts, reason: reasonOf(error) }, 'outbox: will retry');
    }
    noteLost(row, done);
  }

  const sender = {
    /** Sends one batch of due messages; returns how many rows it handled. */
    async tick(): Promise<number> {
      if (platforms.length === 0) return 0;
      const rows = await outbox.claim(clock.now(), options.batchSize, options.leaseMs, platforms);
      if (rows.length === 0) return 0;
      const leases = holdLeases({ outbox, clock, logger, leaseMs: options.leaseMs, renewMs }, rows);
      // Slots are reserved a few at a time (as many as rows in flight): in a full batch more
      // rows will follow; in the last one, only its rows that may still ask for a slot.
      const more = rows.length === options.batchSize;
      const unpaced = new Map(
        platforms.map((platform) => [platform, new Set(rows.filter((r) => r.platform === platform).map((r) => r.id))]),
      );
      const send = async (row: OutboxRow) => {
        const waiting = unpaced.get(row.platform) as Set<string>;
        const pace = () => {
          const upcoming = more ? options.concurrency : Math.min(options.concurrency, waiting.size);
          waiting.delete(row.id);
          return (pacers.get(row.platform) as Pacer).take(upcoming);
        };
        const lease = leases.lease(row);
        try {
          if (leases.isLost(row)) return;
          await deliver(row, lease, transports[row.platform] as Transport, pace);
        } catch (error) {
          await handleFailure(row, lease, error).catch((e: unknown) =>
            logger.error({ err: e, key: row.key }, 'outbox: could not record a failure'),
          );
        } finally {
          waiting.delete(row.id);
          leases.release(row);
        }
      };
      const chains = chainsOf(rows);
      const lane = async () => {
        for (let chain = chains.shift(); chain; chain = chains.shift()) {
          for (const row of chain) await send(row);
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, chains.length)) }, lane));
      } finally {
        leases.stop();
      }
      return rows.length;
    },

    /** Polls until stopped; `wake()` sends at once after something was enqueued. */
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          const handled = await sender.tick().catch((error: unknown) => {
            logger.error({ err: error }, 'outbox: tick failed');
            return 0;
          });
          if (handled < options.batchSize && running) {
            await Promise.race([sleep(options.pollMs), new Promise<void>((resolve) => (wakeUp = resolve))]);
          }
        }
      })();
    },
    wake() {
      wakeUp?.();
    },
    async stop() {
      running = false;
      wakeUp?.();
      await loop;
      rateLimited.flush();
    },
  };
  return sender;
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
