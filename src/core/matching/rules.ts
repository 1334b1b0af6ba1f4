import type { Member } from '../community.ts';
import { UserError } from '../errors.ts';
import type { Profile } from '../onboarding/profile.ts';
import { mention } from '../reply-parts.ts';
import type { Repositories } from '../store.ts';
import type { MentorshipRequest } from './ports.ts';
import { isMentee, isMentor, toMatchProfile } from './profiles.ts';
import { speaksWith } from './score.ts';

/**
 * Who may accompany whom, and what to say when not. Each refusal is written for the
 * member who clicked: the mentee who asked hears about the mentor, the mentor who
 * volunteered or answered hears about herself or about the mentee.
 */

/** The acting mentee's profile, or why she cannot look for a mentor now. */
export async function menteeProfile(repos: Repositories, mentee: Member): Promise<Profile> {
  return checkedMentee(await repos.profiles.get(mentee.id), mentee);
}

/** Her profile (read by the caller), or why she cannot look for a mentor now. */
export function checkedMentee(profile: Profile | null, mentee: Member): Profile {
  if (!isMentee(profile)) throw new UserError('match.error.notMentee');
  if (mentee.status !== 'active') throw new UserError('match.error.paused');
  return profile as Profile;
}

const capacityOf = (profile: Profile | null) => profile?.answers.capacity ?? 1;

/** The mentor's profile when she has room for one more mentee; the reason, for her, when not. */
export async function mentorWithRoom(repos: Repositories, mentor: Member): Promise<Profile> {
  const profile = await repos.profiles.get(mentor.id);
  if (!isMentor(profile)) throw new UserError('match.error.volunteerNotMentor');
  if (mentor.status !== 'active') throw new UserError('match.error.youArePaused');
  const capacity = capacityOf(profile);
  if ((await repos.matching.activePairCount(mentor.id)) >= capacity)
    throw new UserError('match.error.noRoomLeft', { capacity });
  return profile as Profile;
}

/** Whether `mentor` may receive a request from `mentee` now; the reason, for the mentee, when not. */
export async function mentorFor(
  repos: Repositories,
  mentee: Member,
  menteeProfile: Profile,
  mentor: Member,
): Promise<Profile> {
  const profile = await repos.profiles.get(mentor.id);
  if (!isMentor(profile) || mentor.status !== 'active' || mentor.id === mentee.id)
    throw new UserError('match.error.notAvailable');
  if ((await repos.matching.excludedFor(mentee.id)).has(mentor.id)) throw new UserError('match.error.notAvailable');
  if (!speaksWith(toMatchProfile(menteeProfile), toMatchProfile(profile as Profile)))
    throw new UserError('match.error.notAvailable');
  if ((await repos.matching.activePairCount(mentor.id)) >= capacityOf(profile))
    throw new UserError('match.error.full', { mentor: mention(mentor.externalUserId) });
  return profile as Profile;
}

/** Whether a mentor with room may volunteer for this mentee; the reason, for the mentor, when not. */
export async function mayVolunteer(
  repos: Repositories,
  mentee: Member,
  menteeProfile: Profile,
  mentor: Member,
  mentorProfile: Profile,
): Promise<void> {
  if ((await repos.matching.excludedFor(mentee.id)).has(mentor.id)) throw new UserError('match.error.notForYou');
  if (!speaksWith(toMatchProfile(menteeProfile), toMatchProfile(mentorProfile)))
    throw new UserError('match.error.noCommonLanguage');
}

/** Pending or offered, and not past due: the only requests an answer can move. */
export const isOpen = (request: MentorshipRequest, now: Date) =>
  (request.status === 'pending' || request.status === 'offered') && request.expiresAt > now;
const isExpired = (request: MentorshipRequest, now: Date) =>
  request.status === 'expired' ||
  ((request.status === 'pending' || request.status === 'offered') && request.expiresAt <= now);

/** Why the mentor who answered a request cannot any more (the request is not open). */
export async function closedForMentor(repos: Repositories, request: MentorshipRequest, now: Date): Promise<UserError> {
  const pair = await repos.matching.activePairOf(request.menteeId);
  if (pair)
    return new UserError(pair.mentorId === request.mentorId ? 'match.error.alreadyYours' : 'match.error.menteePaired');
  if (request.status === 'declined') return new UserError('match.error.youDeclined');
  if (isExpired(request, now)) return new UserError('match.error.requestExpired');
  if ((await repos.members.get(request.menteeId)).status !== 'active')
    return new UserError('match.error.menteeUnavailable');
  return new UserError('match.error.requestClosed');
}

/** Why the mentee cannot choose this mentor's offer (the request is not an open offer). */
export function notChoosable(request: MentorshipRequest, mentor: Member, now: Date): UserError {
  const who = { mentor: mention(mentor.externalUserId) };
  if (isExpired(request, now)) return new UserError('match.error.offerExpired', who);
  if (request.status === 'pending') return new UserError('match.error.notOffered', who);
  return new UserError('match.error.offerWithdrawn', who);
}
