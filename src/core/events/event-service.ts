import { text, type Text } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { FieldErrors, UserError } from '../errors.ts';
import { dm, enqueue } from '../matching/notify.ts';
import type { Profile } from '../onboarding/profile.ts';
import type { Repositories, Store } from '../store.ts';
import { commonLanguage, makeGroups, type EventPerson, type Grouping } from './grouping.ts';
import { announcement, eventKeys, groupWelcome, parseEventDate } from './messages.ts';
import type { CommunityEvent, EventParticipant } from './ports.ts';

export const eventNameMax = 100;
const dayMs = 24 * 60 * 60_000;

/** An event with who registered, as its panel shows it. */
export interface EventDetails {
  event: CommunityEvent;
  participants: EventParticipant[];
  members: Map<string, Member>;
}

/** The groups of the current proposal, read back from the participants' rows. */
export interface ProposedGroup {
  number: number;
  mentors: string[];
  participants: string[];
}

export function proposedGroups(participants: readonly EventParticipant[]): {
  groups: ProposedGroup[];
  ungrouped: EventParticipant[];
} {
  const byNumber = new Map<number, ProposedGroup>();
  const ungrouped: EventParticipant[] = [];
  for (const p of participants) {
    if (p.groupNumber === null) {
      ungrouped.push(p);
      continue;
    }
    let group = byNumber.get(p.groupNumber);
    if (!group) byNumber.set(p.groupNumber, (group = { number: p.groupNumber, mentors: [], participants: [] }));
    (p.mentor ? group.mentors : group.participants).push(p.memberId);
  }
  return { groups: [...byNumber.values()].sort((a, b) => a.number - b.number), ungrouped };
}

/** Whether a proposal can be published: every participant in a group, each group one mentor and 3 or 4 participants. */
export function proposalIsComplete(participants: readonly EventParticipant[]): boolean {
  const { groups, ungrouped } = proposedGroups(participants);
  return (
    groups.length > 0 &&
    ungrouped.every((p) => p.mentor) &&
    groups.every((g) => g.mentors.length === 1 && g.participants.length >= 3 && g.participants.length <= 4)
  );
}

/** What grouping reads of a person; without a profile, the community's language and nothing else. */
function personOf(memberId: string, profile: Profile | undefined, community: Community): EventPerson {
  const a = profile?.answers;
  return {
    memberId,
    situation: a?.situation ?? null,
    domains: a?.domains ?? [],
    languages: a?.languages?.length ? a.languages : [community.locale],
  };
}

/**
 * Mentored events. Everything that changes an event (registrations, the proposal, a swap,
 * the publication) locks its row first, so two admins, or an admin and members clicking
 * "I register", take turns; the proposal lives in the participants' rows, so every
 * instance sees the same one, and publishing queues each group's space under its own key.
 */
