import { createHash } from 'node:crypto';

/** A stored file's description (its bytes are read on their own, only when sent). */
export interface StoredFileInfo {
  sha256: string;
  mime: string;
  size: number;
}

/**
 * Files kept in the database because platform links expire: one row per content
 * (SHA-256), so the same bytes stored twice, or by two instances at once, are one row.
 */
export interface FileRepository {
  /** Stores the bytes unless the same content is there; returns its description. */
  put(bytes: Buffer, mime: string): Promise<StoredFileInfo>;
  /** The bytes, or null when no such file is stored. */
  get(sha256: string): Promise<Buffer | null>;
  info(sha256: string): Promise<StoredFileInfo | null>;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export type ImageType = 'png' | 'jpeg' | 'webp' | 'gif';

export const imageMimes: Record<ImageType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/**
 * The image type read from the bytes themselves, never from the name or what the platform
 * says: the four signatures of the formats accepted (PNG's eight-byte header, JPEG's SOI
 * marker, GIF87a/GIF89a, and RIFF….WEBP). Anything else is not an image we take.
 */
export function imageTypeOf(bytes: Buffer): ImageType | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 6 && ['GIF87a', 'GIF89a'].includes(bytes.subarray(0, 6).toString('latin1'))) return 'gif';
  if (
    bytes.length >= 12 &&
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'webp';
  return null;
}
