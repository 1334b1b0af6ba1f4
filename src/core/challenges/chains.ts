import type { Challenge } from './ports.ts';

/** One person of a chain, and whether the link that leads to her still waits for her post. */
export interface ChainStep {
  memberId: string;
  open: boolean;
}

/** Whom she challenged, and whom they challenged in turn. */
export interface ChainTree extends ChainStep {
  children: ChainTree[];
}

/** Deep enough for any real chain, small enough for one message. */
const maxDepth = 8;
const maxNodes = 40;

/** Each member's earliest challenge, the one her first post answered: closed ones first, then open ones. */
function parentLinks(links: readonly Challenge[], closedOnly: boolean): Map<string, Challenge> {
  const parents = new Map<string, Challenge>();
  for (const link of links) {
    if (link.status === 'cancelled' || (closedOnly && link.status !== 'closed')) continue;
    const current = parents.get(link.challengedId);
    // `links` come oldest first: keep the first closed one, or the first open one until a closed one comes.
    if (!current || (current.status === 'open' && link.status === 'closed')) parents.set(link.challengedId, link);
  }
  return parents;
}

/** From the start of the chain down to her: who challenged whom, up to her (a cycle is cut). */
function pathUp(memberId: string, parents: Map<string, Challenge>): ChainStep[] {
  const path: ChainStep[] = [];
  const seen = new Set<string>();
  let current: string | undefined = memberId;
  while (current && !seen.has(current) && path.length < maxDepth) {
    seen.add(current);
    const link = parents.get(current);
    path.unshift({ memberId: current, open: link?.status === 'open' });
    current = link?.challengerId;
  }
  // The first one shown starts the chain: no link leads to her here.
  return path.map((step, i) => (i === 0 ? { ...step, open: false } : step));
}

/**
 * Her chain: who challenged her, and who challenged that one, up to the start (`up`, ending
 * with her); and whom she challenged, recursively (`down`), with open links marked.
 */
export function chainOf(memberId: string, links: readonly Challenge[]): { up: ChainStep[]; down: ChainTree[] } {
  const sent = new Map<string, Challenge[]>();
  for (const link of links) {
    if (link.status === 'cancelled') continue;
    sent.set(link.challengerId, [...(sent.get(link.challengerId) ?? []), link]);
  }
  let budget = maxNodes;
  const seen = new Set<string>([memberId]);
  const grow = (from: string, depth: number): ChainTree[] => {
    if (depth >= maxDepth) return [];
    const trees: ChainTree[] = [];
    for (const link of sent.get(from) ?? []) {
      if (budget <= 0 || seen.has(link.challengedId)) continue;
      budget -= 1;
      seen.add(link.challengedId);
      trees.push({ memberId: link.challengedId, open: link.status === 'open', children: [] });
    }
    for (const tree of trees) tree.children = grow(tree.memberId, depth + 1);
    return trees;
  };
  return { up: pathUp(memberId, parentLinks(links, false)), down: grow(memberId, 0) };
}

/**
 * The community's longest chains of links that hold (closed: each one answered by a
 * published post), longest first, ties to the one completed first; `top` of them.
 */
export function longestChains(links: readonly Challenge[], top = 3): string[][] {
  const parents = parentLinks(links, true);
  const hasChild = new Set([...parents.values()].map((link) => link.challengerId));
  const chains = [...parents.keys()]
    .filter((memberId) => !hasChild.has(memberId))
    .map((leaf) => ({
      path: pathUp(leaf, parents).map((step) => step.memberId),
      closedAt: parents.get(leaf)?.closedAt?.getTime() ?? 0,
    }))
    .filter((chain) => chain.path.length >= 2);
  chains.sort((a, b) => b.path.length - a.path.length || a.closedAt - b.closedAt);
  return chains.slice(0, top).map((chain) => chain.path);
}
