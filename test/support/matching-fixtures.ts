import { expect } from 'vitest';
import type { Community, Member } from '../../src/core/community.ts';
import { UserError } from '../../src/core/errors.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import type { Store } from '../../src/core/store.ts';

/** People who already answered the questionnaire (tested elsewhere), for matching tests. */
export const menteeAnswers: Answers = {
  role: 'mentee',
  situation: 'career-change',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  seeks: ['career-change', 'confidence'],
  stacks: ['java'],
  region: 'Lyon',
  hoursPerMonth: 4,
  consent: true,
};
export const mentorAnswers = (overrides: Partial<Answers> = {}): Answers => ({
  role: 'mentor',
  situation: 'experienced',
  domains: ['back'],
  languages: ['fr', 'en'],
  remote: true,
  offers: ['career-change'],
  stacks: ['java'],
  region: 'Lyon',
  hoursPerMonth: 6,
  capacity: 1,
  consent: true,
  ...overrides,
});

/** A member of `community` with a complete profile; her external id is her name. */
export async function createPerson(
  store: Store,
  community: Community,
  name: string,
  answers: Answers,
  at = new Date(),
): Promise<Member> {
  const member = await store.members.ensure({ communityId: community.id, externalUserId: name, displayName: name });
  await store.profiles.save({
    memberId: member.id,
    communityId: community.id,
    questionnaireVersion: 1,
    answers,
    pendingInput: {},
    consentedAt: at,
    completedAt: at,
  });
  return member;
}

/** The key of the UserError `promise` rejects with; fails the test on anything else. */
export async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).text.key;
}
