import { ComponentType, TextInputStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  memberText,
  type Button,
  type Element,
  type Modal,
  type ModalField,
  type Select,
} from '../../src/core/reply-model.ts';
import { catalog } from '../../src/i18n/index.ts';
import { inertText, renderMessage, renderModal } from '../../src/platforms/discord/render.ts';

const button = (n: number): Button => ({ type: 'button', action: `test:button:${n}`, label: `Bouton ${n}` });
const select = (n: number, extra: Partial<Select> = {}): Select => ({
  type: 'select',
  action: `test:select:${n}`,
  placeholder: `Choix ${n}`,
  options: [
    { value: 'a', label: 'A' },
    { value: 'b', label: 'B' },
    { value: 'c', label: 'C' },
  ],
  ...extra,
});
const text = (id: string, label = id): ModalField => ({ type: 'text', id, label, style: 'short', required: true });

/** The custom ids of each action row. */
const rowsOf = (elements: Element[][]) =>
  renderMessage({ text: 't', blocks: elements.map((e) => ({ type: 'actions' as const, elements: e })) }).components.map(
    (row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : '?')),
  );

describe('Discord messages', () => {
  it('preselects in a role, channel or user select only snowflakes, no more than it takes', () => {
    const ids = Array.from({ length: 12 }, (_, n) => `1000000000000000${10 + n}`);
    const rendered = renderMessage({
      text: 't',
      blocks: [
        {
          type: 'actions',
          // Settings stored before their ids were checked: junk from a forged text select.
          elements: [
            {
              type: 'role-select',
              action: 'admin:moderator-roles',
              placeholder: 'R',
              max: 10,
              selected: ["P']5QS", ...ids],
            },
          ],
        },
        {
          type: 'actions',
          elements: [{ type: 'channel-select', action: 'admin:channel:x', placeholder: 'C', selected: ['<#1>'] }],
        },
      ],
    });
    const defaults = rendered.components.map((row) =>
      row.components.map((c) => ('default_values' in c ? c.default_values?.map((v) => v.id) : undefined)),
    );
    expect(defaults).toEqual([[ids.slice(0, 10)], [[]]]);
  });

  it('puts buttons together in rows of at most five', () => {
    const rows = rowsOf([[1, 2, 3, 4, 5, 6, 7].map(button)]);
    expect(rows).toEqual([
      ['test:button:1', 'test:button:2', 'test:button:3', 'test:button:4', 'test:button:5'],
      ['test:button:6', 'test:button:7'],
    ]);
  });

  it('gives each select a row of its own, before the buttons of the same block', () => {
    const rows = rowsOf([[button(1), select(1), button(2), select(2)]]);
    expect(rows).toEqual([['test:select:1'], ['test:select:2'], ['test:button:1', 'test:button:2']]);
  });

  it('keeps at most five rows, the first ones', () => {
    const rows = rowsOf([1, 2, 3, 4, 5, 6, 7].map((n) => [select(n)]));
    expect(rows).toEqual([1, 2, 3, 4, 5].map((n) => [`test:select:${n}`]));
  });

  it('clips the content to Discord’s 2000 characters, marking the cut', () => {
    const { content } = renderMessage({ text: 'x'.repeat(2500) });
    expect(content).toHaveLength(2000);
    expect(content.endsWith('…')).toBe(true);
    expect(renderMessage({ text: 'y'.repeat(2000) }).content).toBe('y'.repeat(2000));
  });

  it('keeps the embeds within Discord’s 6,000 characters in all: later fields are cut, then left out', () => {
    const fields = Array.from({ length: 25 }, (_, i) => ({ label: `Champ ${i}`, value: 'v'.repeat(1500) }));
    const { embeds } = renderMessage({ text: 't', blocks: [{ type: 'fields', fields }] });
    const total = embeds.flatMap((e) => e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(embeds[0]?.fields?.[0]?.value).toHaveLength(1024);
    expect(embeds[0]?.fields?.at(-1)?.value.endsWith('…')).toBe(true);
    const small = [{ label: 'Ville', value: 'Lyon' }];
    expect(renderMessage({ text: 't', blocks: [{ type: 'fields', fields: small }] }).embeds).toEqual([
      { fields: [{ name: 'Ville', value: 'Lyon' }] },
    ]);
  });

  it('shows the texts of the blocks as content, a context as subtext and fields in an embed', () => {
    const message = renderMessage({
      text: 'ignored when there are blocks',
      blocks: [
        { type: 'text', text: '**Ton profil**' },
        {
          type: 'fields',
          fields: [
            { label: 'Rôle', value: 'Marraine' },
            { label: 'Bio', value: '' },
          ],
        },
        { type: 'context', text: 'Modifiable à tout moment' },
      ],
    });
    expect(message.content).toBe('**Ton profil**\n-# Modifiable à tout moment');
    expect(message.embeds).toEqual([
      {
        fields: [
          { name: 'Rôle', value: 'Marraine' },
          { name: 'Bio', value: '—' },
        ],
      },
    ]);
  });

  it('marks the selected options of a select as default', () => {
    const [row] = renderMessage({
      text: 't',
      blocks: [{ type: 'actions', elements: [select(1, { selected: ['b', 'c'], max: 3 })] }],
    }).components;
    expect(row?.components[0]).toMatchObject({
      type: ComponentType.StringSelect,
      max_values: 3,
      options: [
        { value: 'a', default: false },
        { value: 'b', default: true },
        { value: 'c', default: true },
      ],
    });
  });

  it('never allows more picks than there are options', () => {
    const [row] = renderMessage({
      text: 't',
      blocks: [{ type: 'actions', elements: [select(1, { max: 10 })] }],
    }).components;
    expect(row?.components[0]).toMatchObject({ min_values: 1, max_values: 3 });
  });

  it('keeps a select with many options within Discord’s 25 options and 25 picks', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    const [row] = renderMessage({
      text: 't',
      blocks: [{ type: 'actions', elements: [select(1, { options, max: 30 })] }],
    }).components;
    const menu = row?.components[0] as { options: unknown[]; max_values: number };
    expect(menu.options).toHaveLength(25);
    expect(menu.max_values).toBeLessThanOrEqual(menu.options.length);
  });
});

