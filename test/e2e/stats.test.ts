import { InteractionResponseType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Community, Member, Platform } from '../../src/core/community.ts';
import type { Answers } from '../../src/core/onboarding/questionnaire.ts';
import { withoutMarkers } from '../../src/core/reply-model.ts';
import type { Services } from '../../src/core/services.ts';
import { chartSize } from '../../src/core/stats/chart.ts';
import { renderPng } from '../../src/core/stats/png.ts';
import type { Store } from '../../src/core/store.ts';
import { startDiscordWorld, type Answer, type DiscordUser, type DiscordWorld } from './support/discord-world.ts';
import { startSlackWorld, type SlackWorld } from './support/slack-world.ts';
import { toOriginal } from '../fakes/discord/index.ts';

/**
 * `stats` through the real discord.js and Bolt clients: a moderator reads the figures, a
 * mentee and a mentor become a pair, and the next `stats` counts it (the figures are
 * queried each time, never kept); the chart reaches her DMs as a PNG.
 */
const mentee: Answers = {
  role: 'mentee',
  situation: 'career-change',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  seeks: ['career-change'],
  region: 'Lyon',
  hoursPerMonth: 4,
  consent: true,
};
const mentor: Answers = {
  role: 'mentor',
  situation: 'experienced',
  domains: ['back'],
  languages: ['fr'],
  remote: true,
  offers: ['career-change'],
  region: 'Lyon',
  hoursPerMonth: 6,
  capacity: 2,
  consent: true,
};
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const sizeOf = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];
// Bold is **…** on Discord, *…* in Slack's mrkdwn.
const activePairs = (text: string) => Number(/\*{1,2}Binômes\*{1,2} : (\d+) actifs?/.exec(withoutMarkers(text))?.[1]);

/** A mentee and a mentor who answered the questionnaire (tested elsewhere). */
async function people(
  store: Store,
  community: Community,
  ids: { mentee: string; mentor: string },
): Promise<{ mentee: Member; mentor: Member }> {
  const made: Record<string, Member> = {};
  for (const [role, answers] of [
    ['mentee', mentee],
    ['mentor', mentor],
  ] as const) {
    const member = await store.members.ensure({
      communityId: community.id,
      externalUserId: ids[role],
      displayName: role,
      locale: 'fr',
    });
    await store.profiles.save({
      memberId: member.id,
      communityId: community.id,
      questionnaireVersion: 1,
      answers,
      pendingInput: {},
      consentedAt: new Date(),
      completedAt: new Date(),
    });
    made[role] = member;
  }
  return made as { mentee: Member; mentor: Member };
}

/** She asks, the mentor offers, she chooses: a new pair (each step tested in the matching suites). */
async function pairUp(services: Services, community: Community, pair: { mentee: Member; mentor: Member }) {
  const request = await services.matching.request(community, pair.mentee, pair.mentor.id, 'Bonjour !');
  await services.matching.offer(community, pair.mentor, request.id);
  await services.matching.choose(community, pair.mentee, request.id);
}

async function community(
  store: Store,
  platform: Platform,
  externalId: string,
  settings: Partial<Community['settings']>,
): Promise<Community> {
  const created = await store.communities.ensure({
    platform,
    externalId,
    name: 'Duchess France',
    locale: 'fr',
    timeZone: 'Europe/Paris',
  });
  return store.communities.update(created.id, { settings: { ...created.settings, ...settings } });
}

