import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import { mention } from '../replies.ts';
import type { Message } from '../reply.ts';
import type { Store } from '../store.ts';
import { assignFeatured } from './assignment.ts';
import { simpleMessage } from './messages.ts';
import { dm, enqueue } from './notify.ts';
import { toMatchProfile } from './profiles.ts';
import { createMentorPool } from './score.ts';

/** Candidates kept per mentee in a cohort round: the assignment chooses among them. */
const roundCandidates = 10;

/**
 * A cohort round: for every waiting mentee at once, a globally fair featured mentor
 * (respecting each mentor's remaining room) plus her other best suggestions, sent by
 * DM. Suggestions only: nobody is paired by it.
 */
export async function runCohortRound(store: Store, clock: Clock, community: Community, admin: Member) {
  const started = Date.now();
  const [mentors, mentees, exclusions] = await Promise.all([
    store.matching.mentors(community.id),
    store.matching.waitingMentees(community.id),
    store.matching.exclusions(community.id),
  ]);
  const loads = new Map(mentors.map((m) => [m.profile.memberId, m.active]));
  const pool = createMentorPool(mentors.map((m) => toMatchProfile(m.profile)), loads);
  const { weights, suggestions: shown } = community.settings.matching;
  const none = new Set<string>();
  const perMentee = mentees.map((profile) => ({
    profile,
    best: pool.suggest(toMatchProfile(profile), { limit: Math.max(roundCandidates, shown), excluded: exclusions.get(profile.memberId) ?? none, weights }),
  }));
  const capacity = new Map(mentors.map((m) => [m.profile.memberId, (m.profile.answers.capacity ?? 1) - m.active]));
  const featured = assignFeatured({
    mentees: perMentee.map(({ profile, best }) => ({ id: profile.memberId, candidates: best.map((s) => ({ mentor: s.memberId, score: s.score })) })),
    capacity,
  });
  const members = new Map((await store.members.many([...mentees.map((p) => p.memberId), ...mentors.map((m) => m.profile.memberId)])).map((m) => [m.id, m]));
  const summary = { mentees: mentees.length, mentors: mentors.length, featured: featured.size, ms: Date.now() - started };
  const bestOf = new Map(perMentee.map((p) => [p.profile.memberId, p.best]));
  const featuredRows = [...featured].map(([menteeId, mentorId]) => ({
    menteeId,
    mentorId,
    score: bestOf.get(menteeId)?.find((s) => s.memberId === mentorId)?.score ?? 0,
  }));
  return store.transaction(async (repos) => {
    const roundId = await repos.matching.saveRound({ communityId: community.id, startedById: admin.id, summary, featured: featuredRows });
    for (const { profile, best } of perMentee) {
      const mentee = members.get(profile.memberId) as Member;
      const top = featured.get(profile.memberId);
      const ordered = [...best.filter((s) => s.memberId === top), ...best.filter((s) => s.memberId !== top)].slice(0, shown);
      if (ordered.length === 0) continue;
      await enqueue(repos, community, clock.now(), `cohort:${roundId}:${mentee.id}`, dm(mentee), roundMessage(community, mentee, ordered.map((s) => members.get(s.memberId) as Member)));
    }
    await repos.auditLog.record({ communityId: community.id, actorId: admin.id, action: 'cohort.round', targetType: 'round', targetId: roundId, details: summary });
    return { roundId, ...summary };
  });
}

function roundMessage(community: Community, mentee: Member, mentors: Member[]): Message {
  const intro = simpleMessage(community, mentee, 'match.round.intro').text;
  const list = mentors.map((m, i) => `${i === 0 ? '⭐ ' : '- '}${mention(m.externalUserId)}`).join('\n');
  const text = `${intro}\n${list}\n${simpleMessage(community, mentee, 'match.round.next').text}`;
  return { text };
}
