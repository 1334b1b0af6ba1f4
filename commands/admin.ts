import { z } from 'zod';
import { actionId } from '../src/core/action-ids.ts';
import { defineCommand, type CommandContext } from '../src/core/commands.ts';
import type { Community } from '../src/core/community.ts';
import { reopeningWith, UserError } from '../src/core/errors.ts';
import { channelSettings, type ChannelSetting, type SettingsChange } from '../src/core/settings-service.ts';
import { memberText, type Answer, type Block, type Modal } from '../src/core/reply-model.ts';
import { locales, type Locale } from '../src/i18n/index.ts';
import { nudgeAdminActions, nudgeAdminForms } from '../src/core/nudges/admin-panel.ts';
import { postsAdminActions, postsAdminForms } from '../src/core/posts/publication-admin.ts';
import { circleAdminActions } from '../src/core/circles/admin-panel.ts';
import { eventAdminActions, eventAdminForms } from '../src/core/events/admin-panel.ts';
import { regionAdminActions, regionAdminForms } from '../src/core/regions/admin-panel.ts';
import { auditAdminActions } from '../src/core/privacy/audit-panel.ts';

const isChannelSetting = (value: string | undefined): value is ChannelSetting =>
  (channelSettings as readonly string[]).includes(value ?? '');
const isLocale = (value: string | undefined): value is Locale => (locales as readonly string[]).includes(value ?? '');

function describe(ctx: CommandContext, community: Community): string {
  const { settings } = community;
  const none = ctx.t('admin.unset');
  const channel = (key: ChannelSetting) => (settings.channels[key] ? `<#${settings.channels[key]}>` : none);
  const moderators = [
    ...settings.moderatorRoles.map((id) => `<@&${id}>`),
    ...settings.moderatorUsers.map((id) => `<@${id}>`),
  ];
  return [
    `**${ctx.t('admin.title')}**`,
    ...channelSettings.map((key) => `- ${ctx.t(`admin.channel.${key}`)} : ${channel(key)}`),
    `- ${ctx.t('admin.moderators')} : ${moderators.length > 0 ? moderators.join(', ') : none}`,
    ...(settings.adminUsers.length > 0
      ? [`- ${ctx.t('admin.admins')} : ${settings.adminUsers.map((id) => `<@${id}>`).join(', ')}`]
      : []),
    `- ${ctx.t('admin.locale')} : ${ctx.t(`admin.localeName.${community.locale}`)}`,
    // Typed by an admin (checked against the IANA names, still her text).
    `- ${ctx.t('admin.timeZone')} : ${memberText(community.timeZone)}`,
  ].join('\n');
}

