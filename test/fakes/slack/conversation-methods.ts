import type { FakeSlackMessage, SlackArgs } from './types.ts';
import { isTruthy, slackError, stringArg, type ChannelRecord, type Workspace } from './workspace.ts';

export type MethodHandler = (args: SlackArgs) => SlackArgs;

const USER_ID = /^[UW][A-Z0-9]+$/;

/**
 * The DM or group DM between the bot and these users, opened once and then stable, as Slack does.
 * Returns undefined when an id is not a user id (e.g. a JSON array sent where Slack wants 'U1,U2').
 */
export function openConversation(
  workspace: Workspace,
  userIds: string[],
): { channel: ChannelRecord; existed: boolean } | undefined {
  const users = [...new Set(userIds.filter((id) => id !== workspace.botUserId))].sort();
  if (users.length === 0 || users.some((id) => !USER_ID.test(id))) return undefined;
  const isIm = users.length === 1;
  const members = isIm ? users : [workspace.botUserId, ...users];
  const existing = [...workspace.channels.values()].find(
    (c) => c.is_im === isIm && c.members.join(',') === members.join(','),
  );
  if (existing) return { channel: existing, existed: true };
  const channel: ChannelRecord = isIm
    ? { id: workspace.nextId('D'), is_im: true, is_mpim: false, user: users[0], members }
    : { id: workspace.nextId('G'), is_im: false, is_mpim: true, members };
  workspace.channels.set(channel.id, channel);
  return { channel, existed: false };
}

function channelInfo(workspace: Workspace, id: string): SlackArgs {
  const known = workspace.channels.get(id);
  const base = {
    id,
    created: 1_700_000_000,
    is_archived: false,
    is_org_shared: false,
    context_team_id: workspace.teamId,
  };
  if (known?.is_im) return { ...base, is_im: true, user: known.user, is_open: true };
  if (known?.is_mpim) {
    return {
      ...base,
      name: `mpdm-${known.members.join('--')}-1`,
      is_mpim: true,
      is_group: true,
      is_private: true,
      is_member: true,
    };
  }
  // Channels are not declared to the fake: any other id reads as a public channel the bot is in.
  return {
    ...base,
    name: id.toLowerCase(),
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: id.startsWith('G'),
    is_member: true,
    is_general: false,
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
  };
}

/** How a stored message reads in history: no channel field, metadata only on request. */
function asHistoryMessage(message: FakeSlackMessage, includeMetadata: boolean): SlackArgs {
  const { channel: _channel, metadata, ...rest } = message;
  return includeMetadata && metadata ? { ...rest, metadata } : rest;
}

function withinBounds(args: SlackArgs): (m: FakeSlackMessage) => boolean {
  const oldest = Number(stringArg(args, 'oldest') ?? '0');
  const latest = Number(stringArg(args, 'latest') ?? 'Infinity');
  const inclusive = isTruthy(args.inclusive);
  return (m) => {
    const ts = Number(m.ts);
    return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
  };
}

function page(messages: SlackArgs[], args: SlackArgs): SlackArgs {
  const limit = Number(stringArg(args, 'limit') ?? '100') || 100;
  return {
    ok: true,
    messages: messages.slice(0, limit),
    has_more: messages.length > limit,
    pin_count: 0,
    // Pagination is not modelled: everything past `limit` is only signalled by has_more.
    response_metadata: { next_cursor: '' },
  };
}

export function createConversationMethods(workspace: Workspace): Record<string, MethodHandler> {
  return {
    'conversations.open': (args) => {
      const reopen = stringArg(args, 'channel');
      if (reopen) return { ok: true, no_op: true, already_open: true, channel: { id: reopen } };
      const users = stringArg(args, 'users');
      if (!users) return slackError('users_list_not_supplied');
      const opened = openConversation(
        workspace,
        users.split(',').map((u) => u.trim()),
      );
      if (!opened) return slackError('user_not_found');
      const channel = isTruthy(args.return_im) ? channelInfo(workspace, opened.channel.id) : { id: opened.channel.id };
      return opened.existed ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
    },

    'conversations.info': (args) => {
      const id = stringArg(args, 'channel');
      if (!id) return slackError('channel_not_found');
      return { ok: true, channel: channelInfo(workspace, id) };
    },

    'conversations.history': (args) => {
      const channel = stringArg(args, 'channel');
      if (!channel) return slackError('channel_not_found');
      const includeMetadata = isTruthy(args.include_all_metadata);
      const messages = workspace.messages
        .filter((m) => m.channel === channel && (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast))
        .filter(withinBounds(args))
        .reverse()
        .map((m) => asHistoryMessage(m, includeMetadata));
      return page(messages, args);
    },

    'conversations.replies': (args) => {
      const channel = stringArg(args, 'channel');
      const ts = stringArg(args, 'ts');
      if (!channel) return slackError('channel_not_found');
      const thread = workspace.messages.filter((m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts));
      if (thread.length === 0) return slackError('thread_not_found');
      const includeMetadata = isTruthy(args.include_all_metadata);
      return page(
        thread.filter(withinBounds(args)).map((m) => asHistoryMessage(m, includeMetadata)),
        args,
      );
    },
  };
}
