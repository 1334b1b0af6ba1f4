import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import { FieldErrors, UserError } from '../../src/core/errors.ts';
import { createProfileService, type ProfileService } from '../../src/core/onboarding/profile-service.ts';
import type { Store } from '../../src/core/store.ts';
import { translator } from '../../src/i18n/index.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';

const mentee = {
  role: 'mentee',
  situation: 'career-change',
  domains: ['back', 'data-ai'],
  languages: ['fr'],
  remote: 'yes',
  seeks: ['first-job'],
  hoursPerMonth: '4',
  consent: true,
};
const mentor = {
  ...mentee,
  role: 'mentor',
  situation: 'experienced',
  seeks: [],
  offers: ['salary', 'leadership'],
  capacity: '2',
};

/** Runs `work` and returns the FieldErrors it raised. */
async function fieldErrorsOf(work: () => Promise<unknown>): Promise<FieldErrors> {
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FieldErrors);
  return error as FieldErrors;
}

describe('profile service', () => {
  let database: Database;
  let store: Store;
  const clock = createManualClock('2026-03-02T08:00:00Z');
  let profiles: ProfileService;
  let next = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createStore(database.prisma);
    profiles = createProfileService({ store, clock });
  });
  afterAll(() => database?.close());

  /** A member alone in her own community, so counts and audit entries are hers only. */
  async function newMember(platform: 'discord' | 'slack' = 'discord') {
    next += 1;
    const community = await store.communities.ensure({
      platform,
      externalId: `community-${next}`,
      name: 'Duchess France',
    });
    const member = await store.members.ensure({
      communityId: community.id,
      externalUserId: `user-${next}`,
      displayName: 'Ada',
    });
    return { community, member };
  }
  const actions = async (communityId: string) => (await store.auditLog.list(communityId)).map((e) => e.action);

  describe('answer', () => {
    it('saves the valid answers of a form even when another field fails, naming only the failing field', async () => {
      const { member } = await newMember();
      const error = await fieldErrorsOf(() =>
        profiles.answer(member, 'fr', { region: 'Lyon', stacks: 'Java, React', hoursPerMonth: 'beaucoup' }),
      );
      expect(error.errors).toEqual({ hoursPerMonth: { key: 'onboarding.invalid.number' } });

      const saved = await profiles.get(member);
      expect(saved?.answers).toEqual({ region: 'Lyon', stacks: ['Java', 'React'] });
      expect(saved?.pendingInput).toEqual({ hoursPerMonth: 'beaucoup' });
    });

    it('takes a field named like an object’s own property ("toString", "constructor") for no question', async () => {
      const { member } = await newMember();
      // A forged form's field names (fuzz seed 1322727517): they crashed the answer with a TypeError.
      const { profile } = await profiles.answer(member, 'fr', { toString: 'x', constructor: ['y'], region: 'Lyon' });
      expect(profile.answers).toEqual({ region: 'Lyon' });
    });

    it('forgets what she typed wrong once she corrects it', async () => {
      const { member } = await newMember();
      await fieldErrorsOf(() => profiles.answer(member, 'fr', { hoursPerMonth: '4.5' }));
      const { profile } = await profiles.answer(member, 'fr', { hoursPerMonth: ' 4 ' });
      expect(profile.answers.hoursPerMonth).toBe(4);
      expect(profile.pendingInput).toEqual({});
    });

    it('tells the allowed range when a number is out of it', async () => {
      const { member } = await newMember();
      const hours = await fieldErrorsOf(() => profiles.answer(member, 'fr', { hoursPerMonth: '41' }));
      expect(hours.errors.hoursPerMonth).toEqual({ key: 'onboarding.invalid.range', params: { min: 1, max: 40 } });
      const capacity = await fieldErrorsOf(() => profiles.answer(member, 'fr', { role: 'mentor', capacity: '0' }));
      expect(capacity.errors).toEqual({ capacity: { key: 'onboarding.invalid.range', params: { min: 1, max: 5 } } });
      expect((await profiles.get(member))?.answers.role).toBe('mentor');
    });

    it('refuses a techno longer than 40 characters and keeps the whole list she typed', async () => {
      const { member } = await newMember();
      const typed = `Java, ${'x'.repeat(41)}`;
      const error = await fieldErrorsOf(() => profiles.answer(member, 'fr', { stacks: typed }));
      expect(error.errors).toEqual({ stacks: { key: 'onboarding.invalid.stackTooLong' } });
      expect((await profiles.get(member))?.pendingInput).toEqual({ stacks: typed });
    });

    it('refuses consent given as anything but an explicit yes', async () => {
      const { member } = await newMember();
      const error = await fieldErrorsOf(() => profiles.answer(member, 'fr', { ...mentee, consent: false }));
      expect(error.errors).toEqual({ consent: { key: 'onboarding.invalid.consent' } });
      const saved = await profiles.get(member);
      expect(saved?.answers.consent).toBeUndefined();
      expect(saved?.consentedAt).toBeNull();
      expect(saved?.completedAt).toBeNull();
    });

    it('asks again for a required answer left empty, and forgets an optional one left empty', async () => {
      const { member } = await newMember();
      await profiles.answer(member, 'fr', { situation: 'junior', region: 'Brest' });
      const error = await fieldErrorsOf(() => profiles.answer(member, 'fr', { situation: '', region: '' }));
      expect(error.errors).toEqual({ situation: { key: 'onboarding.invalid.required' } });
      expect((await profiles.get(member))?.answers).toEqual({ situation: 'junior' });
    });

    it('does not ask a mentee for the capacity and offers a whole form sends empty', async () => {
      const { member } = await newMember('slack');
      const { profile, completedNow } = await profiles.answer(member, 'fr', { ...mentee, capacity: '', offers: [] });
      expect(completedNow).toBe(true);
      expect(profile.answers).not.toHaveProperty('capacity');
      expect(profile.answers).not.toHaveProperty('offers');
    });

    it('drops a mentor’s offers and capacity when she becomes a mentee', async () => {
      const { member } = await newMember();
      await profiles.answer(member, 'fr', mentor);
      const { profile } = await profiles.answer(member, 'fr', { role: 'mentee', seeks: ['leadership'] });
      expect(profile.answers).toMatchObject({ role: 'mentee', seeks: ['leadership'] });
      expect(profile.answers).not.toHaveProperty('offers');
      expect(profile.answers).not.toHaveProperty('capacity');
    });
  });

  describe('completion', () => {
    it('stamps the profile complete and enqueues one welcome DM in her language', async () => {
      const { community, member } = await newMember();
      const { profile, completedNow } = await profiles.answer(member, 'en', mentee);
      expect(completedNow).toBe(true);
      expect(profile.completedAt).toEqual(clock.now());
      expect(profile.consentedAt).toEqual(clock.now());

      const welcome = await store.outbox.get(community.id, `onboarding.welcome:${member.id}`);
      expect(welcome).toMatchObject({
        platform: 'discord',
        status: 'pending',
        target: { kind: 'dm', userId: member.externalUserId },
        message: { text: translator('en')('onboarding.welcome.member') },
      });
      expect(await store.outbox.counts(community.id)).toMatchObject({ pending: 1 });
      expect(await actions(community.id)).toEqual(['profile.completed']);
    });

    it('welcomes a mentor with the mentor’s message, in French', async () => {
      const { community, member } = await newMember('slack');
      await profiles.answer(member, 'fr', mentor);
      const welcome = await store.outbox.get(community.id, `onboarding.welcome:${member.id}`);
      expect(welcome).toMatchObject({
        platform: 'slack',
        message: { text: translator('fr')('onboarding.welcome.mentor') },
      });
    });

    it('does not complete, nor welcome, while a field of the completing form is wrong', async () => {
      const { community, member } = await newMember();
      await fieldErrorsOf(() => profiles.answer(member, 'fr', { ...mentee, bio: 'x'.repeat(501) }));
      const saved = await profiles.get(member);
      expect(saved?.completedAt).toBeNull();
      expect(await store.outbox.get(community.id, `onboarding.welcome:${member.id}`)).toBeNull();
    });

    it('keeps the first completion date and sends no second welcome when she edits her answers', async () => {
      const { community, member } = await newMember();
      const first = await profiles.answer(member, 'fr', mentee);
      clock.advance(86_400_000);
      const edit = await profiles.answer(member, 'fr', { region: 'Nantes', hoursPerMonth: '6' });
      expect(edit.completedNow).toBe(false);
      expect(edit.profile.completedAt).toEqual(first.profile.completedAt);
      expect(edit.profile.answers).toMatchObject({ region: 'Nantes', hoursPerMonth: 6 });

      const counts = await store.outbox.counts(community.id);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
      const edited = await store.auditLog.list(community.id, { action: 'profile.edited' });
      expect(edited).toHaveLength(1);
      expect(edited[0]).toMatchObject({
        actorId: member.id,
        targetType: 'member',
        targetId: member.id,
        details: { fields: ['region', 'hoursPerMonth'] },
      });
    });

    it('does not welcome her twice when a change of role asks for new answers', async () => {
      const { community, member } = await newMember();
      await profiles.answer(member, 'fr', mentee);
      const changed = await profiles.answer(member, 'fr', { role: 'mentor' });
      expect(changed.profile.completedAt).toBeNull();
      await profiles.answer(member, 'fr', { offers: ['salary'], capacity: '1' });
      const counts = await store.outbox.counts(community.id);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
    });

    it('makes a member who had left active again when she completes the questionnaire', async () => {
      const { member } = await newMember();
      const left = await profiles.leave(member);
      await profiles.answer(left, 'fr', mentee);
      expect((await store.members.find(member.communityId, member.externalUserId))?.status).toBe('active');
    });
  });

  describe('status', () => {
    it('pauses, resumes and leaves, writing each change to the audit log', async () => {
      const { community, member } = await newMember();
      expect((await profiles.pause(member)).status).toBe('paused');
      expect((await store.members.find(community.id, member.externalUserId))?.status).toBe('paused');
      expect((await profiles.resume(member)).status).toBe('active');
      expect((await profiles.leave(member)).status).toBe('left');
      expect((await store.members.find(community.id, member.externalUserId))?.status).toBe('left');

      const entries = await store.auditLog.list(community.id);
      expect(entries.map((e) => e.action)).toEqual(['profile.left', 'profile.resumed', 'profile.paused']);
      for (const entry of entries)
        expect(entry).toMatchObject({ actorId: member.id, targetType: 'member', targetId: member.id });
    });

    it('refuses to pause a member who left, with a message she can act on, and changes nothing', async () => {
      const { community, member } = await newMember();
      const left = await profiles.leave(member);
      const error = await Promise.resolve()
        .then(() => profiles.pause(left))
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(UserError);
      expect((error as UserError).text).toEqual({ key: 'profile.error.left' });
      expect((await store.members.find(community.id, member.externalUserId))?.status).toBe('left');
      expect(await actions(community.id)).toEqual(['profile.left']);
    });
  });
});
