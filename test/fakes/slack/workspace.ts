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
  nextId(prefix: string): string;
  /** Unique and increasing, numerically and as text, like real message timestamps. */
  nextTs(): string;
}

export interface WorkspaceInit {
  teamId?: string;
  teamName?: string;
  botUserId?: string;
  users?: FakeSlackUserInit[];
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
  workspace.users.set(workspace.botUserId, { id: workspace.botUserId, name: 'marraine', real_name: 'Marraine', is_bot: true });
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
