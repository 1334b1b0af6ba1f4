import { actionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, FormInput, Handler } from '../commands.ts';
import { FieldErrors, UserError } from '../errors.ts';
import { addDays, localDay } from '../nudges/local-time.ts';
import { formatOccurrence } from '../nudges/schedule.ts';
import { mention } from '../reply-parts.ts';
import {
  memberText,
  withButtons,
  withoutMarkers,
  type Answer,
  type Block,
  type Element,
  type Reply,
} from '../reply-model.ts';
import { text as textOf } from '../../i18n/index.ts';
import { formatDay } from './publication-messages.ts';
import { queueShown, type QueueEntry } from './publication.ts';
import { parseDay } from './publication-rules.ts';

/** The start of her caption, for a line of the panel (member text) or a menu label (plain). */
const captionStart = (caption: string, max: number) => {
  const line = caption.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

const queueAction = (action: string, ...args: (string | number)[]) => actionId('share', `queue-${action}`, ...args);

function entryLine(ctx: CommandContext, entry: QueueEntry): string {
  const { submission, author } = entry;
  return `${entry.position}. **${ctx.t(`posts.category.${submission.category}`)}** — ${memberText(captionStart(submission.caption, 60))} — ${mention(author.externalUserId)}`;
}

/**
 * The moderators' publication queue: the next approved posts in order, when the next
 * publication runs, the days skipped; pick a post to move it up, to the top, or publish it
 * now; skip a day or undo it. Every action updates the panel in place.
 */
export async function queuePanel(
  ctx: CommandContext,
  options: { selected?: string; notice?: string; update?: boolean } = {},
): Promise<Answer> {
  const { community } = ctx;
  const view = await ctx.services.publication.queue(community);
  const { perDay } = community.settings.posts;
  const selected = view.entries.find((e) => e.submission.id === options.selected);
  const lines = [
    `**${ctx.t('publish.queue.title')}**`,
    ctx.t('publish.queue.count', { count: view.length }),
    view.next
      ? ctx.t('publish.queue.next', {
          when: formatOccurrence(ctx.locale, community.timeZone, view.next),
          count: perDay,
        })
      : ctx.t('publish.queue.noNext'),
    ...(community.settings.channels.showcase ? [] : [ctx.t('publish.queue.noShowcase')]),
    ...(view.skips.length > 0
      ? [ctx.t('publish.queue.skipped', { days: view.skips.map((day) => formatDay(ctx.locale, day)).join(', ') })]
      : []),
    '',
    ...view.entries.slice(0, queueShown).map((entry) => entryLine(ctx, entry)),
    ...(view.length > queueShown ? [ctx.t('publish.queue.more', { count: view.length - queueShown })] : []),
    ...(selected ? ['', ctx.t('publish.queue.selected', { position: selected.position })] : []),
  ];
  const text = `${options.notice ? `${options.notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  if (view.entries.length > 0) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: queueAction('pick'),
          placeholder: ctx.t('publish.queue.pick'),
          // Labels are plain text on both platforms: her caption shows as typed, inert.
          options: view.entries.map((e) => ({
            value: e.submission.id,
            label:
              `${e.position}. ${ctx.t(`posts.category.${e.submission.category}`)} — ${withoutMarkers(captionStart(e.submission.caption, 50))}`.slice(
                0,
                100,
              ),
          })),
          ...(selected ? { selected: [selected.submission.id] } : {}),
        },
      ],
    });
  }
  if (selected) {
    const id = selected.submission.id;
    blocks.push({
      type: 'actions',
      elements: [
        { type: 'button', action: queueAction('up', id), label: ctx.t('publish.queue.up') },
        { type: 'button', action: queueAction('top', id), label: ctx.t('publish.queue.top') },
        {
          type: 'button',
          action: queueAction('publish', id),
          label: ctx.t('publish.queue.publishNow'),
          style: 'primary',
        },
      ],
    });
  }
  const tomorrow = addDays(localDay(ctx.services.clock.now(), community.timeZone), 1);
  const skipRow: Element[] = [
    ...(view.skips.includes(tomorrow)
      ? []
      : [
          {
            type: 'button' as const,
            action: queueAction('skip', tomorrow),
            label: ctx.t('publish.queue.skipTomorrow'),
          },
        ]),
    { type: 'button', action: queueAction('skip-open'), label: ctx.t('publish.queue.skipDate') },
    { type: 'button', action: queueAction('show'), label: ctx.t('publish.queue.refresh') },
  ];
  blocks.push({ type: 'actions', elements: skipRow });
  if (view.skips.length > 0) {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'select',
          action: queueAction('unskip'),
          placeholder: ctx.t('publish.queue.unskip'),
          options: view.skips.slice(0, 25).map((day) => ({ value: day, label: formatDay(ctx.locale, day) })),
        },
      ],
    });
  }
  return { kind: 'message', ephemeral: true, ...(options.update === false ? {} : { update: true }), text, blocks };
}

