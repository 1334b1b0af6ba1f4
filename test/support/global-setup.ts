import type { TestProject } from 'vitest/node';
import { pgliteTemplate } from './pglite-template.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  project.provide('pgliteTemplate', await pgliteTemplate());
  if (!process.env.TEST_DATABASE_URL) {
    console.warn(
      '\n⚠  TEST_DATABASE_URL is not set: the PostgreSQL variants of the storage tests are SKIPPED.\n' +
        '   Set it (e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres) or run .ci/run to include them.\n',
    );
  }
}
