import type { Clock } from '../core/clock.ts';
import type { ProcessedEvents } from '../core/community.ts';
import type { LoggerPort } from '../core/dispatcher.ts';

export interface MaintenanceOptions {
  /** How often the purge runs after the first one, at start. */
  everyMs: number;
  /** Delivery keys older than this are forgotten; platforms stop retrying within minutes. */
  keepProcessedEventsMs: number;
}

const day = 24 * 60 * 60_000;

export const defaultMaintenanceOptions: MaintenanceOptions = {
  everyMs: 6 * 60 * 60_000,
  keepProcessedEventsMs: 7 * day,
};

/**
 * Housekeeping that keeps tables from growing forever: today, forgetting old delivery
 * keys. It runs at start and then every few hours rather than at a set hour, and each run
 * is one idempotent DELETE, so several instances running it side by side is harmless and
 * no instance has to be the one in charge.
 */
export function createMaintenance(deps: {
  processedEvents: ProcessedEvents;
  clock: Clock;
  logger: LoggerPort;
  options?: Partial<MaintenanceOptions>;
}) {
  const options = { ...defaultMaintenanceOptions, ...deps.options };
  const { processedEvents, clock, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const maintenance = {
    /** One purge; returns how many delivery keys it forgot. */
    async runOnce(): Promise<number> {
      const purged = await processedEvents.purge(new Date(clock.now().getTime() - options.keepProcessedEventsMs));
      if (purged > 0) logger.info({ purged }, 'maintenance: old delivery keys purged');
      return purged;
    },

    start() {
      if (timer) return;
      const run = () => {
        running = maintenance
          .runOnce()
          .catch((error: unknown) => logger.warn({ err: error }, 'maintenance: purge failed; next run will try again'));
      };
      run();
      timer = setInterval(run, options.everyMs);
      // A pending purge is no reason to keep the process alive.
      timer.unref();
    },

    /** Stops the schedule and waits for a purge under way, so the database can close after. */
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
  return maintenance;
}

export type Maintenance = ReturnType<typeof createMaintenance>;
