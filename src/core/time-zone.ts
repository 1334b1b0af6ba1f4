/**
 * Answers already given: checking a name builds an Intl.DateTimeFormat, which costs tens of
 * microseconds, and every member row read asks again. Bounded, since a stranger can send names.
 */
const known = new Map<string, boolean>();
const knownLimit = 1_000;

/** True for an IANA time zone name the runtime knows (Europe/Paris, America/Montreal…). */
export function isTimeZone(value: string): boolean {
  if (!value.includes('/') && value !== 'UTC') return false;
  const cached = known.get(value);
  if (cached !== undefined) return cached;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    valid = true;
  } catch {
    valid = false;
  }
  if (known.size >= knownLimit) known.clear();
  known.set(value, valid);
  return valid;
}
