import { vi } from 'vitest';
import type { Member } from '../../../src/core/community.ts';
import type { Dispatched, Dispatcher } from '../../../src/core/dispatcher.ts';
import type { Store } from '../../../src/core/store.ts';
import { stateValue } from '../../fakes/slack/index.ts';
import { componentIds, startDiscordWorld, type Answer, type DiscordWorld } from './discord-world.ts';
import { startSlackWorld, type SlackWorld } from './slack-world.ts';

/** What a member sees in answer to something she did, the same shape on every platform. */
export interface Visible {
  text: string;
  /** Ids of the buttons and menus offered. */
  actions: string[];
  /** A form opened: its id and field ids. */
  form?: { id: string; fields: string[] };
  /** Per-field problems after a form was sent: label → message. */
  problems?: Record<string, string>;
}

export interface TestUser {
  id: string;
  name: string;
  locale: 'fr' | 'en';
  admin?: boolean;
}

export interface QuestionnaireAnswers {
  role: string;
  situation: string;
  domains: string[];
  languages: string[];
  remote: 'yes' | 'no';
  seeks: string[];
  offers: string[];
  stacks: string;
  region: string;
  hoursPerMonth: string;
  capacity: string;
  bio: string;
}

/**
 * One platform seen from the outside: the contract suite says what a member does, each
 * driver does it the way that platform's members do (Discord in steps, Slack in a form).
 */
export interface Driver {
  platform: 'discord' | 'slack';
  store: Store;
  member(user: TestUser): Promise<Member | null>;
  command(user: TestUser, name: { en: string; fr: string }): Promise<Visible>;
  click(user: TestUser, actionId: string): Promise<Visible>;
  completeQuestionnaire(user: TestUser, answers: QuestionnaireAnswers): Promise<Visible>;
  /** Sends the questionnaire's text fields with these values (other answers as before). */
  sendDetails(user: TestUser, answers: QuestionnaireAnswers): Promise<Visible>;
  directMessages(user: TestUser): Promise<string[]>;
  /** The same `/marraine <name>` delivered twice: how many answers the member got. */
  deliverTwice(user: TestUser, name: { en: string; fr: string }): Promise<number>;
  stop(): Promise<void>;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

/**
 * Runs `deliver` (which hands the platform the same interaction twice) and waits until the
 * core has handled both deliveries to the end: how many of them had something to say.
 * Once both are handled, nothing more can reach the member, so no sleep is needed.
 */
async function bothDeliveriesHandled(dispatcher: Dispatcher, deliver: () => Promise<unknown>): Promise<number> {
  const spy = vi.spyOn(dispatcher, 'dispatch');
  try {
    await deliver();
    await vi.waitFor(
      () => {
        if (spy.mock.results.length < 2) throw new Error('the second delivery is not handled yet');
      },
      { timeout: 5_000, interval: 10 },
    );
    const outcomes = await Promise.all(spy.mock.results.map((result) => result.value as Promise<Dispatched>));
    return outcomes.filter(({ reply }) => reply.kind !== 'none').length;
  } finally {
    spy.mockRestore();
  }
}

// --- Discord -------------------------------------------------------------------------

function seenOnDiscord(answer: Answer): Visible {
  const fields = (answer.data.embeds ?? []).flatMap((e) => (e.fields ?? []).map((f) => `${f.name}: ${f.value}`));
  const visible: Visible = {
    text: [answer.data.content ?? '', ...fields].join('\n'),
    actions: componentIds(answer).filter(Boolean),
  };
  if (answer.type === 9) visible.form = { id: answer.data.custom_id ?? '', fields: componentIds(answer) };
  const problems = [...(answer.data.content ?? '').matchAll(/^- \*\*(.+?)\*\* : (.+)$/gm)];
  if (problems.length > 0) visible.problems = Object.fromEntries(problems.map((m) => [m[1], m[2]]));
  return visible;
}

export async function discordDriver(): Promise<Driver> {
  const world: DiscordWorld = await startDiscordWorld();
  const as = (user: TestUser) => ({
    id: user.id,
    username: user.name,
    locale: user.locale === 'en' ? ('en-US' as const) : ('fr' as const),
    admin: user.admin ?? false,
  });
  const details = (a: QuestionnaireAnswers) => ({
    stacks: a.stacks,
    region: a.region,
    hoursPerMonth: a.hoursPerMonth,
    ...(a.capacity ? { capacity: a.capacity } : {}),
    bio: a.bio,
  });
  return {
    platform: 'discord',
    store: world.app.store,
    async member(user) {
      const community = await world.app.store.communities.find('discord', world.guild.id);
      return community ? world.app.store.members.find(community.id, user.id) : null;
    },
    command: async (user, name) => seenOnDiscord(await world.command(as(user), name.en)),
    click: async (user, id) => seenOnDiscord(await world.click(as(user), id)),
    async completeQuestionnaire(user, a) {
      const u = as(user);
      await world.command(u, 'join');
      await world.select(u, 'join:set:role:join', [a.role]);
      await world.select(u, 'join:set:situation:join', [a.situation]);
      await world.click(u, 'join:next:identity:join');
      await world.select(u, 'join:set:domains:join', a.domains);
      await world.select(u, 'join:set:languages:join', a.languages);
      await world.select(u, 'join:set:remote:join', [a.remote]);
      const goals = await world.click(u, 'join:next:skills:join');
      for (const id of componentIds(goals)) {
        if (id === 'join:set:seeks:join') await world.select(u, id, a.seeks);
        if (id === 'join:set:offers:join') await world.select(u, id, a.offers);
      }
      await world.click(u, 'join:next:goals:join');
      const sent = seenOnDiscord(await world.submit(u, 'join:details:join', details(a)));
      if (sent.problems) return sent;
      return seenOnDiscord(await world.click(u, 'join:consent'));
    },
    sendDetails: async (user, a) => seenOnDiscord(await world.submit(as(user), 'join:details:edit', details(a))),
    directMessages: async (user) => world.fake.directMessages(user.id).map((m) => m.content),
    async deliverTwice(user, name) {
      const { chatInputInteraction, PERMISSIONS } = await import('../../fakes/discord/index.ts');
      const payload = chatInputInteraction({
        guildId: world.guild.id,
        channelId: world.general,
        user: { id: user.id, username: user.name },
        locale: 'fr',
        permissions: PERMISSIONS.member,
        subcommand: name.en,
      });
      const answered = await bothDeliveriesHandled(world.app.dispatcher, async () => {
        world.fake.dispatch('INTERACTION_CREATE', payload);
        world.fake.dispatch('INTERACTION_CREATE', payload);
      });
      // Each answer the core gave reaches Discord; wait for those, then count what Discord got.
      const toDiscord = () =>
        world.fake.requests.filter((r) => r.path.startsWith(`/interactions/${payload.id}/`)).length;
      await vi.waitFor(() => {
        if (toDiscord() < answered) throw new Error('an answer has not reached Discord yet');
      });
      return toDiscord();
    },
    stop: () => world.stop(),
  };
}

// --- Slack ---------------------------------------------------------------------------

type Blocks = {
  type: string;
  block_id?: string;
  label?: { text: string };
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { action_id?: string; text?: string }[];
}[];

function textOf(blocks: Blocks): string {
  return blocks
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text.replace(/^\*(.+?)\*\n/, '$1: ')),
      ...(b.type === 'context' ? (b.elements ?? []).map((e) => e.text ?? '') : []),
    ])
    .filter(Boolean)
    .join('\n')
    .replace(/\*(.+?)\*/g, '**$1**');
}
const actionsOf = (blocks: Blocks) =>
  blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []).map((e) => e.action_id ?? ''));
