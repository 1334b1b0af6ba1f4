import type { Clock } from '../clock.ts';
import type { Community, Member } from '../community.ts';
import type { OutboxEntry } from '../outbox.ts';
import { mention } from '../reply-parts.ts';
import type { Message } from '../reply-model.ts';
import type { Store } from '../store.ts';
import { assignFeatured } from './assignment.ts';
import { simpleMessage } from './messages.ts';
import { dm } from './notify.ts';
import { toMatchProfile } from './profiles.ts';
import { createMentorPool } from './score.ts';

/** Candidates kept per mentee in a cohort round: the assignment chooses among them. */
const roundCandidates = 10;
const hour = 60 * 60 * 1000;

export interface CohortRoundOptions {
  /** DMs per outbox write; each write is its own statement, committed on its own. */
  chunk?: number;
  /** A round left unfinished less than this long ago is finished by the next run instead of starting another. */
  resumeWithinMs?: number;
}

export interface CohortRoundSummary {
  roundId: string;
  mentees: number;
  mentors: number;
  featured: number;
  /** DMs written by this run (a resumed round skips those already written). */
  messages: number;
  /** From the start to the last write. */
  ms: number;
  /** This run finished (or found finished) a round another run started: one left half-written, or started at the same time. */
  resumed: boolean;
}

/**
 * A cohort round: for every waiting mentee at once, a globally fair featured mentor
 * (respecting each mentor's remaining room) plus her other best suggestions, sent by
 * DM. Suggestions only: nobody is paired by it.
 *
 * Its writes come in short steps, never one long transaction (10,000 DMs in one would
 * outlast PostgreSQL's transaction limit): the round and its featured mentors (state
 * `writing`), then the DMs in chunks, each committed on its own, then the summary and the
 * audit entry. A run that stops half-way leaves the round `writing`; the next run within
 * `resumeWithinMs` finishes that round under the same id, so every DM keeps its key and
 * no mentee gets hers twice. A run that finds a round started by another while it was
 * computing joins that round the same way (two admins clicking at once: one round).
 */
