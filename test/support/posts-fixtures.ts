import { expect } from 'vitest';
import { FileTooLargeError, type FetchFile, type IncomingFile } from '../../src/core/incoming-files.ts';
import type { Community, CommunitySettings, Member } from '../../src/core/community.ts';
import { UserError } from '../../src/core/errors.ts';
import type { Store } from '../../src/core/store.ts';

const pngHeader = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Bytes that read as a PNG (its signature, then anything): `tag` makes them distinct. */
export const png = (tag: string) => Buffer.concat([pngHeader, Buffer.from(tag)]);

/**
 * A platform's files, in memory: `fetchFile` serves them like the adapters do (refusing
 * past the limit), `file` describes one as the platform would, `fetched` lists reads.
 */
export function fakeFiles(files: Record<string, Buffer>) {
  const fetched: string[] = [];
  const fetchFile: FetchFile = async (file, maxBytes) => {
    fetched.push(file.id);
    const bytes = files[file.id];
    if (!bytes) throw new Error(`no file ${file.id}`);
    if (bytes.length > maxBytes) throw new FileTooLargeError(maxBytes);
    return bytes;
  };
  const file = (id: string, extra: Partial<IncomingFile> = {}): IncomingFile => ({
    id,
    name: `${id}.png`,
    url: `https://cdn.example/${id}`,
    ...extra,
  });
  return { fetchFile, file, fetched };
}

/** A community whose moderators' queue is `C-queue` (unless `settings` says otherwise). */
export async function postsCommunity(
  store: Store,
  externalId: string,
  settings: Partial<CommunitySettings> = {},
  platform: 'discord' | 'slack' = 'discord',
): Promise<Community> {
  const created = await store.communities.ensure({
    platform,
    externalId,
    name: 'Duchess',
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
  return store.communities.update(created.id, {
    settings: { ...created.settings, channels: { moderationQueue: 'C-queue' }, ...settings },
  });
}

export const person = (store: Store, community: Community, externalUserId: string): Promise<Member> =>
  store.members.ensure({ communityId: community.id, externalUserId, displayName: externalUserId });

/** The UserError `promise` rejects with (its key and rendered params); fails the test on anything else. */
export async function refusedWith(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}
