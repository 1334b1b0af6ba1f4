// Files members upload, as platforms describe them: depends on nothing above it.

/**
 * A file a member uploaded (a Discord attachment option, a Slack file_input), as the
 * platform describes it. Its bytes are fetched on demand with `CommandContext.fetchFile`.
 */
export interface IncomingFile {
  /** The platform's id of the file. */
  id: string;
  name: string;
  /** Where the platform serves it (expires: fetch the bytes and keep them). */
  url: string;
  /** Bytes, when the platform tells it before download. */
  size?: number;
  /** What the platform says the type is: a hint only, the bytes are checked. */
  mime?: string;
}

/** The file is larger than allowed: nothing more than `maxBytes` was read. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`file larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** Fetches an uploaded file's bytes from its platform; throws FileTooLargeError past `maxBytes`. */
export type FetchFile = (file: IncomingFile, maxBytes: number) => Promise<Buffer>;
