import type { Inline, Line, ViewBlock, ViewElement, ViewMessage } from '../view.ts';
import { h } from './dom.ts';

export interface MessageHandlers {
  /** A button or a select of this message. */
  act(message: ViewMessage, action: string, values: string[]): void;
  open(conversation: string): void;
}

/** One piece of a line; a member's text is a text node in its own span, whatever it holds. */
function part(p: Inline, handlers: MessageHandlers): Node {
  switch (p.kind) {
    case 'user':
      return h('span', { class: 'mention' }, `@${p.name}`);
    case 'channel':
      return h('button', { class: 'channel-link', type: 'button', onclick: () => handlers.open(p.id) }, `#${p.name}`);
    case 'member':
    case 'text': {
      let node: Node =
        p.kind === 'member' ? h('span', { class: 'member-text' }, p.text) : document.createTextNode(p.text);
      if (p.kind === 'text' && p.code) node = h('code', {}, node);
      if (p.italic) node = h('em', {}, node);
      if (p.bold) node = h('strong', {}, node);
      return node;
    }
  }
}

function line(l: Line, handlers: MessageHandlers): HTMLElement {
  const parts = l.parts.map((p) => part(p, handlers));
  if (l.quote) return h('blockquote', {}, parts);
  if (l.bullet) return h('div', { class: 'bullet' }, parts);
  if (l.small) return h('div', { class: 'small' }, parts);
  return h('div', { class: l.parts.length ? 'line' : 'line empty' }, parts);
}

function element(message: ViewMessage, e: ViewElement, handlers: MessageHandlers, applyLabel: string): HTMLElement {
  if (e.type === 'button') {
    return h(
      'button',
      {
        type: 'button',
        class: `button ${e.style}`,
        'data-action': e.action,
        onclick: () => handlers.act(message, e.action, []),
      },
      e.label,
    );
  }
  const select = h(
    'select',
    {
      'data-action': e.action,
      'aria-label': e.placeholder,
      multiple: e.multiple,
      onchange: () => (e.multiple ? undefined : handlers.act(message, e.action, [select.value])),
    },
    e.multiple ? null : h('option', { value: '', disabled: true, selected: e.selected.length === 0 }, e.placeholder),
    e.options.map((o) =>
      h('option', { value: o.value, selected: e.selected.includes(o.value), title: o.description }, o.label),
    ),
  );
  if (!e.multiple) return select;
  const apply = () =>
    handlers.act(
      message,
      e.action,
      [...select.selectedOptions].map((o) => o.value),
    );
  return h(
    'span',
    { class: 'multi' },
    select,
    h('button', { type: 'button', class: 'button secondary', onclick: apply }, applyLabel),
  );
}

function block(message: ViewMessage, b: ViewBlock, handlers: MessageHandlers, applyLabel: string): HTMLElement {
  switch (b.type) {
    case 'text':
    case 'context':
      return h(
        'div',
        { class: b.type },
        b.lines.map((l) => line(l, handlers)),
      );
    case 'fields':
      return h(
        'dl',
        { class: 'fields' },
        b.fields.flatMap((f) => [
          h(
            'dt',
            {},
            f.label.map((l) => line(l, handlers)),
          ),
          h(
            'dd',
            {},
            f.value.map((l) => line(l, handlers)),
          ),
        ]),
      );
    case 'actions':
      return h(
        'div',
        { class: 'actions' },
        b.elements.map((e) => element(message, e, handlers, applyLabel)),
      );
    case 'divider':
      return h('hr');
    case 'file':
      return b.image
        ? h('img', { class: 'file', src: b.url, alt: b.alt })
        : h('a', { class: 'file', href: b.url, download: b.name }, b.name);
  }
}

export function renderMessage(
  message: ViewMessage,
  options: { handlers: MessageHandlers; texts: Record<string, string>; format: (iso: string) => string },
): HTMLElement {
  const { texts } = options;
  return h(
    'article',
    {
      class: `message${message.ephemeral ? ' ephemeral' : ''}${message.author === 'marraine' ? ' bot' : ''}`,
      'data-id': message.id,
    },
    h(
      'header',
      {},
      h('span', { class: 'author' }, message.authorName),
      h('time', { datetime: message.at }, options.format(message.at)),
      message.edited ? h('span', { class: 'note' }, texts.edited ?? '') : null,
      message.ephemeral ? h('span', { class: 'note only-you' }, texts.onlyYou ?? '') : null,
    ),
    message.blocks.map((b) => block(message, b, options.handlers, texts.apply ?? 'OK')),
  );
}
