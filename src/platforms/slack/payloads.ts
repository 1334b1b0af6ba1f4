/**
 * The shape of each request the adapter's listeners read, checked before Bolt routes it.
 * Slack signs what it sends, but a listener should not be the place that finds out a field
 * is missing or of another type (a crash there is a stack in the log and a 500): whatever
 * does not fit is acknowledged and left alone. Fields the listeners do not read pass through.
 */
import { z } from 'zod';

const id = z.string().min(1).max(255);
/**
 * A workspace, user or channel id as Slack writes them (T…, U…, C…: capitals and digits).
 * Anything else is not from Slack, and Bolt looks some of them up as object keys ("toString").
 */
const slackId = z.string().regex(/^[A-Z0-9]{1,64}$/);
const option = z.looseObject({ value: z.string() });

/** Where a late answer goes: Slack always sends one with a command (Bolt gives no `respond` without it). */
const responseUrl = z.string().regex(/^https?:\/\/\S+$/);

const slashCommand = z.looseObject({
  command: z.string(),
  text: z.string(),
  user_id: slackId,
  team_id: slackId,
  team_domain: z.string().optional(),
  channel_id: slackId,
  trigger_id: id,
  // A command answered after the 3 s acknowledgement (queued, late, an apology) is answered there.
  response_url: responseUrl,
});

const stateValue = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_option: option.nullish(),
  selected_options: z.array(option).optional(),
  selected_users: z.array(z.string()).optional(),
  selected_user: z.string().nullish(),
  selected_conversation: z.string().nullish(),
  selected_channel: z.string().nullish(),
  selected_date: z.string().nullish(),
  files: z
    .array(
      z.looseObject({
        id: z.string().optional(),
        name: z.string().optional(),
        url_private_download: z.string().optional(),
        size: z.number().optional(),
        mimetype: z.string().optional(),
      }),
    )
    .optional(),
});
const state = z.looseObject({ values: z.record(z.string(), z.record(z.string(), stateValue)) });

const team = z.looseObject({ id: slackId, domain: z.string().optional() }).nullish();
const user = z.looseObject({ id: slackId, team_id: slackId.optional() });

const blockActions = z
  .looseObject({
    type: z.literal('block_actions'),
    user,
    team,
    trigger_id: id,
    actions: z
      .array(
        z.looseObject({
          action_id: id,
          type: z.string(),
          selected_option: option.nullish(),
          selected_options: z.array(option).optional(),
          selected_users: z.array(z.string()).optional(),
          selected_user: z.string().nullish(),
          selected_conversation: z.string().nullish(),
        }),
      )
      .min(1),
    container: z.looseObject({ type: z.string() }).optional(),
    channel: z.looseObject({ id }).optional(),
    view: z.looseObject({ id }).optional(),
    response_url: z.string().optional(),
  })
  // Outside a form the answer goes to response_url: Slack always sends one there.
  .refine((body) => body.view !== undefined || body.response_url !== undefined)
  .refine((body) => Boolean(body.team?.id ?? body.user.team_id));

const viewSubmission = z
  .looseObject({
    type: z.literal('view_submission'),
    user,
    team,
    trigger_id: id.optional(),
    view: z.looseObject({
      id,
      callback_id: z.string().max(255),
      hash: z.string().optional(),
      private_metadata: z.string().optional(),
      state,
    }),
  })
  // The workspace it comes from: `team`, or the user's own when an organisation-wide install sends team null.
  .refine((body) => Boolean(body.team?.id ?? body.user.team_id));

const appMention = z.looseObject({
  type: z.literal('app_mention'),
  user: slackId,
  channel: slackId,
  ts: id,
  thread_ts: z.string().optional(),
});
const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: slackId,
  event_id: id,
  // Bolt's router reads where an event happened before any listener: these must be what it expects.
  event: z.looseObject({
    type: z.string(),
    channel: z.union([z.string(), z.looseObject({ id: z.string() })]).optional(),
    channel_id: z.string().optional(),
    item: z.looseObject({}).optional(),
    // …and who did it: a string or an object (\`null\` is an object to it, read as \`user.id\`).
    user: z.union([z.string(), z.looseObject({})]).optional(),
    subteam: z.looseObject({}).optional(),
  }),
});

/** Whether the adapter can read this body; false: acknowledge it and do nothing. */
export function understood(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const { type, command } = body as { type?: unknown; command?: unknown };
  if (command !== undefined) return slashCommand.safeParse(body).success;
  if (type === 'block_actions') return blockActions.safeParse(body).success;
  if (type === 'view_submission') return viewSubmission.safeParse(body).success;
  if (type === 'event_callback') {
    const parsed = eventCallback.safeParse(body);
    if (!parsed.success) return false;
    return parsed.data.event.type !== 'app_mention' || appMention.safeParse(parsed.data.event).success;
  }
  return false;
}
