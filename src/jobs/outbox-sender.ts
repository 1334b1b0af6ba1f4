import type { Clock } from '../core/clock.ts';
import type { Platform } from '../core/community.ts';
import type { LoggerPort } from '../core/dispatcher.ts';
import { DeliveryError, type OutboxRepository, type OutboxRow, type Transport } from '../core/outbox.ts';

export interface OutboxSenderOptions {
  batchSize: number;
  /** How long a claimed row is ours; past it, another sender treats it as interrupted. */
  leaseMs: number;
  /** Attempts before a row is parked as failed (rate limits do not count). */
  maxAttempts: number;
  pollMs: number;
  backoffMs: { base: number; max: number };
  /** Minimum spacing between two sends on one platform, under its rate limits. */
  spacingMs: Record<Platform, number>;
}

export const defaultSenderOptions: OutboxSenderOptions = {
  batchSize: 25,
  leaseMs: 60_000,
  maxAttempts: 5,
  pollMs: 1_000,
  backoffMs: { base: 2_000, max: 15 * 60_000 },
  // Discord allows 50 requests/s per bot; Slack posts about one message per second per channel.
  spacingMs: { discord: 25, slack: 100 },
};

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * Sends what the outbox holds: claims due rows, sends each through its platform, records
 * the platform's reference, retries with backoff (honouring rate limits' retry-after)
 * and parks a row as failed after `maxAttempts`, where admins see it.
 */
export function createOutboxSender(deps: {
  outbox: OutboxRepository;
  transports: Partial<Record<Platform, Transport>>;
  clock: Clock;
  logger: LoggerPort;
  options?: Partial<OutboxSenderOptions>;
  /** Waits between polls and sends; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}) {
  const options = { ...defaultSenderOptions, ...deps.options };
  const { outbox, transports, clock, logger } = deps;
  const platforms = Object.keys(transports) as Platform[];
  const lastSend = new Map<Platform, number>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  async function pace(platform: Platform) {
    const wait = (lastSend.get(platform) ?? 0) + options.spacingMs[platform] - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    lastSend.set(platform, Date.now());
  }

  async function deliver(row: OutboxRow, transport: Transport) {
    if (row.recovered) {
      // A sender died while sending this row: it may have reached the platform.
      const found = transport.findDelivered ? await transport.findDelivered(row) : null;
      if (found) {
        await outbox.markSent(row.id, found, clock.now());
        logger.info({ key: row.key }, 'outbox: interrupted message was already delivered');
        return;
      }
      if (!transport.findDelivered && !transport.idempotentSend) {
        await outbox.markFailed(row.id, 'interrupted while sending; not resent to avoid a duplicate');
        return;
      }
    }
    await pace(row.platform);
    const ref = await transport.send(row);
    await outbox.markSent(row.id, ref, clock.now());
  }

  async function handleFailure(row: OutboxRow, error: unknown) {
    const now = clock.now().getTime();
    if (error instanceof DeliveryError && error.kind === 'rate-limited') {
      await outbox.retryLater(row.id, new Date(now + (error.retryAfterMs ?? 1_000)), reasonOf(error), true);
      logger.warn({ key: row.key, retryAfterMs: error.retryAfterMs }, 'outbox: rate limited');
    } else if ((error instanceof DeliveryError && error.kind === 'permanent') || row.attempts >= options.maxAttempts) {
      await outbox.markFailed(row.id, reasonOf(error));
      logger.error({ key: row.key, attempts: row.attempts, reason: reasonOf(error) }, 'outbox: message parked as failed');
    } else {
      const backoff = Math.min(options.backoffMs.max, options.backoffMs.base * 2 ** (row.attempts - 1));
      const jitter = Math.floor(backoff * 0.2 * Math.random());
      await outbox.retryLater(row.id, new Date(now + backoff + jitter), reasonOf(error));
      logger.warn({ key: row.key, attempts: row.attempts, reason: reasonOf(error) }, 'outbox: will retry');
    }
  }

  const sender = {
    /** Sends one batch of due messages; returns how many rows it handled. */
    async tick(): Promise<number> {
      if (platforms.length === 0) return 0;
      const rows = await outbox.claim(clock.now(), options.batchSize, options.leaseMs, platforms);
      for (const row of rows) {
        const transport = transports[row.platform] as Transport;
        try {
          await deliver(row, transport);
        } catch (error) {
          await handleFailure(row, error).catch((e: unknown) => logger.error({ err: e, key: row.key }, 'outbox: could not record a failure'));
        }
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
    },
  };
  return sender;
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
