import type { Catalog } from './index.ts';

// English texts: every key of the French catalog, with the same {placeholders}.
export const en: Catalog = {
  'config.header': 'Marraine’s configuration needs fixing:',
  'config.problem': '  • {variable} {problem}',
  'config.footer':
    'Fix these values in the .env file (commented template: .env.example) or in the environment, then run npm start again.',
  'config.invalid.generic': 'has an invalid value ({detail}).',
  'config.invalid.choice': 'must be one of: {options}.',
  'config.invalid.url': 'must be an http(s) address, for example http://127.0.0.1:3000/api.',
  'config.invalid.postgresUrl':
    'must look like postgres://user:password@host:5432/database (percent-encode special characters in the password).',
  'config.invalid.timeZone': 'must be an IANA time zone, for example Europe/Paris.',
  'config.invalid.port': 'must be a port number between 1 and 65535.',
  'config.invalid.discordApplicationId': 'must be the Discord application’s numeric id (Developer Portal → General Information).',
  'config.invalid.slackBotToken': 'must start with xoxb- (Slack → OAuth & Permissions → Bot User OAuth Token).',
  'config.invalid.slackAppToken': 'must start with xapp- (Slack → Basic Information → App-Level Tokens).',
  'config.required.discordApplicationId': 'is required when DISCORD_TOKEN is set.',
  'config.required.slackSigningSecret': 'is required when SLACK_BOT_TOKEN is set (or set SLACK_APP_TOKEN for Socket Mode).',
  'config.required.slackBotToken': 'is required as soon as another SLACK_ variable is set.',

  'startup.noPlatform':
    `Marraine is ready (database: {database}), but no platform is configured.

To connect it to Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID.
For Slack, set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode).

Copy .env.example to .env, fill it in, then run npm start again.
The README explains step by step how to create the Discord and Slack apps.
To see the bot answer without a Discord or Slack account, run npm test: the end-to-end tests talk to local Discord and Slack servers.`,
  'startup.error.unexpected': 'Marraine could not start: {reason}',

  'storage.error.unreachable':
    'Cannot reach the PostgreSQL database {url} ({reason}). Check that the server is running and that DATABASE_URL is right.',
  'storage.error.authentication':
    'PostgreSQL refused the login for {url} ({reason}). Check the user and password in DATABASE_URL.',
  'storage.error.missingDatabase':
    'The database named in DATABASE_URL does not exist on that server ({reason}). Create it (createdb marraine) or fix its name.',
  'storage.error.corrupt':
    'The embedded database in {dir} cannot be opened ({reason}). Nothing was changed: restore a backup of that folder, or choose another DATA_DIR to start afresh.',
  'storage.error.notDatabase':
    '{dir} holds files that are not a Marraine database. Nothing was changed: empty that folder or choose another DATA_DIR.',
  'storage.error.locked':
    'Another Marraine instance (process {pid}) is already using {dir}. Stop it first; to run several instances, use PostgreSQL (DATABASE_URL).',
  'storage.error.dataDir': 'Cannot use the folder {dir} ({reason}). Check its permissions or choose another DATA_DIR.',
  'storage.error.migration':
    'Updating the database schema failed ({reason}). Migrations already applied stay in place; fix the cause and start again.',
};
