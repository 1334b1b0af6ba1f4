import { catalog, render, translator, type Locale, type MessageKey, type Translate } from '../../i18n/index.ts';
import { actionId, scopedActionId } from '../action-ids.ts';
import type { Profile } from '../onboarding/profile.ts';
import type { Community, Member } from '../community.ts';
import { memberText, type Message } from '../reply-model.ts';
import { mention } from '../reply-parts.ts';
import type { Reason } from './score.ts';

/** The language a message to this member is written in. */
export const localeOf = (member: Member, community: Community): Locale => member.locale ?? community.locale;

const label = (locale: Locale, key: string) => {
  const message = catalog(locale)[key as MessageKey];
  return typeof message === 'string' ? message : key;
};

/** "Partage : Back-end, Java · Peut aider : Réussir une reconversion · Lyon". Load is in the score, not in the words. */
export function describeReasons(t: Translate, locale: Locale, reasons: readonly Reason[]): string {
  const parts: string[] = [];
  const shared = [
    ...(reasons.find((r) => r.kind === 'domains')?.items.map((d) => label(locale, `option.domains.${d}`)) ?? []),
    // Stacks are typed by members.
    ...(reasons.find((r) => r.kind === 'stacks')?.items.map(memberText) ?? []),
  ];
  if (shared.length > 0) parts.push(t('match.reason.shares', { items: shared.join(', ') }));
  const goals = reasons.find((r) => r.kind === 'goals');
  if (goals)
    parts.push(
      t('match.reason.helps', { items: goals.items.map((g) => label(locale, `option.goal.${g}`)).join(', ') }),
    );
  const situation = reasons.find((r) => r.kind === 'situation');
  if (situation)
    parts.push(t('match.reason.situation', { situation: label(locale, `option.situation.${situation.value}`) }));
  const region = reasons.find((r) => r.kind === 'region');
  if (region) parts.push(t('match.reason.region'));
  if (reasons.some((r) => r.kind === 'remote')) parts.push(t('match.reason.remote'));
  if (reasons.some((r) => r.kind === 'availability')) parts.push(t('match.reason.availability'));
  return parts.join(' · ');
}

/** To the mentor: a request, with what she can answer. */
export function requestReceived(
  community: Community,
  mentor: Member,
  mentee: Member,
  requestId: string,
  message: string | null,
): Message {
  const t = translator(localeOf(mentor, community));
  const text = [
    t('match.request.received', { mentee: mention(mentee.externalUserId) }),
    ...(message ? [quote(message)] : []),
  ].join('\n');
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'context', text: t('match.request.receivedHint') },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action: scopedActionId(community.id, 'requests', 'offer', requestId),
            label: t('match.request.offer'),
            style: 'success',
          },
          {
            type: 'button',
            action: scopedActionId(community.id, 'requests', 'decline', requestId),
            label: t('match.request.decline'),
          },
        ],
      },
    ],
  };
}

/** To the mentee: a mentor offers to accompany her. */
export function offerReceived(community: Community, mentee: Member, mentor: Member, requestId: string): Message {
  const t = translator(localeOf(mentee, community));
  const text = t('match.offer.received', { mentor: mention(mentor.externalUserId) });
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action: scopedActionId(community.id, 'mentors', 'choose', requestId),
            label: t('match.offer.choose'),
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/** Member text as a quote, each line marked on its own so the quote markup stays the bot's. */
export function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${memberText(line)}`)
    .join('\n');
}

export function simpleMessage(
  community: Community,
  to: Member,
  key: MessageKey,
  params: Record<string, string> = {},
): Message {
  return { text: render(localeOf(to, community), { key, params }) };
}

/** The first message of a pair's private space: welcome and conversation starters. */
export function pairWelcome(community: Community, mentee: Member, mentor: Member): Message {
  const t = translator(community.locale);
  const text = [
    t('match.pair.welcome', { mentee: mention(mentee.externalUserId), mentor: mention(mentor.externalUserId) }),
    '',
    `**${t('match.pair.startersTitle')}**`,
    `- ${t('match.pair.starter1')}`,
    `- ${t('match.pair.starter2')}`,
    `- ${t('match.pair.starter3')}`,
  ].join('\n');
  return { text };
}

/** Her request posted in the matching channel (in the community's language), with a button for mentors. */
export function postedRequest(community: Community, mentee: Member, profile: Profile, note: string | null): Message {
  const locale = community.locale;
  const t = translator(locale);
  const a = profile.answers;
  const text = [
    t('match.posted.title', { mentee: mention(mentee.externalUserId) }),
    `- ${t('match.posted.seeks', { items: (a.seeks ?? []).map((g) => label(locale, `option.goal.${g}`)).join(', ') })}`,
    `- ${t('match.posted.domains', { items: (a.domains ?? []).map((d) => label(locale, `option.domains.${d}`)).join(', ') })}`,
    `- ${t('match.posted.languages', { items: (a.languages ?? []).map((l) => label(locale, `option.languages.${l}`)).join(', ') })}`,
    ...(note ? [quote(note)] : []),
  ].join('\n');
  return {
    text,
    blocks: [
      { type: 'text', text },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action: actionId('requests', 'volunteer', mentee.id),
            label: t('match.posted.volunteer'),
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/** Why a post no longer takes volunteers. */
export type PostClosed = 'found' | 'closed' | 'reposted';

/** Her post once closed: what happened, and no button left. */
export function closedPost(community: Community, mentee: Member, why: PostClosed): Message {
  const t = translator(community.locale);
  const key =
    why === 'found' ? 'match.posted.found' : why === 'reposted' ? 'match.posted.reposted' : 'match.posted.closed';
  const text = t(key, { mentee: mention(mentee.externalUserId) });
  return { text, blocks: [{ type: 'text', text }] };
}
