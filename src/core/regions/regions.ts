import type { Repositories } from '../store.ts';
import type { Region } from './ports.ts';

/**
 * How a member's region ties to the community's regions. The questionnaire keeps its
 * free "region or city" answer (so every existing profile keeps working): a member
 * belongs to a region when what she typed is its name or one of its other names (a
 * city, a department), compared without case, accents or punctuation: "ile de france",
 * "Île-de-France" and "ÎLE DE FRANCE" are one.
 */
export function placeKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Finds the region of a typed place among the community's regions (null: none of them). */
export function regionFinder(regions: readonly Region[]): (typed: string | undefined | null) => Region | null {
  const byKey = new Map<string, Region>();
  for (const region of regions) {
    for (const name of [region.name, ...region.aliases]) {
      const key = placeKey(name);
      // The first region to claim a name keeps it: two regions never share a member.
      if (key && !byKey.has(key)) byKey.set(key, region);
    }
  }
  return (typed) => (typed ? (byKey.get(placeKey(typed)) ?? null) : null);
}

/**
 * Where a member is, for grouping people: her region's id when she is in one of the
 * community's regions, else what she typed (normalised), '' when nothing.
 */
export function placeOf(find: ReturnType<typeof regionFinder>, typed: string | undefined | null): string {
  const region = find(typed);
  return region ? `region:${region.id}` : placeKey(typed ?? '');
}

/** A region of the community by its id or its name (any case or accents); null when none. */
export async function findRegion(
  repos: Pick<Repositories, 'regions'>,
  communityId: string,
  idOrName: string,
): Promise<Region | null> {
  const regions = await repos.regions.list(communityId);
  const key = placeKey(idOrName);
  return regions.find((r) => r.id === idOrName) ?? regions.find((r) => placeKey(r.name) === key) ?? null;
}

/**
 * The members of a region (by id or name): those whose profile's region is its name or
 * one of its other names. For figures filtered by region (`stats`). An unknown region has none.
 */
export async function membersOfRegion(
  repos: Pick<Repositories, 'regions'>,
  communityId: string,
  idOrName: string,
): Promise<string[]> {
  const region = await findRegion(repos, communityId, idOrName);
  if (!region) return [];
  const find = regionFinder(await repos.regions.list(communityId));
  return (await repos.regions.places(communityId))
    .filter((p) => find(p.region)?.id === region.id)
    .map((p) => p.memberId);
}
