import { createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIAttachment } from 'discord.js';
import { nextSnowflake } from './snowflake.ts';

/** A file the fake's CDN serves: one a test gives a member to upload, or one the bot uploaded. */
export interface HostedAttachmentInit {
  filename: string;
  bytes: Buffer;
  contentType?: string;
  /** Alt text (the bot's uploads carry it). */
  description?: string;
  /** The channel in its URL; a new id when omitted. */
  channelId?: string;
  id?: string;
  /** The size Discord reports: the real size, unless a test makes it lie. */
  size?: number;
  /** A member's upload for a command (served under /ephemeral-attachments, as Discord does). */
  ephemeral?: boolean;
  /** Sends this many bytes, then nothing more (a download that stalls). */
  stallAfter?: number;
}

export interface HostedAttachment {
  id: string;
  channelId: string;
  filename: string;
  contentType: string;
  description?: string;
  bytes: Buffer;
  /** What Discord says the size is (see HostedAttachmentInit.size). */
  size: number;
  /** Signed like Discord's CDN links (`?ex=…&is=…&hm=…&`): without the signature, a 404. */
  url: string;
  ephemeral: boolean;
  stallAfter?: number;
}

/** One GET to the fake's CDN. `completed` is filled in when the response ends. */
export interface AttachmentDownload {
  /** The attachment id in the path, even when nothing is served there. */
  id: string;
  /** Whether the link carried a valid signature. */
  signed: boolean;
  status: number;
  /** Every byte was sent (false: the client hung up first); null while it is being sent. */
  completed: boolean | null;
}

/**
 * Carried (under this symbol, which no JSON keeps) by an attachment a builder made, until
 * the fake puts its bytes on its CDN and gives it a real link (see withHostedUploads).
 */
export const pendingUpload = Symbol('fake-discord-upload');

export interface PendingUpload {
  bytes: Buffer;
  /** The size to report, when the test makes it lie. */
  size?: number;
  stallAfter?: number;
}

const CHUNK = 16 * 1024;
const LINK_LIFETIME_S = 24 * 60 * 60;

/**
 * Discord's CDN, on the fake's own HTTP server: attachments a test uploads for a member
 * (a command's attachment option) and files the bot uploads with its messages, served at
 * `/attachments/<channel>/<id>/<filename>` with a signed query, as Discord serves them.
 */
