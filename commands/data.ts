import { z } from 'zod';
import { actionId } from '../src/core/action-ids.ts';
import { defineCommand, type CommandContext } from '../src/core/commands.ts';
import { UserError } from '../src/core/errors.ts';
import type { Answer } from '../src/core/reply-model.ts';
import { translator } from '../src/i18n/index.ts';

/** Her data: what is kept, and the two things she can do with it. */
export function dataPanel(ctx: CommandContext, options: { notice?: string; update?: boolean } = {}): Answer {
  const text = `${options.notice ? `${options.notice}\n\n` : ''}**${ctx.t('data.panel.title')}**\n${ctx.t('data.panel.text')}`;
  return {
    kind: 'message',
    ephemeral: true,
    ...(options.update ? { update: true } : {}),
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          { type: 'button', action: actionId('data', 'export'), label: ctx.t('data.panel.export'), style: 'primary' },
          {
            type: 'button',
            action: actionId('data', 'delete', 'keep'),
            label: ctx.t('data.panel.delete'),
            style: 'danger',
          },
          {
            type: 'button',
            action: actionId('data', 'delete', 'remove'),
            label: ctx.t('data.panel.deleteAndPosts'),
            style: 'danger',
          },
        ],
      },
    ],
  };
}

const removals = ['keep', 'remove'] as const;
const isRemoval = (value: string | undefined): value is (typeof removals)[number] =>
  (removals as readonly string[]).includes(value ?? '');

/** The confirmation word, in either language: she may have switched languages meanwhile. */
const confirmed = (typed: string) =>
  ['fr', 'en'].some((l) => typed.trim().toUpperCase() === translator(l as 'fr' | 'en')('data.delete.word'));

export default defineCommand({
  name: { en: 'data', fr: 'donnees' },
  description: 'command.data.description',
  access: 'member',
  options: z.object({}),
  run: async (ctx) => dataPanel(ctx),

  actions: {
    /** Everything about her, by DM. */
    export: {
      async run(ctx) {
        const { records, images } = await ctx.services.data.export(ctx.community, ctx.member);
        return { kind: 'message', ephemeral: true, text: ctx.t('data.export.sent', { records, images }) };
      },
    },
    /** The typed confirmation first: erasing cannot be undone. */
    delete: {
      args: 1,
      opensForm: true,
      async run(ctx, { args: [removal] }) {
        if (!isRemoval(removal)) throw new UserError('error.expired');
        const word = ctx.t('data.delete.word');
        return {
          kind: 'modal',
          modal: {
            action: actionId('data', 'confirm', removal),
            title: ctx.t('data.delete.title'),
            submitLabel: ctx.t('data.panel.delete'),
            fields: [
              {
                type: 'text',
                id: 'confirm',
                label: ctx.t('data.delete.confirmLabel', { word }),
                style: 'short',
                required: true,
                maxLength: 20,
                placeholder: word,
                hint: ctx.t('data.delete.confirmHint'),
              },
            ],
          },
        };
      },
    },
  },

  forms: {
    confirm: {
      args: 1,
      async run(ctx, { args: [removal], values }) {
        if (!isRemoval(removal)) throw new UserError('error.expired');
        const typed = typeof values.confirm === 'string' ? values.confirm : '';
        if (!confirmed(typed))
          return {
            kind: 'message',
            ephemeral: true,
            text: ctx.t('data.delete.wrong', { word: ctx.t('data.delete.word') }),
          };
        const outcome = await ctx.services.data.erase(ctx.community, ctx.member, {
          removePublished: removal === 'remove',
        });
        if (!outcome.erased) return { kind: 'message', ephemeral: true, text: ctx.t('data.delete.nothing') };
        const removed = outcome.erasure?.publishedPostKeys.length ?? 0;
        const text = `${ctx.t('data.delete.done')}${removed > 0 ? `\n${ctx.t('data.delete.donePosts', { count: removed })}` : ''}`;
        return { kind: 'message', ephemeral: true, text };
      },
    },
  },
});
