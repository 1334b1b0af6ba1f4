import { actionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, FormInput, Handler } from '../commands.ts';
import { isPlatformId, type Community } from '../community.ts';
import { FieldErrors, UserError } from '../errors.ts';
import { text as textOf } from '../../i18n/index.ts';
import { mention } from '../reply-parts.ts';
import { memberText, withButtons, type Answer, type Block, type Modal, type Reply } from '../reply-model.ts';
import { createCommunityReminders, reminderScheduleMax, reminderTextMax } from './community-reminders.ts';
import { nudgeKinds, nudgeSettingsSchema, type NudgeSettings } from './kinds.ts';
import { formatOccurrence } from './schedule.ts';

const hours = Array.from({ length: 24 }, (_, hour) => hour);
const weekChoices = [1, 2, 3, 4, 6, 8];
const monthChoices = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 18, 24];

const reminders = (ctx: CommandContext) =>
  createCommunityReminders({ store: ctx.services.store, clock: ctx.services.clock });

/** The admin's "Reminders" page: each kind on or off, timing, and the pairs to look at. */
export async function nudgeSettingsPanel(ctx: CommandContext, community: Community, notice?: string): Promise<Answer> {
  const settings = community.settings.nudges;
  const enabled = nudgeKinds.filter((kind) => !settings.disabled.includes(kind));
  const attention = await ctx.services.store.nudgeAttention.pairsNeedingAttention(community.id, settings.ghostAfter);
  const lines = [
    `**${ctx.t('admin.nudges.title')}**`,
    `- ${ctx.t('admin.nudges.enabled', { kinds: enabled.length > 0 ? enabled.map((k) => ctx.t(`nudges.kind.${k}`)).join(', ') : ctx.t('admin.nudges.none') })}`,
    `- ${ctx.t('admin.nudges.hour', { hour: settings.hour })}`,
    `- ${ctx.t('admin.nudges.checkinWeeks', { count: settings.checkinWeeks })}`,
    `- ${ctx.t('admin.nudges.programMonths', { count: settings.programMonths })}`,
    `- ${ctx.t('admin.nudges.delaysSummary', { checkin: settings.checkinReminderDays, notYet: settings.notYetReminderDays, request: settings.requestReminderDays, ghost: settings.ghostAfter, extend: settings.extendMonths })}`,
    '',
    `**${ctx.t('admin.attention.title')}**`,
    ...(attention.length === 0
      ? [ctx.t('admin.attention.none')]
      : attention.map((pair) => {
          const why = [
            ...(pair.silentCheckIns >= settings.ghostAfter
              ? [ctx.t('admin.attention.silent', { count: pair.silentCheckIns })]
              : []),
            ...(pair.helpWanted > 0 ? [ctx.t('admin.attention.help', { count: pair.helpWanted })] : []),
          ].join(', ');
          return `- ${ctx.t('admin.attention.line', { mentee: mention(pair.mentee.externalUserId), mentor: mention(pair.mentor.externalUserId), why })}`;
        })),
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const select = (
    action: string,
    placeholder: string,
    values: number[],
    label: (n: number) => string,
    selected: number,
  ): Block => ({
    type: 'actions',
    // The current value is always a choice, even one set before these choices existed.
    elements: [
      {
        type: 'select',
        action: actionId('admin', action),
        placeholder,
        options: [...new Set([...values, selected])]
          .sort((a, b) => a - b)
          .map((n) => ({ value: String(n), label: label(n) })),
        selected: [String(selected)],
      },
    ],
  });
  const blocks: Block[] = [
    { type: 'text', text },
    {
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('admin', 'nudge-kinds'),
          placeholder: ctx.t('admin.nudges.kindsPlaceholder'),
          options: nudgeKinds.map((kind) => ({ value: kind, label: ctx.t(`nudges.kind.${kind}`) })),
          min: 0,
          max: nudgeKinds.length,
          selected: enabled,
        },
      ],
    },
    select(
      'nudge-hour',
      ctx.t('admin.nudges.hourPlaceholder'),
      hours,
      (hour) => ctx.t('admin.nudges.hourOption', { hour }),
      settings.hour,
    ),
    select(
      'nudge-weeks',
      ctx.t('admin.nudges.weeksPlaceholder'),
      weekChoices,
      (count) => ctx.t('admin.nudges.checkinWeeks', { count }),
      settings.checkinWeeks,
    ),
    select(
      'nudge-months',
      ctx.t('admin.nudges.monthsPlaceholder'),
      monthChoices,
      (count) => ctx.t('admin.nudges.programMonths', { count }),
      settings.programMonths,
    ),
    {
      type: 'actions',
      elements: [
        { type: 'button', action: actionId('admin', 'nudge-delays-open'), label: ctx.t('admin.nudges.delaysButton') },
        { type: 'button', action: actionId('admin', 'reminders'), label: ctx.t('admin.reminders.button') },
        { type: 'button', action: actionId('admin', 'page', 'channels'), label: ctx.t('admin.back') },
      ],
    },
  ];
  return { kind: 'message', ephemeral: true, update: true, text, blocks };
}

