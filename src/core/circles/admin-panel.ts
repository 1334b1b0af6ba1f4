import { actionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, Handler } from '../commands.ts';
import { withButtons, type Answer } from '../reply-model.ts';

/** The admin's "Circles" page: who waits, the circles, those short of members, and "form circles now". */
export async function circlesPanel(ctx: CommandContext, notice?: string): Promise<Answer> {
  const figures = await ctx.services.circles.overview(ctx.community);
  const lines = [
    `**${ctx.t('admin.circles.title')}**`,
    `- ${ctx.t('admin.circles.waiting', { count: figures.waiting })}`,
    `- ${ctx.t('admin.circles.active', { count: figures.active, members: figures.members })}`,
    ...(figures.short > 0 ? [`- ${ctx.t('admin.circles.short', { count: figures.short })}`] : []),
    '',
    `_${ctx.t('admin.circles.how')}_`,
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  return {
    kind: 'message',
    ephemeral: true,
    update: true,
    ...withButtons(text, [
      {
        type: 'button',
        action: actionId('admin', 'circles-form'),
        label: ctx.t('admin.circles.form'),
        style: 'primary',
      },
      { type: 'button', action: actionId('admin', 'page', 'more'), label: ctx.t('admin.back') },
    ]),
  };
}

/** Spread into the admin command: admin-only, checked by the dispatcher. */
export const circleAdminActions: Record<string, Handler<ActionInput>> = {
  circles: { run: (ctx) => circlesPanel(ctx) },
  'circles-form': {
    async run(ctx) {
      const outcome = await ctx.services.circles.formNow(ctx.community, ctx.member);
      const notice =
        outcome.circles > 0
          ? ctx.t('admin.circles.formed', { count: outcome.circles, placed: outcome.placed, waiting: outcome.waiting })
          : ctx.t('admin.circles.noneFormed', { count: outcome.waiting });
      return circlesPanel(ctx, notice);
    },
  },
};
