import type { ViewState } from '../view.ts';
import { h } from './dom.ts';

/** Accents and case aside, as the bot reads subcommand names. */
const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The message box: what she types goes to the conversation, and a line starting with `/`
 * is a command. Typing `/` lists the `/marraine` subcommands in both languages (hers
 * first); Tab or Enter takes the highlighted one, arrows move, Escape closes the list.
 */
export function createCommandBox(send: (text: string) => Promise<void>) {
  let commands: ViewState['commands'] = [];
  let locale: 'fr' | 'en' = 'fr';
  let shown: string[] = [];
  let active = 0;
  const input = h('input', {
    id: 'command',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    role: 'combobox',
    'aria-autocomplete': 'list',
    'aria-controls': 'completions',
    'aria-expanded': 'false',
  });
  const list = h('ul', { id: 'completions', role: 'listbox', hidden: true });
  const button = h('button', { type: 'submit', class: 'button primary' });

  function candidates(): { value: string; description: string }[] {
    const typed = plain(input.value.trimStart());
    if (!typed.startsWith('/') || typed.includes('  ')) return [];
    const other = locale === 'fr' ? 'en' : 'fr';
    const all = [
      ...commands.map((c) => ({ value: `/marraine ${c[locale]}`, description: c.description })),
      ...commands.map((c) => ({ value: `/marraine ${c[other]}`, description: c.description })),
    ];
    const seen = new Set<string>();
    return all
      .filter(
        (c) =>
          !seen.has(c.value) &&
          seen.add(c.value) &&
          plain(c.value).startsWith(typed) &&
          plain(c.value) !== typed.trimEnd(),
      )
      .slice(0, 12);
  }

  function render() {
    const found = candidates();
    shown = found.map((c) => c.value);
    active = Math.min(active, Math.max(0, shown.length - 1));
    list.replaceChildren(
      ...found.map((c, i) =>
        h(
          'li',
          {
            role: 'option',
            id: `completion-${i}`,
            'aria-selected': String(i === active),
            onmousedown: (event: Event) => (event.preventDefault(), take(i)),
          },
          h('span', { class: 'name' }, c.value),
          h('span', { class: 'description' }, c.description),
        ),
      ),
    );
    list.hidden = shown.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    if (!list.hidden) input.setAttribute('aria-activedescendant', `completion-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }

  function take(index: number) {
    const value = shown[index];
    if (!value) return;
    input.value = `${value} `;
    active = 0;
    render();
    input.focus();
  }

  input.addEventListener('input', () => {
    active = 0;
    render();
  });
  input.addEventListener('keydown', (event) => {
    if (list.hidden) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      active = (active + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length;
      render();
    } else if (event.key === 'Tab' || event.key === 'Enter') {
      event.preventDefault();
      take(active);
    } else if (event.key === 'Escape') {
      list.hidden = true;
    }
  });

  const form = h('form', { class: 'command-box' }, h('div', { class: 'completion' }, input, list), button);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    render();
    void send(text);
  });

  return {
    element: form,
    update(state: ViewState) {
      commands = state.commands;
      locale = state.locale;
      input.placeholder = state.texts.commandPlaceholder ?? '';
      input.setAttribute('aria-label', state.texts.commandPlaceholder ?? '');
      button.textContent = state.texts.send ?? 'Send';
    },
  };
}
