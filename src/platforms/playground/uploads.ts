import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FileTooLargeError, type FetchFile, type IncomingFile } from '../../core/incoming-files.ts';

/** A request body larger than the playground reads (413). */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`request body larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body, up to `maxBytes`; past that the reading stops. */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}

export interface UploadedFile {
  name: string;
  mime: string;
  bytes: Buffer;
}

/**
 * A form the page sent as multipart/form-data: its `payload` part (JSON) and its files,
 * each under `file:<field id>`. Node's own Request parses the multipart body.
 */
export async function readForm(
  request: IncomingMessage,
  maxBytes: number,
): Promise<{ payload: unknown; files: Record<string, UploadedFile[]> }> {
  const body = await readBody(request, maxBytes);
  const type = request.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data'))
    return { payload: JSON.parse(body.toString('utf8')) as unknown, files: {} };
  const form = await new Request('http://playground.invalid/', {
    method: 'POST',
    headers: { 'content-type': type },
    body: new Uint8Array(body),
  }).formData();
  const files: Record<string, UploadedFile[]> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith('file:') || typeof value === 'string' || value.size === 0) continue;
    const field = name.slice('file:'.length);
    (files[field] ??= []).push({
      name: value.name || 'file',
      mime: value.type || 'application/octet-stream',
      bytes: Buffer.from(await value.arrayBuffer()),
    });
  }
  const payload = form.get('payload');
  return { payload: typeof payload === 'string' ? (JSON.parse(payload) as unknown) : {}, files };
}

/**
 * Files a form brought, held while the core handles that form: the core sees them as a
 * platform's files (IncomingFile) and reads their bytes through `fetchFile`, which keeps
 * the size cap every platform keeps.
 */
export function createUploads() {
  const held = new Map<string, UploadedFile>();
  const fetchFile: FetchFile = async (file: IncomingFile, maxBytes: number) => {
    const upload = held.get(file.id);
    if (!upload) throw new Error('this upload is no longer held');
    if (upload.bytes.length > maxBytes) throw new FileTooLargeError(maxBytes);
    return upload.bytes;
  };
  return {
    fetchFile,
    /** Holds the files until `release`; what the core is given for them. */
    hold(files: Record<string, UploadedFile[]>): { incoming: Record<string, IncomingFile[]>; release: () => void } {
      const ids: string[] = [];
      const incoming = Object.fromEntries(
        Object.entries(files).map(([field, list]) => [
          field,
          list.map((upload): IncomingFile => {
            const id = randomUUID();
            ids.push(id);
            held.set(id, upload);
            return {
              id,
              name: upload.name,
              url: `playground:upload/${id}`,
              size: upload.bytes.length,
              mime: upload.mime,
            };
          }),
        ]),
      );
      return { incoming, release: () => ids.forEach((id) => held.delete(id)) };
    },
  };
}
