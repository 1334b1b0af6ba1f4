import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { UserError } from '../errors.ts';
import type { Repositories, Store } from '../store.ts';
import { translator } from '../../i18n/index.ts';
import type { CheckIn, CheckInAnswer, CheckInPair } from './checkin-ports.ts';
import { checkInKeys, helpAlert, localeFor } from './checkin-messages.ts';
import { localDay } from './local-time.ts';

export type AnswerOutcome =
  | { status: 'saved'; answer: CheckInAnswer }
  /** Someone answered first: her, or her partner (`by`). */
  | { status: 'already'; answer: CheckInAnswer; by: Member; byYou: boolean };

export type TakeOutcome = { status: 'taken'; asker: Member } | { status: 'already'; by: Member };

const partnerOf = (pair: CheckInPair, memberId: string) => (pair.menteeId === memberId ? pair.mentorId : pair.menteeId);

/**
 * Answers to check-ins, meetings reported, and requests for help. Every write is in one
 * transaction with what it queues, and "first answer wins" is a conditional UPDATE, so
 * two clicks at once (hers and her partner's) store one answer.
 */
export function createCheckinService({ store, clock }: { store: Store; clock: Clock }) {
  /** The moderators' alert: in the moderation channel, or a DM to each moderator and admin user. */
  async function alertModerators(
    repos: Repositories,
    community: Community,
    checkIn: CheckIn,
    asker: Member,
    partner: Member,
  ) {
    const message = helpAlert(community, checkIn, asker, partner);
    const base = { communityId: community.id, platform: community.platform, message, availableAt: clock.now() };
    const channel = community.settings.channels.moderationQueue;
    if (channel) {
      await repos.outbox.enqueue({
        ...base,
        key: checkInKeys.alert(checkIn.id),
        target: { kind: 'channel', channelId: channel },
      });
      return;
    }
    const people = [...new Set([...community.settings.moderatorUsers, ...community.settings.adminUsers])];
    for (const userId of people)
      await repos.outbox.enqueue({
        ...base,
        key: checkInKeys.alert(checkIn.id, userId),
        target: { kind: 'dm', userId },
      });
  }

  async function pairMembers(repos: Repositories, pair: CheckInPair, memberId: string) {
    const [me, partner] = await Promise.all([
      repos.members.get(memberId),
      repos.members.get(partnerOf(pair, memberId)),
    ]);
    return { me, partner };
  }

  /** Stores an answer of hers to a check-in (the first one wins); a "need help" alerts the moderators. */
  async function answer(
    community: Community,
    member: Member,
    checkInId: string,
    value: CheckInAnswer,
  ): Promise<AnswerOutcome> {
    return store.transaction(async (repos) => {
      const checkIn = await repos.nudges.get(checkInId);
      const pair = checkIn?.pair;
      // The button's id says which check-in; only the pair's two members may answer it.
      if (
        !checkIn ||
        !pair ||
        pair.communityId !== community.id ||
        (pair.menteeId !== member.id && pair.mentorId !== member.id)
      ) {
        throw new UserError('checkin.error.notYours');
      }
      if (pair.status !== 'active') throw new UserError('checkin.error.gone');
      if (!(await repos.nudges.answer(checkInId, value, member.id, clock.now()))) {
        const stored = (await repos.nudges.get(checkInId)) as CheckIn;
        const byId = stored.answeredById ?? member.id;
        return {
          status: 'already',
          answer: stored.answer as CheckInAnswer,
          by: await repos.members.get(byId),
          byYou: byId === member.id,
        };
      }
      if (value === 'met') await repos.nudges.markMet(pair.id, clock.now());
      else await repos.nudges.resetSilence(pair.id);
      if (value === 'need_help') {
        const { partner } = await pairMembers(repos, pair, member.id);
        await alertModerators(repos, community, checkIn, member, partner);
      }
      await repos.auditLog.record({
        communityId: community.id,
        actorId: member.id,
        action: 'checkin.answered',
        targetType: 'check_in',
        targetId: checkInId,
        details: { answer: value },
      });
      return { status: 'saved', answer: value };
    });
  }

  /** Her active pair; a mentor with several is asked about the oldest (the command lists each). */
  async function activePairOf(
    member: Member,
    pairId?: string,
    repos: Repositories = store,
  ): Promise<CheckInPair | null> {
    const pairs = await repos.nudges.activePairsOf(member.id);
    return (pairId ? pairs.find((p) => p.id === pairId) : pairs[0]) ?? null;
  }

  return {
    answer,
    activePairOf: (member: Member, pairId?: string) => activePairOf(member, pairId),
    activePairsOf: (member: Member) => store.nudges.activePairsOf(member.id),

    /**
     * She reports a meeting at any time: the pair's clock restarts from now, and the open
     * check-in, if any, is answered "met" so nobody is reminded of it.
     */
    async reportMeeting(community: Community, member: Member, pairId?: string): Promise<{ partner: Member }> {
      return store.transaction(async (repos) => {
        // Inside the transaction: the embedded database serialises, a read outside it would wait forever.
        const pair = await activePairOf(member, pairId, repos);
        if (!pair) throw new UserError('checkin.error.gone');
        const now = clock.now();
        await repos.nudges.markMet(pair.id, now);
        const latest = await repos.nudges.latestOf(pair.id);
        if (latest && !latest.answer) await repos.nudges.answer(latest.id, 'met', member.id, now);
        await repos.auditLog.record({
          communityId: community.id,
          actorId: member.id,
          action: 'pair.met',
          targetType: 'pair',
          targetId: pair.id,
        });
        return { partner: await repos.members.get(partnerOf(pair, member.id)) };
      });
    },

    /**
     * She asks for help outside a check-in: it is recorded as today's check-in of the pair
     * answered "need help", so the moderators' alert and its "take" work the same way.
     */
    async askHelp(community: Community, member: Member, pairId?: string): Promise<AnswerOutcome> {
      const pair = await activePairOf(member, pairId);
      if (!pair) throw new UserError('checkin.error.gone');
      const today = localDay(clock.now(), member.timeZone ?? community.timeZone);
      const latest = await store.nudges.latestOf(pair.id);
      // The open check-in (usually today's or a recent one) is the one she answers.
      const checkIn = latest && !latest.answer ? latest : await store.nudges.ensure(pair.id, today);
      return answer(community, member, checkIn.id, 'need_help');
    },

    /** A moderator takes a "need help": once; the alert is edited to say who; the one who asked is told someone will contact her. */
    async take(community: Community, moderator: Member, checkInId: string): Promise<TakeOutcome> {
      return store.transaction(async (repos) => {
        const checkIn = await repos.nudges.get(checkInId);
        if (
          !checkIn ||
          checkIn.pair.communityId !== community.id ||
          checkIn.answer !== 'need_help' ||
          !checkIn.answeredById
        )
          throw new UserError('error.expired');
        if (!(await repos.nudges.take(checkInId, moderator.id))) {
          const stored = (await repos.nudges.get(checkInId)) as CheckIn;
          return { status: 'already', by: await repos.members.get(stored.takenById ?? moderator.id) };
        }
        const { me: asker, partner } = await pairMembers(repos, checkIn.pair, checkIn.answeredById);
        const taken = helpAlert(community, checkIn, asker, partner, moderator);
        const now = clock.now();
        const base = { communityId: community.id, platform: community.platform, message: taken, availableAt: now };
        // Edit every alert that was sent (the channel's, or each moderator's DM).
        const alerts = [
          { alert: checkInKeys.alert(checkInId), edit: checkInKeys.taken(checkInId) },
          ...[...community.settings.moderatorUsers, ...community.settings.adminUsers].map((u) => ({
            alert: checkInKeys.alert(checkInId, u),
            edit: checkInKeys.taken(checkInId, u),
          })),
        ];
        for (const { alert, edit } of alerts) {
          if (await repos.outbox.get(community.id, alert))
            await repos.outbox.enqueue({ ...base, key: edit, target: { kind: 'edit', of: alert } });
        }
        const t = translator(localeFor(asker, community));
        await repos.outbox.enqueue({
          ...base,
          key: checkInKeys.ack(checkInId),
          target: { kind: 'dm', userId: asker.externalUserId },
          message: { text: t('checkin.help.ack') },
        });
        await repos.auditLog.record({
          communityId: community.id,
          actorId: moderator.id,
          action: 'checkin.help.taken',
          targetType: 'check_in',
          targetId: checkInId,
        });
        return { status: 'taken', asker };
      });
    },
  };
}

export type CheckinService = ReturnType<typeof createCheckinService>;
