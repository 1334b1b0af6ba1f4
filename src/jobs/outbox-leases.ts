import type { Clock } from '../core/clock.ts';
import type { LoggerPort } from '../core/dispatcher.ts';
import type { Lease, OutboxRepository, OutboxRow } from '../core/outbox.ts';

/**
 * Keeps the leases of a claimed batch alive while its rows wait their turn and are sent:
 * every `renewMs`, one statement extends those still held. A row whose lease was taken
 * over is noted as lost, and its sender leaves it alone.
 */
export function holdLeases(
  deps: { outbox: OutboxRepository; clock: Clock; logger: LoggerPort; leaseMs: number; renewMs: number },
  rows: OutboxRow[],
) {
  const held = new Map<string, Lease>(rows.map((row) => [row.id, { id: row.id, token: row.leaseToken ?? '' }]));
  const lost = new Set<string>();
  let renewing = false;

  const timer = setInterval(() => {
    if (renewing || held.size === 0) return;
    renewing = true;
    const leases = [...held.values()];
    deps.outbox
      .renew(leases, new Date(deps.clock.now().getTime() + deps.leaseMs))
      .then((kept) => {
        for (const lease of leases) {
          if (!kept.includes(lease.id) && held.delete(lease.id)) lost.add(lease.id);
        }
      })
      // The next renewal tries again; fenced updates catch a lease that ran out meanwhile.
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'outbox: could not renew leases'))
      .finally(() => (renewing = false));
  }, deps.renewMs);
  timer.unref();

  return {
    lease: (row: OutboxRow): Lease => held.get(row.id) ?? { id: row.id, token: row.leaseToken ?? '' },
    /** Another sender took this row over. */
    isLost: (row: OutboxRow) => lost.has(row.id),
    /** The row is done (sent, failed or back in the queue): stop renewing it. */
    release: (row: OutboxRow) => void held.delete(row.id),
    stop: () => clearInterval(timer),
  };
}
