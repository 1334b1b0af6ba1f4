export type EventStatus = 'open' | 'published';

/** A mentored event: participants in groups of 3-4, each group with one mentor. */
export interface CommunityEvent {
  id: string;
  communityId: string;
  /** As the admin typed it: member text. */
  name: string;
  startsAt: Date;
  status: EventStatus;
  createdById: string | null;
  announcedAt: Date | null;
  publishedAt: Date | null;
  createdAt: Date;
}

export interface EventParticipant {
  eventId: string;
  memberId: string;
  mentor: boolean;
  /** Her group in the current proposal; null until the groups are made (or when she came after). */
  groupNumber: number | null;
  via: 'button' | 'admin';
  registeredAt: Date;
}

export interface EventFiguresRow {
  count: number;
  participants: number;
  groups: number;
}

/** Events, who registered, and the groups proposed (src/storage/repositories/events.ts). */
export interface EventRepository {
  create(event: {
    communityId: string;
    name: string;
    startsAt: Date;
    createdById: string | null;
  }): Promise<CommunityEvent>;
  get(id: string): Promise<CommunityEvent | null>;
  /** Reads the event and keeps it locked until the transaction ends: registrations, proposals, swaps and publication take turns. */
  lock(id: string): Promise<CommunityEvent | null>;
  /** The community's events, the soonest to come first, then the past ones, most recent first. */
  list(communityId: string, now: Date, limit: number): Promise<CommunityEvent[]>;
  /**
   * Registers these members (nobody twice). `mentor` tags them as mentors (a participant
   * already registered becomes one); without it, someone already registered stays as she is.
   * Returns how many were not registered before.
   */
  register(
    eventId: string,
    memberIds: readonly string[],
    options: { mentor: boolean; via: 'button' | 'admin'; at: Date },
  ): Promise<number>;
  /** False when she was not registered. */
  unregister(eventId: string, memberId: string): Promise<boolean>;
  participants(eventId: string): Promise<EventParticipant[]>;
  participant(eventId: string, memberId: string): Promise<EventParticipant | null>;
  /** The proposal: each member's group (null: none), in one statement; everyone else's is cleared. */
  setGroups(eventId: string, groups: ReadonlyMap<string, number>): Promise<void>;
  markAnnounced(id: string, at: Date): Promise<void>;
  /** Open → published; false when it was not open (published meanwhile). */
  markPublished(id: string, at: Date): Promise<boolean>;
  /** Events she registered for that are still to come or under way. */
  upcomingOf(
    memberId: string,
    now: Date,
  ): Promise<(CommunityEvent & { mentor: boolean; groupNumber: number | null })[]>;
  /** Counts; with `memberIds`, only events and groups holding one of them, participants among them. */
  figures(communityId: string, memberIds?: readonly string[]): Promise<EventFiguresRow>;
}
