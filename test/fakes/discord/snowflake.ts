import { randomBytes } from 'node:crypto';

/** Discord's epoch (2015-01-01T00:00:00Z): snowflakes count milliseconds from it. */
const DISCORD_EPOCH = 1_420_070_400_000n;

let increment = 0n;

/**
 * A snowflake for "now", shaped like Discord's (timestamp << 22 | worker | process | increment),
 * so discord.js derives a sensible `createdAt` from it and ids sort by creation time.
 */
export function nextSnowflake(now = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  const worker = 1n << 17n;
  const process = 1n << 12n;
  return (((BigInt(now) - DISCORD_EPOCH) << 22n) | worker | process | increment).toString();
}

/** An opaque token as long as Discord's interaction tokens; url-safe because it travels in paths. */
export function randomToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(96).toString('base64url')}`;
}

export function randomHex(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}
