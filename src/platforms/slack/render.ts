import type { Block as SlackBlock, KnownBlock, View } from '@slack/types';
import type { IncomingFile } from '../../core/incoming-files.ts';
import {
  memberTextOpen,
  splitMemberText,
  withoutMarkers,
  type Block,
  type Element,
  type Message,
  type Modal,
  type ModalField,
  type OutgoingFile,
  type SelectOption,
} from '../../core/reply-model.ts';

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * Slack's mrkdwn has no escape for its formatting characters, so in member text each
 * one that could open or close formatting becomes a look-alike that means nothing to
 * Slack. Between two letters or digits Slack formats nothing (snake_case, a*b), so
 * those stay as typed; a backtick always goes.
 */
const lookAlikes: Record<string, string> = { '*': '\u2217', _: '\u02CD', '~': '\u223C', '`': '\u02CB' };
const wordCharacter = /[A-Za-z0-9]/;
const zeroWidthSpace = '\u200B';

/**
 * What a member typed, as inert mrkdwn: `&`, `<` and `>` escaped first (so no link,
 * mention, channel, date or user group can form), then formatting characters, a quote
 * at the start of a line, and @channel/@here/@everyone (inert unless link_names, broken
 * anyway). `atLineStart`: whether the text begins a line of the message.
 */
export function inertMrkdwn(text: string, atLineStart = true): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[*_~`]/g, (c: string, at: number, whole: string) =>
      c !== '`' && wordCharacter.test(whole[at - 1] ?? '') && wordCharacter.test(whole[at + 1] ?? '')
        ? c
        : (lookAlikes[c] as string),
    )
    .replace(/(^|\n)([ \t]*)&gt;/g, (quote: string, newline: string, spaces: string, at: number) =>
      at === 0 && !newline && !atLineStart ? quote : `${newline}${spaces}\u203A`,
    )
    .replace(/@(channel|here|everyone)/gi, `@${zeroWidthSpace}$1`);
}

/** Where a member's part sits while the bot's markup is converted: digits between markers. */
const slot = /\uE000(\d+)\uE001/g;

/**
 * Our markup is Discord's; Slack's mrkdwn uses single asterisks and no `-#` subtext.
 * Only the bot's parts are converted (a role a member typed never becomes a user group
 * ping); the members' parts are set aside meanwhile and come back inert.
 */
export function toMrkdwn(text: string): string {
  const members: string[] = [];
  const skeleton = splitMemberText(text)
    .map((part) => (part.member ? `\uE000${members.push(part.text) - 1}\uE001` : withoutMarkers(part.text)))
    .join('');
  const converted = skeleton
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/^- /gm, '• ')
    .replace(/<@&(\w+)>/g, '<!subteam^$1>');
  return converted.replace(slot, (_: string, index: string, at: number) =>
    inertMrkdwn(members[Number(index)] as string, at === 0 || ['\n', '\uE001'].includes(converted[at - 1] as string)),
  );
}

/**
 * A mrkdwn text object. With member text in it, `verbatim` also stops Slack from
 * turning bare URLs, #channel names and @names into links of its own.
 */
const mrkdwn = (text: string, max: number, withMemberText: boolean) => ({
  type: 'mrkdwn' as const,
  text: clip(text, max),
  ...(withMemberText ? { verbatim: true } : {}),
});
const hasMemberText = (...texts: string[]) => texts.some((text) => text.includes(memberTextOpen));

/** Places Slack shows as plain text (labels, titles, options): markers only go. */
const plain = (text: string, max = 75) => ({
  type: 'plain_text' as const,
  text: clip(withoutMarkers(text), max),
  emoji: true,
});
const option = (o: SelectOption) => ({
  text: plain(o.label),
  value: o.value,
  ...(o.description ? { description: plain(o.description) } : {}),
});

function element(e: Element) {
  switch (e.type) {
    case 'button':
      return {
        type: 'button' as const,
        action_id: e.action,
        text: plain(e.label),
        ...(e.style === 'danger'
          ? { style: 'danger' as const }
          : e.style === 'primary' || e.style === 'success'
            ? { style: 'primary' as const }
            : {}),
      };
    case 'select': {
      const initial = e.options.filter((o) => e.selected?.includes(o.value)).map(option);
      return (e.max ?? 1) > 1
        ? {
            type: 'multi_static_select' as const,
            action_id: e.action,
            placeholder: plain(e.placeholder, 150),
            options: e.options.slice(0, 100).map(option),
            max_selected_items: e.max,
            ...(initial.length ? { initial_options: initial } : {}),
          }
        : {
            type: 'static_select' as const,
            action_id: e.action,
            placeholder: plain(e.placeholder, 150),
            options: e.options.slice(0, 100).map(option),
            ...(initial[0] ? { initial_option: initial[0] } : {}),
          };
    }
    case 'channel-select':
      return {
        type: 'conversations_select' as const,
        action_id: e.action,
        placeholder: plain(e.placeholder, 150),
        filter: { include: ['public' as const, 'private' as const], exclude_bot_users: true },
        ...(e.selected?.[0] ? { initial_conversation: e.selected[0] } : {}),
      };
    case 'user-select':
    case 'role-select':
      // Slack has no roles: people are picked directly.
      return {
        type: 'multi_users_select' as const,
        action_id: e.action,
        placeholder: plain(e.placeholder, 150),
        ...(e.selected?.length ? { initial_users: e.selected } : {}),
      };
  }
}

