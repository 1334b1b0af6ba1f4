import type { RawFile } from 'discord.js';
import { FileTooLargeError } from '../../core/incoming-files.ts';
import { withoutMarkers, type Message } from '../../core/reply-model.ts';

/** How long a member's file may take to download, all of it: past this the download ends. */
export const discordFileTimeoutMs = 10_000;

/**
 * A CDN link as it may be logged or put in an error: Discord signs its links with query
 * parameters (`ex`, `is`, `hm`) that let anyone fetch the file until it expires, so they go.
 */
export function linkWithoutQuery(url: string): string {
  try {
    const { origin, pathname } = new URL(url);
    return `${origin}${pathname}`;
  } catch {
    return '(not a link)';
  }
}

/** Why a download failed, in words that never hold the link (undici's errors may quote it). */
function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'failed';
}

/**
 * The bytes of an attachment Discord serves at `url`. Refused at once when Discord says it
 * is larger than `maxBytes`; otherwise read as it streams and dropped as soon as more than
 * `maxBytes` arrived, whatever the size announced (by Discord or in Content-Length): only
 * the bytes counted are believed. A refusal or a failed download throws; a plain Error's
 * message names the link without its signature.
 */
export async function downloadAttachment(
  source: { url: string; size?: number },
  maxBytes: number,
  timeoutMs = discordFileTimeoutMs,
): Promise<Buffer> {
  if (source.size !== undefined && source.size > maxBytes) throw new FileTooLargeError(maxBytes);
  const where = linkWithoutQuery(source.url);
  const failed = (error: unknown) => new Error(`Discord file ${where}: ${reasonOf(error)}`);
  const stop = new AbortController();
  const signal = AbortSignal.any([stop.signal, AbortSignal.timeout(timeoutMs)]);
  let response: Response;
  try {
    response = await fetch(source.url, { signal });
  } catch (error) {
    throw failed(error);
  }
  if (!response.ok || !response.body) {
    stop.abort();
    throw new Error(`Discord file ${where}: HTTP ${response.status}`);
  }
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBytes) throw new FileTooLargeError(maxBytes);
      chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
    }
  } catch (error) {
    const thrown = error instanceof FileTooLargeError ? error : failed(error);
    // Hangs up: nothing more of it is read.
    stop.abort();
    await reader.cancel().catch(() => undefined);
    throw thrown;
  }
  return Buffer.concat(chunks, received);
}

/** Discord takes 1,024 characters of alt text per attachment. */
const maxDescription = 1024;

/**
 * A message's files as an upload: the bytes (`files[n]`, read from the store) and, for the
 * body, each one's name and alt text (`attachments[n]`, which names `files[n]` by its index).
 */
export async function uploadsOf(
  message: Message,
  loadFile: (sha256: string) => Promise<Buffer>,
): Promise<{ files: RawFile[]; attachments: { id: string; filename: string; description?: string }[] }> {
  const given = message.files ?? [];
  const files = await Promise.all(
    given.map(async (file) => ({ name: file.name, data: await loadFile(file.sha256), contentType: file.mime })),
  );
  const attachments = given.map((file, index) => {
    const description = file.description ? withoutMarkers(file.description).slice(0, maxDescription) : '';
    // The id is a snowflake-typed string in Discord's schema (discord.js sends '0', '1'… too).
    return { id: String(index), filename: file.name, ...(description ? { description } : {}) };
  });
  return { files, attachments };
}
