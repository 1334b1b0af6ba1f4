import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberText, type Block, type Message } from '../../src/core/reply-model.ts';
import { renderMessage } from '../../src/platforms/discord/render.ts';
import { inertMrkdwn, renderBlocks, toMrkdwn } from '../../src/platforms/slack/render.ts';

/**
 * Whatever a member types, a rendered message pings exactly whom the bot chose: a message
 * is the bot's text with mentions it picked, around member text made of anything,
 * including every mention syntax of both platforms and our own markers.
 */
const hostile = [
  '<@123>',
  '<@!123>',
  '<@&123>',
  '<#123>',
  '@everyone',
  '@here',
  '@channel',
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0BOSS>',
  '<#C0GENERAL>',
  '<!subteam^S0MODS>',
  '<!subteam^S0MODS|@mods>',
  '<!date^1392734382^{date_pretty}|Feb 18, 2014>',
  '<https://e.vil|ici>',
  '<http://e.vil>',
  '<mailto:a@b.c|a>',
  '[ici](https://e.vil)',
  '[<@123>](https://e.vil)',
  '**',
  '*',
  '_',
  '~',
  '~~',
  '`',
  '```',
  '||',
  '>',
  '>>>',
  '-# ',
  '# ',
  '<',
  '>',
  '&',
  '&lt;',
  '&gt;',
  '&amp;',
  '\\',
  '\n',
  ' ',
  '@',
  '!',
  '#',
  '^',
  '|',
  '\uE000',
  '\uE001',
  'é',
  '💜',
  'ﬁ',
  '\u200B',
];
const memberPart = fc
  .array(
    fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.constantFrom(...hostile)),
    { maxLength: 14 },
  )
  .map((pieces) => pieces.join(''));

/** A piece of the bot's own text: words and its markup, never a mention by accident. */
const botWord = fc.constantFrom('Bonjour', 'demande', ' ', ' : ', '\n', '**', '_', '- ', '—', '·', 'de', '»', '«');

const snowflake = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n }).map(String);
const discordMention = fc.oneof(
  snowflake.map((id) => ({ kind: 'user', id, token: `<@${id}>` })),
  snowflake.map((id) => ({ kind: 'user', id, token: `<@!${id}>` })),
  snowflake.map((id) => ({ kind: 'role', id, token: `<@&${id}>` })),
  snowflake.map((id) => ({ kind: 'channel', id, token: `<#${id}>` })),
);
const slackId = (prefix: string) => fc.stringMatching(/^[A-Z0-9]{6,10}$/).map((id) => `${prefix}${id}`);
const slackMention = fc.oneof(
  slackId('U').map((id) => ({ token: `<@${id}>`, rendered: `<@${id}>` })),
  slackId('C').map((id) => ({ token: `<#${id}>`, rendered: `<#${id}>` })),
  // Our markup names a role as Discord does; on Slack it is a user group.
  slackId('S').map((id) => ({ token: `<@&${id}>`, rendered: `<!subteam^${id}>` })),
);

type Piece<M> = { kind: 'bot'; text: string } | { kind: 'mention'; mention: M } | { kind: 'member'; text: string };

/**
 * A message of a few blocks, each a mix of bot words, chosen mentions and member parts;
 * kept short enough that no platform limit cuts it (a cut could drop a chosen mention).
 */