export function renderBlocks(message: Message): KnownBlock[] {
  const blocks: Block[] = message.blocks ?? [{ type: 'text', text: message.text }];
  const out: KnownBlock[] = [];
  for (const block of blocks) {
    if (block.type === 'text')
      out.push({ type: 'section', text: mrkdwn(toMrkdwn(block.text), 3000, hasMemberText(block.text)) });
    else if (block.type === 'context')
      out.push({ type: 'context', elements: [mrkdwn(toMrkdwn(block.text), 3000, hasMemberText(block.text))] });
    else if (block.type === 'divider') out.push({ type: 'divider' });
    else if (block.type === 'fields') {
      for (let i = 0; i < block.fields.length; i += 10) {
        out.push({
          type: 'section',
          fields: block.fields.slice(i, i + 10).map((f) => {
            const value = withoutMarkers(f.value) ? toMrkdwn(f.value) : '—';
            return mrkdwn(`*${toMrkdwn(f.label)}*\n${value}`, 2000, hasMemberText(f.label, f.value));
          }),
        });
      }
    } else out.push({ type: 'actions', elements: block.elements.slice(0, 25).map(element) } as KnownBlock);
  }
  return out.slice(0, 50);
}

/** Slack shows these in an image block; anything else (webp, a zip, a JSON export) is shared as a file. */
const blockImageMimes = new Set(['image/png', 'image/jpeg', 'image/gif']);
export const showsAsImage = (file: OutgoingFile) => blockImageMimes.has(file.mime.toLowerCase());

/**
 * A message's blocks followed by one image block per uploaded image (`id`: its Slack file),
 * within Slack's 50 blocks. Alt text is plain text to Slack.
 */
export function renderBlocksWithImages(message: Message, images: { file: OutgoingFile; id: string }[]): KnownBlock[] {
  const blocks: KnownBlock[] = images.map(({ file, id }) => ({
    type: 'image',
    slack_file: { id },
    alt_text: clip(withoutMarkers(file.description || file.name), 2000),
  }));
  return [...renderBlocks(message).slice(0, 50 - blocks.length), ...blocks];
}

/**
 * Slack's number_input for a whole number within bounds. Slack refuses a view whose initial
 * value is not a number within them, so a stale or mistyped value is left out.
 */
function numberInput(
  id: string,
  bounds: { min: number; max: number },
  value: string | undefined,
  placeholder: string | undefined,
) {
  const initial = value === undefined ? undefined : withoutMarkers(value).trim();
  const fits =
    initial !== undefined && /^\d+$/.test(initial) && Number(initial) >= bounds.min && Number(initial) <= bounds.max;
  return {
    type: 'number_input' as const,
    action_id: id,
    is_decimal_allowed: false,
    min_value: String(bounds.min),
    max_value: String(bounds.max),
    ...(fits ? { initial_value: String(Number(initial)) } : {}),
    ...(placeholder ? { placeholder: plain(placeholder, 150) } : {}),
  };
}

