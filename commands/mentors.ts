import { z } from 'zod';
import { actionId, scopedActionId } from '../src/core/action-ids.ts';
import { defineCommand, type CommandContext } from '../src/core/commands.ts';
import { formLimits, pendingFormText, readFormText } from '../src/core/matching/forms.ts';
import { describeReasons } from '../src/core/matching/messages.ts';
import type { MenteeView } from '../src/core/matching/matching-service.ts';
import { formatAnswer } from '../src/core/onboarding/presenter.ts';
import { memberText, type Answer, type Block, type Element } from '../src/core/reply-model.ts';
import { formatDate, mention } from '../src/core/reply-parts.ts';

/** Her mentor, her offers and requests, and her best suggestions with why they fit. */
async function view(ctx: CommandContext, notice?: string, update = false): Promise<Answer> {
  const { t } = ctx;
  const state: MenteeView = await ctx.services.matching.menteeView(ctx.community, ctx.member);
  const lines: string[] = notice ? [notice, ''] : [];
  const rows: Block[] = [];
  if (state.pair) {
    const mentor = await ctx.services.store.members.get(state.pair.mentorId);
    const text = [...lines, t('match.view.paired', { mentor: mention(mentor.externalUserId) })].join('\n');
    return { kind: 'message', ephemeral: true, ...(update ? { update } : {}), text };
  }
  const people = new Map(
    (await ctx.services.store.members.many(state.requests.map((r) => r.mentorId))).map((m) => [m.id, m]),
  );
  const offers = state.requests.filter((r) => r.status === 'offered');
  const pending = state.requests.filter((r) => r.status === 'pending');
  if (offers.length > 0) {
    lines.push(`**${t('match.view.offersTitle')}**`);
    for (const offer of offers)
      lines.push(`- ${t('match.view.offer', { mentor: mention(people.get(offer.mentorId)?.externalUserId ?? '') })}`);
    rows.push({
      type: 'actions',
      elements: offers.slice(0, 5).map((offer) => ({
        type: 'button',
        action: scopedActionId(ctx.community.id, 'mentors', 'choose', offer.id),
        label: t('match.view.choose', { name: people.get(offer.mentorId)?.displayName ?? '?' }),
        style: 'success',
      })),
    });
    lines.push('');
  }
  if (pending.length > 0) {
    lines.push(`**${t('match.view.pendingTitle')}**`);
    for (const request of pending) {
      lines.push(
        `- ${t('match.view.pending', { mentor: mention(people.get(request.mentorId)?.externalUserId ?? ''), date: formatDate(ctx.locale, ctx.community.timeZone, request.expiresAt) })}`,
      );
    }
    lines.push('');
  }
  if (state.suggestions.length > 0) {
    lines.push(`**${t('match.view.suggestionsTitle')}**`);
    state.suggestions.forEach((s, i) => {
      const a = s.profile.answers;
      lines.push(
        `**${i + 1}. ${mention(s.member.externalUserId)}** — ${formatAnswer(ctx.locale, 'situation', a.situation)} · ${formatAnswer(ctx.locale, 'domains', a.domains)}`,
      );
      const why = describeReasons(t, ctx.locale, s.reasons);
      if (why) lines.push(`  _${t('match.view.why', { reasons: why })}_`);
      if (a.bio) lines.push(`  > ${memberText(a.bio.slice(0, 200).replace(/\n/g, ' '))}`);
    });
    const buttons: Element[] = state.suggestions.slice(0, 5).map((s) => ({
      type: 'button',
      action: actionId('mentors', 'ask', s.memberId),
      label: t('match.view.ask', { name: s.member.displayName ?? '?' }),
      style: 'primary',
    }));
    rows.push({ type: 'actions', elements: buttons });
  } else if (offers.length === 0) {
    lines.push(t('match.view.none'));
  }
  if (ctx.community.settings.channels.matching) {
    rows.push({
      type: 'actions',
      elements: [{ type: 'button', action: actionId('mentors', 'post-open'), label: t('match.view.post') }],
    });
  }
  const text = lines.join('\n').trim();
  return {
    kind: 'message',
    ephemeral: true,
    ...(update ? { update } : {}),
    text,
    blocks: [{ type: 'text', text }, ...rows],
  };
}

