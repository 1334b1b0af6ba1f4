import { PermissionFlagsBits } from 'discord.js';

function bits(...flags: bigint[]): string {
  return flags.reduce((all, flag) => all | flag, 0n).toString();
}

const F = PermissionFlagsBits;

/** What a plain member of a freshly created server may do (@everyone's defaults). */
const member = bits(
  F.CreateInstantInvite,
  F.ChangeNickname,
  F.ViewChannel,
  F.SendMessages,
  F.SendMessagesInThreads,
  F.CreatePublicThreads,
  F.CreatePrivateThreads,
  F.EmbedLinks,
  F.AttachFiles,
  F.AddReactions,
  F.UseExternalEmojis,
  F.UseExternalStickers,
  F.ReadMessageHistory,
  F.UseApplicationCommands,
  F.Connect,
  F.Speak,
  F.Stream,
  F.UseVAD,
);

/**
 * Member permission bitfields as interactions carry them (`member.permissions`, the member's
 * total in the channel). Discord sends every bit for an Administrator, so `admin` is all of them.
 */
export const PERMISSIONS = {
  admin: bits(...Object.values(F)),
  /** A moderator without Administrator: can manage the server, which is what admin commands check. */
  manager: bits(BigInt(member), F.ManageGuild, F.ManageChannels, F.ManageRoles, F.ManageMessages, F.ManageThreads),
  member,
} as const;

/** The bot's managed role: what a typical invite link for this bot grants. */
export const DEFAULT_BOT_PERMISSIONS = bits(
  F.ViewChannel,
  F.SendMessages,
  F.SendMessagesInThreads,
  F.CreatePublicThreads,
  F.CreatePrivateThreads,
  F.ManageThreads,
  F.ManageChannels,
  F.ManageRoles,
  F.EmbedLinks,
  F.AttachFiles,
  F.ReadMessageHistory,
  F.AddReactions,
  F.UseExternalEmojis,
);

/** What Discord reports as `app_permissions` in a DM with the bot. */
export const DM_APP_PERMISSIONS = bits(F.AttachFiles, F.EmbedLinks, F.MentionEveryone, F.UseExternalEmojis);
