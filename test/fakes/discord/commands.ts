import { ApplicationCommandType, ApplicationIntegrationType, type APIApplicationCommand } from 'discord.js';
import { nextSnowflake } from './snowflake.ts';

interface CommandInput {
  type?: ApplicationCommandType;
  name?: unknown;
  description?: unknown;
  name_localizations?: Record<string, unknown> | null;
  description_localizations?: Record<string, unknown> | null;
  options?: OptionInput[];
  [key: string]: unknown;
}

interface OptionInput {
  type?: number;
  name?: unknown;
  description?: unknown;
  name_localizations?: Record<string, unknown> | null;
  description_localizations?: Record<string, unknown> | null;
  required?: boolean;
  options?: OptionInput[];
  choices?: unknown[];
}

type Errors = Record<string, unknown>;

/** Discord's rule for chat input names: lower case letters, digits, '-' and '_', 1 to 32 long. */
const CHAT_INPUT_NAME = /^[-_'\p{Ll}\p{Lo}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

const fieldError = (code: string, message: string) => ({ _errors: [{ code, message }] });

function checkText(errors: Errors, key: string, value: unknown, pattern: RegExp | null, max: number) {
  if (typeof value !== 'string' || value.length === 0) {
    errors[key] = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
  } else if (value.length > max) {
    errors[key] = fieldError('BASE_TYPE_BAD_LENGTH', `Must be between 1 and ${max} in length.`);
  } else if (pattern && !pattern.test(value)) {
    errors[key] = fieldError('APPLICATION_COMMAND_INVALID_NAME', `Command name is invalid`);
  }
}

function checkLocalizations(
  errors: Errors,
  key: string,
  map: Record<string, unknown> | null | undefined,
  pattern: RegExp | null,
  max: number,
) {
  const nested: Errors = {};
  for (const [locale, value] of Object.entries(map ?? {})) checkText(nested, locale, value, pattern, max);
  if (Object.keys(nested).length) errors[key] = nested;
}

/** The subset of Discord's validation that real bots trip on: names, lengths, option order and counts. */
function optionErrors(options: OptionInput[] | undefined): Errors | null {
  if (!options) return null;
  const errors: Errors = {};
  if (options.length > 25)
    errors._errors = [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }];
  let seenOptional = false;
  options.forEach((option, index) => {
    const own: Errors = {};
    checkText(own, 'name', option.name, CHAT_INPUT_NAME, 32);
    checkText(own, 'description', option.description, null, 100);
    checkLocalizations(own, 'name_localizations', option.name_localizations, CHAT_INPUT_NAME, 32);
    checkLocalizations(own, 'description_localizations', option.description_localizations, null, 100);
    if (option.required && seenOptional) {
      own._errors = [
        {
          code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
          message: 'Required options must be placed before non-required options',
        },
      ];
    }
    if (!option.required && option.type !== 1 && option.type !== 2) seenOptional = true;
    if ((option.choices?.length ?? 0) > 25)
      own.choices = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    const nested = optionErrors(option.options);
    if (nested) own.options = nested;
    if (Object.keys(own).length) errors[index] = own;
  });
  return Object.keys(errors).length ? errors : null;
}

export function commandErrors(commands: CommandInput[]): Errors | null {
  const errors: Errors = {};
  commands.forEach((command, index) => {
    const own: Errors = {};
    const chatInput = (command.type ?? ApplicationCommandType.ChatInput) === ApplicationCommandType.ChatInput;
    checkText(own, 'name', command.name, chatInput ? CHAT_INPUT_NAME : null, 32);
    if (chatInput) checkText(own, 'description', command.description, null, 100);
    checkLocalizations(own, 'name_localizations', command.name_localizations, chatInput ? CHAT_INPUT_NAME : null, 32);
    if (chatInput) checkLocalizations(own, 'description_localizations', command.description_localizations, null, 100);
    const nested = optionErrors(command.options);
    if (nested) own.options = nested;
    if (Object.keys(own).length) errors[index] = own;
  });
  return Object.keys(errors).length ? errors : null;
}

/** Commands as Discord stores them; a command keeps its id across overwrites while its name and type stay. */
export function registerCommands(
  input: CommandInput[],
  previous: APIApplicationCommand[],
  applicationId: string,
  guildId: string | null,
): APIApplicationCommand[] {
  return input.map((command) => {
    const type = command.type ?? ApplicationCommandType.ChatInput;
    const same = previous.find((p) => p.name === command.name && p.type === type);
    return {
      ...command,
      id: same?.id ?? nextSnowflake(),
      application_id: applicationId,
      version: nextSnowflake(),
      type,
      name: command.name as string,
      description: (command.description as string | undefined) ?? '',
      default_member_permissions: (command.default_member_permissions as string | null | undefined) ?? null,
      nsfw: Boolean(command.nsfw),
      integration_types: (command.integration_types as ApplicationIntegrationType[] | undefined) ?? [
        ApplicationIntegrationType.GuildInstall,
      ],
      contexts: (command.contexts as APIApplicationCommand['contexts']) ?? null,
      ...(guildId ? { guild_id: guildId } : {}),
    } as APIApplicationCommand;
  });
}
