import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { startFlags } from '../bench/figures.ts';

/**
 * `npm start` gives V8 the heap Node would pick on a 512 MB host, whatever the host: on a large
 * one V8 otherwise lets the heap grow to about four times what is live before collecting
 * (README, Memory). Node reads the flag before any script runs, so it is checked on a Node
 * started with exactly the start script's flags.
 */
describe('npm start’s Node flags', () => {
  it('bound V8’s heap as on a small host', () => {
    const flags = startFlags();
    expect(flags).toContain('--max-old-space-size=256');
    const limitMb = Number(
      execFileSync(
        process.execPath,
        [
          ...flags,
          '-e',
          'process.stdout.write(String(require("node:v8").getHeapStatistics().heap_size_limit / 2 ** 20))',
        ],
        { encoding: 'utf8' },
      ),
    );
    // Node 20 reads 259 MB (old generation 256 MB and the young one); Node 24 448 MB. Unbounded,
    // this 24 GB machine gives 4,144 MB.
    expect(limitMb).toBeGreaterThan(200);
    expect(limitMb).toBeLessThan(512);
  });
});
