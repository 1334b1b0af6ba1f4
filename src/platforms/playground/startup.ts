import { translator, type Locale, type Text } from '../../i18n/index.ts';
import { isLoopback } from './guard.ts';

/** A start-up problem of the playground the host can fix (a port taken, an address refused), in her language. */
export class PlaygroundError extends Error {
  constructor(
    readonly text: Text,
    options?: { cause?: unknown },
  ) {
    super(text.key, options);
    this.name = 'PlaygroundError';
  }
}

/**
 * What `npm start` prints once the playground listens: its address and, when nothing
 * else runs, how to connect Discord and Slack; a warning when other machines can reach it.
 */
export function playgroundBanner(
  locale: Locale,
  options: { url: string; database: string; explicit: boolean; remote: boolean; host: string },
): string {
  const t = translator(locale);
  const lines = [
    t(options.explicit ? 'playground.startup.explicit' : 'playground.startup.ready', {
      url: options.url,
      database: options.database,
    }),
  ];
  if (options.remote && !isLoopback(options.host))
    lines.push('', t('playground.startup.noLogin', { host: options.host }));
  return lines.join('\n');
}
