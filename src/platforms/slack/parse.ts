import { describeOptions, type Command } from '../../core/commands.ts';
import { normalizeWord } from '../../core/words.ts';

const userMention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const channelMention = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/;

/** Words of a command line; "quoted text" stays one word. */
export function tokenize(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|“([^”]*)”|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/**
 * `/marraine <subcommand> [args]` as the core's command input. The subcommand may be
 * its English or French name; options are positional, in the order the command
 * declares them, and the last text option takes the rest of the line. Mentions arrive
 * escaped (`<@U123|ada>`) because the manifest asks Slack to escape them.
 */
export function parseCommandText(
  text: string,
  commands: Command[],
): { name: string; options: Record<string, unknown> } {
  const [first = '', ...rest] = tokenize(text.trim());
  const name = normalizeWord(first);
  const command = commands.find((c) => normalizeWord(c.name.en) === name || normalizeWord(c.name.fr) === name);
  if (!command) return { name, options: {} };
  const options: Record<string, unknown> = {};
  // A file cannot be typed: Slack's files come through forms (FormInput.files).
  const described = describeOptions(command.options).filter((option) => option.meta.kind !== 'attachment');
  let index = 0;
  described.forEach((option, position) => {
    const token = rest[index];
    if (token === undefined) return;
    const last = position === described.length - 1;
    if (option.meta.kind === 'user') options[option.key] = userMention.exec(token)?.[1] ?? token.replace(/^@/, '');
    else if (option.meta.kind === 'channel')
      options[option.key] = channelMention.exec(token)?.[1] ?? token.replace(/^#/, '');
    else if (option.meta.kind === 'string' && last) {
      options[option.key] = rest.slice(index).join(' ');
      index = rest.length;
      return;
    } else options[option.key] = token;
    index += 1;
  });
  return { name, options };
}
