// `npm run discord:register [-- --guild <id>]`: registers /marraine and its subcommands
// with Discord, globally (visible within the hour) or in one server (at once, for tests).
import { REST } from 'discord.js';
import { parseArgs } from 'node:util';
import { commands } from '../../commands/index.ts';
import { loadConfig, readDotEnv } from '../config.ts';
import { registerCommands } from '../platforms/discord/command-definitions.ts';

const { values } = parseArgs({ options: { guild: { type: 'string' } } });
const config = loadConfig(readDotEnv());
if (!config.discord) {
  console.error('Set DISCORD_TOKEN and DISCORD_APPLICATION_ID first (see .env.example).');
  process.exit(1);
}
const rest = new REST(config.discord.apiUrl ? { api: config.discord.apiUrl } : {}).setToken(config.discord.token);
try {
  await registerCommands(rest, config.discord.applicationId, commands, values.guild);
  console.log(
    values.guild
      ? `Registered /marraine in server ${values.guild}.`
      : 'Registered /marraine globally (Discord shows it within the hour).',
  );
} catch (error) {
  console.error(`Discord refused the registration: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
