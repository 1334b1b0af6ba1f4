/**
 * Slack's files, as the bot meets them: uploads in three steps (files.getUploadURLExternal, the
 * bytes POSTed to the upload URL, files.completeUploadExternal, sharing when given a channel),
 * files.info, and the url_private(_download) links of files members upload in modals, which
 * answer only with the bot token.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolveChannel } from './chat-methods.ts';
import type { MethodHandler } from './conversation-methods.ts';
import { readBytes } from './http-body.ts';
import type { FakeSlackDownload, FakeSlackMessage, FakeSlackUpload, MemberUploadInit, SlackArgs } from './types.ts';
import { DEFAULT_USER_ID, slackError, stringArg, type FileRecord, type Workspace } from './workspace.ts';

const typesByExtension: Record<string, [mimetype: string, filetype: string]> = {
  png: ['image/png', 'png'],
  jpg: ['image/jpeg', 'jpg'],
  jpeg: ['image/jpeg', 'jpg'],
  gif: ['image/gif', 'gif'],
  webp: ['image/webp', 'webp'],
  zip: ['application/zip', 'zip'],
  json: ['application/json', 'json'],
  csv: ['text/csv', 'csv'],
};

function typeOf(name: string): [string, string] {
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return typesByExtension[extension] ?? ['application/octet-stream', 'binary'];
}

const isPrivate = (channel: string) => /^[DG]/.test(channel);

/** The file object Slack returns (files.info, view state, a shared message's `files`). */
export function fileObject(workspace: Workspace, file: FileRecord, withShares = true): SlackArgs {
  const path = `/files-pri/${workspace.teamId}-${file.id}`;
  const where = (kind: 'public' | 'private') => Object.keys(file.shares[kind]);
  const hasShares = where('public').length + where('private').length > 0;
  return {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.title,
    mimetype: file.mimetype,
    filetype: file.filetype,
    pretty_type: file.filetype.toUpperCase(),
    user: file.user,
    user_team: workspace.teamId,
    editable: false,
    size: file.size,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: where('public').length > 0,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${workspace.baseUrl}${path}/${encodeURIComponent(file.name)}`,
    url_private_download: `${workspace.baseUrl}${path}/download/${encodeURIComponent(file.name)}`,
    permalink: `${workspace.baseUrl}/files/${file.user}/${file.id}/${encodeURIComponent(file.name)}`,
    channels: where('public'),
    groups: where('private').filter((c) => c.startsWith('G')),
    ims: where('private').filter((c) => c.startsWith('D')),
    comments_count: 0,
    ...(withShares && hasShares ? { shares: file.shares } : {}),
  };
}

function newFile(
  workspace: Workspace,
  init: { name: string; size: number; user: string; mimetype?: string },
): FileRecord {
  const [mimetype, filetype] = typeOf(init.name);
  return {
    id: workspace.nextId('F'),
    name: init.name,
    title: init.name,
    mimetype: init.mimetype ?? mimetype,
    filetype,
    size: init.size,
    bytes: null,
    user: init.user,
    created: Math.floor(Date.now() / 1000),
    completed: false,
    shares: { public: {}, private: {} },
  };
}

export function createFileMethods(workspace: Workspace): Record<string, MethodHandler> {
  return {
    'files.getUploadURLExternal': (args) => {
      const filename = stringArg(args, 'filename');
      const length = Number(stringArg(args, 'length'));
      if (!filename)
        return slackError('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] missing required field: filename'] },
        });
      if (!Number.isInteger(length) || length <= 0)
        return slackError('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] missing required field: length'] },
        });
      const file = {
        ...newFile(workspace, { name: filename, size: length, user: workspace.botUserId }),
        uploadKey: randomBytes(8).toString('hex'),
      };
      workspace.files.set(file.id, file);
      return { ok: true, upload_url: `${workspace.baseUrl}/upload/v1/${file.uploadKey}`, file_id: file.id };
    },

    'files.completeUploadExternal': (args) => {
      const list = Array.isArray(args.files) ? (args.files as { id?: string; title?: string }[]) : [];
      if (list.length === 0)
        return slackError('invalid_arguments', {
          response_metadata: { messages: ['[ERROR] missing required field: files'] },
        });
      const files = list.map((f) => (f.id ? workspace.files.get(f.id) : undefined));
      // Bytes never sent (or a member's file): nothing to complete.
      if (files.some((f) => !f || !f.bytes || f.uploadKey === undefined)) return slackError('file_not_found');
      for (const [i, file] of (files as FileRecord[]).entries()) {
        file.completed = true;
        if (list[i]?.title) file.title = list[i].title;
      }
      const requested = stringArg(args, 'channel_id') ?? stringArg(args, 'channels')?.split(',')[0];
      if (requested) {
        const channel = resolveChannel(workspace, requested);
        const threadTs = stringArg(args, 'thread_ts');
        const message: FakeSlackMessage = {
          type: 'message',
          channel,
          ts: workspace.nextTs(),
          user: workspace.botUserId,
          bot_id: workspace.botId,
          app_id: workspace.appId,
          team: workspace.teamId,
          text: stringArg(args, 'initial_comment') ?? '',
          upload: true,
          ...(threadTs ? { thread_ts: threadTs } : {}),
        };
        for (const file of files as FileRecord[]) {
          const shares = file.shares[isPrivate(channel) ? 'private' : 'public'];
          (shares[channel] ??= []).push({ ts: message.ts, ...(threadTs ? { thread_ts: threadTs } : {}) });
        }
        message.files = (files as FileRecord[]).map((file) => fileObject(workspace, file, false));
        workspace.messages.push(message);
      }
      // Slack shares in the background: the answer never holds the shares.
      return { ok: true, files: (files as FileRecord[]).map((file) => ({ id: file.id, title: file.title })) };
    },

    'files.info': (args) => {
      const file = workspace.files.get(stringArg(args, 'file') ?? '');
      if (!file || !file.completed) return slackError('file_not_found');
      return { ok: true, file: fileObject(workspace, file) };
    },
  };
}

/** A member's upload in a modal: completed, hers, and its file object for the view's state. */
export function memberUpload(workspace: Workspace, init: MemberUploadInit): SlackArgs {
  const file = newFile(workspace, {
    name: init.name,
    size: init.declaredSize ?? init.bytes.length,
    user: init.userId ?? DEFAULT_USER_ID,
    ...(init.mimetype ? { mimetype: init.mimetype } : {}),
  });
  Object.assign(file, {
    bytes: init.bytes,
    completed: true,
    ...(init.withoutContentLength ? { withoutContentLength: true } : {}),
  });
  workspace.files.set(file.id, file);
  return fileObject(workspace, file);
}

/** POST /upload/v1/:key: the raw bytes of a bot upload (multipart is not modelled). */
export async function receiveUpload(
  workspace: Workspace,
  req: IncomingMessage,
  res: ServerResponse,
  key: string,
): Promise<FakeSlackUpload | undefined> {
  const bytes = await readBytes(req);
  const file = [...workspace.files.values()].find((f) => f.uploadKey === key);
  if (!file || req.method !== 'POST') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    return undefined;
  }
  file.bytes = bytes;
  res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
  return { fileId: file.id, bytes, contentType: req.headers['content-type'] };
}

/** GET /files-pri/T-F/…: the bytes with the bot token, 401 without; chunked when the file asks. */
export function serveFile(
  workspace: Workspace,
  req: IncomingMessage,
  res: ServerResponse,
  fileId: string,
): FakeSlackDownload {
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const file = workspace.files.get(fileId);
  const status = token !== workspace.fileToken ? 401 : !file?.bytes || !file.completed ? 404 : 200;
  if (status !== 200 || !file?.bytes) {
    res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 401 ? 'Unauthorized' : 'Not Found');
    return { fileId, token, status };
  }
  const bytes = file.bytes;
  if (!file.withoutContentLength) {
    res.writeHead(200, { 'content-type': file.mimetype, 'content-length': String(bytes.length) }).end(bytes);
  } else {
    res.writeHead(200, { 'content-type': file.mimetype });
    const chunk = 16 * 1024;
    for (let at = 0; at < bytes.length; at += chunk) res.write(bytes.subarray(at, at + chunk));
    res.end();
  }
  return { fileId, token, status };
}