const seenInMessage = (body: { blocks?: Blocks; text?: string } | undefined): Visible =>
  body?.blocks
    ? { text: textOf(body.blocks), actions: actionsOf(body.blocks) }
    : { text: body?.text ?? '', actions: [] };

export async function slackDriver(): Promise<Driver> {
  const world: SlackWorld = await startSlackWorld();
  const known = new Set<string>();
  const introduce = (user: TestUser) => {
    if (known.has(user.id)) return;
    known.add(user.id);
    world.fake.setUser({
      id: user.id,
      name: user.name,
      real_name: user.name,
      locale: user.locale === 'en' ? 'en-US' : 'fr-FR',
      is_admin: user.admin ?? false,
    });
  };
  const forms = new Map<string, { view: Record<string, unknown>; labels: Record<string, string> }>();

  /** Whatever the member sees after a command or click: a message, or a form that opened. */
  async function seen(
    user: TestUser,
    send: () => Promise<{ json?: unknown }>,
    calls: number,
    responses: number,
  ): Promise<Visible> {
    const answer = await send();
    if (answer.json) return seenInMessage(answer.json as { blocks?: Blocks });
    // The answer comes after the acknowledgement: a form opening or a reply to her response_url.
    const arrived = () =>
      world.fake.responses.length > responses ||
      world.fake.calls.slice(calls).some((c) => c.method === 'views.open' || c.method === 'views.push');
    for (const deadline = Date.now() + 5_000; !arrived() && Date.now() < deadline;) await settle();
    await settle();
    const opened = world.fake.calls.slice(calls).find((c) => c.method === 'views.open' || c.method === 'views.push');
    if (opened) {
      const view = opened.response && (opened.response as { view: Record<string, unknown> }).view;
      const blocks = (opened.args.view as { blocks: Blocks; callback_id: string }).blocks;
      const id = (opened.args.view as { callback_id: string }).callback_id;
      forms.set(`${user.id}:${id}`, {
        view: view ?? (opened.args.view as Record<string, unknown>),
        labels: Object.fromEntries(blocks.map((b) => [b.block_id ?? '', b.label?.text ?? ''])),
      });
      return { text: '', actions: [], form: { id, fields: blocks.map((b) => b.block_id ?? '') } };
    }
    return seenInMessage(world.fake.responses.slice(responses).at(-1)?.body as { blocks?: Blocks });
  }

  function values(a: QuestionnaireAnswers) {
    return {
      role: stateValue.staticSelect(a.role),
      situation: stateValue.staticSelect(a.situation),
      domains: stateValue.multiStaticSelect(a.domains),
      languages: stateValue.multiStaticSelect(a.languages),
      remote: stateValue.staticSelect(a.remote),
      seeks: stateValue.multiStaticSelect(a.seeks),
      offers: stateValue.multiStaticSelect(a.offers),
      stacks: stateValue.plainText(a.stacks),
      region: stateValue.plainText(a.region),
      hoursPerMonth: stateValue.numberInput(a.hoursPerMonth),
      capacity: stateValue.numberInput(a.capacity || null),
      bio: stateValue.plainText(a.bio),
      consent: stateValue.checkboxes(['yes']),
    };
  }

  async function submitJoin(
    user: TestUser,
    a: QuestionnaireAnswers,
    open: () => Promise<{ json?: unknown }>,
  ): Promise<Visible> {
    const opened = await seen(user, open, world.fake.calls.length, world.fake.responses.length);
    const form = forms.get(`${user.id}:${opened.form?.id}`);
    if (!form) return opened;
    const answer = await world.submit(user.id, form.view, values(a));
    const json = answer.json as { response_action: string; errors?: Record<string, string>; view?: { blocks: Blocks } };
    if (json.response_action === 'errors') {
      return {
        text: '',
        actions: [],
        problems: Object.fromEntries(
          Object.entries(json.errors ?? {}).map(([id, message]) => [form.labels[id] ?? id, message]),
        ),
      };
    }
    return seenInMessage(json.view);
  }

  return {
    platform: 'slack',
    store: world.app.store,
    async member(user) {
      const community = await world.app.store.communities.find('slack', world.fake.teamId);
      return community ? world.app.store.members.find(community.id, user.id) : null;
    },
    async command(user, name) {
      introduce(user);
      return seen(
        user,
        () => world.command(user.id, name[user.locale]),
        world.fake.calls.length,
        world.fake.responses.length,
      );
    },
    async click(user, id) {
      introduce(user);
      return seen(user, () => world.click(user.id, id), world.fake.calls.length, world.fake.responses.length);
    },
    async completeQuestionnaire(user, a) {
      introduce(user);
      return submitJoin(user, a, () => world.command(user.id, 'rejoindre'));
    },
    sendDetails: (user, a) => submitJoin(user, a, () => world.click(user.id, 'profile:edit-all')),
    async directMessages(user) {
      const opened = world.fake.calls.find((c) => c.method === 'conversations.open' && c.args.users === user.id);
      const channel = (opened?.response as { channel?: { id: string } } | undefined)?.channel?.id;
      return channel ? world.fake.messages(channel).map((m) => String(m.text)) : [];
    },
    async deliverTwice(user, name) {
      introduce(user);
      const triggerId = `twice.${user.id}.${name.en}`;
      let answers: { json?: unknown }[] = [];
      const answered = await bothDeliveriesHandled(world.app.dispatcher, async () => {
        answers = [
          await world.command(user.id, name.fr, { triggerId }),
          await world.command(user.id, name.fr, { triggerId, retryNum: 1 }),
        ];
      });
      // An answer is either in the acknowledgement or a form opened after it: wait for every answer the core gave.
      const seenBySlack = () =>
        answers.filter((a) => a.json !== undefined).length +
        world.fake.calls.filter((c) => c.method === 'views.open' && c.args.trigger_id === triggerId).length;
      await vi.waitFor(() => {
        if (seenBySlack() < answered) throw new Error('an answer has not reached Slack yet');
      });
      return seenBySlack();
    },
    stop: () => world.stop(),
  };
}
