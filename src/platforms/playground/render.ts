import {
  splitMemberText,
  withoutMarkers,
  type Block,
  type Element,
  type Message,
  type Modal,
  type ModalField,
  type SelectOption,
} from '../../core/reply-model.ts';
import type { Inline, Line, ViewBlock, ViewElement, ViewField, ViewModal, ViewOption } from './view.ts';

/** Names the page shows for the ids the bot's markup carries (`<@user>`, `<#channel>`). */
export interface Names {
  user(id: string): string;
  channel(id: string): string;
  /** Options of a user or channel picker (the playground's personas and channels). */
  people(): ViewOption[];
  channels(): ViewOption[];
}

interface Segment {
  member: boolean;
  text: string;
}

/**
 * A text of the neutral model cut into lines of segments, member text kept apart: a
 * member's newline ends a line but never turns what follows into the bot's markup.
 */
function linesOf(text: string): Segment[][] {
  const lines: Segment[][] = [[]];
  for (const part of splitMemberText(text)) {
    part.text.split('\n').forEach((piece, i) => {
      if (i > 0) lines.push([]);
      if (piece)
        (lines.at(-1) as Segment[]).push({ member: part.member, text: part.member ? piece : withoutMarkers(piece) });
    });
  }
  return lines;
}

type Marker = 'bold' | 'italic' | 'code';
type Token =
  | { kind: 'text'; text: string }
  | { kind: Marker; raw: string }
  | { kind: 'user' | 'channel'; id: string }
  | { kind: 'member'; text: string };

const markup = /\*\*|_|`|<@[!&]?(\w+)>|<#(\w+)>/g;
const wordChar = /[\p{L}\p{N}]/u;

function tokensOf(segments: Segment[]): Token[] {
  const tokens: Token[] = [];
  for (const segment of segments) {
    if (segment.member) {
      tokens.push({ kind: 'member', text: segment.text });
      continue;
    }
    const { text } = segment;
    let at = 0;
    for (const match of text.matchAll(markup)) {
      const index = match.index;
      if (index > at) tokens.push({ kind: 'text', text: text.slice(at, index) });
      const raw = match[0];
      // An underscore inside a word (snake_case) is a letter, not italics.
      const inWord = raw === '_' && wordChar.test(text[index - 1] ?? '') && wordChar.test(text[index + 1] ?? '');
      if (raw === '**') tokens.push({ kind: 'bold', raw });
      else if (raw === '`') tokens.push({ kind: 'code', raw });
      else if (raw === '_') tokens.push(inWord ? { kind: 'text', text: raw } : { kind: 'italic', raw });
      else if (raw.startsWith('<#')) tokens.push({ kind: 'channel', id: match[2] as string });
      else if (raw.startsWith('<@&')) tokens.push({ kind: 'text', text: '@moderation' });
      else tokens.push({ kind: 'user', id: match[1] as string });
      at = index + raw.length;
    }
    if (at < text.length) tokens.push({ kind: 'text', text: text.slice(at) });
  }
  return tokens;
}

/** Markers that open and close in pairs; a lone one stays as a character. */
function paired(tokens: Token[], kind: Marker): Set<number> {
  const at = tokens.flatMap((t, i) => (t.kind === kind ? [i] : []));
  return new Set(at.length % 2 === 0 ? at : at.slice(0, -1));
}

function inline(segments: Segment[], names: Names): Inline[] {
  const tokens = tokensOf(segments);
  const pairs = { bold: paired(tokens, 'bold'), italic: paired(tokens, 'italic'), code: paired(tokens, 'code') };
  const on = { bold: false, italic: false, code: false };
  const parts: Inline[] = [];
  const style = () => ({ ...(on.bold ? { bold: true } : {}), ...(on.italic ? { italic: true } : {}) });
  tokens.forEach((token, i) => {
    switch (token.kind) {
      case 'bold':
      case 'italic':
      case 'code':
        if (pairs[token.kind].has(i)) on[token.kind] = !on[token.kind];
        else parts.push({ kind: 'text', text: token.raw, ...style() });
        break;
      case 'text':
        parts.push({ kind: 'text', text: token.text, ...style(), ...(on.code ? { code: true } : {}) });
        break;
      case 'member':
        parts.push({ kind: 'member', text: token.text, ...style() });
        break;
      case 'user':
        parts.push({ kind: 'user', id: token.id, name: names.user(token.id) });
        break;
      case 'channel':
        parts.push({ kind: 'channel', id: token.id, name: names.channel(token.id) });
        break;
    }
  });
  return merged(parts);
}

/** Neighbouring pieces of the bot's text in the same style are one piece. */
function merged(parts: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const part of parts) {
    const last = out.at(-1);
    if (
      last?.kind === 'text' &&
      part.kind === 'text' &&
      last.bold === part.bold &&
      last.italic === part.italic &&
      last.code === part.code
    ) {
      out[out.length - 1] = { ...last, text: last.text + part.text };
    } else out.push(part);
  }
  return out;
}

