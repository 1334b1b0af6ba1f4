import { Cron } from 'croner';
import type { Locale } from '../../i18n/index.ts';
import { normalizeWord } from '../words.ts';

/**
 * Community reminders' schedules: what an admin types, in plain French or English words
 * or as a 5-field cron expression, turned into a cron expression that croner runs in the
 * community's time zone (so "9h" stays 9:00 local across daylight-saving changes).
 */

const weekdays: Record<string, number> = {
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
  sunday: 0,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
};
const ordinals: Record<string, string> = {
  premier: '1',
  '1er': '1',
  first: '1',
  '1st': '1',
  deuxieme: '2',
  second: '2',
  '2e': '2',
  '2eme': '2',
  '2nd': '2',
  troisieme: '3',
  '3e': '3',
  '3eme': '3',
  third: '3',
  '3rd': '3',
  quatrieme: '4',
  '4e': '4',
  '4eme': '4',
  fourth: '4',
  '4th': '4',
  dernier: 'L',
  last: 'L',
};

const weekday = `(${Object.keys(weekdays).join('|')})s?`;
const ordinal = `(${Object.keys(ordinals).join('|')})s?`;
const monthly =
  '(?:du mois|de chaque mois|de tous les mois|chaque mois|of the month|of each month|of every month|each month|every month)';

/** Day patterns: each gives the cron's day-of-month and day-of-week fields. */
const days: { pattern: RegExp; fields: (m: RegExpExecArray) => [string, string] }[] = [
  { pattern: /^(?:tous les jours|chaque jour|every day|each day|daily)$/, fields: () => ['*', '*'] },
  {
    pattern: /^(?:en semaine|tous les jours de (?:la )?semaine|every weekday|on weekdays|weekdays)$/,
    fields: () => ['*', '1-5'],
  },
  {
    pattern: new RegExp(`^(?:tous les|chaque|le|les|every|each|on)\\s+${weekday}$`),
    fields: (m) => ['*', String(weekdays[m[1]!])],
  },
  {
    pattern: new RegExp(`^(?:le|les|tous les|chaque|on the|the|every)\\s+${ordinal}\\s+${weekday}\\s+${monthly}$`),
    fields: (m) => ['*', `${weekdays[m[2]!]}#${ordinals[m[1]!]}`],
  },
  {
    pattern: new RegExp(
      `^(?:le|les|tous les|chaque|on the|the|every)\\s+(\\d{1,2})(?:er|e|st|nd|rd|th)?\\s+${monthly}$`,
    ),
    fields: (m) => [m[1]!, '*'],
  },
  {
    pattern: new RegExp(`^(?:${monthly}|monthly)\\s+(?:le|on the|the)\\s+(\\d{1,2})(?:er|e|st|nd|rd|th)?$`),
    fields: (m) => [m[1]!, '*'],
  },
];

/** "9h", "18h30", "9:00", "6pm", "6:30 pm", "midi", "noon": [hour, minute], or null. */
function parseTime(raw: string): [number, number] | null {
  if (/^(?:midi|noon)$/.test(raw)) return [12, 0];
  if (/^(?:minuit|midnight)$/.test(raw)) return [0, 0];
  const match = /^(\d{1,2})(?:\s*(?:h|:)\s*(\d{2})?)?\s*(am|pm)?$/.exec(raw);
  if (!match || (!match[2] && !match[3] && !/h|:/.test(raw))) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  if (match[3]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (match[3] === 'pm' ? 12 : 0);
  }
  return hour <= 23 && minute <= 59 ? [hour, minute] : null;
}

/** The plain-words schedule as a cron expression, or null when it is not one we read. */
function fromWords(input: string): string | null {
  const words = normalizeWord(input).replace(/[.,]/g, ' ').replace(/\s+/g, ' ').trim();
  const split = /^(.*?)\s+(?:a|at)\s+(.+)$/.exec(words);
  if (!split) return null;
  const time = parseTime(split[2]!);
  if (!time) return null;
  for (const { pattern, fields } of days) {
    const match = pattern.exec(split[1]!);
    if (!match) continue;
    const [dayOfMonth, dayOfWeek] = fields(match);
    if (dayOfMonth !== '*' && (Number(dayOfMonth) < 1 || Number(dayOfMonth) > 31)) return null;
    return `${time[1]} ${time[0]} ${dayOfMonth} * ${dayOfWeek}`;
  }
  return null;
}

const cronField = /^[0-9A-Za-z*,/#?+-]+$/;

/** A cron croner runs, or null. Five fields only: seconds and years are not for people. */
function compiled(expression: string, timeZone = 'UTC'): Cron | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5 || !fields.every((field) => cronField.test(field))) return null;
  try {
    const cron = new Cron(fields.join(' '), { timezone: timeZone, paused: true });
    // "0 9 31 2 *" parses but never comes: refused like a typo.
    return cron.nextRun() ? cron : null;
  } catch {
    return null;
  }
}

/** What she typed (plain words or cron) as a cron expression that runs, or null. */
export function toCron(input: string): string | null {
  const trimmed = input.trim();
  const words = fromWords(trimmed);
  if (words) return words;
  return compiled(trimmed) ? trimmed.split(/\s+/).join(' ') : null;
}

/** The next `count` occurrences after `from`, in the community's time zone. */
export function nextOccurrences(cron: string, timeZone: string, from: Date, count = 3): Date[] {
  return compiled(cron, timeZone)?.nextRuns(count, from) ?? [];
}

/** The latest occurrence at or before `at`, or null when there is none. */
export function lastOccurrence(cron: string, timeZone: string, at: Date): Date | null {
  // previousRuns looks strictly before its date: one millisecond later includes `at` itself.
  return compiled(cron, timeZone)?.previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
}

/** An occurrence as the community reads it: its language, its time zone. */
export function formatOccurrence(locale: Locale, timeZone: string, date: Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone }).format(date);
}