/** Community reminders, each with its next three dates in the community's zone and language. */
export async function remindersPanel(ctx: CommandContext, notice?: string): Promise<Answer> {
  const { community } = ctx;
  const list = await reminders(ctx).list(community);
  const lines = [
    `**${ctx.t('admin.reminders.title')}**`,
    ...(list.length === 0 ? [ctx.t('admin.reminders.none')] : []),
    ...list.map((r) => {
      const head = `- ${ctx.t('admin.reminders.line', { channel: `<#${r.channelId}>`, schedule: memberText(r.schedule) })}`;
      const next = r.enabled
        ? ctx.t('admin.reminders.next', {
            dates: r.next.map((d) => formatOccurrence(ctx.locale, community.timeZone, d)).join(' ; '),
          })
        : ctx.t('admin.reminders.off');
      return `${head}\n  ${memberText(r.text.length > 80 ? `${r.text.slice(0, 79)}…` : r.text)}\n  _${next}_`;
    }),
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  if (list.length > 0) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('admin', 'reminder-pick'),
          placeholder: ctx.t('admin.reminders.manage'),
          // Labels are plain text on both platforms: nothing in them is rendered.
          options: list
            .slice(0, 25)
            .map((r) => ({ value: r.id, label: `${r.enabled ? '' : '⏸ '}${r.schedule}`.slice(0, 100) })),
        },
      ],
    });
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action: actionId('admin', 'reminder-add'),
        label: ctx.t('admin.reminders.add'),
        style: 'primary',
      },
      { type: 'button', action: actionId('admin', 'nudges'), label: ctx.t('admin.back') },
    ],
  });
  return { kind: 'message', ephemeral: true, update: true, text, blocks };
}

async function reminderForm(ctx: CommandContext, channelId?: string): Promise<Reply> {
  // Picked in a channel select, carried in the form's id: a value of another shape (a forged
  // select's text, too long for a component id) is no channel (fuzz seed 1322727517).
  if (channelId !== undefined && !isPlatformId(ctx.community.platform, channelId)) throw new UserError('error.expired');
  const pending = await reminders(ctx).pending(ctx.member);
  const modal: Modal = {
    action: channelId ? actionId('admin', 'reminder-new', channelId) : actionId('admin', 'reminder-new'),
    title: ctx.t('admin.reminders.formTitle'),
    submitLabel: ctx.t('join.save'),
    fields: [
      // Slack's forms pick a channel; Discord's cannot, so it was picked before.
      ...(channelId
        ? []
        : [
            {
              type: 'entity-select' as const,
              entity: 'channel' as const,
              id: 'reminderChannel',
              label: ctx.t('field.reminderChannel'),
              max: 1,
              required: true,
            },
          ]),
      {
        type: 'text',
        id: 'reminderText',
        label: ctx.t('field.reminderText'),
        style: 'paragraph',
        required: true,
        maxLength: reminderTextMax,
        ...(pending.text ? { value: pending.text } : {}),
      },
      {
        type: 'text',
        id: 'schedule',
        label: ctx.t('field.schedule'),
        style: 'short',
        required: true,
        maxLength: reminderScheduleMax,
        hint: ctx.t('admin.reminders.scheduleHint'),
        ...(pending.schedule ? { value: pending.schedule } : {}),
      },
    ],
  };
  return { kind: 'modal', modal };
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
const number = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : Number.NaN);

