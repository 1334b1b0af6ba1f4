import type {
  APIApplicationCommand,
  APIAttachment,
  APIChannel,
  APIEmbed,
  APIInteraction,
  APIMessage,
  APIUser,
  ChannelType,
} from 'discord.js';
import type { AttachmentDownload, HostedAttachmentInit } from './attachments.ts';

/** A file sent in a multipart request (discord.js sends attachments as `files[n]`). */
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

/** One REST call the bot made, as the fake saw and answered it. */
export interface RecordedRequest {
  method: string;
  /** Without the `/api/v10` prefix: `/channels/123/messages`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON; for multipart, the parsed `payload_json` plus `files: [file names]`. */
  body: unknown;
  /** Lower-cased header names, as Node gives them. */
  headers: Record<string, string>;
  files: RecordedFile[];
  /** What the fake answered; 0 for a call held without being answered (see holdNext). */
  status: number;
  response: unknown;
  at: number;
}

/** A file uploaded with a message, as the fake received it. */
export interface FakeFile {
  /** The attachment's id in `raw.attachments`. */
  id: string;
  filename: string;
  /** The alt text sent in `attachments[n].description`. */
  description?: string;
  contentType: string;
  size: number;
  bytes: Buffer;
  /** Where the fake's CDN serves it. */
  url: string;
}

export type MessageSource = 'channel' | 'interaction' | 'follow-up';

/** A message the bot created, wherever it went. */
export interface FakeMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: APIEmbed[];
  components: unknown[];
  flags: number;
  ephemeral: boolean;
  /** A deferred reply nobody has edited yet: the user sees "…is thinking". */
  loading: boolean;
  edited: boolean;
  source: MessageSource;
  /** The interaction this message answers, for replies and follow-ups. */
  interactionId: string | null;
  /** For a DM, the user it went to. */
  recipientId: string | null;
  nonce: string | number | null;
  /** Files uploaded with it, in order, with their bytes (edits that keep them keep them here). */
  files: FakeFile[];
  raw: APIMessage;
}

export interface FakeUserInit {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
}

export interface FakeChannelInit {
  id?: string;
  name: string;
  type?: ChannelType.GuildText | ChannelType.GuildCategory | ChannelType.GuildAnnouncement | ChannelType.GuildVoice;
  parentId?: string | null;
  topic?: string | null;
}

export interface FakeRoleInit {
  id?: string;
  name: string;
  /** Permission bitfield as a decimal string, as Discord sends it. */
  permissions?: string;
  color?: number;
}

export interface FakeMemberInit {
  user: FakeUserInit;
  /** Role ids or role names from this guild's `roles`. */
  roles?: string[];
  nick?: string | null;
}

export interface FakeGuildInit {
  id?: string;
  name?: string;
  ownerId?: string;
  /** Discord locale code, e.g. 'fr' or 'en-US'. */
  preferredLocale?: string;
  channels?: FakeChannelInit[];
  roles?: FakeRoleInit[];
  members?: FakeMemberInit[];
  /** Permissions of the bot's managed role; a realistic invite set by default. */
  botPermissions?: string;
}

export interface FakeChannelRef {
  id: string;
  name: string;
  type: ChannelType;
}

/** A configured guild with its ids resolved, so tests can aim interactions at it. */
export interface FakeGuild {
  id: string;
  name: string;
  ownerId: string;
  preferredLocale: string;
  everyoneRoleId: string;
  botRoleId: string;
  channels: FakeChannelRef[];
  roles: { id: string; name: string; permissions: string }[];
  members: { user: APIUser; roles: string[] }[];
  /** The id of the channel with this name; throws when there is none. */
  channelId(name: string): string;
}

/** A complete INTERACTION_CREATE payload, as the builders in interactions.ts produce. */
export type InteractionInit = APIInteraction;

export interface InteractionHandle {
  id: string;
  token: string;
  payload: APIInteraction;
  /** Waits for the bot's POST /interactions/{id}/{token}/callback. */
  callback(timeoutMs?: number): Promise<RecordedRequest>;
}

export type RouteMatcher = (method: string, path: string) => boolean;

export interface StartFakeDiscordOptions {
  applicationId?: string;
  botUserId?: string;
  botUsername?: string;
  /** One guild with #general and #annonces when omitted. */
  guilds?: FakeGuildInit[];
  /** When set, REST calls and IDENTIFY with another token fail as Discord fails them (401 / close 4004). */
  token?: string;
  /** Sent in HELLO; long by default so heartbeats never pace a test. */
  heartbeatIntervalMs?: number;
  /** Discord's global rate limit: more calls than this in any second get a global 429 (none when omitted). */
  globalRateLimit?: number;
}

export interface FakeDiscord {
  apiUrl: string;
  gatewayUrl: string;
  applicationId: string;
  botUser: APIUser;
  guilds: FakeGuild[];
  requests: RecordedRequest[];
  /** Every frame clients sent on the gateway (IDENTIFY with its intents, heartbeats…). */
  gatewayFrames: { op: number; d: unknown }[];
  waitForRequest(match: (r: RecordedRequest) => boolean, timeoutMs?: number): Promise<RecordedRequest>;
  /** Calls `listener` with every request as it is recorded; returns the unsubscribe. */
  onRequest(listener: (r: RecordedRequest) => void): () => void;
  ready(timeoutMs?: number): Promise<void>;
  dispatch(event: string, data: unknown): void;
  interact(payload: InteractionInit): Promise<InteractionHandle>;
  rateLimitNext(match: RouteMatcher, retryAfterSeconds: number, count?: number): void;
  failNext(match: RouteMatcher, status: number, body: unknown, count?: number): void;
  /**
   * The next `count` matching calls are held: `accept: true` does what they ask, then answers
   * after `ms` (never when null: the client times out after Discord acted); `accept: false`
   * waits `ms` before doing it, or never does it (recorded with status 0). Held calls end on close().
   */
  holdNext(match: RouteMatcher, options: { accept: boolean; ms: number | null }, count?: number): void;
  /** Calls refused by the global rate limit (see StartFakeDiscordOptions.globalRateLimit). */
  globalRateLimited(): number;
  messages(channelId?: string): FakeMessage[];
  /** Messages the bot sent in its DM channel with this user. */
  directMessages(userId: string): FakeMessage[];
  /**
   * She leaves the guild (or is kicked): she is no longer a member, and clients that asked
   * for the GuildMembers intent get GUILD_MEMBER_REMOVE, as Discord sends it.
   */
  removeMember(guildId: string, user: { id: string; username: string }): void;
  /** She joins (again): a member, and GUILD_MEMBER_ADD to clients with the GuildMembers intent. */
  addMember(guildId: string, user: { id: string; username: string }): void;
  channel(id: string): APIChannel | undefined;
  threadMembers(threadId: string): string[];
  /**
   * Discord's CDN on the fake's own server. A command's attachment option (see AttachmentInit)
   * is put there by interact(); `add` puts a file there directly, for a test that downloads it itself.
   */
  attachments: {
    /** Hosts a file: its payload (signed `url`, reported `size`) and its bytes. */
    add(init: HostedAttachmentInit): APIAttachment & { bytes: Buffer };
    /** Takes a file off the CDN: its link answers 404 from then on, as an expired one. */
    remove(id: string): void;
    /** Every GET the CDN had (for one attachment id, or all), with its status and whether it was sent whole. */
    downloads(id?: string): AttachmentDownload[];
  };
  /** The last bulk-registered commands: global when no guild id. */
  commands(guildId?: string): APIApplicationCommand[];
  close(): Promise<void>;
}
