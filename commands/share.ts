import { z } from 'zod';
import { actionId } from '../src/core/action-ids.ts';
import {
  defineCommand,
  option,
  type ActionInput,
  type CommandContext,
  type FormInput,
  type Handler,
} from '../src/core/commands.ts';
import { FieldErrors, UserError } from '../src/core/errors.ts';
import { formatMoment } from '../src/core/posts/moderation-messages.ts';
import { queueActions, queueForms } from '../src/core/posts/queue-panel.ts';
import { decisionModal, editModal, shareModal } from '../src/core/posts/share-forms.ts';
import { cleanValues, keptFields, mergeDraft, ShareRefused, type ShareValues } from '../src/core/posts/share-input.ts';
import { captionMax, categories, consents, credits, handleMax } from '../src/core/posts/submission.ts';
import { mention } from '../src/core/reply-parts.ts';
import { type Answer, type Block, type Element, type Reply } from '../src/core/reply-model.ts';

const options = z.object({
  category: option
    .choice(categories, {
      fr: 'categorie',
      description: 'posts.option.category',
      choices: categories.map((c) => ({ value: c, label: `posts.category.${c}` as const })),
    })
    .optional(),
  image: option.attachment({ fr: 'image', description: 'posts.option.image' }).optional(),
  caption: option.string({ fr: 'legende', description: 'posts.option.caption' }, captionMax).optional(),
  credit: option
    .choice(credits, {
      fr: 'credit',
      description: 'posts.option.credit',
      choices: credits.map((c) => ({ value: c, label: `posts.creditChoice.${c}` as const })),
    })
    .optional(),
  handle: option.string({ fr: 'pseudo', description: 'posts.option.handle' }, handleMax).optional(),
  consent: option
    .choice(consents, {
      fr: 'diffusion',
      description: 'posts.option.consent',
      choices: consents.map((c) => ({ value: c, label: `posts.consent.${c}` as const })),
    })
    .optional(),
});

const say = (text: string, extra: { update?: boolean; blocks?: Block[] } = {}): Answer => ({
  kind: 'message',
  ephemeral: true,
  text,
  ...extra,
});

/** A form's refusal, field by field, where the platform shows it under each field (her values are in her draft). */
function asFieldErrors(error: unknown): never {
  if (error instanceof ShareRefused) throw new FieldErrors(error.fields);
  throw error;
}

/** Her posts on their way, each with *Withdraw*, and how to share (where forms take no files: Discord). */
async function overview(ctx: CommandContext): Promise<Answer> {
  const { t } = ctx;
  const [posts, draft] = await Promise.all([
    ctx.services.posts.inProgress(ctx.member),
    ctx.services.posts.draftOf(ctx.member),
  ]);
  const lines: string[] = [];
  if (posts.length === 0) lines.push(t('posts.list.none'));
  else {
    lines.push(`**${t('posts.list.title')}**`);
    posts.forEach((post, i) => {
      const item = t('posts.list.item', {
        category: t(`posts.category.${post.category}`),
        status: t(`posts.status.${post.status}`),
        date: formatMoment(ctx.locale, ctx.community.timeZone, post.createdAt),
      });
      lines.push(`${i + 1}. ${item}`);
    });
  }
  if (posts.some((p) => p.status === 'changes_requested')) lines.push('', t('posts.list.replaceHint'));
  const kept = draft ? keptFields(draft) : [];
  if (kept.length > 0)
    lines.push('', t('posts.list.draft', { fields: kept.map((f) => t(`posts.field.${f}`)).join(', ') }));
  lines.push('', t('posts.list.how'));
  const text = lines.join('\n');
  const buttons: Element[] = posts.slice(0, 5).map((post, i) => ({
    type: 'button',
    action: actionId('share', 'withdraw', post.id),
    label: `${t('posts.withdraw')} ${i + 1}`,
  }));
  return say(text, {
    blocks: [{ type: 'text', text }, ...(buttons.length > 0 ? [{ type: 'actions' as const, elements: buttons }] : [])],
  });
}

