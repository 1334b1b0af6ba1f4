import { FileTooLargeError, type FetchFile, type IncomingFile } from '../../core/incoming-files.ts';

/** A download that hangs ends here, with her form still waiting for an answer. */
export const fileFetchTimeoutMs = 10_000;
const maxRedirects = 3;

/**
 * Why a file could not be fetched. Its message never holds the link nor the token: the
 * adapter logs it, and a link to a member's file is hers, not the log's.
 */
export class SlackFileError extends Error {
  constructor(message: string) {
    super(`slack: ${message}`);
    this.name = 'SlackFileError';
  }
}

/**
 * Whether the bot token may go with a request to `url`: Slack's own hosts over HTTPS
 * (files.slack.com and the other *.slack.com), or the host the Web API is configured at
 * (a test's local Slack, a proxy). A link from anywhere else would hand the token over.
 */
export function tokenMayGoTo(url: URL, apiUrl?: string): boolean {
  if (url.username || url.password) return false;
  if (url.protocol === 'https:' && url.hostname.endsWith('.slack.com')) return true;
  if (!apiUrl) return false;
  const api = new URL(apiUrl);
  return url.protocol === api.protocol && url.host === api.host;
}

/** Reads a body up to `maxBytes`; past that, stops reading and cancels it, whatever the headers said. */
async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Buffer> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, total);
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new FileTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
}

/**
 * The bytes of a file a member uploaded in a form (file_input), read from its
 * url_private_download with the bot token (Slack serves members' files to an app with
 * files:read only). Refused at once when Slack's declared size is over `maxBytes`, and
 * cut off past `maxBytes` whatever was declared; the whole download has `timeoutMs`.
 */
export function createSlackFileFetcher(options: { token: string; apiUrl?: string; timeoutMs?: number }): FetchFile {
  const timeoutMs = options.timeoutMs ?? fileFetchTimeoutMs;
  return async (file: IncomingFile, maxBytes: number) => {
    if (file.size !== undefined && file.size > maxBytes) throw new FileTooLargeError(maxBytes);
    let url: URL;
    try {
      url = new URL(file.url);
    } catch {
      throw new SlackFileError('a file link is not a URL; not fetched');
    }
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new SlackFileError(`a file download took more than ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      for (let redirects = 0; ; redirects += 1) {
        if (!tokenMayGoTo(url, options.apiUrl))
          throw new SlackFileError('a file link points outside Slack; not fetched');
        // Redirects are followed here, so each hop's host is checked before the token goes there.
        const response = await fetch(url, {
          headers: { authorization: `Bearer ${options.token}` },
          redirect: 'manual',
          signal: controller.signal,
        });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel().catch(() => {});
          if (redirects >= maxRedirects) throw new SlackFileError('too many redirects for a file');
          url = new URL(location, url);
          continue;
        }
        if (!response.ok || !response.body) {
          await response.body?.cancel().catch(() => {});
          throw new SlackFileError(`a file download was answered ${response.status}`);
        }
        // Without files:read, Slack answers its sign-in page instead of the file, with a 200.
        if ((response.headers.get('content-type') ?? '').startsWith('text/html')) {
          await response.body.cancel().catch(() => {});
          throw new SlackFileError('a web page came instead of a file (is the files:read scope granted?)');
        }
        if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
          await response.body.cancel().catch(() => {});
          throw new FileTooLargeError(maxBytes);
        }
        return await readAtMost(response.body, maxBytes);
      }
    } catch (error) {
      if (error instanceof FileTooLargeError || error instanceof SlackFileError) throw error;
      if (controller.signal.aborted) throw controller.signal.reason as Error;
      // Network errors name the host and port at most; the link and the token stay out.
      const code = (error as { cause?: { code?: string } }).cause?.code;
      throw new SlackFileError(`a file download failed${code ? ` (${code})` : ''}`);
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  };
}
