import type { Answers } from './questionnaire.ts';

export interface Profile {
  memberId: string;
  communityId: string;
  questionnaireVersion: number;
  answers: Answers;
  /** What she typed in a form field that did not validate, to prefill her correction. */
  pendingInput: Record<string, string>;
  consentedAt: Date | null;
  /** The consent text version she agreed to (see consentVersion); null or absent when none. */
  consentVersion?: number | null;
  completedAt: Date | null;
}

export interface ProfileRepository {
  get(memberId: string): Promise<Profile | null>;
  save(profile: Profile): Promise<Profile>;
  /** Profiles of a community with these member ids (for cards, matching). */
  many(memberIds: string[]): Promise<Profile[]>;
}
