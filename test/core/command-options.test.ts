import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { describeOptions, option } from '../../src/core/commands.ts';

describe('command options', () => {
  it('keep their own names when two options of a kind are declared', () => {
    const first = z.object({
      who: option.user({ fr: 'qui', description: 'command.challenge.someone' }),
      where: option.channel({ fr: 'ou', description: 'command.share.description' }),
    });
    const second = z.object({
      someone: option.user({ fr: 'quelquun', description: 'command.challenge.someone' }),
      channel: option.channel({ fr: 'salon', description: 'command.share.description' }),
    });
    expect(describeOptions(first).map((o) => o.meta.fr)).toEqual(['qui', 'ou']);
    expect(describeOptions(second).map((o) => o.meta.fr)).toEqual(['quelquun', 'salon']);
  });
});
