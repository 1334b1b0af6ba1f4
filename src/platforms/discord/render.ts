import {
  ButtonStyle as DiscordButtonStyle,
  ChannelType,
  ComponentType,
  SelectMenuDefaultValueType,
  TextInputStyle,
  escapeMarkdown,
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type MessageMentionOptions,
} from 'discord.js';
import {
  splitMemberText,
  withoutMarkers,
  type Block,
  type Element,
  type Message,
  type Modal,
  type ModalField,
} from '../../core/reply-model.ts';

const buttonStyles = {
  primary: DiscordButtonStyle.Primary,
  secondary: DiscordButtonStyle.Secondary,
  success: DiscordButtonStyle.Success,
  danger: DiscordButtonStyle.Danger,
} as const;

/** Discord's limits, applied where texts could exceed them rather than failing the reply. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
/** Places Discord shows as plain text (labels, placeholders, options): markers only go. */
const plain = (text: string, max: number) => clip(withoutMarkers(text), max);

const zeroWidthSpace = '\u200B';

/**
 * What a member typed, as Discord text that shows it as typed and does nothing: markdown
 * escaped (also headings and lists, which escapeMarkdown leaves by default), subtext and
 * quotes escaped, every `[` escaped (escapeMarkdown's masked-link option escapes only the
 * first of `[[x](url)`, leaving a link), every `<` broken so no mention, channel, role,
 * emoji or timestamp tag can form, and @everyone/@here broken too. allowed_mentions
 * already stops the pings; this also stops the blue chip that looks like one.
 */
export function inertText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true })
    .replace(/^([ \t]*)(-#|>)/gm, '$1\\$2')
    .replaceAll('[', '\\[')
    .replaceAll('<', `<${zeroWidthSpace}`)
    .replace(/@(everyone|here)/gi, `@${zeroWidthSpace}$1`);
}

/** A text of the neutral model as Discord markup: the bot's parts as they are, the members' inert. */
const toDiscordText = (text: string) =>
  splitMemberText(text)
    .map((p) => (p.member ? inertText(p.text) : withoutMarkers(p.text)))
    .join('');

/**
 * The users and roles the bot itself mentions in a text: only its own parts count, so a
 * mention a member typed is never on the list.
 */
function mentionsIn(text: string, users: Set<string>, roles: Set<string>): void {
  for (const part of splitMemberText(text)) {
    if (part.member) continue;
    for (const [, kind, id] of part.text.matchAll(/<@([!&]?)(\d+)>/g)) (kind === '&' ? roles : users).add(id as string);
  }
}

function component(element: Element): APIComponentInMessageActionRow {
  switch (element.type) {
    case 'button':
      return {
        type: ComponentType.Button,
        custom_id: element.action,
        label: plain(element.label, 80),
        style: buttonStyles[element.style ?? 'secondary'],
      };
    case 'select': {
      // Discord takes 25 options at most, and no more picks than options.
      const options = element.options.slice(0, 25);
      const max = Math.min(element.max ?? 1, options.length);
      return {
        type: ComponentType.StringSelect,
        custom_id: element.action,
        placeholder: plain(element.placeholder, 150),
        min_values: Math.min(element.min ?? 1, max),
        max_values: max,
        options: options.map((o) => ({
          label: plain(o.label, 100),
          value: o.value,
          ...(o.description ? { description: plain(o.description, 100) } : {}),
          default: element.selected?.includes(o.value) ?? false,
        })),
      };
    }
    case 'channel-select':
      return {
        type: ComponentType.ChannelSelect,
        custom_id: element.action,
        placeholder: plain(element.placeholder, 150),
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        max_values: element.max ?? 1,
        default_values: defaultValues(element.selected, element.max ?? 1, SelectMenuDefaultValueType.Channel),
      };
    case 'role-select':
      return {
        type: ComponentType.RoleSelect,
        custom_id: element.action,
        placeholder: plain(element.placeholder, 150),
        min_values: 0,
        max_values: element.max ?? 1,
        default_values: defaultValues(element.selected, element.max ?? 1, SelectMenuDefaultValueType.Role),
      };
    case 'user-select':
      return {
        type: ComponentType.UserSelect,
        custom_id: element.action,
        placeholder: plain(element.placeholder, 150),
        min_values: 0,
        max_values: element.max ?? 1,
        default_values: defaultValues(element.selected, element.max ?? 1, SelectMenuDefaultValueType.User),
      };
  }
}

/**
 * A select's preselected channels, roles or users: snowflakes only, and no more than it takes.
 * Discord refuses the whole message otherwise, and a stored id of another shape (settings saved
 * before they were checked) would break the panel that shows it each time.
 */
function defaultValues<T extends SelectMenuDefaultValueType>(ids: string[] | undefined, max: number, type: T) {
  return (ids ?? [])
    .filter((id) => /^\d{1,20}$/.test(id))
    .slice(0, max)
    .map((id) => ({ id, type }));
}

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Who may be pinged, for REST bodies (the outbox posts and edits with it). */
  allowed_mentions: APIAllowedMentions & { parse: [] };
  /**
   * The same list under the name discord.js reads in replies, edits and follow-ups: it
   * builds their body itself and drops `allowed_mentions`. In a REST body Discord's API
   * skips it, as it skips any field it does not know.
   */
  allowedMentions: MessageMentionOptions & { parse: [] };
}

