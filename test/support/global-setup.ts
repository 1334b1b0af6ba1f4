import type { TestProject } from 'vitest/node';
import { pgliteTemplate } from './pglite-template.ts';
import { createPostgresTemplate } from './postgres-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** The migrated database test databases are copied from ('' without TEST_DATABASE_URL). */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  project.provide('pgliteTemplate', await pgliteTemplate());
  const postgres = process.env.TEST_DATABASE_URL ? await createPostgresTemplate() : undefined;
  project.provide('postgresTemplate', postgres?.name ?? '');
  if (!process.env.TEST_DATABASE_URL) {
    console.warn(
      '\n⚠  TEST_DATABASE_URL is not set: the PostgreSQL variants of the storage tests are SKIPPED.\n' +
        '   Set it (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres) or run .ci/run to include them.\n',
    );
  }
  return async () => {
    await postgres?.drop();
  };
}
