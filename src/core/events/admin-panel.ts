import { actionId } from '../action-ids.ts';
import type { ActionInput, CommandContext, FormInput, Handler } from '../commands.ts';
import { UserError } from '../errors.ts';
import { mention } from '../reply-parts.ts';
import { memberText, say, type Answer, type Block, type Element, type Reply } from '../reply-model.ts';
import { eventNameMax, proposedGroups, type EventDetails } from './event-service.ts';
import type { Grouping } from './grouping.ts';
import { eventDate, parseMentions } from './messages.ts';

/** Groups listed in a panel: past it, "and N more" (a message holds 2,000 characters on Discord). */
const groupsShown = 12;
const peopleShown = 40;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The admin's "Events" page: the events to come and the latest past ones, and "new event". */
export async function eventsPanel(ctx: CommandContext, notice?: string): Promise<Answer> {
  const events = await ctx.services.events.list(ctx.community);
  const date = (e: (typeof events)[number]) => eventDate(ctx.locale, ctx.community.timeZone, e);
  const lines = [
    `**${ctx.t('admin.events.title')}**`,
    ...(events.length === 0
      ? [ctx.t('admin.events.none')]
      : events.map(
          (e) =>
            `- ${memberText(e.name)} — ${date(e)}${e.status === 'published' ? ` (${ctx.t('admin.events.published')})` : ''}`,
        )),
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  if (events.length > 0) {
    blocks.push({
      type: 'actions',
      // Labels are plain text on both platforms: nothing in them is rendered.
      elements: [
        {
          type: 'select',
          action: actionId('admin', 'event-pick'),
          placeholder: ctx.t('admin.events.pick'),
          options: events.slice(0, 25).map((e) => ({ value: e.id, label: `${e.name} — ${date(e)}`.slice(0, 100) })),
        },
      ],
    });
  }
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action: actionId('admin', 'event-new-open'),
        label: ctx.t('admin.events.new'),
        style: 'primary',
      },
      { type: 'button', action: actionId('admin', 'page', 'more'), label: ctx.t('admin.back') },
    ],
  });
  return say(text, blocks, { update: true });
}

const list = (ids: readonly string[]) =>
  ids.length > peopleShown ? `${ids.slice(0, peopleShown).map(mention).join(', ')}, …` : ids.map(mention).join(', ');

/** One event: who registered, its mentors, and what an admin can do next. */
export async function eventPanel(ctx: CommandContext, eventId: string, notice?: string): Promise<Answer> {
  const details = await ctx.services.events.details(ctx.community, eventId);
  const { event, participants, members } = details;
  const userIds = (mentors: boolean) =>
    participants.filter((p) => p.mentor === mentors).flatMap((p) => members.get(p.memberId)?.externalUserId ?? []);
  const [people, mentors] = [userIds(false), userIds(true)];
  const grouped = participants.some((p) => p.groupNumber !== null);
  const lines = [
    `**${memberText(event.name)}** — ${eventDate(ctx.locale, ctx.community.timeZone, event)}`,
    `- ${ctx.t('admin.event.participants', { count: people.length })}${people.length > 0 ? ` : ${list(people)}` : ''}`,
    `- ${ctx.t('admin.event.mentors', { count: mentors.length })}${mentors.length > 0 ? ` : ${list(mentors)}` : ''}`,
    `- ${ctx.t(event.status === 'published' ? 'admin.event.statusPublished' : event.announcedAt ? 'admin.event.statusAnnounced' : 'admin.event.statusOpen')}`,
  ];
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  const buttons: Element[] = [];
  if (event.status === 'open') {
    blocks.push(
      {
        type: 'actions',
        elements: [
          {
            type: 'user-select',
            action: actionId('admin', 'event-add', event.id, 'participant'),
            placeholder: ctx.t('admin.event.addParticipants'),
            max: 25,
          },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'user-select',
            action: actionId('admin', 'event-add', event.id, 'mentor'),
            placeholder: ctx.t('admin.event.addMentors'),
            max: 25,
          },
        ],
      },
    );
    buttons.push(
      {
        type: 'button',
        action: actionId('admin', 'event-group', event.id),
        label: ctx.t('admin.event.makeGroups'),
        style: 'primary',
      },
      ...(grouped
        ? [
            {
              type: 'button' as const,
              action: actionId('admin', 'event-groups', event.id),
              label: ctx.t('admin.event.seeGroups'),
            },
          ]
        : []),
      { type: 'button', action: actionId('admin', 'event-announce', event.id), label: ctx.t('admin.event.announce') },
      { type: 'button', action: actionId('admin', 'event-paste-open', event.id), label: ctx.t('admin.event.paste') },
    );
  } else {
    buttons.push({
      type: 'button',
      action: actionId('admin', 'event-groups', event.id),
      label: ctx.t('admin.event.seeGroups'),
    });
  }
  buttons.push({ type: 'button', action: actionId('admin', 'events'), label: ctx.t('admin.back') });
  blocks.push({ type: 'actions', elements: buttons });
  return say(text, blocks, { update: true });
}

