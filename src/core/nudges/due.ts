import type { Community, Member } from '../community.ts';
import type { Message } from '../reply-model.ts';
import type { Repositories } from '../store.ts';
import type { NudgeKind } from './kinds.ts';

/**
 * A nudge found due. The scheduler (src/jobs/scheduler.ts) applies the recipient's rules
 * (her time zone and the community's nudge hour, quiet hours, snooze, opt-out, status),
 * adds the one-click "stop this kind of message" button to a DM, and enqueues it in the
 * outbox under `key`, so finding it again on a later tick, or on another instance, sends
 * nothing more.
 */
export interface DueNudge {
  kind: NudgeKind;
  /** Unique per logical nudge and recipient, e.g. `checkin:<check-in id>:<member id>`. */
  key: string;
  /** A member (a DM, on her own clock) or a channel (a community reminder, a moderators' alert). */
  to: { member: Member } | { channelId: string };
  /**
   * When it is due. `day` (YYYY-MM-DD): that calendar day at the community's nudge hour in
   * the recipient's time zone (a day already past: as soon as her rules allow).
   * `at`: that exact moment (a community reminder's cron date, an alert: now).
   */
  due: { day: string } | { at: Date };
  /** In the recipient's language. Member text inside it goes through memberText(). */
  message: Message;
}

/** One kind of nudge: what is due now, computed from the database alone, never from earlier ticks. */
export interface NudgeSource {
  kind: NudgeKind;
  /**
   * Everything of this kind due in the community at `now` (and not older than the source's
   * own catch-up window). It may write the state a nudge stands on (a check-in row) as long
   * as doing it twice, or on two instances at once, gives the same rows (unique keys,
   * INSERT … ON CONFLICT DO NOTHING).
   */
  collect(ctx: { repos: Repositories; community: Community; now: Date }): Promise<DueNudge[]>;
}
