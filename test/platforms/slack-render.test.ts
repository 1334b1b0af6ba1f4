import { describe, expect, it } from 'vitest';
import type { Modal } from '../../src/core/reply.ts';
import { formValues, renderBlocks, renderModal, toMrkdwn } from '../../src/platforms/slack/render.ts';

describe('Slack markup', () => {
  it('turns **bold** into Slack’s *bold*, however many times it appears', () => {
    expect(toMrkdwn('**Ton profil** — **actif**')).toBe('*Ton profil* — *actif*');
  });

  it('turns "- " bullets into • and role mentions into user group mentions', () => {
    expect(toMrkdwn('- une\n- deux <@&S123>')).toBe('• une\n• deux <!subteam^S123>');
  });

  it('leaves user and channel mentions as they are', () => {
    expect(toMrkdwn('<@U1> dans <#C2>')).toBe('<@U1> dans <#C2>');
  });

  it('renders text and context blocks in mrkdwn', () => {
    expect(renderBlocks({ text: 't', blocks: [{ type: 'text', text: '**Étape 1**' }, { type: 'context', text: '- note' }] })).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Étape 1*' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '• note' }] },
    ]);
  });

  it('renders a message without blocks as its text', () => {
    expect(renderBlocks({ text: '**Bienvenue**' })).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*Bienvenue*' } }]);
  });
});

describe('Slack fields', () => {
  it('splits fields into sections of at most ten, label in bold above the value', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `Champ ${i}`, value: `**valeur** ${i}` }));
    const sections = renderBlocks({ text: 't', blocks: [{ type: 'fields', fields }] });
    expect(sections.map((s) => (s as { fields: unknown[] }).fields.length)).toEqual([10, 10, 3]);
    expect((sections[2] as { fields: { text: string }[] }).fields[2]).toEqual({ type: 'mrkdwn', text: '*Champ 22*\n*valeur* 22' });
  });

  it('shows an empty value as a dash', () => {
    const [section] = renderBlocks({ text: 't', blocks: [{ type: 'fields', fields: [{ label: 'Bio', value: '' }] }] });
    expect((section as { fields: { text: string }[] }).fields[0]?.text).toBe('*Bio*\n—');
  });
});

describe('Slack actions', () => {
  it('renders a single select with its current choice and a multiple one with all of them', () => {
    const options = [
      { value: 'front', label: 'Front-end' },
      { value: 'back', label: 'Back-end' },
    ];
    const [block] = renderBlocks({
      text: 't',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'select', action: 'join:set:role:join', placeholder: 'Rôle', options, selected: ['back'] },
            { type: 'select', action: 'join:set:domains:join', placeholder: 'Domaines', options, max: 2, selected: ['front', 'back'] },
          ],
        },
      ],
    });
    const [single, multi] = (block as unknown as { elements: Record<string, unknown>[] }).elements;
    expect(single).toMatchObject({ type: 'static_select', action_id: 'join:set:role:join', initial_option: { value: 'back' } });
    expect(multi).toMatchObject({ type: 'multi_static_select', max_selected_items: 2, initial_options: [{ value: 'front' }, { value: 'back' }] });
  });

  it('gives a danger button Slack’s danger style and a success button the primary one', () => {
    const [block] = renderBlocks({
      text: 't',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action: 'profile:leave', label: 'Quitter', style: 'danger' },
            { type: 'button', action: 'join:consent', label: 'J’accepte', style: 'success' },
            { type: 'button', action: 'join:cancel', label: 'Plus tard' },
          ],
        },
      ],
    });
    expect((block as { elements: { style?: string }[] }).elements.map((e) => e.style)).toEqual(['danger', 'primary', undefined]);
  });
});

describe('Slack modals', () => {
  const modal: Modal = {
    action: 'join:all',
    title: 'Rejoindre le programme de marrainage',
    submitLabel: 'Envoyer mes réponses au programme',
    fields: [{ type: 'text', id: 'bio', label: 'Quelques mots sur toi', style: 'paragraph', required: false, value: 'Dev', maxLength: 500 }],
  };

  it('clips the title, submit and close labels to Slack’s 24 characters', () => {
    const view = renderModal(modal, 'Annuler cette inscription maintenant');
    if (view.type !== 'modal') throw new Error('expected a modal view');
    expect(view.title?.text).toHaveLength(24);
    expect(view.title?.text.endsWith('…')).toBe(true);
    expect(view.submit?.text.length).toBeLessThanOrEqual(24);
    expect(view.close?.text.length).toBeLessThanOrEqual(24);
  });

  it('keeps the form id as callback and carries metadata along', () => {
    const view = renderModal(modal, 'Annuler', { channelId: 'C1' });
    expect(view).toMatchObject({ type: 'modal', callback_id: 'join:all', private_metadata: '{"channelId":"C1"}' });
    expect(view.blocks[0]).toMatchObject({
      type: 'input',
      block_id: 'bio',
      optional: true,
      element: { type: 'plain_text_input', action_id: 'bio', multiline: true, initial_value: 'Dev', max_length: 500 },
    });
  });
});

describe('Slack form values', () => {
  it('reads every kind of input a submitted modal holds', () => {
    const values = formValues({
      region: { region: { type: 'plain_text_input', value: 'Lyon' } },
      bio: { bio: { type: 'plain_text_input', value: null } },
      role: { role: { type: 'static_select', selected_option: { value: 'mentor' } } },
      situation: { situation: { type: 'static_select', selected_option: null } },
      domains: { domains: { type: 'multi_static_select', selected_options: [{ value: 'front' }, { value: 'qa' }] } },
      languages: { languages: { type: 'multi_static_select', selected_options: [] } },
      consent: { consent: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
      refused: { refused: { type: 'checkboxes', selected_options: [] } },
      showcase: { showcase: { type: 'conversations_select', selected_conversation: 'C42' } },
      matching: { matching: { type: 'conversations_select', selected_conversation: null } },
      announcements: { announcements: { type: 'channels_select', selected_channel: 'C7' } },
      moderatorUsers: { moderatorUsers: { type: 'multi_users_select', selected_users: ['U1', 'U2'] } },
      adminUsers: { adminUsers: { type: 'multi_users_select', selected_users: [] } },
      buddy: { buddy: { type: 'users_select', selected_user: 'U3' } },
    });
    expect(values).toEqual({
      region: 'Lyon',
      bio: '',
      role: ['mentor'],
      situation: [],
      domains: ['front', 'qa'],
      languages: [],
      consent: ['yes'],
      refused: [],
      showcase: ['C42'],
      matching: [],
      announcements: ['C7'],
      moderatorUsers: ['U1', 'U2'],
      adminUsers: [],
      buddy: ['U3'],
    });
  });

  it('reads an input left empty as an empty text, which the core treats as no answer', () => {
    expect(formValues({ stacks: { stacks: { type: 'plain_text_input' } } })).toEqual({ stacks: '' });
  });
});
