import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../core/clock.ts';
import type { Command } from '../../core/commands.ts';
import type { Dispatcher, IncomingInteraction } from '../../core/dispatcher.ts';
import { memberText, withoutMarkers, type Reply } from '../../core/reply-model.ts';
import type { Locale } from '../../i18n/index.ts';
import { parseCommandText } from '../slack/parse.ts';
import type { Feed } from './feed.ts';
import { channels, personas } from './personas.ts';
import { renderModal } from './render.ts';
import { HttpError } from './server.ts';
import { namesFor, sees, visible } from './state.ts';
import { botId } from './transport.ts';
import { createUploads, type UploadedFile } from './uploads.ts';
import type { InteractionResult } from './view.ts';

const where = {
  as: z.string().max(40),
  locale: z.enum(['fr', 'en']),
  /** The conversation she acted in. */
  conversation: z.string().max(100),
  /** The message she clicked on (or whose button opened the form). */
  messageId: z.string().max(100).optional(),
};

export const interactionSchema = z.object({
  ...where,
  input: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('text'), text: z.string().trim().min(1).max(4_000) }),
    z.object({ kind: z.literal('action'), id: z.string().max(200), values: z.array(z.string().max(200)).max(100) }),
  ]),
});

export const formSchema = z.object({
  ...where,
  id: z.string().max(200),
  values: z.record(z.string().max(100), z.union([z.string().max(10_000), z.array(z.string().max(200)).max(100)])),
});

type Where = Pick<z.output<typeof interactionSchema>, 'as' | 'locale' | 'conversation' | 'messageId'>;

/** `/marraine rejoindre`, `/marraine` alone, or a subcommand typed without the root. */
const commandLine = /^\/(?:marraine\b)?\s*/i;
const mentionsBot = new RegExp(`@${botId}\\b`, 'i');

/**
 * What a visitor does on the page, as the platforms' adapters do it: a command, a click, a
 * form, or a message mentioning the bot, handed to the dispatcher as one member of the
 * sample community; the neutral reply is put where the platforms would show it.
 */
export function createInteractions(deps: {
  commands: Command[];
  dispatcher: Dispatcher;
  clock: Clock;
  feed: () => Feed;
  communityId: () => string;
}) {
  const uploads = createUploads();

  function check(w: Where) {
    const persona = personas.find((p) => p.id === w.as);
    if (!persona) throw new HttpError(400, 'unknown persona');
    const feed = deps.feed();
    if (!sees(feed, w.as, w.conversation)) throw new HttpError(400, 'unknown conversation');
    const clicked = w.messageId ? feed.get(w.messageId) : undefined;
    if (w.messageId && (!clicked || !visible(feed, deps.communityId(), w.as, clicked)))
      throw new HttpError(400, 'unknown message');
    return persona;
  }

  async function dispatch(w: Where, input: IncomingInteraction['input']): Promise<Reply> {
    const persona = check(w);
    const feed = deps.feed();
    const community = feed.state.generation;
    const { reply } = await deps.dispatcher.dispatch({
      platform: 'playground',
      deliveryKey: randomUUID(),
      community: { externalId: `marraine${community}` },
      user: { externalId: persona.id, displayName: persona.name, locale: w.locale },
      ...((channels as readonly string[]).includes(w.conversation) ? { channelId: w.conversation } : {}),
      isPlatformAdmin: async () => persona.platformAdmin,
      whoIs: async (id) => (id === botId ? 'bot' : personas.some((p) => p.id === id) ? 'person' : 'unknown'),
      richForms: true,
      fetchFile: uploads.fetchFile,
      input,
    });
    return reply;
  }

  /** Puts a reply where the platforms show it: in the conversation (to her alone when ephemeral), or over the message clicked. */
  function show(w: Where, reply: Reply, locale: Locale): InteractionResult {
    const feed = deps.feed();
    if (reply.kind === 'modal') return { modal: renderModal(reply.modal, namesFor(feed, locale)) };
    // Per-field problems are shown under each field as plain text, what she typed included.
    if (reply.kind === 'form-errors')
      return {
        errors: Object.fromEntries(
          Object.entries(reply.errors).map(([field, problem]) => [field, withoutMarkers(problem)]),
        ),
      };
    if (reply.kind === 'message') {
      const message = { text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) };
      if (!(reply.update && w.messageId && feed.edit(w.messageId, message))) {
        feed.add({
          communityId: deps.communityId(),
          conversation: w.conversation,
          author: botId,
          ...(reply.ephemeral ? { visibleTo: w.as } : {}),
          at: deps.clock.now().toISOString(),
          message,
        });
      }
    }
    return { closed: true };
  }

  /** What she typed, in the conversation as she typed it (data, never markup). */
  function echo(w: Where, typed: string, onlyHer: boolean) {
    deps.feed().add({
      communityId: deps.communityId(),
      conversation: w.conversation,
      author: w.as,
      ...(onlyHer ? { visibleTo: w.as } : {}),
      at: deps.clock.now().toISOString(),
      message: { text: memberText(typed) },
    });
  }

  return {
    async interact(body: z.output<typeof interactionSchema>): Promise<InteractionResult> {
      const { input, ...w } = body;
      check(w);
      if (input.kind === 'action')
        return show(w, await dispatch(w, { kind: 'action', id: input.id, values: input.values }), w.locale);
      if (commandLine.test(input.text)) {
        // A slash command is seen by her alone, as on the platforms; the answer says who else sees it.
        echo(w, input.text, true);
        const { name, options } = parseCommandText(input.text.replace(commandLine, ''), deps.commands);
        return show(w, await dispatch(w, { kind: 'command', name, options }), w.locale);
      }
      echo(w, input.text, false);
      if (!mentionsBot.test(input.text) || !(channels as readonly string[]).includes(w.conversation))
        return { closed: true };
      return show(w, await dispatch(w, { kind: 'mention', channelId: w.conversation }), w.locale);
    },

    async submit(body: z.output<typeof formSchema>, files: Record<string, UploadedFile[]>): Promise<InteractionResult> {
      const { id, values, ...w } = body;
      const held = uploads.hold(files);
      try {
        const hasFiles = Object.keys(held.incoming).length > 0;
        return show(
          w,
          await dispatch(w, { kind: 'form', id, values, ...(hasFiles ? { files: held.incoming } : {}) }),
          w.locale,
        );
      } finally {
        held.release();
      }
    },
  };
}
