/**
 * Interaction payloads (block_actions, view_submission) shaped like the ones Slack posts, as
 * documented in Slack's interaction payload reference and typed by @slack/bolt. Options at the
 * top level are camelCase; anything copied into the payload as is uses Slack's snake_case.
 */
import { randomBytes } from 'node:crypto';
import type { SlackArgs } from './types.ts';
import {
  DEFAULT_APP_ID,
  DEFAULT_BOT_USER_ID,
  DEFAULT_TEAM_DOMAIN,
  DEFAULT_TEAM_ID,
  DEFAULT_USER_ID,
} from './workspace.ts';

/** Who is clicking, in which workspace. Defaults match a fake started without options. */
export interface SlackActorInit {
  teamId?: string;
  teamDomain?: string;
  userId?: string;
  userName?: string;
  apiAppId?: string;
  triggerId?: string;
}

export type StateValues = Record<string, Record<string, SlackArgs>>;

/** A view as the app sent or the fake returned it; missing fields get Slack's defaults. */
export type ViewInit = SlackArgs & { id?: string; callback_id?: string; private_metadata?: string; type?: string };

export interface ActionInit extends SlackArgs {
  action_id: string;
  block_id?: string;
  /** 'button' unless given: 'static_select', 'overflow', 'users_select', 'checkboxes'… */
  type?: string;
}

export interface BlockActionsInit extends SlackActorInit {
  action?: ActionInit;
  actions?: ActionInit[];
  /** The message holding the element: e.g. one from fake.messages(), whose channel is used. */
  message?: SlackArgs & { ts: string };
  channelId?: string;
  channelName?: string;
  /** Slack sends no message for clicks in an ephemeral message, only its container. */
  ephemeral?: boolean;
  /** The modal or Home tab holding the element; then there is no channel, message or response_url. */
  view?: ViewInit;
  state?: StateValues;
  responseUrl?: string;
}

