import { DateTime } from 'luxon';
import { translator, type Locale } from '../../i18n/index.ts';
import { scopedActionId } from '../action-ids.ts';
import type { Community, Member } from '../community.ts';
import { formatOccurrence } from '../nudges/schedule.ts';
import { mention } from '../reply-parts.ts';
import { memberText, type Message } from '../reply-model.ts';
import type { CommunityEvent } from './ports.ts';

/** Outbox keys of what events send. */
export const eventKeys = {
  announcement: (eventId: string) => `event.announce:${eventId}`,
  /** A group's private space; by DM to each member where a space cannot be made. */
  group: (eventId: string, number: number, memberId?: string) =>
    `event.group:${eventId}:${number}${memberId ? `:${memberId}` : ''}`,
};

/** "samedi 14 mars 2027 à 09:00", in the community's time zone. */
export const eventDate = (locale: Locale, timeZone: string, event: Pick<CommunityEvent, 'startsAt'>) =>
  formatOccurrence(locale, timeZone, event.startsAt);

/**
 * What an admin types for an event's date: "2027-03-14", "14/03/2027", either with a time
 * ("14h", "14h30", "14:30"); a day alone starts at 09:00, in the community's time zone.
 */
export function parseEventDate(input: string, timeZone: string): Date | null {
  const text = input.trim().toLowerCase().replace(/\s+/g, ' ');
  const match =
    /^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})\/(\d{1,2})\/(\d{4}))(?:(?: à| a| at|,)? (\d{1,2})(?:[h:](\d{2})?)?)?$/.exec(
      text,
    );
  if (!match) return null;
  const [year, month, day] = match[1] ? [match[1], match[2], match[3]] : [match[6], match[5], match[4]];
  const hour = match[7] === undefined ? 9 : Number(match[7]);
  const minute = match[8] === undefined ? 0 : Number(match[8]);
  if (hour > 23 || minute > 59) return null;
  const date = DateTime.fromObject(
    { year: Number(year), month: Number(month), day: Number(day), hour, minute },
    { zone: timeZone },
  );
  return date.isValid ? date.toJSDate() : null;
}

/** The announcement, in the community's language, with the button members register with. */
export function announcement(community: Community, event: CommunityEvent): Message {
  const t = translator(community.locale);
  const text = [
    t('event.announce.title', {
      name: memberText(event.name),
      date: eventDate(community.locale, community.timeZone, event),
    }),
    t('event.announce.body'),
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
            action: scopedActionId(community.id, 'circle', 'event-join', event.id),
            label: t('event.announce.register'),
            style: 'primary',
          },
        ],
      },
    ],
  };
}

/** A group's first message: who is in it, its mentor, and how to start. */
export function groupWelcome(
  community: Community,
  event: CommunityEvent,
  number: number,
  mentor: Member,
  participants: readonly Member[],
): Message {
  const t = translator(community.locale);
  const text = [
    t('event.group.welcome', {
      name: memberText(event.name),
      number,
      participants: participants.map((p) => mention(p.externalUserId)).join(', '),
      mentor: mention(mentor.externalUserId),
    }),
    t('event.group.date', { date: eventDate(community.locale, community.timeZone, event) }),
    '',
    `**${t('event.group.startersTitle')}**`,
    `- ${t('event.group.starter1')}`,
    `- ${t('event.group.starter2')}`,
    `- ${t('event.group.starter3')}`,
  ].join('\n');
  return { text };
}

/**
 * User ids in what an admin pasted: mentions as both platforms write them (`<@123>`,
 * `<@!123>`, `<@U123|ada>`) and bare ids, whatever separates them. What is neither is
 * given back, so she can be told what was not understood.
 */
export function parseMentions(text: string): { userIds: string[]; unknown: string[] } {
  const userIds: string[] = [];
  const unknown: string[] = [];
  const rest = text.replace(/<@!?([A-Za-z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => {
    userIds.push(id);
    return ' ';
  });
  for (const token of rest.split(/[\s,;]+/).filter(Boolean)) {
    // A Discord snowflake, or a Slack user id (U or W, then capitals and digits, at least one digit).
    if (/^\d{15,21}$/.test(token) || (/^[UW][A-Z0-9]{2,}$/.test(token) && /\d/.test(token))) userIds.push(token);
    else unknown.push(token);
  }
  return { userIds: [...new Set(userIds)], unknown };
}
