/**
 * Featured suggestions for a cohort round: give each waiting mentee at most one
 * featured mentor so that the total score is as high as possible and no mentor is
 * featured more often than she has room for. This is a min-cost flow:
 *
 *   source → mentee (1) → mentor (1, cost −score) → sink (capacity)
 *                      ↘ sink directly (1, cost 0): no featured mentor
 *
 * solved by successive shortest paths: mentees are added one at a time, each along
 * the cheapest path in the residual graph (Dijkstra with potentials, stopped at the
 * sink), which may move earlier mentees to other mentors when that raises the total.
 * Each step keeps the flow optimal, so the end result is optimal. Scores are turned
 * into integers (thousandths) so that comparisons are exact.
 */
export interface CandidateEdge {
  mentor: string;
  score: number;
}

export interface AssignmentInput {
  /** Each waiting mentee with her best candidates (a few dozen at most). */
  mentees: { id: string; candidates: readonly CandidateEdge[] }[];
  /** Room left per mentor; absent or ≤ 0: cannot be featured. */
  capacity: ReadonlyMap<string, number>;
}

const scale = 1000;

/** A binary heap of (priority, node), with lazy deletion. */
class Heap {
  private keys: number[] = [];
  private nodes: number[] = [];
  get size() {
    return this.keys.length;
  }
  clear() {
    this.keys.length = 0;
    this.nodes.length = 0;
  }
  push(key: number, node: number) {
    const { keys, nodes } = this;
    let i = keys.length;
    keys.push(key);
    nodes.push(node);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((keys[parent] as number) <= key) break;
      keys[i] = keys[parent] as number;
      nodes[i] = nodes[parent] as number;
      i = parent;
    }
    keys[i] = key;
    nodes[i] = node;
  }
  pop(): [number, number] {
    const { keys, nodes } = this;
    const top: [number, number] = [keys[0] as number, nodes[0] as number];
    const lastKey = keys.pop() as number;
    const lastNode = nodes.pop() as number;
    if (keys.length > 0) {
      let i = 0;
      const n = keys.length;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && (keys[child + 1] as number) < (keys[child] as number)) child += 1;
        if ((keys[child] as number) >= lastKey) break;
        keys[i] = keys[child] as number;
        nodes[i] = nodes[child] as number;
        i = child;
      }
      keys[i] = lastKey;
      nodes[i] = lastNode;
    }
    return top;
  }
}

