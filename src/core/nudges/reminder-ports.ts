/** A message admins set to be posted in a channel on a schedule (a monthly meeting…). */
export interface CommunityReminder {
  id: string;
  communityId: string;
  channelId: string;
  /** What the admin typed: member text. */
  text: string;
  /** As she typed it ("le premier mardi du mois à 18h"), shown back to her. */
  schedule: string;
  cron: string;
  enabled: boolean;
  createdById: string | null;
  createdAt: Date;
}

export interface CommunityReminderRepository {
  create(
    input: Pick<CommunityReminder, 'communityId' | 'channelId' | 'text' | 'schedule' | 'cron' | 'createdById'>,
  ): Promise<CommunityReminder>;
  /** Oldest first; `enabled` filters. */
  list(communityId: string, options?: { enabled?: boolean }): Promise<CommunityReminder[]>;
  /** Null when it is not this community's (an id from another community changes nothing). */
  setEnabled(communityId: string, id: string, enabled: boolean): Promise<CommunityReminder | null>;
  remove(communityId: string, id: string): Promise<CommunityReminder | null>;
}

/** A pair moderators should look at: silent too long, or asking for help nobody took. */
export interface PairNeedingAttention {
  pairId: string;
  mentee: { id: string; externalUserId: string };
  mentor: { id: string; externalUserId: string };
  silentCheckIns: number;
  /** Check-ins answered "need help" that no moderator took yet. */
  helpWanted: number;
}

export interface NudgeAttentionRepository {
  /** Active or paused pairs with at least `ghostAfter` silent check-ins, or an untaken "need help". */
  pairsNeedingAttention(communityId: string, ghostAfter: number, limit?: number): Promise<PairNeedingAttention[]>;
}