/** The delays an admin sets in a form (the panel's menus have no room left: Discord allows five rows). */
const delayFields = [
  'checkinReminderDays',
  'notYetReminderDays',
  'requestReminderDays',
  'ghostAfter',
  'extendMonths',
] as const;
type DelayField = (typeof delayFields)[number];
/** Each delay's bounds, read from the settings schema itself. */
const boundsOf = (field: DelayField) => {
  const shape = nudgeSettingsSchema.unwrap().shape[field].unwrap();
  return { min: shape.minValue ?? 0, max: shape.maxValue ?? 0 };
};

function delaysForm(ctx: CommandContext, typed: Record<string, string> = {}): Reply {
  const settings = ctx.community.settings.nudges;
  const modal: Modal = {
    action: actionId('admin', 'nudge-delays'),
    title: ctx.t('admin.nudges.delaysTitle'),
    submitLabel: ctx.t('admin.nudges.delaysSubmit'),
    fields: delayFields.map((field) => ({
      type: 'text' as const,
      id: field,
      label: ctx.t(`field.${field}`),
      style: 'short' as const,
      required: true,
      maxLength: 2,
      number: boundsOf(field),
      value: typed[field] ?? String(settings[field]),
      hint: ctx.t('admin.nudges.between', boundsOf(field)),
    })),
  };
  return { kind: 'modal', modal };
}

async function saveNudges(ctx: CommandContext, change: Partial<NudgeSettings>): Promise<Answer> {
  const updated = await ctx.services.settings.update(ctx.community, ctx.member, { nudges: change });
  return nudgeSettingsPanel(ctx, updated, ctx.t('admin.saved'));
}

