import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblem } from './slack/block-kit.ts';
import { startFakeSlack, type FakeSlack } from './slack/index.ts';

const plain = (text: string) => ({ type: 'plain_text', text });
const button = (text: string) => ({
  type: 'actions',
  elements: [{ type: 'button', action_id: 'a', text: plain(text) }],
});

describe("the local Slack enforces Block Kit's documented limits", () => {
  it.each([
    ['51 blocks in a message', Array.from({ length: 51 }, () => ({ type: 'divider' })), /no more than 50 items/],
    ['a button label of 76 characters', [button('x'.repeat(76))], /less than 76 characters.*elements\/0\/text\/text/],
    [
      'a section of 3,001 characters',
      [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
      /less than 3001 characters/,
    ],
    ['a header of 151 characters', [{ type: 'header', text: plain('x'.repeat(151)) }], /less than 151 characters/],
    [
      '101 options in a select',
      [
        {
          type: 'actions',
          elements: [
            {
              type: 'static_select',
              action_id: 's',
              options: Array.from({ length: 101 }, (_, i) => ({ text: plain(`o${i}`), value: `${i}` })),
            },
          ],
        },
      ],
      /no more than 100 items/,
    ],
    [
      'an action_id of 256 characters',
      [{ type: 'actions', elements: [{ type: 'button', action_id: 'a'.repeat(256), text: plain('ok') }] }],
      /action_id/,
    ],
    [
      'a number_input without is_decimal_allowed',
      [{ type: 'input', label: plain('Heures'), element: { type: 'number_input', action_id: 'h' } }],
      /is_decimal_allowed/,
    ],
    [
      'a number_input whose initial value is past its max',
      [
        {
          type: 'input',
          label: plain('Heures'),
          element: {
            type: 'number_input',
            action_id: 'h',
            is_decimal_allowed: false,
            min_value: '1',
            max_value: '40',
            initial_value: '41',
          },
        },
      ],
      /initial_value/,
    ],
    [
      'a placeholder of 151 characters',
      [
        {
          type: 'input',
          label: plain('Bio'),
          element: { type: 'plain_text_input', action_id: 'b', placeholder: plain('x'.repeat(151)) },
        },
      ],
      /placeholder/,
    ],
  ])('refuses %s', (_what, blocks, problem) => {
    expect(blockKitProblem(blocks, 'message')).toMatch(problem);
  });

  it('accepts what stays within them, a number_input with its documented fields included', () => {
    expect(
      blockKitProblem(
        [
          button('x'.repeat(75)),
          {
            type: 'input',
            label: plain('Heures'),
            element: {
              type: 'number_input',
              action_id: 'h',
              is_decimal_allowed: false,
              min_value: '1',
              max_value: '40',
              initial_value: '4',
            },
          },
        ],
        'view',
      ),
    ).toBeUndefined();
    expect(
      blockKitProblem(
        Array.from({ length: 100 }, () => ({ type: 'divider' })),
        'view',
      ),
    ).toBeUndefined();
  });

  describe('through the Web API', () => {
    let fake: FakeSlack;
    let client: WebClient;
    beforeAll(async () => {
      fake = await startFakeSlack();
      client = new WebClient('xoxb-test', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
    });
    afterAll(() => fake?.close());

    it('answers invalid_blocks to a message and invalid_arguments to a view, as Slack does', async () => {
      await expect(
        client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: [button('x'.repeat(76))] as never }),
      ).rejects.toMatchObject({ data: { ok: false, error: 'invalid_blocks' } });
      await expect(
        client.views.open({
          trigger_id: '1.2',
          view: {
            type: 'modal',
            title: plain('Marraine'),
            blocks: [{ type: 'header', text: plain('x'.repeat(151)) }],
          } as never,
        }),
      ).rejects.toMatchObject({ data: { ok: false, error: 'invalid_arguments' } });
    });
  });
});
