import { blockKitProblem } from './block-kit.ts';
import type { MethodHandler } from './conversation-methods.ts';
import type { SlackArgs } from './types.ts';
import { slackError, stringArg, type Workspace } from './workspace.ts';

// Slack's documented view limits, checked because French labels overflow them easily.
const MAX_TITLE_CHARS = 24;
const MAX_VIEW_BLOCKS = 100;
const MAX_PRIVATE_METADATA_CHARS = 3000;

function invalidArguments(message: string): SlackArgs {
  return slackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] ${message}`] } });
}

function textOf(value: unknown): string | undefined {
  const text = (value as { text?: unknown } | null | undefined)?.text;
  return typeof text === 'string' ? text : undefined;
}

/** The subset of Slack's view validation that a bot can get wrong without noticing locally. */
function validateView(view: SlackArgs): SlackArgs | undefined {
  const blocks = view.blocks;
  if (!Array.isArray(blocks)) return invalidArguments('missing required field: blocks [json-pointer:/view/blocks]');
  if (blocks.length > MAX_VIEW_BLOCKS)
    return invalidArguments(`no more than ${MAX_VIEW_BLOCKS} items allowed [json-pointer:/view/blocks]`);
  const problem = blockKitProblem(blocks, 'view', '/view/blocks');
  if (problem) return invalidArguments(problem);
  if (view.type === 'modal') {
    if (textOf(view.title) === undefined)
      return invalidArguments('missing required field: title [json-pointer:/view/title]');
    const hasInput = blocks.some((b) => (b as { type?: unknown })?.type === 'input');
    if (hasInput && view.submit === undefined) {
      return invalidArguments('must provide a submit property when using input blocks [json-pointer:/view]');
    }
  } else if (view.type !== 'home') {
    return invalidArguments('must be one of ["modal", "home"] [json-pointer:/view/type]');
  }
  for (const field of ['title', 'submit', 'close']) {
    const text = textOf(view[field]);
    if (text !== undefined && text.length > MAX_TITLE_CHARS) {
      return invalidArguments(`must be less than ${MAX_TITLE_CHARS + 1} characters [json-pointer:/view/${field}/text]`);
    }
  }
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > MAX_PRIVATE_METADATA_CHARS) {
    return invalidArguments(
      `must be less than ${MAX_PRIVATE_METADATA_CHARS + 1} characters [json-pointer:/view/private_metadata]`,
    );
  }
  return undefined;
}

export function createViewMethods(workspace: Workspace): Record<string, MethodHandler> {
  let hashCounter = 0;
  // A user's Home tab keeps its view id across publishes.
  const homeViewIds = new Map<string, string>();
  const nextHash = () => `1700000000.${(++hashCounter).toString(16).padStart(8, '0')}`;

  /** The view as Slack returns it: what the app sent, plus ids, hash, empty state and defaults. */
  const store = (id: string, view: SlackArgs, previous?: SlackArgs): SlackArgs => {
    const stored: SlackArgs = {
      id,
      team_id: workspace.teamId,
      type: view.type,
      blocks: view.blocks,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      state: { values: {} },
      hash: nextHash(),
      title: view.title ?? null,
      clear_on_close: view.clear_on_close === true,
      notify_on_close: view.notify_on_close === true,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: previous?.previous_view_id ?? null,
      root_view_id: previous?.root_view_id ?? id,
      app_id: workspace.appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: workspace.teamId,
      bot_id: workspace.botId,
    };
    workspace.views.set(id, stored);
    return stored;
  };

  const viewArg = (args: SlackArgs): SlackArgs | undefined =>
    typeof args.view === 'object' && args.view !== null ? (args.view as SlackArgs) : undefined;

  const openOrPush = (args: SlackArgs): SlackArgs => {
    const view = viewArg(args);
    if (!stringArg(args, 'trigger_id')) return slackError('invalid_trigger_id');
    if (!view) return invalidArguments('missing required field: view');
    return validateView(view) ?? { ok: true, view: store(workspace.nextId('V'), view) };
  };

  const findView = (args: SlackArgs): SlackArgs | undefined => {
    const id = stringArg(args, 'view_id');
    if (id) return workspace.views.get(id);
    const externalId = stringArg(args, 'external_id');
    return [...workspace.views.values()].find((v) => externalId && v.external_id === externalId);
  };

  return {
    'views.open': openOrPush,
    'views.push': openOrPush,

    'views.update': (args) => {
      const view = viewArg(args);
      if (!view) return invalidArguments('missing required field: view');
      const current = findView(args);
      if (!current) return slackError('not_found');
      const hash = stringArg(args, 'hash');
      if (hash && hash !== current.hash) return slackError('hash_conflict');
      return validateView(view) ?? { ok: true, view: store(current.id as string, view, current) };
    },

    'views.publish': (args) => {
      const userId = stringArg(args, 'user_id');
      const view = viewArg(args);
      if (!userId) return slackError('user_not_found');
      if (!view) return invalidArguments('missing required field: view');
      if (view.type !== 'home') return invalidArguments('must be "home" [json-pointer:/view/type]');
      const homeViewId = homeViewIds.get(userId);
      const current = homeViewId === undefined ? undefined : workspace.views.get(homeViewId);
      const hash = stringArg(args, 'hash');
      if (current && hash && hash !== current.hash) return slackError('hash_conflict');
      const invalid = validateView(view);
      if (invalid) return invalid;
      const stored = store(homeViewId ?? workspace.nextId('V'), view, current);
      homeViewIds.set(userId, stored.id as string);
      return { ok: true, view: stored };
    },
  };
}
