import { describe, expect, it } from 'vitest';
import { memberText, type Modal } from '../../src/core/reply-model.ts';
import { formValues, inertMrkdwn, renderBlocks, renderModal, toMrkdwn } from '../../src/platforms/slack/render.ts';

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
    expect(
      renderBlocks({
        text: 't',
        blocks: [
          { type: 'text', text: '**Étape 1**' },
          { type: 'context', text: '- note' },
        ],
      }),
    ).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Étape 1*' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '• note' }] },
    ]);
  });

  it('renders a message without blocks as its text', () => {
    expect(renderBlocks({ text: '**Bienvenue**' })).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Bienvenue*' } },
    ]);
  });
});

describe('Slack member text', () => {
  const zwsp = '\u200B';

  it('escapes &, < and > in member text before anything else, so no mention, link or date can form', () => {
    expect(
      toMrkdwn(
        `Note : ${memberText('<!channel> <!here> <!everyone> <@U0BOSS> <!subteam^S0MODS> <https://e.vil|ici> &lt; &')}`,
      ),
    ).toBe(
      'Note : &lt;!channel&gt; &lt;!here&gt; &lt;!everyone&gt; &lt;@U0BOSS&gt; &lt;!subteam^S0MODS&gt; &lt;https://e.vil|ici&gt; &amp;lt; &amp;',
    );
  });

  it('never turns a role a member typed into a user group ping; the bot’s own still converts', () => {
    expect(toMrkdwn(`<@&S1> ${memberText('<@&S0MODS>')}`)).toBe('<!subteam^S1> &lt;@&amp;S0MODS&gt;');
  });

  it('breaks @channel, @here and @everyone typed as words', () => {
    expect(inertMrkdwn('@channel @here @everyone')).toBe(`@${zwsp}channel @${zwsp}here @${zwsp}everyone`);
  });

  it('turns formatting characters into look-alikes, except inside a word where Slack formats nothing', () => {
    expect(inertMrkdwn('*gras* _it_ ~barré~ `code` snake_case a*b')).toBe('∗gras∗ ˍitˍ ∼barré∼ ˋcodeˋ snake_case a*b');
  });

  it('takes the quote off a line of member text, but leaves a > in the middle of the bot’s line', () => {
    expect(toMrkdwn(`Note :\n${memberText('> cité\nplus de > 3')}`)).toBe('Note :\n› cité\nplus de &gt; 3');
    expect(toMrkdwn(`Âge ${memberText('> 30')}`)).toBe('Âge &gt; 30');
  });

  it('leaves member text unconverted: no bullets, no bold from ** a member typed', () => {
    expect(toMrkdwn(memberText('- un\n**deux**'))).toBe('- un\n∗∗deux∗∗');
  });

  it('still converts the bot’s markup around member text', () => {
    expect(toMrkdwn(`**${memberText('Nadia')}**\n- ${memberText('Lyon')}`)).toBe('*Nadia*\n• Lyon');
  });

  it('renders sections, context and fields with member text inert and verbatim (no auto-links)', () => {
    const blocks = renderBlocks({
      text: 't',
      blocks: [
        { type: 'text', text: `**Note** ${memberText('<!here>')}` },
        { type: 'context', text: memberText('*x*') },
        {
          type: 'fields',
          fields: [
            { label: 'Bio', value: memberText('<https://e.vil|ici>') },
            { label: 'Ville', value: memberText('') },
          ],
        },
      ],
    });
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Note* &lt;!here&gt;', verbatim: true } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '∗x∗', verbatim: true }] },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Bio*\n&lt;https://e.vil|ici&gt;', verbatim: true },
          { type: 'mrkdwn', text: '*Ville*\n—', verbatim: true },
        ],
      },
    ]);
  });

  it('shows member text in plain-text places (buttons, options, placeholders) without the markers', () => {
    const [block] = renderBlocks({
      text: 't',
      blocks: [
        {
          type: 'actions',
          elements: [
            { type: 'button', action: 'a', label: `Choisir ${memberText('Nadia')}` },
            {
              type: 'select',
              action: 'b',
              placeholder: memberText('<@U1>'),
              options: [{ value: 'n', label: memberText('*Nadia*') }],
            },
          ],
        },
      ],
    });
    expect(JSON.stringify(block)).not.toMatch(/[\uE000\uE001]/);
    expect(block).toMatchObject({
      elements: [
        { text: { text: 'Choisir Nadia' } },
        { placeholder: { text: '<@U1>' }, options: [{ text: { text: '*Nadia*' } }] },
      ],
    });
  });
});

describe('Slack fields', () => {
  it('splits fields into sections of at most ten, label in bold above the value', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `Champ ${i}`, value: `**valeur** ${i}` }));
    const sections = renderBlocks({ text: 't', blocks: [{ type: 'fields', fields }] });
    expect(sections.map((s) => (s as { fields: unknown[] }).fields.length)).toEqual([10, 10, 3]);
    expect((sections[2] as { fields: { text: string }[] }).fields[2]).toEqual({
      type: 'mrkdwn',
      text: '*Champ 22*\n*valeur* 22',
    });
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
            {
              type: 'select',
              action: 'join:set:domains:join',
              placeholder: 'Domaines',
              options,
              max: 2,
              selected: ['front', 'back'],
            },
          ],
        },
      ],
    });
    const [single, multi] = (block as unknown as { elements: Record<string, unknown>[] }).elements;
    expect(single).toMatchObject({
      type: 'static_select',
      action_id: 'join:set:role:join',
      initial_option: { value: 'back' },
    });
    expect(multi).toMatchObject({
      type: 'multi_static_select',
      max_selected_items: 2,
      initial_options: [{ value: 'front' }, { value: 'back' }],
    });
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
    expect((block as { elements: { style?: string }[] }).elements.map((e) => e.style)).toEqual([
      'danger',
      'primary',
      undefined,
    ]);
  });
});

describe('Slack modals', () => {
  const modal: Modal = {
    action: 'join:all',
    title: 'Rejoindre le programme de marrainage',
    submitLabel: 'Envoyer mes réponses au programme',
    fields: [
      {
        type: 'text',
        id: 'bio',
        label: 'Quelques mots sur toi',
        style: 'paragraph',
        required: false,
        value: 'Dev',
        maxLength: 500,
      },
    ],
  };

  it('clips the title, submit and close labels to Slack’s 24 characters', () => {
    const view = renderModal(modal, 'Annuler cette inscription maintenant');
    if (view.type !== 'modal') throw new Error('expected a modal view');
    expect(view.title?.text).toHaveLength(24);
    expect(view.title?.text.endsWith('…')).toBe(true);
    expect(view.submit?.text.length).toBeLessThanOrEqual(24);
    expect(view.close?.text.length).toBeLessThanOrEqual(24);
  });

  it('shows labels, hints and prefilled values as plain text, without member text markers', () => {
    const view = renderModal(
      {
        ...modal,
        fields: [
          {
            type: 'text',
            id: 'note',
            label: memberText('Un mot pour Nadia'),
            style: 'paragraph',
            required: false,
            value: memberText('<@U1>'),
            hint: 'Visible par tout le salon.',
          },
        ],
      },
      'Annuler',
    );
    expect(view.blocks[0]).toMatchObject({
      label: { type: 'plain_text', text: 'Un mot pour Nadia' },
      hint: { type: 'plain_text', text: 'Visible par tout le salon.' },
      element: { initial_value: '<@U1>' },
    });
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
