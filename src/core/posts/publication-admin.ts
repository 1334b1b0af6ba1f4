import { actionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, FormInput, Handler } from '../commands.ts';
import type { Community } from '../community.ts';
import { UserError } from '../errors.ts';
import type { Answer, Block, Modal, SelectOption } from '../reply-model.ts';
import type { PostsSettings } from '../settings-service.ts';
import { createPostsExport } from './export.ts';

const hours = Array.from({ length: 24 }, (_, hour) => hour);
const perDayChoices = [1, 2, 3, 4, 5];
const sizeChoices = [1, 2, 4, 5, 8, 10, 16, 20, 25];

/** The choices of a menu, always with the current value among them (even one set before these choices). */
const numbers = (values: number[], current: number, label: (n: number) => string): SelectOption[] =>
  [...new Set([...values, current])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: label(n) }));

/** The admin's "Daily posts" page: hour, posts a day, image size, moderator's name shown; the queue and the export. */
export function postsSettingsPanel(ctx: CommandContext, community: Community, notice?: string): Answer {
  const posts = community.settings.posts;
  const lines = [
    `**${ctx.t('admin.posts.title')}**`,
    `- ${ctx.t('admin.posts.hour', { hour: posts.hour })}`,
    `- ${ctx.t('admin.posts.perDay', { count: posts.perDay })}`,
    `- ${ctx.t('admin.posts.maxImageMb', { count: posts.maxImageMb })}`,
    `- ${ctx.t(posts.showModeratorName ? 'admin.posts.showName.yes' : 'admin.posts.showName.no')}`,
    `- ${ctx.t('admin.channel.showcase')} : ${community.settings.channels.showcase ? `<#${community.settings.channels.showcase}>` : ctx.t('admin.unset')}`,
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  const showName = [
    { value: 'yes', label: ctx.t('admin.posts.showName.yes') },
    { value: 'no', label: ctx.t('admin.posts.showName.no') },
  ];
  if (!ctx.richForms) {
    // Discord: one menu per setting, saved as soon as it is picked (five rows at most).
    const select = (action: string, placeholder: string, options: SelectOption[], selected: string): Block => ({
      type: 'actions',
      elements: [{ type: 'select', action: actionId('admin', action), placeholder, options, selected: [selected] }],
    });
    blocks.push(
      select(
        'posts-hour',
        ctx.t('admin.posts.hourPlaceholder'),
        numbers(hours, posts.hour, (hour) => ctx.t('admin.nudges.hourOption', { hour })),
        String(posts.hour),
      ),
      select(
        'posts-per-day',
        ctx.t('admin.posts.perDayPlaceholder'),
        numbers(perDayChoices, posts.perDay, (count) => ctx.t('admin.posts.perDay', { count })),
        String(posts.perDay),
      ),
      select(
        'posts-max-mb',
        ctx.t('admin.posts.maxImagePlaceholder'),
        numbers(sizeChoices, posts.maxImageMb, (count) => ctx.t('admin.posts.maxImageMb', { count })),
        String(posts.maxImageMb),
      ),
      select(
        'posts-show-name',
        ctx.t('admin.posts.showNamePlaceholder'),
        showName,
        posts.showModeratorName ? 'yes' : 'no',
      ),
    );
  }
  blocks.push({
    type: 'actions',
    elements: [
      ...(ctx.richForms
        ? [
            {
              type: 'button' as const,
              action: actionId('admin', 'posts-form'),
              label: ctx.t('admin.edit'),
              style: 'primary' as const,
            },
          ]
        : []),
      { type: 'button', action: actionId('share', 'queue-open'), label: ctx.t('admin.posts.queue') },
      { type: 'button', action: actionId('admin', 'posts-export'), label: ctx.t('admin.posts.export') },
      { type: 'button', action: actionId('admin', 'page', 'channels'), label: ctx.t('admin.back') },
    ],
  });
  return { kind: 'message', ephemeral: true, update: true, text, blocks };
}

/** Slack: every setting in one form. */
function postsForm(ctx: CommandContext): Modal {
  const posts = ctx.community.settings.posts;
  const select = (id: string, label: string, options: SelectOption[], selected: string) => ({
    type: 'select' as const,
    id,
    label,
    options,
    min: 1,
    max: 1,
    required: true,
    selected: [selected],
  });
  return {
    action: actionId('admin', 'posts-save'),
    title: ctx.t('admin.posts.title'),
    submitLabel: ctx.t('join.save'),
    fields: [
      select(
        'postsHour',
        ctx.t('admin.posts.hourPlaceholder'),
        numbers(hours, posts.hour, (hour) => ctx.t('admin.nudges.hourOption', { hour })),
        String(posts.hour),
      ),
      select(
        'postsPerDay',
        ctx.t('admin.posts.perDayPlaceholder'),
        numbers(perDayChoices, posts.perDay, (count) => ctx.t('admin.posts.perDay', { count })),
        String(posts.perDay),
      ),
      select(
        'postsMaxImageMb',
        ctx.t('admin.posts.maxImagePlaceholder'),
        numbers(sizeChoices, posts.maxImageMb, (count) => ctx.t('admin.posts.maxImageMb', { count })),
        String(posts.maxImageMb),
      ),
      select(
        'postsShowName',
        ctx.t('admin.posts.showNamePlaceholder'),
        [
          { value: 'yes', label: ctx.t('admin.posts.showName.yes') },
          { value: 'no', label: ctx.t('admin.posts.showName.no') },
        ],
        posts.showModeratorName ? 'yes' : 'no',
      ),
    ],
  };
}

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
/** A number from a menu; anything else is a forged or stale payload. */
const number = (value: string | undefined) => {
  if (!value || !/^\d+$/.test(value)) throw new UserError('error.expired');
  return Number(value);
};
const yesNo = (value: string | undefined) => {
  if (value !== 'yes' && value !== 'no') throw new UserError('error.expired');
  return value === 'yes';
};

async function save(ctx: CommandContext, change: Partial<PostsSettings>): Promise<Answer> {
  const updated = await ctx.services.settings.update(ctx.community, ctx.member, { posts: change });
  return postsSettingsPanel(ctx, updated, ctx.t('admin.saved'));
}

/** Spread into the admin command: admin-only, checked by the dispatcher. */
export const postsAdminActions: Record<string, Handler<ActionInput>> = {
  posts: { run: async (ctx) => postsSettingsPanel(ctx, ctx.community) },
  'posts-hour': { run: (ctx, { values: [v] }) => save(ctx, { hour: number(v) }) },
  'posts-per-day': { run: (ctx, { values: [v] }) => save(ctx, { perDay: number(v) }) },
  'posts-max-mb': { run: (ctx, { values: [v] }) => save(ctx, { maxImageMb: number(v) }) },
  'posts-show-name': { run: (ctx, { values: [v] }) => save(ctx, { showModeratorName: yesNo(v) }) },
  'posts-form': { opensForm: true, run: async (ctx) => ({ kind: 'modal', modal: postsForm(ctx) }) },
  /** The zip goes by DM (through the outbox): it may take a moment and must not be lost. */
  'posts-export': {
    async run(ctx) {
      const { posts } = await createPostsExport({ store: ctx.services.store, clock: ctx.services.clock }).run(
        ctx.community,
        ctx.member,
      );
      return postsSettingsPanel(ctx, ctx.community, ctx.t('admin.posts.export.sent', { count: posts }));
    },
  },
};

export const postsAdminForms: Record<string, Handler<FormInput>> = {
  'posts-save': {
    run: (ctx, { values }) =>
      save(ctx, {
        hour: number(one(values.postsHour)),
        perDay: number(one(values.postsPerDay)),
        maxImageMb: number(one(values.postsMaxImageMb)),
        showModeratorName: yesNo(one(values.postsShowName)),
      }),
  },
};
