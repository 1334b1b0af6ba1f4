// `npm run db:diff -- <name>`: writes the next migration from the changes made to
// prisma/schema.prisma. The migrations are replayed in an in-memory PGlite, so no
// database server and no engine binary are needed.
import { diffMigrationsToSchema, ensureLockfile, isEmptyMigration, writeMigration } from '../storage/migrations.ts';
import { createScratchFactory } from '../storage/scratch-database.ts';

const name = process.argv[2];
if (!name) {
  console.error('Usage: npm run db:diff -- <migration_name>   (e.g. npm run db:diff -- add_mentoring)');
  process.exit(2);
}
await ensureLockfile();
const scratch = createScratchFactory();
try {
  const sql = await diffMigrationsToSchema(scratch);
  if (isEmptyMigration(sql)) {
    console.log('The migrations already match prisma/schema.prisma: nothing to write.');
  } else {
    const folder = await writeMigration(sql, name, new Date());
    console.log(`Wrote ${folder}/migration.sql — read it, then commit it with the schema change.`);
  }
} finally {
  await scratch.close();
}