export function createAttachmentStore() {
  let baseUrl = 'http://127.0.0.1';
  const secret = randomBytes(16);
  const hosted = new Map<string, HostedAttachment>();
  const downloads: AttachmentDownload[] = [];
  const sign = (id: string, ex: string, is: string) =>
    createHmac('sha256', secret).update(`${id}:${ex}:${is}`).digest('hex');

  function host(init: HostedAttachmentInit): HostedAttachment {
    const id = init.id ?? nextSnowflake();
    const channelId = init.channelId ?? nextSnowflake();
    const ephemeral = init.ephemeral ?? false;
    const now = Math.floor(Date.now() / 1000);
    const [ex, is] = [(now + LINK_LIFETIME_S).toString(16), now.toString(16)];
    const path = `/${ephemeral ? 'ephemeral-attachments' : 'attachments'}/${channelId}/${id}/${encodeURIComponent(init.filename)}`;
    const attachment: HostedAttachment = {
      id,
      channelId,
      filename: init.filename,
      contentType: init.contentType ?? 'application/octet-stream',
      ...(init.description ? { description: init.description } : {}),
      bytes: Buffer.from(init.bytes),
      size: init.size ?? init.bytes.length,
      url: `${baseUrl}${path}?ex=${ex}&is=${is}&hm=${sign(id, ex, is)}&`,
      ephemeral,
      ...(init.stallAfter !== undefined ? { stallAfter: init.stallAfter } : {}),
    };
    hosted.set(id, attachment);
    return attachment;
  }

  /** Serves a CDN request; false when the path is not the CDN's (the REST API's, then). */
  function serve(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/(?:ephemeral-)?attachments\/[^/]+\/([^/]+)\/[^/]+$/.exec(url.pathname);
    if (!match) return false;
    const id = match[1] ?? '';
    const [ex, is, hm] = ['ex', 'is', 'hm'].map((k) => url.searchParams.get(k) ?? '');
    const signed =
      Boolean(ex && is && hm) &&
      hm === sign(id, ex as string, is as string) &&
      parseInt(ex as string, 16) * 1000 > Date.now();
    const attachment = signed ? hosted.get(id) : undefined;
    const download: AttachmentDownload = { id, signed, status: attachment ? 200 : 404, completed: null };
    downloads.push(download);
    res.on('close', () => (download.completed = res.writableFinished));
    if (!attachment || req.method !== 'GET') {
      // What the CDN answers for an unknown, unsigned or expired link.
      res.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
      return true;
    }
    const { bytes } = attachment;
    res.writeHead(200, { 'content-type': attachment.contentType, 'content-length': String(bytes.length) });
    const end = Math.min(bytes.length, attachment.stallAfter ?? bytes.length);
    // In chunks, heeding backpressure, so a client that stops reading stops the sending too.
    let offset = 0;
    const pump = () => {
      while (offset < end) {
        const chunk = bytes.subarray(offset, Math.min(offset + CHUNK, end));
        offset += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (end === bytes.length) res.end();
    };
    pump();
    return true;
  }

  return {
    host,
    serve,
    /** Called once the server listens: links are made on its address. */
    setBaseUrl(url: string) {
      baseUrl = url;
    },
    get: (id: string) => hosted.get(id),
    /** Takes a file off the CDN: its link then answers 404, as an expired one does. */
    remove: (id: string) => void hosted.delete(id),
    /** Every GET the CDN had, in order (attachment id, status, whether it was sent whole). */
    downloads: (id?: string) => downloads.filter((d) => id === undefined || d.id === id),
    /** The attachment as a message or an interaction's `resolved` carries it. */
    payload(attachment: HostedAttachment): APIAttachment {
      return {
        id: attachment.id,
        filename: attachment.filename,
        ...(attachment.description ? { description: attachment.description } : {}),
        size: attachment.size,
        url: attachment.url,
        proxy_url: attachment.url,
        content_type: attachment.contentType,
        ...(attachment.ephemeral ? { ephemeral: true } : {}),
      };
    },
  };
}

/**
 * The interaction with its members' uploads (the `resolved.attachments` a builder made) put
 * on the CDN: each gets a signed link on the fake and the size Discord would report.
 */
export function withHostedUploads<T extends { channel_id?: string; data?: unknown }>(
  store: AttachmentStore,
  payload: T,
): T {
  const data = payload.data as
    { resolved?: { attachments?: Record<string, APIAttachment & { [pendingUpload]?: PendingUpload }> } } | undefined;
  const uploads = data?.resolved?.attachments;
  if (!uploads || !Object.values(uploads).some((a) => a[pendingUpload])) return payload;
  const hosted = Object.fromEntries(
    Object.entries(uploads).map(([id, attachment]) => {
      const pending = attachment[pendingUpload];
      if (!pending) return [id, attachment];
      const file = store.host({
        id,
        filename: attachment.filename,
        bytes: pending.bytes,
        ...(attachment.content_type ? { contentType: attachment.content_type } : {}),
        ...(payload.channel_id ? { channelId: payload.channel_id } : {}),
        ...(pending.size !== undefined ? { size: pending.size } : {}),
        ...(pending.stallAfter !== undefined ? { stallAfter: pending.stallAfter } : {}),
        ephemeral: true,
      });
      return [id, store.payload(file)];
    }),
  );
  return { ...payload, data: { ...data, resolved: { ...data?.resolved, attachments: hosted } } };
}

export type AttachmentStore = ReturnType<typeof createAttachmentStore>;
