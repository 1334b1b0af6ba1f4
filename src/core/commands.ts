import { z } from 'zod';
import type { Locale, MessageKey, Translate } from '../i18n/index.ts';
import type { Community, Member, Platform } from './community.ts';
import type { Answer, Reply } from './reply-model.ts';
import type { Services } from './services.ts';
import type { FetchFile, IncomingFile } from './incoming-files.ts';

/**
 * A command is declared once, platform-neutral, in `commands/<name>.ts`: its names in
 * both languages, who may run it, its options as a zod object (which gives the handler
 * its types, the Discord option list and the Slack text parser), and its handlers.
 */
export type Access = 'member' | 'moderator' | 'admin';

export interface CommandContext {
  platform: Platform;
  community: Community;
  member: Member;
  locale: Locale;
  t: Translate;
  access: { admin: boolean; moderator: boolean };
  services: Services;
  /** The channel she typed or clicked in, when there is one. */
  channelId?: string;
  /**
   * Whether the platform's forms take choices as well as text (Slack). Discord's take
   * five text fields, so choices come as select menus in messages, in steps.
   */
  richForms: boolean;
  /** Fetches a file she uploaded with this interaction (see IncomingFile). */
  fetchFile: FetchFile;
  /**
   * Who a user named in the command (a user option) is, when the adapter can tell: a person,
   * a bot (Discord's resolved user `bot`, Slack's users.info `is_bot`), or nobody she can reach
   * here (Slack's user_not_found or a deactivated account; on Discord, someone who is not a
   * member of the server). A person when the platform cannot say in time.
   */
  whoIs?: (externalUserId: string) => Promise<UserKind>;
}

export type UserKind = 'person' | 'bot' | 'unknown';

export interface ActionInput {
  /** Arguments carried in the component id after the action name. */
  args: string[];
  /** Values picked in a select menu (none for a button). */
  values: string[];
}

export interface FormInput {
  args: string[];
  /** Field id → what was typed or picked. */
  values: Record<string, string | string[]>;
  /** Field id → files uploaded in a file field (Slack); absent when none. */
  files?: Record<string, IncomingFile[]>;
}

/**
 * How many arguments a handler's ids carry after the action name: `args` (none when absent),
 * and for the few whose ids may carry fewer (a retry carrying what she typed), `minArgs`:
 * `{ args: 2, minArgs: 0 }` takes 0 to 2. The dispatcher refuses any other count as expired,
 * before anything runs: junk appended to a real id must not act (Slack fuzz seed 1327670898).
 * The count also types the handler's `args` as a tuple (`[string]`, `[string?, string?]`), so
 * reading one it did not declare fails to compile. Two numbers rather than `{ min, max }`:
 * TypeScript picks the member of this union by a literal property, not by an object.
 */
type Count = 0 | 1 | 2 | 3 | 4 | 5;
type Strings<N extends number, T extends string[] = []> = T['length'] extends N ? T : Strings<N, [...T, string]>;
/** `Min` strings, then optional ones up to `Max`. */
type UpTo<Max extends number, T extends (string | undefined)[], Seen extends unknown[]> = Seen['length'] extends Max
  ? T
  : UpTo<Max, [...T, string?], [...Seen, unknown]>;
/** The counts below each. */
interface Below {
  1: 0;
  2: 0 | 1;
  3: 0 | 1 | 2;
  4: 0 | 1 | 2 | 3;
  5: 0 | 1 | 2 | 3 | 4;
}

/**
 * What an interaction may answer. Discord opens a form only as the first answer, so an
 * interaction that may open one is answered when its work is done; any other is acknowledged
 * at once (deferred) when its work takes more than a moment. A command or a click that may
 * answer with a form says so (`opensForm: true`, or `'rich'` when it does only where forms
 * are rich, see CommandContext.richForms); without it, its answer is typed to have none.
 * Submitted forms may always answer with the next one (Slack shows it; Discord cannot).
 */
type Answering<Run extends (...args: never[]) => unknown> =
  | { opensForm: true | 'rich'; run(...args: Parameters<Run>): Promise<Reply> }
  | { opensForm?: false; run(...args: Parameters<Run>): Promise<Answer> };

type Body<I, Args> = {
  /** Defaults to the command's access. */
  access?: Access;
} & (I extends FormInput
  ? { run(ctx: CommandContext, input: Omit<I, 'args'> & { args: Args }): Promise<Reply> }
  : Answering<(ctx: CommandContext, input: Omit<I, 'args'> & { args: Args }) => void>);
type Exactly<I, N> = N extends number ? Body<I, Strings<N>> & { args: N; minArgs?: undefined } : never;
type Between<I, Min, Max extends number> = Min extends number
  ? Body<I, UpTo<Max, Strings<Min>, Strings<Min>>> & { args: Max; minArgs: Min }
  : never;
