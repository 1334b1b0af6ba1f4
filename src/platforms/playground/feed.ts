import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Message } from '../../core/reply-model.ts';

/** One message on the playground's "platform": what the bot sent, or answered one person. */
export interface FeedMessage {
  id: string;
  /** The outbox row it came from: a resend finds it instead of posting it twice. */
  outboxId?: string;
  communityId: string;
  /** A channel id, `dm:<user>` or a group's id. */
  conversation: string;
  /** `bot`, or the persona who typed it. */
  author: string;
  /** Set for an answer only she sees (ephemeral). */
  visibleTo?: string;
  /** ISO time on the app's clock. */
  at: string;
  edited?: boolean;
  message: Message;
}

/** A private conversation of a few members (a pair's space). */
export interface FeedGroup {
  id: string;
  communityId: string;
  name: string;
  members: string[];
}

export interface FeedState {
  /** Bumped by every reset: the community of each generation is a new one. */
  generation: number;
  /** The community's id once its sample members are in. */
  seededCommunityId?: string;
  /** The time travel done so far (ms), kept across a restart. */
  offsetMs: number;
  groups: FeedGroup[];
  messages: FeedMessage[];
}

const maxMessages = 3_000;
const fresh = (generation = 1): FeedState => ({ generation, offsetMs: 0, groups: [], messages: [] });

/**
 * The messages the playground shows, kept in a JSON file in its data folder (written
 * through a rename, so a crash leaves the last whole state) so they survive a restart.
 * Listeners hear of every change (the page's live updates).
 */
export async function openFeed(file: string) {
  let state: FeedState = fresh();
  if (existsSync(file)) {
    try {
      state = { ...fresh(), ...(JSON.parse(await readFile(file, 'utf8')) as Partial<FeedState>) };
    } catch {
      // An unreadable file is a playground's history only: start again beside it.
      await rename(file, `${file}.unreadable-${Date.now()}`).catch(() => {});
    }
  }
  let version = 0;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  const listeners = new Set<() => void>();

  async function write() {
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, JSON.stringify(state));
    await rename(temporary, file);
  }

  function changed() {
    version += 1;
    if (state.messages.length > maxMessages) {
      // Answers only one person saw go first, then the oldest messages.
      const extra = state.messages.length - maxMessages;
      const ephemeral = new Set(
        state.messages
          .filter((m) => m.visibleTo)
          .slice(0, extra)
          .map((m) => m.id),
      );
      state.messages = state.messages.filter((m) => !ephemeral.has(m.id)).slice(-maxMessages);
    }
    clearTimeout(timer);
    timer = setTimeout(() => void (writing = writing.then(write).catch(() => {})), 50);
    for (const listener of listeners) listener();
  }

  return {
    get state(): Readonly<FeedState> {
      return state;
    },
    get version() {
      return version;
    },
    add(entry: Omit<FeedMessage, 'id'> & { id?: string }): FeedMessage {
      const message = { ...entry, id: entry.id ?? randomUUID() };
      state.messages.push(message);
      changed();
      return message;
    },
    get: (id: string) => state.messages.find((m) => m.id === id),
    byOutbox: (outboxId: string) => state.messages.find((m) => m.outboxId === outboxId),
    edit(id: string, message: Message): boolean {
      const found = state.messages.find((m) => m.id === id);
      if (!found) return false;
      found.message = message;
      found.edited = true;
      changed();
      return true;
    },
    /** The group of these members, made the first time (as a group DM of the same people is one). */
    group(communityId: string, members: string[], name: string): FeedGroup {
      const sorted = [...new Set(members)].sort();
      const id = `group${sorted.join('')}`.slice(0, 60);
      const existing = state.groups.find((g) => g.id === id && g.communityId === communityId);
      if (existing) return existing;
      const group = { id, communityId, name, members: sorted };
      state.groups.push(group);
      changed();
      return group;
    },
    update(change: Partial<Pick<FeedState, 'seededCommunityId' | 'offsetMs'>>) {
      state = { ...state, ...change };
      changed();
    },
    /** Forgets every message and group: the next generation starts afresh. */
    reset() {
      state = fresh(state.generation + 1);
      changed();
    },
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Writes what is pending now (at stop). */
    async flush() {
      clearTimeout(timer);
      await writing;
      await write();
    },
  };
}

export type Feed = Awaited<ReturnType<typeof openFeed>>;
