import { membersOfRegion } from '../regions/regions.ts';
import type { Repositories } from '../store.ts';
import type { CircleFigures } from './ports.ts';

export type { CircleFigures } from './ports.ts';

/**
 * The circles' and events' figures of a community, from the database (for `stats`).
 * With `region` (a region's id or name, see membersOfRegion): circles and groups holding
 * one of its members, members and participants among them, and those of them waiting.
 * An unknown region counts nothing.
 */
export async function circleFigures(repos: Repositories, communityId: string, region?: string): Promise<CircleFigures> {
  const memberIds = region === undefined ? undefined : await membersOfRegion(repos, communityId, region);
  const [circles, events] = await Promise.all([
    repos.circles.figures(communityId, memberIds),
    repos.events.figures(communityId, memberIds),
  ]);
  return { circles, events };
}
