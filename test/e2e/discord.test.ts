import { InteractionResponseType, MessageFlags } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dispatched } from '../../src/core/dispatcher.ts';
import { translator } from '../../src/i18n/index.ts';
import { chatInputInteraction, PERMISSIONS } from '../fakes/discord/index.ts';
import { componentIds, startDiscordWorld, type DiscordUser, type DiscordWorld } from './support/discord-world.ts';

const ada: DiscordUser = { id: '400000000000000001', username: 'ada', locale: 'fr' };
const grace: DiscordUser = { id: '400000000000000002', username: 'grace', locale: 'en-US', admin: true };

describe('Discord, end to end through discord.js', () => {
  let world: DiscordWorld;
  beforeAll(async () => {
    world = await startDiscordWorld();
  });
  afterAll(() => world?.stop());
  afterEach(() => vi.restoreAllMocks());

  const referenceIn = (text: string | undefined) =>
    /\((?:reference|référence) ([0-9a-f]{8})\)/.exec(text ?? '')?.[1] ?? '(none)';

  async function memberOf(user: DiscordUser) {
    const community = await world.app.store.communities.find('discord', world.guild.id);
    return world.app.store.members.find(community!.id, user.id);
  }
  async function profileOf(user: DiscordUser) {
    return world.app.store.profiles.get((await memberOf(user))!.id);
  }

  it('registers /marraine with its eleven subcommands, in English with French names', () => {
    const [root] = world.fake.commands(world.guild.id);
    expect(root?.name).toBe('marraine');
    const subs = (root?.options ?? []) as { name: string; name_localizations?: { fr?: string } }[];
    expect(subs.map((s) => s.name)).toEqual([
      'join',
      'profile',
      'mentors',
      'requests',
      'checkin',
      'share',
      'challenge',
      'circle',
      'admin',
      'data',
      'stats',
    ]);
    expect(subs.map((s) => s.name_localizations?.fr)).toEqual([
      'rejoindre',
      'profil',
      'marraines',
      'demandes',
      'point',
      'partager',
      'defi',
      'cercle',
      'admin',
      'donnees',
      'stats',
    ]);
  });

  it('walks a member through the questionnaire in steps, stores her profile and welcomes her by DM', async () => {
    const start = await world.command(ada, 'join');
    expect(start.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(start.data.flags).toBe(MessageFlags.Ephemeral);
    expect(start.data.content).toContain('Étape 1 sur 5');
    expect(componentIds(start)).toEqual(['join:set:role:join', 'join:set:situation:join', 'join:next:identity:join']);

    const picked = await world.select(ada, 'join:set:role:join', ['mentee']);
    expect(picked.type).toBe(InteractionResponseType.UpdateMessage);
    expect(picked.data.components?.[0]?.components[0]?.options?.find((o) => o.value === 'mentee')?.default).toBe(true);
    await world.select(ada, 'join:set:situation:join', ['career-change']);

    const skills = await world.click(ada, 'join:next:identity:join');
    expect(skills.data.content).toContain('Étape 2 sur 5');
    await world.select(ada, 'join:set:domains:join', ['back', 'data-ai']);
    await world.select(ada, 'join:set:languages:join', ['fr']);
    await world.select(ada, 'join:set:remote:join', ['yes']);

    const goals = await world.click(ada, 'join:next:skills:join');
    // A mentee is asked what she seeks, not what she offers.
    expect(componentIds(goals)).toEqual(['join:set:seeks:join', 'join:next:goals:join']);
    await world.select(ada, 'join:set:seeks:join', ['career-change', 'confidence']);

    const form = await world.click(ada, 'join:next:goals:join');
    expect(form.type).toBe(InteractionResponseType.Modal);
    expect(form.data.custom_id).toBe('join:details:join');
    expect(form.data.components?.map((r) => r.components[0]?.custom_id)).toEqual([
      'stacks',
      'region',
      'hoursPerMonth',
      'bio',
    ]);

    const consent = await world.submit(ada, 'join:details:join', {
      stacks: 'Java, Python',
      region: 'Lyon',
      hoursPerMonth: '4',
      bio: 'Ancienne fleuriste.',
    });
    expect(consent.data.content).toContain('ton accord');
    const done = await world.click(ada, 'join:consent');
    expect(done.type).toBe(InteractionResponseType.UpdateMessage);
    expect(done.data.content).toContain('bienvenue dans le programme');
    expect(done.data.embeds?.[0]?.fields?.find((f) => f.name === 'Ta situation')?.value).toBe('En reconversion');

    const profile = await profileOf(ada);
    expect(profile?.completedAt).not.toBeNull();
    expect(profile?.answers).toMatchObject({
      role: 'mentee',
      situation: 'career-change',
      languages: ['fr'],
      hoursPerMonth: 4,
      region: 'Lyon',
      consent: true,
    });

    await expect
      .poll(() => world.fake.directMessages(ada.id).map((m) => m.content))
      .toEqual([expect.stringContaining('Bienvenue dans le programme')]);
  });

  it('refuses an invalid answer naming the field, keeps the others, and reopens the form with what she typed', async () => {
    const refused = await world.submit(ada, 'join:details:edit', {
      stacks: 'Java',
      region: 'Nantes',
      hoursPerMonth: 'beaucoup',
      bio: '',
    });
    expect(refused.data.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.data.content).toContain('**Temps disponible par mois (heures)** : écris un nombre entier');
    expect(componentIds(refused)).toEqual(['join:details-open:edit']);
    const profile = await profileOf(ada);
    expect(profile?.answers).toMatchObject({ region: 'Nantes', hoursPerMonth: 4 });
    expect(profile?.answers.bio).toBeUndefined();

    const reopened = await world.click(ada, 'join:details-open:edit');
    expect(reopened.type).toBe(InteractionResponseType.Modal);
    const values = Object.fromEntries(
      (reopened.data.components ?? []).map((r) => [r.components[0]?.custom_id, r.components[0]?.value]),
    );
    expect(values).toMatchObject({ region: 'Nantes', hoursPerMonth: 'beaucoup' });
  });

  it('edits one step from her profile, and pauses and resumes it', async () => {
    const panel = await world.command(ada, 'profile');
    expect(panel.data.content).toContain('Ton profil');
    const step = await world.select(ada, 'profile:edit', ['skills']);
    expect(componentIds(step)).toContain('join:next:skills:edit');
    await world.select(ada, 'join:set:languages:edit', ['fr', 'en']);
    const saved = await world.click(ada, 'join:next:skills:edit');
    expect(saved.data.content).toContain('C’est enregistré');
    expect((await profileOf(ada))?.answers.languages).toEqual(['fr', 'en']);

    const paused = await world.click(ada, 'profile:pause');
    expect(paused.data.content).toContain('en pause');
    expect((await memberOf(ada))?.status).toBe('paused');
    await world.click(ada, 'profile:resume');
    expect((await memberOf(ada))?.status).toBe('active');
  });

  it('keeps a member who cannot manage the server out of the settings, even clicking a settings component', async () => {
    const refused = await world.command(ada, 'admin');
    expect(refused.data.content).toContain('Seules les personnes qui administrent');
    const forged = await world.selectChannel(ada, 'admin:channel:moderationQueue', world.guild.channelId('moderation'));
    expect(forged.data.content).toContain('Seules les personnes qui administrent');
    const community = await world.app.store.communities.find('discord', world.guild.id);
    expect(community?.settings.channels.moderationQueue).toBeUndefined();
  });

  it('lets a member with Manage Server set the channels, in her language, and audits the change', async () => {
    const panel = await world.command(grace, 'admin');
    expect(panel.data.content).toContain('Marraine settings');
    const moderation = world.guild.channelId('moderation');
    const saved = await world.selectChannel(grace, 'admin:channel:moderationQueue', moderation);
    expect(saved.type).toBe(InteractionResponseType.UpdateMessage);
    expect(saved.data.content).toContain(`<#${moderation}>`);
    const community = await world.app.store.communities.find('discord', world.guild.id);
    expect(community?.settings.channels.moderationQueue).toBe(moderation);
    const [entry] = await world.app.store.auditLog.list(community!.id, { action: 'settings.changed' });
    expect(entry?.details).toMatchObject({ changed: { channels: { moderationQueue: moderation } } });
  });

  it('refuses a challenge to someone who is not in the server, saying what to fix, and queues no invitation', async () => {
    // Discord resolves a pasted user id, with no member when she is not in this server.
    const outsider = { id: '400000000000000999', username: 'outsider' };
    const refused = await world.command(ada, 'challenge', [
      { name: 'someone', type: 'user', user: outsider, member: null },
    ]);
    expect(refused.data.flags).toBe(MessageFlags.Ephemeral);
    expect(refused.data.content).toBe(
      `Je ne trouve pas ${outsider.id} dans cette communauté. Mentionne la personne en tapant @ puis en la choisissant dans la liste, et relance la commande.`,
    );
    const community = await world.app.store.communities.find('discord', world.guild.id);
    expect(await world.app.store.challenges.links(community!.id)).toEqual([]);
    expect(await world.app.store.members.find(community!.id, outsider.id)).toBeNull();

    // One of the server's members is challenged as before.
    const sent = await world.command(ada, 'challenge', [{ name: 'someone', type: 'user', user: grace }]);
    expect(sent.data.content).toContain('Défi envoyé');
  });

  it('acts once on an interaction delivered twice', async () => {
    const dispatch = vi.spyOn(world.app.dispatcher, 'dispatch');
    const payload = chatInputInteraction({
      guildId: world.guild.id,
      channelId: world.general,
      user: { id: '400000000000000009', username: 'eve' },
      locale: 'fr',
      permissions: PERMISSIONS.member,
      subcommand: 'join',
    });
    world.fake.dispatch('INTERACTION_CREATE', payload);
    world.fake.dispatch('INTERACTION_CREATE', payload);
    await world.fake.waitForRequest((r) => r.path.startsWith(`/interactions/${payload.id}/`));
    // Both deliveries handled to the end; the second had nothing to say, so nothing can follow it.
    await expect.poll(() => dispatch.mock.results.length).toBe(2);
    const replies = await Promise.all(dispatch.mock.results.map((result) => result.value as Promise<Dispatched>));
    expect(replies.map(({ reply }) => reply.kind)).toEqual(['message', 'none']);
    expect(world.fake.requests.filter((r) => r.path.startsWith(`/interactions/${payload.id}/`))).toHaveLength(1);
  });

  it('apologises in her language when the database fails before her command runs', async () => {
    vi.spyOn(world.app.store.communities, 'ensure').mockRejectedValueOnce(
      new Error('Connection terminated unexpectedly'),
    );
    const answer = await world.command(grace, 'profile');
    expect(answer.type).toBe(InteractionResponseType.ChannelMessageWithSource);
    expect(answer.data.flags).toBe(MessageFlags.Ephemeral);
    expect(answer.data.content).toBe(
      translator('en')('error.unexpected', { reference: referenceIn(answer.data.content) }),
    );
  });

  it('apologises ephemerally when Discord refuses the answer itself', async () => {
    const payload = chatInputInteraction({
      guildId: world.guild.id,
      channelId: world.general,
      user: { id: ada.id, username: ada.username },
      locale: 'fr',
      permissions: PERMISSIONS.member,
      subcommand: 'profile',
    });
    const callback = `/interactions/${payload.id}/${payload.token}/callback`;
    world.fake.failNext((method, path) => method === 'POST' && path === callback, 400, {
      message: 'Invalid Form Body',
      code: 50035,
    });
    await world.fake.interact(payload);
    const apology = await world.fake.waitForRequest(
      (r) => r.path === callback && r.status === 204 && JSON.stringify(r.body).includes('référence'),
    );
    const data = (apology.body as { type: number; data: { content: string; flags: number } }).data;
    expect(data).toMatchObject({
      content: translator('fr')('error.unexpected', { reference: referenceIn(data.content) }),
      flags: MessageFlags.Ephemeral,
    });
    expect(world.fake.requests.filter((r) => r.path === callback).map((r) => r.status)).toEqual([400, 204]);
  });

  it('answers data with her data panel', async () => {
    const answer = await world.command(ada, 'data');
    expect(answer.data.content).toContain('Tes données dans cette communauté');
  });
});
