import { LogLevel, WebClient } from '@slack/web-api';

export interface SlackPerson {
  name: string | null;
  /** Her Slack language ("fr-FR"), when Slack tells it. */
  locale: string | null;
  /** Her time zone as Slack knows it ("Europe/Paris"). */
  timeZone: string | null;
  /** Workspace admins and owners administer the bot too. */
  isAdmin: boolean;
  /** A bot user (or Slackbot): nobody to challenge or DM as a member. */
  isBot: boolean;
  /** Slack knows no such user (user_not_found), or her account is deactivated: nobody to write to. */
  gone: boolean;
}

const unknown: SlackPerson = { name: null, locale: null, timeZone: null, isAdmin: false, isBot: false, gone: false };

const notFound = (error: unknown) => (error as { data?: { error?: string } }).data?.error === 'user_not_found';

export const directoryDefaults = { ttlMs: 5 * 60_000, quickMs: 500, adminMs: 2_500 };

export interface UserDirectoryOptions {
  /** How long an answer of users.info is kept. */
  ttlMs?: number;
  /** How long an interaction waits for her name and language before going on without them. */
  quickMs?: number;
  /** How long an admin command waits to learn whether she administers the workspace. */
  adminMs?: number;
}

/**
 * The directory's own client: one attempt, bounded, never waiting out a rate limit. Bolt's
 * client retries for minutes, which on the acknowledgement path would cost her the answer.
 */
export function createDirectoryClient(token: string, options: { apiUrl?: string; timeoutMs: number }): WebClient {
  return new WebClient(token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs,
    logLevel: LogLevel.ERROR,
  });
}

/** Resolves with `work`'s value, or with `fallback` once `ms` have passed. */
function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(resolve, ms, fallback)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * Who a Slack user is (name, language, admin rights), asked of users.info once and kept a
 * few minutes, then asked again in the background while the last answer still serves. Every wait is bounded: an interaction goes on without her name and language
 * past `quickMs` (the community's language then), and without admin rights past `adminMs`.
 * A lookup still under way keeps going and fills the cache for her next interaction.
 */
export function createUserDirectory(
  client: WebClient,
  options: UserDirectoryOptions = {},
  now: () => number = Date.now,
) {
  const { ttlMs, quickMs, adminMs } = { ...directoryDefaults, ...options };
  const cache = new Map<string, { at: number; person: Promise<SlackPerson> }>();
  /** What Slack last told of each user, kept while a newer answer is asked for. */
  const known = new Map<string, SlackPerson>();

  /** Slack's answer of the last `ttlMs`, asked for now if there is none. */
  function current(userId: string): Promise<SlackPerson> {
    const hit = cache.get(userId);
    return hit && now() - hit.at < ttlMs ? hit.person : ask(userId);
  }

  /**
   * Her name and language: past its time, what we knew answers at once while Slack is
   * asked again, so an interaction waits on users.info only the first time we hear of her.
   * Rights are never taken from a stale answer (see isAdmin).
   */
  function lookup(userId: string): Promise<SlackPerson> {
    const stale = known.get(userId);
    const person = current(userId);
    // Slack's answer when it is already there (first in the race), else the last one.
    return stale ? Promise.race([person, Promise.resolve(stale)]) : person;
  }

  function ask(userId: string): Promise<SlackPerson> {
    const person = client.users
      .info({ user: userId, include_locale: true })
      .then(({ user }) => ({
        name: user?.profile?.display_name || user?.real_name || user?.name || null,
        locale: user?.locale ?? null,
        timeZone: user?.tz ?? null,
        isAdmin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
        isBot: Boolean(user?.is_bot || user?.id === 'USLACKBOT'),
        gone: Boolean(user?.deleted),
      }))
      .then(
        (told) => {
          known.set(userId, told);
          return told;
        },
        (error: unknown) => {
          // Not known now: no rights, the community's language; asked again next time.
          cache.delete(userId);
          return notFound(error) ? { ...unknown, gone: true } : unknown;
        },
      );
    cache.set(userId, { at: now(), person });
    return person;
  }

  return {
    /** Her name and language if Slack tells them in time; unknown otherwise. */
    get: (userId: string): Promise<SlackPerson> => within(lookup(userId), quickMs, unknown),
    /** Whether she administers the workspace; no, if Slack cannot say in time. */
    isAdmin: async (userId: string): Promise<boolean> => (await within(current(userId), adminMs, unknown)).isAdmin,
    /**
     * Who a user named in a command is: a bot, someone Slack does not know or who left
     * ('unknown'), or a person, also when Slack cannot say in time.
     */
    whoIs: async (userId: string): Promise<'person' | 'bot' | 'unknown'> => {
      const person = await within(current(userId), adminMs, unknown);
      return person.gone ? 'unknown' : person.isBot ? 'bot' : 'person';
    },
  };
}

export type UserDirectory = ReturnType<typeof createUserDirectory>;
