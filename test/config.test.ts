import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, configSchema, loadConfig, readDotEnv } from '../src/config.ts';
import { render } from '../src/i18n/index.ts';
import { projectRoot } from '../src/paths.ts';

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => ({
        variable: p.variable,
        fr: render('fr', p.problem),
        en: render('en', p.problem),
      }));
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('starts on the embedded database in ./data, in French, with no platform, when nothing is set', () => {
    const config = loadConfig({});
    expect(config.storage).toEqual({ kind: 'embedded', dataDir: './data' });
    expect(config.defaults).toEqual({ locale: 'fr', timeZone: 'Europe/Paris' });
    expect(config.discord).toBeUndefined();
    expect(config.slack).toBeUndefined();
  });

  it('treats empty values as unset, as an untouched .env.example has them', () => {
    const config = loadConfig({ DATABASE_URL: '', LOG_LEVEL: '', PORT: ' ', DISCORD_TOKEN: '' });
    expect(config.storage.kind).toBe('embedded');
    expect(config.log.level).toBe('info');
    expect(config.slack).toBeUndefined();
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://bot:s3cret@db:5432/marraine' }).storage).toEqual({
      kind: 'postgres',
      url: 'postgresql://bot:s3cret@db:5432/marraine',
    });
  });

  it('refuses a DATABASE_URL that is not a postgres URL, naming the variable and the expected shape', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://root@localhost/db' });
    expect(problem?.variable).toBe('DATABASE_URL');
    expect(problem?.fr).toContain('postgres://utilisateur:motdepasse@hote:5432/base');
    expect(problem?.en).toContain('postgres://user:password@host:5432/database');
  });

  it('lists every problem at once, each with its variable', () => {
    const problems = problemsOf({
      DEFAULT_TIME_ZONE: 'Paris',
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      SLACK_BOT_TOKEN: 'abc',
    });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'DEFAULT_TIME_ZONE',
      'LOG_LEVEL',
      'PORT',
      'SLACK_BOT_TOKEN',
    ]);
    expect(problems.find((p) => p.variable === 'LOG_LEVEL')?.fr).toContain(
      'fatal, error, warn, info, debug, trace, silent',
    );
    expect(problems.find((p) => p.variable === 'DEFAULT_TIME_ZONE')?.fr).toContain('Europe/Paris');
  });

  it('asks for the companion variable when a platform is half configured', () => {
    expect(problemsOf({ DISCORD_TOKEN: 'abc' }).map((p) => p.variable)).toEqual(['DISCORD_APPLICATION_ID']);
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1' }).map((p) => p.variable)).toEqual(['SLACK_SIGNING_SECRET']);
    expect(problemsOf({ SLACK_SIGNING_SECRET: 'shh' }).map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN']);
  });

  it('configures Discord and Slack (HTTP or Socket Mode) from their credentials', () => {
    const config = loadConfig({
      DISCORD_TOKEN: 'discord-token',
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_API_URL: 'http://127.0.0.1:4000/api',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_APP_TOKEN: 'xapp-1',
      PORT: '8080',
    });
    expect(config.discord).toEqual({
      token: 'discord-token',
      applicationId: '123456789012345678',
      apiUrl: 'http://127.0.0.1:4000/api',
    });
    expect(config.slack).toMatchObject({ botToken: 'xoxb-1', appToken: 'xapp-1', port: 8080 });
  });

  it('refuses an API base URL that is not http(s)', () => {
    expect(
      problemsOf({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_URL: 'ftp://x' })[0]
        ?.variable,
    ).toBe('DISCORD_API_URL');
  });
});

describe('.env files', () => {
  it('documents in .env.example every variable the schema reads, and nothing else', () => {
    const example = readFileSync(join(projectRoot, '.env.example'), 'utf8');
    const documented = [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(configSchema.shape).sort());
    expect(() => loadConfig(readDotEnv(join(projectRoot, '.env.example'), {}))).not.toThrow();
  });

  it('lets the environment override .env', () => {
    const env = readDotEnv(join(projectRoot, '.env.example'), { DEFAULT_LOCALE: 'en' });
    expect(env.DEFAULT_LOCALE).toBe('en');
  });
});
