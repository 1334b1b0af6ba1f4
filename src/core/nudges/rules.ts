import type { Community, Member } from '../community.ts';
import type { DueNudge } from './due.ts';
import type { NudgeKind } from './kinds.ts';
import { atLocalTime, quietHoursEnd, zoneOf } from './local-time.ts';

/** What the rules read of a member: her status and her choices about nudges (profile). */
export type NudgePreferences = Pick<
  Member,
  'status' | 'timeZone' | 'quietFrom' | 'quietTo' | 'snoozedUntil' | 'nudgeOptOut'
>;

/**
 * What to do with a due nudge now. `wait`: nothing this tick; a later tick finds it due
 * again and asks again, so a change of her preferences counts for the very next send.
 */
export type Decision =
  { kind: 'send' } | { kind: 'wait'; until: Date } | { kind: 'skip'; reason: 'inactive' | 'opted-out' };

const later = (a: Date, b: Date | null) => (b && b > a ? b : a);

/**
 * A bounded memo for the pure time computations below: a tick asks the same questions
 * (this zone's nudge hour on this day, this zone's quiet hours at this instant) for
 * thousands of nudges, and each answer costs a time-zone lookup (Intl) in luxon.
 */
function memo<A extends unknown[], R>(compute: (...args: A) => R, size = 5_000): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = args.map((a) => (a instanceof Date ? a.getTime() : String(a))).join('|');
    const known = cache.get(key);
    if (known !== undefined || cache.has(key)) return known as R;
    if (cache.size >= size) cache.clear();
    const value = compute(...args);
    cache.set(key, value);
    return value;
  };
}

const zoneFor = memo((memberZone: string | null, communityZone: string) => zoneOf(memberZone, communityZone));
const localTimeOn = memo(atLocalTime);
const quietEndAt = memo(quietHoursEnd);

/** When a nudge due on a day or at a moment becomes sendable for someone in `zone`. */
export function dueMoment(due: DueNudge['due'], community: Community, zone: string): Date {
  return 'day' in due ? localTimeOn(due.day, community.settings.nudges.hour * 60, zone) : due.at;
}

/**
 * The recipient's rules. A channel post has none but its moment. A DM waits for the nudge
 * hour of its day in her own time zone, for the end of a snooze, and for the end of her
 * quiet hours; it is dropped for a member who is not active or turned this kind off.
 */
export function decide(input: {
  kind: NudgeKind;
  due: DueNudge['due'];
  community: Community;
  /** Null for a channel post. */
  recipient: NudgePreferences | null;
  now: Date;
}): Decision {
  const { kind, due, community, recipient, now } = input;
  if (!recipient) {
    const at = dueMoment(due, community, community.timeZone);
    return at > now ? { kind: 'wait', until: at } : { kind: 'send' };
  }
  if (recipient.status !== 'active') return { kind: 'skip', reason: 'inactive' };
  if (recipient.nudgeOptOut.includes(kind)) return { kind: 'skip', reason: 'opted-out' };
  const zone = zoneFor(recipient.timeZone, community.timeZone);
  const earliest = later(dueMoment(due, community, zone), recipient.snoozedUntil);
  if (earliest > now) return { kind: 'wait', until: quietEndOr(earliest, zone, recipient, community) };
  const quietEnd = quietEndAt(now, zone, ...quietHours(recipient, community));
  return quietEnd ? { kind: 'wait', until: quietEnd } : { kind: 'send' };
}

function quietHours(recipient: NudgePreferences, community: Community): [number, number] {
  const { quietFrom, quietTo } = community.settings.nudges;
  return [recipient.quietFrom ?? quietFrom, recipient.quietTo ?? quietTo];
}

/** `at`, or the end of the quiet hours it falls in: when she would actually get it. */
function quietEndOr(at: Date, zone: string, recipient: NudgePreferences, community: Community): Date {
  return quietEndAt(at, zone, ...quietHours(recipient, community)) ?? at;
}
