import type { Community, CommunityRepository } from '../core/community.ts';

/**
 * How long a community row read here is used before it is read again. Nearly every
 * interaction needs its community and nearly none changes it: without this, each one cost
 * a round trip for the same row. A change made by this process is seen at once (its
 * writes forget the row); one made by another instance on the same database within this
 * bound.
 */
export const communityCacheMs = 2_000;

export interface CommunityCacheOptions {
  ttlMs?: number;
  /** Monotonic milliseconds; not the domain clock, which tests move by weeks or hold still. */
  now?: () => number;
}

/**
 * Community rows kept per process for a short while (see communityCacheMs). Rows are
 * frozen: a caller that changed one in place would change it for everyone.
 */
export function createCommunityCache({
  ttlMs = communityCacheMs,
  now = () => performance.now(),
}: CommunityCacheOptions) {
  const byId = new Map<string, { community: Community; at: number }>();
  const idOf = new Map<string, string>();
  const keyOf = (platform: string, externalId: string) => `${platform}\u0000${externalId}`;
  // Bumped by every write: a read that started before one must not put back what it read.
  let epoch = 0;

  function fresh(id: string | undefined): Community | undefined {
    const entry = id === undefined ? undefined : byId.get(id);
    if (!entry) return undefined;
    if (now() - entry.at < ttlMs) return entry.community;
    byId.delete(entry.community.id);
    return undefined;
  }

  function keep(community: Community, since: number): Community {
    if (since !== epoch) return community;
    const frozen = deepFreeze(structuredClone(community));
    byId.set(community.id, { community: frozen, at: now() });
    idOf.set(keyOf(community.platform, community.externalId), community.id);
    return frozen;
  }

  function forget(id: string) {
    epoch += 1;
    byId.delete(id);
  }

  /**
   * `repo` bound to the database (`fill`) or to a transaction (reads use what is kept but
   * never fill it: the transaction may not commit; writes are noted in `touched`, to be
   * forgotten again once it has ended, since a read elsewhere may have filled it meanwhile).
   */
  function wrap(repo: CommunityRepository, touched?: Set<string>): CommunityRepository {
    const fill = async (read: () => Promise<Community | null>) => {
      const since = epoch;
      const community = await read();
      return community && !touched ? keep(community, since) : community;
    };
    const wrote = <T extends Community>(community: T) => {
      forget(community.id);
      touched?.add(community.id);
      return community;
    };
    return {
      ...repo,
      async ensure(input) {
        const known = fresh(idOf.get(keyOf(input.platform, input.externalId)));
        if (known && (input.name === undefined || known.name === input.name)) return known;
        const community = await fill(() => repo.ensure(input));
        // Created or renamed: written, as far as others are concerned.
        if (community && known?.name !== community.name) touched?.add(community.id);
        return community as Community;
      },
      async find(platform, externalId) {
        return fresh(idOf.get(keyOf(platform, externalId))) ?? fill(() => repo.find(platform, externalId));
      },
      async findById(id) {
        return fresh(id) ?? fill(() => repo.findById(id));
      },
      async get(id) {
        return fresh(id) ?? ((await fill(() => repo.get(id))) as Community);
      },
      // Always read: it takes the row's lock, and what it reads is then written.
      lock: (id) => repo.lock(id),
      async update(id, change) {
        forget(id);
        touched?.add(id);
        return wrote(await repo.update(id, change));
      },
    };
  }

  return { wrap, forget };
}

export type CommunityCache = ReturnType<typeof createCommunityCache>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
