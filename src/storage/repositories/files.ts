import { sha256Of, type FileRepository } from '../../core/files.ts';
import type { Db } from './db.ts';

export function createFileRepository(db: Db): FileRepository {
  return {
    async put(bytes, mime) {
      const sha256 = sha256Of(bytes);
      // The same content from two members, or two instances at once: one row, no error.
      await db.$executeRaw`INSERT INTO stored_files (sha256, mime, size, bytes) VALUES (${sha256}, ${mime}, ${bytes.length}, ${bytes}) ON CONFLICT (sha256) DO NOTHING`;
      return { sha256, mime, size: bytes.length };
    },
    async get(sha256) {
      const row = await db.storedFile.findUnique({ where: { sha256 }, select: { bytes: true } });
      return row ? Buffer.from(row.bytes) : null;
    },
    async info(sha256) {
      return db.storedFile.findUnique({ where: { sha256 }, select: { sha256: true, mime: true, size: true } });
    },
  };
}
