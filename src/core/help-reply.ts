import { render, type Locale, type Translate } from '../i18n/index.ts';
import type { Command } from './commands.ts';
import { memberText, type Reply } from './reply-model.ts';

/** `/marraine` alone, `help`, or a subcommand she mistyped. */
export function helpReply(t: Translate, locale: Locale, commands: Command[], unknown?: string): Reply {
  const lines = commands.map((c) => `- **/marraine ${c.name[locale]}** — ${render(locale, { key: c.description })}`);
  const intro =
    unknown && !['', 'help', 'aide'].includes(unknown.toLowerCase())
      ? t('help.unknown', { name: memberText(unknown) })
      : t('help.intro');
  return { kind: 'message', ephemeral: true, text: `${intro}\n${lines.join('\n')}` };
}
