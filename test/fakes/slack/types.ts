/** Shapes shared by the fake Slack Web API and the tests that read what the bot did. */

export type SlackArgs = Record<string, unknown>;

/** One Web API request as the fake received it, with what it answered. */
export interface RecordedCall {
  method: string;
  /**
   * The parsed body. Form values stay strings as Slack sees them ('true', '20'), except the fields
   * the WebClient JSON-encodes inside a form (blocks, view, metadata, attachments…), decoded to objects.
   */
  args: SlackArgs;
  /** From `Authorization: Bearer …`, or a `token` argument (removed from args). */
  token: string | undefined;
  /** 200, 429 when rate limited, 0 when held without being answered (see holdNext). */
  status: number;
  response: SlackArgs;
}

export interface FakeSlackUserInit {
  id: string;
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  /** Only returned when users.info is called with include_locale=true, like Slack. */
  locale?: string;
  tz?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
}

export interface FakeSlackMessage {
  type: 'message';
  channel: string;
  ts: string;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Files shared with the message (files.completeUploadExternal with a channel), as Slack's file objects. */
  files?: SlackArgs[];
  /** Set on a message that shared files, like Slack's. */
  upload?: boolean;
  thread_ts?: string;
  reply_broadcast?: boolean;
  edited?: { user: string; ts: string };
}

export interface FakeSlackResponse {
  url: string;
  body: unknown;
}

/** A file a member uploads in a modal's file_input (see FakeSlack.uploadAsMember). */
export interface MemberUploadInit {
  name: string;
  bytes: Buffer;
  /** Guessed from the name when omitted. */
  mimetype?: string;
  /** Who uploads it; the fake's default user when omitted. */
  userId?: string;
  /** The size Slack tells in the file object, when a test wants it to lie (the bytes are served as they are). */
  declaredSize?: number;
  /** Served without Content-Length (chunked), so only reading the body tells its size. */
  withoutContentLength?: boolean;
}

/** One request for a file's bytes (url_private / url_private_download). */
export interface FakeSlackDownload {
  fileId: string;
  /** The Bearer token sent, if any. */
  token: string | undefined;
  status: number;
}

/** Bytes POSTed to an upload_url from files.getUploadURLExternal. */
export interface FakeSlackUpload {
  fileId: string;
  bytes: Buffer;
  contentType: string | undefined;
}