export function createEventService({ store, clock }: { store: Store; clock: Clock }) {
  async function locked(repos: Repositories, community: Community, eventId: string): Promise<CommunityEvent> {
    const event = await repos.events.lock(eventId);
    if (!event || event.communityId !== community.id) throw new UserError('error.expired');
    return event;
  }

  async function audit(
    repos: Repositories,
    community: Community,
    actor: Member | null,
    action: string,
    eventId: string,
    details: Record<string, unknown> = {},
  ) {
    await repos.auditLog.record({
      communityId: community.id,
      actorId: actor?.id ?? null,
      action,
      targetType: 'event',
      targetId: eventId,
      details,
    });
  }

  async function people(
    repos: Repositories,
    community: Community,
    participants: readonly EventParticipant[],
  ): Promise<Map<string, EventPerson>> {
    const profiles = new Map(
      (await repos.profiles.many(participants.map((p) => p.memberId))).map((p) => [p.memberId, p]),
    );
    return new Map(participants.map((p) => [p.memberId, personOf(p.memberId, profiles.get(p.memberId), community)]));
  }

  /** Registration is open until the groups are published and the day is over. */
  const closed = (event: CommunityEvent) =>
    event.status !== 'open' || event.startsAt.getTime() + dayMs < clock.now().getTime();

  return {
    /** Validates both fields before saving; `retryAction` reopens the form with what she typed. */
    async create(
      community: Community,
      admin: Member,
      input: { name: string; date: string },
      retryAction: string,
    ): Promise<CommunityEvent> {
      const name = input.name.trim().replace(/\s+/g, ' ');
      const errors: Record<string, Text> = {};
      if (!name) errors.eventName = text('onboarding.invalid.required');
      else if (name.length > eventNameMax) errors.eventName = text('onboarding.invalid.tooLong', { max: eventNameMax });
      const startsAt = parseEventDate(input.date, community.timeZone);
      if (!startsAt)
        errors.eventDate = input.date.trim() ? text('event.invalid.date') : text('onboarding.invalid.required');
      else if (startsAt.getTime() + dayMs < clock.now().getTime()) errors.eventDate = text('event.invalid.past');
      if (Object.keys(errors).length > 0) throw new FieldErrors(errors, retryAction, 'typed');
      return store.transaction(async (repos) => {
        const event = await repos.events.create({
          communityId: community.id,
          name,
          startsAt: startsAt as Date,
          createdById: admin.id,
        });
        await audit(repos, community, admin, 'event.created', event.id, { name, startsAt });
        return event;
      });
    },

    list: (community: Community, limit = 10) => store.events.list(community.id, clock.now(), limit),

    async details(community: Community, eventId: string): Promise<EventDetails> {
      const event = await store.events.get(eventId);
      if (!event || event.communityId !== community.id) throw new UserError('error.expired');
      const participants = await store.events.participants(event.id);
      const members = new Map((await store.members.many(participants.map((p) => p.memberId))).map((m) => [m.id, m]));
      return { event, participants, members };
    },

    /** The announcement with its "I register" button, in the announcements channel (once). */
    async announce(community: Community, admin: Member, eventId: string): Promise<CommunityEvent> {
      const channel = community.settings.channels.announcements;
      if (!channel) throw new UserError('event.error.noAnnouncements');
      return store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (closed(event)) throw new UserError('event.error.closed');
        const now = clock.now();
        await enqueue(
          repos,
          community,
          now,
          eventKeys.announcement(event.id),
          { kind: 'channel', channelId: channel },
          announcement(community, event),
        );
        if (!event.announcedAt) await repos.events.markAnnounced(event.id, now);
        await audit(repos, community, admin, 'event.announced', event.id, { channel });
        return event;
      });
    },

    /** She registers with the announcement's button; a second click changes nothing. */
    async register(
      community: Community,
      member: Member,
      eventId: string,
    ): Promise<{ event: CommunityEvent; already: boolean }> {
      return store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (closed(event)) throw new UserError('event.error.closed');
        const added = await repos.events.register(event.id, [member.id], {
          mentor: false,
          via: 'button',
          at: clock.now(),
        });
        if (added > 0) await audit(repos, community, member, 'event.registered', event.id);
        return { event, already: added === 0 };
      });
    },

    async unregister(community: Community, member: Member, eventId: string): Promise<CommunityEvent> {
      return store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (event.status !== 'open') throw new UserError('event.error.published');
        if (await repos.events.unregister(event.id, member.id))
          await audit(repos, community, member, 'event.unregistered', event.id);
        return event;
      });
    },

    /** Admins add people (picked, or pasted as mentions), as participants or as mentors. */
    async add(
      community: Community,
      admin: Member,
      eventId: string,
      userIds: readonly string[],
      role: 'participant' | 'mentor',
    ): Promise<{ added: number; tagged: number }> {
      return store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (event.status !== 'open') throw new UserError('event.error.published');
        const members: Member[] = [];
        for (const externalUserId of new Set(userIds))
          members.push(await repos.members.ensure({ communityId: community.id, externalUserId }));
        const ids = members.map((m) => m.id);
        const added = await repos.events.register(event.id, ids, {
          mentor: role === 'mentor',
          via: 'admin',
          at: clock.now(),
        });
        await audit(
          repos,
          community,
          admin,
          role === 'mentor' ? 'event.mentors.added' : 'event.participants.added',
          event.id,
          { members: ids },
        );
        return { added, tagged: ids.length };
      });
    },

    /** An admin takes someone off the event (or a mentor back to participant). */
    async remove(community: Community, admin: Member, eventId: string, userId: string): Promise<boolean> {
      return store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (event.status !== 'open') throw new UserError('event.error.published');
        const member = await repos.members.find(community.id, userId);
        const done = member ? await repos.events.unregister(event.id, member.id) : false;
        if (done) await audit(repos, community, admin, 'event.participant.removed', event.id, { memberId: member?.id });
        return done;
      });
    },

    /** Makes the groups and keeps them as the event's proposal; or says why it cannot (mentors missing…). */
    async makeGroups(community: Community, admin: Member, eventId: string): Promise<Grouping> {
      return store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (event.status !== 'open') throw new UserError('event.error.published');
        const participants = await repos.events.participants(event.id);
        const byId = await people(repos, community, participants);
        const grouping = makeGroups(
          participants.filter((p) => !p.mentor).map((p) => byId.get(p.memberId) as EventPerson),
          participants.filter((p) => p.mentor).map((p) => byId.get(p.memberId) as EventPerson),
        );
        if (grouping.kind === 'groups') {
          const groups = new Map<string, number>();
          for (const group of grouping.groups)
            for (const id of [group.mentorId, ...group.participantIds]) groups.set(id, group.number);
          await repos.events.setGroups(event.id, groups);
        }
        await audit(repos, community, admin, 'event.grouped', event.id, {
          outcome: grouping.kind,
          ...(grouping.kind === 'groups' ? { groups: grouping.groups.length } : {}),
        });
        return grouping;
      });
    },

    /**
     * Two people trade places in the proposal: two participants, or two mentors (one may be
     * spare, or a participant not grouped yet). Each group must still share a language.
     */
    async swap(community: Community, admin: Member, eventId: string, userIds: readonly string[]): Promise<void> {
      await store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (event.status !== 'open') throw new UserError('event.error.published');
        if (new Set(userIds).size !== 2) throw new UserError('event.error.swapTwo');
        const members = await Promise.all(userIds.map((id) => repos.members.find(community.id, id)));
        const participants = await repos.events.participants(event.id);
        const [a, b] = members.map((m) => participants.find((p) => p.memberId === m?.id));
        if (!a || !b) throw new UserError('event.error.notRegistered');
        if (a.mentor !== b.mentor) throw new UserError('event.error.swapRoles');
        if (a.groupNumber === b.groupNumber) throw new UserError('event.error.swapSameGroup');
        const groups = new Map(participants.map((p) => [p.memberId, p.groupNumber]));
        groups.set(a.memberId, b.groupNumber);
        groups.set(b.memberId, a.groupNumber);
        const byId = await people(repos, community, participants);
        for (const number of [a.groupNumber, b.groupNumber]) {
          if (number === null) continue;
          const inGroup = participants
            .filter((p) => groups.get(p.memberId) === number)
            .map((p) => byId.get(p.memberId) as EventPerson);
          if (!commonLanguage(inGroup)) throw new UserError('event.error.swapLanguage', { number });
        }
        await repos.events.setGroups(
          event.id,
          new Map([...groups].filter((entry): entry is [string, number] => entry[1] !== null)),
        );
        await audit(repos, community, admin, 'event.swapped', event.id, { members: [a.memberId, b.memberId] });
      });
    },

    /**
     * Publishes the proposal: each group gets its private space (a Discord private thread
     * under the matching channel, else the announcements one; a Slack group DM) with its welcome, in
     * the community's language. Once: a second publication finds it published.
     */
    async publish(community: Community, admin: Member, eventId: string): Promise<number> {
      return store.transaction(async (repos) => {
        const event = await locked(repos, community, eventId);
        if (event.status !== 'open') throw new UserError('event.error.published');
        const participants = await repos.events.participants(event.id);
        if (!proposalIsComplete(participants)) throw new UserError('event.error.proposalStale');
        const now = clock.now();
        if (!(await repos.events.markPublished(event.id, now))) throw new UserError('event.error.published');
        const members = new Map((await repos.members.many(participants.map((p) => p.memberId))).map((m) => [m.id, m]));
        const { groups } = proposedGroups(participants);
        // Private threads live under the matching channel, as pairs' do (Discord's announcement channels take none).
        const parent = community.settings.channels.matching ?? community.settings.channels.announcements;
        for (const group of groups) {
          const mentor = members.get(group.mentors[0] as string) as Member;
          const people = group.participants.map((id) => members.get(id) as Member);
          const welcome = groupWelcome(community, event, group.number, mentor, people);
          const everyone = [mentor, ...people];
          if (community.platform === 'discord' && !parent) {
            for (const member of everyone)
              await enqueue(
                repos,
                community,
                now,
                eventKeys.group(event.id, group.number, member.id),
                dm(member),
                welcome,
              );
            continue;
          }
          const name = `${event.name} — ${group.number}`.slice(0, 100);
          await enqueue(
            repos,
            community,
            now,
            eventKeys.group(event.id, group.number),
            {
              kind: 'group',
              userIds: everyone.map((m) => m.externalUserId),
              ...(parent ? { parentChannelId: parent } : {}),
              name,
            },
            welcome,
          );
        }
        await audit(repos, community, admin, 'event.published', event.id, { groups: groups.length });
        return groups.length;
      });
    },

    upcomingOf: (member: Member) => store.events.upcomingOf(member.id, clock.now()),
  };
}

export type EventService = ReturnType<typeof createEventService>;
