import type { Day } from '../nudges/local-time.ts';

/** The daily publication's rules that need no database: pure, and tested on their own. */

/**
 * How many of `slots` the daily job would fill from `authors` (the queue's, in order): it
 * takes the first post whose author is not the previous one's, slot after slot.
 */
export function fillable(authors: readonly string[], previous: string | null, slots: number): number {
  const left = [...authors];
  let last = previous;
  let filled = 0;
  while (filled < slots) {
    const i = left.findIndex((author) => author !== last);
    if (i < 0) break;
    last = left[i] as string;
    left.splice(i, 1);
    filled += 1;
  }
  return filled;
}

/** A day a moderator typed or picked: YYYY-MM-DD, or DD/MM/YYYY (DD/MM: this year, or next if passed). */
export function parseDay(input: string, today: Day): Day | null {
  const value = input.trim();
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}))?$/.exec(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) iso = value;
  else if (dmy) {
    const [, d, m, y] = dmy;
    const year = y ?? today.slice(0, 4);
    iso = `${year}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
    if (!y && iso < today) iso = `${Number(year) + 1}${iso.slice(4)}`;
  }
  if (!iso) return null;
  // A day that does not exist (31/02) comes back as another one from Date: refused.
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}