describe('Discord member text', () => {
  const zwsp = '\u200B';

  it('lets the bot ping only the users and roles its own text names, never @everyone or @here', () => {
    const text = `<@111> et <@!333>, voici la demande pour <@&222> : ${memberText('<@999> <@&888> @everyone <!channel>')}`;
    const { allowed_mentions, allowedMentions } = renderMessage({
      text,
      blocks: [
        { type: 'text', text },
        { type: 'context', text: `<@444> ${memberText('<@777>')}` },
      ],
    });
    expect(allowed_mentions).toEqual({ parse: [], users: ['111', '333', '444'], roles: ['222'] });
    // discord.js builds the body of replies and edits itself, from the camel-cased option.
    expect(allowedMentions).toEqual(allowed_mentions);
  });

  it('pings nobody when the bot mentions nobody, even if a member did', () => {
    expect(renderMessage({ text: `Note : ${memberText('<@123> <@&456> @here')}` }).allowed_mentions).toEqual({
      parse: [],
      users: [],
      roles: [],
    });
  });

  it('does not count a mention that only appears in an embed, where Discord never pings', () => {
    const { allowed_mentions } = renderMessage({
      text: 't',
      blocks: [{ type: 'fields', fields: [{ label: 'Marraine', value: '<@111>' }] }],
    });
    expect(allowed_mentions.users).toEqual([]);
  });

  it('shows what a member typed as typed, but with no markdown, mention or masked link in effect', () => {
    expect(inertText('**gras** _it_ ~~barré~~ ||spoiler|| `code` [site](https://e.vil)')).toBe(
      '\\*\\*gras\\*\\* \\_it\\_ \\~\\~barré\\~\\~ \\|\\|spoiler\\|\\| \\`code\\` \\[site](https://e.vil)',
    );
    // escapeMarkdown's own option would escape only the first bracket here, leaving a link.
    expect(inertText('[[<@1>](https://e.vil)')).toBe(`\\[\\[<${zwsp}@1>](https://e.vil)`);
    expect(inertText('<@123> <@!123> <@&123> <#123> <t:1:R> @everyone @here')).toBe(
      `<${zwsp}@123> <${zwsp}@!123> <${zwsp}@&123> <${zwsp}#123> <${zwsp}t:1:R> @${zwsp}everyone @${zwsp}here`,
    );
  });

  it('escapes what begins a line of member text: headings, lists, quotes and subtext', () => {
    expect(inertText('# titre\n- point\n1. un\n> cité\n-# petit')).toBe(
      '\\# titre\n\\- point\n1\\. un\n\\> cité\n\\-# petit',
    );
  });

  it('keeps a backslash a member typed from escaping the bot’s markup after it', () => {
    const { content } = renderMessage({ text: `**${memberText('fin\\')}**` });
    expect(content).toBe('**fin\\\\**');
  });

  it('renders member text inert in the content, the subtext and embed fields, and drops the markers', () => {
    const message = renderMessage({
      text: 't',
      blocks: [
        { type: 'text', text: `**Bio** : ${memberText('*moi* <@1>')}` },
        { type: 'context', text: memberText('@here') },
        {
          type: 'fields',
          fields: [
            { label: 'Ville', value: memberText('_Lyon_') },
            { label: 'Vide', value: memberText('') },
          ],
        },
      ],
    });
    expect(message.content).toBe(`**Bio** : \\*moi\\* <${zwsp}@1>\n-# @${zwsp}here`);
    expect(message.embeds).toEqual([
      {
        fields: [
          { name: 'Ville', value: '\\_Lyon\\_' },
          { name: 'Vide', value: '—' },
        ],
      },
    ]);
    expect(JSON.stringify(message)).not.toMatch(/[\uE000\uE001]/);
  });

  it('shows member text in labels and options (a mentor’s name) as plain text, without the markers', () => {
    const [row] = renderMessage({
      text: 't',
      blocks: [
        {
          type: 'actions',
          elements: [
            select(1, { placeholder: memberText('Choix'), options: [{ value: 'a', label: memberText('Nadia *B*') }] }),
          ],
        },
      ],
    }).components;
    expect(row?.components[0]).toMatchObject({ placeholder: 'Choix', options: [{ label: 'Nadia *B*' }] });
  });
});

