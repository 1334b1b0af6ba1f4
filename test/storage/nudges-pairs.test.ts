import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createManualClock } from '../../src/core/clock.ts';
import type { Community, Member } from '../../src/core/community.ts';
import { ghostSource } from '../../src/core/nudges/ghost.ts';
import { programEndSource } from '../../src/core/nudges/program-end.ts';
import { checkinReminderSource, notYetReminderSource } from '../../src/core/nudges/reminders.ts';
import { createServices, type Services } from '../../src/core/services.ts';
import type { Database } from '../../src/storage/database.ts';
import { createStore } from '../../src/storage/repositories/index.ts';
import { createTestDatabase } from '../support/databases.ts';
import { createPerson, menteeAnswers, mentorAnswers } from '../support/matching-fixtures.ts';
import { collect, enqueueAll, keys, pairDispatcher, recipients, textOf } from '../support/pair-nudges-fixtures.ts';

describe('pair nudges', () => {
  let database: Database;
  let services: Services;
  let community: Community;
  let ada: Member, nadia: Member;
  let pairId: string;
  const clock = createManualClock('2026-07-05T09:00:00Z');
  let click: ReturnType<typeof pairDispatcher>;
  const started = new Date('2026-01-05T09:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase();
    services = createServices({
      store: createStore(database.prisma),
      clock,
      defaults: { locale: 'fr', timeZone: 'Europe/Paris' },
    });
    const made = await services.store.communities.ensure({
      platform: 'discord',
      externalId: 'guild-pair-nudges',
      name: 'Duchess',
      locale: 'fr',
      timeZone: 'Europe/Paris',
    });
    community = await services.store.communities.update(made.id, {
      settings: { ...made.settings, channels: { announcements: 'C-news' } },
    });
    [ada, nadia] = await Promise.all([
      createPerson(services.store, community, 'ada', menteeAnswers),
      createPerson(services.store, community, 'nadia', mentorAnswers()),
      createPerson(services.store, community, 'eve', menteeAnswers).then(() => null),
    ]);
    click = pairDispatcher(services, 'discord');
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.prisma.pair.deleteMany({});
    await database.prisma.outboxMessage.deleteMany({});
    const pair = await services.store.matching.createPair({
      communityId: community.id,
      menteeId: ada.id,
      mentorId: nadia.id,
      requestId: null,
      startedAt: started,
    });
    pairId = pair?.id ?? '';
  });

  const checkIn = (dueOn: string, answer?: { answer: 'met' | 'not_yet'; at: string }) =>
    database.prisma.checkIn.create({
      data: {
        pairId,
        dueOn: new Date(`${dueOn}T00:00:00Z`),
        ...(answer ? { answer: answer.answer, answeredAt: new Date(answer.at), answeredById: ada.id } : {}),
      },
    });
  const pair = () => database.prisma.pair.findUniqueOrThrow({ where: { id: pairId } });
  const action = (name: string, ...args: (string | number)[]) => ({
    kind: 'action' as const,
    id: [`${community.id}/checkin:${name}`, pairId, ...args].join(':'),
    values: [],
  });

  it('reminds the mentor of an unanswered check-in three days after its day, once, and not after an answer or a newer check-in', async () => {
    const due = await checkIn('2026-04-10');
    expect(await collect(checkinReminderSource, services.store, community, '2026-04-12T21:00:00Z')).toEqual([]);
    const found = await collect(checkinReminderSource, services.store, community, '2026-04-13T08:00:00Z');
    expect(keys(found)).toEqual([`checkin.reminder:${due.id}`]);
    expect(recipients(found)).toEqual(['nadia']);
    expect(found[0]?.due).toEqual({ day: '2026-04-13' });
    expect(keys(await collect(checkinReminderSource, services.store, community, '2026-04-14T08:00:00Z'))).toEqual(
      keys(found),
    );
    expect(await enqueueAll(services.store, community, found, clock.now())).toBe(1);
    expect(await enqueueAll(services.store, community, found, clock.now())).toBe(0);

    await checkIn('2026-05-01');
    expect(await collect(checkinReminderSource, services.store, community, '2026-04-14T08:00:00Z')).toEqual([]);
    await database.prisma.checkIn.deleteMany({ where: { dueOn: new Date('2026-05-01T00:00:00Z') } });
    await database.prisma.checkIn.update({
      where: { id: due.id },
      data: { answer: 'met', answeredAt: new Date('2026-04-11T10:00:00Z') },
    });
    expect(await collect(checkinReminderSource, services.store, community, '2026-04-14T08:00:00Z')).toEqual([]);
  });

  it('asks both again a week after "not yet", once each, unless they reported a meeting since', async () => {
    const notYet = await checkIn('2026-04-10', { answer: 'not_yet', at: '2026-04-10T10:00:00Z' });
    expect(await collect(notYetReminderSource, services.store, community, '2026-04-16T20:00:00Z')).toEqual([]);
    const found = await collect(notYetReminderSource, services.store, community, '2026-04-17T08:00:00Z');
    expect(keys(found)).toEqual(
      [`checkin.notyet:${notYet.id}:${ada.id}`, `checkin.notyet:${notYet.id}:${nadia.id}`].sort(),
    );
    expect(found.map((n) => n.due)).toEqual([{ day: '2026-04-17' }, { day: '2026-04-17' }]);
    await database.prisma.pair.update({ where: { id: pairId }, data: { lastMetAt: new Date('2026-04-12T18:00:00Z') } });
    expect(await collect(notYetReminderSource, services.store, community, '2026-04-17T08:00:00Z')).toEqual([]);
  });

  it('sends the silence message to both once per streak, from the threshold on, and none to a paused pair', async () => {
    await checkIn('2026-02-01', { answer: 'met', at: '2026-02-01T10:00:00Z' });
    for (const day of ['2026-02-22', '2026-03-15', '2026-04-05']) await checkIn(day);
    await database.prisma.pair.update({ where: { id: pairId }, data: { silentCheckIns: 2 } });
    expect(await collect(ghostSource, services.store, community, '2026-04-06T09:00:00Z')).toEqual([]);
    await database.prisma.pair.update({ where: { id: pairId }, data: { silentCheckIns: 3 } });
    const found = await collect(ghostSource, services.store, community, '2026-04-06T09:00:00Z');
    expect(keys(found)).toEqual(
      [`ghost:${pairId}:2026-02-22:${ada.id}`, `ghost:${pairId}:2026-02-22:${nadia.id}`].sort(),
    );
    expect(JSON.stringify(found[0]?.message.blocks)).toContain(`${community.id}/checkin:pair-pause:${pairId}`);
    expect(keys(await collect(ghostSource, services.store, community, '2026-04-07T09:00:00Z'))).toEqual(keys(found));

    await database.prisma.pair.update({ where: { id: pairId }, data: { status: 'paused' } });
    expect(await collect(ghostSource, services.store, community, '2026-04-07T09:00:00Z')).toEqual([]);
  });

  it('lets only the pair’s members answer the silence message: still in touch, pause, resume, end', async () => {
    await database.prisma.pair.update({ where: { id: pairId }, data: { silentCheckIns: 3 } });
    expect(textOf(await click('eve', action('pair-end')))).toContain('binôme dont tu ne fais pas partie');
    expect((await pair()).status).toBe('active');

    await click('nadia', action('pair-stay'));
    expect((await pair()).silentCheckIns).toBe(0);

    await click('ada', action('pair-pause'));
    expect((await pair()).status).toBe('paused');
    expect(await database.prisma.outboxMessage.count({ where: { key: { startsWith: `pair.paused:${pairId}` } } })).toBe(
      1,
    );
    await click('nadia', action('pair-resume'));
    expect((await pair()).status).toBe('active');

    // Ending asks first; "no" changes nothing, and a stranger cannot confirm.
    const asked = textOf(await click('nadia', action('pair-end')));
    expect(asked).toContain('Tu veux vraiment arrêter ton mentorat avec <@ada>');
    expect((await pair()).status).toBe('active');
    expect(textOf(await click('nadia', action('pair-end-cancel')))).toContain('votre binôme continue');
    expect(textOf(await click('eve', action('pair-end-confirm')))).toContain('binôme dont tu ne fais pas partie');
    expect((await pair()).status).toBe('active');
    await click('nadia', action('pair-end-confirm'));
    expect(await pair()).toMatchObject({ status: 'ended', endReason: 'ended-by-mentor' });
    // A late click on the old question finds the pair ended.
    expect(textOf(await click('ada', action('pair-end')))).toContain('plus actif');
    const told = await database.prisma.outboxMessage.findMany({ where: { key: `pair.ended:${pairId}` } });
    expect(told.map((m) => m.target)).toEqual([{ kind: 'dm', userId: 'ada' }]);
    expect(await services.store.matching.activePairCount(nadia.id)).toBe(0);
    const audit = (await services.store.auditLog.list(community.id)).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['pair.stay', 'pair.paused', 'pair.resumed', 'pair.ended']));
  });

  it('sends the program end to both on its day, and again after an extension at the new end', async () => {
    expect(await collect(programEndSource, services.store, community, '2026-07-04T09:00:00Z')).toEqual([]);
    const found = await collect(programEndSource, services.store, community, '2026-07-04T23:00:00Z');
    expect(keys(found)).toEqual(
      [`program.end:${pairId}:2026-07-05:${ada.id}`, `program.end:${pairId}:2026-07-05:${nadia.id}`].sort(),
    );

    clock.set('2026-07-05T10:00:00Z');
    expect(textOf(await click('eve', action('pair-extend', 0)))).toContain('ne fais pas partie');
    expect(textOf(await click('ada', action('pair-extend', 0)))).toContain('jusqu’au 5 octobre 2026');
    expect(textOf(await click('nadia', action('pair-extend', 0)))).toContain('déjà fait');
    expect((await pair()).extendedMonths).toBe(3);
    expect(
      await database.prisma.outboxMessage.count({ where: { key: { startsWith: `pair.extended:${pairId}` } } }),
    ).toBe(1);
    expect(await collect(programEndSource, services.store, community, '2026-07-06T09:00:00Z')).toEqual([]);
    expect(keys(await collect(programEndSource, services.store, community, '2026-10-05T09:00:00Z'))).toContain(
      `program.end:${pairId}:2026-10-05:${ada.id}`,
    );
  });

  it('closes the pair at the program’s end, frees the mentor’s place, and lets the mentee thank her publicly once', async () => {
    clock.set('2026-07-05T10:00:00Z');
    const closed = await click('nadia', action('pair-close'));
    expect(textOf(closed)).toContain('Ta place se libère');
    expect(await pair()).toMatchObject({ status: 'ended', endReason: 'program-end' });
    expect(await services.store.matching.activePairCount(nadia.id)).toBe(0);
    const toAda = await database.prisma.outboxMessage.findFirstOrThrow({ where: { key: `pair.closed:${pairId}` } });
    expect(JSON.stringify(toAda.message)).toContain(`${community.id}/checkin:thank:${pairId}`);

    expect(
      textOf(
        await click('nadia', {
          kind: 'form',
          id: `${community.id}/checkin:thank-send:${pairId}`,
          values: { thanks: 'x' },
        }),
      ),
    ).not.toContain('publié');
    await click('ada', {
      kind: 'form',
      id: `${community.id}/checkin:thank-send:${pairId}`,
      values: { thanks: 'Merci <@everyone> !' },
    });
    await click('ada', {
      kind: 'form',
      id: `${community.id}/checkin:thank-send:${pairId}`,
      values: { thanks: 'Encore' },
    });
    const posts = await database.prisma.outboxMessage.findMany({ where: { key: `program.thanks:${pairId}` } });
    expect(posts).toHaveLength(1);
    expect(posts[0]?.target).toEqual({ kind: 'channel', channelId: 'C-news' });
    expect(JSON.stringify(posts[0]?.message)).toContain('\uE000Merci <@everyone> !\uE001');
  });

  it('validates the feedback form, keeps what she typed, and stores one feedback per member', async () => {
    const send = (values: Record<string, string | string[]>, who = 'ada') =>
      click(who, { kind: 'form', id: `${community.id}/checkin:feedback-send:${pairId}`, values });
    const refused = await send({ rating: '7', wentWell: 'Tout', recommend: 'peut-être' });
    expect(refused).toMatchObject({
      kind: 'form-errors',
      errors: { rating: 'un nombre entier de 1 à 5.', recommend: 'réponds oui ou non.' },
    });
    const reopened = await click('ada', {
      kind: 'action',
      id: `${community.id}/checkin:feedback:${pairId}`,
      values: [],
    });
    expect(
      reopened.kind === 'modal' && reopened.modal.fields.map((f) => (f.type === 'text' ? f.value : undefined)),
    ).toEqual(['7', 'Tout', 'peut-être']);
    expect(await database.prisma.programFeedback.count()).toBe(0);

    expect(await send({ rating: '9' }, 'eve')).toMatchObject({ kind: 'form-errors' });
    expect(textOf(await send({ rating: '5', recommend: 'oui' }, 'eve'))).toContain('ne fais pas partie');
    expect(textOf(await send({ rating: ['4'], wentWell: '  ', recommend: ['yes'] }))).toContain('Merci pour ton avis');
    expect(textOf(await send({ rating: '1', recommend: 'non' }))).toContain('déjà donné ton avis');
    expect(
      await database.prisma.programFeedback.findMany({
        select: { memberId: true, rating: true, wentWell: true, wouldRecommend: true },
      }),
    ).toEqual([{ memberId: ada.id, rating: 4, wentWell: null, wouldRecommend: true }]);
    expect((await services.store.auditLog.list(community.id, { action: 'program.feedback' })).length).toBe(1);
  });
});