function skipForm(ctx: CommandContext, typed?: string): Reply {
  return {
    kind: 'modal',
    modal: {
      action: queueAction('skip-date'),
      title: ctx.t('publish.queue.skipTitle'),
      submitLabel: ctx.t('publish.queue.skipSubmit'),
      fields: [
        {
          type: 'text',
          id: 'skipDay',
          label: ctx.t('publish.queue.skipField'),
          style: 'short',
          required: true,
          maxLength: 10,
          hint: ctx.t('publish.queue.skipHint'),
          ...(typed ? { value: typed } : {}),
        },
      ],
    },
  };
}

const moderator = 'moderator' as const;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

async function skipped(ctx: CommandContext, day: string): Promise<Answer> {
  await ctx.services.publication.skip(ctx.community, ctx.member, day);
  const notice = ctx.t('publish.queue.skipDone', { day: formatDay(ctx.locale, day) });
  return queuePanel(ctx, { notice });
}

/** Spread into `share`'s actions by its owner: every one is for moderators, checked by the dispatcher. */
export const queueActions: Record<string, Handler<ActionInput>> = {
  /** From a moderation card or the admin panel: a new private panel, the card stays as it is. */
  'queue-open': { access: moderator, run: (ctx) => queuePanel(ctx, { update: false }) },
  'queue-show': { access: moderator, run: (ctx) => queuePanel(ctx) },
  'queue-pick': { access: moderator, run: (ctx, { values: [id] }) => queuePanel(ctx, id ? { selected: id } : {}) },
  'queue-up': {
    args: 1,
    access: moderator,
    async run(ctx, { args: [id] }) {
      if (!id) throw new UserError('error.expired');
      await ctx.services.publication.move(ctx.community, ctx.member, id, 'up');
      return queuePanel(ctx, { selected: id, notice: ctx.t('publish.queue.moved') });
    },
  },
  'queue-top': {
    args: 1,
    access: moderator,
    async run(ctx, { args: [id] }) {
      if (!id) throw new UserError('error.expired');
      await ctx.services.publication.move(ctx.community, ctx.member, id, 'top');
      return queuePanel(ctx, { selected: id, notice: ctx.t('publish.queue.moved') });
    },
  },
  /** A confirmation first: a post published cannot be taken back. */
  'queue-publish': {
    args: 1,
    access: moderator,
    async run(ctx, { args: [id] }) {
      if (!id) throw new UserError('error.expired');
      const showcase = ctx.community.settings.channels.showcase;
      if (!showcase) throw new UserError('publish.error.noShowcase');
      const text = ctx.t('publish.queue.confirm', { channel: `<#${showcase}>` });
      return {
        kind: 'message',
        ephemeral: true,
        update: true,
        ...withButtons(text, [
          {
            type: 'button',
            action: queueAction('publish-yes', id),
            label: ctx.t('publish.queue.confirmYes'),
            style: 'primary',
          },
          { type: 'button', action: queueAction('pick-again', id), label: ctx.t('publish.queue.cancel') },
        ]),
      };
    },
  },
  'queue-pick-again': {
    args: 1,
    access: moderator,
    run: (ctx, { args: [id] }) => queuePanel(ctx, id ? { selected: id } : {}),
  },
  'queue-publish-yes': {
    args: 1,
    access: moderator,
    async run(ctx, { args: [id] }) {
      if (!id) throw new UserError('error.expired');
      await ctx.services.publication.publishNow(ctx.community, ctx.member, id);
      return queuePanel(ctx, { notice: ctx.t('publish.queue.published') });
    },
  },
  'queue-skip': {
    args: 1,
    access: moderator,
    async run(ctx, { args: [day] }) {
      if (!day || !parseDay(day, day)) throw new UserError('error.expired');
      return skipped(ctx, day);
    },
  },
  'queue-skip-open': {
    args: 1,
    minArgs: 0,
    access: moderator,
    opensForm: true,
    run: async (ctx, { args: [typed] }) => skipForm(ctx, typed),
  },
  /** Undo a skip: the day from the menu of skipped days. */
  'queue-unskip': {
    access: moderator,
    async run(ctx, { values: [day] }) {
      if (!day || !parseDay(day, day)) throw new UserError('error.expired');
      await ctx.services.publication.unskip(ctx.community, ctx.member, day);
      return queuePanel(ctx, { notice: ctx.t('publish.queue.unskipDone', { day: formatDay(ctx.locale, day) }) });
    },
  },
};

export const queueForms: Record<string, Handler<FormInput>> = {
  'queue-skip-date': {
    access: moderator,
    async run(ctx, { values }) {
      const typed = String(one(values.skipDay) ?? '').trim();
      const today = localDay(ctx.services.clock.now(), ctx.community.timeZone);
      const day = parseDay(typed, today);
      // Discord closes the form: the retry button reopens it with what she typed.
      const retry = queueAction('skip-open', typed.replace(/[^\d/.-]/g, '').slice(0, 10));
      if (!day) throw new FieldErrors({ skipDay: textOf('publish.error.badDay') }, retry, 'typed');
      if (day < today) throw new FieldErrors({ skipDay: textOf('publish.error.pastDay') }, retry, 'typed');
      return skipped(ctx, day);
    },
  },
};
