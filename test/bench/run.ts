// `npm run bench`: runs every benchmark, then prints one JSON object per line per figure.
// `npm run bench -- startup` runs only the benchmarks whose name contains "startup".
import { crash } from './crash.bench.ts';
import { events } from './events.bench.ts';
import { fuzz } from './fuzz.bench.ts';
import { interaction } from './interaction.bench.ts';
import { matching } from './matching.bench.ts';
import { nudges } from './nudges.bench.ts';
import { posts } from './posts.bench.ts';
import { startup } from './startup.bench.ts';
import { stats } from './stats.bench.ts';
import type { Bench, Figure } from './figures.ts';

const benches: Record<string, Bench> = { startup, interaction, matching, nudges, posts, stats, events, fuzz, crash };
const only = process.argv[2];
const figures: Figure[] = [];
for (const [name, bench] of Object.entries(benches)) {
  if (only && !name.includes(only)) continue;
  process.stderr.write(`bench ${name}…\n`);
  figures.push(...(await bench()));
}
for (const figure of figures) console.log(JSON.stringify(figure));
