import { actionId, scopedActionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, FormInput, Handler } from '../commands.ts';
import type { Member } from '../community.ts';
import { UserError } from '../errors.ts';
import { formatDate } from '../reply-parts.ts';
import { memberText, withButtons, type Answer, type Block, type Modal, type Reply } from '../reply-model.ts';
import { isTimeZone } from '../time-zone.ts';
import { isNudgeKind, type NudgeKind } from './kinds.ts';
import { formatClockTime, isSnoozePeriod, memberNudgeKinds, snoozePeriods } from './preferences.ts';

/** Zones most members of a French-speaking tech community live in; any other is typed. */
export const commonTimeZones = [
  'Europe/Paris',
  'Europe/Brussels',
  'Europe/Zurich',
  'Europe/Luxembourg',
  'Europe/London',
  'America/Montreal',
  'America/Toronto',
  'America/New_York',
  'America/Martinique',
  'America/Guadeloupe',
  'America/Cayenne',
  'Indian/Reunion',
  'Indian/Mayotte',
  'Pacific/Noumea',
  'Pacific/Tahiti',
  'Africa/Casablanca',
  'Africa/Algiers',
  'Africa/Tunis',
  'Africa/Dakar',
  'Africa/Abidjan',
  'UTC',
];

const kindLabel = (ctx: CommandContext, kind: NudgeKind) => ctx.t(`nudges.kind.${kind}`);

/** Her reminders: what is set, and a control for each (profile → Reminders). */
export async function nudgesPanel(ctx: CommandContext, member: Member, notice?: string): Promise<Answer> {
  const { community } = ctx;
  const zone = member.timeZone ?? community.timeZone;
  const from = member.quietFrom ?? community.settings.nudges.quietFrom;
  const to = member.quietTo ?? community.settings.nudges.quietTo;
  const now = ctx.services.clock.now();
  const snoozed = member.snoozedUntil && member.snoozedUntil > now ? member.snoozedUntil : null;
  const optedOut = member.nudgeOptOut.filter((kind) => kind !== 'communityReminder');
  const lines = [
    `**${ctx.t('nudges.title')}**`,
    // A zone she typed is checked against the IANA names, still her text.
    `- ${member.timeZone ? ctx.t('nudges.timeZone', { zone: memberText(zone) }) : ctx.t('nudges.timeZoneCommunity', { zone: memberText(zone) })}`,
    `- ${from === to ? ctx.t('nudges.quietNone') : ctx.t('nudges.quiet', { from: formatClockTime(from), to: formatClockTime(to) })}`,
    `- ${snoozed ? ctx.t('nudges.snoozed', { date: formatDate(ctx.locale, zone, snoozed) }) : ctx.t('nudges.notSnoozed')}`,
    `- ${optedOut.length > 0 ? ctx.t('nudges.optedOut', { kinds: optedOut.map((k) => kindLabel(ctx, k)).join(', ') }) : ctx.t('nudges.optedOutNone')}`,
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const zones = commonTimeZones.includes(zone) ? commonTimeZones : [zone, ...commonTimeZones.slice(0, 24)];
  const blocks: Block[] = [
    { type: 'text', text },
    {
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('profile', 'timezone'),
          placeholder: ctx.t('nudges.pickZone'),
          options: zones.map((z) => ({ value: z, label: z })),
          selected: [zone],
        },
      ],
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('profile', 'opt-out'),
          placeholder: ctx.t('nudges.optOutPlaceholder'),
          options: memberNudgeKinds.map((kind) => ({ value: kind, label: kindLabel(ctx, kind) })),
          min: 0,
          max: memberNudgeKinds.length,
          selected: optedOut,
        },
      ],
    },
    {
      type: 'actions',
      elements: [
        { type: 'button', action: actionId('profile', 'timezone-open'), label: ctx.t('nudges.otherZone') },
        { type: 'button', action: actionId('profile', 'quiet-open'), label: ctx.t('nudges.quietButton') },
        { type: 'button', action: actionId('profile', 'show'), label: ctx.t('nudges.back') },
      ],
    },
    {
      type: 'actions',
      elements: [
        ...Object.keys(snoozePeriods).map((period) => ({
          type: 'button' as const,
          action: actionId('profile', 'snooze', period),
          label: ctx.t(`nudges.snooze.${period as '1w'}`),
        })),
        { type: 'button', action: actionId('profile', 'snooze-open'), label: ctx.t('nudges.snoozeDate') },
        ...(snoozed
          ? [
              {
                type: 'button' as const,
                action: actionId('profile', 'unsnooze'),
                label: ctx.t('nudges.resumeNow'),
                style: 'success' as const,
              },
            ]
          : []),
      ],
    },
  ];
  return { kind: 'message', ephemeral: true, update: true, text, blocks };
}

function textModal(
  ctx: CommandContext,
  action: string,
  title: string,
  fields: { id: string; label: string; value: string | undefined; hint: string }[],
): Reply {
  const modal: Modal = {
    action,
    title,
    submitLabel: ctx.t('join.save'),
    fields: fields.map((f) => ({
      type: 'text',
      id: f.id,
      label: f.label,
      style: 'short',
      required: true,
      maxLength: 64,
      hint: f.hint,
      ...(f.value ? { value: f.value.slice(0, 64) } : {}),
    })),
  };
  return { kind: 'modal', modal };
}

