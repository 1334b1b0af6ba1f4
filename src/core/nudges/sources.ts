import { circleCheckinSource } from '../circles/checkin-source.ts';
import { checkinSource } from './checkin-source.ts';
import { communityReminderSource } from './community-reminders.ts';
import { ghostSource } from './ghost.ts';
import { programEndSource } from './program-end.ts';
import { checkinReminderSource, notYetReminderSource } from './reminders.ts';
import { requestExpiredSource, requestReminderSource } from './requests.ts';
import type { NudgeSource } from './due.ts';

export { checkinSource };

/**
 * Every kind of nudge the scheduler runs, in this order at each tick: check-ins first, so
 * the reminders and the silence count read the check-ins this tick created.
 */
export const defaultSources: readonly NudgeSource[] = [
  checkinSource,
  circleCheckinSource,
  checkinReminderSource,
  notYetReminderSource,
  requestReminderSource,
  requestExpiredSource,
  ghostSource,
  programEndSource,
  communityReminderSource,
];
