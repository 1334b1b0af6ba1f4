/**
 * Requests a stranger, or Slack itself on a bad day, can post to the bot's endpoint: slash
 * commands, block actions, view submissions and events, well formed or not, with fields
 * missing, of the wrong type, huge or hostile; forged, unsigned, stale, replayed, oversized.
 */
import fc from 'fast-check';
import { actionIds, componentId, formIds, memberText, reachesHandler, subcommandNames, wrongType } from './ids.ts';

export type Transport =
  'signed' | 'forged' | 'unsigned' | 'stale' | 'bad-timestamp' | 'oversized' | 'replay' | 'odd-content-type';

export interface SlackCase {
  kind: 'command' | 'block_actions' | 'view_submission' | 'event' | 'junk' | 'ssl_check';
  transport: Transport;
  /** The body as posted (form-encoded or JSON). */
  body: string;
  contentType: string;
  /** Seconds before now for a stale request. */
  staleBy: number;
  /** Reaches a real handler with the fields it needs: the database may change. */
  meaningful: boolean;
}

const DROP = Symbol('drop');
type Mutation = [path: string, value: unknown];

/**
 * Sets (or deletes, for DROP) a dotted path in a JSON-like object, creating nothing that is missing;
 * whether the request as it ends up is broken. A mutation that found nothing to change (a view's
 * field in a click on a message, which has no view; a field dropped that was not there) leaves
 * the request as Slack sent it, and one a later mutation of the same path replaced (a trigger id
 * set to `{}`, then dropped) is not in it: neither breaks it. Both were seen as stray writes
 * (a consent click, a share form: seed 1316850512).
 */
function applyMutations(
  target: Record<string, unknown>,
  mutations: Mutation[],
  /** Fields the bot does without (a view submission's trigger id): dropping them breaks nothing. */
  optional: ReadonlySet<string> = new Set(),
): boolean {
  const applied = new Map<string, unknown>();
  for (const [path, value] of mutations) {
    const keys = path.split('.');
    let node: unknown = target;
    for (const key of keys.slice(0, -1))
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
    if (!node || typeof node !== 'object') continue;
    const last = keys.at(-1)!;
    const parent = node as Record<string, unknown>;
    if (value === DROP) {
      if (!(last in parent)) continue;
      delete parent[last];
    } else parent[last] = value;
    applied.set(path, value);
  }
  return [...applied].some((m) => breaks(m) && !(m[1] === DROP && optional.has(m[0])));
}

/**
 * Fields whose change or absence leaves a request the bot handles as Slack's own: Slack's legacy
 * token, the app id and enterprise flag (Bolt reads them only to pick a token, and this bot has
 * one), names it also sends as ids, the workspace's domain (read only as the community's display
 * name, which any delivery may refresh), the view's hash (only part of a delivery key, when the
 * trigger id is missing), a click's `value` (the adapter reads the selected options, users and
 * conversation, never `value`: a button's data is in its action id), and an event's
 * `authorizations` (Bolt reads them only to pick a token; the adapter takes the workspace from
 * `team_id`: an app_mention without them counted as a stray write, seed 1318685684).
 */
const unread = new Set([
  'token',
  'api_app_id',
  'team_domain',
  'channel_name',
  'user_name',
  'is_enterprise_install',
  'view.hash',
  'actions.0.value',
  'authorizations',
  // A click's form state (`state`, not a form's `view.state`) and a form's private_metadata:
  // the bot writes the metadata and reads neither (a share form without it, seed 1322052175).
  'state',
  'view.private_metadata',
]);

/**
 * Fields a click may come without and stay one the adapter answers rightly (payloads.ts lets
 * them be absent): the workspace, when the user's team_id says it (organisation-wide installs
 * send team null); the container and channel (the answer then goes to response_url); the
 * selected option(s), which Slack sends only for selects (seed 1322052175).
 */
const clickOptional = new Set([
  'team',
  'container',
  'channel',
  'actions.0.selected_option',
  'actions.0.selected_options',
]);
/** A form's trigger id: the payload checks make it optional, the bot does without it. */
const formOptional = new Set(['trigger_id']);

/**
 * Whether a mutation makes the request one Slack would not send: changing a field the bot never
 * reads, a command's free text or name to other text, or the trigger id to another well-formed one leaves
 * a real request, whose handler may rightly write.
 */
function breaks([path, value]: Mutation): boolean {
  if (unread.has(path)) return false;
  const string = typeof value === 'string';
  // The command's name too: the bot answers whatever name the workspace gave its command.
  if ((path === 'text' || path === 'command') && string) return false;
  if (path === 'trigger_id' && string && value.length > 0 && value.length <= 255) return false;
  // A form's state emptied is still of Slack's shape (a modal with no input filled in, or none):
  // its handler judges what is missing (a share form so kept her draft, seed 1324924747).
  if (path === 'view.state.values' && isEmptyRecord(value)) return false;
  return true;
}

