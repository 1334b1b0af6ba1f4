import { text, type Text } from '../i18n/index.ts';

/**
 * A storage problem the host can act on: `text` says what happened and what to do,
 * in the host's language. Thrown before anything is written, so data is never touched.
 */
export class StorageError extends Error {
  constructor(
    readonly text: Text,
    options?: { cause?: unknown },
  ) {
    super(`${text.key} ${JSON.stringify(text.params ?? {})}`, options);
    this.name = 'StorageError';
  }
}

export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const message = error.message.split('\n')[0] ?? '';
    return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return String(error);
}

/** Classifies a failure to connect to PostgreSQL by its error code (node-postgres / SQLSTATE). */
export function postgresConnectError(url: string, error: unknown): StorageError {
  const code = (error as { code?: unknown } | undefined)?.code;
  const reason = reasonOf(error);
  if (code === '28P01' || code === '28000')
    return new StorageError(text('storage.error.authentication', { url, reason }), { cause: error });
  if (code === '3D000') return new StorageError(text('storage.error.missingDatabase', { reason }), { cause: error });
  return new StorageError(text('storage.error.unreachable', { url, reason }), { cause: error });
}
