/** The names and ids the bot really knows, so generated inputs reach its handlers and not only its "unknown" paths. */
import fc from 'fast-check';
import { commands } from '../../commands/index.ts';
import { parseActionId } from '../../src/core/action-ids.ts';
import { takesArgs } from '../../src/core/commands.ts';

/** The options of every subcommand, by their registered (English) name. */
export const optionNames = [
  ...new Set(commands.flatMap((c) => Object.keys((c.options as { shape?: Record<string, unknown> }).shape ?? {}))),
];
export const subcommandNames = commands.flatMap((c) => [c.name.en, c.name.fr]);
export const actionIds = commands.flatMap((c) => Object.keys(c.actions ?? {}).map((a) => `${c.name.en}:${a}`));
export const formIds = commands.flatMap((c) => Object.keys(c.forms ?? {}).map((a) => `${c.name.en}:${a}`));

/**
 * Whether a component or form id reaches a handler: one of the bot's, with as many arguments
 * as its buttons carry. Junk appended (or an argument missing) is refused as expired and may
 * write nothing but the delivery's bookkeeping (Slack seed 1327670898 paused her profile).
 */
export function reachesHandler(kind: 'action' | 'form', id: string): boolean {
  const parsed = parseActionId(id);
  const command = parsed && commands.find((c) => c.name.en === parsed.command);
  const handlers = command && (kind === 'action' ? command.actions : command.forms);
  const handler = parsed && handlers && Object.hasOwn(handlers, parsed.action) ? handlers[parsed.action] : undefined;
  return handler !== undefined && takesArgs(handler, parsed?.args.length ?? 0);
}

/** Text a member could type, from the ordinary to the hostile and the huge. */
export const memberText = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        '@everyone',
        '<@123>',
        '<!channel>',
        '<https://x|y>',
        '*gras* _it_',
        '\u0000',
        '\uD800',
        '‮evil',
        '😀'.repeat(50),
        '',
        ' ',
        '-1',
        '1e309',
        'NaN',
        '9'.repeat(30),
        '2026-02-30',
      ),
    },
    { weight: 1, arbitrary: fc.integer({ min: 3_001, max: 40_000 }).map((n) => 'é'.repeat(n)) },
    { weight: 1, arbitrary: fc.uuid() },
  );

/** An argument of an action id: an id of the right shape, of the wrong one, or junk. */
const actionArg = () => fc.oneof(fc.uuid(), fc.string({ maxLength: 12 }), fc.integer().map(String), fc.constant(''));

/** The handler a known id (`command:action`) names, for the count of arguments it takes. */
function handlerOf(id: string): { args?: number; minArgs?: number | undefined } | undefined {
  const [name, action] = id.split(':');
  const command = commands.find((c) => c.name.en === name);
  const handlers = { ...command?.actions, ...command?.forms };
  return action && Object.hasOwn(handlers, action) ? handlers[action] : undefined;
}

/**
 * A component id: one of the bot's with as many arguments as it takes (of any shape, so the
 * handler itself meets junk), with a wrong count of them, scoped or not, or anything at all.
 */
export const componentId = (known: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom(...known).chain((id) => {
        const most = handlerOf(id)?.args ?? 0;
        const least = handlerOf(id)?.minArgs ?? most;
        return fc
          .integer({ min: least, max: most })
          .chain((count) => fc.array(actionArg(), { minLength: count, maxLength: count }))
          .map((args) => [id, ...args].join(':'));
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...known), fc.array(actionArg(), { maxLength: 3 }))
        .map(([id, args]) => [id, ...args].join(':')),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.uuid(), fc.constantFrom(...known), fc.array(actionArg(), { maxLength: 2 }))
        .map(([scope, id, args]) => `${scope}/${[id, ...args].join(':')}`),
    },
    { weight: 2, arbitrary: fc.string({ maxLength: 120 }) },
  );

/** Any JSON value, for a field whose type the sender got wrong. */
export const wrongType = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  );
