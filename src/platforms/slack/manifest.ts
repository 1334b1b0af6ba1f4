import type { Command } from '../../core/commands.ts';
import { catalog } from '../../i18n/index.ts';

/** Bot scopes and why: each one a thing Marraine does. */
export const botScopes = [
  'commands', // /marraine
  'chat:write', // replies, DMs and posts (through the outbox)
  'im:write', // opening a DM with a member
  'mpim:write', // group DMs for pairs and circles
  'users:read', // a member's language and whether she administers the workspace
  'team:read', // the workspace's name
  'channels:read', // channel pickers in the settings
  'groups:read',
  'app_mentions:read', // answering @Marraine
  'im:history', // after a crash mid-send, checking whether a DM already went out
  'mpim:history',
  'channels:history',
  'groups:history',
  'files:read', // the images members upload in forms (file_input needs it)
  'files:write', // uploading images and exports the bot posts
];

/**
 * The Slack app manifest (https://api.slack.com/reference/manifests): paste it at
 * api.slack.com/apps → Create New App → From a manifest. `url` is where Slack reaches
 * this bot over HTTP; Socket Mode needs no URL.
 */
export function slackManifest(
  commands: Command[],
  options: { url?: string; socketMode?: boolean; name?: string } = {},
) {
  const endpoint = `${(options.url ?? 'https://marraine.example.org').replace(/\/$/, '')}/slack/events`;
  const fr = catalog('fr');
  const en = catalog('en');
  const http = options.socketMode ? {} : { url: endpoint };
  return {
    display_information: {
      name: options.name ?? 'Marraine',
      description: String(en['discord.root.description']).slice(0, 140),
      long_description:
        `${String(fr['discord.root.description'])}. ${String(en['discord.root.description'])}. ${commands
          .map((c) => `/marraine ${c.name.fr} (${c.name.en})`)
          .join(', ')}.`.slice(0, 4000),
      background_color: '#4a154b',
    },
    features: {
      bot_user: { display_name: options.name ?? 'Marraine', always_online: true },
      slash_commands: [
        {
          command: '/marraine',
          ...http,
          description: String(fr['discord.root.description']).slice(0, 100),
          usage_hint: commands
            .map((c) => c.name.fr)
            .join('|')
            .slice(0, 100),
          // Mentions arrive as <@U123|name>, which the parser turns into user ids.
          should_escape: true,
        },
      ],
    },
    oauth_config: { scopes: { bot: botScopes } },
    settings: {
      event_subscriptions: {
        ...(options.socketMode ? {} : { request_url: endpoint }),
        bot_events: ['app_mention', 'user_change'],
      },
      interactivity: { is_enabled: true, ...(options.socketMode ? {} : { request_url: endpoint }) },
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode === true,
      token_rotation_enabled: false,
    },
  };
}
