import type { OutboxRow } from '../core/outbox.ts';

/** The conversation a row posts in: two rows there keep their order. */
function conversationOf(row: OutboxRow): string | null {
  const { target } = row;
  if (target.kind === 'dm') return `${row.platform}:dm:${target.userId}`;
  if (target.kind === 'channel') return `${row.platform}:channel:${target.channelId}`;
  if (target.kind === 'group') return `${row.platform}:group:${[...target.userIds].sort().join(',')}`;
  return null;
}

const rowKey = (row: OutboxRow, key: string) => `${row.communityId}:row:${key}`;

/**
 * Cuts a claimed batch into chains the sender may send side by side. Rows that must not
 * overtake one another end up in one chain, in batch order: a message and its edits, the
 * edits of one message, a row and the row it comes `after`, and rows for one conversation
 * (so a member reads them in the order they were queued, as from a one-at-a-time sender).
 */
export function chainsOf(rows: OutboxRow[]): OutboxRow[][] {
  const parent = new Map<string, string>();
  const find = (key: string): string => {
    let root = key;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root) as string;
    parent.set(key, root);
    return root;
  };
  const join = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  };

  for (const row of rows) {
    const own = rowKey(row, row.key);
    find(own);
    if (row.target.kind === 'edit') join(own, rowKey(row, row.target.of));
    if (row.after) join(own, rowKey(row, row.after));
    const conversation = conversationOf(row);
    if (conversation) join(own, conversation);
  }

  const chains = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const root = find(rowKey(row, row.key));
    const chain = chains.get(root);
    if (chain) chain.push(row);
    else chains.set(root, [row]);
  }
  // A Map keeps insertion order: chains start in the order of their first row.
  return [...chains.values()];
}