/** Spread into the admin command: every one of them is admin-only, checked by the dispatcher. */
export const nudgeAdminActions: Record<string, Handler<ActionInput>> = {
  nudges: { run: (ctx) => nudgeSettingsPanel(ctx, ctx.community) },
  'nudge-kinds': {
    run: (ctx, { values }) => {
      if (!values.every((v) => (nudgeKinds as readonly string[]).includes(v))) throw new UserError('error.expired');
      return saveNudges(ctx, { disabled: nudgeKinds.filter((kind) => !values.includes(kind)) });
    },
  },
  'nudge-hour': { run: (ctx, { values: [v] }) => saveNudges(ctx, { hour: number(v) }) },
  'nudge-weeks': { run: (ctx, { values: [v] }) => saveNudges(ctx, { checkinWeeks: number(v) }) },
  'nudge-months': { run: (ctx, { values: [v] }) => saveNudges(ctx, { programMonths: number(v) }) },
  'nudge-delays-open': {
    args: 5,
    minArgs: 0,
    opensForm: true,
    run: async (ctx, { args }) =>
      delaysForm(
        ctx,
        Object.fromEntries(delayFields.map((field, i) => [field, args[i] ?? '']).filter(([, v]) => v !== '')),
      ),
  },
  reminders: { run: (ctx) => remindersPanel(ctx) },
  'reminder-add': {
    opensForm: 'rich',
    async run(ctx) {
      if (ctx.richForms) return reminderForm(ctx);
      const text = ctx.t('admin.reminders.pickChannel');
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        text,
        blocks: [
          { type: 'text', text },
          {
            type: 'actions',
            elements: [
              {
                type: 'channel-select',
                action: actionId('admin', 'reminder-channel'),
                placeholder: ctx.t('field.reminderChannel'),
              },
            ],
          },
        ],
      };
    },
  },
  /** Discord: the channel picked, then the form (with what she typed last time it was refused). */
  'reminder-channel': {
    opensForm: true,
    async run(ctx, { values: [channelId] }) {
      if (!channelId) throw new UserError('error.expired');
      return reminderForm(ctx, channelId);
    },
  },
  'reminder-open': { args: 1, opensForm: true, run: (ctx, { args: [channelId] }) => reminderForm(ctx, channelId) },
  'reminder-pick': {
    async run(ctx, { values: [id] }) {
      const reminder = (await ctx.services.store.reminders.list(ctx.community.id)).find((r) => r.id === id);
      if (!reminder) throw new UserError('error.expired');
      const text = `${ctx.t('admin.reminders.line', { channel: `<#${reminder.channelId}>`, schedule: memberText(reminder.schedule) })}\n${memberText(reminder.text)}`;
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        ...withButtons(text, [
          {
            type: 'button',
            action: actionId('admin', 'reminder-toggle', reminder.id, reminder.enabled ? 'off' : 'on'),
            label: ctx.t(reminder.enabled ? 'admin.reminders.disable' : 'admin.reminders.enable'),
          },
          {
            type: 'button',
            action: actionId('admin', 'reminder-delete', reminder.id),
            label: ctx.t('admin.reminders.delete'),
            style: 'danger',
          },
          { type: 'button', action: actionId('admin', 'reminders'), label: ctx.t('admin.back') },
        ]),
      };
    },
  },
  'reminder-toggle': {
    args: 2,
    async run(ctx, { args: [id, state] }) {
      if (!id || (state !== 'on' && state !== 'off')) throw new UserError('error.expired');
      await reminders(ctx).setEnabled(ctx.community, ctx.member, id, state === 'on');
      return remindersPanel(ctx, ctx.t('admin.reminders.updated'));
    },
  },
  'reminder-delete': {
    args: 1,
    async run(ctx, { args: [id] }) {
      if (!id) throw new UserError('error.expired');
      await reminders(ctx).remove(ctx.community, ctx.member, id);
      return remindersPanel(ctx, ctx.t('admin.reminders.deleted'));
    },
  },
};

export const nudgeAdminForms: Record<string, Handler<FormInput>> = {
  /** All five delays at once; a wrong one is named with its bounds, and nothing is saved. */
  'nudge-delays': {
    async run(ctx, { values }) {
      const typed = Object.fromEntries(
        delayFields.map((field) => [field, String(one(values[field]) ?? '').trim()]),
      ) as Record<DelayField, string>;
      const errors: Record<string, ReturnType<typeof textOf>> = {};
      const change: Partial<NudgeSettings> = {};
      for (const field of delayFields) {
        const { min, max } = boundsOf(field);
        const value = number(typed[field]);
        if (!(value >= min && value <= max)) errors[field] = textOf('admin.nudges.between', { min, max });
        else change[field] = value;
      }
      // Discord closes the form: the retry button carries what she typed, to reopen it prefilled.
      if (Object.keys(errors).length > 0)
        throw new FieldErrors(
          errors,
          actionId('admin', 'nudge-delays-open', ...delayFields.map((f) => typed[f].replace(/\D/g, '').slice(0, 2))),
          'typed',
        );
      return saveNudges(ctx, change);
    },
  },
  'reminder-new': {
    args: 1,
    minArgs: 0,
    async run(ctx, { args: [channelArg], values }) {
      const channelId = channelArg ?? one(values.reminderChannel);
      const retry = channelArg ? actionId('admin', 'reminder-open', channelArg) : actionId('admin', 'reminder-add');
      await reminders(ctx).create(
        ctx.community,
        ctx.member,
        { channelId, text: String(one(values.reminderText) ?? ''), schedule: String(one(values.schedule) ?? '') },
        retry,
      );
      return remindersPanel(ctx, ctx.t('admin.reminders.created'));
    },
  },
};
