import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.ts';

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

/**
 * The Node flags `npm start` gives the launcher (package.json's start script, e.g. the heap's
 * size): a bench that starts the bot as a host does starts it with them.
 */
export function startFlags(): string[] {
  const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [node, ...words] = scripts.start.split(/\s+/);
  if (node !== 'node' || words.at(-1) !== 'src/launcher.mjs')
    throw new Error(`package.json's start script is no longer "node [flags] src/launcher.mjs": ${scripts.start}`);
  return words.slice(0, -1);
}
