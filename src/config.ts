import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { isTimeZone } from './core/time-zone.ts';
import { catalog, text, type MessageKey, type Text } from './i18n/index.ts';

/**
 * Every environment variable Marraine reads, validated once at start-up.
 * `.env.example` documents the same list; a test keeps the two in step.
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

// Messages are i18n keys: the host reads them in French or English (see configProblems).
const httpUrl = z
  .string()
  .trim()
  .refine((value) => /^https?:\/\/[^/]/.test(value) && URL.canParse(value), { message: 'config.invalid.url' });

const optionalUrl = optionalText.pipe(httpUrl.optional());

const postgresUrl = optionalText.pipe(
  z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/[^/]+/.test(value) && URL.canParse(value), {
      message: 'config.invalid.postgresUrl',
    })
    .optional(),
);

const timeZone = z.string().refine(isTimeZone, { message: 'config.invalid.timeZone' });

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
    DATA_DIR: z.string().trim().min(1).default('./data'),
    DATABASE_URL: postgresUrl,
    DEFAULT_LOCALE: z.enum(['fr', 'en']).default('fr'),
    DEFAULT_TIME_ZONE: timeZone.default('Europe/Paris'),
    DISCORD_TOKEN: optionalText,
    DISCORD_APPLICATION_ID: optionalText.pipe(
      z
        .string()
        .regex(/^\d{17,20}$/, 'config.invalid.discordApplicationId')
        .optional(),
    ),
    DISCORD_API_URL: optionalUrl,
    SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'config.invalid.slackBotToken').optional()),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'config.invalid.slackAppToken').optional()),
    SLACK_API_URL: optionalUrl,
    PORT: z.coerce
      .number({ message: 'config.invalid.port' })
      .int('config.invalid.port')
      .min(1, 'config.invalid.port')
      .max(65535, 'config.invalid.port')
      .default(3000),
    PLAYGROUND_HOST: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_APPLICATION_ID'],
        message: 'config.required.discordApplicationId',
      });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'config.required.slackSigningSecret' });
    }
    if (!env.SLACK_BOT_TOKEN && (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'config.required.slackBotToken' });
    }
  });

type Env = z.output<typeof configSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  log: { level: Env['LOG_LEVEL']; format: Env['LOG_FORMAT'] };
  storage: { kind: 'embedded'; dataDir: string } | { kind: 'postgres'; url: string };
  defaults: { locale: Env['DEFAULT_LOCALE']; timeZone: string };
  discord?: { token: string; applicationId: string; apiUrl?: string };
  slack?: { botToken: string; signingSecret?: string; appToken?: string; apiUrl?: string; port: number };
  /** The local playground (src/platforms/playground): set when it is to be served. */
  playground?: PlaygroundConfig;
}

export interface PlaygroundConfig {
  /** Where it listens: loopback unless PLAYGROUND_HOST says otherwise (`remote`). */
  host: string;
  port: number;
  /** PLAYGROUND_HOST is set: requests from other machines are served (the page has no login). */
  remote: boolean;
  /** Where it keeps its messages (beside the embedded database). */
  dataDir: string;
}

export interface ConfigProblem {
  variable: string;
  problem: Text;
}

/** A configuration problem the host can fix; each problem names the variable to change. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(`invalid configuration: ${problems.map((p) => p.variable).join(', ')}`);
    this.name = 'ConfigError';
  }
}

function configProblem(issue: z.core.$ZodIssue): ConfigProblem {
  const variable = String(issue.path[0] ?? 'environment');
  if (issue.message in catalog('fr')) return { variable, problem: { key: issue.message as MessageKey } };
  if (issue.code === 'invalid_value') {
    return { variable, problem: text('config.invalid.choice', { options: issue.values.map(String).join(', ') }) };
  }
  return { variable, problem: text('config.invalid.generic', { detail: issue.message }) };
}

/**
 * Validates `env` (default: the process environment) into a typed Config, or throws ConfigError.
 * The playground is served when no platform is configured, or when asked (`npm run
 * playground`): then alone, on its own embedded database in DATA_DIR/playground.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: { playground?: boolean } = {},
): Config {
  // An empty value (`LOG_LEVEL=` in .env) means "use the default", as most tools read it.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map(configProblem));
  }
  const e = parsed.data;
  const common = {
    env: e.NODE_ENV,
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    defaults: { locale: e.DEFAULT_LOCALE, timeZone: e.DEFAULT_TIME_ZONE },
  };
  const playground = (dataDir: string): PlaygroundConfig => ({
    host: e.PLAYGROUND_HOST ?? '127.0.0.1',
    port: e.PORT,
    remote: e.PLAYGROUND_HOST !== undefined,
    dataDir,
  });
  if (options.playground) {
    const dataDir = join(e.DATA_DIR, 'playground');
    return { ...common, storage: { kind: 'embedded', dataDir }, playground: playground(dataDir) };
  }
  return {
    ...common,
    storage: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'embedded', dataDir: e.DATA_DIR },
    ...(e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
      ? { discord: { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiUrl: e.DISCORD_API_URL } }
      : {}),
    ...(e.SLACK_BOT_TOKEN
      ? {
          slack: {
            botToken: e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            appToken: e.SLACK_APP_TOKEN,
            apiUrl: e.SLACK_API_URL,
            port: e.PORT,
          },
        }
      : {}),
    ...(!e.DISCORD_TOKEN && !e.SLACK_BOT_TOKEN ? { playground: playground(e.DATA_DIR) } : {}),
  };
}

/**
 * Reads `.env` when present. Values already in the environment win, as with dotenv,
 * so a host can override the file without editing it.
 */
export function readDotEnv(
  path = '.env',
  env: Record<string, string | undefined> = process.env,
): Record<string, string | undefined> {
  if (!existsSync(path)) return env;
  const fromFile = parseEnv(readFileSync(path, 'utf8'));
  return { ...fromFile, ...env };
}
