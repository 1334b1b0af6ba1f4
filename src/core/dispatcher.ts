import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { render, resolveLocale, translator, type Locale } from '../i18n/index.ts';
import { parseActionId } from './action-ids.ts';
import {
  takesArgs,
  type Access,
  type ActionInput,
  type Command,
  type CommandContext,
  type FormInput,
  type UserKind,
} from './commands.ts';
import type { FetchFile, IncomingFile } from './incoming-files.ts';
import type { Platform } from './community.ts';
import { FieldErrors, UserError } from './errors.ts';
import { helpReply } from './help-reply.ts';
import { formErrorsReply } from './reply-parts.ts';
import { normalizeWord } from './words.ts';
import type { Reply } from './reply-model.ts';
import type { Services } from './services.ts';

/** What an adapter hands the core for every slash command, click or form. */
export interface IncomingInteraction {
  platform: Platform;
  /** Unique per delivery (Discord interaction id, Slack trigger id): a replay is ignored. */
  deliveryKey: string;
  /**
   * The guild / workspace, with its name when the platform says it (it keeps the stored
   * one current). Absent for a click in a DM on Discord: the component id then carries
   * the community (see scopedActionId).
   */
  community?: { externalId: string; name?: string };
  /** `timeZone`: what the platform tells (Slack's users.info `tz`), kept only when she has none. */
  user: { externalId: string; displayName?: string | null; locale?: string | null; timeZone?: string | null };
  channelId?: string;
  /** Discord roles of the member; none on Slack. */
  roleIds?: string[];
  /** Whether the platform itself says she administers the place; asked only when needed. */
  isPlatformAdmin: () => Promise<boolean>;
  /** See CommandContext.richForms. */
  richForms: boolean;
  /** See CommandContext.fetchFile; absent where the platform sends no files (then any call is refused). */
  fetchFile?: FetchFile;
  /** See CommandContext.whoIs; absent where the adapter cannot tell. */
  whoIs?: (externalUserId: string) => Promise<UserKind>;
  input:
    | { kind: 'command'; name: string; options: Record<string, unknown> }
    | { kind: 'action'; id: string; values: string[] }
    | { kind: 'form'; id: string; values: Record<string, string | string[]>; files?: Record<string, IncomingFile[]> }
    /** Someone mentioned the bot in a channel: it answers there, through the outbox. */
    | { kind: 'mention'; channelId: string; threadId?: string };
}

export interface Dispatched {
  reply: Reply;
  locale: Locale;
}

/** What the caller hears while an interaction is on its way (see withAdmission). */
export interface DispatchHooks {
  /** The interaction waits its turn: acknowledge her now, the answer follows. */
  onQueued?: () => void;
}

export interface Dispatcher {
  dispatch(incoming: IncomingInteraction, hooks?: DispatchHooks): Promise<Dispatched>;
  /**
   * Whether the interaction may be answered with a form (its command or click declares
   * `opensForm`), known at once from its name. Discord opens a form only as the first answer,
   * so its adapter waits for such an answer and acknowledges any other at once. A submitted
   * form never answers with a form as a first answer (Slack shows the next one in its place).
   * Optional: where absent, every interaction is taken to possibly open one.
   */
  opensForm?(incoming: IncomingInteraction): boolean;
  /** Her platform says she left (or came back); optional, so a stand-in that only answers interactions fits. */
  memberLeft?(platform: Platform, communityExternalId: string, userExternalId: string, back?: boolean): Promise<void>;
}