const isEmptyRecord = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** Usually none; sometimes a few fields dropped or of the wrong type. */
const mutations = (paths: string[], value: fc.Arbitrary<unknown> = wrongType()): fc.Arbitrary<Mutation[]> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<Mutation[]>([]) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.tuple(fc.constantFrom(...paths), fc.oneof(fc.constant<unknown>(DROP), value)), {
          minLength: 1,
          maxLength: 3,
        })
        .map((list) => list as Mutation[]),
    },
  );

const teamId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant('T0MARRAINE') },
    { weight: 1, arbitrary: fc.constantFrom('T0OTHER', 'E0GRID') },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
const userId = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('U0ADA', 'U0GRACE', 'U0HEDY', 'U0TESTUSER') },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );
const hex = (length: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
const triggerId = () => fc.tuple(fc.nat(), hex(8)).map(([n, h]) => `${n}.${h}`);

/** The command and action of a component id, without its scope or arguments. */
const form = (fields: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(fields).map(([k, v]): [string, string] => [
      k,
      typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
    ]),
  ).toString();

function commandCase(responseUrl: string): fc.Arbitrary<Omit<SlackCase, 'transport' | 'staleBy'>> {
  const text = fc.oneof(
    fc
      .tuple(fc.constantFrom(...subcommandNames), fc.array(memberText(), { maxLength: 3 }))
      .map(([name, args]) => [name, ...args].join(' ')),
    memberText(),
  );
  return fc
    .record({
      text,
      team: teamId(),
      user: userId(),
      trigger: triggerId(),
      command: fc.oneof(
        { weight: 5, arbitrary: fc.constant('/marraine') },
        { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
      ),
    })
    .chain((init) => {
      const fields: Record<string, unknown> = {
        token: 'verification-token',
        team_id: init.team,
        team_domain: 'duchess',
        channel_id: 'C0GENERAL',
        channel_name: 'general',
        user_id: init.user,
        user_name: 'ada',
        command: init.command,
        text: init.text,
        api_app_id: 'A0MARRAINE',
        is_enterprise_install: 'false',
        response_url: responseUrl,
        trigger_id: init.trigger,
      };
      return mutations(Object.keys(fields), memberText()).map((m) => {
        const mutated = applyMutations(fields, m);
        return {
          kind: 'command' as const,
          body: form(fields),
          contentType: 'application/x-www-form-urlencoded',
          meaningful: !mutated,
        };
      });
    });
}

const actionTypes = [
  'button',
  'static_select',
  'multi_static_select',
  'overflow',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'checkboxes',
  'radio_buttons',
  'datepicker',
  'number_input',
  'mystery',
];

function blockActionsCase(responseUrl: string): fc.Arbitrary<Omit<SlackCase, 'transport' | 'staleBy'>> {
  const option = memberText().map((value) => ({ text: { type: 'plain_text', text: 'x' }, value }));
  return fc
    .record({
      team: teamId(),
      user: userId(),
      trigger: triggerId(),
      actionId: componentId(actionIds),
      type: fc.constantFrom(...actionTypes),
      value: memberText(),
      selected: option,
      many: fc.array(option, { maxLength: 4 }),
      users: fc.array(userId(), { maxLength: 3 }),
      inView: fc.boolean(),
      viewId: fc.string({ maxLength: 12 }),
      metadata: fc.oneof(memberText(), fc.constant('{"channelId":"C0GENERAL"}')),
      ephemeral: fc.boolean(),
      extraActions: fc.array(componentId(actionIds), { maxLength: 2 }),
    })
    .chain((init) => {
      const action: Record<string, unknown> = {
        type: init.type,
        action_id: init.actionId,
        block_id: 'b1',
        action_ts: '1700000000.000100',
        value: init.value,
        selected_option: init.selected,
        selected_options: init.many,
        selected_users: init.users,
        selected_user: init.users[0] ?? null,
        selected_conversation: 'C0GENERAL',
      };
      const payload: Record<string, unknown> = {
        type: 'block_actions',
        team: { id: init.team, domain: 'duchess' },
        user: { id: init.user, username: 'ada', name: 'ada', team_id: init.team },
        api_app_id: 'A0MARRAINE',
        token: 'verification-token',
        trigger_id: init.trigger,
        actions: [
          action,
          ...init.extraActions.map((action_id) => ({ type: 'button', action_id, block_id: 'b2', action_ts: '1' })),
        ],
        state: { values: {} },
      };
      if (init.inView) {
        Object.assign(payload, {
          container: { type: 'view', view_id: init.viewId },
          view: {
            id: init.viewId,
            type: 'modal',
            callback_id: 'stale',
            private_metadata: init.metadata,
            hash: '1.abc',
            state: { values: {} },
            blocks: [],
          },
        });
      } else {
        Object.assign(payload, {
          container: {
            type: 'message',
            message_ts: '1700000000.000100',
            channel_id: 'C0GENERAL',
            is_ephemeral: init.ephemeral,
          },
          channel: { id: 'C0GENERAL', name: 'general' },
          response_url: responseUrl,
          ...(init.ephemeral ? {} : { message: { type: 'message', ts: '1700000000.000100', text: '', blocks: [] } }),
        });
      }
      const paths = [
        'team',
        'team.id',
        'user',
        'user.id',
        'trigger_id',
        'actions',
        'actions.0',
        'actions.0.action_id',
        'actions.0.type',
        'actions.0.selected_option',
        'actions.0.selected_options',
        'actions.0.value',
        'container',
        'view',
        'view.id',
        'view.state',
        'channel',
        'response_url',
        'state',
      ];
      return mutations(paths).map((m) => {
        const mutated = applyMutations(payload, m, clickOptional);
        return {
          kind: 'block_actions' as const,
          body: form({ payload }),
          contentType: 'application/x-www-form-urlencoded',
          meaningful: !mutated && reachesHandler('action', init.actionId),
        };
      });
    });
}

function stateValue(): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    memberText().map((value) => ({ type: 'plain_text_input', value })),
    fc.oneof(memberText(), fc.integer().map(String)).map((value) => ({ type: 'number_input', value })),
    memberText().map((value) => ({
      type: 'static_select',
      selected_option: { value, text: { type: 'plain_text', text: 'x' } },
    })),
    fc
      .array(memberText(), { maxLength: 3 })
      .map((values) => ({ type: 'checkboxes', selected_options: values.map((value) => ({ value })) })),
    fc.constant({ type: 'static_select', selected_option: null }),
    memberText().map((date) => ({ type: 'datepicker', selected_date: date })),
    fc.constant({
      type: 'file_input',
      files: [
        {
          id: 'F0NOPE',
          name: 'x.png',
          url_private_download: 'http://127.0.0.1:9/x.png',
          size: 10,
          mimetype: 'image/png',
        },
      ],
    }),
    wrongType().map((value) => ({ type: 'plain_text_input', value })),
  );
}

