import { blockKitProblem } from './block-kit.ts';
import { openConversation, type MethodHandler } from './conversation-methods.ts';
import type { FakeSlackMessage, SlackArgs } from './types.ts';
import { isTruthy, slackError, stringArg, type Workspace } from './workspace.ts';

// Slack's documented limit; a bot that builds long lists should find out here, not in production.
const MAX_MESSAGE_BLOCKS = 50;

/** Slack accepts a user id as `channel` and posts into the DM with that user. */
export function resolveChannel(workspace: Workspace, channel: string): string {
  if (/^[UW][A-Z0-9]+$/.test(channel)) return openConversation(workspace, [channel])?.channel.id ?? channel;
  return channel;
}

/**
 * An image block showing a Slack file must name one the bot can see: completed (an upload
 * never completed is no file yet), with alt text. Returns the error, or undefined.
 */
function invalidImage(workspace: Workspace, blocks: unknown[]): SlackArgs | undefined {
  for (const [i, block] of blocks.entries()) {
    const b = block as { type?: string; slack_file?: { id?: string; url?: string }; alt_text?: unknown };
    if (b?.type !== 'image' || !b.slack_file) continue;
    const file = b.slack_file.id ? workspace.files.get(b.slack_file.id) : undefined;
    const problem =
      !file || !file.completed
        ? 'invalid slack file'
        : typeof b.alt_text !== 'string' || b.alt_text === ''
          ? 'missing required field: alt_text'
          : undefined;
    if (problem)
      return slackError('invalid_blocks', {
        response_metadata: { messages: [`[ERROR] ${problem} [json-pointer:/blocks/${i}]`] },
      });
  }
  return undefined;
}

/** Checks shared by postMessage and update; returns an error answer, or undefined when valid. */
function invalidContent(args: SlackArgs, workspace: Workspace): SlackArgs | undefined {
  const { blocks, attachments, metadata } = args;
  if (blocks !== undefined && !Array.isArray(blocks)) return slackError('invalid_blocks_format');
  if (Array.isArray(blocks) && blocks.length > MAX_MESSAGE_BLOCKS) {
    return slackError('invalid_blocks', {
      response_metadata: {
        messages: [`[ERROR] no more than ${MAX_MESSAGE_BLOCKS} items allowed [json-pointer:/blocks]`],
      },
    });
  }
  if (Array.isArray(blocks)) {
    const problem = blockKitProblem(blocks, 'message');
    if (problem) return slackError('invalid_blocks', { response_metadata: { messages: [`[ERROR] ${problem}`] } });
    const image = invalidImage(workspace, blocks);
    if (image) return image;
  }
  if (attachments !== undefined && !Array.isArray(attachments)) return slackError('invalid_attachments');
  if (metadata !== undefined) {
    const m = metadata as Record<string, unknown> | null;
    if (
      typeof m !== 'object' ||
      m === null ||
      typeof m.event_type !== 'string' ||
      typeof m.event_payload !== 'object'
    ) {
      return slackError('invalid_metadata_format');
    }
  }
  return undefined;
}

/** The content fields a message takes from arguments; absent ones are left out so updates keep them. */
function contentOf(args: SlackArgs): Partial<FakeSlackMessage> {
  const content: Partial<FakeSlackMessage> = {};
  if (typeof args.text === 'string') content.text = args.text;
  if (Array.isArray(args.blocks)) content.blocks = args.blocks;
  if (Array.isArray(args.attachments)) content.attachments = args.attachments;
  if (args.metadata !== undefined) content.metadata = args.metadata as FakeSlackMessage['metadata'];
  return content;
}

function asResponseMessage(message: FakeSlackMessage): SlackArgs {
  const { channel: _channel, ...rest } = message;
  return rest;
}

export function createChatMethods(workspace: Workspace): Record<string, MethodHandler> {
  const find = (channel: string | undefined, ts: string | undefined) =>
    workspace.messages.find((m) => m.channel === channel && m.ts === ts);

  return {
    'chat.postMessage': (args) => {
      const requested = stringArg(args, 'channel');
      if (!requested) return slackError('channel_not_found');
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined)
        return slackError('no_text');
      const invalid = invalidContent(args, workspace);
      if (invalid) return invalid;
      const message: FakeSlackMessage = {
        type: 'message',
        channel: resolveChannel(workspace, requested),
        ts: workspace.nextTs(),
        user: workspace.botUserId,
        bot_id: workspace.botId,
        app_id: workspace.appId,
        team: workspace.teamId,
        text: '',
        ...contentOf(args),
      };
      const threadTs = stringArg(args, 'thread_ts');
      if (threadTs) {
        message.thread_ts = threadTs;
        if (isTruthy(args.reply_broadcast)) message.reply_broadcast = true;
      }
      workspace.messages.push(message);
      return { ok: true, channel: message.channel, ts: message.ts, message: asResponseMessage(message) };
    },

    'chat.postEphemeral': (args) => {
      if (!stringArg(args, 'channel')) return slackError('channel_not_found');
      if (!stringArg(args, 'user')) return slackError('user_not_found');
      if (args.text === undefined && args.blocks === undefined && args.attachments === undefined)
        return slackError('no_text');
      // Ephemeral messages are never in history: only the recorded call shows them.
      return invalidContent(args, workspace) ?? { ok: true, message_ts: workspace.nextTs() };
    },

    'chat.update': (args) => {
      const channel = stringArg(args, 'channel');
      const message = find(channel, stringArg(args, 'ts'));
      if (!channel) return slackError('channel_not_found');
      if (!message) return slackError('message_not_found');
      const invalid = invalidContent(args, workspace);
      if (invalid) return invalid;
      Object.assign(message, contentOf(args), { edited: { user: workspace.botUserId, ts: workspace.nextTs() } });
      return { ok: true, channel, ts: message.ts, text: message.text, message: asResponseMessage(message) };
    },

    'chat.delete': (args) => {
      const channel = stringArg(args, 'channel');
      const message = find(channel, stringArg(args, 'ts'));
      if (!channel) return slackError('channel_not_found');
      if (!message) return slackError('message_not_found');
      workspace.messages.splice(workspace.messages.indexOf(message), 1);
      return { ok: true, channel, ts: message.ts };
    },
  };
}
