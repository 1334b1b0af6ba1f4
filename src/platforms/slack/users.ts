import type { WebClient } from '@slack/web-api';

export interface SlackPerson {
  name: string | null;
  /** Her Slack language ("fr-FR"), when Slack tells it. */
  locale: string | null;
  /** Workspace admins and owners administer the bot too. */
  isAdmin: boolean;
}

/**
 * Who a Slack user is (name, language, admin rights), asked of users.info once and kept
 * a few minutes: most interactions then cost no extra call before their deadline.
 */
export function createUserDirectory(client: WebClient, ttlMs = 5 * 60_000) {
  const cache = new Map<string, { at: number; person: Promise<SlackPerson> }>();
  return {
    get(userId: string): Promise<SlackPerson> {
      const hit = cache.get(userId);
      if (hit && Date.now() - hit.at < ttlMs) return hit.person;
      const person = client.users
        .info({ user: userId, include_locale: true })
        .then(({ user }) => ({
          name: user?.profile?.display_name || user?.real_name || user?.name || null,
          locale: user?.locale ?? null,
          isAdmin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
        }))
        .catch(() => {
          // Not known now: no rights, the community's language; asked again next time.
          cache.delete(userId);
          return { name: null, locale: null, isAdmin: false };
        });
      cache.set(userId, { at: Date.now(), person });
      return person;
    },
  };
}