/** The form where forms take choices and files (Slack), prefilled from her values and draft. */
async function openForm(ctx: CommandContext, values: ShareValues = {}): Promise<Reply> {
  const draft = await ctx.services.posts.draftOf(ctx.member);
  return { kind: 'modal', modal: shareModal(ctx.t, ctx.community, mergeDraft(values, draft), draft) };
}

const submitted = (ctx: CommandContext, submissionId: string): Answer => {
  const text = ctx.t('posts.submitted');
  return say(text, {
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          { type: 'button', action: actionId('share', 'withdraw', submissionId), label: ctx.t('posts.withdraw') },
        ],
      },
    ],
  });
};

const revisionOf = (arg: string | undefined) => (arg !== undefined && /^\d+$/.test(arg) ? Number(arg) : undefined);
const required = (arg: string | undefined) => {
  if (!arg) throw new UserError('error.expired');
  return arg;
};

/** A decision, with the moderator's note for a rejection or a request for changes. */
async function decide(
  ctx: CommandContext,
  decision: 'approve' | 'reject' | 'changes',
  args: string[],
  note?: string,
): Promise<Answer> {
  const { author } = await ctx.services.posts.decide({
    community: ctx.community,
    moderator: ctx.member,
    submissionId: required(args[0]),
    decision,
    ...(note !== undefined ? { note } : {}),
    ...(revisionOf(args[1]) !== undefined ? { revision: revisionOf(args[1]) } : {}),
  });
  const key =
    decision === 'approve'
      ? 'posts.decision.approved'
      : decision === 'reject'
        ? 'posts.decision.rejected'
        : 'posts.decision.changes';
  return say(ctx.t(key, { author: mention(author.externalUserId) }));
}

/** A modal for the moderator's note, once it is sure the card can still be decided. */
const askNote = (kind: 'reject' | 'changes'): Handler<ActionInput> => ({
  access: 'moderator',
  args: 2,
  opensForm: true,
  async run(ctx, { args }) {
    const submission = await ctx.services.posts.checkCard({
      community: ctx.community,
      moderator: ctx.member,
      submissionId: required(args[0]),
      action: 'decide',
      ...revisionArg(args[1]),
    });
    return { kind: 'modal', modal: decisionModal(ctx.t, kind, submission.id, String(submission.revision)) };
  },
});

const noted = (decision: 'reject' | 'changes'): Handler<FormInput> => ({
  access: 'moderator',
  args: 2,
  run: (ctx, { args, values }) => decide(ctx, decision, args, typeof values.note === 'string' ? values.note : ''),
});

const revisionArg = (arg: string | undefined) => {
  const revision = revisionOf(arg);
  return revision !== undefined ? { revision } : {};
};

