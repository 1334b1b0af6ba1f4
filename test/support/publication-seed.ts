import type { Community, CommunitySettings, Member } from '../../src/core/community.ts';
import type { Consent, SubmissionStatus } from '../../src/core/posts/submission.ts';
import type { Store } from '../../src/core/store.ts';
import type { PrismaClient } from '../../src/storage/generated/client.ts';

/** The smallest PNG there is (1×1): its header is all `imageTypeOf` reads. */
export const tinyPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** A community with the posts' channels and settings given (showcase C-show, queue C-mod by default). */
export async function postsCommunity(
  store: Store,
  externalId: string,
  options: {
    timeZone?: string;
    channels?: CommunitySettings['channels'];
    posts?: Partial<CommunitySettings['posts']>;
    moderatorUsers?: string[];
  } = {},
): Promise<Community> {
  const created = await store.communities.ensure({
    platform: 'discord',
    externalId,
    name: 'Duchess',
    locale: 'fr',
    timeZone: options.timeZone ?? 'America/Montreal',
  });
  return store.communities.update(created.id, {
    settings: {
      ...created.settings,
      channels: options.channels ?? { showcase: 'C-show', moderationQueue: 'C-mod' },
      posts: { ...created.settings.posts, ...options.posts },
      moderatorUsers: options.moderatorUsers ?? [],
    },
  });
}

export async function person(store: Store, community: Community, name: string): Promise<Member> {
  return store.members.ensure({ communityId: community.id, externalUserId: name, displayName: name });
}

/** A submission put straight in the table (sharing and moderation are tested elsewhere); approved by default. */
export async function post(
  prisma: PrismaClient,
  community: Community,
  author: Member,
  options: {
    caption?: string;
    rank?: number;
    status?: SubmissionStatus;
    consent?: Consent;
    image?: { sha256: string; name?: string } | null;
    createdAt?: Date;
  } = {},
): Promise<string> {
  const status = options.status ?? 'approved';
  const row = await prisma.submission.create({
    data: {
      communityId: community.id,
      authorId: author.id,
      category: options.image === null ? 'quote' : 'coding',
      caption: options.caption ?? `Une photo de ${author.externalUserId}`,
      ...(options.image
        ? { imageSha256: options.image.sha256, imageName: options.image.name ?? 'photo.png', imageMime: 'image/png' }
        : {}),
      credit: 'name',
      consent: options.consent ?? 'community',
      status,
      queueRank: status === 'approved' ? (options.rank ?? Date.now()) : null,
      createdAt: options.createdAt ?? new Date('2026-01-01T10:00:00Z'),
      updatedAt: options.createdAt ?? new Date('2026-01-01T10:00:00Z'),
    },
  });
  return row.id;
}
