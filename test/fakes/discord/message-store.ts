import { InteractionType, MessageFlags, MessageType, type APIEmbed, type APIMessage, type APIUser } from 'discord.js';
import type { AttachmentStore, HostedAttachment } from './attachments.ts';
import { nextSnowflake } from './snowflake.ts';
import type { FakeFile, FakeMessage, MessageSource, RecordedFile } from './types.ts';

/** The fields of a create/edit message body the fake understands (discord.js's MessagePayload). */
export interface MessageBody {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: unknown[] | null;
  attachments?: { id: string | number; filename?: string; description?: string }[] | null;
  flags?: number | null;
  nonce?: string | number;
  enforce_nonce?: boolean;
  tts?: boolean;
  message_reference?: { message_id: string; channel_id?: string; guild_id?: string; type?: number };
  sticker_ids?: string[];
  poll?: unknown;
}

/** Who an interaction message answers: enough to fill `interaction_metadata`. */
export interface InteractionOrigin {
  id: string;
  type: InteractionType;
  user: APIUser;
  guildId: string | null;
  commandName: string | null;
}

export interface StoredMessage {
  message: APIMessage;
  source: MessageSource;
  interactionId: string | null;
  recipientId: string | null;
  /** The files uploaded with it (what `message.attachments` describes), with their bytes. */
  files: HostedAttachment[];
}

export interface ApiError {
  status: number;
  body: { message: string; code: number; errors?: unknown };
}

const MAX_CONTENT = 2000;
const MAX_EMBEDS = 10;

function formError(field: string, code: string, message: string): ApiError {
  return {
    status: 400,
    body: { message: 'Invalid Form Body', code: 50035, errors: { [field]: { _errors: [{ code, message }] } } },
  };
}

/** Discord refuses empty and oversized messages; a bot that sends one should fail here as it would live. */
export function invalidMessageBody(body: MessageBody, files: RecordedFile[], creating: boolean): ApiError | null {
  if (typeof body.content === 'string' && body.content.length > MAX_CONTENT) {
    return formError('content', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT} or fewer in length.`);
  }
  if ((body.embeds?.length ?? 0) > MAX_EMBEDS) {
    return formError('embeds', 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_EMBEDS} or fewer in length.`);
  }
  const empty =
    !body.content &&
    !body.embeds?.length &&
    !body.components?.length &&
    !files.length &&
    !body.sticker_ids?.length &&
    !body.poll;
  if (creating && empty) return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  return null;
}

/**
 * The files a create or edit uploads (`files[n]`), put on the fake's CDN. Discord names a
 * new file in `attachments` by its index in the upload, with its filename and description.
 */
function upload(
  store: AttachmentStore,
  channelId: string,
  body: MessageBody,
  files: RecordedFile[],
): HostedAttachment[] {
  return files.map((file, index) => {
    const meta = body.attachments?.find((a) => String(a.id) === String(index));
    return store.host({
      channelId,
      filename: meta?.filename ?? file.name,
      bytes: file.data,
      contentType: file.contentType,
      ...(meta?.description ? { description: meta.description } : {}),
    });
  });
}

/** Discord stores embeds with their type filled in. */
const normaliseEmbeds = (embeds: APIEmbed[] | null | undefined): APIEmbed[] =>
  (embeds ?? []).map((e) => ({ type: 'rich', ...e }) as APIEmbed);

