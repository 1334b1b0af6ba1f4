import { ComponentType, TextInputStyle } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Button, Element, Modal, ModalField, Select } from '../../src/core/reply.ts';
import { renderMessage, renderModal } from '../../src/platforms/discord/render.ts';

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
  renderMessage({ text: 't', blocks: elements.map((e) => ({ type: 'actions' as const, elements: e })) }).components.map((row) =>
    row.components.map((c) => ('custom_id' in c ? c.custom_id : '?')),
  );

describe('Discord messages', () => {
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

  it('shows the texts of the blocks as content, a context as subtext and fields in an embed', () => {
    const message = renderMessage({
      text: 'ignored when there are blocks',
      blocks: [
        { type: 'text', text: '**Ton profil**' },
        { type: 'fields', fields: [{ label: 'Rôle', value: 'Marraine' }, { label: 'Bio', value: '' }] },
        { type: 'context', text: 'Modifiable à tout moment' },
      ],
    });
    expect(message.content).toBe('**Ton profil**\n-# Modifiable à tout moment');
    expect(message.embeds).toEqual([{ fields: [{ name: 'Rôle', value: 'Marraine' }, { name: 'Bio', value: '—' }] }]);
  });

  it('marks the selected options of a select as default', () => {
    const [row] = renderMessage({ text: 't', blocks: [{ type: 'actions', elements: [select(1, { selected: ['b', 'c'], max: 3 })] }] }).components;
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
    const [row] = renderMessage({ text: 't', blocks: [{ type: 'actions', elements: [select(1, { max: 10 })] }] }).components;
    expect(row?.components[0]).toMatchObject({ min_values: 1, max_values: 3 });
  });

  it('keeps a select with many options within Discord’s 25 options and 25 picks', () => {
    const options = Array.from({ length: 30 }, (_, i) => ({ value: `v${i}`, label: `Option ${i}` }));
    const [row] = renderMessage({ text: 't', blocks: [{ type: 'actions', elements: [select(1, { options, max: 30 })] }] }).components;
    const menu = row?.components[0] as { options: unknown[]; max_values: number };
    expect(menu.options).toHaveLength(25);
    expect(menu.max_values).toBeLessThanOrEqual(menu.options.length);
  });
});

describe('Discord modals', () => {
  const modal = (fields: ModalField[], title = 'Quelques détails'): Modal => ({ action: 'join:details:join', title, submitLabel: 'Enregistrer', fields });

  it('renders text fields as text inputs, keeping id, style, value and length', () => {
    const rendered = renderModal(
      modal([
        { type: 'text', id: 'bio', label: 'Quelques mots sur toi', style: 'paragraph', required: false, value: 'Dev Java', maxLength: 500, placeholder: 'Ton parcours…' },
      ]),
    );
    expect(rendered).toEqual({
      custom_id: 'join:details:join',
      title: 'Quelques détails',
      components: [
        {
          type: ComponentType.ActionRow,
          components: [
            { type: ComponentType.TextInput, custom_id: 'bio', label: 'Quelques mots sur toi', style: TextInputStyle.Paragraph, required: false, value: 'Dev Java', placeholder: 'Ton parcours…', max_length: 500 },
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
      { type: 'select', id: 'role', label: 'Rôle', options: [{ value: 'mentor', label: 'Marraine' }], min: 1, max: 1, required: true },
      ...['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => text(id)),
    ];
    const rendered = renderModal(modal(fields));
    const ids = rendered.components.map((row) => (row as { components: { custom_id: string }[] }).components[0]?.custom_id);
    expect(ids).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('cuts a prefilled value to the field’s maximum length', () => {
    const rendered = renderModal(modal([{ ...text('region'), value: 'x'.repeat(100), maxLength: 80 } as ModalField]));
    const input = rendered.components[0] as { components: { value: string }[] };
    expect(input.components[0]?.value).toHaveLength(80);
  });
});