const actions: Record<string, Handler<ActionInput>> = {
  /** A way in from elsewhere (a challenge's invitation): the form, or her posts and how to share. */
  open: { opensForm: 'rich', run: (ctx) => (ctx.richForms ? openForm(ctx) : overview(ctx)) },
  approve: { args: 2, access: 'moderator', run: (ctx, { args }) => decide(ctx, 'approve', args) },
  reject: askNote('reject'),
  changes: askNote('changes'),
  /** A decision is reversed only after a confirmation. */
  reopen: {
    args: 2,
    access: 'moderator',
    async run(ctx, { args }) {
      const submission = await ctx.services.posts.checkCard({
        community: ctx.community,
        moderator: ctx.member,
        submissionId: required(args[0]),
        action: 'reopen',
        ...revisionArg(args[1]),
      });
      const text = ctx.t('posts.reopen.confirm');
      const confirm: Element = {
        type: 'button',
        action: actionId('share', 'reopen-confirm', submission.id, submission.revision),
        label: ctx.t('posts.reopen.confirmButton'),
        style: 'danger',
      };
      return say(text, {
        blocks: [
          { type: 'text', text },
          { type: 'actions', elements: [confirm] },
        ],
      });
    },
  },
  'reopen-confirm': {
    args: 2,
    access: 'moderator',
    async run(ctx, { args }) {
      const { author } = await ctx.services.posts.reopen({
        community: ctx.community,
        moderator: ctx.member,
        submissionId: required(args[0]),
        ...revisionArg(args[1]),
      });
      return say(ctx.t('posts.reopen.done', { author: mention(author.externalUserId) }), { update: true });
    },
  },
  withdraw: {
    args: 1,
    async run(ctx, { args }) {
      const { already } = await ctx.services.posts.withdraw({
        community: ctx.community,
        author: ctx.member,
        submissionId: required(args[0]),
      });
      return say(ctx.t(already ? 'posts.alreadyWithdrawn' : 'posts.withdrawn'));
    },
  },
  /** Her edit after a request for changes, from her DM. */
  edit: {
    args: 1,
    opensForm: true,
    async run(ctx, { args }) {
      const submission = await ctx.services.store.submissions.get(required(args[0]));
      if (!submission || submission.authorId !== ctx.member.id) throw new UserError('error.expired');
      if (submission.status !== 'changes_requested') throw new UserError('posts.error.notWaitingForChanges');
      return { kind: 'modal', modal: editModal(ctx.t, ctx.community, submission, ctx.richForms) };
    },
  },
  // The moderators' publication queue (helper D): its actions start with `queue-`.
  ...queueActions,
};

const forms: Record<string, Handler<FormInput>> = {
  /** The `share` form (Slack): her values and the file she chose. */
  submit: {
    async run(ctx, { values, files }) {
      const submission = await ctx.services.posts
        .submit({
          community: ctx.community,
          author: ctx.member,
          values: cleanValues(values),
          file: files?.image?.[0],
          fetchFile: ctx.fetchFile,
          form: true,
        })
        .catch(asFieldErrors);
      return submitted(ctx, submission.id);
    },
  },
  'edit-send': {
    args: 1,
    async run(ctx, { args, values, files }) {
      const caption = typeof values.caption === 'string' ? values.caption : undefined;
      const handle = typeof values.handle === 'string' ? values.handle : undefined;
      await ctx.services.posts
        .edit({
          community: ctx.community,
          author: ctx.member,
          submissionId: required(args[0]),
          caption,
          handle,
          file: files?.image?.[0],
          fetchFile: ctx.fetchFile,
        })
        .catch(asFieldErrors);
      return say(ctx.t('posts.edited'));
    },
  },
  'reject-send': noted('reject'),
  'changes-send': noted('changes'),
  ...queueForms,
};

export default defineCommand({
  name: { en: 'share', fr: 'partager' },
  description: 'command.share.description',
  access: 'member',
  options,
  opensForm: 'rich',
  async run(ctx, { image, ...given }) {
    const values: ShareValues = given;
    const anything = image !== undefined || Object.values(values).some((v) => v !== undefined);
    // Slack's slash commands take no file: its form does, prefilled with what she typed.
    if (ctx.richForms) return openForm(ctx, values);
    if (!anything) return overview(ctx);
    // A new image alone replaces the photo of her post waiting for changes (Discord's forms take no file).
    if (image && !values.category) {
      const [waiting] = await ctx.services.store.submissions.listOf(ctx.member.id, ['changes_requested']);
      if (waiting) {
        await ctx.services.posts.edit({
          community: ctx.community,
          author: ctx.member,
          submissionId: waiting.id,
          caption: values.caption,
          handle: values.handle,
          file: image,
          fetchFile: ctx.fetchFile,
        });
        return say(ctx.t('posts.replaced'));
      }
    }
    const submission = await ctx.services.posts.submit({
      community: ctx.community,
      author: ctx.member,
      values,
      file: image,
      fetchFile: ctx.fetchFile,
    });
    return submitted(ctx, submission.id);
  },
  actions,
  forms,
});
