import type { REST } from 'discord.js';
import {
  ApplicationCommandOptionType,
  Routes,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
  type APIApplicationCommandBasicOption,
} from 'discord.js';
import { describeOptions, type Command, type OptionKind } from '../../core/commands.ts';
import { catalog, type MessageKey } from '../../i18n/index.ts';

export const rootCommand = 'marraine';

const optionTypes: Record<OptionKind, ApplicationCommandOptionType> = {
  string: ApplicationCommandOptionType.String,
  integer: ApplicationCommandOptionType.Integer,
  boolean: ApplicationCommandOptionType.Boolean,
  user: ApplicationCommandOptionType.User,
  channel: ApplicationCommandOptionType.Channel,
  attachment: ApplicationCommandOptionType.Attachment,
};

/** Discord caps descriptions at 100 characters. */
const describe = (key: MessageKey) => {
  const en = String(catalog('en')[key]).slice(0, 100);
  const fr = String(catalog('fr')[key]).slice(0, 100);
  return { description: en, description_localizations: { fr } };
};

/**
 * The one root command with a subcommand per command file. English is the base name
 * (what Discord sends back and other tools rely on); French is a localization, shown to
 * members whose Discord is in French.
 */
export function applicationCommands(commands: Command[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [
    {
      type: ApplicationCommandType.ChatInput,
      name: rootCommand,
      name_localizations: { fr: rootCommand },
      ...describe('discord.root.description'),
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options: commands.map((command) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: command.name.en,
        name_localizations: { fr: command.name.fr },
        ...describe(command.description),
        options: describeOptions(command.options).map(
          ({ key, meta, required }) =>
            ({
              type: optionTypes[meta.kind],
              name: key,
              name_localizations: { fr: meta.fr },
              ...describe(meta.description),
              required,
              ...(meta.choices
                ? {
                    choices: meta.choices.map((c) => ({
                      name: String(catalog('en')[c.label]),
                      name_localizations: { fr: String(catalog('fr')[c.label]) },
                      value: c.value,
                    })),
                  }
                : {}),
            }) as APIApplicationCommandBasicOption,
        ),
      })),
    },
  ];
}

/** Registers `/marraine` and its subcommands, for one guild (instant) or globally (Discord takes up to an hour). */
export async function registerCommands(
  rest: REST,
  applicationId: string,
  commands: Command[],
  guildId?: string,
): Promise<void> {
  const route = guildId
    ? Routes.applicationGuildCommands(applicationId, guildId)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body: applicationCommands(commands) });
}
