import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { defineCommand, option } from '../../src/core/commands.ts';
import { parseCommandText, tokenize } from '../../src/platforms/slack/parse.ts';

// No real command takes a channel or free text yet: this one stands in for those that will.
// Its schema is typed as the parser's list holds commands (`Command`): its options go unread.
const announce = defineCommand<z.ZodObject>({
  name: { en: 'announce', fr: 'annoncer' },
  description: 'command.share.description',
  access: 'member',
  options: z.object({
    where: option.channel({ fr: 'ou', description: 'command.share.description' }),
    who: option.user({ fr: 'qui', description: 'command.challenge.someone' }).optional(),
    message: option.string({ fr: 'message', description: 'command.share.description' }).optional(),
  }),
  run: async () => ({ kind: 'none' }),
});
const withAnnounce = [...commands, announce];

describe('tokenize', () => {
  it('splits a command line on any whitespace', () => {
    expect(tokenize('  defi   <@U1|ada>\tmerci\n')).toEqual(['defi', '<@U1|ada>', 'merci']);
  });

  it('keeps "straight" and “curly” quoted text as one word, without the quotes', () => {
    expect(tokenize('annoncer "bonjour à toutes" “et à tous” fin')).toEqual([
      'annoncer',
      'bonjour à toutes',
      'et à tous',
      'fin',
    ]);
  });

  it('keeps an empty quoted string as an empty word', () => {
    expect(tokenize('a "" b')).toEqual(['a', '', 'b']);
  });

  it('gives no words for an empty or blank line', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('   ')).toEqual([]);
  });
});

describe('parseCommandText with the real commands', () => {
  it('recognises an English subcommand name', () => {
    expect(parseCommandText('join', commands)).toEqual({ name: 'join', options: {} });
  });

  it('recognises the French name and hands it on as typed, for the dispatcher that knows both names', () => {
    expect(parseCommandText('rejoindre', commands)).toEqual({ name: 'rejoindre', options: {} });
    const parsed = parseCommandText('defi <@U123|ada>', commands);
    expect(parsed).toEqual({ name: 'defi', options: { someone: 'U123' } });
    expect(commands.find((c) => c.name.fr === parsed.name)?.name.en).toBe('challenge');
  });

  it('ignores the case of the subcommand name', () => {
    expect(parseCommandText('REJOINDRE', commands).name).toBe('rejoindre');
    expect(parseCommandText('Challenge <@U9>', commands)).toEqual({ name: 'challenge', options: { someone: 'U9' } });
  });

  it('takes the user id out of an escaped Slack mention', () => {
    expect(parseCommandText('challenge <@U123|ada>', commands).options).toEqual({ someone: 'U123' });
    expect(parseCommandText('challenge <@W42ABC>', commands).options).toEqual({ someone: 'W42ABC' });
  });

  it('keeps a raw @name without its @ when Slack did not escape it', () => {
    expect(parseCommandText('challenge @ada', commands).options).toEqual({ someone: 'ada' });
  });

  it('leaves an absent optional option out rather than setting it empty', () => {
    const parsed = parseCommandText('challenge', commands);
    expect(parsed).toEqual({ name: 'challenge', options: {} });
    expect('someone' in parsed.options).toBe(false);
  });

  it('skips a file option, which cannot be typed: the words go to the options after it', () => {
    // share's options: category, image (a file), caption, ...
    expect(parseCommandText('partager coding "Mon bureau"', commands).options).toEqual({
      category: 'coding',
      caption: 'Mon bureau',
    });
  });

  it('keeps the name of an unknown subcommand and gives it no options', () => {
    expect(parseCommandText('bonjour <@U1|ada> "des mots"', commands)).toEqual({ name: 'bonjour', options: {} });
  });

  it('reads an empty or blank line as no subcommand at all', () => {
    expect(parseCommandText('', commands)).toEqual({ name: '', options: {} });
    expect(parseCommandText('   ', commands)).toEqual({ name: '', options: {} });
  });
});

describe('parseCommandText with channels and free text', () => {
  it('takes the channel id out of an escaped channel mention, or drops the # of a raw one', () => {
    expect(parseCommandText('announce <#C123|general>', withAnnounce).options).toEqual({ where: 'C123' });
    expect(parseCommandText('announce <#G77>', withAnnounce).options).toEqual({ where: 'G77' });
    expect(parseCommandText('announce #general', withAnnounce).options).toEqual({ where: 'general' });
  });

  it('gives options in their declared order, the last text taking the rest of the line', () => {
    expect(parseCommandText('annoncer <#C1|général> <@U2|ada> Bravo à toutes les lauréates !', withAnnounce)).toEqual({
      name: 'annoncer',
      options: { where: 'C1', who: 'U2', message: 'Bravo à toutes les lauréates !' },
    });
  });

  it('keeps quoted text as one value', () => {
    expect(parseCommandText('announce <#C1> <@U2> "Bravo, Ada"', withAnnounce).options).toEqual({
      where: 'C1',
      who: 'U2',
      message: 'Bravo, Ada',
    });
  });
});
