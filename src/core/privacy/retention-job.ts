import type { Community } from '../community.ts';
import type { Store } from '../store.ts';
import { createDataService } from './data-service.ts';

/**
 * Members who left their platform are erased once the community's retention period
 * (admin setting, 90 days by default) has passed: computed from the database at each
 * tick, so a restart or a second instance neither skips nor repeats an erasure (the
 * erasure re-reads her under her lock, and she is no longer there the second time).
 */
export const retentionJob = {
  name: 'privacy.retention',
  run: async ({ store, community, now }: { store: Store; community: Community; now: Date }) => {
    await createDataService({ store, clock: { now: () => now } }).eraseExpired(community, now);
    // The notices to her partners are counted by the outbox itself.
    return 0;
  },
};

export const privacyJobs = [retentionJob] as const;