export function createMessageStore(botUser: APIUser, applicationId: string, attachments: AttachmentStore) {
  const stored: StoredMessage[] = [];
  /** By id, as edits and deletes name them: a bench stores tens of thousands. */
  const byId = new Map<string, StoredMessage>();

  function create(
    channelId: string,
    body: MessageBody,
    files: RecordedFile[],
    meta: { source: MessageSource; interaction?: InteractionOrigin; recipientId?: string | null; flags?: number },
  ): StoredMessage {
    const { interaction } = meta;
    const uploaded = upload(attachments, channelId, body, files);
    const type =
      interaction?.type === InteractionType.ApplicationCommand && meta.source === 'interaction'
        ? MessageType.ChatInputCommand
        : body.message_reference
          ? MessageType.Reply
          : MessageType.Default;
    const message = {
      id: nextSnowflake(),
      type,
      content: body.content ?? '',
      channel_id: channelId,
      author: botUser,
      attachments: uploaded.map(attachments.payload),
      embeds: normaliseEmbeds(body.embeds),
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: Boolean(body.tts),
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      flags: meta.flags ?? body.flags ?? 0,
      components: body.components ?? [],
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...(body.message_reference
        ? { message_reference: { type: 0, channel_id: channelId, ...body.message_reference } }
        : {}),
      ...(interaction
        ? {
            webhook_id: applicationId,
            application_id: applicationId,
            interaction_metadata: {
              id: interaction.id,
              type: interaction.type,
              user: interaction.user,
              authorizing_integration_owners: { 0: interaction.guildId ?? '0' },
            },
            ...(interaction.commandName
              ? {
                  interaction: {
                    id: interaction.id,
                    type: interaction.type,
                    name: interaction.commandName,
                    user: interaction.user,
                  },
                }
              : {}),
          }
        : {}),
    } as APIMessage;
    const entry: StoredMessage = {
      message,
      source: meta.source,
      interactionId: interaction?.id ?? null,
      recipientId: meta.recipientId ?? null,
      files: uploaded,
    };
    stored.push(entry);
    byId.set(message.id, entry);
    return entry;
  }

  function edit(entry: StoredMessage, body: MessageBody, files: RecordedFile[]): APIMessage {
    const m = entry.message;
    if (body.content !== undefined) m.content = body.content ?? '';
    if (body.embeds !== undefined) m.embeds = normaliseEmbeds(body.embeds);
    if (body.components !== undefined) m.components = (body.components ?? []) as APIMessage['components'];
    if (body.attachments !== undefined || files.length) {
      // `attachments` lists every file the message keeps (by id) and describes the new ones
      // (by index); left out, the message keeps all it had (and gains what is uploaded).
      const kept =
        body.attachments === undefined
          ? entry.files
          : entry.files.filter((f) => body.attachments?.some((a) => String(a.id) === f.id));
      entry.files = [...kept, ...upload(attachments, m.channel_id, body, files)];
      m.attachments = entry.files.map(attachments.payload);
    }
    // Only SuppressEmbeds may change after sending; ephemerality is fixed, and an edit ends "loading".
    const keep = (m.flags ?? 0) & ~(MessageFlags.Loading | MessageFlags.SuppressEmbeds);
    const suppress = (body.flags ?? m.flags ?? 0) & MessageFlags.SuppressEmbeds;
    m.flags = keep | suppress;
    m.edited_timestamp = new Date().toISOString();
    return m;
  }

  return {
    create,
    edit,
    all: () => stored,
    find: (id: string) => byId.get(id),
    /** Takes in a message the fake did not create (a test built it), so the bot can edit it. */
    adopt(message: APIMessage): StoredMessage {
      const files = message.attachments.flatMap((a) => attachments.get(a.id) ?? []);
      const entry: StoredMessage = {
        message: structuredClone(message),
        source: 'channel',
        interactionId: null,
        recipientId: null,
        files,
      };
      stored.push(entry);
      byId.set(entry.message.id, entry);
      return entry;
    },
    remove(id: string) {
      const entry = byId.get(id);
      if (!entry) return;
      byId.delete(id);
      stored.splice(stored.indexOf(entry), 1);
    },
    /** Same nonce in the same channel: what `enforce_nonce` deduplicates on. */
    byNonce: (channelId: string, nonce: string | number) =>
      stored.find(
        (s) =>
          s.message.channel_id === channelId &&
          s.message.nonce !== undefined &&
          String(s.message.nonce) === String(nonce),
      ),
    /** What GET /channels/{id}/messages shows: newest first, no ephemeral replies (only their user sees them). */
    visibleIn: (channelId: string) =>
      stored
        .filter((s) => s.message.channel_id === channelId && !((s.message.flags ?? 0) & MessageFlags.Ephemeral))
        .map((s) => s.message)
        .reverse(),
  };
}

export type MessageStore = ReturnType<typeof createMessageStore>;

const fakeFile = (file: HostedAttachment): FakeFile => ({
  id: file.id,
  filename: file.filename,
  ...(file.description ? { description: file.description } : {}),
  contentType: file.contentType,
  size: file.bytes.length,
  bytes: Buffer.from(file.bytes),
  url: file.url,
});

export function toFakeMessage(entry: StoredMessage): FakeMessage {
  const raw = structuredClone(entry.message);
  const flags = raw.flags ?? 0;
  return {
    id: raw.id,
    channelId: raw.channel_id,
    content: raw.content,
    embeds: raw.embeds,
    components: raw.components ?? [],
    flags,
    ephemeral: Boolean(flags & MessageFlags.Ephemeral),
    loading: Boolean(flags & MessageFlags.Loading),
    edited: raw.edited_timestamp !== null,
    source: entry.source,
    interactionId: entry.interactionId,
    recipientId: entry.recipientId,
    nonce: raw.nonce ?? null,
    files: entry.files.map(fakeFile),
    raw,
  };
}
