import { describe, expect, it } from 'vitest';
import { understood } from '../../src/platforms/slack/payloads.ts';

const command = {
  command: '/marraine',
  text: 'rejoindre',
  user_id: 'U0ADA',
  team_id: 'T0MARRAINE',
  channel_id: 'C0GENERAL',
  trigger_id: '1.abc',
  response_url: 'https://hooks.slack.com/commands/T0MARRAINE/1/abc',
};

describe('Slack payloads the adapter reads', () => {
  it('takes a slash command only with a response_url, where a late answer or an apology goes', () => {
    expect(understood(command)).toBe(true);
    // Without it Bolt gives the listener no `respond`: a queued or late answer would throw (fuzz seed 1322052175).
    const { response_url: _, ...without } = command;
    expect(understood(without)).toBe(false);
    expect(understood({ ...command, response_url: 'Ồㅑꯘ' })).toBe(false);
    expect(understood({ ...command, response_url: 42 })).toBe(false);
  });
});