describe('stats end to end on Discord', () => {
  let world: DiscordWorld;
  let place: Community;
  let mona: DiscordUser;
  const zoe: DiscordUser = { id: '730000000000000002', username: 'zoe' };

  beforeAll(async () => {
    // The renderer's WebAssembly compiles once per process: not inside the first answer here.
    await renderPng(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>`);
    world = await startDiscordWorld();
    const role = world.guild.roles.find((r) => r.name === 'Modération')!.id;
    mona = { id: '730000000000000001', username: 'mona', roles: [role] };
    place = await community(world.app.store, 'discord', world.guild.id, { moderatorRoles: [role] });
  });
  afterAll(() => world?.stop());

  /** What she reads: the answer itself, or the deferred reply once edited. */
  async function read(answer: Answer): Promise<string> {
    if (answer.type !== InteractionResponseType.DeferredChannelMessageWithSource) return answer.data.content ?? '';
    // A busy machine: the bot deferred, and edits its reply once the figures are in.
    const token = answer.request.path.split('/')[3] ?? '';
    const edit = await world.fake.waitForRequest(toOriginal(token), 15_000);
    return (edit.body as { content?: string }).content ?? '';
  }

  it('refuses a member who does not moderate', async () => {
    expect(await read(await world.command(zoe, 'stats'))).toBe('Seule l’équipe de modération peut faire cela.');
  });

  it('shows a number that changes after a new pair, and sends the chart to her DMs as a PNG', async () => {
    const pair = await people(world.app.store, place, { mentee: '730000000000000003', mentor: '730000000000000004' });
    const before = await read(await world.command(mona, 'stats', { period: '6months' }));
    expect(before).toContain('**Les chiffres de Duchess France** — les 6 derniers mois');
    expect(before).toContain('**En attente d’une marraine** : 1 filleule');
    expect(activePairs(before)).toBe(0);
    expect(before).toContain('arrive dans tes messages privés');

    const dm = await world.waitForDirectMessage(mona, (m) => m.files.length > 0);
    expect(dm.content).toContain('Le graphique des chiffres de');
    const [file] = dm.files;
    expect(file?.filename).toMatch(/^marraine-chiffres-\d{4}-\d{2}-\d{2}\.png$/);
    expect(file?.bytes.subarray(0, 8)).toEqual(pngSignature);
    expect(sizeOf(file!.bytes)).toEqual([chartSize.width * chartSize.scale, chartSize.height * chartSize.scale]);

    await pairUp(world.app.services, place, pair);
    const after = await read(await world.command(mona, 'stats', { period: '6months' }));
    expect(activePairs(after)).toBe(1);
    expect(after).toContain('**En attente d’une marraine** : personne');
    expect(after).toContain('1 formé sur la période');
  });
});

describe('stats end to end on Slack', () => {
  let world: SlackWorld;
  let place: Community;

  beforeAll(async () => {
    await renderPng(`<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>`);
    world = await startSlackWorld();
    for (const id of ['U0MONA', 'U0ZOE', 'U0ADA', 'U0NADIA'])
      world.fake.setUser({ id, name: id.slice(2).toLowerCase(), locale: 'fr-FR' });
    place = await community(world.app.store, 'slack', world.fake.teamId, { moderatorUsers: ['U0MONA'] });
  });
  afterAll(() => world?.stop());

  /** What she reads: in the acknowledgement, or posted to her response_url just after. */
  async function stats(userId: string, text = 'stats'): Promise<string> {
    const responses = world.fake.responses.length;
    const answer = await world.command(userId, text);
    expect(answer.status).toBe(200);
    const inAck = (answer.json as { text?: string } | undefined)?.text;
    if (inAck) return inAck;
    await expect.poll(() => world.fake.responses.length).toBeGreaterThan(responses);
    return (world.fake.responses[responses]!.body as { text: string }).text;
  }
  const dmChannel = (userId: string) =>
    (
      world.fake.calls.find((c) => c.method === 'conversations.open' && c.args.users === userId)?.response as
        { channel?: { id: string } } | undefined
    )?.channel?.id;

  it('refuses a member who does not moderate', async () => {
    expect(await stats('U0ZOE')).toBe('Seule l’équipe de modération peut faire cela.');
  });

  it('shows a number that changes after a new pair (the period typed in French), and sends the chart to her DMs as a PNG', async () => {
    const pair = await people(world.app.store, place, { mentee: 'U0ADA', mentor: 'U0NADIA' });
    const before = await stats('U0MONA', 'stats 6mois');
    expect(before).toContain('les 6 derniers mois');
    expect(before).toContain('*En attente d’une marraine* : 1 filleule, depuis moins d’un jour (médiane)');
    expect(activePairs(before)).toBe(0);

    await expect
      .poll(() => (dmChannel('U0MONA') ? world.fake.messages(dmChannel('U0MONA')!).length : 0))
      .toBeGreaterThan(0);
    const [dm] = world.fake.messages(dmChannel('U0MONA')!);
    const [fileId] = world.fake.imageFileIds(dm!);
    const png = world.fake.fileBytes(fileId!)!;
    expect(png.subarray(0, 8)).toEqual(pngSignature);
    expect(sizeOf(png)).toEqual([chartSize.width * chartSize.scale, chartSize.height * chartSize.scale]);

    await pairUp(world.app.services, place, pair);
    expect(activePairs(await stats('U0MONA', 'stats 6mois'))).toBe(1);
  });
});