function viewSubmissionCase(): fc.Arbitrary<Omit<SlackCase, 'transport' | 'staleBy'>> {
  const fieldName = fc.oneof(
    fc.constantFrom(
      'role',
      'goal',
      'hours',
      'capacity',
      'topics',
      'bio',
      'region',
      'title',
      'date',
      'text',
      'category',
      'image',
      'name',
      'timeZone',
      'locale',
    ),
    fc.string({ maxLength: 10 }),
  );
  return fc
    .record({
      team: teamId(),
      user: userId(),
      trigger: triggerId(),
      callback: componentId(formIds),
      metadata: fc.oneof(memberText(), fc.constant('{"channelId":"C0GENERAL"}'), fc.constant('')),
      values: fc.dictionary(fieldName, stateValue(), { maxKeys: 6 }),
    })
    .chain((init) => {
      const payload: Record<string, unknown> = {
        type: 'view_submission',
        team: { id: init.team, domain: 'duchess' },
        user: { id: init.user, username: 'ada', name: 'ada', team_id: init.team },
        api_app_id: 'A0MARRAINE',
        token: 'verification-token',
        trigger_id: init.trigger,
        view: {
          id: 'V0FORM',
          team_id: init.team,
          type: 'modal',
          callback_id: init.callback,
          private_metadata: init.metadata,
          hash: '1.abc',
          blocks: [],
          title: { type: 'plain_text', text: 'Marraine' },
          state: { values: Object.fromEntries(Object.entries(init.values).map(([k, v]) => [k, { [k]: v }])) },
          root_view_id: 'V0FORM',
          app_id: 'A0MARRAINE',
          bot_id: 'B0MARRAINE',
        },
        response_urls: [],
      };
      // Without `team` it is still whole (the user's team_id says where): not one of the breaking changes.
      const paths = [
        'user',
        'user.id',
        'trigger_id',
        'view',
        'view.id',
        'view.callback_id',
        'view.state',
        'view.state.values',
        'view.private_metadata',
        'view.hash',
      ];
      return mutations(paths).map((m) => {
        const mutated = applyMutations(payload, m, formOptional);
        return {
          kind: 'view_submission' as const,
          body: form({ payload }),
          contentType: 'application/x-www-form-urlencoded',
          meaningful: !mutated && reachesHandler('form', init.callback),
        };
      });
    });
}

