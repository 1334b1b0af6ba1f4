/**
 * Slack's side of HTTP mode: signed requests posted to the bot's endpoint, with bodies shaped
 * like the ones Slack sends (slash commands form-encoded, interactions as a form `payload`,
 * Events API as JSON).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { UNSET_RESPONSE_URL, newTriggerId, type SlackActorInit } from './interactions.ts';
import type { SlackArgs } from './types.ts';
import {
  DEFAULT_APP_ID,
  DEFAULT_BOT_USER_ID,
  DEFAULT_TEAM_DOMAIN,
  DEFAULT_TEAM_ID,
  DEFAULT_USER_ID,
} from './workspace.ts';

export {
  blockActionsBody,
  newTriggerId,
  stateValue,
  viewSubmissionBody,
  UNSET_RESPONSE_URL,
  type ActionInit,
  type BlockActionsInit,
  type SlackActorInit,
  type StateValues,
  type ViewInit,
  type ViewSubmissionInit,
} from './interactions.ts';

export interface SlashCommandInit extends SlackActorInit {
  command?: string;
  text?: string;
  channelId?: string;
  channelName?: string;
  responseUrl?: string;
}

export interface EventInit {
  event: SlackArgs & { type: string };
  teamId?: string;
  apiAppId?: string;
  /** The bot user the event is delivered to, in `authorizations`. */
  botUserId?: string;
  eventId?: string;
  eventTime?: number;
}

export interface PostToBoltOptions {
  timestampSeconds?: number;
  retryNum?: number;
  retryReason?: string;
  /** Signed with another secret, as a forger would. */
  badSignature?: boolean;
  /** No X-Slack-Signature nor X-Slack-Request-Timestamp at all. */
  unsigned?: boolean;
  contentType?: string;
  /** Bolt answers an unacknowledged request after 3 s; this only guards against a hung server. */
  timeoutMs?: number;
}

export interface BoltResponse {
  status: number;
  body: string;
  json?: unknown;
}

/** Slack's v0 signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the app's signing secret. */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'X-Slack-Request-Timestamp': String(timestampSeconds), 'X-Slack-Signature': `v0=${digest}` };
}

/** The form body Slack posts for a slash command (default '/marraine'). */
export function slashCommandBody(init: SlashCommandInit = {}): string {
  const userId = init.userId ?? DEFAULT_USER_ID;
  const channelId = init.channelId ?? 'C0GENERAL';
  return new URLSearchParams({
    token: 'verification-token',
    team_id: init.teamId ?? DEFAULT_TEAM_ID,
    team_domain: init.teamDomain ?? DEFAULT_TEAM_DOMAIN,
    channel_id: channelId,
    channel_name: init.channelName ?? (channelId.startsWith('D') ? 'directmessage' : channelId.toLowerCase()),
    user_id: userId,
    user_name: init.userName ?? userId.toLowerCase(),
    command: init.command ?? '/marraine',
    text: init.text ?? '',
    api_app_id: init.apiAppId ?? DEFAULT_APP_ID,
    is_enterprise_install: 'false',
    response_url: init.responseUrl ?? UNSET_RESPONSE_URL,
    trigger_id: init.triggerId ?? newTriggerId(),
  }).toString();
}

/** An Events API `event_callback` envelope around `init.event`, as JSON. */
export function eventBody(init: EventInit): string {
  const teamId = init.teamId ?? DEFAULT_TEAM_ID;
  const eventTime = init.eventTime ?? Math.floor(Date.now() / 1000);
  return JSON.stringify({
    token: 'verification-token',
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: init.apiAppId ?? DEFAULT_APP_ID,
    event: { event_ts: `${eventTime}.000100`, ...init.event },
    type: 'event_callback',
    event_id: init.eventId ?? `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: teamId,
        user_id: init.botUserId ?? DEFAULT_BOT_USER_ID,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString('base64url')}`,
  });
}

/**
 * POSTs `body` to the bot as Slack would. The content type defaults to JSON for a body starting
 * with '{' and to the exact 'application/x-www-form-urlencoded' otherwise: Bolt compares it
 * without parameters, so a '; charset=…' suffix would make it parse a form as JSON.
 */
export function postToBolt(
  url: string,
  signingSecret: string,
  body: string,
  options: PostToBoltOptions = {},
): Promise<BoltResponse> {
  const headers: Record<string, string> = {
    'Content-Type':
      options.contentType ??
      (body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded'),
    'Content-Length': String(Buffer.byteLength(body)),
    'User-Agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
  };
  if (!options.unsigned) {
    const secret = options.badSignature ? `${signingSecret}-forged` : signingSecret;
    Object.assign(headers, signSlackRequest(secret, body, options.timestampSeconds));
  }
  if (options.retryNum !== undefined) {
    headers['X-Slack-Retry-Num'] = String(options.retryNum);
    headers['X-Slack-Retry-Reason'] = options.retryReason ?? 'http_timeout';
  }
  return new Promise((resolve, reject) => {
    // No keep-alive agent: a pooled socket would keep the bot's server from closing promptly.
    const req = request(url, { method: 'POST', headers, agent: false, timeout: options.timeoutMs ?? 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const response: BoltResponse = { status: res.statusCode ?? 0, body: text };
        try {
          if (text !== '') response.json = JSON.parse(text);
        } catch {
          // A plain-text ack (e.g. ack('Bien reçu')) is not JSON; `body` has it.
        }
        resolve(response);
      });
    });
    req.on('timeout', () =>
      req.destroy(new Error(`postToBolt: no answer from ${url} within ${options.timeoutMs ?? 5000} ms`)),
    );
    req.on('error', reject);
    req.end(body);
  });
}
