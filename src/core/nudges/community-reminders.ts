import { text, type Text } from '../../i18n/index.ts';
import type { Clock } from '../clock.ts';
import { isPlatformId, type Community, type Member } from '../community.ts';
import { FieldErrors, UserError } from '../errors.ts';
import { memberText } from '../reply-model.ts';
import type { Store } from '../store.ts';
import type { DueNudge, NudgeSource } from './due.ts';
import type { CommunityReminder } from './reminder-ports.ts';
import { lastOccurrence, nextOccurrences, toCron } from './schedule.ts';

export const reminderTextMax = 1000;
export const reminderScheduleMax = 200;
/**
 * How late an occurrence may still be posted (the bot was down, a tick was missed). An
 * older one is skipped: "the meeting is tonight" posted two days late does harm.
 */
export const reminderCatchUpMs = 24 * 60 * 60_000;

/** Where what she typed waits when a field is refused, to prefill her correction. */
export const reminderPendingKeys = { text: 'reminder.text', schedule: 'reminder.schedule' } as const;

export interface ReminderInput {
  channelId: string | undefined;
  text: string;
  schedule: string;
}

/**
 * Each enabled reminder's latest occurrence, if it is within the catch-up window: one
 * nudge per occurrence, keyed by it, so every tick in between finds the same key.
 */
export const communityReminderSource: NudgeSource = {
  kind: 'communityReminder',
  async collect({ repos, community, now }) {
    // The admin's switch for the whole kind holds here too, whatever the scheduler checks.
    if (community.settings.nudges.disabled.includes('communityReminder')) return [];
    const due: DueNudge[] = [];
    // Reminders often share a schedule: each expression is parsed and searched once a tick.
    const occurrences = new Map<string, Date | null>();
    for (const reminder of await repos.reminders.list(community.id, { enabled: true })) {
      if (!occurrences.has(reminder.cron))
        occurrences.set(reminder.cron, lastOccurrence(reminder.cron, community.timeZone, now));
      const at = occurrences.get(reminder.cron);
      if (!at || now.getTime() - at.getTime() > reminderCatchUpMs) continue;
      due.push({
        kind: 'communityReminder',
        key: `reminder:${reminder.id}:${at.toISOString()}`,
        to: { channelId: reminder.channelId },
        due: { at },
        message: { text: memberText(reminder.text) },
      });
    }
    return due;
  },
};

/** Admins' reminders: the dispatcher lets only admins reach these; each change is audited. */
export function createCommunityReminders({ store, clock }: { store: Store; clock: Clock }) {
  /** Keeps (or, once valid, forgets) what she typed, when she has a profile to keep it in. */
  async function keepTyped(member: Member, typed: Partial<Record<keyof typeof reminderPendingKeys, string>>) {
    const profile = await store.profiles.get(member.id);
    if (!profile) return;
    const pendingInput = { ...profile.pendingInput };
    for (const [field, key] of Object.entries(reminderPendingKeys)) {
      const value = typed[field as keyof typeof reminderPendingKeys];
      if (value) pendingInput[key] = value;
      else delete pendingInput[key];
    }
    if (JSON.stringify(pendingInput) !== JSON.stringify(profile.pendingInput))
      await store.profiles.save({ ...profile, pendingInput });
  }

  async function audit(
    community: Community,
    actor: Member,
    action: string,
    reminder: CommunityReminder,
    details: Record<string, unknown> = {},
  ) {
    await store.auditLog.record({
      communityId: community.id,
      actorId: actor.id,
      action,
      targetType: 'community_reminder',
      targetId: reminder.id,
      details,
    });
  }

  return {
    /**
     * Validates every field before saving anything; FieldErrors names each wrong one and
     * `retryAction` reopens the form with what she typed.
     */
    async create(
      community: Community,
      actor: Member,
      input: ReminderInput,
      retryAction: string,
    ): Promise<CommunityReminder> {
      const body = input.text.trim();
      const schedule = input.schedule.trim().replace(/\s+/g, ' ');
      const errors: Record<string, Text> = {};
      if (!input.channelId) errors.reminderChannel = text('onboarding.invalid.required');
      // A channel select's value, or a component id's argument: forged or stale if it is no channel id.
      else if (!isPlatformId(community.platform, input.channelId)) throw new UserError('error.expired');
      if (!body) errors.reminderText = text('onboarding.invalid.required');
      else if (body.length > reminderTextMax)
        errors.reminderText = text('onboarding.invalid.tooLong', { max: reminderTextMax });
      const cron = schedule.length <= reminderScheduleMax ? toCron(schedule) : null;
      if (!cron)
        errors.schedule = schedule
          ? text('reminders.invalid.schedule', { value: memberText(schedule) })
          : text('onboarding.invalid.required');
      if (Object.keys(errors).length > 0) {
        await keepTyped(actor, { text: input.text, schedule: input.schedule });
        throw new FieldErrors(errors, retryAction, 'typed');
      }
      await keepTyped(actor, {});
      const reminder = await store.reminders.create({
        communityId: community.id,
        channelId: input.channelId!,
        text: body,
        schedule,
        cron: cron!,
        createdById: actor.id,
      });
      await audit(community, actor, 'reminder.created', reminder, {
        channelId: reminder.channelId,
        cron: reminder.cron,
      });
      return reminder;
    },

    /** What she typed last time the form was refused. */
    async pending(actor: Member): Promise<{ text?: string; schedule?: string }> {
      const pending = (await store.profiles.get(actor.id))?.pendingInput ?? {};
      return {
        ...(pending[reminderPendingKeys.text]
          ? { text: pending[reminderPendingKeys.text]!.slice(0, reminderTextMax) }
          : {}),
        ...(pending[reminderPendingKeys.schedule]
          ? { schedule: pending[reminderPendingKeys.schedule]!.slice(0, reminderScheduleMax) }
          : {}),
      };
    },

    /** Every reminder of the community, each with its next dates (none when disabled). */
    async list(community: Community, count = 3): Promise<(CommunityReminder & { next: Date[] })[]> {
      const now = clock.now();
      const reminders = await store.reminders.list(community.id);
      return reminders.map((r) => ({
        ...r,
        next: r.enabled ? nextOccurrences(r.cron, community.timeZone, now, count) : [],
      }));
    },

    async setEnabled(community: Community, actor: Member, id: string, enabled: boolean): Promise<CommunityReminder> {
      const reminder = await store.reminders.setEnabled(community.id, id, enabled);
      if (!reminder) throw new UserError('error.expired');
      await audit(community, actor, enabled ? 'reminder.enabled' : 'reminder.disabled', reminder);
      return reminder;
    },

    async remove(community: Community, actor: Member, id: string): Promise<CommunityReminder> {
      const reminder = await store.reminders.remove(community.id, id);
      if (!reminder) throw new UserError('error.expired');
      await audit(community, actor, 'reminder.deleted', reminder, { text: reminder.text, schedule: reminder.schedule });
      return reminder;
    },
  };
}

export type CommunityReminders = ReturnType<typeof createCommunityReminders>;
