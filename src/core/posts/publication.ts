import type { Clock } from '../clock.ts';
import type { Store } from '../store.ts';

/** The daily publication and the publication queue: filled by helper D in this change. */
export function createPublicationService(deps: { store: Store; clock: Clock }) {
  void deps;
  return {};
}
export type PublicationService = ReturnType<typeof createPublicationService>;