/**
 * A neutral message as Discord content, one embed for fields, and action rows. Selects
 * take a row each; buttons share rows of five. Only the users and roles the bot's own
 * text mentions may be pinged; never @everyone or @here.
 */
export function renderMessage(message: Message): DiscordMessage {
  const blocks: Block[] = message.blocks ?? [{ type: 'text', text: message.text }];
  const lines: string[] = [];
  const embeds: APIEmbed[] = [];
  const components: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  // Mentions in embeds never ping, so only the content's count.
  const users = new Set<string>();
  const roles = new Set<string>();
  for (const block of blocks) {
    if (block.type === 'text' || block.type === 'context') mentionsIn(block.text, users, roles);
    if (block.type === 'text') lines.push(toDiscordText(block.text));
    else if (block.type === 'context') lines.push(`-# ${toDiscordText(block.text)}`);
    else if (block.type === 'divider') lines.push('');
    else if (block.type === 'fields') {
      embeds.push({
        fields: block.fields
          .slice(0, 25)
          .map((f) => ({ name: plain(f.label, 256), value: clip(toDiscordText(f.value) || '—', 1024) })),
      });
    } else {
      const buttons = block.elements.filter((e) => e.type === 'button');
      for (const element of block.elements.filter((e) => e.type !== 'button')) {
        components.push({ type: ComponentType.ActionRow, components: [component(element)] });
      }
      for (let i = 0; i < buttons.length; i += 5) {
        components.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5).map(component) });
      }
    }
  }
  // Discord takes 100 of each at most.
  const allowed = { parse: [] as [], users: [...users].slice(0, 100), roles: [...roles].slice(0, 100) };
  return {
    content: clip(lines.join('\n'), 2000),
    embeds: withinEmbedBudget(embeds),
    components: components.slice(0, 5),
    allowed_mentions: allowed,
    allowedMentions: { ...allowed },
  };
}

/** Discord refuses a message whose embeds hold more than 6,000 characters in all: later fields are cut, then left out. */
const EMBED_BUDGET = 6000;

function withinEmbedBudget(embeds: APIEmbed[]): APIEmbed[] {
  let left = EMBED_BUDGET;
  return embeds
    .map((embed) => {
      const fields: NonNullable<APIEmbed['fields']> = [];
      for (const field of embed.fields ?? []) {
        const room = left - field.name.length;
        if (room < 2) break;
        const value = clip(field.value, room);
        fields.push({ ...field, value });
        left -= field.name.length + value.length;
      }
      return { ...embed, fields };
    })
    .filter((embed) => (embed.fields?.length ?? 0) > 0);
}

/**
 * A notice made to fit `max` and still read as a sentence: asides in parentheses go first
 * (they hold the detail), then it is cut at a word.
 */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const plainer = text.replace(/\s*\([^()]*\)/g, '');
  if (plainer.length <= max) return plainer;
  const cut = plainer.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A text input shows no hint, only a placeholder (100 characters), so the hint goes there:
 * it says what she must know (her note is public, her reason private), so it comes before
 * the field's own example, which stays only when both fit.
 */
function placeholderOf(field: Extract<ModalField, { type: 'text' }>): string | undefined {
  const hint = field.hint ? withoutMarkers(field.hint) : '';
  const example = field.placeholder ? withoutMarkers(field.placeholder) : '';
  const both = hint && example ? `${hint} — ${example}` : hint || example;
  if (!both) return undefined;
  return both.length <= 100 ? both : shorten(hint || example, 100);
}

/** A neutral form as a Discord modal: text fields only, five at most (the core plans for it). */
export function renderModal(modal: Modal): APIModalInteractionResponseCallbackData {
  const rows = modal.fields.flatMap((field) => {
    if (field.type !== 'text') return [];
    const placeholder = placeholderOf(field);
    return [
      {
        type: ComponentType.ActionRow as const,
        components: [
          {
            type: ComponentType.TextInput as const,
            custom_id: field.id,
            label: plain(field.label, 45),
            style: field.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
            required: field.required,
            ...(field.value !== undefined
              ? { value: withoutMarkers(field.value).slice(0, field.maxLength ?? 4000) }
              : {}),
            ...(placeholder ? { placeholder } : {}),
            ...(field.maxLength ? { max_length: Math.min(field.maxLength, 4000) } : {}),
          },
        ],
      },
    ];
  });
  return { custom_id: modal.action, title: plain(modal.title, 45), components: rows.slice(0, 5) };
}
