import { translator } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { FetchFile, IncomingFile } from '../incoming-files.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import type { Repositories, Store } from '../store.ts';
import { currentRound, editCard, postCard, sceneOf } from './cards.ts';
import {
  alreadyDecided,
  authorDmKey,
  authorMessage,
  localeOf,
  reopenable,
  type AuthorStep,
  type SubmissionScene,
} from './moderation-messages.ts';
import type { SubmissionChange, SubmissionDraft, SubmissionImage } from './ports.ts';
import {
  checkImage,
  draftOf,
  imageName,
  keptSentence,
  mergeDraft,
  newSubmissionId,
  problemsOf,
  refusal,
  storeImage,
  type ImageProblem,
  type ShareValues,
} from './share-input.ts';
import { captionMax, type Submission, type SubmissionStatus } from './submission.ts';

export type Decision = 'approve' | 'reject' | 'changes';

export interface Outcome {
  submission: Submission;
  author: Member;
}

/** What she sends: her values (the rest comes from her draft) and, maybe, a file. */
export interface SubmitInput {
  community: Community;
  author: Member;
  values: ShareValues;
  file?: IncomingFile | undefined;
  fetchFile?: FetchFile;
  /** She used the form (Slack): a refusal says she finds her values there. */
  form?: boolean;
}

export interface EditInput {
  community: Community;
  author: Member;
  submissionId: string;
  caption?: string | undefined;
  handle?: string | undefined;
  file?: IncomingFile | undefined;
  fetchFile?: FetchFile;
}

const decisions: Record<Decision, { status: SubmissionStatus; step: AuthorStep; audit: string }> = {
  approve: { status: 'approved', step: 'approved', audit: 'posts.approved' },
  reject: { status: 'rejected', step: 'rejected', audit: 'posts.rejected' },
  changes: { status: 'changes_requested', step: 'changes', audit: 'posts.changes_requested' },
};

/** Submissions still on their way: she sees them in `share` and may withdraw them. */
export const inProgressStatuses: readonly SubmissionStatus[] = ['pending', 'changes_requested', 'approved'];

const noFetch: FetchFile = async () => {
  throw new Error('no file fetcher for this interaction');
};

/**
 * Sharing a post and its moderation. Every change of a submission runs in a transaction
 * that locks its row and reads it again (decisions, edits, reopenings and withdrawals of
 * one submission take turns), then makes a conditional update; the card edits, the DMs
 * and the audit entry go in the same transaction. Only a caller without the lock could
 * find the row moved at the update: that is a bug, not a refusal, so it throws.
 */
