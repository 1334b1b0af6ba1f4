import type { Clock } from '../clock.ts';
import type { Store } from '../store.ts';

/** Sharing and moderation: filled by helper C in this change. */
export function createSubmissionService(deps: { store: Store; clock: Clock }) {
  void deps;
  return {};
}
export type SubmissionService = ReturnType<typeof createSubmissionService>;