const value = (values: FormInput['values'], id: string) => {
  const raw = values[id];
  return typeof raw === 'string' ? raw : '';
};

/** The panel again after a save; refused fields throw FieldErrors, which point back to the form. */
async function saved(ctx: CommandContext, work: () => Promise<Member>): Promise<Answer> {
  return nudgesPanel(ctx, await work(), ctx.t('nudges.saved'));
}

const prefs = (ctx: CommandContext) => ctx.services.profiles.preferences;

/** The answer to the one-click stop on a nudge DM, with a way back. */
function stoppedReply(ctx: CommandContext, kind: NudgeKind): Answer {
  const text = ctx.t('nudges.stopped');
  return {
    kind: 'message',
    ephemeral: true,
    update: true,
    ...withButtons(text, [
      {
        type: 'button',
        action: scopedActionId(ctx.community.id, 'profile', 'resume-kind', kind),
        label: ctx.t('nudges.stopUndo'),
      },
    ]),
  };
}

export const nudgeActions: Record<string, Handler<ActionInput>> = {
  nudges: { run: async (ctx) => nudgesPanel(ctx, ctx.member) },
  timezone: {
    async run(ctx, { values: [zone] }) {
      // The select offers only zones the runtime knows: another value is a stale or forged
      // click, not something she typed (nothing to keep, nothing to echo back at any length).
      if (!zone || !isTimeZone(zone)) throw new UserError('error.expired');
      return saved(ctx, () => prefs(ctx).setTimeZone(ctx.member, zone));
    },
  },
  'timezone-open': {
    opensForm: true,
    run: async (ctx) =>
      textModal(ctx, actionId('profile', 'timezone'), ctx.t('admin.timeZone'), [
        {
          id: 'timeZone',
          label: ctx.t('field.timeZone'),
          value: (await prefs(ctx).pending(ctx.member, 'timeZone')) ?? ctx.member.timeZone ?? ctx.community.timeZone,
          hint: ctx.t('admin.timeZoneHint'),
        },
      ]),
  },
  'quiet-open': {
    opensForm: true,
    async run(ctx) {
      const { member, community } = ctx;
      const from =
        (await prefs(ctx).pending(member, 'quietFrom')) ??
        formatClockTime(member.quietFrom ?? community.settings.nudges.quietFrom);
      const to =
        (await prefs(ctx).pending(member, 'quietTo')) ??
        formatClockTime(member.quietTo ?? community.settings.nudges.quietTo);
      return textModal(ctx, actionId('profile', 'quiet'), ctx.t('nudges.quietTitle'), [
        { id: 'quietFrom', label: ctx.t('field.quietFrom'), value: from, hint: ctx.t('nudges.timeHint') },
        { id: 'quietTo', label: ctx.t('field.quietTo'), value: to, hint: ctx.t('nudges.timeHint') },
      ]);
    },
  },
  'snooze-open': {
    opensForm: true,
    run: async (ctx) =>
      textModal(ctx, actionId('profile', 'snooze-until'), ctx.t('nudges.snoozeTitle'), [
        {
          id: 'snoozeUntil',
          label: ctx.t('field.snoozeUntil'),
          value: await prefs(ctx).pending(ctx.member, 'snoozeUntil'),
          hint: ctx.t('nudges.dateHint'),
        },
      ]),
  },
  'opt-out': { run: (ctx, { values }) => saved(ctx, () => prefs(ctx).setOptOut(ctx.member, values)) },
  snooze: {
    args: 1,
    async run(ctx, { args: [period] }) {
      if (!isSnoozePeriod(period)) throw new UserError('error.expired');
      return saved(ctx, () => prefs(ctx).snoozeFor(ctx.member, period));
    },
  },
  unsnooze: { run: (ctx) => saved(ctx, () => prefs(ctx).resume(ctx.member)) },
  /** On every nudge DM (scoped: a DM does not say which community it comes from). */
  stop: {
    args: 1,
    async run(ctx, { args: [kind] }) {
      if (!kind || !isNudgeKind(kind)) throw new UserError('error.expired');
      await prefs(ctx).stop(ctx.member, kind);
      return stoppedReply(ctx, kind);
    },
  },
  'resume-kind': {
    args: 1,
    async run(ctx, { args: [kind] }) {
      if (!kind || !isNudgeKind(kind)) throw new UserError('error.expired');
      await prefs(ctx).resumeKind(ctx.member, kind);
      return { kind: 'message', ephemeral: true, update: true, text: ctx.t('nudges.kindResumed') };
    },
  },
};

export const nudgeForms: Record<string, Handler<FormInput>> = {
  timezone: {
    run: (ctx, { values }) =>
      saved(ctx, () =>
        prefs(ctx).setTimeZone(ctx.member, value(values, 'timeZone'), actionId('profile', 'timezone-open')),
      ),
  },
  quiet: {
    run: (ctx, { values }) =>
      saved(ctx, () =>
        prefs(ctx).setQuietHours(
          ctx.member,
          { from: value(values, 'quietFrom'), to: value(values, 'quietTo') },
          actionId('profile', 'quiet-open'),
        ),
      ),
  },
  'snooze-until': {
    run: (ctx, { values }) =>
      saved(ctx, () =>
        prefs(ctx).snoozeUntil(ctx.member, value(values, 'snoozeUntil'), actionId('profile', 'snooze-open')),
      ),
  },
};
