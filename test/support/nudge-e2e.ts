import { DateTime } from 'luxon';
import { expect } from 'vitest';
import type { RunningApp } from '../../src/app.ts';

/** The instant it is `time` (HH:mm) on `day` (YYYY-MM-DD) in `zone`, across DST as luxon reads it. */
export function localMoment(day: string, time: string, zone: string): Date {
  const at = DateTime.fromISO(`${day}T${time}`, { zone });
  if (!at.isValid) throw new Error(`no such local time: ${day} ${time} in ${zone}`);
  return at.toJSDate();
}

/**
 * Waits until nothing more will reach the platform: the community's outbox holds no row
 * pending or being sent, and one more pass of the sender finds nothing and makes no call
 * to the fake. No fixed sleep: "nothing else arrived" is then a fact, not a guess.
 */
export async function waitUntilSettled(
  app: RunningApp,
  communityId: string,
  platformCalls: () => number,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const counts = await app.store.outbox.counts(communityId);
        return { pending: counts.pending, sending: counts.sending, failed: counts.failed };
      },
      { timeout: 10_000 },
    )
    .toEqual({ pending: 0, sending: 0, failed: 0 });
  const before = platformCalls();
  expect(await app.sender.tick()).toBe(0);
  expect(platformCalls()).toBe(before);
}
