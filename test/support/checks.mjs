// `npm test`'s first step: the typecheck and the lint side by side (each mostly uses one
// CPU; one after the other they took about two minutes on a busy 2-CPU machine). Each one's
// output is printed whole once it ends, so the two never interleave; any failure fails the step.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', (error) => resolve({ script, code: 1, output: Buffer.from(`${error.message}\n`) }));
    child.on('close', (code) => resolve({ script, code: code ?? 1, output: Buffer.concat(output) }));
  });
}

const results = await Promise.all(['typecheck', 'lint'].map(run));
for (const { script, code, output } of results) {
  process.stdout.write(`> ${script}: ${code === 0 ? 'ok' : `failed (exit ${code})`}\n`);
  if (output.length > 0) process.stdout.write(output);
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
