import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import * as pairActions from '../../commands/pair-actions.ts';
import { commands } from '../../commands/index.ts';
import { defineCommand, type Command } from '../../src/core/commands.ts';
import type { Community } from '../../src/core/community.ts';
import { createDispatcher, type IncomingInteraction } from '../../src/core/dispatcher.ts';
import type { DueNudge, NudgeSource } from '../../src/core/nudges/due.ts';
import type { Reply } from '../../src/core/reply-model.ts';
import type { Services } from '../../src/core/services.ts';
import type { Repositories } from '../../src/core/store.ts';

/** What the scheduler does with a due nudge, minus her rules (tested with the scheduler): one outbox row per key. */
export async function enqueueAll(
  repos: Repositories,
  community: Community,
  nudges: DueNudge[],
  now: Date,
): Promise<number> {
  let created = 0;
  for (const nudge of nudges) {
    const target =
      'member' in nudge.to
        ? { kind: 'dm' as const, userId: nudge.to.member.externalUserId }
        : { kind: 'channel' as const, channelId: nudge.to.channelId };
    if (
      await repos.outbox.enqueue({
        communityId: community.id,
        platform: community.platform,
        key: nudge.key,
        target,
        message: nudge.message,
        availableAt: now,
      })
    )
      created += 1;
  }
  return created;
}

export const collect = (source: NudgeSource, repos: Repositories, community: Community, now: Date | string) =>
  source.collect({ repos, community, now: new Date(now) });
export const keys = (nudges: DueNudge[]) => nudges.map((n) => n.key).sort();
export const recipients = (nudges: DueNudge[]) =>
  nudges.map((n) => ('member' in n.to ? n.to.member.externalUserId : n.to.channelId)).sort();

/**
 * A dispatcher whose `checkin` command carries the pair actions, as commands/checkin.ts
 * spreads them in: these tests do not depend on the rest of that command.
 */
export function pairDispatcher(services: Services, platform: 'discord' | 'slack') {
  const checkin = defineCommand({
    name: { en: 'checkin', fr: 'point' },
    description: 'command.checkin.description',
    access: 'member',
    options: z.object({}),
    run: async () => ({ kind: 'none' }),
    actions: pairActions.actions,
    forms: pairActions.forms,
  });
  const all = [...commands.filter((c) => c.name.en !== 'checkin'), checkin] as Command[];
  const dispatcher = createDispatcher({
    commands: all,
    services,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  return async (userId: string, input: IncomingInteraction['input'], richForms = false): Promise<Reply> => {
    const { reply } = await dispatcher.dispatch({
      platform,
      deliveryKey: randomUUID(),
      // The buttons are in DMs: the community comes from the scoped id.
      user: { externalId: userId, locale: 'fr' },
      isPlatformAdmin: async () => false,
      richForms,
      input,
    });
    return reply;
  };
}

export const textOf = (reply: Reply) =>
  reply.kind === 'message' ? reply.text : reply.kind === 'form-errors' ? reply.fallback.text : '';
