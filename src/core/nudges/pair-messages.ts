import { translator, type Translate } from '../../i18n/index.ts';
import type { Community, Member } from '../community.ts';
import { localeOf } from '../matching/messages.ts';
import { formatDate, mention } from '../reply-parts.ts';
import type { Repositories } from '../store.ts';
import type { NudgedPair } from './pair-ports.ts';

/** What the pair and request nudges share: their members, their language, their dates. */

/** How far back a source still finds what it missed (the bot down for days): older nudges are dropped. */
export const catchUpDays = 14;
export const dayMs = 24 * 60 * 60 * 1000;

export async function membersById(repos: Repositories, ids: readonly string[]): Promise<Map<string, Member>> {
  if (ids.length === 0) return new Map();
  return new Map((await repos.members.many([...new Set(ids)])).map((m) => [m.id, m]));
}

export const tOf = (member: Member, community: Community): Translate => translator(localeOf(member, community));

/** A calendar day (YYYY-MM-DD) written in her language: the day itself, whatever her time zone. */
export const formatDay = (member: Member, community: Community, day: string) =>
  formatDate(localeOf(member, community), 'UTC', new Date(`${day}T00:00:00Z`));

/** The pair's other member, as a mention. */
export const partnerOf = (pair: NudgedPair, member: Member, people: Map<string, Member>) => {
  const other = people.get(member.id === pair.menteeId ? pair.mentorId : pair.menteeId);
  return mention(other?.externalUserId ?? '');
};

/** Both members of a pair, mentee first; null when one is gone. */
export function bothOf(pair: NudgedPair, people: Map<string, Member>): [Member, Member] | null {
  const mentee = people.get(pair.menteeId);
  const mentor = people.get(pair.mentorId);
  return mentee && mentor ? [mentee, mentor] : null;
}
