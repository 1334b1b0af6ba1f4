import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { circleFigures } from '../../src/core/circles/figures.ts';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import { proposedGroups } from '../../src/core/events/event-service.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import { withoutMarkers, type Reply } from '../../src/core/reply-model.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';

const situations = ['career-change', 'student', 'junior', 'returning'] as const;
const participantAnswers = (i: number): Answers => ({
  role: 'mentee',
  situation: situations[i % situations.length],
  domains: [i % 2 ? 'front' : 'back'],
  languages: ['fr'],
  remote: true,
  seeks: ['first-job'],
  hoursPerMonth: 4,
  consent: true,
});
const mentorAnswers = (i: number): Answers => ({
  role: 'mentor',
  situation: 'experienced',
  domains: [i % 2 ? 'front' : 'data-ai'],
  languages: ['fr', 'en'],
  remote: true,
  offers: ['first-job'],
  hoursPerMonth: 6,
  capacity: 2,
  consent: true,
});

/**
 * The seed event (ESTIMnumérique's discovery day): 29 participants, 8 mentors. An admin
 * creates it, announces it (members register with its button), adds the rest and tags
 * the mentors, makes the groups, swaps two people, and publishes: 8 private spaces, each
 * with its welcome in French. Through the dispatcher, as the platforms call it.
 */
