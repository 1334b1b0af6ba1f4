import type { RouteResult } from './http-server.ts';

/** Discord's JSON error codes for things that do not exist, so discord.js raises the same DiscordAPIError. */
function notFound(message: string, code: number): RouteResult {
  return { status: 404, body: { message, code } };
}

export const unknown = {
  application: () => notFound('Unknown Application', 10002),
  channel: () => notFound('Unknown Channel', 10003),
  guild: () => notFound('Unknown Guild', 10004),
  member: () => notFound('Unknown Member', 10007),
  message: () => notFound('Unknown Message', 10008),
  user: () => notFound('Unknown User', 10013),
  webhook: () => notFound('Unknown Webhook', 10015),
  interaction: () => notFound('Unknown interaction', 10062),
};

export function invalidFormBody(errors: unknown): RouteResult {
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors } };
}

export const ok = (body: unknown): RouteResult => ({ status: 200, body });
export const created = (body: unknown): RouteResult => ({ status: 201, body });
export const noContent = (): RouteResult => ({ status: 204 });
