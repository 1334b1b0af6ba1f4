import { withButtons } from '../reply-model.ts';
import type { DueNudge, NudgeSource } from './due.ts';
import { dayIn, zoneOf } from './days.ts';
import { pairAction } from './pair-actions-ids.ts';
import { bothOf, membersById, partnerOf, tOf } from './pair-messages.ts';

/**
 * A pair silent for `ghostAfter` check-ins in a row (the check-in source counts them):
 * both get Donut's kind message once per silent streak, with *still in touch* / *pause
 * us* / *end the mentoring*. The streak is named by the day of its first unanswered
 * check-in, so a new silence after an answer is a new message.
 */
export const ghostSource: NudgeSource = {
  kind: 'ghost',
  async collect({ repos, community, now }) {
    const pairs = await repos.pairNudges.silentPairs(community.id, community.settings.nudges.ghostAfter);
    const people = await membersById(
      repos,
      pairs.flatMap((p) => [p.menteeId, p.mentorId]),
    );
    const due: DueNudge[] = [];
    for (const pair of pairs) {
      for (const member of bothOf(pair, people) ?? []) {
        const t = tOf(member, community);
        const text = t('nudge.ghost.text', { count: pair.silentCheckIns, partner: partnerOf(pair, member, people) });
        due.push({
          kind: 'ghost',
          key: `ghost:${pair.id}:${pair.silentSince ?? 'streak'}:${member.id}`,
          to: { member },
          // Due from the moment the streak reached the threshold: today where she lives.
          due: { day: dayIn(now, zoneOf(member, community)) },
          message: withButtons(text, [
            {
              type: 'button',
              action: pairAction.stay(community.id, pair.id),
              label: t('nudge.ghost.stay'),
              style: 'success',
            },
            { type: 'button', action: pairAction.pause(community.id, pair.id), label: t('nudge.ghost.pause') },
            {
              type: 'button',
              action: pairAction.end(community.id, pair.id),
              label: t('nudge.ghost.end'),
              style: 'danger',
            },
          ]),
        });
      }
    }
    return due;
  },
};
