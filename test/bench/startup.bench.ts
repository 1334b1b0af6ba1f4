// Start-up as a host sees it, measured from spawning the entry point `npm start` runs (the npm
// CLI's own ~0.3 s is not the bot's) with both platforms configured against the local fakes,
// until both are connected and the first command is answered (a Slack `/marraine profil`,
// sent once the logs say Discord is connected and Slack listening). `startup.database` keeps
// the older end point, the "database ready" line. Cold: a new data folder; warm: an existing one.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot } from '../../src/paths.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord/index.ts';
import { findFreePort, postToBolt, slashCommandBody, startFakeSlack, type FakeSlack } from '../fakes/slack/index.ts';
import { percentile, round, type Bench } from './figures.ts';

const SIGNING_SECRET = 'bench-signing-secret';

interface Run {
  /** To the "database ready" line. */
  database: number;
  /** To both platforms connected (the later of the two lines). */
  connected: number;
  /** To the first command's answer, both platforms connected. */
  answered: number;
}

async function timeToFirstAnswer(dataDir: string, discord: FakeDiscord, slack: FakeSlack): Promise<Run> {
  const port = await findFreePort();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [join(projectRoot, 'src/launcher.mjs')], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DATA_DIR: dataDir,
        LOG_FORMAT: 'json',
        PORT: String(port),
        DISCORD_TOKEN: 'fake-token',
        DISCORD_APPLICATION_ID: discord.applicationId,
        DISCORD_API_URL: discord.apiUrl,
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffer = '';
    let database: number | undefined;
    let asked = false;
    let run: Run | undefined;
    const fail = (error: unknown) => {
      child.kill('SIGTERM');
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      if (database === undefined && buffer.includes('"msg":"database ready"')) database = performance.now() - started;
      if (asked || !buffer.includes('"msg":"discord: connected"') || !buffer.includes('"msg":"slack: listening"'))
        return;
      asked = true;
      const connected = performance.now() - started;
      const responseUrl = slack.responseUrl();
      const body = slashCommandBody({ userId: 'U0STARTUP', text: 'profil', responseUrl });
      postToBolt(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, body, { timeoutMs: 10_000 })
        .then(async (response) => {
          if (response.status !== 200) throw new Error(`first command answered ${response.status}: ${response.body}`);
          // The answer is in the acknowledgement when ready at once, else it follows through its response_url.
          if (response.body === '') await slack.waitForResponse((_body, url) => url === responseUrl, 10_000);
          run = { database: database ?? NaN, connected, answered: performance.now() - started };
          child.kill('SIGTERM');
        })
        .catch(fail);
    });
    child.on('error', reject);
    child.on('close', (code) => (run && code === 0 ? resolve(run) : reject(new Error(`exit ${code}: ${buffer}`))));
  });
}

export const startup: Bench = async () => {
  const root = await mkdtemp(join(tmpdir(), 'marraine-bench-'));
  const discord = await startFakeDiscord({ guilds: [{ name: 'Duchess France', channels: [{ name: 'general' }] }] });
  const slack = await startFakeSlack({ teamName: 'Duchess France' });
  try {
    slack.setUser({ id: 'U0STARTUP', name: 'ada', locale: 'fr-FR' });
    const cold: Run[] = [];
    for (let i = 0; i < 3; i += 1) cold.push(await timeToFirstAnswer(join(root, `cold-${i}`), discord, slack));
    const warmDir = join(root, 'cold-0');
    await timeToFirstAnswer(warmDir, discord, slack); // let the OS cache settle once
    const warm: Run[] = [];
    for (let i = 0; i < 7; i += 1) warm.push(await timeToFirstAnswer(warmDir, discord, slack));
    const median = (runs: Run[], key: keyof Run) =>
      round(
        percentile(
          runs.map((r) => r[key]),
          50,
        ),
        0,
      );
    process.stderr.write(
      `  startup: warm runs ${warm.map((r) => round(r.answered, 0)).join(', ')} ms; medians: database ready ${median(warm, 'database')}, both connected ${median(warm, 'connected')}, answered ${median(warm, 'answered')} ms; load average ${round(loadavg()[0] ?? 0)}\n`,
    );
    return [
      { bench: 'startup.cold', value: median(cold, 'answered'), unit: 'ms', better: 'lower' },
      { bench: 'startup.warm', value: median(warm, 'answered'), unit: 'ms', target: 1500, better: 'lower' },
      { bench: 'startup.database', value: median(warm, 'database'), unit: 'ms', better: 'lower' },
    ];
  } finally {
    await discord.close();
    await slack.close();
    await rm(root, { recursive: true, force: true });
  }
};
