import { InteractionResponseType, InteractionType, MessageFlags } from 'discord.js';
import { invalidFormBody, noContent, ok, unknown } from './api-errors.ts';
import type { Route, RouteContext, RouteResult } from './http-server.ts';
import { invalidMessageBody, type MessageBody, type StoredMessage } from './message-store.ts';
import type { RecordedFile } from './types.ts';
import type { InteractionRecord, World } from './world.ts';

const ACKNOWLEDGED = { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };

/** Interaction callbacks and the interaction webhook (original response, follow-ups). */
export function createInteractionRoutes(world: World): Route[] {
  const { messages } = world;

  function original(record: InteractionRecord): StoredMessage | undefined {
    if (record.originalMessageId) return messages.find(record.originalMessageId);
    return undefined;
  }

  /** A component's message may predate the fake (built by a test): adopt it so it can be edited. */
  function sourceMessage(record: InteractionRecord): StoredMessage | undefined {
    const message = record.sourceMessage;
    if (!message) return undefined;
    return messages.find(message.id) ?? messages.adopt(message);
  }

  function reply(record: InteractionRecord, data: MessageBody, files: RecordedFile[], loading: boolean): StoredMessage {
    const flags =
      (data.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2);
    const entry = messages.create(record.channelId ?? '', loading ? {} : data, loading ? [] : files, {
      source: 'interaction',
      interaction: record,
      recipientId: world.recipientOf(record.channelId ?? ''),
      flags: loading ? flags | MessageFlags.Loading : flags,
    });
    record.originalMessageId = entry.message.id;
    return entry;
  }

  function callback({ params, query, body, files }: RouteContext): RouteResult {
    const record = world.interactions.get(params.interactionId ?? '');
    if (!record || record.token !== params.token) return unknown.interaction();
    if (record.ack !== null) return ACKNOWLEDGED;
    const { type, data } = (body ?? {}) as {
      type?: InteractionResponseType;
      data?: MessageBody & { custom_id?: string; title?: string; components?: unknown[] };
    };
    let message: StoredMessage | undefined;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const invalid = invalidMessageBody(data ?? {}, files, true);
        if (invalid) return invalid;
        message = reply(record, data ?? {}, files, false);
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource:
        message = reply(record, data ?? {}, [], true);
        break;
      case InteractionResponseType.UpdateMessage:
      case InteractionResponseType.DeferredMessageUpdate: {
        if (record.type !== InteractionType.MessageComponent && record.type !== InteractionType.ModalSubmit) {
          return invalidFormBody({
            type: {
              _errors: [
                {
                  code: 'INTERACTION_RESPONSE_TYPE_INVALID',
                  message: 'Interaction response type is invalid for this interaction',
                },
              ],
            },
          });
        }
        message = sourceMessage(record);
        if (message) record.originalMessageId = message.message.id;
        if (message && type === InteractionResponseType.UpdateMessage) messages.edit(message, data ?? {}, files);
        break;
      }
      case InteractionResponseType.Modal:
        if (record.type === InteractionType.ModalSubmit) {
          return invalidFormBody({
            type: {
              _errors: [{ code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'A modal cannot answer a modal' }],
            },
          });
        }
        if (!data?.custom_id || !data.title || !data.components?.length) {
          return invalidFormBody({
            data: {
              _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'custom_id, title and components are required' }],
            },
          });
        }
        break;
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
      case InteractionResponseType.PremiumRequired:
      case InteractionResponseType.LaunchActivity:
        break;
      default:
        return invalidFormBody({
          type: {
            _errors: [{ code: 'BASE_TYPE_CHOICES', message: `Value "${String(type)}" is not a valid enum value.` }],
          },
        });
    }
    record.ack = type;
    if (query.with_response !== 'true') return noContent();
    const flags = message?.message.flags ?? 0;
    return ok({
      interaction: {
        id: record.id,
        type: record.type,
        ...(message
          ? {
              response_message_id: message.message.id,
              response_message_loading: Boolean(flags & MessageFlags.Loading),
              response_message_ephemeral: Boolean(flags & MessageFlags.Ephemeral),
            }
          : {}),
      },
      ...(message || type === InteractionResponseType.Modal
        ? { resource: { type, ...(message ? { message: message.message } : {}) } }
        : {}),
    });
  }

  function withWebhook(handler: (record: InteractionRecord, ctx: RouteContext) => RouteResult) {
    return (ctx: RouteContext) => {
      const record = world.interactionByToken(ctx.params.token ?? '');
      if (ctx.params.appId !== world.applicationId || !record) return unknown.webhook();
      return handler(record, ctx);
    };
  }

  function target(record: InteractionRecord, messageId: string | undefined): StoredMessage | undefined {
    if (messageId === '@original') return original(record);
    const entry = messages.find(messageId ?? '');
    return entry && (entry.interactionId === record.id || entry.message.id === record.originalMessageId)
      ? entry
      : undefined;
  }

  const followUp = withWebhook((record, { query, body, files }) => {
    if (record.ack === null) return unknown.webhook();
    const input = (body ?? {}) as MessageBody;
    const invalid = invalidMessageBody(input, files, true);
    if (invalid) return invalid;
    const first = original(record);
    let entry: StoredMessage;
    if (first && first.message.flags !== undefined && first.message.flags & MessageFlags.Loading) {
      // After a deferred reply, the first follow-up fills the "thinking" message, keeping its ephemerality.
      messages.edit(first, input, files);
      first.message.edited_timestamp = null;
      entry = first;
    } else {
      entry = messages.create(record.channelId ?? '', input, files, {
        source: 'follow-up',
        interaction: record,
        recipientId: world.recipientOf(record.channelId ?? ''),
        flags:
          (input.flags ?? 0) & (MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.IsComponentsV2),
      });
    }
    return query.wait === 'true' ? ok(entry.message) : noContent();
  });

  return [
    { method: 'POST', pattern: '/interactions/:interactionId/:token/callback', auth: false, handle: callback },
    { method: 'POST', pattern: '/webhooks/:appId/:token', auth: false, handle: followUp },
    {
      method: 'GET',
      pattern: '/webhooks/:appId/:token/messages/:messageId',
      auth: false,
      handle: withWebhook((record, { params }) => {
        const entry = target(record, params.messageId);
        return entry ? ok(entry.message) : unknown.message();
      }),
    },
    {
      method: 'PATCH',
      pattern: '/webhooks/:appId/:token/messages/:messageId',
      auth: false,
      handle: withWebhook((record, { params, body, files }) => {
        const entry = target(record, params.messageId);
        if (!entry) return unknown.message();
        const input = (body ?? {}) as MessageBody;
        const invalid = invalidMessageBody(input, files, false);
        if (invalid) return invalid;
        return ok(messages.edit(entry, input, files));
      }),
    },
    {
      method: 'DELETE',
      pattern: '/webhooks/:appId/:token/messages/:messageId',
      auth: false,
      handle: withWebhook((record, { params }) => {
        const entry = target(record, params.messageId);
        if (!entry) return unknown.message();
        messages.remove(entry.message.id);
        return noContent();
      }),
    },
  ];
}