async function panel(
  ctx: CommandContext,
  community: Community,
  page: 'channels' | 'more',
  update: boolean,
  notice?: string,
): Promise<Answer> {
  const failed = (await ctx.services.store.outbox.counts(community.id)).failed;
  const text = `${notice ? `${notice}\n\n` : ''}${describe(ctx, community)}${failed > 0 ? `\n\n${ctx.t('admin.failedMessages', { count: failed })}` : ''}`;
  const retry = [
    { type: 'button' as const, action: actionId('admin', 'nudges'), label: ctx.t('admin.nudgesButton') },
    { type: 'button' as const, action: actionId('admin', 'cohort'), label: ctx.t('admin.cohort') },
    { type: 'button' as const, action: actionId('admin', 'posts'), label: ctx.t('admin.posts.button') },
    ...(failed > 0
      ? [{ type: 'button' as const, action: actionId('admin', 'retry-failed'), label: ctx.t('admin.retryFailed') }]
      : []),
  ];
  // Circles, events and regions: on Discord's first page the five rows are taken (four channel menus and the buttons).
  const together = [
    { type: 'button' as const, action: actionId('admin', 'circles'), label: ctx.t('admin.circles.button') },
    { type: 'button' as const, action: actionId('admin', 'events'), label: ctx.t('admin.events.button') },
    { type: 'button' as const, action: actionId('admin', 'regions'), label: ctx.t('admin.regions.button') },
    { type: 'button' as const, action: actionId('admin', 'audit'), label: ctx.t('admin.audit.button') },
  ];
  const blocks: Block[] = [{ type: 'text', text }];
  if (ctx.richForms) {
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action: actionId('admin', 'open-form'), label: ctx.t('admin.edit'), style: 'primary' },
        ...retry,
        ...together,
      ],
    });
  } else if (page === 'channels') {
    for (const key of channelSettings) {
      const current = community.settings.channels[key];
      blocks.push({
        type: 'actions',
        elements: [
          {
            type: 'channel-select',
            action: actionId('admin', 'channel', key),
            placeholder: ctx.t(`admin.channel.${key}`),
            ...(current ? { selected: [current] } : {}),
          },
        ],
      });
    }
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action: actionId('admin', 'page', 'more'), label: ctx.t('admin.morePage') },
        ...retry,
      ],
    });
  } else {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'role-select',
          action: actionId('admin', 'moderator-roles'),
          placeholder: ctx.t('admin.moderators'),
          max: 10,
          selected: community.settings.moderatorRoles,
        },
      ],
    });
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: actionId('admin', 'locale'),
          placeholder: ctx.t('admin.locale'),
          options: locales.map((l) => ({ value: l, label: ctx.t(`admin.localeName.${l}`) })),
          selected: [community.locale],
        },
      ],
    });
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action: actionId('admin', 'timezone-open'), label: ctx.t('admin.timeZoneButton') },
        { type: 'button', action: actionId('admin', 'page', 'channels'), label: ctx.t('admin.channelsPage') },
        ...retry,
        ...together,
      ],
    });
  }
  return { kind: 'message', ephemeral: true, ...(update ? { update } : {}), text, blocks };
}

async function change(ctx: CommandContext, settingsChange: SettingsChange, page: 'channels' | 'more'): Promise<Answer> {
  const updated = await ctx.services.settings.update(ctx.community, ctx.member, settingsChange);
  return panel(ctx, updated, page, true, ctx.t('admin.saved'));
}

function settingsForm(ctx: CommandContext): Modal {
  const { settings } = ctx.community;
  return {
    action: actionId('admin', 'all'),
    title: ctx.t('admin.title'),
    submitLabel: ctx.t('join.save'),
    fields: [
      ...channelSettings.map((key) => ({
        type: 'entity-select' as const,
        entity: 'channel' as const,
        id: key,
        label: ctx.t(`admin.channel.${key}`),
        max: 1,
        required: false,
        ...(settings.channels[key] ? { selected: [settings.channels[key] as string] } : {}),
      })),
      {
        type: 'entity-select',
        entity: 'user',
        id: 'moderatorUsers',
        label: ctx.t('admin.moderators'),
        max: 20,
        required: false,
        selected: settings.moderatorUsers,
      },
      {
        type: 'entity-select',
        entity: 'user',
        id: 'adminUsers',
        label: ctx.t('admin.admins'),
        max: 20,
        required: false,
        selected: settings.adminUsers,
      },
      {
        type: 'select',
        id: 'locale',
        label: ctx.t('admin.locale'),
        options: locales.map((l) => ({ value: l, label: ctx.t(`admin.localeName.${l}`) })),
        min: 1,
        max: 1,
        required: true,
        selected: [ctx.community.locale],
      },
      {
        type: 'text',
        id: 'timeZone',
        label: ctx.t('admin.timeZone'),
        style: 'short',
        required: true,
        value: ctx.community.timeZone,
        maxLength: 64,
        hint: ctx.t('admin.timeZoneHint'),
      },
    ],
  };
}

const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : []);

