import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ButtonStyle,
  ChannelType,
  ComponentType,
  InteractionType,
  MessageType,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIAttachment,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionDataResolved,
  type APIInteractionDataResolvedChannel,
  type APIMessage,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIModalSubmissionComponent,
  type APIRole,
  type MessageFlags,
} from 'discord.js';
import { pendingUpload, type PendingUpload } from './attachments.ts';
import {
  DEFAULT_APPLICATION_ID,
  DEFAULT_BOT_USERNAME,
  interactionBase,
  resolvedMember,
  toUser,
  type InteractionContextInit,
  type InteractionUserInit,
  type MemberInit,
} from './interaction-context.ts';
import { rolePayload } from './payloads.ts';
import { PERMISSIONS } from './permissions.ts';
import { nextSnowflake } from './snowflake.ts';

export { PERMISSIONS } from './permissions.ts';
export {
  DEFAULT_APPLICATION_ID,
  type InteractionContextInit,
  type InteractionUserInit,
  type MemberInit,
} from './interaction-context.ts';

// ── Slash commands ────────────────────────────────────────────────────────────

export interface ChannelRefInit {
  id: string;
  name: string;
  type?: ChannelType;
  /** The invoking member's permissions in that channel. */
  permissions?: string;
}

export interface RoleRefInit {
  id: string;
  name: string;
  permissions?: string;
}

export type ChatInputOptionInit =
  | { name: string; type: 'string'; value: string }
  | { name: string; type: 'integer' | 'number'; value: number }
  | { name: string; type: 'boolean'; value: boolean }
  /** `member` is sent for guild interactions unless null (the user left the server). */
  | { name: string; type: 'user'; user: InteractionUserInit; member?: MemberInit | null }
  | { name: string; type: 'channel'; channel: ChannelRefInit }
  | { name: string; type: 'role'; role: RoleRefInit }
  /** A file she uploads: see AttachmentInit. */
  | { name: string; type: 'attachment'; attachment: AttachmentInit };

/**
 * A file a member attaches to a command. `fake.interact()` puts its bytes on the fake's CDN
 * and gives it a signed link, as Discord does; `size` makes the reported size lie.
 */
export interface AttachmentInit {
  filename: string;
  /** Its content; `size` zero bytes (1 KiB by default) when omitted. */
  bytes?: Buffer;
  contentType?: string;
  /** The size Discord reports; the real one by default. */
  size?: number;
  id?: string;
  /** The CDN sends this many bytes, then stalls. */
  stallAfter?: number;
}

export interface ChatInputInit extends InteractionContextInit {
  /** The root command; the bot exposes everything under `/marraine`. */
  command?: string;
  commandId?: string;
  /** `/marraine <subcommand>`; omit for a command whose options sit at the top level. */
  subcommand?: string;
  options?: ChatInputOptionInit[];
}

const resolvedChannel = (c: ChannelRefInit): APIInteractionDataResolvedChannel =>
  ({
    id: c.id,
    name: c.name,
    type: c.type ?? ChannelType.GuildText,
    permissions: c.permissions ?? PERMISSIONS.member,
    flags: 0,
  }) as APIInteractionDataResolvedChannel;

const resolvedRole = (r: RoleRefInit): APIRole =>
  rolePayload({ id: r.id, name: r.name, permissions: r.permissions ?? '0', position: 1 });

