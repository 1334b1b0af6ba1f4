import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Who may use the playground. It has no login: anyone who reaches it acts as any sample
 * member, admin included. So unless PLAYGROUND_HOST opens it on purpose, only this machine
 * is served: it listens on loopback, and each request must come from a loopback address
 * and name a loopback host (a web page elsewhere cannot reach it through a DNS name that
 * points at 127.0.0.1). Whatever changes something must come from the page itself.
 */

/** 127.0.0.0/8, ::1, an IPv4-mapped 127.x, or `localhost`. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  const v4 = name.startsWith('::ffff:') ? name.slice(7) : name;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return isIP(name) === 6 && /^(0{0,4}:){7}0{0,3}1$|^::1$/.test(name);
}

/** The host a Host header names, without its port. */
export function hostName(header: string | undefined): string {
  const value = (header ?? '').trim();
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1);
  return value.replace(/:\d*$/, '');
}

/** Thrown at start: it would listen beyond this machine without PLAYGROUND_HOST saying so. */
export class NotLoopbackError extends Error {
  constructor(readonly host: string) {
    super(`the playground listens on loopback only unless PLAYGROUND_HOST is set (asked: ${host})`);
    this.name = 'NotLoopbackError';
  }
}

export function ensureListenable(host: string, remote: boolean): void {
  if (!remote && !isLoopback(host)) throw new NotLoopbackError(host);
}

export type Verdict = { ok: true } | { ok: false; status: 403; reason: string };

/** Whether to serve this request; `remote`: PLAYGROUND_HOST is set. */
export function admit(request: IncomingMessage, remote: boolean): Verdict {
  if (!remote) {
    if (!isLoopback(request.socket.remoteAddress ?? ''))
      return { ok: false, status: 403, reason: 'not from this machine' };
    if (!isLoopback(hostName(request.headers.host))) return { ok: false, status: 403, reason: 'not a loopback host' };
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    // Another site's page may post here (a form, a fetch): browsers say where from.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host ?? ''}`)
      return { ok: false, status: 403, reason: 'another origin' };
    const site = request.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none')
      return { ok: false, status: 403, reason: 'another site' };
  }
  return { ok: true };
}
