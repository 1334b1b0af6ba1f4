import { ErrorCode, type WebClient } from '@slack/web-api';
import { DeliveryError, type OutboxRow, type PlatformRef, type SendContext } from '../../core/outbox.ts';
import type { OutgoingFile } from '../../core/reply-model.ts';

/** How long to wait for Slack to show where a shared file went (it shares in the background). */
const shareWaitsMs = [0, 250, 750];

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface ShareTarget {
  channel: string;
  threadTs?: string;
  /** The message's text as mrkdwn, escaped like any message's; none when empty. */
  comment: string;
  /** False when the share is not the message (a card posted after it): no need to wait for its ts. */
  wantsRef?: boolean;
}

/**
 * Files out on Slack: files.getUploadURLExternal, the bytes POSTed to the upload URL it
 * gives (no token: the URL is signed), then files.completeUploadExternal, either without a
 * channel (`ownImages`: the bot's own files, shown by image blocks) or with one (`share`:
 * Slack posts the files itself, with a comment).
 *
 * The row's `progress.uploaded` (sha256 → file id) is saved after each file: for an image,
 * once completed; for a shared file, once its bytes are on Slack, before the share itself,
 * so a later attempt asks Slack (files.info) whether the share happened instead of sharing
 * twice. A file's kind follows from its type, so both meanings never mix up for one sha256.
 */
export function createSlackUploads(client: WebClient, options: { timeoutMs: number }) {
  async function upload(file: OutgoingFile, bytes: Buffer): Promise<string> {
    const target = await client.files.getUploadURLExternal({ filename: file.name, length: bytes.length });
    if (!target.upload_url || !target.file_id)
      throw new DeliveryError('transient', 'files.getUploadURLExternal gave no upload URL');
    const response = await fetch(target.upload_url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok)
      throw new DeliveryError(
        response.status === 413 ? 'permanent' : 'transient',
        `Slack refused a file upload (HTTP ${response.status})`,
      );
    return target.file_id;
  }

  /** Uploads the files not in `saved`, saving the whole map after each (progress merges shallowly). */
  async function uploadMissing(
    files: OutgoingFile[],
    saved: Record<string, string>,
    context: SendContext,
    complete?: (id: string, file: OutgoingFile) => Promise<void>,
  ) {
    const uploaded = { ...saved };
    for (const file of files) {
      if (uploaded[file.sha256]) continue;
      const id = await upload(file, await context.loadFile(file.sha256));
      await complete?.(id, file);
      uploaded[file.sha256] = id;
      await context.saveProgress({ uploaded: { ...uploaded } });
    }
    return uploaded;
  }

  /** The ts of the message that shared `fileId` in `channel`, when Slack shows it. */
  async function sharedAt(fileId: string, channel: string): Promise<string | null> {
    try {
      const info = await client.files.info({ file: fileId });
      const shares = info.file?.shares;
      return (shares?.public?.[channel] ?? shares?.private?.[channel])?.[0]?.ts ?? null;
    } catch (error) {
      if ((error as { code?: string; data?: { error?: string } }).data?.error === 'file_not_found') return null;
      throw error;
    }
  }

  async function completeShare(files: OutgoingFile[], uploaded: Record<string, string>, where: ShareTarget) {
    const ids = [...new Set(files.map((file) => uploaded[file.sha256] as string))];
    const completed = ids.map((id) => ({
      id,
      title: files.find((file) => uploaded[file.sha256] === id)?.name ?? id,
    })) as [{ id: string; title: string }, ...{ id: string; title: string }[]];
    const comment = where.comment ? { initial_comment: where.comment } : {};
    if (where.threadTs)
      await client.files.completeUploadExternal({
        files: completed,
        channel_id: where.channel,
        thread_ts: where.threadTs,
        ...comment,
      });
    else await client.files.completeUploadExternal({ files: completed, channel_id: where.channel, ...comment });
  }

  /** Where `files` of the row were shared, if Slack shows it; null when they never were there. */
  async function findShare(row: OutboxRow, files: OutgoingFile[], channel: string): Promise<PlatformRef | null> {
    const first = files[0];
    const id = first && row.progress.uploaded?.[first.sha256];
    const ts = id ? await sharedAt(id, channel) : null;
    return ts ? { channelId: channel, messageId: ts } : null;
  }

  return {
    /** Uploads these images of the row (those no earlier attempt did); each with its file id. */
    async ownImages(
      row: OutboxRow,
      files: OutgoingFile[],
      context: SendContext,
    ): Promise<{ file: OutgoingFile; id: string }[]> {
      const uploaded = await uploadMissing(files, row.progress.uploaded ?? {}, context, async (id, file) => {
        // No channel: the file is the bot's, seen only where an image block shows it.
        await client.files.completeUploadExternal({ files: [{ id, title: file.name }] });
      });
      return files.map((file) => ({ file, id: uploaded[file.sha256] as string }));
    },

    findShare,

    /**
     * Shares these files of the row in the conversation, with a comment. The ref is the
     * share's message (its ts, read with files.info as Slack shares in the background);
     * when Slack has not shown it within a second, the first file's id stands for it: only
     * an edit would need the ts, and nothing edits a shared export.
     */
    async share(row: OutboxRow, files: OutgoingFile[], where: ShareTarget, context: SendContext): Promise<PlatformRef> {
      const saved = row.progress.uploaded ?? {};
      const reused = files.some((file) => saved[file.sha256]);
      if (reused) {
        const found = await findShare(row, files, where.channel);
        if (found) return found;
      }
      let uploaded = await uploadMissing(files, saved, context);
      try {
        await completeShare(files, uploaded, where);
      } catch (error) {
        // Uploads an earlier attempt left unfinished may have expired: upload them again, once.
        if (!reused || (error as { code?: string }).code !== ErrorCode.PlatformError) throw error;
        const others = Object.entries(saved).filter(([sha256]) => !files.some((file) => file.sha256 === sha256));
        uploaded = await uploadMissing(files, Object.fromEntries(others), context);
        await completeShare(files, uploaded, where);
      }
      const first = uploaded[(files[0] as OutgoingFile).sha256] as string;
      for (const wait of where.wantsRef === false ? [] : shareWaitsMs) {
        await pause(wait);
        const ts = await sharedAt(first, where.channel);
        if (ts) return { channelId: where.channel, messageId: ts };
      }
      return { channelId: where.channel, messageId: first };
    },
  };
}
