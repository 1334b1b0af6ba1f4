import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'test/lint/fixtures';

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  /** For a cycle: the modules of the ring, from `to` back to `from`. */
  cycle?: { name: string }[];
}

/**
 * Runs the project's own dependency-cruiser config, as `npm run lint` does, on the fixtures
 * (which that config leaves out of the real run: `--exclude` replaces its exclusions here).
 */
async function cruise(path: string): Promise<Violation[]> {
  const bin = 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs';
  const args = [bin, path, '--config', '.dependency-cruiser.cjs', '--exclude', '^$', '--output-type', 'json'];
  const result = await promisify(execFile)(process.execPath, args, { cwd: root, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
  );
  const report = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

const short = (violations: Violation[]) =>
  violations
    .map(
      (v) =>
        `${v.rule.name}: ${v.from.replace(`${fixtures}/`, '')} → ${v.to.replace(`${fixtures}/`, '').replace(/^(node_modules\/(@[^/]+\/)?[^/]+).*/, '$1')}`,
    )
    .sort();

describe('the import rules of `npm run lint`', () => {
  it('report a ring of imports, type-only edges included', async () => {
    const violations = await cruise(`${fixtures}/ring`);
    expect(violations.length).toBeGreaterThan(0);
    expect(new Set(violations.map((v) => v.rule.name))).toEqual(new Set(['no-cycle']));
    const ring = violations
      .flatMap((v) => [v.from, ...(v.cycle ?? []).map((m) => m.name)])
      .map((p) => p.replace(`${fixtures}/ring/`, ''));
    expect(new Set(ring)).toEqual(new Set(['a.ts', 'b.ts', 'c.ts']));
  }, 30_000);

  it('report the core and the commands importing platforms, storage or their libraries', async () => {
    expect(short(await cruise(`${fixtures}/rules`))).toEqual([
      'commands-without-platforms-or-storage: rules/commands/join.ts → node_modules/@slack/bolt',
      'commands-without-platforms-or-storage: rules/commands/join.ts → rules/src/platforms/adapter.ts',
      'commands-without-platforms-or-storage: rules/commands/join.ts → rules/src/storage/repository.ts',
      'core-without-platforms-or-storage: rules/src/core/service.ts → node_modules/@prisma/adapter-pg',
      'core-without-platforms-or-storage: rules/src/core/service.ts → node_modules/discord.js',
      'core-without-platforms-or-storage: rules/src/core/service.ts → node_modules/pg',
      'core-without-platforms-or-storage: rules/src/core/service.ts → rules/src/platforms/adapter.ts',
      'core-without-platforms-or-storage: rules/src/core/service.ts → rules/src/storage/repository.ts',
    ]);
  }, 30_000);

  it('let through what the rules allow', async () => {
    expect(await cruise(`${fixtures}/clean`)).toEqual([]);
  }, 30_000);
});