export function createSubmissionService({ store, clock }: { store: Store; clock: Clock }) {
  async function tellAuthor(repos: Repositories, scene: SubmissionScene, step: AuthorStep) {
    const { community, submission, author } = scene;
    await repos.outbox.enqueue({
      communityId: community.id,
      platform: community.platform,
      key: authorDmKey(submission, step),
      target: { kind: 'dm', userId: author.externalUserId },
      message: authorMessage(scene, step),
      availableAt: clock.now(),
    });
  }

  async function audit(
    repos: Repositories,
    community: Community,
    actor: Member,
    action: string,
    submission: Submission,
    details: Record<string, unknown> = {},
  ) {
    await repos.auditLog.record({
      communityId: community.id,
      actorId: actor.id,
      action,
      targetType: 'submission',
      targetId: submission.id,
      details: { revision: submission.revision, ...details },
    });
  }

  /** Locks the submission; refuses one of another community, as a button that no longer works. */
  async function lockIn(repos: Repositories, community: Community, submissionId: string): Promise<Submission> {
    const submission = await repos.submissions.lock(submissionId);
    if (!submission || submission.communityId !== community.id) throw new UserError('error.expired');
    return submission;
  }

  /** The conditional update after the lock: moving meanwhile would mean the lock did not hold. */
  async function transition(
    repos: Repositories,
    submission: Submission,
    from: readonly SubmissionStatus[],
    change: SubmissionChange,
  ) {
    const moved = await repos.submissions.transition(
      submission.id,
      { from, revision: submission.revision },
      change,
      clock.now(),
    );
    if (!moved) throw new Error(`submission ${submission.id} changed while locked`);
    return moved;
  }

  /**
   * Whether a moderator may take this action on the submission as it is now: never on her
   * own, only from the statuses it applies to, and only from the card's revision (she
   * edited it, or someone reopened it since: the card she clicked is out of date).
   */
  async function checkModeration(
    repos: Repositories,
    community: Community,
    moderator: Member,
    submission: Submission,
    action: 'decide' | 'reopen',
    revision: number | undefined,
  ) {
    if (submission.authorId === moderator.id) throw new UserError('posts.error.ownSubmission');
    const allowed = action === 'decide' ? submission.status === 'pending' : reopenable(submission);
    if (!allowed) throw alreadyDecided(await sceneOf(repos, community, submission), localeOf(moderator, community));
    if (revision !== undefined && revision !== submission.revision) throw new UserError('posts.error.stale');
  }

  /** Her file checked (size, then type from the bytes) and, when it is an image, kept. */
  async function readImage(community: Community, file: IncomingFile, fetchFile: FetchFile) {
    const maxMb = community.settings.posts.maxImageMb;
    const check = await checkImage(file, maxMb * 1024 * 1024, fetchFile);
    return check.ok ? { image: await storeImage(store.files, check, file.name) } : { problem: check.problem };
  }

  return {
    draftOf: (author: Member): Promise<SubmissionDraft | null> => store.submissions.draftOf(author.id),

    /**
     * Before a form or a confirmation opens: whether the moderator may still act on this
     * card (checked again, under the lock, when she submits).
     */
    async checkCard({
      community,
      moderator,
      submissionId,
      revision,
      action,
    }: {
      community: Community;
      moderator: Member;
      submissionId: string;
      revision?: number;
      action: 'decide' | 'reopen';
    }): Promise<Submission> {
      const submission = await store.submissions.get(submissionId);
      if (!submission || submission.communityId !== community.id) throw new UserError('error.expired');
      await checkModeration(store, community, moderator, submission, action, revision);
      return submission;
    },

    /** Her submissions still on their way, newest first. */
    inProgress: (author: Member) => store.submissions.listOf(author.id, inProgressStatuses),

    /**
     * She shares a post: her values over her draft, the image checked and kept, then the
     * submission and its card in the moderators' queue. What cannot be saved yet (a missing
     * field, a refused file, no queue channel) is kept as her draft, and the refusal says so.
     */
    async submit({
      community,
      author,
      values,
      file,
      fetchFile = noFetch,
      form = false,
    }: SubmitInput): Promise<Submission> {
      const t = translator(localeOf(author, community));
      const saved = await store.submissions.draftOf(author.id);
      const merged = mergeDraft(values, saved);
      let image: SubmissionImage | null = file ? null : (saved?.image ?? null);
      const channel = community.settings.channels.moderationQueue;
      if (!channel) {
        const kept = draftOf(merged, image);
        await store.submissions.saveDraft(author.id, kept);
        throw new UserError('posts.error.noQueue', { kept: keptSentence(t, kept, form) });
      }
      let imageProblem: ImageProblem | undefined;
      if (file) {
        try {
          const read = await readImage(community, file, fetchFile);
          if (read.image) image = read.image;
          else imageProblem = read.problem;
        } catch (error) {
          // The platform failed to give the file: her text is kept all the same.
          await store.submissions.saveDraft(author.id, draftOf(merged, null));
          throw error;
        }
      }
      const problems = problemsOf(merged, image, imageProblem);
      if (Object.keys(problems).length > 0) {
        const kept = draftOf(merged, image);
        await store.submissions.saveDraft(author.id, kept);
        throw refusal(t, problems, kept, community.settings.posts.maxImageMb, form);
      }
      const category = merged.category!;
      const now = clock.now();
      const id = newSubmissionId(now);
      return store.transaction(async (repos) => {
        const submission = await repos.submissions.create({
          id,
          communityId: community.id,
          authorId: author.id,
          category,
          caption: merged.caption ?? '',
          // A quote needs no image; one sent with it is kept (the card and the post show it).
          image: image ? { ...image, name: imageName(category, id, image.mime) } : null,
          credit: merged.credit!,
          creditHandle: merged.credit === 'handle' ? merged.handle! : null,
          consent: merged.consent!,
          createdAt: now,
        });
        await postCard(repos, { community, submission, author, decider: null }, 0, channel, now);
        await repos.submissions.deleteDraft(author.id);
        await audit(repos, community, author, 'posts.submitted', submission, {
          category,
          credit: submission.credit,
          consent: submission.consent,
          image: Boolean(submission.image),
        });
        return submission;
      });
    },

    /**
     * She edits a submission a moderator asked changes on: it goes back to pending with a
     * new card in the queue (the previous card already says changes were requested).
     */
    async edit({
      community,
      author,
      submissionId,
      caption,
      handle,
      file,
      fetchFile = noFetch,
    }: EditInput): Promise<Submission> {
      const t = translator(localeOf(author, community));
      const seen = await store.submissions.get(submissionId);
      if (!seen || seen.communityId !== community.id || seen.authorId !== author.id)
        throw new UserError('error.expired');
      if (seen.status !== 'changes_requested') throw new UserError('posts.error.notWaitingForChanges');
      const channel = community.settings.channels.moderationQueue;
      if (!channel) throw new UserError('posts.error.noQueue', { kept: '' });
      let image: SubmissionImage | undefined;
      if (file) {
        const read = await readImage(community, file, fetchFile);
        if (!read.image) throw refusal(t, { image: read.problem }, {}, community.settings.posts.maxImageMb, false);
        image = { ...read.image, name: imageName(seen.category, seen.id, read.image.mime) };
      }
      const newCaption = caption?.trim();
      const newHandle = seen.credit === 'handle' ? handle?.trim() : undefined;
      const problems = problemsOf(
        {
          category: seen.category,
          caption: newCaption ?? seen.caption,
          credit: seen.credit,
          handle: newHandle ?? seen.creditHandle ?? undefined,
          consent: seen.consent,
        },
        image ?? seen.image,
      );
      if (Object.keys(problems).length > 0) throw refusal(t, problems, {}, community.settings.posts.maxImageMb, false);
      return store.transaction(async (repos) => {
        const submission = await lockIn(repos, community, submissionId);
        if (submission.status !== 'changes_requested') throw new UserError('posts.error.notWaitingForChanges');
        const round = ((await currentRound(repos, community, submission.id)) ?? -1) + 1;
        const edited = await transition(repos, submission, ['changes_requested'], {
          status: 'pending',
          ...(newCaption !== undefined ? { caption: newCaption } : {}),
          ...(newHandle ? { creditHandle: newHandle } : {}),
          ...(image ? { image } : {}),
          decidedById: author.id,
          decidedAt: clock.now(),
          decisionNote: null,
        });
        await postCard(repos, { community, submission: edited, author, decider: author }, round, channel, clock.now());
        await audit(repos, community, author, 'posts.edited', edited, {
          caption: newCaption !== undefined && newCaption !== submission.caption,
          image: Boolean(image),
          round,
        });
        return edited;
      });
    },

    /**
     * A moderator's decision on a pending submission. Never her own; a second moderator
     * (or a second click) is told who decided and when. Approval puts it in the publication
     * queue (queueRank: the approval time), a refusal or a request for changes carries a
     * note she reads. The card loses its decision buttons; she hears of it by DM.
     */
    async decide({
      community,
      moderator,
      submissionId,
      decision,
      note,
      revision,
    }: {
      community: Community;
      moderator: Member;
      submissionId: string;
      decision: Decision;
      note?: string | null;
      revision?: number;
    }): Promise<Outcome> {
      const { status, step, audit: action } = decisions[decision];
      const text = note?.trim() || null;
      if (decision !== 'approve' && !text)
        throw new UserError(decision === 'reject' ? 'posts.error.reasonRequired' : 'posts.error.changesRequired');
      if (text && text.length > captionMax) throw new UserError('posts.problem.tooLong', { max: captionMax });
      return store.transaction(async (repos) => {
        const submission = await lockIn(repos, community, submissionId);
        await checkModeration(repos, community, moderator, submission, 'decide', revision);
        const now = clock.now();
        const decided = await transition(repos, submission, ['pending'], {
          status,
          decidedById: moderator.id,
          decidedAt: now,
          decisionNote: decision === 'approve' ? null : text,
          queueRank: decision === 'approve' ? now.getTime() : null,
        });
        const scene = await sceneOf(repos, community, decided);
        await editCard(repos, scene, clock.now());
        await tellAuthor(repos, scene, step);
        // The note is member text: the audit says there was one, not what it said.
        await audit(repos, community, moderator, action, decided, { note: Boolean(text && decision !== 'approve') });
        return { submission: decided, author: scene.author };
      });
    },

    /** A moderator takes a decision back: pending again, the card gets its buttons back, she is told. */
    async reopen({
      community,
      moderator,
      submissionId,
      revision,
    }: {
      community: Community;
      moderator: Member;
      submissionId: string;
      revision?: number;
    }): Promise<Outcome> {
      return store.transaction(async (repos) => {
        const submission = await lockIn(repos, community, submissionId);
        await checkModeration(repos, community, moderator, submission, 'reopen', revision);
        const reopened = await transition(repos, submission, ['approved', 'rejected', 'changes_requested'], {
          status: 'pending',
          decidedById: moderator.id,
          decidedAt: clock.now(),
          decisionNote: null,
          queueRank: null,
        });
        const scene = await sceneOf(repos, community, reopened);
        await editCard(repos, scene, clock.now());
        await tellAuthor(repos, scene, 'reopened');
        await audit(repos, community, moderator, 'posts.reopened', reopened, { from: submission.status });
        return { submission: reopened, author: scene.author };
      });
    },

    /** She withdraws her submission, until it is published: the card says so, the queue forgets it. */
    async withdraw({
      community,
      author,
      submissionId,
    }: {
      community: Community;
      author: Member;
      submissionId: string;
    }): Promise<{ submission: Submission; already: boolean }> {
      return store.transaction(async (repos) => {
        const submission = await lockIn(repos, community, submissionId);
        if (submission.authorId !== author.id) throw new UserError('error.expired');
        if (submission.status === 'withdrawn') return { submission, already: true };
        if (submission.status === 'published') throw new UserError('posts.error.alreadyPublished');
        const withdrawn = await transition(
          repos,
          submission,
          ['pending', 'changes_requested', 'approved', 'rejected'],
          {
            status: 'withdrawn',
            decidedById: author.id,
            decidedAt: clock.now(),
            queueRank: null,
          },
        );
        await editCard(repos, await sceneOf(repos, community, withdrawn), clock.now());
        await audit(repos, community, author, 'posts.withdrawn', withdrawn, { from: submission.status });
        return { submission: withdrawn, already: false };
      });
    },
  };
}

export type SubmissionService = ReturnType<typeof createSubmissionService>;
