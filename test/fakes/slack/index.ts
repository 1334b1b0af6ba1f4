/**
 * A local stand-in for Slack's Web API that the real Bolt App and WebClient talk to unchanged
 * (`clientOptions: { slackApiUrl: fake.apiUrl }`). It answers like Slack, records every call, and
 * receives what the bot posts to response_urls. Slack's side of HTTP mode is in ./requests.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChatMethods } from './chat-methods.ts';
import { createConversationMethods, type MethodHandler } from './conversation-methods.ts';
import { createDirectoryMethods } from './directory-methods.ts';
import { createFileMethods, memberUpload, receiveUpload, serveFile } from './file-methods.ts';
import { parseApiRequest, readBytes, sendJson } from './http-body.ts';
import { createRecording, truncate } from './recording.ts';
import type {
  FakeSlackDownload,
  FakeSlackMessage,
  FakeSlackResponse,
  FakeSlackUpload,
  FakeSlackUserInit,
  MemberUploadInit,
  RecordedCall,
  SlackArgs,
} from './types.ts';
import { createViewMethods } from './view-methods.ts';
import { createWorkspace, slackError, type WorkspaceInit } from './workspace.ts';

export type {
  FakeSlackDownload,
  FakeSlackMessage,
  FakeSlackResponse,
  FakeSlackUpload,
  FakeSlackUserInit,
  MemberUploadInit,
  RecordedCall,
  SlackArgs,
} from './types.ts';
export * from './requests.ts';
export { findFreePort } from './free-port.ts';
export { startFakeSocketMode, type EnvelopeType, type FakeSocketMode, type SocketAck } from './socket-mode.ts';

export interface FakeSlack {
  /** 'http://127.0.0.1:PORT/api/': the WebClient appends the method name. */
  apiUrl: string;
  teamId: string;
  botUserId: string;
  /** Every Web API request, in arrival order, including rate-limited and failed ones. */
  calls: RecordedCall[];
  /**
   * The first call to `method` (already recorded or still to come) whose args match. Attempts
   * answered 429 are skipped, since the client will retry them; `calls` still lists them.
   */
  waitForCall(method: string, match?: (args: SlackArgs) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** A fresh response_url on the fake, to put in slash command and block_actions payloads. */
  responseUrl(): string;
  responses: FakeSlackResponse[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are whatever the bot sent; tests read them freely
  waitForResponse(match?: (body: any, url: string) => boolean, timeoutMs?: number): Promise<FakeSlackResponse>;
  /** Calls `listener` with every Web API call (then with every response_url POST) as recorded; returns the unsubscribe. */
  onCall(listener: (call: RecordedCall) => void): () => void;
  onResponse(listener: (response: FakeSlackResponse) => void): () => void;
  /** The next `count` calls to `method` get HTTP 429 with a Retry-After header, like Slack. */
  rateLimitNext(method: string, retryAfterSeconds: number, count?: number): void;
  /** The next `count` calls to `method` get `{ ok: false, error }`. */
  failNext(method: string, error: string, count?: number): void;
  /** The next `count` calls to `method` get an HTTP error (500 by default), and do nothing. */
  httpErrorNext(method: string, status?: number, count?: number): void;
  /**
   * The next `count` calls to `method` are held: `accept: true` does what they ask, then
   * answers after `ms` (never when null: the client times out after Slack acted);
   * `accept: false` waits `ms` before doing it, or never does it (recorded with status 0).
   */
  holdNext(method: string, options: { accept: boolean; ms: number | null }, count?: number): void;
  setUser(user: FakeSlackUserInit): void;
  setUserGroup(id: string, userIds: string[]): void;
  /** Messages the bot posted and has not deleted, oldest first, as last updated. */
  messages(channel?: string): FakeSlackMessage[];
  /**
   * A file as a member uploads it in a modal's file_input: its file object, to put in a
   * view_submission's state with `stateValue.fileInput([file])`. Its url_private_download
   * serves the bytes to the bot token only.
   */
  uploadAsMember(init: MemberUploadInit): SlackArgs;
  /** The bytes of a file (uploaded by the bot, or by a member), or undefined. */
  fileBytes(fileId: string): Buffer | undefined;
  /** The file ids a message's image blocks show (`slack_file.id`), in order. */
  imageFileIds(message: FakeSlackMessage): string[];
  /** Bytes POSTed to upload URLs, in arrival order. */
  uploads: FakeSlackUpload[];
  /** Requests for files' bytes (url_private…), in arrival order, with the token they carried. */
  downloads: FakeSlackDownload[];
  /**
   * Serves `apps.connections.open` (app-level tokens only, as Slack) with URLs from `socket`
   * (see ./socket-mode.ts); without it, that method answers as for an app without Socket Mode.
   */
  useSocketMode(socket: { nextUrl(): string }): void;
  close(): Promise<void>;
}

export type FakeSlackOptions = WorkspaceInit;

type Scripted =
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'fail'; error: string }
  | { kind: 'http-error'; status: number }
  | { kind: 'hold'; accept: boolean; ms: number | null };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const DEFAULT_WAIT_MS = 3000;

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const workspace = createWorkspace(options);
  const methods: Record<string, MethodHandler> = {
    ...createDirectoryMethods(workspace),
    ...createConversationMethods(workspace),
    ...createChatMethods(workspace),
    ...createViewMethods(workspace),
    ...createFileMethods(workspace),
  };
  let socketMode: { nextUrl(): string } | undefined;
  const uploads: FakeSlackUpload[] = [];
  const downloads: FakeSlackDownload[] = [];
  const calls = createRecording<RecordedCall>(
    (c) =>
      `${c.method} ${truncate(JSON.stringify(c.args))} → ${c.status} ${c.response.ok ? 'ok' : String(c.response.error)}`,
  );
  const responses = createRecording<FakeSlackResponse>((r) => `${r.url} ${truncate(JSON.stringify(r.body))}`);
  const scripted = new Map<string, Scripted[]>();
  let responseUrlCounter = 0;
  let baseUrl = '';

  const script = (method: string, step: Scripted, count: number) => {
    const queue = scripted.get(method) ?? [];
    for (let i = 0; i < count; i += 1) queue.push(step);
    scripted.set(method, queue);
  };

  const answerApi = async (res: ServerResponse, method: string, args: SlackArgs, token: string | undefined) => {
    let step = token === undefined ? undefined : scripted.get(method)?.shift();
    const hold = step?.kind === 'hold' ? step : undefined;
    if (hold) step = undefined;
    if (hold && !hold.accept) {
      if (hold.ms === null) {
        // Never taken in: recorded as held (status 0), never answered.
        calls.add({ method, args, token, status: 0, response: {} });
        return;
      }
      await pause(hold.ms);
    }
    let status = 200;
    let response: SlackArgs;
    const headers: Record<string, string> = {};
    if (token === undefined) response = slackError('not_authed');
    else if (step?.kind === 'rate-limit') {
      status = 429;
      headers['retry-after'] = String(step.retryAfterSeconds);
      response = slackError('ratelimited');
    } else if (step?.kind === 'fail') response = slackError(step.error);
    else if (step?.kind === 'http-error') {
      status = step.status;
      response = slackError('fake_http_error');
    } else if (method === 'apps.connections.open') {
      response = !token.startsWith('xapp-')
        ? slackError('not_allowed_token_type')
        : socketMode
          ? { ok: true, url: socketMode.nextUrl() }
          : slackError('socket_mode_not_enabled');
    } else response = methods[method]?.(args) ?? slackError('unknown_method');
    calls.add({ method, args, token, status, response });
    if (hold?.accept) {
      // Done, but the answer is late or never comes: the client times out after Slack acted.
      if (hold.ms === null) return;
      await pause(hold.ms);
      if (res.destroyed) return;
    }
    sendJson(res, status, response, headers);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const uploadKey = /^\/upload\/v1\/(\w+)$/.exec(path)?.[1];
    if (uploadKey) {
      const upload = await receiveUpload(workspace, req, res, uploadKey);
      if (upload) uploads.push(upload);
      return;
    }
    const download = /^\/files-pri\/[A-Z0-9]+-(F\w+)\//.exec(path)?.[1];
    if (download && req.method === 'GET') {
      downloads.push(serveFile(workspace, req, res, download));
      return;
    }
    const raw = (await readBytes(req)).toString('utf8');
    const apiMethod = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (apiMethod) {
      let parsed: ReturnType<typeof parseApiRequest>;
      try {
        parsed = parseApiRequest(req, raw);
      } catch {
        sendJson(res, 200, slackError('invalid_json'));
        return;
      }
      await answerApi(res, apiMethod, parsed.args, parsed.token);
      return;
    }
    if (/^\/response\/[\w-]+$/.test(path) && req.method === 'POST') {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // Kept as text: a response_url only takes JSON, so the test will see what went wrong.
      }
      responses.add({ url: `${baseUrl}${path}`, body });
      sendJson(res, 200, { ok: true });
      return;
    }
    sendJson(res, 404, slackError('not_found'));
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, slackError('fake_slack_crashed', { detail: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  workspace.baseUrl = baseUrl;
  let closing: Promise<void> | undefined;

  return {
    apiUrl: `${baseUrl}/api/`,
    teamId: workspace.teamId,
    botUserId: workspace.botUserId,
    calls: calls.items,
    waitForCall: (method, match = () => true, timeoutMs = DEFAULT_WAIT_MS) =>
      calls.waitFor(
        `${method} call matching the test's predicate`,
        (c) => c.method === method && c.status !== 429 && match(c.args),
        timeoutMs,
      ),
    responseUrl: () => `${baseUrl}/response/${++responseUrlCounter}`,
    onCall: calls.listen,
    onResponse: responses.listen,
    responses: responses.items,
    waitForResponse: (match = () => true, timeoutMs = DEFAULT_WAIT_MS) =>
      responses.waitFor("response_url POST matching the test's predicate", (r) => match(r.body, r.url), timeoutMs),
    rateLimitNext: (method, retryAfterSeconds, count = 1) =>
      script(method, { kind: 'rate-limit', retryAfterSeconds }, count),
    failNext: (method, error, count = 1) => script(method, { kind: 'fail', error }, count),
    httpErrorNext: (method, status = 500, count = 1) => script(method, { kind: 'http-error', status }, count),
    holdNext: (method, options, count = 1) => script(method, { kind: 'hold', ...options }, count),
    setUser: (user) => void workspace.users.set(user.id, user),
    setUserGroup: (id, userIds) => void workspace.userGroups.set(id, [...userIds]),
    messages: (channel) => workspace.messages.filter((m) => channel === undefined || m.channel === channel),
    uploadAsMember: (init) => memberUpload(workspace, init),
    fileBytes: (fileId) => workspace.files.get(fileId)?.bytes ?? undefined,
    imageFileIds: (message) =>
      (message.blocks ?? []).flatMap((b) => {
        const block = b as { type?: string; slack_file?: { id?: string } };
        return block.type === 'image' && block.slack_file?.id ? [block.slack_file.id] : [];
      }),
    uploads,
    downloads,
    useSocketMode: (socket) => void (socketMode = socket),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        calls.cancelAll('closed while a test was still waiting for a call');
        responses.cancelAll('closed while a test was still waiting for a response_url POST');
        server.close((error) => (error ? reject(error) : resolve()));
        // The WebClient keeps connections alive; without this, close() waits for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
