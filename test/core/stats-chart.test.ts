import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { chartSvg, niceStep, seriesColors, type ChartSpec } from '../../src/core/stats/chart.ts';
import { monthLabel, periods, periodWindow } from '../../src/core/stats/period.ts';

/** The periods of `stats` cut on the community's local months, and the chart drawn from the figures. */
describe('stats periods', () => {
  it('cuts a period on local months: the first day of the first month, up to the first day of next month', () => {
    const now = new Date('2026-06-15T10:00:00Z');
    const paris = periodWindow('6months', now, 'Europe/Paris');
    expect(paris).toMatchObject({ fromDay: '2026-01-01', toDay: '2026-07-01', chartFromDay: '2026-01-01' });
    // Midnight in Paris, in winter then in summer time.
    expect(paris.from?.toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(paris.to.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(paris.months).toEqual(['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06']);
    // 23:30 UTC on May 31st is already June in Nouméa, still May in Montréal.
    const late = new Date('2026-05-31T23:30:00Z');
    expect(periodWindow('month', late, 'Pacific/Noumea').fromDay).toBe('2026-06-01');
    expect(periodWindow('month', late, 'America/Montreal').fromDay).toBe('2026-05-01');
    expect(periodWindow('all', now, 'Europe/Paris')).toMatchObject({ from: null, fromDay: null });
    expect(periodWindow('all', now, 'Europe/Paris').months).toHaveLength(12);
  });

  it('always holds now, and gives the chart’s months in a row ending with this one', () => {
    const zones = ['Europe/Paris', 'America/Montreal', 'Pacific/Noumea', 'Asia/Kolkata', 'UTC'];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom(...zones),
        fc.constantFrom(...periods),
        (now, zone, period) => {
          const window = periodWindow(period, now, zone);
          expect(window.to.getTime()).toBeGreaterThan(now.getTime());
          if (window.from) expect(window.from.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(window.chartFrom.getTime()).toBeLessThanOrEqual(now.getTime());
          expect(window.months.at(-1)).toBe(DateTime.fromJSDate(now, { zone }).toFormat('yyyy-MM'));
          expect(window.months).toHaveLength(period === 'year' || period === 'all' ? 12 : 6);
          for (const [i, month] of window.months.entries()) {
            if (i > 0)
              expect(
                DateTime.fromISO(`${window.months[i - 1]}-01`)
                  .plus({ months: 1 })
                  .toFormat('yyyy-MM'),
              ).toBe(month);
          }
          expect(window.chartFromDay).toBe(`${window.months[0]}-01`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('names months as each language does', () => {
    expect(monthLabel('fr', '2026-02')).toBe('févr. 2026');
    expect(monthLabel('en', '2026-02')).toBe('Feb 2026');
    expect(monthLabel('fr', '2026-02', 'long')).toBe('février 2026');
  });
});

describe('stats chart', () => {
  const spec = (values: number[][], title = 'Marraine · Duchess'): ChartSpec => ({
    title,
    subtitle: 'Chaque mois',
    groups: values[0]!.map((_, i) => `m${i}`),
    series: values.map((v, s) => ({ label: `série ${s}`, color: seriesColors[s % 3] as string, values: v })),
    footer: 'Chiffres au 15 juin 2026',
  });
  const labels = (svg: string) => [...svg.matchAll(/class="value"[^>]*>([^<]*)</g)].map((m) => Number(m[1]));

  it('labels every bar with its value, month by month, series by series, and no bar rises above the plot', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }).chain((n) =>
          fc.array(fc.array(fc.nat({ max: 100_000 }), { minLength: 6, maxLength: 6 }), {
            minLength: n,
            maxLength: n,
          }),
        ),
        (values) => {
          const svg = chartSvg(spec(values));
          expect(labels(svg)).toEqual(values[0]!.flatMap((_, g) => values.map((v) => v[g])));
          for (const match of svg.matchAll(/<rect x="[^"]*" y="([^"]*)" width="[^"]*" height="([^"]*)" rx="2"/g)) {
            expect(Number(match[1])).toBeGreaterThanOrEqual(150 - 0.1);
            expect(Number(match[2])).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('escapes what it is given: a community’s name cannot break the picture', () => {
    const svg = chartSvg(spec([[1, 2, 3, 4, 5, 6]], 'Les <Codeuses> & "amies"'));
    expect(svg).toContain('Les &lt;Codeuses&gt; &amp; &quot;amies&quot;');
    expect(svg).not.toContain('<Codeuses>');
  });

  it('steps the axis in round numbers, at most five gridlines above zero', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (max) => {
        const step = niceStep(max);
        expect(String(step)).toMatch(/^[125]0*$/);
        expect(Math.ceil(max / step)).toBeLessThanOrEqual(5);
      }),
    );
  });
});
