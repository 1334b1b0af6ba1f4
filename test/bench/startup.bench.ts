// Start-up to "database ready" on the embedded default, measured from spawning the same
// entry point `npm start` runs (the npm CLI's own ~0.3 s is not the bot's) to the log line.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../src/paths.ts';
import { findFreePort } from '../fakes/slack/index.ts';
import { percentile, round, type Bench } from './figures.ts';

async function timeToReady(dataDir: string): Promise<number> {
  // Without credentials the bot goes on to serve the local playground: stopped once the database is ready.
  const port = await findFreePort();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(projectRoot, 'src/launcher.mjs')], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATA_DIR: dataDir, LOG_FORMAT: 'json', PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let ready: number | undefined;
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      if (ready === undefined && buffer.includes('"msg":"database ready"')) {
        ready = performance.now() - started;
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => (ready !== undefined && code === 0 ? resolve(ready) : reject(new Error(`exit ${code}: ${buffer}`))));
  });
}

export const startup: Bench = async () => {
  const root = await mkdtemp(join(tmpdir(), 'marraine-bench-'));
  try {
    const cold: number[] = [];
    for (let i = 0; i < 3; i += 1) cold.push(await timeToReady(join(root, `cold-${i}`)));
    const warmDir = join(root, 'cold-0');
    await timeToReady(warmDir); // let the OS cache settle once
    const warm: number[] = [];
    for (let i = 0; i < 7; i += 1) warm.push(await timeToReady(warmDir));
    return [
      { bench: 'startup.cold', value: round(percentile(cold, 50), 0), unit: 'ms', better: 'lower' },
      { bench: 'startup.warm', value: round(percentile(warm, 50), 0), unit: 'ms', target: 1500, better: 'lower' },
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
};
