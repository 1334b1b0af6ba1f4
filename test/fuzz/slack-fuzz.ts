/**
 * Posts generated requests to the real Bolt HTTP receiver of the running bot, one at a time,
 * and checks each: the status (401 for a forged, unsigned or stale request, 413 for one over
 * the size limit, 200 or 400 otherwise), no error in the log, no crash, and the database
 * untouched by anything refused, by a replay, and (but for the delivery's own bookkeeping) by
 * anything that does not reach a handler with what it needs.
 */
import { request } from 'node:http';
import fc from 'fast-check';
import { startApp } from '../../src/app.ts';
import { slackBodyLimitBytes } from '../../src/platforms/slack/receiver.ts';
import type { Database } from '../../src/storage/database.ts';
import { findFreePort, signSlackRequest, startFakeSlack } from '../fakes/slack/index.ts';
import { slackCase, type SlackCase } from './slack-cases.ts';
import {
  bookkeepingTables,
  capturingLogger,
  databaseWatch,
  preview,
  watchProcess,
  type FuzzFailure,
  type FuzzResult,
} from './watch.ts';

const signingSecret = 'fuzz-signing-secret';

interface Posted {
  status: number;
  ms: number;
}

/** A raw POST: any headers, any body; an answer that comes before the body is all sent still counts. */
function post(url: string, body: Buffer, headers: Record<string, string>): Promise<Posted> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'Content-Length': String(body.length) }, agent: false, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    // The server may answer 413 and close while the body is still going out.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    );
    req.end(body);
  });
}

