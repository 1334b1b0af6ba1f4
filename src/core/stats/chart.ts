/**
 * The bar chart of `stats` as an SVG document: one group of bars per month, one bar per
 * series, each bar labelled with its value, so the picture reads without the legend's
 * colours and every number on it can be checked against the figures it was drawn from.
 * Texts come in translated; the renderer (png.ts) brings its own font.
 */
export interface ChartSeries {
  label: string;
  color: string;
  values: readonly number[];
}

export interface ChartSpec {
  title: string;
  subtitle: string;
  /** One label per group of bars, oldest first. */
  groups: readonly string[];
  series: readonly ChartSeries[];
  footer: string;
}

/** The chart's size in SVG units; the PNG is rendered at `scale` times that. */
export const chartSize = { width: 960, height: 540, scale: 2 } as const;

/** Colours far apart in hue and lightness (readable by most colour-blind eyes), on white. */
export const seriesColors = ['#6d28d9', '#db2777', '#0f766e'] as const;

export const fontFamily = 'Open Sans';

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
  );

/** A round step for the y axis, so there are at most `ticks` gridlines: 1, 2, 5, 10, 20, 50… */
export function niceStep(max: number, ticks = 5): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) as number;
  return Math.max(1, step);
}

const number = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export function chartSvg(spec: ChartSpec): string {
  const { width, height } = chartSize;
  const plot = { left: 64, right: width - 32, top: 150, bottom: height - 70 };
  const max = Math.max(0, ...spec.series.flatMap((s) => s.values));
  const step = niceStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const y = (value: number) => plot.bottom - (value / top) * (plot.bottom - plot.top);
  const groupWidth = (plot.right - plot.left) / Math.max(1, spec.groups.length);
  const barWidth = (groupWidth * 0.78) / Math.max(1, spec.series.length);
  const text = (x: number, yy: number, content: string, attrs = '') =>
    `<text x="${x.toFixed(1)}" y="${yy.toFixed(1)}" ${attrs}>${escapeXml(content)}</text>`;

  const parts: string[] = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(32, 46, spec.title, 'font-size="26" font-weight="700" fill="#1f1235"'),
    text(32, 76, spec.subtitle, 'font-size="16" fill="#4b4453"'),
  ];
  // Legend: a swatch and its label, in a row.
  let legendX = 32;
  for (const series of spec.series) {
    parts.push(`<rect x="${legendX}" y="98" width="16" height="16" rx="3" fill="${series.color}"/>`);
    parts.push(text(legendX + 22, 112, series.label, 'font-size="15" fill="#1f1235"'));
    legendX += 22 + series.label.length * 8.6 + 28;
  }
  // Gridlines and their values.
  for (let value = 0; value <= top; value += step) {
    parts.push(
      `<line x1="${plot.left}" x2="${plot.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="${value === 0 ? '#8a8294' : '#e4e0ea'}" stroke-width="1"/>`,
    );
    parts.push(text(plot.left - 10, y(value) + 5, String(value), 'font-size="13" fill="#6b6475" text-anchor="end"'));
  }
  spec.groups.forEach((group, g) => {
    const start = plot.left + g * groupWidth + groupWidth * 0.11;
    spec.series.forEach((series, s) => {
      const value = series.values[g] ?? 0;
      const x = start + s * barWidth;
      // A value too small for the scale still shows as a sliver: only zero has no bar.
      const barTop = value > 0 ? Math.min(y(value), plot.bottom - 2) : plot.bottom;
      if (value > 0)
        parts.push(
          `<rect x="${(x + 1).toFixed(1)}" y="${barTop.toFixed(1)}" width="${(barWidth - 2).toFixed(1)}" height="${(plot.bottom - barTop).toFixed(1)}" rx="2" fill="${series.color}"/>`,
        );
      parts.push(
        text(
          x + barWidth / 2,
          barTop - 6,
          number(value),
          `class="value" font-size="13" font-weight="700" fill="${series.color}" text-anchor="middle"`,
        ),
      );
    });
    parts.push(
      text(
        plot.left + (g + 0.5) * groupWidth,
        plot.bottom + 26,
        group,
        'font-size="15" fill="#1f1235" text-anchor="middle"',
      ),
    );
  });
  parts.push(text(width - 32, height - 18, spec.footer, 'font-size="12" fill="#6b6475" text-anchor="end"'));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${fontFamily}">${parts.join('')}</svg>`;
}