function eventCase(): fc.Arbitrary<Omit<SlackCase, 'transport' | 'staleBy'>> {
  const callback = fc
    .record({
      team: teamId(),
      user: userId(),
      type: fc.constantFrom(
        'app_mention',
        'app_mention',
        'message',
        'reaction_added',
        'member_joined_channel',
        'app_home_opened',
        'mystery',
      ),
      text: memberText(),
      eventId: hex(8),
      thread: fc.option(fc.constant('1700000000.000200')),
    })
    .chain((init) => {
      const payload: Record<string, unknown> = {
        token: 'verification-token',
        team_id: init.team,
        api_app_id: 'A0MARRAINE',
        type: 'event_callback',
        event_id: `Ev${init.eventId}`,
        event_time: 1700000000,
        event: {
          type: init.type,
          user: init.user,
          channel: 'C0GENERAL',
          text: init.text,
          ts: '1700000000.000100',
          event_ts: '1700000000.000100',
          ...(init.thread ? { thread_ts: init.thread } : {}),
        },
        authorizations: [{ team_id: init.team, user_id: 'U0MARRAINEBOT', is_bot: true }],
      };
      return mutations([
        'team_id',
        'event',
        'event.type',
        'event.user',
        'event.channel',
        'event.ts',
        'event_id',
        'authorizations',
      ]).map((m) => {
        const mutated = applyMutations(payload, m);
        return {
          kind: 'event' as const,
          body: JSON.stringify(payload),
          contentType: 'application/json',
          meaningful: !mutated && init.type === 'app_mention',
        };
      });
    });
  const other = fc
    .oneof(
      fc
        .string({ maxLength: 30 })
        .map((challenge) => ({ token: 'verification-token', challenge, type: 'url_verification' })),
      fc.constant({
        token: 'verification-token',
        type: 'app_rate_limited',
        team_id: 'T0MARRAINE',
        minute_rate_limited: 1700000000,
        api_app_id: 'A0MARRAINE',
      }),
      fc.dictionary(fc.string({ maxLength: 8 }), wrongType(), { maxKeys: 5 }),
    )
    .map((payload) => ({
      kind: 'event' as const,
      body: JSON.stringify(payload),
      contentType: 'application/json',
      meaningful: false,
    }));
  return fc.oneof({ weight: 3, arbitrary: callback }, { weight: 1, arbitrary: other });
}

function junkCase(): fc.Arbitrary<Omit<SlackCase, 'transport' | 'staleBy'>> {
  return fc.oneof(
    fc.string({ maxLength: 200 }).map((body) => ({
      kind: 'junk' as const,
      body,
      contentType: 'application/x-www-form-urlencoded',
      meaningful: false,
    })),
    fc
      .string({ maxLength: 200 })
      .map((body) => ({ kind: 'junk' as const, body, contentType: 'application/json', meaningful: false })),
    fc.string({ maxLength: 200 }).map((p) => ({
      kind: 'junk' as const,
      body: form({ payload: p }),
      contentType: 'application/x-www-form-urlencoded',
      meaningful: false,
    })),
    fc.jsonValue({ maxDepth: 3 }).map((p) => ({
      kind: 'junk' as const,
      body: form({ payload: JSON.stringify(p) }),
      contentType: 'application/x-www-form-urlencoded',
      meaningful: false,
    })),
    fc.constant({
      kind: 'ssl_check' as const,
      body: 'ssl_check=1&token=verification-token',
      contentType: 'application/x-www-form-urlencoded',
      meaningful: false,
    }),
  );
}

const transport = fc.oneof(
  { weight: 12, arbitrary: fc.constant<Transport>('signed') },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Transport>(
      'forged',
      'unsigned',
      'stale',
      'bad-timestamp',
      'oversized',
      'replay',
      'odd-content-type',
    ),
  },
);

/** One request to post; `responseUrl` is where the bot's answers to it go (on the local Slack). */
export function slackCase(responseUrl: string): fc.Arbitrary<SlackCase> {
  const body = fc.oneof(
    { weight: 3, arbitrary: commandCase(responseUrl) },
    { weight: 3, arbitrary: blockActionsCase(responseUrl) },
    { weight: 3, arbitrary: viewSubmissionCase() },
    { weight: 2, arbitrary: eventCase() },
    { weight: 1, arbitrary: junkCase() },
  );
  return fc
    .record({ base: body, transport, staleBy: fc.integer({ min: 5 * 60 + 2, max: 10_000_000 }) })
    .map(({ base, transport: t, staleBy }) => ({ ...base, transport: t, staleBy }));
}
