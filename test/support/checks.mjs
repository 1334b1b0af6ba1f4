// `npm test`: the typecheck, the lint and the test suite side by side. The checks used to run
// first, about a minute (two on a busy 2-CPU machine) before the first test started; they use
// one CPU each at most, and the suite leaves CPU idle while its tests wait on bots, sockets and
// timers: the checks run at a lower priority, in that idle time. The suite's output streams as it runs; each check's output is printed whole after the
// suite, so none interleave. Any failure fails the run. Arguments go to vitest (`npm test -- file`).
// The checks keep their caches in node_modules/.cache (see the scripts in package.json).
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

function check(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Below the suite's priority (tsc, eslint… inherit it): the checks take the CPU the tests leave
    // idle, instead of slowing the bot starts and timed waits of the first files (measured in a
    // whole run at equal priority: the SIGKILL rounds 104 s instead of 62-75 s alone).
    try {
      if (child.pid !== undefined) setPriority(child.pid, 10);
    } catch {
      // Not allowed here: the checks run at the suite's priority.
    }
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: Buffer.from(`${error.message}\n`) }));
    child.on('close', (code) => resolve({ script, code: code ?? 1, output: Buffer.concat(output) }));
  });
}

function suite(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/vitest/vitest.mjs'), 'run', ...args], {
      stdio: 'inherit',
    });
    child.on('error', () => resolve(1));
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const checks = Promise.all(['typecheck', 'lint'].map(check));
const suiteCode = await suite(process.argv.slice(2));
const results = await checks;
for (const { script, code, output } of results) {
  process.stdout.write(`> ${script}: ${code === 0 ? 'ok' : `failed (exit ${code})`}\n`);
  if (output.length > 0) process.stdout.write(output);
}
if (suiteCode !== 0) process.stdout.write(`> vitest: failed (exit ${suiteCode})\n`);
process.exit(suiteCode !== 0 || results.some((r) => r.code !== 0) ? 1 : 0);
