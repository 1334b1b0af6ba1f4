import { createHash } from 'node:crypto';
import type { RecordedRequest, RouteMatcher } from './types.ts';

export interface CannedResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

interface Waiter {
  match: (r: RecordedRequest) => boolean;
  resolve: (r: RecordedRequest) => void;
}

function summarise(r: RecordedRequest): string {
  const query = new URLSearchParams(r.query).toString();
  return `${r.method} ${r.path}${query ? `?${query}` : ''} → ${r.status}`;
}

/** Keeps every REST call in order and lets tests wait for one, past or future. */
export function createRecorder() {
  const requests: RecordedRequest[] = [];
  const waiters = new Set<Waiter>();
  const listeners = new Set<(r: RecordedRequest) => void>();

  return {
    requests,
    record(request: RecordedRequest) {
      requests.push(request);
      for (const listener of listeners) listener(request);
      for (const waiter of waiters) {
        if (waiter.match(request)) {
          waiters.delete(waiter);
          waiter.resolve(request);
        }
      }
    },
    /** Hears every request as it is recorded (a bench indexing thousands, where waits would scan them all); returns the unsubscribe. */
    listen(listener: (r: RecordedRequest) => void): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
      const seen = requests.find(match);
      if (seen) return Promise.resolve(seen);
      // Capture the caller's stack now: on timeout it points at the test line, not at a timer.
      const error = new Error('');
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const recent =
            requests
              .slice(-15)
              .map((r) => `  ${summarise(r)}`)
              .join('\n') || '  (none)';
          error.message = `No matching Discord REST request within ${timeoutMs} ms. Recent requests:\n${recent}`;
          reject(error);
        }, timeoutMs);
        const waiter: Waiter = {
          match,
          resolve: (r) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        waiters.add(waiter);
      });
    },
  };
}

interface Fault {
  match: RouteMatcher;
  remaining: number;
  respond: (method: string, path: string) => CannedResponse;
}

/** Discord's 429: headers discord.js's REST reads to decide how long to wait, and the JSON body. */
export function rateLimitResponse(method: string, path: string, retryAfterSeconds: number): CannedResponse {
  const bucket = createHash('sha1').update(`${method} ${path}`).digest('hex').slice(0, 32);
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': ((Date.now() + retryAfterSeconds * 1000) / 1000).toFixed(3),
      'x-ratelimit-reset-after': retryAfterSeconds.toFixed(3),
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-scope': 'user',
    },
  };
}

/** How a held call behaves: `accept` runs it before holding the answer; `ms: null` holds it until the fake closes. */
export interface HoldOptions {
  accept: boolean;
  ms: number | null;
}

interface Hold extends HoldOptions {
  match: RouteMatcher;
  remaining: number;
}

/** Failures queued by tests, consumed in order by the next REST calls they match. */
export function createFaults() {
  const faults: Fault[] = [];
  const holds: Hold[] = [];
  return {
    holdNext(match: RouteMatcher, options: HoldOptions, count = 1) {
      holds.push({ match, remaining: count, ...options });
    },
    takeHold(method: string, path: string): HoldOptions | null {
      const hold = holds.find((h) => h.remaining > 0 && h.match(method, path));
      if (!hold) return null;
      hold.remaining -= 1;
      if (hold.remaining === 0) holds.splice(holds.indexOf(hold), 1);
      return { accept: hold.accept, ms: hold.ms };
    },
    rateLimitNext(match: RouteMatcher, retryAfterSeconds: number, count = 1) {
      faults.push({
        match,
        remaining: count,
        respond: (method, path) => rateLimitResponse(method, path, retryAfterSeconds),
      });
    },
    failNext(match: RouteMatcher, status: number, body: unknown, count = 1) {
      faults.push({ match, remaining: count, respond: () => ({ status, body, headers: {} }) });
    },
    take(method: string, path: string): CannedResponse | null {
      const fault = faults.find((f) => f.remaining > 0 && f.match(method, path));
      if (!fault) return null;
      fault.remaining -= 1;
      if (fault.remaining === 0) faults.splice(faults.indexOf(fault), 1);
      return fault.respond(method, path);
    },
  };
}