function resolveOption(
  option: ChatInputOptionInit,
  inGuild: boolean,
  resolved: APIInteractionDataResolved,
): APIApplicationCommandInteractionDataBasicOption {
  const { name } = option;
  switch (option.type) {
    case 'string':
      return { name, type: ApplicationCommandOptionType.String, value: option.value };
    case 'integer':
      return { name, type: ApplicationCommandOptionType.Integer, value: option.value };
    case 'number':
      return { name, type: ApplicationCommandOptionType.Number, value: option.value };
    case 'boolean':
      return { name, type: ApplicationCommandOptionType.Boolean, value: option.value };
    case 'user': {
      (resolved.users ??= {})[option.user.id] = toUser(option.user);
      if (inGuild && option.member !== null) (resolved.members ??= {})[option.user.id] = resolvedMember(option.member);
      return { name, type: ApplicationCommandOptionType.User, value: option.user.id };
    }
    case 'channel':
      (resolved.channels ??= {})[option.channel.id] = resolvedChannel(option.channel);
      return { name, type: ApplicationCommandOptionType.Channel, value: option.channel.id };
    case 'role':
      (resolved.roles ??= {})[option.role.id] = resolvedRole(option.role);
      return { name, type: ApplicationCommandOptionType.Role, value: option.role.id };
    case 'attachment': {
      const { filename, bytes, contentType, size, stallAfter } = option.attachment;
      const id = option.attachment.id ?? nextSnowflake();
      const content = bytes ?? Buffer.alloc(size ?? 1024);
      // A placeholder link until fake.interact() hosts the bytes (a payload dispatched without it keeps this one).
      const url = `https://cdn.discordapp.com/ephemeral-attachments/${nextSnowflake()}/${id}/${filename}`;
      const pending: PendingUpload = {
        bytes: content,
        ...(size !== undefined ? { size } : {}),
        ...(stallAfter !== undefined ? { stallAfter } : {}),
      };
      const attachment: APIAttachment & { [pendingUpload]: PendingUpload } = {
        id,
        filename,
        size: size ?? content.length,
        url,
        proxy_url: url.replace('cdn.discordapp.com', 'media.discordapp.net'),
        content_type: contentType ?? 'application/octet-stream',
        ephemeral: true,
        [pendingUpload]: pending,
      };
      (resolved.attachments ??= {})[id] = attachment;
      return { name, type: ApplicationCommandOptionType.Attachment, value: id };
    }
  }
}

/** `/marraine <subcommand> [options]` as Discord sends it, with `resolved` data for users, channels, roles and files. */
export function chatInputInteraction(init: ChatInputInit): APIChatInputApplicationCommandInteraction {
  const base = interactionBase(InteractionType.ApplicationCommand, init);
  const resolved: APIInteractionDataResolved = {};
  const options = (init.options ?? []).map((o) => resolveOption(o, Boolean(init.guildId), resolved));
  const topLevel: APIApplicationCommandInteractionDataOption[] = init.subcommand
    ? [{ name: init.subcommand, type: ApplicationCommandOptionType.Subcommand, options }]
    : options;
  return {
    ...base,
    data: {
      id: init.commandId ?? nextSnowflake(),
      name: init.command ?? 'marraine',
      type: ApplicationCommandType.ChatInput,
      options: topLevel,
      ...(Object.keys(resolved).length ? { resolved } : {}),
    },
  } as APIChatInputApplicationCommandInteraction;
}

// ── Message components ───────────────────────────────────────────────────────

export interface ComponentInit extends InteractionContextInit {
  customId: string;
  /** The message the component is on, e.g. `fake.messages()[0].raw`; a bot message holding it by default. */
  message?: APIMessage;
}

function messageHolding(init: ComponentInit, component: Record<string, unknown>): APIMessage {
  const applicationId = init.applicationId ?? DEFAULT_APPLICATION_ID;
  return {
    id: nextSnowflake(),
    type: MessageType.Default,
    content: '',
    channel_id: init.channelId ?? '',
    author: toUser({ id: applicationId, username: DEFAULT_BOT_USERNAME }),
    attachments: [],
    embeds: [],
    mentions: [],
    mention_roles: [],
    mention_everyone: false,
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0 as MessageFlags,
    components: [
      { type: ComponentType.ActionRow, id: 1, components: [{ id: 2, custom_id: init.customId, ...component }] },
    ],
  } as unknown as APIMessage;
}

function componentInteraction(
  init: ComponentInit,
  data: Record<string, unknown>,
  component: Record<string, unknown>,
): APIMessageComponentInteraction {
  const base = interactionBase(InteractionType.MessageComponent, init);
  const message = init.message ?? { ...messageHolding(init, component), channel_id: base.channel_id };
  return { ...base, message, data: { custom_id: init.customId, ...data } } as unknown as APIMessageComponentInteraction;
}

export function buttonInteraction(init: ComponentInit): APIMessageComponentInteraction {
  return componentInteraction(
    init,
    { component_type: ComponentType.Button },
    { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'OK' },
  );
}

