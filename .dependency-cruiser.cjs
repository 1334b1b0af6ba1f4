// The house rules about imports, checked by `npm run lint` (`depcruise src commands test`).
// Type-only imports count: a cycle through types still ties modules together.
// test/lint/fixtures/ holds deliberate breaks; test/lint/dependency-rules.test.ts runs this
// config against them and expects each rule to fire.

/** Libraries that speak to a platform or a database: only adapters and storage use them. */
const platformAndDatabaseLibraries = [
  'discord[.]js',
  '@discordjs/[^/]+',
  '@slack/[^/]+',
  '@prisma/[^/]+',
  '[.]prisma',
  'prisma',
  'pg',
  '@electric-sql/[^/]+',
  'pglite-prisma-adapter',
].map((name) => `(^|/)node_modules/${name}(/|$)`);

/** The core and the commands, as paths (the fixtures mirror the layout in their own folder). */
const core = '(^|/)src/core/';
const commands = '(^|^test/lint/fixtures/[^/]+/)commands/';

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'Modules must not import each other in a ring: move what both need into a module below them.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-without-platforms-or-storage',
      comment: 'src/core is platform- and storage-free: adapters and repositories implement its ports.',
      severity: 'error',
      from: { path: core },
      to: { path: ['(^|/)src/platforms/', '(^|/)src/storage/', ...platformAndDatabaseLibraries] },
    },
    {
      name: 'commands-without-platforms-or-storage',
      comment:
        'commands/ declare platform-neutral subcommands: they reach the database and platforms through the core.',
      severity: 'error',
      from: { path: commands },
      to: { path: ['(^|/)src/platforms/', '(^|/)src/storage/', ...platformAndDatabaseLibraries] },
    },
    {
      name: 'no-unresolvable-import',
      comment: 'An import that resolves to nothing would hide a dependency from these rules.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Generated Prisma code has its own type-level rings; it is not ours to arrange.
    exclude: { path: ['^src/storage/generated/', '^test/lint/fixtures/'] },
    doNotFollow: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.d.ts'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      exportsFields: ['exports'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
