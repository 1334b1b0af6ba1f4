import { translator, type Locale, type Translate } from '../../i18n/index.ts';
import { actionId, scopedActionId } from '../action-ids.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import { memberText, type Block, type Element, type Message } from '../reply-model.ts';
import { mention } from '../reply-parts.ts';
import { postMessage } from './post-message.ts';
import type { Submission } from './submission.ts';

/**
 * The messages of moderation: the card in the moderators' queue channel and the DMs to
 * her. Outbox keys are built from the submission: a card per round (a round starts at
 * the submission and at each of her edits), a key per edit of a card and per DM, from the
 * revision the change made (it bumps on every change, so each key is new).
 */
export const cardKey = (submissionId: string, round: number) => `posts.card:${submissionId}:${round}`;
export const cardEditKey = (submission: Submission) => `posts.card.edit:${submission.id}:${submission.revision}`;
export type AuthorStep = 'approved' | 'rejected' | 'changes' | 'reopened';
export const authorDmKey = (submission: Submission, step: AuthorStep) =>
  `posts.dm:${submission.id}:${submission.revision}:${step}`;

/** The language a message to this member is written in. */
export const localeOf = (member: Member, community: Community): Locale => member.locale ?? community.locale;

/** A moment as the community reads it: day and time, in its time zone. */
export function formatMoment(locale: Locale, timeZone: string, date: Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone }).format(date);
}

/** Who decided, as the author and the decided card show it (the community's setting). */
export function moderatorLabel(t: Translate, community: Community, moderator: Member | null): string {
  return community.settings.posts.showModeratorName && moderator
    ? mention(moderator.externalUserId)
    : t('posts.theModerators');
}

/** Everything a message about a submission may need. */
export interface SubmissionScene {
  community: Community;
  submission: Submission;
  author: Member;
  /** Who made the last change of status (a moderator, or she herself), when known. */
  decider: Member | null;
}

function statusLine(t: Translate, locale: Locale, { community, submission, author, decider }: SubmissionScene): string {
  const when = submission.decidedAt ? formatMoment(locale, community.timeZone, submission.decidedAt) : '';
  const moderator = moderatorLabel(t, community, decider);
  const note = memberText(submission.decisionNote ?? '');
  switch (submission.status) {
    case 'pending':
      if (!decider) return t('posts.card.pending');
      return decider.id === author.id
        ? t('posts.card.edited', { when })
        : t('posts.card.reopened', { moderator, when });
    case 'approved':
      return t('posts.card.approved', { moderator, when });
    case 'rejected':
      return t('posts.card.rejected', { moderator, when, reason: note });
    case 'changes_requested':
      return t('posts.card.changes', { moderator, when, changes: note });
    case 'withdrawn':
      return t('posts.card.withdrawn', { author: mention(author.externalUserId), when });
    case 'published':
      return t('posts.card.published', {
        when: submission.publishedAt ? formatMoment(locale, community.timeZone, submission.publishedAt) : '',
      });
  }
}

/**
 * The card in the moderators' queue channel, in the community's language: the post as it
 * would be published (and who sent it), where it stands, and the buttons that fit: the
 * three decisions while pending, *Reopen* once decided, and the publication queue.
 */
export function moderationCard(scene: SubmissionScene): Message {
  const { community, submission, author } = scene;
  const locale = community.locale;
  const t = translator(locale);
  const post = postMessage(t, submission, author, { forModerators: true });
  const status = statusLine(t, locale, scene);
  const args = [submission.id, submission.revision] as const;
  const buttons: Element[] = [];
  if (submission.status === 'pending') {
    buttons.push(
      {
        type: 'button',
        action: actionId('share', 'approve', ...args),
        label: t('posts.card.approve'),
        style: 'success',
      },
      { type: 'button', action: actionId('share', 'changes', ...args), label: t('posts.card.requestChanges') },
      { type: 'button', action: actionId('share', 'reject', ...args), label: t('posts.card.reject'), style: 'danger' },
    );
  } else if (reopenable(submission)) {
    buttons.push({ type: 'button', action: actionId('share', 'reopen', ...args), label: t('posts.card.reopen') });
  }
  buttons.push({ type: 'button', action: actionId('share', 'queue-open'), label: t('posts.card.queue') });
  const blocks: Block[] = [
    ...(post.blocks ?? [{ type: 'text', text: post.text }]),
    { type: 'context', text: status },
    { type: 'actions', elements: buttons },
  ];
  return { ...post, text: `${post.text}\n${status}`, blocks };
}

export const reopenable = (submission: Submission) =>
  ['approved', 'rejected', 'changes_requested'].includes(submission.status);

/** To her, at each step of the moderation, in her language, with what she can do next. */
export function authorMessage(scene: SubmissionScene, step: AuthorStep): Message {
  const { community, submission, author, decider } = scene;
  const t = translator(localeOf(author, community));
  const params = {
    category: t(`posts.category.${submission.category}`),
    moderator: moderatorLabel(t, community, decider),
  };
  const note = memberText(submission.decisionNote ?? '');
  const lines =
    step === 'approved'
      ? [t('posts.dm.approved', params)]
      : step === 'rejected'
        ? [t('posts.dm.rejected', { ...params, reason: note })]
        : step === 'changes'
          ? [
              t('posts.dm.changes', { ...params, changes: note }),
              t(community.platform === 'discord' ? 'posts.dm.changesHowDiscord' : 'posts.dm.changesHowSlack'),
            ]
          : [t('posts.dm.reopened', params)];
  const buttons: Element[] = [];
  if (step === 'changes')
    buttons.push({
      type: 'button',
      action: scopedActionId(community.id, 'share', 'edit', submission.id),
      label: t('posts.dm.edit'),
      style: 'primary',
    });
  buttons.push({
    type: 'button',
    action: scopedActionId(community.id, 'share', 'withdraw', submission.id),
    label: t('posts.withdraw'),
  });
  const body = lines.join('\n');
  return {
    text: body,
    blocks: [
      { type: 'text', text: body },
      { type: 'actions', elements: buttons },
    ],
  };
}

/**
 * Why a moderator's click changes nothing: the submission was decided (by whom, when),
 * withdrawn or published meanwhile. Moderators are always told who.
 */
export function alreadyDecided(scene: SubmissionScene, locale: Locale): UserError {
  const { community, submission, author, decider } = scene;
  const when = submission.decidedAt ? formatMoment(locale, community.timeZone, submission.decidedAt) : '';
  const moderator = decider ? mention(decider.externalUserId) : translator(locale)('posts.theModerators');
  switch (submission.status) {
    case 'approved':
      return new UserError('posts.decided.approved', { moderator, when });
    case 'rejected':
      return new UserError('posts.decided.rejected', { moderator, when });
    case 'changes_requested':
      return new UserError('posts.decided.changes', { moderator, when });
    case 'withdrawn':
      return new UserError('posts.decided.withdrawn', { author: mention(author.externalUserId), when });
    case 'published':
      return new UserError('posts.decided.published', {
        when: submission.publishedAt ? formatMoment(locale, community.timeZone, submission.publishedAt) : when,
      });
    case 'pending':
      return decider && decider.id !== author.id
        ? new UserError('posts.decided.reopened', { moderator, when })
        : new UserError('posts.decided.pending');
  }
}