type Ranged<I, Max> = Max extends keyof Below ? Between<I, Below[Max], Max> : never;

export type Handler<I extends { args: string[] }> =
  (Body<I, []> & { args?: 0; minArgs?: undefined }) | Exactly<I, Count> | Ranged<I, Exclude<Count, 0>>;

/** Whether an id with `count` arguments is one the handler's buttons or forms carry. */
export function takesArgs(handler: { args?: number; minArgs?: number | undefined }, count: number): boolean {
  const most = handler.args ?? 0;
  return count <= most && count >= (handler.minArgs ?? most);
}

export type Command<S extends z.ZodObject = z.ZodObject> = CommandSpec<S> &
  Answering<(ctx: CommandContext, options: z.output<S>) => void>;

interface CommandSpec<S extends z.ZodObject> {
  /** English name (the contract other tools rely on) and French localization. */
  name: { en: string; fr: string };
  description: MessageKey;
  access: Access;
  options: S;
  /** Buttons and select menus: `<command>:<action>[:arg…]`, as many args as the handler declares. */
  actions?: Record<string, Handler<ActionInput>>;
  /** Submitted forms (modals): same id scheme. */
  forms?: Record<string, Handler<FormInput>>;
}

export function defineCommand<S extends z.ZodObject>(command: Command<S>): Command<S> {
  return command;
}

/** A subcommand of the contract whose feature is not built yet: it says so, kindly. */
export function comingSoon(name: Command['name'], description: MessageKey): Command {
  return defineCommand({
    name,
    description,
    access: 'member',
    options: z.object({}).loose(),
    run: async (ctx) => ({
      kind: 'message',
      ephemeral: true,
      text: ctx.t('command.comingSoon', { name: name[ctx.locale] }),
    }),
  });
}

// --- Options -------------------------------------------------------------------------

export type OptionKind = 'string' | 'integer' | 'boolean' | 'user' | 'channel' | 'attachment';

export interface OptionMeta {
  kind: OptionKind;
  /** The option's French name; its English name is its key in the options object. */
  fr: string;
  description: MessageKey;
  /** For a string option with fixed values: each value's label. */
  choices?: { value: string; label: MessageKey }[];
}

/** Metadata of each option schema, read by the Discord builder and the Slack parser. */
export const optionMeta = z.registry<OptionMeta>();

// A new schema for each option: the registry keys metadata by schema, so one shared schema
// would give every user (or channel) option the name of the last one declared.
const userId = () => z.string().regex(/^[A-Za-z0-9]+$/, 'command.invalid.user');
const channelId = () => z.string().regex(/^[A-Za-z0-9]+$/, 'command.invalid.channel');

export const option = {
  string: (meta: Omit<OptionMeta, 'kind'>, max = 500) =>
    z
      .string()
      .trim()
      .min(1)
      .max(max, 'command.invalid.tooLong')
      .register(optionMeta, { kind: 'string', ...meta }),
  choice: <T extends readonly [string, ...string[]]>(values: T, meta: Omit<OptionMeta, 'kind'>) =>
    z.enum(values, { message: 'command.invalid.choice' }).register(optionMeta, { kind: 'string', ...meta }),
  integer: (meta: Omit<OptionMeta, 'kind'>, min: number, max: number) =>
    z.coerce
      .number()
      .int()
      .min(min)
      .max(max)
      .register(optionMeta, { kind: 'integer', ...meta }),
  user: (meta: Omit<OptionMeta, 'kind'>) => userId().register(optionMeta, { kind: 'user', ...meta }),
  channel: (meta: Omit<OptionMeta, 'kind'>) => channelId().register(optionMeta, { kind: 'channel', ...meta }),
  /** An uploaded file (Discord's attachment option); Slack's come in forms (FormInput.files). */
  attachment: (meta: Omit<OptionMeta, 'kind'>) =>
    z
      .object({
        id: z.string(),
        name: z.string(),
        url: z.string().url(),
        size: z.number().int().nonnegative().optional(),
        mime: z.string().optional(),
      })
      .register(optionMeta, { kind: 'attachment', ...meta }),
};

export interface DescribedOption {
  key: string;
  meta: OptionMeta;
  required: boolean;
}

/** The options of a command, in declaration order, with their metadata. */
export function describeOptions(schema: z.ZodObject): DescribedOption[] {
  return Object.entries(schema.shape).map(([key, field]) => {
    const type = field as z.ZodType;
    const inner = type instanceof z.ZodOptional ? (type.unwrap() as z.ZodType) : type;
    const meta = optionMeta.get(inner);
    if (!meta) throw new Error(`option "${key}" must be declared with option.*()`);
    return { key, meta, required: !type.safeParse(undefined).success };
  });
}