/** The groups of the proposal (or, once published, of the event), with swap and publish. */
export function proposalPanel(ctx: CommandContext, details: EventDetails, notice?: string): Answer {
  const { event, participants, members } = details;
  const user = (id: string) => mention(members.get(id)?.externalUserId ?? '');
  const { groups, ungrouped } = proposedGroups(participants);
  const lines = [
    `**${ctx.t(event.status === 'published' ? 'admin.groups.titlePublished' : 'admin.groups.title', { name: memberText(event.name) })}**`,
  ];
  for (const group of groups.slice(0, groupsShown)) {
    const mentor = group.mentors.map(user).join(', ') || ctx.t('admin.groups.noMentor');
    lines.push(
      `- ${ctx.t('admin.groups.line', { number: group.number, mentor, participants: group.participants.map(user).join(', ') })}`,
    );
  }
  if (groups.length > groupsShown)
    lines.push(`- ${ctx.t('admin.groups.more', { count: groups.length - groupsShown })}`);
  const spare = ungrouped.filter((p) => p.mentor).map((p) => user(p.memberId));
  const waiting = ungrouped.filter((p) => !p.mentor).map((p) => user(p.memberId));
  if (spare.length > 0) lines.push(ctx.t('admin.groups.spare', { mentors: spare.join(', ') }));
  if (waiting.length > 0) lines.push(ctx.t('admin.groups.ungrouped', { people: waiting.join(', ') }));
  const text = `${notice ? `${notice}\n\n` : ''}${lines.join('\n')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  if (event.status === 'open') {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'user-select',
          action: actionId('admin', 'event-swap', event.id),
          placeholder: ctx.t('admin.groups.swap'),
          max: 2,
        },
      ],
    });
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action: actionId('admin', 'event-publish', event.id),
          label: ctx.t('admin.groups.publish'),
          style: 'success',
        },
        { type: 'button', action: actionId('admin', 'event-group', event.id), label: ctx.t('admin.groups.again') },
        { type: 'button', action: actionId('admin', 'event-open', event.id), label: ctx.t('admin.back') },
      ],
    });
  } else {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action: actionId('admin', 'event-open', event.id), label: ctx.t('admin.back') }],
    });
  }
  return say(text, blocks, { update: true });
}

/** Why no groups were made, in words an admin can act on. */
function groupingProblem(ctx: CommandContext, grouping: Exclude<Grouping, { kind: 'groups' }>): string {
  switch (grouping.kind) {
    case 'missing-mentors':
      return grouping.language
        ? ctx.t('admin.groups.missingMentorsLanguage', {
            count: grouping.missing,
            language: ctx.t(`option.languages.${grouping.language}`),
          })
        : ctx.t('admin.groups.missingMentors', { count: grouping.missing });
    case 'too-few-participants':
      return ctx.t('admin.groups.tooFew', { min: grouping.min });
    case 'uneven':
      return ctx.t('admin.groups.uneven', { count: grouping.participants });
    case 'languages':
      return ctx.t('admin.groups.languages', { count: grouping.unplaced.length });
  }
}

function eventForm(ctx: CommandContext, typed: { name?: string; date?: string } = {}): Reply {
  return {
    kind: 'modal',
    modal: {
      action: actionId('admin', 'event-new'),
      title: ctx.t('admin.events.formTitle'),
      submitLabel: ctx.t('join.save'),
      fields: [
        {
          type: 'text',
          id: 'eventName',
          label: ctx.t('field.eventName'),
          style: 'short',
          required: true,
          maxLength: eventNameMax,
          ...(typed.name ? { value: typed.name } : {}),
        },
        {
          type: 'text',
          id: 'eventDate',
          label: ctx.t('field.eventDate'),
          style: 'short',
          required: true,
          maxLength: 40,
          hint: ctx.t('admin.events.dateHint'),
          ...(typed.date ? { value: typed.date } : {}),
        },
      ],
    },
  };
}

const needId = (id: string | undefined): string => {
  if (!id) throw new UserError('error.expired');
  return id;
};

/** Spread into the admin command: admin-only, checked by the dispatcher. */
export const eventAdminActions: Record<string, Handler<ActionInput>> = {
  events: { run: (ctx) => eventsPanel(ctx) },
  'event-new-open': {
    args: 2,
    minArgs: 0,
    opensForm: true,
    run: async (ctx, { args: [name, date] }) =>
      eventForm(ctx, { ...(name ? { name } : {}), ...(date ? { date } : {}) }),
  },
  'event-pick': { run: (ctx, { values: [id] }) => eventPanel(ctx, needId(id)) },
  'event-open': { args: 1, run: (ctx, { args: [id] }) => eventPanel(ctx, needId(id)) },
  'event-add': {
    args: 2,
    async run(ctx, { args: [id, role], values }) {
      if (role !== 'participant' && role !== 'mentor') throw new UserError('error.expired');
      if (values.length === 0) return eventPanel(ctx, needId(id));
      const { added, tagged } = await ctx.services.events.add(ctx.community, ctx.member, needId(id), values, role);
      return eventPanel(
        ctx,
        needId(id),
        role === 'mentor'
          ? ctx.t('admin.event.mentorsTagged', { count: tagged })
          : ctx.t('admin.event.added', { count: added }),
      );
    },
  },
  'event-paste-open': {
    args: 1,
    opensForm: true,
    run: async (ctx, { args: [id] }) => ({
      kind: 'modal',
      modal: {
        action: actionId('admin', 'event-paste', needId(id)),
        title: ctx.t('admin.event.pasteTitle'),
        submitLabel: ctx.t('join.save'),
        fields: [
          {
            type: 'text',
            id: 'participants',
            label: ctx.t('field.participants'),
            style: 'paragraph',
            required: false,
            maxLength: 4000,
            hint: ctx.t('admin.event.pasteHint'),
          },
          {
            type: 'text',
            id: 'mentors',
            label: ctx.t('field.mentors'),
            style: 'paragraph',
            required: false,
            maxLength: 4000,
            hint: ctx.t('admin.event.pasteHint'),
          },
        ],
      },
    }),
  },
  'event-announce': {
    args: 1,
    async run(ctx, { args: [id] }) {
      await ctx.services.events.announce(ctx.community, ctx.member, needId(id));
      return eventPanel(
        ctx,
        needId(id),
        ctx.t('admin.event.announced', { channel: `<#${ctx.community.settings.channels.announcements}>` }),
      );
    },
  },
  'event-group': {
    args: 1,
    async run(ctx, { args: [id] }) {
      const grouping = await ctx.services.events.makeGroups(ctx.community, ctx.member, needId(id));
      if (grouping.kind !== 'groups') return eventPanel(ctx, needId(id), groupingProblem(ctx, grouping));
      return proposalPanel(
        ctx,
        await ctx.services.events.details(ctx.community, needId(id)),
        ctx.t('admin.groups.made', { count: grouping.groups.length }),
      );
    },
  },
  'event-groups': {
    args: 1,
    run: async (ctx, { args: [id] }) =>
      proposalPanel(ctx, await ctx.services.events.details(ctx.community, needId(id))),
  },
  'event-swap': {
    args: 1,
    async run(ctx, { args: [id], values }) {
      await ctx.services.events.swap(ctx.community, ctx.member, needId(id), values);
      return proposalPanel(
        ctx,
        await ctx.services.events.details(ctx.community, needId(id)),
        ctx.t('admin.groups.swapped'),
      );
    },
  },
  'event-publish': {
    args: 1,
    async run(ctx, { args: [id] }) {
      const count = await ctx.services.events.publish(ctx.community, ctx.member, needId(id));
      return eventPanel(ctx, needId(id), ctx.t('admin.groups.published', { count }));
    },
  },
};