describe('the seed event: 29 participants, 8 mentors', () => {
  let database: Database;
  let services: Services;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let community: Community;
  const clock = createManualClock('2027-02-01T09:00:00Z');
  const participant = (i: number) => `U0P${String(i).padStart(2, '0')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    dispatcher = createDispatcher({ commands, services, logger: { info: () => {}, warn: () => {}, error: () => {} } });
    const created = await services.store.communities.ensure({
      platform: 'slack',
      externalId: 'T-estim',
      name: 'ESTIM',
      locale: 'fr',
    });
    community = await services.store.communities.update(created.id, {
      settings: { ...created.settings, adminUsers: ['U0BOSS'], channels: { announcements: 'C0NEWS' } },
    });
    // 37 people with complete profiles, in two statements (the questionnaire is tested elsewhere).
    const people = [
      ...Array.from({ length: 29 }, (_, i) => [participant(i), participantAnswers(i)] as const),
      ...Array.from({ length: 8 }, (_, i) => [`U0M${i}`, mentorAnswers(i)] as const),
    ];
    const ids = people.map(() => randomUUID());
    await database.prisma.member.createMany({
      data: people.map(([externalUserId], i) => ({
        id: ids[i],
        communityId: community.id,
        externalUserId,
        displayName: externalUserId,
      })),
    });
    const now = clock.now();
    await database.prisma.profile.createMany({
      data: people.map(([, answers], i) => ({
        memberId: ids[i]!,
        communityId: community.id,
        questionnaireVersion: 1,
        answers: answers as object,
        role: answers.role,
        consentedAt: now,
        completedAt: now,
      })),
    });
  });
  afterAll(() => database?.close());

  async function dispatch(userId: string, input: IncomingInteraction['input']): Promise<Reply> {
    const { reply } = await dispatcher.dispatch({
      platform: 'slack',
      deliveryKey: randomUUID(),
      community: { externalId: 'T-estim' },
      user: { externalId: userId },
      isPlatformAdmin: async () => false,
      richForms: true,
      input,
    });
    return reply;
  }
  const action = (userId: string, id: string, values: string[] = []) =>
    dispatch(userId, { kind: 'action', id, values });
  const textOf = (reply: Reply) =>
    withoutMarkers(reply.kind === 'message' ? reply.text : reply.kind === 'form-errors' ? reply.fallback.text : '');

  it('runs from creation to publication, with valid groups and a French welcome in each private space', async () => {
    // Only admins reach events.
    expect(textOf(await action('U0P00', 'admin:events'))).toBe(
      'Seules les personnes qui administrent cet espace peuvent faire cela.',
    );

    const form = await action('U0BOSS', 'admin:event-new-open');
    expect(form.kind === 'modal' && form.modal.fields.map((f) => f.id)).toEqual(['eventName', 'eventDate']);
    const refused = await dispatch('U0BOSS', {
      kind: 'form',
      id: 'admin:event-new',
      values: { eventName: 'Journée découverte', eventDate: 'samedi prochain' },
    });
    expect(refused.kind === 'form-errors' && refused.errors).toEqual({
      eventDate: 'écris une date comme 14/03/2027 ou 14/03/2027 14h.',
    });
    const created = await dispatch('U0BOSS', {
      kind: 'form',
      id: 'admin:event-new',
      values: { eventName: 'Journée découverte', eventDate: '13/03/2027 9h30' },
    });
    expect(textOf(created)).toContain('Événement créé');
    const [event] = await services.events.list(community);
    expect(event).toMatchObject({ name: 'Journée découverte', startsAt: new Date('2027-03-13T08:30:00Z') });
    const id = event!.id;

    // The announcement, with its button; ten members register with it (a second click changes nothing).
    await action('U0BOSS', `admin:event-announce:${id}`);
    const announced = await services.store.outbox.get(community.id, `event.announce:${id}`);
    expect(announced?.target).toEqual({ kind: 'channel', channelId: 'C0NEWS' });
    expect(withoutMarkers(announced!.message.text)).toContain(
      '📣 **Journée découverte** — samedi 13 mars 2027 à 09:30',
    );
    const register = `${community.id}/circle:event-join:${id}`;
    expect(JSON.stringify(announced?.message)).toContain(register);
    for (let i = 0; i < 10; i += 1)
      expect(textOf(await action(participant(i), register))).toContain('tu es inscrite à Journée découverte');
    expect(textOf(await action(participant(0), register))).toContain('Tu es déjà inscrite');

    // The admin picks the rest (two picks) and pastes the mentors' mentions.
    await action(
      'U0BOSS',
      `admin:event-add:${id}:participant`,
      Array.from({ length: 15 }, (_, i) => participant(10 + i)),
    );
    await action('U0BOSS', `admin:event-add:${id}:participant`, [
      participant(25),
      participant(26),
      participant(27),
      participant(28),
      participant(3),
    ]);
    const pasted = await dispatch('U0BOSS', {
      kind: 'form',
      id: `admin:event-paste:${id}`,
      values: {
        participants: '',
        mentors: Array.from({ length: 8 }, (_, i) => `<@U0M${i}|m${i}>`).join(', ') + ' @inconnue',
      },
    });
    expect(textOf(pasted)).toContain('marraines indiquées : 8');
    expect(textOf(pasted)).toContain('Je n’ai pas reconnu : @inconnue');
    expect(textOf(pasted)).toContain('29 participantes');
    expect(textOf(pasted)).toContain('8 marraines');

    // The proposal, kept in the database.
    const proposal = await action('U0BOSS', `admin:event-group:${id}`);
    expect(textOf(proposal)).toContain('8 groupes proposés');
    expect(textOf(proposal)).toContain('**Groupe 1** — marraine <@U0M');
    const details = await services.events.details(community, id);
    const { groups, ungrouped } = proposedGroups(details.participants);
    expect(ungrouped).toEqual([]);
    expect(groups.map((g) => g.mentors.length)).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(groups.map((g) => g.participants.length).sort()).toEqual([3, 3, 3, 4, 4, 4, 4, 4]);
    const changers = groups.map(
      (g) =>
        g.participants.filter(
          (memberId) =>
            details.members.get(memberId)!.externalUserId.match(/U0P(\d+)/) &&
            Number(details.members.get(memberId)!.externalUserId.slice(3)) % 4 === 0,
        ).length,
    );
    expect(Math.max(...changers) - Math.min(...changers)).toBeLessThanOrEqual(1);

    // A swap between two groups; a participant for a mentor is refused.
    const [first, second] = groups as [(typeof groups)[number], (typeof groups)[number]];
    const external = (memberId: string) => details.members.get(memberId)!.externalUserId;
    const [a, b] = [external(first.participants[0]!), external(second.participants[0]!)];
    expect(textOf(await action('U0BOSS', `admin:event-swap:${id}`, [a, b]))).toContain('Échange fait.');
    const swapped = proposedGroups((await services.events.details(community, id)).participants).groups;
    expect(swapped[0]!.participants).toContain(second.participants[0]);
    expect(swapped[1]!.participants).toContain(first.participants[0]);
    expect(textOf(await action('U0BOSS', `admin:event-swap:${id}`, [a, external(first.mentors[0]!)]))).toContain(
      'pas une participante avec une marraine',
    );

    // Publication: one private space per group, the mentor and her participants in it, in French.
    expect(textOf(await action('U0BOSS', `admin:event-publish:${id}`))).toContain(
      '8 groupes ont chacun leur espace privé',
    );
    const spaces = await database.prisma.outboxMessage.findMany({
      where: { communityId: community.id, key: { startsWith: `event.group:${id}:` } },
      orderBy: { key: 'asc' },
    });
    expect(spaces).toHaveLength(8);
    for (const space of spaces) {
      const target = space.target as { kind: string; userIds: string[]; parentChannelId: string };
      expect(target.kind).toBe('group');
      expect(target.parentChannelId).toBe('C0NEWS');
      expect(target.userIds.filter((u) => u.startsWith('U0M'))).toHaveLength(1);
      expect(target.userIds.length).toBeGreaterThanOrEqual(4);
      expect(target.userIds.length).toBeLessThanOrEqual(5);
      const text = withoutMarkers((space.message as { text: string }).text);
      expect(text).toMatch(/^\*\*Journée découverte — groupe \d\*\* 💜 Bienvenue <@U0P\d+>, /);
      expect(text).toContain(`Votre marraine pour l’événement : <@${target.userIds[0]}>.`);
      expect(text).toContain('Rendez-vous le samedi 13 mars 2027 à 09:30.');
      expect(text).toContain('Pour faire connaissance');
    }
    // Published: nothing changes any more, and a second publication sends nothing more.
    expect(textOf(await action('U0BOSS', `admin:event-publish:${id}`))).toContain('déjà publiés');
    expect(textOf(await action(participant(0), `${community.id}/circle:event-leave:${id}`))).toContain('déjà publiés');
    expect(await database.prisma.outboxMessage.count({ where: { key: { startsWith: `event.group:${id}:` } } })).toBe(8);
    expect(await circleFigures(services.store, community.id)).toMatchObject({
      events: { count: 1, participants: 29, groups: 8 },
    });

    // Each participant sees her group in `circle`.
    expect(textOf(await dispatch(participant(0), { kind: 'command', name: 'cercle', options: {} }))).toMatch(
      /Journée découverte — samedi 13 mars 2027 à 09:30 \(groupe \d\)/,
    );
  });

  it('says how many mentors are missing instead of guessing', async () => {
    const created = await services.events.create(
      community,
      (await services.store.members.find(community.id, 'U0BOSS'))!,
      { name: 'Atelier', date: '2027-04-10' },
      'admin:event-new-open',
    );
    await services.events.add(
      community,
      (await services.store.members.find(community.id, 'U0BOSS'))!,
      created.id,
      Array.from({ length: 29 }, (_, i) => participant(i)),
      'participant',
    );
    await services.events.add(
      community,
      (await services.store.members.find(community.id, 'U0BOSS'))!,
      created.id,
      ['U0M0', 'U0M1', 'U0M2', 'U0M3', 'U0M4', 'U0M5'],
      'mentor',
    );
    const reply = await action('U0BOSS', `admin:event-group:${created.id}`);
    expect(textOf(reply)).toContain('Il manque 2 marraines pour faire des groupes de 3 ou 4');
    expect(
      (await services.events.details(community, created.id)).participants.every((p) => p.groupNumber === null),
    ).toBe(true);
    expect(textOf(await action('U0BOSS', `admin:event-publish:${created.id}`))).toContain('refais les groupes');

    // A registered participant tagged as a mentor becomes one: 28 participants, 7 mentors, enough.
    const boss = (await services.store.members.find(community.id, 'U0BOSS'))!;
    expect(await services.events.add(community, boss, created.id, [participant(28)], 'mentor')).toEqual({
      added: 0,
      tagged: 1,
    });
    const rows = (await services.events.details(community, created.id)).participants;
    expect([rows.length, rows.filter((p) => p.mentor).length]).toEqual([35, 7]);
    expect(textOf(await action('U0BOSS', `admin:event-group:${created.id}`))).toContain('7 groupes proposés');
  });
});
