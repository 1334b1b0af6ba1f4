import type { Answers } from '../../src/core/onboarding/questionnaire.ts';

/**
 * A mentee and a mentor who fit each other (same domain, stack, language and region), as
 * the end-to-end tests, the crash rounds and the interaction bench fill the questionnaire.
 * Plain data, importable outside vitest (the bench's bot process).
 */
export const fittingMentee: Answers = {
  role: 'mentee',
  situation: 'career-change',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  seeks: ['career-change'],
  stacks: ['java'],
  region: 'Lyon',
  hoursPerMonth: 4,
  consent: true,
};

export const fittingMentor = (overrides: Partial<Answers> = {}): Answers => ({
  role: 'mentor',
  situation: 'experienced',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  offers: ['career-change'],
  stacks: ['java'],
  region: 'Lyon',
  hoursPerMonth: 6,
  capacity: 3,
  consent: true,
  ...overrides,
});