export interface LoggerPort {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export function createDispatcher({
  commands,
  services,
  logger,
}: {
  commands: Command[];
  services: Services;
  logger: LoggerPort;
}): Dispatcher {
  const byName = new Map<string, Command>();
  for (const command of commands) {
    byName.set(normalizeWord(command.name.en), command);
    byName.set(normalizeWord(command.name.fr), command);
  }

  async function accessOf(incoming: IncomingInteraction, ctx: Omit<CommandContext, 'access'>, needed: Access) {
    if (needed === 'member') return { admin: false, moderator: false };
    const { settings } = ctx.community;
    const admin = settings.adminUsers.includes(incoming.user.externalId) || (await incoming.isPlatformAdmin());
    const moderator =
      admin ||
      settings.moderatorUsers.includes(incoming.user.externalId) ||
      (incoming.roleIds ?? []).some((role) => settings.moderatorRoles.includes(role));
    return { admin, moderator };
  }

  /** The command and handler an action or form id names, if any. */
  function handlerOf(input: { kind: 'action' | 'form'; id: string }) {
    const parsed = parseActionId(input.id);
    const command = parsed && byName.get(parsed.command);
    const handlers = command && (input.kind === 'action' ? command.actions : command.forms);
    // Own names only: `constructor` or `__proto__` is no handler.
    const handler = parsed && handlers && Object.hasOwn(handlers, parsed.action) ? handlers[parsed.action] : undefined;
    return { parsed, command, handler };
  }

  async function route(incoming: IncomingInteraction, base: Omit<CommandContext, 'access'>): Promise<Reply> {
    const { input } = incoming;
    if (input.kind === 'mention') {
      const help = helpReply(base.t, base.locale, commands);
      if (help.kind !== 'message') return help;
      await services.store.outbox.enqueue({
        communityId: base.community.id,
        platform: incoming.platform,
        key: `mention:${incoming.deliveryKey}`,
        target: {
          kind: 'channel',
          channelId: input.channelId,
          ...(input.threadId ? { threadId: input.threadId } : {}),
        },
        message: { text: help.text },
        availableAt: services.clock.now(),
      });
      return { kind: 'none' };
    }
    if (input.kind === 'command') {
      const command = byName.get(normalizeWord(input.name));
      if (!command) return helpReply(base.t, base.locale, commands, input.name);
      const access = await accessOf(incoming, base, command.access);
      ensureAllowed(command.access, access);
      const options = command.options.safeParse(input.options);
      if (!options.success) throw optionError(options.error);
      return command.run({ ...base, access }, options.data);
    }
    const { parsed, command, handler } = handlerOf(input);
    // Only the number of arguments its ids carry: an id with one missing or junk appended was never sent by the bot.
    if (!parsed || !command || !handler || !takesArgs(handler, parsed.args.length))
      throw new UserError('error.expired');
    const needed = handler.access ?? command.access;
    const access = await accessOf(incoming, base, needed);
    ensureAllowed(needed, access);
    const ctx = { ...base, access };
    // The count is checked: the arguments are the tuple the handler declared.
    return input.kind === 'action'
      ? (handler.run as (ctx: CommandContext, input: ActionInput) => Promise<Reply>)(ctx, {
          args: parsed.args,
          values: input.values,
        })
      : (handler.run as (ctx: CommandContext, input: FormInput) => Promise<Reply>)(ctx, {
          args: parsed.args,
          values: input.values,
          ...(input.files ? { files: input.files } : {}),
        });
  }

  async function resolveCommunity(incoming: IncomingInteraction) {
    const { store } = services;
    if (incoming.community) {
      return store.communities.ensure({
        platform: incoming.platform,
        externalId: incoming.community.externalId,
        ...(incoming.community.name ? { name: incoming.community.name } : {}),
        locale: services.defaults.locale,
        timeZone: services.defaults.timeZone,
      });
    }
    const scope =
      incoming.input.kind === 'action' || incoming.input.kind === 'form'
        ? parseActionId(incoming.input.id)?.scope
        : undefined;
    // A community that is gone is "not here"; a database that fails is an error like any other.
    const community = scope ? await store.communities.findById(scope) : null;
    return community?.platform === incoming.platform ? community : null;
  }

  /** Gives the delivery key back, so a retry of this delivery is processed rather than dropped. */
  async function release(incoming: IncomingInteraction) {
    try {
      await services.store.processedEvents.release(incoming.platform, incoming.deliveryKey);
    } catch (error) {
      logger.warn(
        { err: error, platform: incoming.platform, deliveryKey: incoming.deliveryKey },
        'could not release a delivery key',
      );
    }
  }

  /** What is known so far, for the answer if something fails on the way. */
  interface Progress {
    locale: Locale;
    claimed: boolean;
  }

  function duplicate(incoming: IncomingInteraction): Dispatched {
    logger.info({ platform: incoming.platform, deliveryKey: incoming.deliveryKey }, 'duplicate delivery ignored');
    return { reply: { kind: 'none' }, locale: resolveLocale(incoming.user.locale, services.defaults.locale) };
  }

  async function handle(incoming: IncomingInteraction, progress: Progress): Promise<Dispatched> {
    const { store } = services;
    // Her community first: the store usually has it at hand, and a replay finding it costs nothing.
    const community = await resolveCommunity(incoming);
    if (!community) {
      progress.claimed = await store.processedEvents.claim(incoming.platform, incoming.deliveryKey);
      if (!progress.claimed) return duplicate(incoming);
      const locale = resolveLocale(incoming.user.locale, services.defaults.locale);
      return { reply: { kind: 'message', ephemeral: true, text: translator(locale)('discord.guildOnly') }, locale };
    }
    // Discord tells each member's language; elsewhere her stored choice or the community's.
    const told = incoming.user.locale ? resolveLocale(incoming.user.locale, community.locale) : undefined;
    progress.locale = told ?? community.locale;
    // The delivery claim and her row in one round trip; she is written only when new or changed.
    const claim = await store.processedEvents.claimWithMember(incoming.platform, incoming.deliveryKey, {
      communityId: community.id,
      externalUserId: incoming.user.externalId,
    });
    progress.claimed = claim.claimed;
    if (!claim.claimed) return duplicate(incoming);
    const member = await store.members.ensure(
      {
        communityId: community.id,
        externalUserId: incoming.user.externalId,
        ...(incoming.user.displayName ? { displayName: incoming.user.displayName } : {}),
        ...(told ? { locale: told } : {}),
        ...(incoming.user.timeZone ? { timeZone: incoming.user.timeZone } : {}),
      },
      claim.member,
    );
    const locale = member.locale ?? community.locale;
    progress.locale = locale;
    const t = translator(locale);
    const base = {
      platform: incoming.platform,
      community,
      member,
      locale,
      t,
      services,
      richForms: incoming.richForms,
      fetchFile: incoming.fetchFile ?? noFiles,
      ...(incoming.whoIs ? { whoIs: incoming.whoIs } : {}),
      ...(incoming.channelId ? { channelId: incoming.channelId } : {}),
    };
    return { reply: await route(incoming, base), locale };
  }

  return {
    opensForm({ input, richForms }: IncomingInteraction): boolean {
      const declared =
        input.kind === 'command'
          ? byName.get(normalizeWord(input.name))?.opensForm
          : input.kind === 'action'
            ? (handlerOf(input).handler as { opensForm?: boolean | 'rich' } | undefined)?.opensForm
            : undefined;
      return declared === true || (declared === 'rich' && richForms);
    },

    /**
     * Her platform says she left (Discord: she left the server; Slack: her account was
     * deactivated). Nothing to answer: she is paused, and erased after the retention period.
     * Doing it twice is harmless (the first moment is kept), so platform retries need no key.
     */
    async memberLeft(
      platform: Platform,
      communityExternalId: string,
      userExternalId: string,
      back = false,
    ): Promise<void> {
      try {
        const outcome = back
          ? await services.data.backOnPlatform(platform, communityExternalId, userExternalId)
          : await services.data.leftPlatform(platform, communityExternalId, userExternalId);
        logger.info(
          { platform, outcome, back },
          back ? 'a member came back to her platform' : 'a member left her platform',
        );
      } catch (error) {
        logger.error({ err: error, platform }, 'could not record that a member left or came back to her platform');
      }
    },

    /**
     * Everything after the platform hands an interaction over, in one error boundary: the
     * delivery claim and the lookups fail like a command does, with an answer for her.
     */
    async dispatch(received: IncomingInteraction): Promise<Dispatched> {
      const incoming = withoutNul(received);
      // Until her community and her own record are read, the language her platform tells.
      const progress: Progress = {
        locale: resolveLocale(incoming.user.locale, services.defaults.locale),
        claimed: false,
      };
      try {
        return await handle(incoming, progress);
      } catch (thrown) {
        const { locale } = progress;
        // An id in a component that is no id, or names nothing: a stale or forged button, answered as expired.
        const error = services.store.refersToNothing?.(thrown) ? new UserError('error.expired') : thrown;
        const t = translator(locale);
        // Her mistake has been answered for good: a retry would only be refused again.
        if (error instanceof UserError)
          return { reply: { kind: 'message', ephemeral: true, text: render(locale, error.text) }, locale };
        if (error instanceof FieldErrors) return { reply: formErrorsReply(t, locale, error, incoming.input), locale };
        const reference = randomUUID().slice(0, 8);
        logger.error(
          { err: error, reference, platform: incoming.platform, input: incoming.input.kind },
          'interaction failed',
        );
        // An unexpected failure counts as nothing done: the services write in transactions
        // that roll back, and what they queue is keyed. Giving the key back lets the
        // platform's retry of this delivery be processed instead of dropped as a replay.
        if (progress.claimed) await release(incoming);
        return { reply: { kind: 'message', ephemeral: true, text: t('error.unexpected', { reference }) }, locale };
      }
    },
  };
}

const noFiles: FetchFile = async () => {
  throw new Error('this platform sent no file with the interaction');
};

function ensureAllowed(needed: Access, access: { admin: boolean; moderator: boolean }) {
  if (needed === 'admin' && !access.admin) throw new UserError('error.adminOnly');
  if (needed === 'moderator' && !access.moderator) throw new UserError('error.moderatorOnly');
}

function optionError(error: z.ZodError): UserError {
  const issue = error.issues[0];
  return new UserError('error.invalidOption', { option: String(issue?.path[0] ?? '?') });
}

/**
 * Text from outside without U+0000: no PostgreSQL text holds it, so a NUL typed (or forged)
 * anywhere would fail the write it reaches instead of being answered.
 */
function withoutNul(incoming: IncomingInteraction): IncomingInteraction {
  const clean = <T>(value: T): T => {
    if (typeof value === 'string') return (value.includes('\u0000') ? value.replaceAll('\u0000', '') : value) as T;
    if (Array.isArray(value)) return value.map(clean) as T;
    if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), clean(v)])) as T;
    }
    return value;
  };
  return {
    ...incoming,
    deliveryKey: clean(incoming.deliveryKey),
    user: clean(incoming.user),
    input: clean(incoming.input),
    ...(incoming.community ? { community: clean(incoming.community) } : {}),
    ...(incoming.channelId !== undefined ? { channelId: clean(incoming.channelId) } : {}),
    ...(incoming.roleIds ? { roleIds: clean(incoming.roleIds) } : {}),
  };
}
