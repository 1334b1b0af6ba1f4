import type { Community } from '../community.ts';
import { withButtons } from '../reply-model.ts';
import type { DueNudge, NudgeSource } from './due.ts';
import { dayIn, hasBegun, plusMonths } from './days.ts';
import { pairAction } from './pair-actions-ids.ts';
import type { NudgedPair } from './pair-ports.ts';
import { bothOf, dayMs, formatDay, membersById, partnerOf, tOf } from './pair-messages.ts';

/** When the pair's program ends: its start, plus the community's program, plus every extension. */
export const programEndOf = (community: Community, pair: Pick<NudgedPair, 'startedAt' | 'extendedMonths'>): Date =>
  plusMonths(pair.startedAt, community.settings.nudges.programMonths + pair.extendedMonths);

/**
 * The program's end: both members get a short feedback form and can extend or close.
 * The key names the end day, so an extension brings a new message at the new end.
 */
export const programEndSource: NudgeSource = {
  kind: 'programEnd',
  async collect({ repos, community, now }) {
    const { programMonths, extendMonths } = community.settings.nudges;
    // Every pair whose program may have ended (a month can be 3 days shorter, and a day
    // begins up to 14 hours earlier somewhere); extensions are counted just below.
    const pairs = await repos.pairNudges.activePairsStartedBy(
      community.id,
      new Date(plusMonths(now, -programMonths).getTime() + 5 * dayMs),
    );
    const people = await membersById(
      repos,
      pairs.flatMap((p) => [p.menteeId, p.mentorId]),
    );
    const due: DueNudge[] = [];
    for (const pair of pairs) {
      const endDay = dayIn(programEndOf(community, pair), 'UTC');
      for (const member of bothOf(pair, people) ?? []) {
        if (!hasBegun(endDay, member, community, now)) continue;
        const t = tOf(member, community);
        const text = t('nudge.programEnd.text', {
          partner: partnerOf(pair, member, people),
          date: formatDay(member, community, endDay),
          months: extendMonths,
        });
        due.push({
          kind: 'programEnd',
          key: `program.end:${pair.id}:${endDay}:${member.id}`,
          to: { member },
          due: { day: endDay },
          message: withButtons(text, [
            {
              type: 'button',
              action: pairAction.feedback(community.id, pair.id),
              label: t('nudge.programEnd.feedback'),
              style: 'primary',
            },
            {
              type: 'button',
              action: pairAction.extend(community.id, pair.id, pair.extendedMonths),
              label: t('nudge.programEnd.extend', { months: extendMonths }),
            },
            { type: 'button', action: pairAction.close(community.id, pair.id), label: t('nudge.programEnd.close') },
          ]),
        });
      }
    }
    return due;
  },
};
