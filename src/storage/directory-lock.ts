import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { text } from '../i18n/index.ts';
import { reasonOf, StorageError } from './errors.ts';

const lockName = 'marraine.lock';
/** Locks this process holds: our own pid in a lock file is only stale if we do not hold it (a container restarted as pid 1). */
const held = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database is a set of files one process may open at a time: two
 * processes on the same folder would corrupt it. A lock file holding our pid keeps a
 * second instance out; a lock left by a process that no longer runs is taken over.
 */
export async function acquireDirectoryLock(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, lockName);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      held.add(path);
      return async () => {
        held.delete(path);
        await rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new StorageError(text('storage.error.dataDir', { dir, reason: reasonOf(error) }), { cause: error });
      }
      const pid = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      const ours = pid === process.pid;
      if ((ours && held.has(path)) || (!ours && Number.isInteger(pid) && pid > 0 && isAlive(pid))) {
        throw new StorageError(text('storage.error.locked', { dir, pid: String(pid) }));
      }
      await rm(path, { force: true });
    }
  }
  throw new StorageError(text('storage.error.dataDir', { dir, reason: 'lock file keeps reappearing' }));
}
