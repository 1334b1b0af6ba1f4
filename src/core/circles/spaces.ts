import { translator } from '../../i18n/index.ts';
import type { Community, Member } from '../community.ts';
import { dm } from '../matching/notify.ts';
import type { Profile } from '../onboarding/profile.ts';
import { spaceLinkToken } from '../outbox.ts';
import { placeKey, regionFinder } from '../regions/regions.ts';
import type { Repositories } from '../store.ts';
import type { CircleCandidate } from './formation.ts';
import { circleKeys } from './keys.ts';
import { circleReady, circleWelcome, type WelcomeKind } from './messages.ts';
import type { CircleWithMembers } from './ports.ts';

/** Who may be in a circle: a complete profile, as a mentee, a peer or both, and active. */
export type CircleEligibility = 'ok' | 'circle.error.noProfile' | 'circle.error.mentorOnly' | 'circle.error.paused';

export function circleEligibility(member: Member | undefined, profile: Profile | undefined): CircleEligibility {
  if (!member || !profile?.completedAt) return 'circle.error.noProfile';
  if (profile.answers.role === 'mentor') return 'circle.error.mentorOnly';
  if (member.status !== 'active') return 'circle.error.paused';
  return 'ok';
}

/** These members as formation reads them, in the order given (those without a profile are left out). */
export async function candidatesOf(
  repos: Repositories,
  communityId: string,
  memberIds: readonly string[],
  profiles: ReadonlyMap<string, Profile>,
): Promise<CircleCandidate[]> {
  const find = regionFinder(await repos.regions.list(communityId));
  return memberIds.flatMap((memberId) => {
    const answers = profiles.get(memberId)?.answers;
    if (!answers) return [];
    const typed = answers.region?.trim() ?? '';
    const region = find(typed);
    return [
      {
        memberId,
        situation: answers.situation ?? null,
        languages: answers.languages ?? [],
        domains: answers.domains ?? [],
        place: region ? `region:${region.id}` : placeKey(typed),
        remote: answers.remote ?? false,
        ...(region ? { placeLabel: region.name } : typed ? { placeLabel: typed } : {}),
      },
    ];
  });
}

/**
 * A circle's private space (Discord: a private thread under the matching channel; Slack: a
 * group DM) with its welcome, then a DM to each member with the link, sent once the space
 * exists. On Discord without a matching channel there is no parent for a thread: each
 * member gets the welcome by DM.
 */
export async function openCircleSpace(
  repos: Repositories,
  community: Community,
  circle: CircleWithMembers,
  kind: WelcomeKind,
  now: Date,
): Promise<void> {
  const byId = new Map((await repos.members.many(circle.memberIds)).map((m) => [m.id, m]));
  const members = circle.memberIds.flatMap((id) => byId.get(id) ?? []);
  const welcome = circleWelcome(community, circle, members, kind);
  const parent = community.settings.channels.matching;
  const revision = circle.spaceRevision;
  const base = { communityId: community.id, platform: community.platform, availableAt: now };
  if (community.platform === 'discord' && !parent) {
    await repos.outbox.enqueueMany(
      members.map((member) => ({
        ...base,
        key: circleKeys.welcomeDm(circle.id, revision, member.id),
        target: dm(member),
        message: welcome,
      })),
    );
    return;
  }
  const space = circleKeys.space(circle.id, revision);
  const name = translator(community.locale)('circle.spaceName', { number: circle.number });
  // The space first, then the DMs that link to it, in one statement: they wait for it to exist.
  await repos.outbox.enqueueMany([
    {
      ...base,
      key: space,
      target: {
        kind: 'group',
        userIds: members.map((m) => m.externalUserId),
        ...(parent ? { parentChannelId: parent } : {}),
        name,
      },
      message: welcome,
    },
    ...members.map((member) => ({
      ...base,
      key: circleKeys.ready(circle.id, revision, member.id),
      target: dm(member),
      message: circleReady(community, member, circle, spaceLinkToken),
      after: space,
    })),
  ]);
}
