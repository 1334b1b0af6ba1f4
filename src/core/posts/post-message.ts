import type { Translate } from '../../i18n/index.ts';
import type { Member } from '../community.ts';
import { mention } from '../reply-parts.ts';
import { memberText, type Message } from '../reply-model.ts';
import type { Submission } from './submission.ts';

/** How the post credits her, as she chose: a mention of her, the handle she typed, or nobody. */
export function creditLine(t: Translate, submission: Submission, author: Member): string {
  if (submission.credit === 'name') return t('posts.credit.name', { author: mention(author.externalUserId) });
  if (submission.credit === 'handle' && submission.creditHandle)
    return t('posts.credit.handle', { handle: memberText(submission.creditHandle) });
  return t('posts.credit.anonymous');
}

/**
 * A post as the community sees it: the category, her caption, the credit and the image
 * (uploaded again from the stored bytes at each send). The moderation card shows the same,
 * plus, for an anonymous post, who sent it (only moderators see that channel).
 */
export function postMessage(
  t: Translate,
  submission: Submission,
  author: Member,
  options: { forModerators?: boolean } = {},
): Message {
  const lines = [
    `**${t(`posts.category.${submission.category}`)}**`,
    memberText(submission.caption),
    creditLine(t, submission, author),
  ];
  if (options.forModerators && submission.credit !== 'name')
    lines.push(t('posts.credit.sentBy', { author: mention(author.externalUserId) }));
  const text = lines.join('\n');
  return {
    text,
    blocks: [{ type: 'text', text }],
    ...(submission.image
      ? {
          files: [
            {
              sha256: submission.image.sha256,
              name: submission.image.name,
              mime: submission.image.mime,
              description: t(`posts.category.${submission.category}`),
            },
          ],
        }
      : {}),
  };
}