export async function fuzzSlack(options: { database: Database; numRuns: number; seed?: number }): Promise<FuzzResult> {
  const { database } = options;
  const fake = await startFakeSlack({ teamName: 'Duchess France' });
  for (const id of ['U0ADA', 'U0GRACE', 'U0HEDY'])
    fake.setUser({ id, name: id.slice(2).toLowerCase(), locale: 'fr-FR' });
  const port = await findFreePort();
  const captured = capturingLogger();
  const process = watchProcess();
  const app = await startApp({
    config: {
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
      slack: { botToken: 'xoxb-fuzz', signingSecret, apiUrl: fake.apiUrl, port },
    },
    database,
    logger: captured.logger,
    outbox: { pollMs: 50, backoffMs: { base: 50, max: 200 }, spacingMs: { discord: 0, slack: 0 } },
    // No tick during the run: its writes would be blamed on whatever request came then.
    scheduler: { cron: '0 0 1 1 *' },
  });
  // Bolt's global middleware wraps every listener: a request is done when its listener is.
  let inFlight = 0;
  app.slack!.app.use(async ({ next }) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  });
  const settled = async () => {
    const deadline = Date.now() + 10_000;
    while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
  };
  const watch = await databaseWatch(database);
  const url = `http://127.0.0.1:${port}/slack/events`;
  const failures: FuzzFailure[] = [];
  const kinds: Record<string, number> = {};
  const timeMs: Record<string, number> = {};
  let lastAccepted: { body: Buffer; headers: Record<string, string> } | undefined;

  const seed = options.seed ?? Date.now() % 2 ** 31;
  const samples = fc.sample(slackCase(fake.responseUrl()), { numRuns: options.numRuns, seed });
  try {
    for (const [index, sample] of samples.entries()) {
      const label = `${sample.kind}/${sample.transport}`;
      kinds[label] = (kinds[label] ?? 0) + 1;
      const fail = (problem: string) => failures.push({ index, kind: label, problem, input: preview(sample.body) });
      const started = Date.now();
      await check(sample, fail);
      timeMs[label] = (timeMs[label] ?? 0) + Date.now() - started;
    }
  } finally {
    process.stop();
    await app.stop();
    await fake.close();
  }
  return { seed, cases: samples.length, failures, kinds, timeMs: { ...timeMs, fingerprint: watch.spentMs() } };

  async function check(sample: SlackCase, fail: (problem: string) => void) {
    const now = Math.floor(Date.now() / 1000);
    let body: Buffer = Buffer.from(sample.body, 'utf8');
    let headers: Record<string, string> = {
      'Content-Type': sample.contentType,
      ...signSlackRequest(signingSecret, sample.body, now),
    };
    let expected: number[] = [200, 400];
    let mayChange: 'nothing' | 'bookkeeping' | 'anything' = sample.meaningful ? 'anything' : 'bookkeeping';
    switch (sample.transport) {
      case 'forged':
        headers = { ...headers, ...signSlackRequest(`${signingSecret}-guess`, sample.body, now) };
        break;
      case 'unsigned':
        headers = { 'Content-Type': sample.contentType };
        break;
      case 'stale':
        headers = { ...headers, ...signSlackRequest(signingSecret, sample.body, now - sample.staleBy) };
        break;
      case 'bad-timestamp':
        headers = { ...headers, 'X-Slack-Request-Timestamp': 'soon' };
        break;
      case 'oversized': {
        // Signed and well formed but for its size: refused for its size alone.
        const padded = `${sample.body}${sample.contentType === 'application/json' ? ' ' : '&pad='}${'x'.repeat(slackBodyLimitBytes)}`;
        body = Buffer.from(padded, 'utf8');
        headers = { 'Content-Type': sample.contentType, ...signSlackRequest(signingSecret, padded, now) };
        break;
      }
      case 'replay':
        if (lastAccepted) ({ body, headers } = lastAccepted);
        break;
      case 'odd-content-type':
        headers['Content-Type'] =
          sample.contentType === 'application/json' ? 'application/x-www-form-urlencoded' : 'text/plain';
        break;
      default:
        break;
    }
    if (sample.transport === 'oversized') {
      expected = [413];
      mayChange = 'nothing';
    } else if (sample.transport === 'replay' && lastAccepted) {
      mayChange = 'nothing';
    } else if (
      sample.transport !== 'signed' &&
      sample.transport !== 'odd-content-type' &&
      sample.transport !== 'replay'
    ) {
      expected = [401];
      mayChange = 'nothing';
    }
    // ssl_check is answered without a signature, by design, and does nothing. Slack sends it
    // form-encoded; under another content type Bolt cannot read it, and 400 says so.
    if (sample.kind === 'ssl_check') {
      expected =
        sample.transport === 'oversized' ? [413] : sample.transport === 'odd-content-type' ? [200, 400] : [200];
      mayChange = 'nothing';
    }

    const before = await watch.before(mayChange !== 'anything');
    let answer: Posted;
    try {
      answer = await post(url, body, headers);
    } catch (error) {
      fail(`no answer: ${(error as Error).message}`);
      return;
    }
    await settled();
    if (!expected.includes(answer.status)) fail(`status ${answer.status}, expected ${expected.join(' or ')}`);
    if (answer.ms > 3_000) fail(`answered after ${answer.ms} ms (Slack gives up after 3 s)`);
    if (answer.status === 200 && sample.transport !== 'replay' && sample.kind !== 'ssl_check')
      lastAccepted = { body, headers };
    const changed = await watch.after(before);
    const unexpected = changed.filter((t) => mayChange === 'nothing' || !bookkeepingTables.has(t));
    if (unexpected.length > 0)
      fail(
        `changed ${unexpected.join(', ')} (${mayChange === 'nothing' ? 'refused or replayed' : 'reached no handler'})`,
      );
    for (const problem of captured.take())
      fail(
        `logged at level ${problem.level}: ${problem.msg}${problem.err?.stack ? ` — ${problem.err.stack.split('\n').slice(0, 3).join(' | ')}` : ''}`,
      );
    for (const crash of process.take()) fail(`crashed: ${crash.split('\n').slice(0, 3).join(' | ')}`);
  }
}
