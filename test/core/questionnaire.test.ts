import { describe, expect, it } from 'vitest';
import {
  fieldSchemas,
  missingQuestions,
  withoutStaleAnswers,
  type Answers,
} from '../../src/core/onboarding/questionnaire.ts';

/** The i18n key of the first problem zod found, or null when the value is accepted. */
function problemOf(
  schema: { safeParse(value: unknown): { success: boolean; error?: { issues: { message: string }[] } } },
  value: unknown,
) {
  const result = schema.safeParse(value);
  return result.success ? null : (result.error?.issues[0]?.message ?? '?');
}

const complete: Answers = {
  situation: 'junior',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  hoursPerMonth: 4,
  consent: true,
};

describe('hours per month', () => {
  it('accepts a whole number, with or without spaces around it', () => {
    expect(fieldSchemas.hoursPerMonth.parse('4')).toBe(4);
    expect(fieldSchemas.hoursPerMonth.parse(' 4 ')).toBe(4);
    expect(fieldSchemas.hoursPerMonth.parse(4)).toBe(4);
  });

  it('refuses a decimal or words with the "write a whole number" message', () => {
    expect(problemOf(fieldSchemas.hoursPerMonth, '4.5')).toBe('onboarding.invalid.number');
    expect(problemOf(fieldSchemas.hoursPerMonth, 'beaucoup')).toBe('onboarding.invalid.number');
    expect(problemOf(fieldSchemas.hoursPerMonth, '-3')).toBe('onboarding.invalid.number');
  });

  it('accepts 1 to 40 and refuses 0 and 41 with the range message', () => {
    expect(fieldSchemas.hoursPerMonth.parse('1')).toBe(1);
    expect(fieldSchemas.hoursPerMonth.parse('40')).toBe(40);
    expect(problemOf(fieldSchemas.hoursPerMonth, '0')).toBe('onboarding.invalid.range');
    expect(problemOf(fieldSchemas.hoursPerMonth, '41')).toBe('onboarding.invalid.range');
  });

  it('caps a mentor’s capacity at 5 mentees at once', () => {
    expect(fieldSchemas.capacity.parse('5')).toBe(5);
    expect(problemOf(fieldSchemas.capacity, '6')).toBe('onboarding.invalid.range');
    expect(problemOf(fieldSchemas.capacity, '0')).toBe('onboarding.invalid.range');
  });
});

describe('stacks', () => {
  it('splits on commas, semicolons and new lines, trims each and drops the empty ones', () => {
    expect(fieldSchemas.stacks.parse('Java, React;Kotlin\nGo ,, ;\n')).toEqual(['Java', 'React', 'Kotlin', 'Go']);
  });

  it('keeps each techno once, in the order first given', () => {
    expect(fieldSchemas.stacks.parse('React, Java, React;Java')).toEqual(['React', 'Java']);
  });

  it('accepts a techno of 40 characters and refuses one of 41', () => {
    expect(fieldSchemas.stacks.parse(`${'a'.repeat(40)}, Java`)).toEqual(['a'.repeat(40), 'Java']);
    expect(problemOf(fieldSchemas.stacks, `Java, ${'a'.repeat(41)}`)).toBe('onboarding.invalid.stackTooLong');
  });

  it('refuses a list longer than the field allows', () => {
    expect(problemOf(fieldSchemas.stacks, 'Java, '.repeat(40))).toBe('onboarding.invalid.tooLong');
  });
});

describe('other fields', () => {
  it('takes consent only as an explicit true', () => {
    expect(fieldSchemas.consent.parse(true)).toBe(true);
    for (const value of [false, 'true', 'yes', 1])
      expect(problemOf(fieldSchemas.consent, value)).toBe('onboarding.invalid.consent');
  });

  it('refuses a choice that is not offered', () => {
    expect(problemOf(fieldSchemas.role, 'boss')).toBe('onboarding.invalid.choice');
    expect(problemOf(fieldSchemas.domains, ['front', 'cooking'])).toBe('onboarding.invalid.choice');
  });

  it('asks for at least one value in a multiple choice and keeps each once', () => {
    expect(problemOf(fieldSchemas.domains, [])).toBe('onboarding.invalid.required');
    expect(fieldSchemas.domains.parse(['front', 'back', 'front'])).toEqual(['front', 'back']);
  });

  it('reads remote as yes/no or a boolean', () => {
    expect(fieldSchemas.remote.parse('yes')).toBe(true);
    expect(fieldSchemas.remote.parse('no')).toBe(false);
    expect(fieldSchemas.remote.parse(false)).toBe(false);
    expect(fieldSchemas.remote.safeParse('maybe').success).toBe(false);
  });
});

describe('missingQuestions', () => {
  const ids = (answers: Answers) => missingQuestions(answers).map((q) => q.id);

  it('asks everything required, in order, while the role is unknown', () => {
    expect(ids({})).toEqual([
      'role',
      'situation',
      'domains',
      'languages',
      'remote',
      'seeks',
      'offers',
      'hoursPerMonth',
      'capacity',
      'consent',
    ]);
  });

  it('does not ask a mentee what she offers nor how many mentees she takes', () => {
    expect(ids({ role: 'mentee' })).toEqual([
      'situation',
      'domains',
      'languages',
      'remote',
      'seeks',
      'hoursPerMonth',
      'consent',
    ]);
    expect(ids({ role: 'mentee', ...complete, seeks: ['first-job'] })).toEqual([]);
  });

  it('asks a mentor what she offers and her capacity, not what she seeks', () => {
    expect(ids({ role: 'mentor', ...complete })).toEqual(['offers', 'capacity']);
    expect(ids({ role: 'mentor', ...complete, offers: ['salary'], capacity: 2 })).toEqual([]);
  });

  it('asks someone who is both everything a mentee and a mentor are asked', () => {
    expect(ids({ role: 'both', ...complete })).toEqual(['seeks', 'offers', 'capacity']);
  });

  it('asks a peer what she seeks but not what she offers', () => {
    expect(ids({ role: 'peer', ...complete })).toEqual(['seeks']);
  });

  it('never asks the optional stacks, region and bio', () => {
    expect(ids({})).not.toContain('stacks');
    expect(ids({})).not.toContain('region');
    expect(ids({})).not.toContain('bio');
  });
});

describe('withoutStaleAnswers', () => {
  it('drops what she offered and her capacity when a mentor becomes a mentee', () => {
    const answers: Answers = {
      role: 'mentee',
      ...complete,
      offers: ['salary'],
      capacity: 3,
      seeks: ['leadership'],
      region: 'Lyon',
    };
    expect(withoutStaleAnswers(answers)).toEqual({
      role: 'mentee',
      ...complete,
      seeks: ['leadership'],
      region: 'Lyon',
    });
  });

  it('drops what she sought when a mentee becomes a mentor', () => {
    const answers: Answers = { role: 'mentor', ...complete, seeks: ['leadership'], offers: ['salary'], capacity: 2 };
    expect(withoutStaleAnswers(answers)).toEqual({ role: 'mentor', ...complete, offers: ['salary'], capacity: 2 });
  });

  it('keeps every answer while the role is unknown', () => {
    const answers: Answers = { seeks: ['leadership'], offers: ['salary'], capacity: 2 };
    expect(withoutStaleAnswers(answers)).toEqual(answers);
  });
});
