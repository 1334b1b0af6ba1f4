import { translator, type Locale } from '../../i18n/index.ts';
import { scopedActionId } from '../action-ids.ts';
import type { Community, Member } from '../community.ts';
import { formatDate, mention } from '../reply-parts.ts';
import type { Message } from '../reply-model.ts';
import type { CheckIn } from './checkin-ports.ts';

/** The language a nudge to this member is written in. */
export const localeFor = (member: Member, community: Community): Locale => member.locale ?? community.locale;

/** Outbox keys of everything a check-in sends: each logical message once. */
export const checkInKeys = {
  /** The question to one member: `checkin:<check-in>:<member>`. */
  prefix: 'checkin:',
  question: (checkInId: string, memberId: string) => `checkin:${checkInId}:${memberId}`,
  /** The moderators' alert: in the moderation channel, or one DM per moderator (by platform user id). */
  alert: (checkInId: string, userId?: string) => `checkin.help:${checkInId}${userId ? `:${userId}` : ''}`,
  taken: (checkInId: string, userId?: string) => `checkin.help.taken:${checkInId}${userId ? `:${userId}` : ''}`,
  ack: (checkInId: string) => `checkin.help.ack:${checkInId}`,
};

/** "Did you manage to meet?" with its three answers, to one member of the pair. */
export function checkInQuestion(community: Community, to: Member, partner: Member, checkInId: string): Message {
  const t = translator(localeFor(to, community));
  const text = t('checkin.question', { partner: mention(partner.externalUserId) });
  const answer = (value: string) => scopedActionId(community.id, 'checkin', 'answer', checkInId, value);
  return {
    text,
    blocks: [
      { type: 'text', text },
      { type: 'context', text: t('checkin.hint') },
      {
        type: 'actions',
        elements: [
          { type: 'button', action: answer('met'), label: t('checkin.answer.met'), style: 'success' },
          { type: 'button', action: answer('not_yet'), label: t('checkin.answer.notYet') },
          { type: 'button', action: answer('need_help'), label: t('checkin.answer.needHelp'), style: 'danger' },
        ],
      },
    ],
  };
}

/** Who is told of a "need help": the moderators' roles (Discord) and users, as the bot's own mentions. */
function moderatorMentions(community: Community): string {
  const roles = community.platform === 'discord' ? community.settings.moderatorRoles.map((id) => `<@&${id}>`) : [];
  return [...roles, ...community.settings.moderatorUsers.map(mention)].join(' ');
}

/** The moderators' alert; once taken, the same text saying who took it and without the button. */
export function helpAlert(
  community: Community,
  checkIn: CheckIn,
  asker: Member,
  partner: Member,
  takenBy?: Member,
): Message {
  const t = translator(community.locale);
  const date = formatDate(community.locale, 'UTC', new Date(`${checkIn.dueOn}T12:00:00Z`));
  const alert = t('checkin.help.alert', {
    asker: mention(asker.externalUserId),
    partner: mention(partner.externalUserId),
    date,
  });
  const mentions = moderatorMentions(community);
  const lines = [
    alert,
    ...(mentions && !takenBy ? [t('checkin.help.notify', { mentions })] : []),
    ...(takenBy ? [t('checkin.help.taken', { moderator: mention(takenBy.externalUserId) })] : []),
  ];
  const text = lines.join('\n');
  return {
    text,
    blocks: [
      { type: 'text', text },
      ...(takenBy
        ? []
        : [
            {
              type: 'actions' as const,
              elements: [
                {
                  type: 'button' as const,
                  action: scopedActionId(community.id, 'checkin', 'take', checkIn.id),
                  label: t('checkin.help.take'),
                  style: 'primary' as const,
                },
              ],
            },
          ]),
    ],
  };
}
