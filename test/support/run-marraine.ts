import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.ts';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npm start`'s entry point as a separate process, with only the given variables
 * (plus PATH and HOME) so the developer's own .env or shell never leaks in.
 */
export function runMarraine(
  env: Record<string, string>,
  options: {
    cwd?: string;
    timeoutMs?: number;
    stopWhen?: string;
    /** What is sent once `stopWhen` is seen (SIGTERM, as a host stops it). */
    stopSignal?: NodeJS.Signals;
    args?: string[];
  } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'src/launcher.mjs'), ...(options.args ?? [])], {
      cwd: options.cwd ?? projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      // A long-running bot: once it logged what the test waits for, ask it to stop as a host would.
      if (options.stopWhen && !stopping && stdout.includes(options.stopWhen)) {
        stopping = true;
        child.kill(options.stopSignal ?? 'SIGTERM');
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`marraine did not exit within ${options.timeoutMs ?? 30_000} ms\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
