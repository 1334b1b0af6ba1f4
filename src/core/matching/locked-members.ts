import type { Member } from '../community.ts';
import type { Repositories } from '../store.ts';

/**
 * Reads members under the locks `lockMembers` just took: the rows it gave back, so each
 * costs no second round trip; an id it did not find (no one) is read as before, which
 * refuses it the same way.
 */
export function lockedMembers(repos: Repositories, locked: readonly Member[]): (id: string) => Promise<Member> {
  const byId = new Map(locked.map((member) => [member.id, member]));
  return async (id) => byId.get(id) ?? repos.members.get(id);
}