/** The bot's line prefixes (bullets, quotes), read from its own text only. */
function prefixed(segments: Segment[]): { segments: Segment[]; bullet?: boolean; quote?: boolean; small?: boolean } {
  const first = segments[0];
  if (!first || first.member) return { segments };
  const match = /^\s*(- |> |>$|-# )/.exec(first.text);
  if (!match) return { segments };
  const rest = first.text.slice(match[0].length);
  const kept = [...(rest ? [{ member: false, text: rest }] : []), ...segments.slice(1)];
  const mark = (match[1] as string).trim();
  return { segments: kept, ...(mark === '-' ? { bullet: true } : mark === '-#' ? { small: true } : { quote: true }) };
}

/** A text of the neutral model (Discord's markup subset, member text marked) as lines. */
export function renderText(text: string, names: Names): Line[] {
  return linesOf(text).map((segments) => {
    const { segments: rest, ...flags } = prefixed(segments);
    return { parts: inline(rest, names), ...flags };
  });
}

const option = (o: SelectOption): ViewOption => ({
  value: o.value,
  label: withoutMarkers(o.label),
  ...(o.description ? { description: withoutMarkers(o.description) } : {}),
});

function element(e: Element, names: Names): ViewElement {
  switch (e.type) {
    case 'button':
      return { type: 'button', action: e.action, label: withoutMarkers(e.label), style: e.style ?? 'secondary' };
    case 'select':
      return {
        type: 'select',
        action: e.action,
        placeholder: withoutMarkers(e.placeholder),
        multiple: (e.max ?? 1) > 1,
        options: e.options.map(option),
        selected: e.selected ?? [],
      };
    case 'channel-select':
      return {
        type: 'select',
        action: e.action,
        placeholder: withoutMarkers(e.placeholder),
        multiple: false,
        options: names.channels(),
        selected: e.selected ?? [],
      };
    case 'user-select':
    case 'role-select':
      // The playground has no roles: people are picked directly, as on Slack.
      return {
        type: 'select',
        action: e.action,
        placeholder: withoutMarkers(e.placeholder),
        multiple: true,
        options: names.people(),
        selected: e.selected ?? [],
      };
  }
}

function block(b: Block, names: Names): ViewBlock {
  switch (b.type) {
    case 'text':
    case 'context':
      return { type: b.type, lines: renderText(b.text, names) };
    case 'fields':
      return {
        type: 'fields',
        fields: b.fields.map((f) => ({
          label: renderText(f.label, names),
          value: renderText(withoutMarkers(f.value) ? f.value : '—', names),
        })),
      };
    case 'actions':
      return { type: 'actions', elements: b.elements.map((e) => element(e, names)) };
    case 'divider':
      return { type: 'divider' };
  }
}

const imageMimes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A message as the page shows it; `fileUrl` says where the page reads a file's bytes. */
export function renderMessage(message: Message, names: Names, fileUrl: (sha256: string) => string): ViewBlock[] {
  const blocks = (message.blocks ?? [{ type: 'text', text: message.text }]).map((b) => block(b, names));
  const files: ViewBlock[] = (message.files ?? []).map((f) => ({
    type: 'file',
    url: fileUrl(f.sha256),
    name: f.name,
    image: imageMimes.has(f.mime.toLowerCase()),
    alt: withoutMarkers(f.description || f.name),
  }));
  return [...blocks, ...files];
}

function field(f: ModalField, names: Names): ViewField {
  const hint = 'hint' in f && f.hint ? withoutMarkers(f.hint) : '';
  switch (f.type) {
    case 'text':
      return {
        type: 'text',
        id: f.id,
        label: withoutMarkers(f.label),
        multiline: f.style === 'paragraph',
        required: f.required,
        value: withoutMarkers(f.value ?? ''),
        placeholder: withoutMarkers(f.placeholder ?? ''),
        ...(f.maxLength ? { maxLength: f.maxLength } : {}),
        hint,
      };
    case 'select':
      // Several picks read best as boxes to tick; one pick as a menu.
      return f.max > 1
        ? {
            type: 'checkboxes',
            id: f.id,
            label: withoutMarkers(f.label),
            options: f.options.map(option),
            required: f.required,
            selected: f.selected ?? [],
            hint,
          }
        : {
            type: 'select',
            id: f.id,
            label: withoutMarkers(f.label),
            options: f.options.map(option),
            multiple: false,
            required: f.required,
            selected: f.selected ?? [],
            hint,
          };
    case 'checkboxes':
      return {
        type: 'checkboxes',
        id: f.id,
        label: withoutMarkers(f.label),
        options: f.options.map(option),
        required: f.required,
        selected: f.selected ?? [],
        hint,
      };
    case 'entity-select':
      return f.entity === 'channel'
        ? {
            type: 'select',
            id: f.id,
            label: withoutMarkers(f.label),
            options: names.channels(),
            multiple: false,
            required: f.required,
            selected: f.selected ?? [],
            hint,
          }
        : {
            type: 'checkboxes',
            id: f.id,
            label: withoutMarkers(f.label),
            options: names.people(),
            required: f.required,
            selected: f.selected ?? [],
            hint,
          };
    case 'file':
      return {
        type: 'file',
        id: f.id,
        label: withoutMarkers(f.label),
        required: f.required,
        accept: f.accept.map((a) => (a.includes('/') || a.startsWith('.') ? a : `.${a}`)).join(','),
        hint,
      };
  }
}

export function renderModal(modal: Modal, names: Names): ViewModal {
  return {
    action: modal.action,
    title: withoutMarkers(modal.title),
    submitLabel: withoutMarkers(modal.submitLabel),
    fields: modal.fields.map((f) => field(f, names)),
  };
}
