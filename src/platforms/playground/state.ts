import type { Command } from '../../core/commands.ts';
import { catalog, render, translator, type Locale } from '../../i18n/index.ts';
import type { Feed, FeedMessage } from './feed.ts';
import { channelName, channels, personaRole, personas } from './personas.ts';
import { renderMessage, type Names } from './render.ts';
import { botId, dmOf } from './transport.ts';
import type { ViewConversation, ViewMessage, ViewState } from './view.ts';

export const fileUrl = (sha256: string) => `/api/files/${sha256}`;

/** Names of the playground's people and places, in the page's language. */
export function namesFor(feed: Feed, locale: Locale): Names {
  return {
    user: (id) =>
      personas.find((p) => p.id === id)?.name ?? (id === botId ? translator(locale)('playground.ui.bot') : id),
    channel: (id) => channelName(locale, id) ?? feed.state.groups.find((g) => g.id === id)?.name ?? id,
    people: () => personas.map((p) => ({ value: p.id, label: p.name, description: personaRole(locale, p.id) })),
    channels: () => channels.map((id) => ({ value: id, label: `#${channelName(locale, id) ?? id}` })),
  };
}

/** Whether `as` sees this conversation: every channel, her DM, the groups she is in. */
export function sees(feed: Feed, as: string, conversation: string): boolean {
  if ((channels as readonly string[]).includes(conversation)) return true;
  if (conversation.startsWith('dm:')) return conversation === dmOf(as);
  return feed.state.groups.some((g) => g.id === conversation && g.members.includes(as));
}

export const visible = (feed: Feed, communityId: string, as: string, message: FeedMessage) =>
  message.communityId === communityId &&
  (message.visibleTo === undefined || message.visibleTo === as) &&
  sees(feed, as, message.conversation);

/** Everything the page shows `as`, in `locale`. */
export function viewState(options: {
  feed: Feed;
  communityId: string;
  timeZone: string;
  commands: Command[];
  as: string;
  locale: Locale;
  now: Date;
  offsetMs: number;
}): ViewState {
  const { feed, communityId, as, locale } = options;
  const names = namesFor(feed, locale);
  const conversations: ViewConversation[] = [
    ...channels.map((id): ViewConversation => ({ id, kind: 'channel', name: channelName(locale, id) ?? id })),
    ...feed.state.groups
      .filter((g) => g.communityId === communityId && g.members.includes(as))
      .map((g): ViewConversation => ({ id: g.id, kind: 'group', name: g.name })),
    { id: dmOf(as), kind: 'dm', name: translator(locale)('playground.ui.dms') },
  ];
  const messages = feed.state.messages
    .filter((m) => visible(feed, communityId, as, m))
    .map((m): ViewMessage => ({
      id: m.id,
      conversation: m.conversation,
      author: m.author,
      authorName: names.user(m.author),
      at: m.at,
      ephemeral: m.visibleTo !== undefined,
      edited: m.edited ?? false,
      blocks: renderMessage(m.message, names, fileUrl),
    }));
  const texts = Object.fromEntries(
    Object.entries(catalog(locale)).flatMap(([key, value]) =>
      key.startsWith('playground.ui.') && typeof value === 'string'
        ? [[key.slice('playground.ui.'.length), value]]
        : [],
    ),
  );
  return {
    version: feed.version,
    locale,
    now: options.now.toISOString(),
    offsetDays: Math.round(options.offsetMs / 8_640_000) / 10,
    timeZone: options.timeZone,
    personas: personas.map((p) => ({ id: p.id, name: p.name, role: personaRole(locale, p.id) })),
    conversations,
    messages,
    commands: options.commands.map((c) => ({
      en: c.name.en,
      fr: c.name.fr,
      description: render(locale, { key: c.description }),
    })),
    texts,
  };
}