export interface ViewSubmissionInit extends SlackActorInit {
  view?: ViewInit;
  callbackId?: string;
  privateMetadata?: string;
  values?: StateValues;
  /** Present when an input block has response_url_enabled; Slack sends [] otherwise. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/** Where respond() fails fast and visibly when a test did not pass fake.responseUrl(). */
export const UNSET_RESPONSE_URL = 'http://127.0.0.1:9/response/not-set';

const DEFAULT_CHANNEL_ID = 'C0GENERAL';
let triggerCounter = 0;

export function newTriggerId(): string {
  triggerCounter += 1;
  return `${Math.floor(Date.now() / 1000)}.${triggerCounter}.${randomBytes(12).toString('hex')}`;
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

function option(value: string, text = value): SlackArgs {
  return { text: { type: 'plain_text', text, emoji: true }, value };
}

/** Builders for state.values entries: `{ goal_block: { goal: stateValue.plainText('Progresser') } }`. */
export const stateValue = {
  plainText: (value: string | null) => ({ type: 'plain_text_input', value }),
  /** A number_input: Slack sends the number as typed, as a string (null when left empty). */
  numberInput: (value: string | null) => ({ type: 'number_input', value }),
  staticSelect: (value: string | null, text?: string) => ({
    type: 'static_select',
    selected_option: value === null ? null : option(value, text),
  }),
  multiStaticSelect: (values: string[]) => ({
    type: 'multi_static_select',
    selected_options: values.map((v) => option(v)),
  }),
  checkboxes: (values: string[]) => ({ type: 'checkboxes', selected_options: values.map((v) => option(v)) }),
  radioButtons: (value: string | null) => ({
    type: 'radio_buttons',
    selected_option: value === null ? null : option(value),
  }),
  conversationsSelect: (id: string | null) => ({ type: 'conversations_select', selected_conversation: id }),
  channelsSelect: (id: string | null) => ({ type: 'channels_select', selected_channel: id }),
  usersSelect: (id: string | null) => ({ type: 'users_select', selected_user: id }),
  multiUsersSelect: (ids: string[]) => ({ type: 'multi_users_select', selected_users: ids }),
  datepicker: (date: string | null) => ({ type: 'datepicker', selected_date: date }),
  /** Files from fake.uploadAsMember(), as a file_input holds them. */
  fileInput: (files: SlackArgs[]) => ({ type: 'file_input', files }),
};

function actor(init: SlackActorInit) {
  const teamId = init.teamId ?? DEFAULT_TEAM_ID;
  const userId = init.userId ?? DEFAULT_USER_ID;
  const userName = init.userName ?? userId.toLowerCase();
  return {
    team: { id: teamId, domain: init.teamDomain ?? DEFAULT_TEAM_DOMAIN },
    user: { id: userId, username: userName, name: userName, team_id: teamId },
    api_app_id: init.apiAppId ?? DEFAULT_APP_ID,
    token: 'verification-token',
    trigger_id: init.triggerId ?? newTriggerId(),
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** The view as Slack echoes it back in interactions, with its current state. */
function viewOutput(view: ViewInit, values: StateValues | undefined, teamId: string): SlackArgs {
  const id = view.id ?? 'V0TESTVIEW';
  const state = values ?? (view.state as { values?: StateValues } | undefined)?.values ?? {};
  return {
    id,
    team_id: teamId,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: '',
    hash: '1700000000.0000abcd',
    title: { type: 'plain_text', text: 'Marraine', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: null,
    previous_view_id: null,
    root_view_id: id,
    app_id: DEFAULT_APP_ID,
    external_id: '',
    app_installed_team_id: teamId,
    bot_id: 'B0MARRAINE',
    ...view,
    state: { values: state },
  };
}

function actionPayload(init: ActionInit): SlackArgs {
  const type = init.type ?? 'button';
  const action: SlackArgs = { type, block_id: `blk_${init.action_id}`, action_ts: actionTs(), ...init };
  if (type === 'button' && action.text === undefined)
    action.text = { type: 'plain_text', text: init.action_id, emoji: true };
  // Select options carry their label; a test usually only knows the value.
  const selected = action.selected_option as SlackArgs | null | undefined;
  if (selected && selected.text === undefined) action.selected_option = option(String(selected.value));
  if (Array.isArray(action.selected_options)) {
    action.selected_options = (action.selected_options as SlackArgs[]).map((o) =>
      o.text === undefined ? option(String(o.value)) : o,
    );
  }
  return action;
}

/** 'payload=' + a block_actions payload, form-encoded as Slack posts interactions. */
export function blockActionsBody(init: BlockActionsInit): string {
  const actions = init.actions ?? (init.action ? [init.action] : []);
  if (actions.length === 0) throw new Error('blockActionsBody needs `action` or `actions`.');
  const base = actor(init);
  const payload: SlackArgs = {
    type: 'block_actions',
    ...base,
    actions: actions.map(actionPayload),
    state: { values: init.state ?? {} },
  };
  if (init.view) {
    const view = viewOutput(init.view, init.state, base.team.id);
    Object.assign(payload, { container: { type: 'view', view_id: view.id }, view });
  } else {
    const { channel: messageChannel, ...message } = init.message ?? { ts: '1700000000.000100' };
    const channelId = init.channelId ?? (typeof messageChannel === 'string' ? messageChannel : DEFAULT_CHANNEL_ID);
    Object.assign(payload, {
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: channelId,
        is_ephemeral: init.ephemeral === true,
      },
      channel: { id: channelId, name: init.channelName ?? channelId.toLowerCase() },
      response_url: init.responseUrl ?? UNSET_RESPONSE_URL,
    });
    if (!init.ephemeral) {
      payload.message = {
        type: 'message',
        user: DEFAULT_BOT_USER_ID,
        bot_id: 'B0MARRAINE',
        text: '',
        blocks: [],
        team: base.team.id,
        ...message,
      };
    }
  }
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** 'payload=' + a view_submission payload, form-encoded as Slack posts interactions. */
export function viewSubmissionBody(init: ViewSubmissionInit): string {
  const base = actor(init);
  const view: ViewInit = { ...init.view };
  if (init.callbackId !== undefined) view.callback_id = init.callbackId;
  if (init.privateMetadata !== undefined) view.private_metadata = init.privateMetadata;
  const payload = {
    type: 'view_submission',
    ...base,
    view: viewOutput(view, init.values, base.team.id),
    response_urls: init.responseUrls ?? [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}
