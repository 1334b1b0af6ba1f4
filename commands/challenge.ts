import { z } from 'zod';
import { defineCommand, option } from '../src/core/commands.ts';

const name = { en: 'challenge', fr: 'defi' };

// The challenge chain arrives with the daily posts issue; the option is declared now so
// `/marraine challenge @someone` parses the same on Discord and Slack.
export default defineCommand({
  name,
  description: 'command.challenge.description',
  access: 'member',
  options: z.object({
    someone: option.user({ fr: 'quelquun', description: 'command.challenge.someone' }).optional(),
  }),
  run: async (ctx) => ({ kind: 'message', ephemeral: true, text: ctx.t('command.comingSoon', { name: name[ctx.locale] }) }),
});
