import type { FakeSlackMessage, FakeSlackUserInit, SlackArgs } from './types.ts';

/** A conversation the fake knows beyond a bare id: DMs and group DMs it opened. */
export interface ChannelRecord {
  id: string;
  is_im: boolean;
  is_mpim: boolean;
  /** The other member of a DM. */
  user?: string;
  members: string[];
}

/** Everything the fake Slack remembers, shared by the method handlers. */
export interface Workspace {
  teamId: string;
  teamName: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
  users: Map<string, FakeSlackUserInit>;
  userGroups: Map<string, string[]>;
  /** In posting order; history reverses it. */
  messages: FakeSlackMessage[];
  channels: Map<string, ChannelRecord>;
  views: Map<string, SlackArgs>;
  /** Files uploaded by the bot or by members (see file-methods.ts). */
  files: Map<string, FileRecord>;
  /** 'http://127.0.0.1:PORT', once the server listens: upload and download URLs point here. */
  baseUrl: string;
  /** The only token url_private / url_private_download accept. */
  fileToken: string;
  nextId(prefix: string): string;
  /** Unique and increasing, numerically and as text, like real message timestamps. */
  nextTs(): string;
}

/** A file as the fake keeps it: its bytes once uploaded, where it was shared. */
export interface FileRecord {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  /** What Slack tells (getUploadURLExternal's length, or a member upload's declared size). */
  size: number;
  /** Null until the bytes are POSTed to the upload URL. */
  bytes: Buffer | null;
  user: string;
  created: number;
  /** The secret part of its upload URL, for a bot upload. */
  uploadKey?: string;
  completed: boolean;
  withoutContentLength?: boolean;
  /** Conversation id → messages that shared it, as files.info's shares. */
  shares: {
    public: Record<string, { ts: string; thread_ts?: string }[]>;
    private: Record<string, { ts: string; thread_ts?: string }[]>;
  };
}

export interface WorkspaceInit {
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  users?: FakeSlackUserInit[];
  /** The bot token file downloads require (Bearer); 'xoxb-test' by default, as the tests' bots use. */
  botToken?: string;
}

/** Shared with the request builders so a default slash command comes from the fake's workspace. */
export const DEFAULT_TEAM_ID = 'T0MARRAINE';
export const DEFAULT_TEAM_DOMAIN = 'marraine-test';
export const DEFAULT_BOT_USER_ID = 'U0MARRAINEBOT';
export const DEFAULT_APP_ID = 'A0MARRAINE';
export const DEFAULT_USER_ID = 'U0TESTUSER';

// A fixed epoch keeps timestamps deterministic across runs while still looking like Slack's.
const TS_EPOCH_SECONDS = 1_700_000_000;

export function createWorkspace(init: WorkspaceInit = {}): Workspace {
  let idCounter = 0;
  let tsCounter = 0;
  const teamName = init.teamName ?? 'Marraine Test';
  const workspace: Workspace = {
    teamId: init.teamId ?? DEFAULT_TEAM_ID,
    teamName,
    teamDomain: DEFAULT_TEAM_DOMAIN,
    botUserId: init.botUserId ?? DEFAULT_BOT_USER_ID,
    botId: 'B0MARRAINE',
    appId: DEFAULT_APP_ID,
    users: new Map(),
    userGroups: new Map(),
    messages: [],
    channels: new Map(),
    views: new Map(),
    files: new Map(),
    baseUrl: '',
    fileToken: init.botToken ?? 'xoxb-test',
    nextId(prefix) {
      idCounter += 1;
      return `${prefix}0F${String(idCounter).padStart(7, '0')}`;
    },
    nextTs() {
      tsCounter += 1;
      const micros = tsCounter * 100;
      const seconds = TS_EPOCH_SECONDS + Math.floor(micros / 1_000_000);
      return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
    },
  };
  workspace.users.set(workspace.botUserId, {
    id: workspace.botUserId,
    name: 'marraine',
    real_name: 'Marraine',
    is_bot: true,
  });
  for (const user of init.users ?? []) workspace.users.set(user.id, user);
  return workspace;
}

/** Form fields arrive as strings: Slack reads 'true' and '1' as true. */
export function isTruthy(value: unknown): boolean {
  return value === true || value === 1 || value === 'true' || value === '1';
}

export function slackError(error: string, extra: SlackArgs = {}): SlackArgs {
  return { ok: false, error, ...extra };
}

export function stringArg(args: SlackArgs, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
