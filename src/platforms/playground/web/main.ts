import type { InteractionResult, ViewMessage, ViewState } from '../view.ts';
import { api, ApiError, type Where } from './api.ts';
import { createCommandBox } from './command-box.ts';
import { fill, h } from './dom.ts';
import { renderMessage, type MessageHandlers } from './messages.ts';
import { openModal } from './modal.ts';

/**
 * The playground's page: a channel view, a DM panel, a persona switcher, a command box,
 * time travel. Everything it shows comes from /api/state (the bot's replies already cut
 * into text pieces, see view.ts) and is put on the page as text nodes; live updates come
 * as Server-Sent Events and fetch the state again.
 */
const stored = (key: string) => localStorage.getItem(`marraine.${key}`) ?? undefined;
const session = {
  as: stored('as') ?? 'camille',
  locale: stored('locale'),
  conversation: stored('conversation') ?? 'general',
};
let state: ViewState | undefined;
let modalOpen = false;

const persona = h('select', { id: 'persona', onchange: () => switchTo({ as: persona.value }) });
const personaLabel = h('label', { for: 'persona', class: 'persona-label' });
const languages = h('div', { class: 'languages', role: 'group' });
const clock = h('span', { class: 'clock', id: 'clock' });
const travel = h('div', { class: 'travel' });
const reset = h('button', { type: 'button', class: 'button secondary', id: 'reset', onclick: () => void startOver() });
const title = h('h1');
const channelList = h('ul', { class: 'conversations' });
const spaceList = h('ul', { class: 'conversations' });
const channelsTitle = h('h2');
const spacesTitle = h('h2');
const heading = h('h2', { class: 'conversation-name', id: 'conversation-name' });
const intro = h('p', { class: 'intro' });
const messages = h('div', { class: 'messages', id: 'messages', 'aria-live': 'polite' });
const dmTitle = h('h2');
const dms = h('div', { class: 'messages', id: 'dms', 'aria-live': 'polite' });
const toast = h('p', { class: 'toast', role: 'status', hidden: true });
const box = createCommandBox((text) => run(api.text(where(), text), where()));

document
  .getElementById('app')
  ?.replaceChildren(
    h(
      'div',
      { class: 'layout' },
      h(
        'header',
        { class: 'top' },
        title,
        h('div', { class: 'who' }, personaLabel, persona),
        languages,
        h('div', { class: 'time' }, clock, travel),
        reset,
      ),
      h('nav', { class: 'sidebar' }, channelsTitle, channelList, spacesTitle, spaceList),
      h('main', { class: 'conversation' }, heading, intro, messages, box.element),
      h('aside', { class: 'dm-panel' }, dmTitle, dms),
      toast,
    ),
  );

const where = (conversation = session.conversation, messageId?: string): Where => ({
  as: session.as,
  locale: state?.locale ?? session.locale ?? 'fr',
  conversation,
  ...(messageId ? { messageId } : {}),
});

function say(text: string) {
  toast.textContent = text;
  toast.hidden = false;
  setTimeout(() => (toast.hidden = true), 5_000);
}

function failed(error: unknown) {
  say(fill(state?.texts.failed ?? '{status}', { status: (error as { status?: number }).status ?? '?' }));
}

/** After anything she does: a form opens, or the state is read again. */
async function run(work: Promise<InteractionResult>, at: Where) {
  try {
    const result = await work;
    if (result.modal) showModal(result.modal, at);
  } catch (error) {
    failed(error);
  }
  await refresh();
}

function showModal(modal: NonNullable<InteractionResult['modal']>, at: Where) {
  modalOpen = true;
  openModal(modal, state?.texts ?? {}, {
    submit: async (action, values, files) => {
      const result = await api.form(at, action, values, files);
      // A next form replaces this one once it closed.
      if (result.modal) setTimeout(() => showModal(result.modal as NonNullable<InteractionResult['modal']>, at));
      return result;
    },
    closed: () => {
      modalOpen = false;
      void refresh();
    },
  });
}

const handlers = (conversation: string): MessageHandlers => ({
  act: (message: ViewMessage, action, values) =>
    void run(api.action(where(conversation, message.id), action, values), where(conversation, message.id)),
  open: (id) => {
    if (state?.conversations.some((c) => c.id === id && c.kind !== 'dm')) switchTo({ conversation: id });
  },
});

function formatter(s: ViewState) {
  const format = new Intl.DateTimeFormat(s.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: s.timeZone });
  return (iso: string) => format.format(new Date(iso));
}

function fillList(list: HTMLElement, s: ViewState, kind: 'channel' | 'group') {
  list.replaceChildren(
    ...s.conversations
      .filter((c) => c.kind === kind)
      .map((c) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'conversation-link',
              'aria-current': c.id === session.conversation ? 'page' : undefined,
              onclick: () => switchTo({ conversation: c.id }),
            },
            `${kind === 'channel' ? '#' : ''}${c.name}`,
          ),
        ),
      ),
  );
}