export default defineCommand({
  name: { en: 'admin', fr: 'admin' },
  description: 'command.admin.description',
  access: 'admin',
  options: z.object({}),
  run: (ctx) => panel(ctx, ctx.community, 'channels', false),

  actions: {
    /** Reminders: nudges on or off and their timing, pairs needing attention, community reminders. */
    ...nudgeAdminActions,
    /** Daily posts: hour, posts a day, image size, moderator's name; the queue and the export. */
    ...postsAdminActions,
    /** Circles: who waits, the circles, and "form circles now". */
    ...circleAdminActions,
    /** Events: create, register people, tag mentors, make the groups, swap, publish. */
    ...eventAdminActions,
    /** Regions and their delegates, and each region's monthly meeting reminder. */
    ...regionAdminActions,
    /** The audit log (last entries, CSV export) and the retention period of members who left. */
    ...auditAdminActions,
    page: {
      args: 1,
      run: (ctx, { args: [page] }) => panel(ctx, ctx.community, page === 'more' ? 'more' : 'channels', true),
    },
    channel: {
      args: 1,
      async run(ctx, { args: [key], values: [channelId] }) {
        if (!isChannelSetting(key)) throw new UserError('error.expired');
        return change(ctx, { channels: { [key]: channelId ?? null } }, 'channels');
      },
    },
    'moderator-roles': { run: (ctx, { values }) => change(ctx, { moderatorRoles: values }, 'more') },
    locale: {
      async run(ctx, { values: [locale] }) {
        if (!isLocale(locale)) throw new UserError('error.expired');
        return change(ctx, { locale }, 'more');
      },
    },
    'timezone-open': {
      opensForm: true,
      run: async (ctx) => ({
        kind: 'modal',
        modal: {
          action: actionId('admin', 'timezone'),
          title: ctx.t('admin.timeZone'),
          submitLabel: ctx.t('join.save'),
          fields: [
            {
              type: 'text',
              id: 'timeZone',
              label: ctx.t('admin.timeZone'),
              style: 'short',
              required: true,
              value: ctx.community.timeZone,
              maxLength: 64,
              hint: ctx.t('admin.timeZoneHint'),
            },
          ],
        },
      }),
    },
    'open-form': { opensForm: true, run: async (ctx) => ({ kind: 'modal', modal: settingsForm(ctx) }) },
    /** A cohort round: featured suggestions for every waiting mentee, sent by DM. */
    cohort: {
      async run(ctx) {
        const round = await ctx.services.matching.cohortRound(ctx.community, ctx.member);
        return panel(
          ctx,
          ctx.community,
          ctx.richForms ? 'channels' : 'more',
          true,
          ctx.t('admin.cohortDone', { mentees: round.mentees, featured: round.featured, mentors: round.mentors }),
        );
      },
    },
    'retry-failed': {
      async run(ctx) {
        const count = await ctx.services.store.outbox.requeueFailed(ctx.community.id, ctx.services.clock.now());
        return panel(ctx, ctx.community, ctx.richForms ? 'channels' : 'more', true, ctx.t('admin.retried', { count }));
      },
    },
  },

  forms: {
    ...nudgeAdminForms,
    ...postsAdminForms,
    ...eventAdminForms,
    ...regionAdminForms,
    timezone: {
      async run(ctx, { values }) {
        return change(ctx, { timeZone: String(values.timeZone ?? '').trim() }, 'more').catch(
          reopeningWith(actionId('admin', 'timezone-open')),
        );
      },
    },
    all: {
      async run(ctx, { values }) {
        const locale = list(values.locale)[0];
        const updated = await ctx.services.settings.update(ctx.community, ctx.member, {
          channels: Object.fromEntries(channelSettings.map((key) => [key, list(values[key])[0] ?? null])),
          moderatorUsers: list(values.moderatorUsers),
          adminUsers: list(values.adminUsers),
          ...(isLocale(locale) ? { locale } : {}),
          timeZone: String(values.timeZone ?? '').trim(),
        });
        return panel(ctx, updated, 'channels', false, ctx.t('admin.saved'));
      },
    },
  },
});
