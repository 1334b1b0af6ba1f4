import { actionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, FormInput, Handler } from '../commands.ts';
import { isPlatformId } from '../community.ts';
import { UserError } from '../errors.ts';
import { formatOccurrence, nextOccurrences } from '../nudges/schedule.ts';
import { mention } from '../reply-parts.ts';
import { memberText, say, withButtons, type Answer, type Block, type Modal, type Reply } from '../reply-model.ts';
import type { Region } from './ports.ts';
import { regionAliasesMax, regionNameMax } from './region-service.ts';

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
/** A user id in an action id: "-" says none. */
const none = '-';

async function delegateOf(ctx: CommandContext, region: Region): Promise<string> {
  if (!region.delegateId) return ctx.t('admin.regions.noDelegate');
  const [delegate] = await ctx.services.store.members.many([region.delegateId]);
  return delegate ? mention(delegate.externalUserId) : ctx.t('admin.regions.noDelegate');
}

/** The admin's "Regions" page: each region, its delegate, its other names and how many members are in it. */
export async function regionsPanel(ctx: CommandContext, notice?: string): Promise<Answer> {
  const regions = await ctx.services.regions.withCounts(ctx.community);
  const lines = [`**${ctx.t('admin.regions.title')}**`, ...(regions.length === 0 ? [ctx.t('admin.regions.none')] : [])];
  for (const region of regions) {
    const also =
      region.aliases.length > 0
        ? ` — ${ctx.t('admin.regions.also', { names: memberText(region.aliases.join(', ')) })}`
        : '';
    lines.push(
      `- ${ctx.t('admin.regions.line', { name: memberText(region.name), delegate: await delegateOf(ctx, region), count: region.members })}${also}`,
    );
  }
  lines.push('', `_${ctx.t('admin.regions.how')}_`);
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  if (regions.length > 0) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('admin', 'region-pick'),
          placeholder: ctx.t('admin.regions.pick'),
          options: regions.slice(0, 25).map((r) => ({ value: r.id, label: r.name.slice(0, 100) })),
        },
      ],
    });
  }
  blocks.push({
    type: 'actions',
    elements: [
      { type: 'button', action: actionId('admin', 'region-add'), label: ctx.t('admin.regions.add'), style: 'primary' },
      { type: 'button', action: actionId('admin', 'page', 'more'), label: ctx.t('admin.back') },
    ],
  });
  return say(text, blocks, { update: true });
}

/** One region: change its delegate, add its monthly meeting reminder, or delete it. */
async function regionPanel(ctx: CommandContext, regionId: string, notice?: string): Promise<Answer> {
  const region = await ctx.services.store.regions.get(regionId);
  if (!region || region.communityId !== ctx.community.id) throw new UserError('error.expired');
  const lines = [
    `**${memberText(region.name)}**`,
    `- ${ctx.t('admin.regions.delegate', { delegate: await delegateOf(ctx, region) })}`,
    ...(region.aliases.length > 0
      ? [`- ${ctx.t('admin.regions.also', { names: memberText(region.aliases.join(', ')) })}`]
      : []),
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const [delegate] = region.delegateId ? await ctx.services.store.members.many([region.delegateId]) : [];
  return say(
    text,
    [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          {
            type: 'user-select',
            action: actionId('admin', 'region-delegate-set', region.id),
            placeholder: ctx.t('admin.regions.changeDelegate'),
            max: 1,
            ...(delegate ? { selected: [delegate.externalUserId] } : {}),
          },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'channel-select',
            action: actionId('admin', 'region-reminder', region.id),
            placeholder: ctx.t('admin.regions.reminderIn'),
          },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action: actionId('admin', 'region-delete-ask', region.id),
            label: ctx.t('admin.regions.delete'),
            style: 'danger',
          },
          { type: 'button', action: actionId('admin', 'regions'), label: ctx.t('admin.back') },
        ],
      },
    ],
    { update: true },
  );
}

function regionForm(ctx: CommandContext, delegateUserId: string | undefined, typed: { name?: string } = {}): Reply {
  // Picked in a user select, carried in the form's id: a value of another shape (a forged
  // select's text, too long for a component id) is no user (fuzz seed 1325815323).
  if (delegateUserId && delegateUserId !== none && !isPlatformId(ctx.community.platform, delegateUserId))
    throw new UserError('error.expired');
  const modal: Modal = {
    action: delegateUserId ? actionId('admin', 'region-new', delegateUserId) : actionId('admin', 'region-new'),
    title: ctx.t('admin.regions.formTitle'),
    submitLabel: ctx.t('join.save'),
    fields: [
      {
        type: 'text',
        id: 'regionName',
        label: ctx.t('field.regionName'),
        style: 'short',
        required: true,
        maxLength: regionNameMax,
        ...(typed.name ? { value: typed.name } : {}),
      },
      {
        type: 'text',
        id: 'regionAliases',
        label: ctx.t('field.regionAliases'),
        style: 'paragraph',
        required: false,
        maxLength: regionAliasesMax,
        hint: ctx.t('admin.regions.aliasesHint'),
      },
      // Slack's forms pick a person; Discord's cannot, so the delegate was picked before.
      ...(delegateUserId
        ? []
        : [
            {
              type: 'entity-select' as const,
              entity: 'user' as const,
              id: 'regionDelegate',
              label: ctx.t('field.regionDelegate'),
              max: 1,
              required: false,
            },
          ]),
    ],
  };
  return { kind: 'modal', modal };
}

