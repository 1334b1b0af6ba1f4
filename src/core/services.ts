import type { Locale } from '../i18n/index.ts';
import type { Clock } from './clock.ts';
import { createProfileService, type ProfileService } from './onboarding/profile-service.ts';
import { createSettingsService, type SettingsService } from './settings-service.ts';
import { createMatchingService, type MatchingService } from './matching/matching-service.ts';
import type { Store } from './store.ts';
import { createChallengeService, type ChallengeService } from './challenges/challenge-service.ts';
import { createPublicationService, type PublicationService } from './posts/publication.ts';
import { createSubmissionService, type SubmissionService } from './posts/submission-service.ts';
import { createCircleService, type CircleService } from './circles/circle-service.ts';
import { createEventService, type EventService } from './events/event-service.ts';
import { createRegionService, type RegionService } from './regions/region-service.ts';
import { createDataService, type DataService } from './privacy/data-service.ts';

/** What command handlers may use. Built once in main.ts (or a test) from plain parameters. */
export interface Services {
  store: Store;
  clock: Clock;
  defaults: { locale: Locale; timeZone: string };
  profiles: ProfileService;
  settings: SettingsService;
  matching: MatchingService;
  /** Sharing a post and its moderation. */
  posts: SubmissionService;
  /** The publication queue and the daily publication. */
  publication: PublicationService;
  challenges: ChallengeService;
  /** Peer circles: the waiting list, formation, leaving, newcomers and merges. */
  circles: CircleService;
  /** Mentored events: registrations, groups, publication. */
  events: EventService;
  /** The community's regions and their delegates. */
  regions: RegionService;
  /** Members' data: export, erasure, leaving the platform, retention. */
  data: DataService;
}

export function createServices(deps: { store: Store; clock: Clock; defaults: Services['defaults'] }): Services {
  return {
    ...deps,
    profiles: createProfileService(deps),
    settings: createSettingsService(deps),
    matching: createMatchingService(deps),
    posts: createSubmissionService(deps),
    publication: createPublicationService(deps),
    challenges: createChallengeService(deps),
    circles: createCircleService(deps),
    events: createEventService(deps),
    regions: createRegionService(deps),
    data: createDataService(deps),
  };
}
