/**
 * What the playground's page receives: the neutral replies already cut into pieces the
 * browser puts on the page as text nodes. Nothing here is HTML: the page never parses
 * markup, so whatever a member typed shows as she typed it.
 */
import type { ButtonStyle } from '../../core/reply-model.ts';

export type Inline =
  | { kind: 'text'; text: string; bold?: boolean; italic?: boolean; code?: boolean }
  /** What a member typed: shown as typed, never read as markup. */
  | { kind: 'member'; text: string; bold?: boolean; italic?: boolean }
  | { kind: 'user'; id: string; name: string }
  | { kind: 'channel'; id: string; name: string };

export interface Line {
  parts: Inline[];
  bullet?: boolean;
  quote?: boolean;
  /** Discord's `-#` subtext. */
  small?: boolean;
}

export interface ViewOption {
  value: string;
  label: string;
  description?: string;
}

export type ViewElement =
  | { type: 'button'; action: string; label: string; style: ButtonStyle }
  | {
      type: 'select';
      action: string;
      placeholder: string;
      multiple: boolean;
      options: ViewOption[];
      selected: string[];
    };

export type ViewBlock =
  | { type: 'text' | 'context'; lines: Line[] }
  | { type: 'fields'; fields: { label: Line[]; value: Line[] }[] }
  | { type: 'actions'; elements: ViewElement[] }
  | { type: 'divider' }
  /** A file sent with the message: an image shows, anything else is a link. */
  | { type: 'file'; url: string; name: string; image: boolean; alt: string };

export interface ViewMessage {
  id: string;
  conversation: string;
  /** `bot` or the id of the persona who typed it. */
  author: string;
  authorName: string;
  /** ISO time on the app's clock (time travel included). */
  at: string;
  /** Only she sees it ("only you can see this"). */
  ephemeral: boolean;
  edited: boolean;
  blocks: ViewBlock[];
}

export type ViewField =
  | {
      type: 'text';
      id: string;
      label: string;
      multiline: boolean;
      required: boolean;
      value: string;
      placeholder: string;
      maxLength?: number;
      hint: string;
    }
  | {
      type: 'select';
      id: string;
      label: string;
      options: ViewOption[];
      multiple: boolean;
      required: boolean;
      selected: string[];
      hint: string;
    }
  | {
      type: 'checkboxes';
      id: string;
      label: string;
      options: ViewOption[];
      required: boolean;
      selected: string[];
      hint: string;
    }
  | { type: 'file'; id: string; label: string; required: boolean; accept: string; hint: string };

export interface ViewModal {
  action: string;
  title: string;
  submitLabel: string;
  fields: ViewField[];
}

export interface ViewConversation {
  id: string;
  kind: 'channel' | 'group' | 'dm';
  name: string;
}

export interface ViewPersona {
  id: string;
  name: string;
  /** Who she is in the story (mentee in career change, mentor…), in the page's language. */
  role: string;
}

/** Everything the page shows for one persona, in one language. */
export interface ViewState {
  version: number;
  locale: 'fr' | 'en';
  /** The app's clock, and how far it was moved (time travel). */
  now: string;
  offsetDays: number;
  timeZone: string;
  personas: ViewPersona[];
  conversations: ViewConversation[];
  messages: ViewMessage[];
  /** `/marraine` subcommands in both languages, with their description in the page's language. */
  commands: { en: string; fr: string; description: string }[];
  /** The page's own texts (`playground.ui.*` without the prefix). */
  texts: Record<string, string>;
}

/** What an interaction answers the page; messages arrive through the feed. */
export interface InteractionResult {
  modal?: ViewModal;
  /** Field id → problem, for the form still open. */
  errors?: Record<string, string>;
  /** The form is done: close it. */
  closed?: boolean;
}
