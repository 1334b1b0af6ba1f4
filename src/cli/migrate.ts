// `npm run db:migrate`: applies pending migrations to the configured database
// (the embedded one by default, DATABASE_URL when set), as `npm start` does.
import { loadConfig, readDotEnv } from '../config.ts';
import { render, resolveLocale } from '../i18n/index.ts';
import { openDatabase } from '../storage/database.ts';
import { StorageError, reasonOf } from '../storage/errors.ts';

const env = readDotEnv();
const locale = resolveLocale(env.DEFAULT_LOCALE);
try {
  const database = await openDatabase(loadConfig(env).storage);
  console.log(
    database.applied.length > 0
      ? `Applied: ${database.applied.join(', ')} (${database.label})`
      : `Already up to date (${database.label}).`,
  );
  await database.close();
} catch (error) {
  console.error(error instanceof StorageError ? render(locale, error.text) : reasonOf(error));
  process.exit(1);
}
