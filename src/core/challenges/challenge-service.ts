import type { Clock } from '../clock.ts';
import type { Store } from '../store.ts';

/** The challenge chain: filled by helper D in this change. */
export function createChallengeService(deps: { store: Store; clock: Clock }) {
  void deps;
  return {};
}
export type ChallengeService = ReturnType<typeof createChallengeService>;
