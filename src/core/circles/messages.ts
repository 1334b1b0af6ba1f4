import { catalog, translator, type Locale, type MessageKey, type Translate } from '../../i18n/index.ts';
import { scopedActionId } from '../action-ids.ts';
import type { Community, Member } from '../community.ts';
import { mention } from '../reply-parts.ts';
import { memberText, type Message } from '../reply-model.ts';
import type { Shared } from './formation.ts';

/** The language a message to this member is written in. */
export const localeOf = (member: Member, community: Community): Locale => member.locale ?? community.locale;

const label = (locale: Locale, key: string) => {
  const message = catalog(locale)[key as MessageKey];
  return typeof message === 'string' ? message : key;
};

/** "En reconversion, Back-end, Lyon": what they all share; their language when nothing else. */
export function describeShared(locale: Locale, shared: Shared, language: string): string {
  const t = translator(locale);
  const items = [
    ...(shared.situation ? [label(locale, `option.situation.${shared.situation}`)] : []),
    ...shared.domains.map((d) => label(locale, `option.domains.${d}`)),
    // A region's name or a city is typed by people: data, never markup.
    ...(shared.place && shared.placeLabel
      ? [memberText(shared.placeLabel)]
      : shared.remote
        ? [t('circle.shared.remote')]
        : []),
  ];
  return items.length > 0
    ? items.join(', ')
    : t('circle.shared.language', { language: label(locale, `option.languages.${language}`) });
}

const mentions = (members: readonly Member[]) => members.map((m) => mention(m.externalUserId)).join(', ');

export type WelcomeKind = 'new' | 'newcomer' | 'merged' | 'continues';

/** The first message of a circle's space: who is there, what they share, and what to talk about. */
export function circleWelcome(
  community: Community,
  circle: { number: number; language: string; shared: Shared },
  members: readonly Member[],
  kind: WelcomeKind,
): Message {
  const t = translator(community.locale);
  const who = mentions(members);
  const intro = {
    new: t('circle.welcome.new', { number: circle.number, members: who }),
    newcomer: t('circle.welcome.newcomer', { number: circle.number, members: who }),
    merged: t('circle.welcome.merged', { number: circle.number, members: who }),
    continues: t('circle.welcome.continues', { number: circle.number, members: who }),
  }[kind];
  const text = [
    intro,
    t('circle.welcome.shared', { shared: describeShared(community.locale, circle.shared, circle.language) }),
    '',
    `**${t('circle.welcome.startersTitle')}**`,
    `- ${t('circle.starter.1')}`,
    `- ${t('circle.starter.2')}`,
    `- ${t('circle.starter.3')}`,
    '',
    t('circle.welcome.rhythm', { weeks: community.settings.nudges.checkinWeeks }),
  ].join('\n');
  return { text };
}

/** To each member, once the space exists: the link to it (see spaceLinkToken). */
export function circleReady(community: Community, to: Member, circle: { number: number }, space: string): Message {
  return { text: translator(localeOf(to, community))('circle.ready', { number: circle.number, space }) };
}

const starters = [
  'circle.starter.1',
  'circle.starter.2',
  'circle.starter.3',
  'circle.starter.4',
  'circle.starter.5',
  'circle.starter.6',
] as const;

/** The circle's check-in: a question for the group, a new conversation starter each time, and two buttons. */
export function circleCheckIn(
  community: Community,
  locale: Locale,
  circle: { id: string; number: number },
  period: number,
): Message {
  const t = translator(locale);
  const starter = t(starters[period % starters.length] as (typeof starters)[number]);
  const text = [
    t('circle.checkin.question', { number: circle.number, weeks: community.settings.nudges.checkinWeeks }),
    t('circle.checkin.starter', { starter }),
  ].join('\n');
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'context', text: t('circle.checkin.hint') },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action: scopedActionId(community.id, 'circle', 'met', circle.id),
            label: t('circle.checkin.met'),
            style: 'success',
          },
          {
            type: 'button',
            action: scopedActionId(community.id, 'circle', 'help', circle.id),
            label: t('circle.checkin.help'),
            style: 'danger',
          },
        ],
      },
    ],
  };
}

export interface Offer {
  newcomer: { member: Member; shared: string } | null;
  merge: { circleId: string; number: number; size: number; shared: string } | null;
}

/** The buttons of an offer to a circle short of members (they act on her own circle: its id is not in them). */
export function offerButtons(t: Translate, community: Community, offer: Offer) {
  return [
    ...(offer.newcomer
      ? [
          {
            type: 'button' as const,
            action: scopedActionId(community.id, 'circle', 'welcome', offer.newcomer.member.id),
            label: t('circle.offer.welcomeButton'),
            style: 'primary' as const,
          },
        ]
      : []),
    ...(offer.merge
      ? [
          {
            type: 'button' as const,
            action: scopedActionId(community.id, 'circle', 'merge', offer.merge.circleId),
            label: t('circle.offer.mergeButton', { number: offer.merge.number }),
          },
        ]
      : []),
  ];
}

/** The lines of an offer: who waits and what they would share, which circle they could join. */
export function offerLines(t: Translate, offer: Offer): string[] {
  return [
    ...(offer.newcomer
      ? [
          t('circle.offer.newcomer', {
            member: mention(offer.newcomer.member.externalUserId),
            shared: offer.newcomer.shared,
          }),
        ]
      : []),
    ...(offer.merge
      ? [t('circle.offer.merge', { number: offer.merge.number, count: offer.merge.size, shared: offer.merge.shared })]
      : []),
    ...(!offer.newcomer && !offer.merge ? [t('circle.offer.none')] : []),
  ];
}

/** To the members left in a circle: she left (null: she was erased, so no name); and, when they are fewer than three, what can be done. */
export function memberLeft(
  community: Community,
  to: Member,
  left: Member | null,
  remaining: number,
  offer: Offer | null,
): Message {
  const t = translator(localeOf(to, community));
  const lines = [
    left
      ? t('circle.left.told', { member: mention(left.externalUserId), count: remaining })
      : t('circle.left.erased', { count: remaining }),
  ];
  if (!offer) return { text: lines.join('\n') };
  const text = [...lines, t('circle.short.intro'), ...offerLines(t, offer)].join('\n');
  const buttons = offerButtons(t, community, offer);
  return {
    text,
    blocks: [{ type: 'text', text }, ...(buttons.length > 0 ? [{ type: 'actions' as const, elements: buttons }] : [])],
  };
}

/** To the members of a short circle: someone who just asked to join would fit. */
export function newcomerOffer(community: Community, to: Member, offer: Offer): Message {
  const t = translator(localeOf(to, community));
  const text = [t('circle.offer.arrived'), ...offerLines(t, offer)].join('\n');
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'actions', elements: offerButtons(t, community, offer) },
    ],
  };
}

/** The moderators' alert when a circle asks for a hand. */
export function circleHelpAlert(
  community: Community,
  circle: { number: number },
  asker: Member,
  members: readonly Member[],
): Message {
  const t = translator(community.locale);
  const roles = community.platform === 'discord' ? community.settings.moderatorRoles.map((id) => `<@&${id}>`) : [];
  const notify = [...roles, ...community.settings.moderatorUsers.map(mention)].join(' ');
  const text = [
    t('circle.help.alert', { asker: mention(asker.externalUserId), number: circle.number, members: mentions(members) }),
    ...(notify ? [t('checkin.help.notify', { mentions: notify })] : []),
  ].join('\n');
  return { text };
}