export const eventAdminForms: Record<string, Handler<FormInput>> = {
  'event-new': {
    async run(ctx, { values }) {
      const name = String(one(values.eventName) ?? '');
      const date = String(one(values.eventDate) ?? '');
      // Discord closes the form: the retry button carries what she typed, cut to fit its id.
      const retry = actionId(
        'admin',
        'event-new-open',
        name.replace(/:/g, ' ').slice(0, 40),
        date.replace(/:/g, 'h').slice(0, 20),
      );
      const event = await ctx.services.events.create(ctx.community, ctx.member, { name, date }, retry);
      return eventPanel(ctx, event.id, ctx.t('admin.events.created'));
    },
  },
  'event-paste': {
    args: 1,
    async run(ctx, { args: [id], values }) {
      const eventId = needId(id);
      const participants = parseMentions(String(one(values.participants) ?? ''));
      const mentors = parseMentions(String(one(values.mentors) ?? ''));
      const added =
        participants.userIds.length > 0
          ? (await ctx.services.events.add(ctx.community, ctx.member, eventId, participants.userIds, 'participant'))
              .added
          : 0;
      const tagged =
        mentors.userIds.length > 0
          ? (await ctx.services.events.add(ctx.community, ctx.member, eventId, mentors.userIds, 'mentor')).tagged
          : 0;
      const unknown = [...participants.unknown, ...mentors.unknown];
      const notice = [
        ctx.t('admin.event.pasted', { added, tagged }),
        ...(unknown.length > 0
          ? [ctx.t('admin.event.pasteUnknown', { items: memberText(unknown.slice(0, 20).join(' ')) })]
          : []),
      ].join('\n');
      return eventPanel(ctx, eventId, notice);
    },
  },
};
