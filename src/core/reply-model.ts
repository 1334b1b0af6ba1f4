/**
 * Platform-neutral replies. Handlers return these; each adapter renders them (Discord
 * components and modals, Slack Block Kit). Texts are already in the reader's language.
 * Markup is Discord's subset: **bold**, _italic_, `- ` bullets, <@user> and <#channel>.
 * That markup is the bot's own: whatever a member typed is wrapped by `memberText`, and
 * the adapters render it inert (no mention, link or markup can come out of it).
 */
export type ButtonStyle = 'primary' | 'secondary' | 'success' | 'danger';

export interface Button {
  type: 'button';
  action: string;
  label: string;
  style?: ButtonStyle;
}

export interface SelectOption {
  value: string;
  label: string;
  description?: string;
}

export interface Select {
  type: 'select';
  action: string;
  placeholder: string;
  options: SelectOption[];
  min?: number;
  max?: number;
  selected?: string[];
}

/** Pickers of platform entities: the platform lists them, we get ids back. */
export interface EntitySelect {
  type: 'channel-select' | 'role-select' | 'user-select';
  action: string;
  placeholder: string;
  max?: number;
  selected?: string[];
}

export type Element = Button | Select | EntitySelect;

export type Block =
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: { label: string; value: string }[] }
  | { type: 'actions'; elements: Element[] }
  | { type: 'context'; text: string }
  | { type: 'divider' };

/**
 * A file sent with a message, by reference to its bytes in the store (stored_files), so an
 * outbox row stays small and the transport uploads it again at each send. Only messages
 * that leave through the outbox carry files; an interaction's own answer never does.
 */
export interface OutgoingFile {
  sha256: string;
  /** File name shown by the platform (e.g. `post.png`, `export.zip`). */
  name: string;
  mime: string;
  /** Said to screen readers (Slack's alt text, Discord's attachment description). */
  description?: string;
}

export interface Message {
  /** The whole message as plain text: notifications, screen readers, fallbacks. */
  text: string;
  blocks?: Block[];
  /** Images show with the message (Discord attachments, Slack image block); other files are attached. */
  files?: OutgoingFile[];
}

export type ModalField =
  | {
      type: 'text';
      id: string;
      label: string;
      style: 'short' | 'paragraph';
      required: boolean;
      value?: string;
      placeholder?: string;
      maxLength?: number;
      hint?: string;
      /**
       * The answer is a whole number between min and max: Slack shows a number_input with
       * these bounds; Discord's forms take text. The core checks it either way.
       */
      number?: { min: number; max: number };
    }
  | {
      type: 'select';
      id: string;
      label: string;
      options: SelectOption[];
      min: number;
      max: number;
      required: boolean;
      selected?: string[];
      hint?: string;
    }
  | {
      type: 'checkboxes';
      id: string;
      label: string;
      options: SelectOption[];
      required: boolean;
      selected?: string[];
      hint?: string;
    }
  | {
      type: 'entity-select';
      entity: 'channel' | 'user';
      id: string;
      label: string;
      max: number;
      required: boolean;
      selected?: string[];
    }
  /**
   * A file to upload (Slack's file_input; the submitted files arrive in FormInput.files).
   * Discord's forms take text only: there a file comes as a command's attachment option.
   */
  | { type: 'file'; id: string; label: string; required: boolean; accept: string[]; hint?: string };

export interface Modal {
  action: string;
  title: string;
  submitLabel: string;
  fields: ModalField[];
}

export type Reply =
  /** A message to the person who acted; `update` replaces the message she clicked on. */
  | ({ kind: 'message'; ephemeral: boolean; update?: boolean } & Message)
  | { kind: 'modal'; modal: Modal }
  /** Per-field errors for the form just submitted (Slack shows them under each field). */
  | { kind: 'form-errors'; errors: Record<string, string>; fallback: Message & { blocks: Block[] } }
  | { kind: 'none' };

/** Any reply but a form (see Command's `opensForm`). */
export type Answer = Exclude<Reply, { kind: 'modal' }>;

/** A message of text and one row of buttons under it. */
export const withButtons = (text: string, elements: Element[]): Message & { blocks: Block[] } => ({
  text,
  blocks: [
    { type: 'text', text },
    { type: 'actions', elements },
  ],
});

export const say = (
  text: string,
  blocks?: Block[],
  options: { ephemeral?: boolean; update?: boolean } = {},
): Extract<Reply, { kind: 'message' }> => ({
  kind: 'message',
  ephemeral: options.ephemeral ?? true,
  ...(options.update ? { update: true } : {}),
  text,
  ...(blocks ? { blocks } : {}),
});

/**
 * Private-use characters around member text inside a bot text. No keyboard types them;
 * any a member pasted are removed, so she cannot close the span early.
 */
export const memberTextOpen = '\uE000';
export const memberTextClose = '\uE001';

/** Marks text a member typed (a note, a bio, a reason): data, never markup. */
export function memberText(text: string): string {
  return `${memberTextOpen}${text.replace(/[\uE000\uE001]/g, '')}${memberTextClose}`;
}

/** A text cut into the bot's own parts and the members' parts, in order. */
export function splitMemberText(text: string): { member: boolean; text: string }[] {
  const parts: { member: boolean; text: string }[] = [];
  let rest = text;
  while (rest.length > 0) {
    const start = rest.indexOf(memberTextOpen);
    if (start < 0) {
      parts.push({ member: false, text: rest });
      break;
    }
    if (start > 0) parts.push({ member: false, text: rest.slice(0, start) });
    const end = rest.indexOf(memberTextClose, start + 1);
    // An unclosed span (text cut to a platform limit) is member text to its end.
    parts.push({ member: true, text: rest.slice(start + 1, end < 0 ? undefined : end) });
    rest = end < 0 ? '' : rest.slice(end + 1);
  }
  return parts;
}

/** The text with the markers removed, for places that show plain text only (labels, titles). */
export const withoutMarkers = (text: string) => text.replace(/[\uE000\uE001]/g, '');