/** Returns mentee id → featured mentor id, for the mentees who get one. */
export function assignFeatured(input: AssignmentInput): Map<string, string> {
  const n = input.mentees.length;
  const mentorIds: string[] = [];
  const mentorIndex = new Map<string, number>();
  for (const [id, room] of input.capacity) {
    if (room > 0) {
      mentorIndex.set(id, mentorIds.length);
      mentorIds.push(id);
    }
  }
  const m = mentorIds.length;
  const sink = n + m;
  // Adjacency of mentees: mentor node and integer cost (−score), only for positive scores.
  const adjMentor: Int32Array[] = [];
  const adjCost: Int32Array[] = [];
  for (const mentee of input.mentees) {
    // One edge per mentor (the best score if listed twice), positive scores only.
    const best = new Map<string, number>();
    for (const c of mentee.candidates) {
      if (c.score > 0 && mentorIndex.has(c.mentor)) best.set(c.mentor, Math.max(best.get(c.mentor) ?? 0, c.score));
    }
    const kept = [...best].map(([mentor, score]) => ({ mentor, score }));
    adjMentor.push(Int32Array.from(kept, (c) => n + (mentorIndex.get(c.mentor) as number)));
    adjCost.push(Int32Array.from(kept, (c) => -Math.round(c.score * scale)));
  }
  const capacity = Int32Array.from(mentorIds, (id) => input.capacity.get(id) as number);
  const used = new Int32Array(m);
  /** Mentor node each mentee is assigned to, or −1. */
  const assigned = new Int32Array(n).fill(-1);
  /** Mentees per mentor, for the residual edges mentor → mentee. */
  const holders: number[][] = Array.from({ length: m }, () => []);
  const costOf = (mentee: number, mentorNode: number) => {
    const mentors = adjMentor[mentee] as Int32Array;
    for (let k = 0; k < mentors.length; k += 1)
      if (mentors[k] === mentorNode) return (adjCost[mentee] as Int32Array)[k] as number;
    throw new Error('edge not found');
  };

  // Potentials keep reduced costs non-negative: the most negative cost into each mentor.
  const potential = new Float64Array(n + m + 1);
  for (let i = 0; i < n; i += 1) {
    const mentors = adjMentor[i] as Int32Array;
    const costs = adjCost[i] as Int32Array;
    for (let k = 0; k < mentors.length; k += 1) {
      const v = mentors[k] as number;
      potential[v] = Math.min(potential[v] as number, costs[k] as number);
    }
  }
  let lowest = 0;
  for (let v = n; v < sink; v += 1) lowest = Math.min(lowest, potential[v] as number);
  potential[sink] = lowest;

  const distance = new Float64Array(n + m + 1).fill(Infinity);
  const previous = new Int32Array(n + m + 1).fill(-1);
  const done = new Uint8Array(n + m + 1);
  const touched: number[] = [];

  const heap = new Heap();
  const relax = (from: number, to: number, cost: number) => {
    if (done[to]) return;
    const d = (distance[from] as number) + cost + (potential[from] as number) - (potential[to] as number);
    if (d < (distance[to] as number)) {
      if (distance[to] === Infinity) touched.push(to);
      distance[to] = d;
      previous[to] = from;
      heap.push(d, to);
    }
  };
  /** Takes a mentee off a mentor's list (order does not matter). */
  const release = (mentorNode: number, mentee: number) => {
    const list = holders[mentorNode - n] as number[];
    const at = list.indexOf(mentee);
    list[at] = list[list.length - 1] as number;
    list.pop();
    used[mentorNode - n] = (used[mentorNode - n] as number) - 1;
  };

  for (let start = 0; start < n; start += 1) {
    heap.clear();
    distance[start] = 0;
    touched.push(start);
    heap.push(0, start);
    let reached = Infinity;
    while (heap.size > 0) {
      const [d, u] = heap.pop();
      if (done[u] || d > (distance[u] as number)) continue;
      done[u] = 1;
      if (u === sink) {
        reached = d;
        break;
      }
      if (u < n) {
        // A mentee: to a mentor she is not with, or to the sink (no featured mentor).
        const mentors = adjMentor[u] as Int32Array;
        const costs = adjCost[u] as Int32Array;
        for (let k = 0; k < mentors.length; k += 1)
          if (mentors[k] !== assigned[u]) relax(u, mentors[k] as number, costs[k] as number);
        relax(u, sink, 0);
      } else {
        // A mentor: to the sink if she has room, back to each mentee she holds.
        const j = u - n;
        if ((used[j] as number) < (capacity[j] as number)) relax(u, sink, 0);
        for (const mentee of holders[j] as number[]) relax(u, mentee, -costOf(mentee, u));
      }
    }
    // Potentials of settled nodes move by their distance (relative to the sink's);
    // the others stay, which keeps every reduced cost non-negative.
    for (const v of touched) {
      if (done[v] && (distance[v] as number) < reached)
        potential[v] = (potential[v] as number) + (distance[v] as number) - reached;
    }
    // Augment: walk back from the sink, flipping each edge of the path.
    let v = sink;
    let u = previous[sink] as number;
    while (u !== -1) {
      if (u < n && v === sink) {
        // The mentee leaves her mentor (if any) for no featured mentor.
        const from = assigned[u] as number;
        if (from !== -1) release(from, u);
        assigned[u] = -1;
      } else if (u < n) {
        // The mentee moves to mentor v.
        const from = assigned[u] as number;
        if (from !== -1) release(from, u);
        assigned[u] = v;
        used[v - n] = (used[v - n] as number) + 1;
        (holders[v - n] as number[]).push(u);
      }
      // Mentor → mentee (a reverse edge) is undone by the mentee's own move above;
      // mentor → sink is the room the mentor gives.
      v = u;
      u = previous[u] as number;
    }
    for (const t of touched) {
      distance[t] = Infinity;
      previous[t] = -1;
      done[t] = 0;
    }
    touched.length = 0;
  }

  const result = new Map<string, string>();
  input.mentees.forEach((mentee, i) => {
    const node = assigned[i] as number;
    if (node !== -1) result.set(mentee.id, mentorIds[node - n] as string);
  });
  return result;
}
