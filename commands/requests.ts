import { z } from 'zod';
import { defineCommand, type CommandContext } from '../src/core/commands.ts';
import { scopedActionId } from '../src/core/action-ids.ts';
import { UserError } from '../src/core/errors.ts';
import { formLimits, pendingFormText, readFormText } from '../src/core/matching/forms.ts';
import { isMentor } from '../src/core/matching/profiles.ts';
import { formatAnswer } from '../src/core/onboarding/presenter.ts';
import { memberText, type Answer, type Block } from '../src/core/reply-model.ts';
import { formatDate, mention } from '../src/core/reply-parts.ts';

/** A mentor's incoming requests, each with its answers (the same buttons as in her DM). */
async function list(ctx: CommandContext, notice?: string): Promise<Answer> {
  const { t } = ctx;
  if (!isMentor(await ctx.services.store.profiles.get(ctx.member.id))) throw new UserError('match.error.notMentor');
  const requests = (await ctx.services.matching.incoming(ctx.member)).filter((r) => r.status === 'pending');
  const lines: string[] = notice ? [notice, ''] : [];
  const rows: Block[] = [];
  if (requests.length === 0) lines.push(t('match.requests.none'));
  else lines.push(`**${t('match.requests.title', { count: requests.length })}**`);
  const mentees = new Map(
    (await ctx.services.store.members.many(requests.map((r) => r.menteeId))).map((m) => [m.id, m]),
  );
  const profiles = new Map(
    (await ctx.services.store.profiles.many(requests.map((r) => r.menteeId))).map((p) => [p.memberId, p]),
  );
  for (const request of requests) {
    const mentee = mentees.get(request.menteeId);
    const answers = profiles.get(request.menteeId)?.answers ?? {};
    lines.push(
      `- ${mention(mentee?.externalUserId ?? '')} — ${formatAnswer(ctx.locale, 'situation', answers.situation)} · ${t('match.requests.seeks', { items: formatAnswer(ctx.locale, 'seeks', answers.seeks) })} · ${t('match.requests.until', { date: formatDate(ctx.locale, ctx.community.timeZone, request.expiresAt) })}`,
    );
    if (request.message) lines.push(`  > ${memberText(request.message.replace(/\n/g, ' '))}`);
  }
  // Four requests with their buttons fit in a message; the rest are listed above and in DMs.
  for (const request of requests.slice(0, 4)) {
    const name = mentees.get(request.menteeId)?.displayName ?? '?';
    rows.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action: scopedActionId(ctx.community.id, 'requests', 'offer', request.id),
          label: t('match.requests.offerTo', { name }),
          style: 'success',
        },
        {
          type: 'button',
          action: scopedActionId(ctx.community.id, 'requests', 'decline', request.id),
          label: t('match.request.decline'),
        },
      ],
    });
  }
  const text = lines.join('\n');
  return { kind: 'message', ephemeral: true, text, blocks: [{ type: 'text', text }, ...rows] };
}

export default defineCommand({
  name: { en: 'requests', fr: 'demandes' },
  description: 'command.requests.description',
  access: 'member',
  options: z.object({}),
  run: (ctx) => list(ctx),

  actions: {
    offer: {
      args: 1,
      async run(ctx, { args: [requestId] }) {
        const request = await ctx.services.matching.offer(ctx.community, ctx.member, String(requestId));
        const mentee = await ctx.services.store.members.get(request.menteeId);
        return {
          kind: 'message',
          ephemeral: true,
          update: true,
          text: ctx.t('match.offered', { mentee: mention(mentee.externalUserId) }),
        };
      },
    },
    /** An optional private reason, then the decline. */
    decline: {
      args: 1,
      opensForm: true,
      async run(ctx, { args: [requestId] }) {
        const value = await pendingFormText(ctx.services.store.profiles, ctx.member, 'reason');
        return {
          kind: 'modal',
          modal: {
            // Scoped: this form may be opened from a DM, where the platform does not say which community.
            action: scopedActionId(ctx.community.id, 'requests', 'decline-send', String(requestId)),
            title: ctx.t('match.decline.title'),
            submitLabel: ctx.t('match.decline.submit'),
            fields: [
              {
                type: 'text',
                id: 'reason',
                label: ctx.t('match.decline.reason'),
                style: 'paragraph',
                required: false,
                maxLength: formLimits.reason,
                hint: ctx.t('match.decline.private'),
                ...(value ? { value } : {}),
              },
            ],
          },
        };
      },
    },
    volunteer: {
      args: 1,
      async run(ctx, { args: [menteeId] }) {
        const { already } = await ctx.services.matching.volunteer(ctx.community, ctx.member, String(menteeId));
        const mentee = await ctx.services.store.members.get(String(menteeId));
        return {
          kind: 'message',
          ephemeral: true,
          text: ctx.t(already ? 'match.alreadyOffered' : 'match.offered', { mentee: mention(mentee.externalUserId) }),
        };
      },
    },
  },

  forms: {
    'decline-send': {
      args: 1,
      async run(ctx, { args: [requestId], values }) {
        const retry = scopedActionId(ctx.community.id, 'requests', 'decline', String(requestId));
        const reason = await readFormText(ctx.services.store.profiles, ctx.member, 'reason', values.reason, retry);
        await ctx.services.matching.decline(ctx.community, ctx.member, String(requestId), reason);
        return { kind: 'message', ephemeral: true, text: ctx.t('match.declinedDone') };
      },
    },
  },
});
