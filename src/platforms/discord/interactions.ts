import {
  ApplicationCommandOptionType,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Interaction,
  type MessageComponentInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { parseActionId } from '../../core/action-ids.ts';
import type { FetchFile } from '../../core/incoming-files.ts';
import type { IncomingInteraction } from '../../core/dispatcher.ts';
import { downloadAttachment } from './files.ts';

type Input = IncomingInteraction['input'];

function commandInput(interaction: ChatInputCommandInteraction): Input {
  const options: Record<string, unknown> = {};
  const sub = interaction.options.data[0];
  for (const option of sub?.options ?? []) {
    if (option.type === ApplicationCommandOptionType.User) options[option.name] = option.user?.id ?? option.value;
    else if (option.type === ApplicationCommandOptionType.Channel)
      options[option.name] = option.channel?.id ?? option.value;
    else if (option.type === ApplicationCommandOptionType.Attachment && option.attachment) {
      const { id, name, url, size, contentType } = option.attachment;
      options[option.name] = { id, name, url, size, ...(contentType ? { mime: contentType } : {}) };
    } else options[option.name] = option.value;
  }
  return { kind: 'command', name: interaction.options.getSubcommand(), options };
}

function componentValues(interaction: MessageComponentInteraction): string[] {
  return interaction.isAnySelectMenu() ? [...interaction.values] : [];
}

function formValues(interaction: ModalSubmitInteraction): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const field of interaction.fields.fields.values()) {
    if ('value' in field && typeof field.value === 'string') values[field.customId] = field.value;
    else if ('values' in field && Array.isArray(field.values)) values[field.customId] = [...field.values];
  }
  return values;
}

/**
 * Downloads a file she attached to this command. Only the files of this interaction, from
 * the link Discord gave in it (whatever the core hands back), at the size Discord reported.
 */
function fetchFileOf(interaction: ChatInputCommandInteraction): FetchFile {
  return async (file, maxBytes) => {
    const attachment = interaction.options.resolved?.attachments?.get(file.id);
    if (!attachment) throw new Error(`attachment ${file.id} is not one of interaction ${interaction.id}`);
    return downloadAttachment({ url: attachment.url, size: attachment.size }, maxBytes);
  };
}

/** A discord.js interaction as the core's neutral one; null for kinds we do not handle. */
export function toIncoming(interaction: Interaction): IncomingInteraction | null {
  let input: Input;
  if (interaction.isChatInputCommand()) input = commandInput(interaction);
  else if (interaction.isMessageComponent())
    input = { kind: 'action', id: interaction.customId, values: componentValues(interaction) };
  else if (interaction.isModalSubmit())
    input = { kind: 'form', id: interaction.customId, values: formValues(interaction) };
  else return null;
  // In a DM only scoped components make sense (they carry their community).
  if (!interaction.guildId && !((input.kind === 'action' || input.kind === 'form') && parseActionId(input.id)?.scope))
    return null;

  const member = interaction.member;
  const roleIds = member ? (Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()]) : [];
  // Permissions come from Discord in the interaction itself, computed for this member
  // in this channel: nothing the client could forge.
  const permissions = interaction.memberPermissions;
  return {
    platform: 'discord',
    deliveryKey: interaction.id,
    ...(interaction.guildId
      ? { community: { externalId: interaction.guildId, name: interaction.guild?.name ?? interaction.guildId } }
      : {}),
    user: {
      externalId: interaction.user.id,
      displayName: interaction.user.globalName ?? interaction.user.username,
      locale: interaction.locale,
    },
    ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
    roleIds,
    isPlatformAdmin: async () =>
      permissions?.has(PermissionFlagsBits.ManageGuild) === true ||
      permissions?.has(PermissionFlagsBits.Administrator) === true,
    richForms: false,
    // Discord's forms take text only: files come with a command, as its attachment option.
    ...(interaction.isChatInputCommand() ? { fetchFile: fetchFileOf(interaction) } : {}),
    // A user picked in an option comes resolved in the interaction, with Discord's bot flag,
    // and as a member when she is one of the server's (the bot has no one else to write to).
    ...(interaction.isChatInputCommand()
      ? {
          whoIs: async (id: string) => {
            const resolved = interaction.options.resolved;
            const user = resolved?.users?.get(id);
            if (!user || (interaction.inGuild() && !resolved?.members?.has(id))) return 'unknown' as const;
            return user.bot ? ('bot' as const) : ('person' as const);
          },
        }
      : {}),
    input,
  };
}
