import { DateTime } from 'luxon';
import { normalizeWord } from '../words.ts';

/** A month as the figures key it: 'YYYY-MM', in the community's time zone. */
export type Month = string;

/** The periods `stats` offers: this month, the last 6 or 12 months (this one included), or since the start. */
export const periods = ['month', '6months', 'year', 'all'] as const;
export type Period = (typeof periods)[number];

export const isPeriod = (value: unknown): value is Period => (periods as readonly unknown[]).includes(value);

/** What may be typed on Slack (positional words), in both languages, beside the values themselves. */
const typed: Record<string, Period> = {
  mois: 'month',
  month: 'month',
  '1': 'month',
  '6mois': '6months',
  '6months': '6months',
  '6m': '6months',
  semestre: '6months',
  '6': '6months',
  annee: 'year',
  year: 'year',
  '12mois': 'year',
  '12months': 'year',
  '12m': 'year',
  an: 'year',
  '12': 'year',
  tout: 'all',
  all: 'all',
  toujours: 'all',
  debut: 'all',
};

/** The period a typed word names ("6 mois" → 6months), or the word itself for zod to refuse. */
export function periodOf(word: unknown): unknown {
  if (typeof word !== 'string') return word;
  return typed[normalizeWord(word).replace(/\s+/g, '')] ?? word;
}

export interface PeriodWindow {
  /** Local first day of the period's first month (null: since the start). */
  fromDay: string | null;
  /** Local first day of next month: the window's end, excluded (nothing is ever dated later than now). */
  toDay: string;
  from: Date | null;
  to: Date;
  /** The chart's months, oldest first: the last 6, or 12 for a year or more. */
  months: Month[];
  chartFrom: Date;
  chartFromDay: string;
}

const monthsBack: Record<Period, number | null> = { month: 1, '6months': 6, year: 12, all: null };

/** The window of a period at `now` in `zone`, cut on local month boundaries. */
export function periodWindow(period: Period, now: Date, zone: string): PeriodWindow {
  const thisMonth = DateTime.fromJSDate(now, { zone }).startOf('month');
  const next = thisMonth.plus({ months: 1 });
  const back = monthsBack[period];
  const first = back === null ? null : thisMonth.minus({ months: back - 1 });
  const chartMonths = period === 'year' || period === 'all' ? 12 : 6;
  const chartFirst = thisMonth.minus({ months: chartMonths - 1 });
  return {
    fromDay: first?.toISODate() ?? null,
    toDay: next.toISODate() as string,
    from: first?.toJSDate() ?? null,
    to: next.toJSDate(),
    months: Array.from({ length: chartMonths }, (_, i) => chartFirst.plus({ months: i }).toFormat('yyyy-MM')),
    chartFrom: chartFirst.toJSDate(),
    chartFromDay: chartFirst.toISODate() as string,
  };
}

/** A month as the community reads it: "janv. 2026" / "Jan 2026" (short), or "janvier 2026" (long). */
export function monthLabel(locale: string, month: Month, style: 'short' | 'long' = 'short'): string {
  const [year, index] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: style, year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year as number, (index as number) - 1, 15)),
  );
}
