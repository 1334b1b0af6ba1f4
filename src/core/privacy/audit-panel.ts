import { actionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, Handler } from '../commands.ts';
import { UserError } from '../errors.ts';
import { mention } from '../reply-parts.ts';
import type { Answer, Block } from '../reply-model.ts';
import { actorOf, actorsOf, exportAuditLog } from './audit-log-view.ts';

export const auditPanelSize = 15;
export const retentionChoices = [30, 60, 90, 180, 365] as const;

/**
 * The admin's "Audit log" page: the last decisions (who, what, when), the CSV export, and
 * how long a member who left her platform is kept. Who is a mention, "deleted member" or
 * the bot; no detail is shown here (they may hold member text): the CSV has them, escaped.
 */
export async function auditPanel(ctx: CommandContext, notice?: string): Promise<Answer> {
  const entries = await ctx.services.store.auditLog.list(ctx.community.id, { limit: auditPanelSize });
  const actors = await actorsOf(ctx.services.store, entries);
  const when = new Intl.DateTimeFormat(ctx.locale, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone: ctx.community.timeZone,
  });
  const lines = entries.map((entry) => {
    const actor = actorOf(actors, entry);
    const who =
      actor.kind === 'member'
        ? mention(actor.member.externalUserId)
        : actor.kind === 'deleted'
          ? ctx.t('admin.audit.deleted')
          : ctx.t('admin.audit.bot');
    return `- ${ctx.t('admin.audit.line', { at: when.format(entry.at), actor: who, action: `\`${entry.action}\``, target: entry.targetType ? ` (${entry.targetType})` : '' })}`;
  });
  const text = [
    ...(notice ? [notice, ''] : []),
    `**${ctx.t('admin.audit.title')}**`,
    ...(lines.length > 0 ? lines : [ctx.t('admin.audit.empty')]),
  ].join('\n');
  const retention = ctx.community.settings.privacy.retentionDays;
  const blocks: Block[] = [
    { type: 'text', text },
    {
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('admin', 'retention'),
          placeholder: ctx.t('admin.retention.label'),
          options: [...new Set([...retentionChoices, retention])]
            .sort((a, b) => a - b)
            .map((days) => ({ value: String(days), label: ctx.t('admin.retention.days', { days }) })),
          selected: [String(retention)],
        },
      ],
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action: actionId('admin', 'audit-export'),
          label: ctx.t('admin.audit.export'),
          style: 'primary',
        },
        { type: 'button', action: actionId('admin', 'page', 'more'), label: ctx.t('admin.back') },
      ],
    },
  ];
  return { kind: 'message', ephemeral: true, update: true, text, blocks };
}

/** Handlers of the audit page, spread into the admin command (access: admin, checked by the dispatcher). */
export const auditAdminActions: Record<string, Handler<ActionInput>> = {
  audit: { run: (ctx) => auditPanel(ctx) },
  'audit-export': {
    async run(ctx) {
      const count = await exportAuditLog(ctx.services, ctx.community, ctx.member);
      return auditPanel(ctx, ctx.t('admin.audit.exported', { count }));
    },
  },
  retention: {
    async run(ctx, { values: [raw] }) {
      const days = Number(raw);
      if (!Number.isInteger(days)) throw new UserError('error.expired');
      const community = await ctx.services.settings.update(ctx.community, ctx.member, {
        privacy: { retentionDays: days },
      });
      return auditPanel({ ...ctx, community }, ctx.t('admin.saved'));
    },
  },
};