/** Keeps a list scrolled to its end when it was there: new messages come into view. */
function replace(container: HTMLElement, nodes: Node[]) {
  const atEnd = container.scrollHeight - container.scrollTop - container.clientHeight < 40;
  container.replaceChildren(...nodes);
  if (atEnd) container.scrollTop = container.scrollHeight;
}

function render(s: ViewState) {
  const t = s.texts;
  document.documentElement.lang = s.locale;
  document.title = t.title ?? 'Marraine';
  title.textContent = t.title ?? 'Marraine';
  personaLabel.textContent = t.persona ?? '';
  persona.replaceChildren(
    ...s.personas.map((p) => h('option', { value: p.id, selected: p.id === session.as }, `${p.name} — ${p.role}`)),
  );
  languages.setAttribute('aria-label', t.language ?? '');
  languages.replaceChildren(
    ...(['fr', 'en'] as const).map((l) =>
      h(
        'button',
        {
          type: 'button',
          class: 'button secondary',
          'aria-pressed': String(l === s.locale),
          lang: l,
          onclick: () => switchTo({ locale: l }),
        },
        l.toUpperCase(),
      ),
    ),
  );
  const format = formatter(s);
  clock.textContent = `${format(s.now)}${s.offsetDays > 0 ? ` (${fill(t.ahead ?? '', { days: s.offsetDays })})` : ''}`;
  travel.setAttribute('title', t.travelHint ?? '');
  travel.replaceChildren(
    h('span', { class: 'label' }, t.timeTravel ?? ''),
    ...(
      [
        ['day', 1],
        ['week', 7],
        ['threeWeeks', 21],
        ['month', 30],
      ] as const
    ).map(([key, days]) =>
      h(
        'button',
        { type: 'button', class: 'button secondary', 'data-days': days, onclick: () => void timeTravel(days) },
        t[key] ?? `+${days}`,
      ),
    ),
  );
  reset.textContent = t.reset ?? '';
  channelsTitle.textContent = t.channels ?? '';
  spacesTitle.textContent = t.spaces ?? '';
  dmTitle.textContent = t.dms ?? '';
  if (!s.conversations.some((c) => c.id === session.conversation && c.kind !== 'dm')) session.conversation = 'general';
  fillList(channelList, s, 'channel');
  fillList(spaceList, s, 'group');
  spacesTitle.hidden = !s.conversations.some((c) => c.kind === 'group');
  const current = s.conversations.find((c) => c.id === session.conversation);
  heading.textContent = current ? `${current.kind === 'channel' ? '#' : ''}${current.name}` : '';
  intro.textContent = t.intro ?? '';
  const shown = (conversation: string) =>
    s.messages
      .filter((m) => m.conversation === conversation)
      .map((m) => renderMessage(m, { handlers: handlers(conversation), texts: t, format }));
  const here = shown(session.conversation);
  replace(messages, here.length ? here : [h('p', { class: 'empty' }, t.empty ?? '')]);
  const dm = s.conversations.find((c) => c.kind === 'dm');
  const mine = dm ? shown(dm.id) : [];
  replace(dms, mine.length ? mine : [h('p', { class: 'empty' }, t.dmEmpty ?? '')]);
  box.update(s);
}

let reading: Promise<void> | undefined;
let again = false;

/** Reads the state once at a time; a change meanwhile reads it once more after. */
async function refresh(): Promise<void> {
  if (reading) {
    again = true;
    return reading;
  }
  reading = (async () => {
    do {
      again = false;
      try {
        state = await api.state(session.as, session.locale);
        render(state);
      } catch (error) {
        // A persona remembered from an older page may be gone: start again as the first one.
        if (error instanceof ApiError && error.status === 400 && session.as !== 'camille') {
          session.as = 'camille';
          again = true;
        } else failed(error);
      }
    } while (again);
  })().finally(() => (reading = undefined));
  return reading;
}

function switchTo(change: Partial<typeof session>) {
  Object.assign(session, change);
  for (const [key, value] of Object.entries(session)) if (value) localStorage.setItem(`marraine.${key}`, value);
  void refresh();
}

async function timeTravel(days: number) {
  try {
    await api.travel(days);
  } catch (error) {
    failed(error);
  }
  await refresh();
}

async function startOver() {
  if (!confirm(state?.texts.resetConfirm ?? '')) return;
  try {
    await api.reset();
    session.conversation = 'general';
  } catch (error) {
    failed(error);
  }
  await refresh();
}

// Live updates: the feed says it changed; a form being filled is left alone until it closes.
const events = new EventSource('/api/events');
events.addEventListener('message', () => {
  if (!modalOpen) void refresh();
});

void refresh();
