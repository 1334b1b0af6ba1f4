import type { CannedResponse } from './recorder.ts';

/**
 * Discord's global rate limit (50 requests a second per bot): over it, a call is refused
 * with 429, `global: true` and X-RateLimit-Global, and does nothing. Counted over a sliding
 * second of the calls that were let through, so a burst at any moment is caught, not only
 * one that crosses a fixed window. Retry-After is in whole seconds (rounded up) in the
 * header, as Discord sends it, and exact in the body.
 */
export function createGlobalRateLimit(perSecond: number) {
  const accepted: number[] = [];
  let refused = 0;
  return {
    /** A 429 for a call arriving now, or null when it may go through (then it counts). */
    take(now = Date.now()): CannedResponse | null {
      while (accepted.length > 0 && (accepted[0] as number) <= now - 1000) accepted.shift();
      if (accepted.length < perSecond) {
        accepted.push(now);
        return null;
      }
      refused += 1;
      const retryAfter = Math.max(0.001, ((accepted[0] as number) + 1000 - now) / 1000);
      return {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: true },
        headers: {
          'retry-after': String(Math.ceil(retryAfter)),
          'x-ratelimit-global': 'true',
          'x-ratelimit-scope': 'global',
        },
      };
    },
    /** Calls refused so far. */
    refused: () => refused,
  };
}

export type GlobalRateLimit = ReturnType<typeof createGlobalRateLimit>;
