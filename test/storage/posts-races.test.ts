import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { UserError } from '../../src/core/errors.ts';
import { createSubmissionService, type SubmissionService } from '../../src/core/posts/submission-service.ts';
import type { Store } from '../../src/core/store.ts';
import { render } from '../../src/i18n/index.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { person, postsCommunity } from '../support/posts-fixtures.ts';

/**
 * Two moderation actions on one submission launched at once, on a real PostgreSQL whose
 * pool gives each its own connection: every run ends with one decision, exactly the
 * messages it implies, and the loser told who decided. (PGlite runs one statement at a
 * time and cannot race.) 3 cases × 25 runs; the database is reused, rows reset between runs.
 */
const runs = 25;

const jitter = () => sleep(Math.floor(Math.random() * 3));

/** Done, or the rendered UserError (anything else, e.g. a row that moved under the lock, fails the test). */
async function settle(action: () => Promise<unknown>): Promise<'done' | { key: string; text: string }> {
  await jitter();
  try {
    await action();
    return 'done';
  } catch (error) {
    if (error instanceof UserError) return { key: error.text.key, text: render('fr', error.text) };
    throw error;
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('moderation races on concurrent connections (PostgreSQL)', () => {
  let database: Database;
  let store: Store;
  let posts: SubmissionService;
  let community: Community;
  let ada: Member, nadia: Member, lina: Member;
  const clock = createManualClock('2026-04-01T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase('PostgreSQL');
    store = createStore(database.prisma);
    posts = createSubmissionService({ store, clock });
    community = await postsCommunity(store, 'g-races');
    [ada, nadia, lina] = await Promise.all([
      person(store, community, '1001'),
      person(store, community, '2002'),
      person(store, community, '3003'),
    ]);
  });
  afterAll(() => database?.close());

  /** A fresh pending quote (no file to fetch) with its card, nothing else. */
  async function fresh(): Promise<string> {
    await database.prisma.$executeRawUnsafe(
      `WITH s AS (DELETE FROM submissions WHERE community_id = $1::uuid),
            o AS (DELETE FROM outbox_messages WHERE community_id = $1::uuid)
       DELETE FROM audit_logs WHERE community_id = $1::uuid`,
      community.id,
    );
    const { id } = await posts.submit({
      community,
      author: ada,
      values: { category: 'quote', caption: 'Citation', credit: 'anonymous', consent: 'community' },
    });
    return id;
  }

  async function state(id: string) {
    const [submission, outbox, audit] = await Promise.all([
      store.submissions.get(id),
      database.prisma.outboxMessage.findMany({ where: { communityId: community.id }, select: { key: true } }),
      store.auditLog.list(community.id),
    ]);
    return {
      submission: submission!,
      keys: outbox.map((o) => o.key).sort(),
      actions: audit.map((a) => a.action).sort(),
    };
  }
  const keys = (...list: string[]) => list.sort();

  async function repeat(race: () => Promise<string>) {
    const seen: Record<string, number> = {};
    for (let i = 0; i < runs; i += 1) {
      const outcome = await race();
      seen[outcome] = (seen[outcome] ?? 0) + 1;
    }
    if (process.env.RACE_DEBUG) console.log(expect.getState().currentTestName, seen);
  }

  it('approve vs approve: one approval, one DM, the other moderator told who approved', async () => {
    await repeat(async () => {
      const id = await fresh();
      const results = await Promise.all([
        settle(() => posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve', revision: 0 })),
        settle(() => posts.decide({ community, moderator: lina, submissionId: id, decision: 'approve', revision: 0 })),
      ]);
      const { submission, keys: queued, actions } = await state(id);
      const winner = submission.decidedById === nadia.id ? nadia : lina;
      const loser = results[winner === nadia ? 1 : 0];
      expect(results[winner === nadia ? 0 : 1]).toBe('done');
      expect(loser).toMatchObject({ key: 'posts.decided.approved' });
      expect(typeof loser === 'object' && loser.text).toContain(`<@${winner.externalUserId}>`);
      expect(submission).toMatchObject({ status: 'approved', revision: 1 });
      expect(queued).toEqual(keys(`posts.card:${id}:0`, `posts.card.edit:${id}:1`, `posts.dm:${id}:1:approved`));
      expect(actions).toEqual(['posts.approved', 'posts.submitted']);
      return winner.externalUserId;
    });
  });

  it('approve vs reject: one decision, its own card edit and DM, the other told', async () => {
    await repeat(async () => {
      const id = await fresh();
      const [approved, rejected] = await Promise.all([
        settle(() => posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve', revision: 0 })),
        settle(() =>
          posts.decide({ community, moderator: lina, submissionId: id, decision: 'reject', note: 'Non', revision: 0 }),
        ),
      ]);
      const { submission, keys: queued } = await state(id);
      if (approved === 'done') {
        expect(rejected).toEqual({ key: 'posts.decided.approved', text: expect.stringContaining('<@2002>') });
        expect(submission.status).toBe('approved');
        expect(queued).toEqual(keys(`posts.card:${id}:0`, `posts.card.edit:${id}:1`, `posts.dm:${id}:1:approved`));
      } else {
        expect(rejected).toBe('done');
        expect(approved).toEqual({ key: 'posts.decided.rejected', text: expect.stringContaining('<@3003>') });
        expect(submission.status).toBe('rejected');
        expect(queued).toEqual(keys(`posts.card:${id}:0`, `posts.card.edit:${id}:1`, `posts.dm:${id}:1:rejected`));
      }
      return approved === 'done' ? 'approve' : 'reject';
    });
  });

  it('approve vs withdraw: withdrawn in the end; the approval either came first (and she was told) or is refused naming her', async () => {
    await repeat(async () => {
      const id = await fresh();
      const [approved, withdrawn] = await Promise.all([
        settle(() => posts.decide({ community, moderator: nadia, submissionId: id, decision: 'approve', revision: 0 })),
        settle(() => posts.withdraw({ community, author: ada, submissionId: id })),
      ]);
      const { submission, keys: queued, actions } = await state(id);
      expect(withdrawn).toBe('done');
      expect(submission).toMatchObject({ status: 'withdrawn', queueRank: null });
      if (approved === 'done') {
        expect(submission.revision).toBe(2);
        expect(queued).toEqual(
          keys(`posts.card:${id}:0`, `posts.card.edit:${id}:1`, `posts.dm:${id}:1:approved`, `posts.card.edit:${id}:2`),
        );
        expect(actions).toEqual(['posts.approved', 'posts.submitted', 'posts.withdrawn']);
      } else {
        expect(approved).toEqual({ key: 'posts.decided.withdrawn', text: expect.stringContaining('<@1001>') });
        expect(submission.revision).toBe(1);
        expect(queued).toEqual(keys(`posts.card:${id}:0`, `posts.card.edit:${id}:1`));
        expect(actions).toEqual(['posts.submitted', 'posts.withdrawn']);
      }
      return approved === 'done' ? 'approved first' : 'withdrawn first';
    });
  });
});
