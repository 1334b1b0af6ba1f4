import { describe, expect, it } from 'vitest';
import { translator } from '../../src/i18n/index.ts';
import { fullModal, detailsModal } from '../../src/core/onboarding/presenter.ts';
import { ranges } from '../../src/core/onboarding/questionnaire.ts';
import type { Modal } from '../../src/core/reply-model.ts';
import { formValues, renderModal } from '../../src/platforms/slack/render.ts';
import type { Profile } from '../../src/core/onboarding/profile.ts';

const element = (view: ReturnType<typeof renderModal>, id: string) =>
  (view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find((b) => b.block_id === id)?.element;

const numberModal = (value?: string): Modal => ({
  action: 'admin:nudge-delays',
  title: 'Délais',
  submitLabel: 'Enregistrer',
  fields: [
    {
      type: 'text',
      id: 'ghostAfter',
      label: 'Silence',
      style: 'short',
      required: true,
      maxLength: 2,
      number: { min: 7, max: 60 },
      placeholder: 'entre 7 et 60',
      ...(value === undefined ? {} : { value }),
    },
  ],
});

describe('Slack number_input', () => {
  it('renders a number field as a whole-number input with its bounds, and no max_length', () => {
    const view = renderModal(numberModal('14'), 'Annuler');
    expect(element(view, 'ghostAfter')).toEqual({
      type: 'number_input',
      action_id: 'ghostAfter',
      is_decimal_allowed: false,
      min_value: '7',
      max_value: '60',
      initial_value: '14',
      placeholder: { type: 'plain_text', text: 'entre 7 et 60', emoji: true },
    });
  });

  it('leaves out an initial value Slack would refuse: not a whole number, or out of bounds', () => {
    for (const value of ['beaucoup', '3', '61', '1.5', '-8', '', ' ']) {
      expect(element(renderModal(numberModal(value), 'Annuler'), 'ghostAfter'), value).not.toHaveProperty(
        'initial_value',
      );
    }
    expect(element(renderModal(numberModal(' 07 '), 'Annuler'), 'ghostAfter')).toHaveProperty('initial_value', '7');
  });

  it('is what the questionnaire uses for hours per month and capacity, with the bounds the core checks', () => {
    const t = translator('fr');
    const view = renderModal(fullModal(t, 'fr', null), 'Annuler');
    expect(element(view, 'hoursPerMonth')).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: false,
      min_value: String(ranges.hoursPerMonth.min),
      max_value: String(ranges.hoursPerMonth.max),
    });
    expect(element(view, 'capacity')).toMatchObject({
      type: 'number_input',
      is_decimal_allowed: false,
      min_value: String(ranges.capacity.min),
      max_value: String(ranges.capacity.max),
    });
    // Text questions stay text.
    expect(element(view, 'region')).toMatchObject({ type: 'plain_text_input' });
  });

  it('prefills her saved numbers in the details form', () => {
    const profile = {
      answers: { role: 'mentor', hoursPerMonth: 6, capacity: 2 },
      pendingInput: {},
    } as unknown as Profile;
    const view = renderModal(detailsModal(translator('en'), 'en', profile, 'edit'), 'Cancel');
    expect(element(view, 'hoursPerMonth')).toMatchObject({ type: 'number_input', initial_value: '6' });
    expect(element(view, 'capacity')).toMatchObject({ type: 'number_input', initial_value: '2' });
  });

  it('reads a submitted number_input as the text the core parses, and an empty one as no answer', () => {
    expect(
      formValues({
        hoursPerMonth: { hoursPerMonth: { type: 'number_input', value: '12' } },
        capacity: { capacity: { type: 'number_input', value: null } },
      }),
    ).toEqual({ hoursPerMonth: '12', capacity: '' });
  });
});
