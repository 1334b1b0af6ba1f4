export interface Figure {
  bench: string;
  value: number;
  unit: 'ms' | 'MB' | 'count' | 'per_s' | 'ratio';
  target?: number;
  better: 'lower' | 'higher';
}

export type Bench = () => Promise<Figure[]>;

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