export async function runCohortRound(
  store: Store,
  clock: Clock,
  community: Community,
  admin: Member,
  options: CohortRoundOptions = {},
): Promise<CohortRoundSummary> {
  const { chunk = 500, resumeWithinMs = hour } = options;
  const started = performance.now();
  // A round another run started at or after this one began is this one: two admins clicking
  // together, whatever order their reads and writes come in.
  const began = clock.now().getTime();
  const since = (round: { summary: Record<string, unknown> }) => Date.parse(String(round.summary.startedAt)) >= began;
  const [mentors, loads, mentees, exclusions, seen] = await Promise.all([
    store.matching.mentorProfiles(community.id),
    store.matching.mentorLoads(community.id),
    store.matching.waitingMentees(community.id),
    store.matching.exclusions(community.id),
    store.matching.latestRound(community.id),
  ]);
  const unfinished = (round: { summary: Record<string, unknown> } | null) =>
    round?.summary.state === 'writing' &&
    clock.now().getTime() - Date.parse(String(round.summary.startedAt)) < resumeWithinMs;

  // Everyone a DM may name, read on the database's side while this side ranks (the embedded
  // database has a thread of its own): the round then has them at hand once planned.
  const everyone = store.matching.membersOf([
    ...mentees.map((p) => p.memberId),
    ...mentors.map((m) => m.profile.memberId),
  ]);
  everyone.catch(() => {}); // awaited below, unless another run has finished the round
  const pool = createMentorPool(
    mentors.map((m) => toMatchProfile(m.profile)),
    loads,
  );
  const { weights, suggestions: shown } = community.settings.matching;
  const none = new Set<string>();
  const perMentee = mentees.map((profile) => ({
    memberId: profile.memberId,
    best: pool.suggest(toMatchProfile(profile), {
      limit: Math.max(roundCandidates, shown),
      excluded: exclusions.get(profile.memberId) ?? none,
      weights,
    }),
  }));
  const plan = () =>
    assignFeatured({
      mentees: perMentee.map(({ memberId, best }) => ({
        id: memberId,
        candidates: best.map((s) => ({ mentor: s.memberId, score: s.score })),
      })),
      capacity: new Map(
        mentors.map(({ profile }) => [
          profile.memberId,
          (profile.answers.capacity ?? 1) - (loads.get(profile.memberId) ?? 0),
        ]),
      ),
    });
  let featured = unfinished(seen) ? null : plan();
  const startedAt = clock.now().toISOString();
  const base = { mentees: mentees.length, mentors: mentors.length };

  const round = await store.transaction(async (repos) => {
    await repos.matching.lockRounds(community.id);
    const latest = await repos.matching.latestRound(community.id);
    // Left half-written, started by another run while this one computed or since it began,
    // or being written when this one read and finished since: it is this round.
    if (latest && (unfinished(latest) || latest.id !== seen?.id || unfinished(seen) || since(latest)))
      return { id: latest.id, featured: latest.featured, resumed: true, summary: latest.summary };
    if (latest?.summary.state === 'writing')
      await repos.matching.finishRound(latest.id, { ...latest.summary, state: 'abandoned' });
    featured ??= plan();
    const bestOf = new Map(perMentee.map((p) => [p.memberId, p.best]));
    const rows = [...featured].map(([menteeId, mentorId]) => ({
      menteeId,
      mentorId,
      score: bestOf.get(menteeId)?.find((s) => s.memberId === mentorId)?.score ?? 0,
    }));
    const summary = { state: 'writing', startedAt, ...base, featured: featured.size };
    const id = await repos.matching.saveRound({
      communityId: community.id,
      startedById: admin.id,
      summary,
      featured: rows,
    });
    return { id, featured, resumed: false, summary };
  });
  if (round.summary.state !== 'writing') {
    // Another run started it and has finished it, its DMs all written: nothing left to do.
    const done = { ...base, ...round.summary } as { mentees: number; mentors: number; featured: number };
    return {
      roundId: round.id,
      mentees: done.mentees,
      mentors: done.mentors,
      featured: done.featured,
      messages: 0,
      ms: Math.round(performance.now() - started),
      resumed: true,
    };
  }

  // Her featured mentor first, then her other best suggestions.
  const lists = perMentee.map(({ memberId, best }) => {
    const top = round.featured.get(memberId);
    return {
      memberId,
      mentors: [...best.filter((s) => s.memberId === top), ...best.filter((s) => s.memberId !== top)]
        .slice(0, shown)
        .map((s) => s.memberId),
    };
  });
  const members = new Map((await everyone).map((m) => [m.id, m]));
  const now = clock.now();
  const entries: OutboxEntry[] = lists.flatMap(({ memberId, mentors: chosen }) => {
    const mentee = members.get(memberId);
    if (!mentee || chosen.length === 0) return [];
    const message = roundMessage(
      community,
      mentee,
      chosen.map((id) => members.get(id) as Member),
    );
    return [
      {
        communityId: community.id,
        platform: community.platform,
        key: `cohort:${round.id}:${mentee.id}`,
        target: dm(mentee),
        message,
        availableAt: now,
      },
    ];
  });
  let messages = 0;
  for (let start = 0; start < entries.length; start += chunk)
    messages += await store.outbox.enqueueMany(entries.slice(start, start + chunk));

  const summary = {
    ...base,
    featured: round.featured.size,
    messages,
    ms: Math.round(performance.now() - started),
    resumed: round.resumed,
  };
  await store.transaction(async (repos) => {
    // Only the run that finishes the round records it: a run that met it half-way does not.
    if (
      !(await repos.matching.finishRound(round.id, {
        state: 'done',
        startedAt: round.summary.startedAt ?? startedAt,
        ...summary,
      }))
    )
      return;
    await repos.auditLog.record({
      communityId: community.id,
      actorId: admin.id,
      action: 'cohort.round',
      targetType: 'round',
      targetId: round.id,
      details: summary,
    });
  });
  return { roundId: round.id, ...summary };
}

function roundMessage(community: Community, mentee: Member, mentors: Member[]): Message {
  const intro = simpleMessage(community, mentee, 'match.round.intro').text;
  const list = mentors.map((m, i) => `${i === 0 ? '⭐ ' : '- '}${mention(m.externalUserId)}`).join('\n');
  const text = `${intro}\n${list}\n${simpleMessage(community, mentee, 'match.round.next').text}`;
  return { text };
}
