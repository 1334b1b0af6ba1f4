import type { Profile } from '../onboarding/profile.ts';
import { normalizeRegion, type MatchProfile } from './score.ts';

/** What matching reads of a profile, normalised once. */
export function toMatchProfile(profile: Profile): MatchProfile {
  const a = profile.answers;
  return {
    memberId: profile.memberId,
    situation: a.situation ?? 'experienced',
    domains: a.domains ?? [],
    languages: a.languages ?? [],
    remote: a.remote ?? false,
    seeks: a.seeks ?? [],
    offers: a.offers ?? [],
    stacks: (a.stacks ?? []).map((s) => s.toLowerCase()),
    region: normalizeRegion(a.region ?? ''),
    hoursPerMonth: a.hoursPerMonth ?? 0,
    capacity: a.capacity ?? 1,
  };
}

export const isMentee = (profile: Profile | null) =>
  profile?.completedAt != null && (profile.answers.role === 'mentee' || profile.answers.role === 'both');
export const isMentor = (profile: Profile | null) =>
  profile?.completedAt != null && (profile.answers.role === 'mentor' || profile.answers.role === 'both');