export default defineCommand({
  name: { en: 'mentors', fr: 'marraines' },
  description: 'command.mentors.description',
  access: 'member',
  options: z.object({}),
  run: (ctx) => view(ctx),

  actions: {
    /** A form for an optional message to the mentor, then the request. */
    ask: {
      args: 1,
      opensForm: true,
      async run(ctx, { args: [mentorId] }) {
        // Together: she sees nothing until this form opens.
        const [mentor, value] = await Promise.all([
          ctx.services.store.members.get(String(mentorId)),
          pendingFormText(ctx.services.store.profiles, ctx.member, 'message'),
        ]);
        return {
          kind: 'modal',
          modal: {
            action: actionId('mentors', 'send', mentor.id),
            title: ctx.t('match.ask.title'),
            submitLabel: ctx.t('match.ask.submit'),
            fields: [
              {
                type: 'text',
                id: 'message',
                label: ctx.t('match.ask.message', { name: mentor.displayName ?? '' }),
                style: 'paragraph',
                required: false,
                maxLength: formLimits.message,
                placeholder: ctx.t('match.ask.placeholder'),
                ...(value ? { value } : {}),
              },
            ],
          },
        };
      },
    },
    choose: {
      args: 1,
      async run(ctx, { args: [requestId] }) {
        const { mentor, already } = await ctx.services.matching.choose(ctx.community, ctx.member, String(requestId));
        const text = ctx.t(already ? 'match.chose.already' : 'match.chose.done', {
          mentor: mention(mentor.externalUserId),
        });
        return { kind: 'message', ephemeral: true, update: true, text };
      },
    },
    'post-open': {
      opensForm: true,
      async run(ctx) {
        const value = await pendingFormText(ctx.services.store.profiles, ctx.member, 'note');
        return {
          kind: 'modal',
          modal: {
            action: actionId('mentors', 'post'),
            title: ctx.t('match.post.title'),
            submitLabel: ctx.t('match.post.submit'),
            // The hint is her consent: what is posted, and where.
            fields: [
              {
                type: 'text',
                id: 'note',
                label: ctx.t('match.post.note'),
                style: 'paragraph',
                required: false,
                maxLength: formLimits.note,
                hint: ctx.t('match.post.consent'),
                ...(value ? { value } : {}),
              },
            ],
          },
        };
      },
    },
  },

  forms: {
    send: {
      args: 1,
      async run(ctx, { args: [mentorId], values }) {
        const message = await readFormText(
          ctx.services.store.profiles,
          ctx.member,
          'message',
          values.message,
          actionId('mentors', 'ask', String(mentorId)),
        );
        const request = await ctx.services.matching.request(ctx.community, ctx.member, String(mentorId), message);
        const mentor = await ctx.services.store.members.get(request.mentorId);
        return view(
          ctx,
          ctx.t('match.sent', {
            mentor: mention(mentor.externalUserId),
            date: formatDate(ctx.locale, ctx.community.timeZone, request.expiresAt),
          }),
        );
      },
    },
    post: {
      async run(ctx, { values }) {
        const note = await readFormText(
          ctx.services.store.profiles,
          ctx.member,
          'note',
          values.note,
          actionId('mentors', 'post-open'),
        );
        const outcome = await ctx.services.matching.post(ctx.community, ctx.member, note);
        const channel = `<#${ctx.community.settings.channels.matching ?? ''}>`;
        return {
          kind: 'message',
          ephemeral: true,
          text: ctx.t(outcome === 'updated' ? 'match.post.updated' : 'match.post.done', { channel }),
        };
      },
    },
  },
});
