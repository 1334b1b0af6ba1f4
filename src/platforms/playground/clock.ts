import type { Clock } from '../../core/clock.ts';

/**
 * The playground's clock: the real time plus an offset its "time travel" moves forward,
 * so the scheduler and the outbox see days pass within a minute. Everything that reads
 * the time (services, scheduler, outbox) is given this one clock.
 */
export interface TravelClock extends Clock {
  offsetMs(): number;
  setOffset(ms: number): void;
}

export function createTravelClock(offsetMs = 0): TravelClock {
  let offset = offsetMs;
  return {
    now: () => new Date(Date.now() + offset),
    offsetMs: () => offset,
    setOffset: (ms) => {
      offset = ms;
    },
  };
}

export const isTravelClock = (clock: Clock): clock is TravelClock => 'setOffset' in clock && 'offsetMs' in clock;
