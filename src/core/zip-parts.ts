import { zipSync, type Zippable } from 'fflate';

/**
 * The largest zip sent in one message. Discord refuses attachments past 10 MiB in a server
 * without boosts (Slack takes far more): 9 MiB leaves room for the message around it.
 */
export const zipPartMaxBytes = 9 * 1024 * 1024;

/** A file in an export: its path in the zip and its bytes. */
export interface ZipEntry {
  path: string;
  bytes: Uint8Array;
  /** Already compressed (images): stored as it is. */
  stored?: boolean;
}

const zippable = (entries: readonly ZipEntry[]): Zippable =>
  Object.fromEntries(entries.map((e) => [e.path, e.stored ? ([e.bytes, { level: 0 }] as const) : e.bytes])) as Zippable;

/**
 * An export as one zip, or several when it would not fit in a message: the first part
 * holds `head` (the CSV, the JSON: what says what the images are) and the images that fit;
 * each further part the images that follow, in order. An image larger than a part gets a
 * part of its own (the platform may still refuse it; the admin sees which in its name).
 */
export function zipParts(
  head: readonly ZipEntry[],
  images: readonly ZipEntry[],
  options: { mtime: Date; maxBytes?: number },
): Buffer[] {
  const maxBytes = options.maxBytes ?? zipPartMaxBytes;
  const zip = (entries: readonly ZipEntry[]) => Buffer.from(zipSync(zippable(entries), { mtime: options.mtime }));
  const parts: ZipEntry[][] = [[...head]];
  // A zip adds a local header and a central directory entry per file: about 100 bytes and its path twice.
  const overhead = (entry: ZipEntry) => 100 + 2 * Buffer.byteLength(entry.path);
  let size = zip(head).length;
  for (const image of images) {
    const grows = image.bytes.length + overhead(image);
    const current = parts[parts.length - 1] as ZipEntry[];
    if (size + grows > maxBytes && current.length > (parts.length === 1 ? head.length : 0)) {
      parts.push([image]);
      size = 22 + grows;
    } else {
      current.push(image);
      size += grows;
    }
  }
  return parts.map(zip);
}

/** "marraine-posts-2026-03-10.zip", or "…-2026-03-10-2-3.zip" for the second of three. */
export const partName = (base: string, index: number, count: number) =>
  count === 1 ? `${base}.zip` : `${base}-${index + 1}-${count}.zip`;
