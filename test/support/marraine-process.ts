import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/paths.ts';
import type { Run } from './run-marraine.ts';

export interface RunningMarraine {
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<Run>;
  /** Sends a signal (SIGKILL for a crash, SIGTERM for a host's clean stop) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<Run>;
}

/**
 * Starts `npm start`'s entry point as runMarraine does (only the given variables, plus
 * PATH and HOME), but hands the process back while it runs, so a test can crash it.
 */
export function startMarraine(env: Record<string, string>): RunningMarraine {
  const child = spawn(process.execPath, [join(projectRoot, 'src/launcher.mjs')], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_FORMAT: 'json', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    exited,
    kill(signal) {
      child.kill(signal);
      return exited;
    },
  };
}
