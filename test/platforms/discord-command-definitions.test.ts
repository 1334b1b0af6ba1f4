import { ApplicationCommandOptionType, InteractionContextType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { catalog } from '../../src/i18n/index.ts';
import { applicationCommands } from '../../src/platforms/discord/command-definitions.ts';

interface Described {
  name: string;
  name_localizations?: Record<string, string | null> | null;
  description: string;
  description_localizations?: Record<string, string | null> | null;
  type?: number;
  required?: boolean;
  options?: Described[];
}

const definitions = applicationCommands(commands) as Described[];
const root = definitions[0] as Described;
const subcommands = root.options ?? [];

/** The root, every subcommand and every option below them. */
function everything(list: Described[]): Described[] {
  return list.flatMap((d) => [d, ...everything(d.options ?? [])]);
}

// Discord's rule for chat input command and option names.
const discordName = /^[-_\p{L}\p{N}]{1,32}$/u;

describe('Discord application commands', () => {
  it('registers one root command, marraine, for guilds only', () => {
    expect(definitions).toHaveLength(1);
    expect(root.name).toBe('marraine');
    expect((definitions[0] as { contexts?: number[] }).contexts).toEqual([InteractionContextType.Guild]);
  });

  it('declares the eleven subcommands in the contract order', () => {
    expect(subcommands.map((s) => s.name)).toEqual([
      'join',
      'profile',
      'mentors',
      'requests',
      'checkin',
      'share',
      'challenge',
      'circle',
      'admin',
      'data',
      'stats',
    ]);
    for (const sub of subcommands) expect(sub.type).toBe(ApplicationCommandOptionType.Subcommand);
  });

  it('localizes each subcommand name in French', () => {
    expect(subcommands.map((s) => s.name_localizations?.fr)).toEqual([
      'rejoindre',
      'profil',
      'marraines',
      'demandes',
      'point',
      'partager',
      'defi',
      'cercle',
      'admin',
      'donnees',
      'stats',
    ]);
  });

  it('gives every command and option a description of at most 100 characters in English and French', () => {
    for (const d of everything(definitions)) {
      const french = d.description_localizations?.fr;
      expect(d.description.length, d.name).toBeGreaterThan(0);
      expect(d.description.length, d.name).toBeLessThanOrEqual(100);
      expect(french?.length, d.name).toBeGreaterThan(0);
      expect(french?.length, d.name).toBeLessThanOrEqual(100);
      expect(french, d.name).not.toBe(d.description);
    }
  });

  it('shows each subcommand’s whole description, not one cut to fit', () => {
    commands.forEach((command, index) => {
      expect(subcommands[index]?.description).toBe(catalog('en')[command.description]);
      expect(subcommands[index]?.description_localizations?.fr).toBe(catalog('fr')[command.description]);
    });
  });

  it('uses only names Discord accepts, in lower case, in both languages', () => {
    for (const d of everything(definitions)) {
      for (const name of [d.name, d.name_localizations?.fr ?? '']) {
        expect(name, d.name).toMatch(discordName);
        expect(name, d.name).toBe(name.toLowerCase());
      }
    }
  });

  it('lets challenge name an optional someone, quelquun in French, as a Discord user', () => {
    const challenge = subcommands.find((s) => s.name === 'challenge');
    expect(challenge?.options?.find((o) => o.name === 'someone')).toMatchObject({
      name_localizations: { fr: 'quelquun' },
      type: ApplicationCommandOptionType.User,
      required: false,
    });
  });
});