function input(field: ModalField): KnownBlock {
  const base = {
    type: 'input' as const,
    block_id: field.id,
    label: plain(field.label, 2000),
    optional: !field.required,
    ...('hint' in field && field.hint ? { hint: plain(field.hint, 2000) } : {}),
  };
  switch (field.type) {
    case 'text':
      if (field.number)
        return { ...base, element: numberInput(field.id, field.number, field.value, field.placeholder) };
      return {
        ...base,
        element: {
          type: 'plain_text_input',
          action_id: field.id,
          multiline: field.style === 'paragraph',
          ...(field.value ? { initial_value: withoutMarkers(field.value) } : {}),
          ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
          ...(field.maxLength ? { max_length: field.maxLength } : {}),
        },
      };
    case 'select': {
      const initial = field.options.filter((o) => field.selected?.includes(o.value)).map(option);
      return {
        ...base,
        element:
          field.max > 1
            ? {
                type: 'multi_static_select',
                action_id: field.id,
                options: field.options.map(option),
                ...(initial.length ? { initial_options: initial } : {}),
              }
            : {
                type: 'static_select',
                action_id: field.id,
                options: field.options.map(option),
                ...(initial[0] ? { initial_option: initial[0] } : {}),
              },
      };
    }
    case 'checkboxes': {
      const initial = field.options.filter((o) => field.selected?.includes(o.value)).map(option);
      return {
        ...base,
        element: {
          type: 'checkboxes',
          action_id: field.id,
          options: field.options.map(option),
          ...(initial.length ? { initial_options: initial } : {}),
        },
      };
    }
    case 'entity-select':
      return {
        ...base,
        element:
          field.entity === 'channel'
            ? {
                type: 'conversations_select',
                action_id: field.id,
                filter: { include: ['public', 'private'], exclude_bot_users: true },
                ...(field.selected?.[0] ? { initial_conversation: field.selected[0] } : {}),
              }
            : {
                type: 'multi_users_select',
                action_id: field.id,
                ...(field.selected?.length ? { initial_users: field.selected } : {}),
              },
      };
    case 'file':
      // Slack's file_input (needs files:read): the files arrive in the view's state (see formFiles).
      // Its file types are a convenience for her only; the bytes are checked once fetched.
      return {
        ...base,
        element: {
          type: 'file_input',
          action_id: field.id,
          max_files: 1,
          ...(field.accept.length ? { filetypes: [...new Set(field.accept.map((t) => t.toLowerCase()))] } : {}),
        },
      };
  }
}

/** A neutral form as a Slack modal; `metadata` rides along in private_metadata. */
export function renderModal(modal: Modal, closeLabel: string, metadata: Record<string, string> = {}): View {
  return {
    type: 'modal',
    callback_id: modal.action,
    title: plain(modal.title, 24),
    submit: plain(modal.submitLabel, 24),
    close: plain(closeLabel, 24),
    private_metadata: JSON.stringify(metadata),
    blocks: modal.fields.map(input) as SlackBlock[],
  };
}

/** A message shown inside a modal (after a form was saved): no submit, a close button. */
export function renderMessageView(title: string, message: Message, closeLabel: string): View {
  return { type: 'modal', title: plain(title, 24), close: plain(closeLabel, 24), blocks: renderBlocks(message) };
}

/** A file in a submitted file_input, as Slack describes it (a few of its fields). */
interface UploadedFile {
  id?: string;
  name?: string;
  title?: string;
  mimetype?: string;
  size?: number;
  url_private?: string;
  url_private_download?: string;
}

type StateValue = {
  type: string;
  files?: UploadedFile[];
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_conversation?: string | null;
  selected_channel?: string | null;
  selected_user?: string | null;
  selected_users?: string[];
};

/** What a submitted modal holds, by field id (block id). */
export function formValues(state: Record<string, Record<string, StateValue>>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const v = Object.values(actions)[0];
    if (!v || v.type === 'file_input') continue;
    if (v.selected_options) values[blockId] = v.selected_options.map((o) => o.value);
    else if (v.selected_users) values[blockId] = v.selected_users;
    else if (v.selected_option !== undefined) values[blockId] = v.selected_option ? [v.selected_option.value] : [];
    else if (v.selected_conversation !== undefined || v.selected_channel !== undefined) {
      const id = v.selected_conversation ?? v.selected_channel;
      values[blockId] = id ? [id] : [];
    } else if (v.selected_user !== undefined) values[blockId] = v.selected_user ? [v.selected_user] : [];
    else values[blockId] = v.value ?? '';
  }
  return values;
}

/**
 * The files of a submitted modal's file fields, by field id (block id); undefined when
 * none holds any. Each is read later from its url_private_download (see files.ts).
 */
export function formFiles(
  state: Record<string, Record<string, StateValue>>,
): Record<string, IncomingFile[]> | undefined {
  const files: Record<string, IncomingFile[]> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const v = Object.values(actions)[0];
    if (v?.type !== 'file_input') continue;
    const uploaded = (v.files ?? []).flatMap((f): IncomingFile[] => {
      const url = f.url_private_download ?? f.url_private;
      if (!f.id || !url) return [];
      const name = f.name ?? f.title ?? f.id;
      return [
        {
          id: f.id,
          name,
          url,
          ...(typeof f.size === 'number' ? { size: f.size } : {}),
          ...(f.mimetype ? { mime: f.mimetype } : {}),
        },
      ];
    });
    if (uploaded.length) files[blockId] = uploaded;
  }
  return Object.keys(files).length ? files : undefined;
}