function messages<M extends { token: string }>(mention: fc.Arbitrary<M>) {
  const piece: fc.Arbitrary<Piece<M>> = fc.oneof(
    { weight: 3, arbitrary: botWord.map((text) => ({ kind: 'bot' as const, text })) },
    { weight: 1, arbitrary: mention.map((m) => ({ kind: 'mention' as const, mention: m })) },
    { weight: 2, arbitrary: memberPart.map((text) => ({ kind: 'member' as const, text })) },
  );
  const block = fc.record({
    type: fc.constantFrom('text', 'context', 'field'),
    pieces: fc.array(piece, { maxLength: 8 }),
  });
  return fc
    .array(block, { minLength: 1, maxLength: 3 })
    .map((blocks) => {
      /** The mentions of text and context blocks: those are the message's content on Discord. */
      const chosen: M[] = [];
      /** The mentions of fields: an embed on Discord (no ping there), mrkdwn on Slack. */
      const inFields: M[] = [];
      const textOf = (pieces: Piece<M>[], into: M[]) =>
        pieces
          .map((p) => {
            if (p.kind === 'bot') return p.text;
            if (p.kind === 'member') return memberText(p.text);
            into.push(p.mention);
            return p.mention.token;
          })
          .join('');
      const out: Block[] = blocks.map((b) =>
        b.type === 'field'
          ? { type: 'fields', fields: [{ label: 'Note', value: textOf(b.pieces, inFields) }] }
          : { type: b.type, text: textOf(b.pieces, chosen) },
      );
      const message: Message = { text: out.map((b) => ('text' in b ? b.text : '')).join('\n'), blocks: out };
      return { message, chosen, inFields };
    })
    .filter(({ message }) =>
      (message.blocks ?? []).every((b) => ('text' in b ? b.text : JSON.stringify(b)).length < 350),
    );
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
/** Everything that could notify someone in Discord content, or look like it does. */
const discordTokens = (content: string) =>
  [...content.matchAll(/<@[!&]?\d+>|<#\d+>|@everyone|@here/g)].map((m) => m[0]).sort();

describe('no rendered message pings anyone the bot did not choose', () => {
  it('Discord: allowed_mentions is exactly the users and roles the bot named, and member text shows no mention', () => {
    fc.assert(
      fc.property(messages(discordMention), ({ message, chosen }) => {
        const rendered = renderMessage(message);
        expect(rendered.allowed_mentions).toEqual({
          parse: [],
          users: expect.any(Array),
          roles: expect.any(Array),
        });
        expect(sorted(rendered.allowed_mentions.users ?? [])).toEqual(
          sorted(chosen.filter((m) => m.kind === 'user').map((m) => m.id)),
        );
        expect(sorted(rendered.allowed_mentions.roles ?? [])).toEqual(
          sorted(chosen.filter((m) => m.kind === 'role').map((m) => m.id)),
        );
        expect(rendered.allowedMentions).toEqual(rendered.allowed_mentions);
        // The content holds the bot's mentions and nothing else that reads as one.
        expect(discordTokens(rendered.content)).toEqual(chosen.map((m) => m.token).sort());
        // Nor a masked link: the bot writes none, and a member's has its bracket escaped.
        expect(rendered.content).not.toMatch(/(?<!\\)\[[^\]\n]*\]\(/);
      }),
      { numRuns: 400 },
    );
  });

  it('Slack: the only mentions, links and user groups in the rendered text and blocks are the bot’s', () => {
    fc.assert(
      fc.property(messages(slackMention), ({ message, chosen, inFields }) => {
        const expected = [...chosen, ...inFields].map((m) => m.rendered).sort();
        const texts = renderBlocks(message).flatMap((block) => {
          const b = block as { text?: { text: string }; elements?: { text: string }[]; fields?: { text: string }[] };
          return [b.text?.text ?? '', ...(b.elements ?? []).map((e) => e.text), ...(b.fields ?? []).map((f) => f.text)];
        });
        const tokens = (text: string) =>
          [...text.matchAll(/<[!@#][^>]*>?|<https?:[^>]*>?|<mailto:[^>]*>?/g)].map((m) => m[0]);
        expect(texts.flatMap(tokens).sort()).toEqual(expected);
        // The notification text: the text blocks' mentions only (fields are not in it).
        expect(tokens(toMrkdwn(message.text)).sort()).toEqual(chosen.map((m) => m.rendered).sort());
      }),
      { numRuns: 400 },
    );
  });

  it('Slack: member text keeps no markup Slack would act on', () => {
    fc.assert(
      fc.property(memberPart, fc.boolean(), (text, atLineStart) => {
        const inert = inertMrkdwn(text, atLineStart);
        expect(inert).not.toMatch(/[<>`]/);
        expect(inert).not.toMatch(/&(?!amp;|lt;|gt;)/);
        expect(inert).not.toMatch(/@(channel|here|everyone)/i);
        // A formatting character stays only inside a word, where Slack formats nothing.
        for (const m of inert.matchAll(/[*_~]/g))
          expect([inert[m.index - 1], inert[m.index + 1]].every((c) => /[A-Za-z0-9]/.test(c ?? ''))).toBe(true);
        // No line starts a quote (its first line only if it begins one).
        expect(inert).not.toMatch(atLineStart ? /(^|\n)[ \t]*&gt;/ : /\n[ \t]*&gt;/);
      }),
      { numRuns: 400 },
    );
  });
});
