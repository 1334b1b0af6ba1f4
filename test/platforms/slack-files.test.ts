import { describe, expect, it } from 'vitest';
import type { Modal } from '../../src/core/reply-model.ts';
import { memberText } from '../../src/core/reply-model.ts';
import { tokenMayGoTo } from '../../src/platforms/slack/files.ts';
import { botScopes } from '../../src/platforms/slack/manifest.ts';
import {
  formFiles,
  formValues,
  renderBlocksWithImages,
  renderModal,
  showsAsImage,
} from '../../src/platforms/slack/render.ts';

const shareForm: Modal = {
  action: 'share:submit',
  title: 'Partager',
  submitLabel: 'Envoyer',
  fields: [
    {
      type: 'file',
      id: 'image',
      label: 'Ton image',
      required: true,
      accept: ['png', 'jpg', 'jpeg', 'webp', 'gif'],
      hint: 'PNG, JPEG, WebP ou GIF',
    },
    { type: 'text', id: 'caption', label: 'Légende', required: false, style: 'paragraph' },
  ],
};

describe('Slack file fields', () => {
  it('renders a file field as the file_input element of Slack’s reference, in an input block', () => {
    const [block] = renderModal(shareForm, 'Annuler').blocks;
    // https://docs.slack.dev/reference/block-kit/block-elements/file-input-element: type, action_id,
    // filetypes (extensions), max_files (1 to 10), only inside an input block.
    expect(block).toEqual({
      type: 'input',
      block_id: 'image',
      label: { type: 'plain_text', text: 'Ton image', emoji: true },
      optional: false,
      hint: { type: 'plain_text', text: 'PNG, JPEG, WebP ou GIF', emoji: true },
      element: {
        type: 'file_input',
        action_id: 'image',
        max_files: 1,
        filetypes: ['png', 'jpg', 'jpeg', 'webp', 'gif'],
      },
    });
  });

  it('reads the files of a submitted file_input (Bolt’s UploadedFile) as the core’s IncomingFile, by field', () => {
    const state = {
      image: {
        image: {
          type: 'file_input',
          files: [
            {
              id: 'F0PHOTO',
              name: 'atelier.png',
              title: 'atelier.png',
              mimetype: 'image/png',
              filetype: 'png',
              size: 1234,
              url_private: 'https://files.slack.com/files-pri/T0-F0PHOTO/atelier.png',
              url_private_download: 'https://files.slack.com/files-pri/T0-F0PHOTO/download/atelier.png',
            },
          ],
        },
      },
      empty: { empty: { type: 'file_input', files: [] } },
      caption: { caption: { type: 'plain_text_input', value: 'Mon bureau' } },
    };
    expect(formFiles(state)).toEqual({
      image: [
        {
          id: 'F0PHOTO',
          name: 'atelier.png',
          url: 'https://files.slack.com/files-pri/T0-F0PHOTO/download/atelier.png',
          size: 1234,
          mime: 'image/png',
        },
      ],
    });
    // The files are not values: a file field is in `files` only.
    expect(formValues(state)).toEqual({ caption: 'Mon bureau' });
    expect(formFiles({ caption: state.caption })).toBeUndefined();
  });
});

describe('Slack images in messages', () => {
  const png = { sha256: 'a'.repeat(64), name: 'post.png', mime: 'image/png', description: 'Ada à son bureau' };

  it('adds an image block per uploaded image after the text, with its description as alt text', () => {
    const other = { ...png, sha256: 'b'.repeat(64), description: '' };
    const blocks = renderBlocksWithImages({ text: `Légende : ${memberText('*moi*')}`, files: [png, other] }, [
      { file: png, id: 'F1' },
      { file: other, id: 'F2' },
    ]);
    expect(blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'Légende : \u2217moi\u2217', verbatim: true } },
      { type: 'image', slack_file: { id: 'F1' }, alt_text: 'Ada à son bureau' },
      { type: 'image', slack_file: { id: 'F2' }, alt_text: 'post.png' },
    ]);
  });

  it('keeps the images within Slack’s 50 blocks', () => {
    const blocks = renderBlocksWithImages(
      { text: 't', blocks: Array.from({ length: 60 }, () => ({ type: 'divider' as const })), files: [png] },
      [{ file: png, id: 'F1' }],
    );
    expect(blocks).toHaveLength(50);
    expect(blocks.at(-1)).toMatchObject({ type: 'image', slack_file: { id: 'F1' } });
  });

  it('shows png, jpeg and gif in image blocks; webp and other files are shared', () => {
    expect(
      ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/zip'].map((mime) =>
        showsAsImage({ ...png, mime }),
      ),
    ).toEqual([true, true, true, false, false]);
  });

  it('asks for the scopes files need', () => {
    expect(botScopes).toEqual(expect.arrayContaining(['files:read', 'files:write']));
  });
});

describe('where the bot token may go for a file', () => {
  const allowed = (url: string, apiUrl?: string) => tokenMayGoTo(new URL(url), apiUrl);

  it('goes to Slack’s own hosts over HTTPS only', () => {
    expect(allowed('https://files.slack.com/files-pri/T-F/x.png')).toBe(true);
    expect(allowed('https://marraine.enterprise.slack.com/files-pri/T-F/x.png')).toBe(true);
    expect(allowed('http://files.slack.com/files-pri/T-F/x.png')).toBe(false);
    expect(allowed('https://files.slack.com.evil.example/x.png')).toBe(false);
    expect(allowed('https://evilslack.com/x.png')).toBe(false);
    expect(allowed('https://user:pw@files.slack.com/x.png')).toBe(false);
  });

  it('goes to the configured API host (a local Slack), and nowhere else on that machine', () => {
    const api = 'http://127.0.0.1:4000/api/';
    expect(allowed('http://127.0.0.1:4000/files-pri/T-F/x.png', api)).toBe(true);
    expect(allowed('http://127.0.0.1:4001/files-pri/T-F/x.png', api)).toBe(false);
    expect(allowed('https://127.0.0.1:4000/files-pri/T-F/x.png', api)).toBe(false);
  });
});