describe('Discord modals', () => {
  const modal = (fields: ModalField[], title = 'Quelques détails'): Modal => ({
    action: 'join:details:join',
    title,
    submitLabel: 'Enregistrer',
    fields,
  });

  it('renders text fields as text inputs, keeping id, style, value and length', () => {
    const rendered = renderModal(
      modal([
        {
          type: 'text',
          id: 'bio',
          label: 'Quelques mots sur toi',
          style: 'paragraph',
          required: false,
          value: 'Dev Java',
          maxLength: 500,
          placeholder: 'Ton parcours…',
        },
      ]),
    );
    expect(rendered).toEqual({
      custom_id: 'join:details:join',
      title: 'Quelques détails',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            {
              type: ComponentType.TextInput,
              custom_id: 'bio',
              label: 'Quelques mots sur toi',
              style: TextInputStyle.Paragraph,
              required: false,
              value: 'Dev Java',
              placeholder: 'Ton parcours…',
              max_length: 500,
            },
          ],
        },
      ],
    });
  });

  it('clips labels and the title to 45 characters', () => {
    const long = 'Combien de filleules peux-tu accompagner à la fois, au plus ?';
    const rendered = renderModal(modal([text('capacity', long)], long));
    const input = rendered.components[0] as { components: { label: string }[] };
    expect(input.components[0]?.label).toHaveLength(45);
    expect(rendered.title).toHaveLength(45);
  });

  it('keeps at most five text inputs and leaves out fields Discord forms cannot hold', () => {
    const fields: ModalField[] = [
      {
        type: 'select',
        id: 'role',
        label: 'Rôle',
        options: [{ value: 'mentor', label: 'Marraine' }],
        min: 1,
        max: 1,
        required: true,
      },
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => text(id)),
    ];
    const rendered = renderModal(modal(fields));
    const ids = rendered.components.map(
      (row) => (row as { components: { custom_id: string }[] }).components[0]?.custom_id,
    );
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('cuts a prefilled value to the field’s maximum length', () => {
    const rendered = renderModal(modal([{ ...text('region'), value: 'x'.repeat(100), maxLength: 80 } as ModalField]));
    const input = rendered.components[0] as { components: { value: string }[] };
    expect(input.components[0]?.value).toHaveLength(80);
  });
});

describe('Discord form hints', () => {
  const field = (extra: Partial<Extract<ModalField, { type: 'text' }>>): Modal => ({
    action: 'a',
    title: 'T',
    submitLabel: 'OK',
    fields: [{ type: 'text', id: 'f', label: 'Champ', style: 'paragraph', required: false, ...extra }],
  });
  const placeholder = (modal: Modal) =>
    (renderModal(modal).components[0] as { components: { placeholder?: string }[] }).components[0]?.placeholder;

  it('shows a hint as the placeholder of a field that has none', () => {
    expect(placeholder(field({ hint: 'Un nom IANA, par exemple Europe/Paris.' }))).toBe(
      'Un nom IANA, par exemple Europe/Paris.',
    );
  });

  it('puts the hint before the field’s example when both fit, the hint alone when they do not', () => {
    expect(placeholder(field({ hint: 'Reste privé.', placeholder: 'Ton parcours…' }))).toBe(
      'Reste privé. — Ton parcours…',
    );
    const hint = 'Visible de toute la communauté, y compris des personnes qui ne sont pas encore inscrites ici.';
    expect(placeholder(field({ hint, placeholder: 'Ce que tu cherches…' }))).toBe(hint);
  });

  it('shows the decline form’s privacy notice whole, in both languages', () => {
    for (const locale of ['fr', 'en'] as const) {
      const notice = catalog(locale)['match.decline.private'];
      expect(placeholder(field({ label: catalog(locale)['match.decline.reason'], hint: notice }))).toBe(notice);
    }
  });

  it('fits the matching post’s consent notice by dropping its aside, so it still says the request will be public', () => {
    expect(placeholder(field({ hint: catalog('fr')['match.post.consent'] }))).toBe(
      'Ta demande sera visible dans le salon de mise en relation.',
    );
    expect(placeholder(field({ hint: catalog('en')['match.post.consent'] }))).toBe(
      'Your request will be visible in the matching channel.',
    );
  });

  it('cuts a long hint without an aside at a word, within Discord’s 100 characters', () => {
    const hint = `${'Une phrase assez longue pour dépasser la limite '.repeat(3)}fin.`;
    const shown = placeholder(field({ hint })) ?? '';
    expect(shown.length).toBeLessThanOrEqual(100);
    expect(shown.endsWith('…')).toBe(true);
    expect(hint.startsWith(`${shown.slice(0, -1)} `)).toBe(true);
  });
});
