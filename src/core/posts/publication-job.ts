import type { Community } from '../community.ts';
import type { Store } from '../store.ts';
import { createPublicationService } from './publication.ts';

/** What the scheduler hands a job at each tick (see ScheduledJob in src/jobs/scheduler.ts). */
interface JobInput {
  store: Store;
  community: Community;
  now: Date;
}

const serviceAt = ({ store, now }: JobInput) => createPublicationService({ store, clock: { now: () => now } });

/** The daily publication: every slot due today not yet published, and the day-before check. */
export const publicationJob = {
  name: 'posts.publication',
  run: (input: JobInput) => serviceAt(input).runDaily(input.community, input.now),
};

/** Publications whose message failed for good, told to the moderators once each. */
export const publicationFailuresJob = {
  name: 'posts.publication-failures',
  run: (input: JobInput) => serviceAt(input).reportFailures(input.community, input.now),
};

/** The scheduler's jobs of the daily posts, in order. */
export const publicationJobs = [publicationJob, publicationFailuresJob] as const;