/** After a region is created: offer its monthly meeting reminder in a channel. */
function reminderOffer(ctx: CommandContext, region: Region): Reply {
  const text = `${ctx.t('admin.regions.created', { name: memberText(region.name) })}\n${ctx.t('admin.regions.offerReminder')}`;
  return say(text, [
    { type: 'text', text },
    {
      type: 'actions',
      elements: [
        {
          type: 'channel-select',
          action: actionId('admin', 'region-reminder', region.id),
          placeholder: ctx.t('admin.regions.reminderIn'),
        },
      ],
    },
    {
      type: 'actions',
      elements: [{ type: 'button', action: actionId('admin', 'regions'), label: ctx.t('admin.regions.notNow') }],
    },
  ]);
}

const needId = (id: string | undefined): string => {
  if (!id) throw new UserError('error.expired');
  return id;
};

/** Spread into the admin command: admin-only, checked by the dispatcher. */
export const regionAdminActions: Record<string, Handler<ActionInput>> = {
  regions: { run: (ctx) => regionsPanel(ctx) },
  'region-add': {
    opensForm: 'rich',
    async run(ctx) {
      if (ctx.richForms) return regionForm(ctx, undefined);
      const text = ctx.t('admin.regions.pickDelegate');
      return say(
        text,
        [
          { type: 'text', text },
          {
            type: 'actions',
            elements: [
              {
                type: 'user-select',
                action: actionId('admin', 'region-delegate'),
                placeholder: ctx.t('field.regionDelegate'),
                max: 1,
              },
            ],
          },
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action: actionId('admin', 'region-open', none),
                label: ctx.t('admin.regions.noDelegateYet'),
              },
            ],
          },
        ],
        { update: true },
      );
    },
  },
  /** Discord: the delegate picked, then the form. */
  'region-delegate': { opensForm: true, run: async (ctx, { values: [userId] }) => regionForm(ctx, userId ?? none) },
  'region-open': {
    args: 2,
    minArgs: 1,
    opensForm: true,
    run: async (ctx, { args: [userId, name] }) => regionForm(ctx, userId ?? none, name ? { name } : {}),
  },
  'region-pick': { run: (ctx, { values: [id] }) => regionPanel(ctx, needId(id)) },
  'region-delegate-set': {
    args: 1,
    async run(ctx, { args: [id], values: [userId] }) {
      await ctx.services.regions.setDelegate(ctx.community, ctx.member, needId(id), userId ?? null);
      return regionPanel(ctx, needId(id), ctx.t('admin.saved'));
    },
  },
  /** The monthly meeting, the first Tuesday of the month at 18:00, as a community reminder in that channel. */
  'region-reminder': {
    args: 1,
    async run(ctx, { args: [id], values: [channelId] }) {
      const region = await ctx.services.store.regions.get(needId(id));
      if (!region || region.communityId !== ctx.community.id || !channelId) throw new UserError('error.expired');
      const reminder = await ctx.services.regions.addMonthlyReminder(
        ctx.community,
        ctx.member,
        region.id,
        channelId,
        ctx.t('region.reminder.text', { name: region.name }),
      );
      const next = nextOccurrences(reminder.cron, ctx.community.timeZone, ctx.services.clock.now(), 1)[0];
      const notice = ctx.t('admin.regions.reminderAdded', {
        channel: `<#${channelId}>`,
        next: next ? formatOccurrence(ctx.locale, ctx.community.timeZone, next) : '—',
      });
      return regionPanel(ctx, region.id, notice);
    },
  },
  'region-delete-ask': {
    args: 1,
    run: async (ctx, { args: [id] }) => {
      const { text, blocks } = withButtons(ctx.t('admin.regions.deleteConfirm'), [
        {
          type: 'button',
          action: actionId('admin', 'region-delete', needId(id)),
          label: ctx.t('admin.regions.delete'),
          style: 'danger',
        },
        { type: 'button', action: actionId('admin', 'region-pick-id', needId(id)), label: ctx.t('admin.back') },
      ]);
      return say(text, blocks, { update: true });
    },
  },
  'region-pick-id': { args: 1, run: (ctx, { args: [id] }) => regionPanel(ctx, needId(id)) },
  'region-delete': {
    args: 1,
    async run(ctx, { args: [id] }) {
      const region = await ctx.services.regions.remove(ctx.community, ctx.member, needId(id));
      return regionsPanel(ctx, ctx.t('admin.regions.deleted', { name: memberText(region.name) }));
    },
  },
};

export const regionAdminForms: Record<string, Handler<FormInput>> = {
  'region-new': {
    args: 1,
    minArgs: 0,
    async run(ctx, { args: [delegateArg], values }) {
      const delegateUserId = delegateArg
        ? delegateArg === none
          ? undefined
          : delegateArg
        : one(values.regionDelegate);
      const name = String(one(values.regionName) ?? '');
      const retry = actionId('admin', 'region-open', delegateUserId ?? none, name.replace(/:/g, ' ').slice(0, 40));
      const region = await ctx.services.regions.create(
        ctx.community,
        ctx.member,
        { name, aliases: String(one(values.regionAliases) ?? ''), delegateUserId },
        retry,
      );
      return reminderOffer(ctx, region);
    },
  },
};
