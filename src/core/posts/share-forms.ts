import type { Translate } from '../../i18n/index.ts';
import { actionId, scopedActionId } from '../action-ids.ts';
import type { Community } from '../community.ts';
import type { Modal, ModalField } from '../reply-model.ts';
import type { SubmissionDraft } from './ports.ts';
import type { ShareValues } from './share-input.ts';
import { captionMax, categories, consents, credits, handleMax, type Submission } from './submission.ts';

/** The file types a form's file field takes: what imageTypeOf recognizes. */
export const imageAccept = ['png', 'jpg', 'jpeg', 'webp', 'gif'];

const withValue = (value: string | undefined) => (value ? { value } : {});
const picked = (value: string | undefined) => (value ? { selected: [value] } : {});

/**
 * The whole `share` form, for platforms whose forms take choices and files (Slack),
 * prefilled from what she gave and her draft. Only the category, credit and consent
 * are required by the form itself: the image depends on the category, so the service
 * checks it (and says so under the field).
 */
export function shareModal(
  t: Translate,
  community: Community,
  values: ShareValues,
  draft: SubmissionDraft | null,
): Modal {
  const fields: ModalField[] = [
    {
      type: 'select',
      id: 'category',
      label: t('posts.form.category'),
      options: categories.map((c) => ({ value: c, label: t(`posts.category.${c}`) })),
      min: 1,
      max: 1,
      required: true,
      ...picked(values.category),
    },
    {
      type: 'file',
      id: 'image',
      label: t('posts.form.image'),
      required: false,
      accept: imageAccept,
      hint: draft?.image
        ? t('posts.form.imageKept')
        : t('posts.form.imageHint', { max: community.settings.posts.maxImageMb }),
    },
    {
      type: 'text',
      id: 'caption',
      label: t('posts.form.caption'),
      style: 'paragraph',
      required: false,
      maxLength: captionMax,
      ...withValue(values.caption),
    },
    {
      type: 'select',
      id: 'credit',
      label: t('posts.form.credit'),
      options: credits.map((c) => ({ value: c, label: t(`posts.creditChoice.${c}`) })),
      min: 1,
      max: 1,
      required: true,
      ...picked(values.credit),
    },
    {
      type: 'text',
      id: 'handle',
      label: t('posts.form.handle'),
      style: 'short',
      required: false,
      maxLength: handleMax,
      hint: t('posts.form.handleHint'),
      ...withValue(values.handle),
    },
    {
      type: 'select',
      id: 'consent',
      label: t('posts.form.consent'),
      options: consents.map((c) => ({ value: c, label: t(`posts.consent.${c}`) })),
      min: 1,
      max: 1,
      required: true,
      hint: t('posts.form.consentHint'),
      ...picked(values.consent),
    },
  ];
  return {
    action: actionId('share', 'submit'),
    title: t('posts.form.title'),
    submitLabel: t('posts.form.submit'),
    fields,
  };
}

/**
 * Her edit after a request for changes, opened from her DM (so its id says which
 * community): her caption and handle prefilled; a new photo where forms take files.
 */
export function editModal(t: Translate, community: Community, submission: Submission, richForms: boolean): Modal {
  const fields: ModalField[] = [
    {
      type: 'text',
      id: 'caption',
      label: t('posts.form.caption'),
      style: 'paragraph',
      required: submission.category === 'quote',
      maxLength: captionMax,
      ...withValue(submission.caption),
    },
  ];
  if (submission.credit === 'handle') {
    fields.push({
      type: 'text',
      id: 'handle',
      label: t('posts.form.handle'),
      style: 'short',
      required: true,
      maxLength: handleMax,
      ...withValue(submission.creditHandle ?? undefined),
    });
  }
  if (richForms) {
    fields.push({
      type: 'file',
      id: 'image',
      label: t('posts.edit.image'),
      required: false,
      accept: imageAccept,
      hint: t('posts.form.imageHint', { max: community.settings.posts.maxImageMb }),
    });
  }
  return {
    action: scopedActionId(community.id, 'share', 'edit-send', submission.id),
    title: t('posts.edit.title'),
    submitLabel: t('posts.edit.submit'),
    fields,
  };
}

/** A moderator's note: the reason of a rejection, or what to change. Required; she reads it. */
export function decisionModal(t: Translate, kind: 'reject' | 'changes', submissionId: string, revision: string): Modal {
  const reject = kind === 'reject';
  return {
    action: actionId('share', reject ? 'reject-send' : 'changes-send', submissionId, revision),
    title: t(reject ? 'posts.reject.title' : 'posts.changes.title'),
    submitLabel: t(reject ? 'posts.reject.submit' : 'posts.changes.submit'),
    fields: [
      {
        type: 'text',
        id: 'note',
        label: t(reject ? 'posts.reject.reason' : 'posts.changes.what'),
        style: 'paragraph',
        required: true,
        maxLength: captionMax,
        hint: t(reject ? 'posts.reject.hint' : 'posts.changes.hint'),
      },
    ],
  };
}