export function stringSelectInteraction(init: ComponentInit & { values: string[] }): APIMessageComponentInteraction {
  const options = init.values.map((value) => ({ label: value, value }));
  return componentInteraction(
    init,
    { component_type: ComponentType.StringSelect, values: init.values },
    { type: ComponentType.StringSelect, options, min_values: 1, max_values: Math.max(1, init.values.length) },
  );
}

/** `selected` are the users picked; in a guild each comes with member data too. */
export function userSelectInteraction(
  init: ComponentInit & { selected: (InteractionUserInit & { member?: MemberInit })[] },
): APIMessageComponentInteraction {
  const resolved: APIInteractionDataResolved = { users: {} };
  for (const u of init.selected) {
    (resolved.users ??= {})[u.id] = toUser(u);
    if (init.guildId) (resolved.members ??= {})[u.id] = resolvedMember(u.member);
  }
  return componentInteraction(
    init,
    { component_type: ComponentType.UserSelect, values: init.selected.map((u) => u.id), resolved },
    { type: ComponentType.UserSelect },
  );
}

export function roleSelectInteraction(
  init: ComponentInit & { selected: RoleRefInit[] },
): APIMessageComponentInteraction {
  const roles = Object.fromEntries(init.selected.map((r) => [r.id, resolvedRole(r)]));
  return componentInteraction(
    init,
    { component_type: ComponentType.RoleSelect, values: init.selected.map((r) => r.id), resolved: { roles } },
    { type: ComponentType.RoleSelect },
  );
}

export function channelSelectInteraction(
  init: ComponentInit & { selected: ChannelRefInit[] },
): APIMessageComponentInteraction {
  const channels = Object.fromEntries(init.selected.map((c) => [c.id, resolvedChannel(c)]));
  return componentInteraction(
    init,
    { component_type: ComponentType.ChannelSelect, values: init.selected.map((c) => c.id), resolved: { channels } },
    { type: ComponentType.ChannelSelect },
  );
}

// ── Modals ───────────────────────────────────────────────────────────────────

export interface ModalSubmitInit extends InteractionContextInit {
  customId: string;
  /** custom_id → a text input's value, or a string select's values (labels layout only). */
  fields: Record<string, string | string[]>;
  /**
   * 'action-rows': the classic modal, each text input in its own row (type 1 → type 4).
   * 'labels': the newer layout, each input wrapped in a Label (type 18), which also allows selects.
   */
  layout?: 'action-rows' | 'labels';
  /** Set when the modal was opened from a component on this message. */
  message?: APIMessage;
}

export function modalSubmitInteraction(init: ModalSubmitInit): APIModalSubmitInteraction {
  const base = interactionBase(InteractionType.ModalSubmit, init);
  const layout = init.layout ?? 'action-rows';
  let nextId = 1;
  const components = Object.entries(init.fields).map(([customId, value]): APIModalSubmissionComponent => {
    const wrapperId = nextId++;
    const input = Array.isArray(value)
      ? { type: ComponentType.StringSelect, id: nextId++, custom_id: customId, values: value }
      : { type: ComponentType.TextInput, id: nextId++, custom_id: customId, value };
    if (layout === 'labels')
      return { type: ComponentType.Label, id: wrapperId, component: input } as APIModalSubmissionComponent;
    if (Array.isArray(value)) throw new Error(`Modal field ${customId}: selects exist only in the 'labels' layout`);
    return { type: ComponentType.ActionRow, id: wrapperId, components: [input] } as APIModalSubmissionComponent;
  });
  return {
    ...base,
    ...(init.message ? { message: init.message } : {}),
    data: { custom_id: init.customId, components },
  } as APIModalSubmitInteraction;
}

/** Matches a request on an interaction's first answer through its token (an edit by default, or its removal). */
export const toOriginal =
  (token: string, method: 'PATCH' | 'DELETE' = 'PATCH') =>
  (r: { method: string; path: string }) =>
    r.method === method && r.path.endsWith(`/${token}/messages/@original`);

/** Matches a follow-up message posted through an interaction's token. */
export const toFollowUp = (applicationId: string, token: string) => (r: { method: string; path: string }) =>
  r.method === 'POST' && r.path.endsWith(`/webhooks/${applicationId}/${token}`);
