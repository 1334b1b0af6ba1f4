import cron from 'node-cron';
import { translator } from '../i18n/index.ts';
import type { Clock } from '../core/clock.ts';
import { scopedActionId } from '../core/action-ids.ts';
import type { Community } from '../core/community.ts';
import type { LoggerPort } from '../core/dispatcher.ts';
import { localeFor } from '../core/nudges/checkin-messages.ts';
import type { DueNudge, NudgeSource } from '../core/nudges/due.ts';
import { decide } from '../core/nudges/rules.ts';
import type { OutboxEntry, OutboxTarget } from '../core/outbox.ts';
import type { Message } from '../core/reply-model.ts';
import type { Store } from '../core/store.ts';

/**
 * Work done per community at each tick, after the nudges (the daily publication, say).
 * Like a source, it computes what is due from the database alone and keys what it queues,
 * so a late tick, a restart or a second instance neither loses nor repeats anything.
 * Returns how many messages it queued.
 */
export interface ScheduledJob {
  name: string;
  run(input: { store: Store; community: Community; now: Date }): Promise<number>;
}

export interface SchedulerDeps {
  store: Store;
  clock: Clock;
  logger: LoggerPort;
  sources: readonly NudgeSource[];
  /** Run per community after the sources, each in its own error boundary. */
  jobs?: readonly ScheduledJob[];
  /** When the scheduler wakes (node-cron expression); every minute by default. */
  cron?: string;
}

/** A DM gets a one-click way to stop this kind of message (the profile command handles it). */
function withStopButton(message: Message, nudge: DueNudge, community: Community): Message {
  if (!('member' in nudge.to)) return message;
  const t = translator(localeFor(nudge.to.member, community));
  const stop = {
    type: 'button' as const,
    action: scopedActionId(community.id, 'profile', 'stop', nudge.kind),
    label: t('nudge.stop'),
  };
  return {
    ...message,
    blocks: [...(message.blocks ?? [{ type: 'text', text: message.text }]), { type: 'actions', elements: [stop] }],
  };
}

const targetOf = (nudge: DueNudge): OutboxTarget =>
  'member' in nudge.to
    ? { kind: 'dm', userId: nudge.to.member.externalUserId }
    : { kind: 'channel', channelId: nudge.to.channelId };

/**
 * Nudges on a schedule, then the scheduled jobs (the daily publication). The cron tick only
 * wakes it: what is due is computed from the database at each tick (sources, jobs), never
 * from earlier ticks or timers, and each message is queued in the outbox under its own key. So a tick that comes late, twice, on two
 * instances at once, or after the clocks changed, can neither skip nor repeat a nudge;
 * and ticks missed while the bot was down are one tick at start.
 */
export function createScheduler({
  store,
  clock,
  logger,
  sources,
  jobs = [],
  cron: expression = '* * * * *',
}: SchedulerDeps) {
  let task: ReturnType<typeof cron.schedule> | undefined;
  let running: Promise<{ enqueued: number }> | undefined;

  async function tickCommunity(community: Community, now: Date): Promise<number> {
    let enqueued = 0;
    for (const source of sources) {
      if (community.settings.nudges.disabled.includes(source.kind)) continue;
      let due: DueNudge[];
      try {
        due = await source.collect({ repos: store, community, now });
      } catch (error) {
        // One broken kind must not hold up the others; the next tick tries it again.
        logger.error({ err: error, kind: source.kind, communityId: community.id }, 'scheduler: a nudge source failed');
        continue;
      }
      // The rules in memory, then every nudge sendable now in a few set-based inserts (an
      // existing key is skipped there), instead of a round trip or two for each one.
      const entries: OutboxEntry[] = [];
      for (const nudge of due) {
        const recipient = 'member' in nudge.to ? nudge.to.member : null;
        if (decide({ kind: nudge.kind, due: nudge.due, community, recipient, now }).kind !== 'send') continue;
        entries.push({
          communityId: community.id,
          platform: community.platform,
          key: nudge.key,
          target: targetOf(nudge),
          message: withStopButton(nudge.message, nudge, community),
          availableAt: now,
        });
      }
      if (entries.length > 0) enqueued += await store.outbox.enqueueMany(entries);
    }
    for (const job of jobs) {
      try {
        enqueued += await job.run({ store, community, now });
      } catch (error) {
        // Like a source: one failing job holds up neither the others nor other communities.
        logger.error({ err: error, job: job.name, communityId: community.id }, 'scheduler: a job failed');
      }
    }
    return enqueued;
  }

  async function runTick(): Promise<{ enqueued: number }> {
    const now = clock.now();
    let enqueued = 0;
    for (const community of await store.nudges.communities()) {
      try {
        enqueued += await tickCommunity(community, now);
      } catch (error) {
        logger.error(
          { err: error, communityId: community.id },
          'scheduler: tick failed for a community; the next tick tries again',
        );
      }
    }
    if (enqueued > 0) logger.info({ enqueued }, 'scheduler: nudges queued');
    return { enqueued };
  }

  const scheduler = {
    /** Computes what is due now and queues it; a tick asked for while one runs waits for it and runs after. */
    async tick(): Promise<{ enqueued: number }> {
      const previous = running;
      const next = (async () => {
        await previous?.catch(() => {});
        return runTick();
      })();
      running = next;
      return next;
    },

    /** Catches up at once (a tick), then wakes every minute. */
    start() {
      if (task) return;
      let busy = false;
      const wake = () => {
        // A wake while a tick runs is dropped: that tick reads the same state.
        if (busy) return;
        busy = true;
        void scheduler
          .tick()
          .catch((error: unknown) => logger.error({ err: error }, 'scheduler: tick failed; the next one tries again'))
          .finally(() => (busy = false));
      };
      task = cron.schedule(expression, wake);
      wake();
    },

    /** Stops waking and waits for a tick under way, so the database can close after. */
    async stop() {
      await task?.stop();
      task = undefined;
      await running?.catch(() => {});
    },
  };
  return scheduler;
}

export type Scheduler = ReturnType<typeof createScheduler>;
