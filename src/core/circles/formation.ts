import type { Domain, Language, Situation } from '../onboarding/questionnaire.ts';

/**
 * How peer circles are formed, as pure functions: members waiting for a circle in,
 * circles of 3 or 4 out. Languages are a hard filter (everyone in a circle speaks its
 * language); then situation first (career changers together, students together…), then
 * the same region or remote on both sides, then shared domains. The longest waiting
 * member is served first: each circle starts from her and takes the people closest to
 * those already in it.
 */

export interface CircleCandidate {
  memberId: string;
  situation: Situation | null;
  languages: readonly Language[];
  domains: readonly Domain[];
  /** Where she is: a region's id when the community defines regions, else her region as typed, normalised; '' when none. */
  place: string;
  /** She is fine meeting at a distance. */
  remote: boolean;
  /** How her place reads (her region's name, or what she typed): told when the circle shares it. */
  placeLabel?: string;
}

/** What every member of a circle has in common: what its welcome tells them. */
export interface Shared {
  situation: Situation | null;
  /** The place they all share, when they do. */
  place: string | null;
  /** All fine with remote (said only when they share no place). */
  remote: boolean;
  domains: Domain[];
  /** How the shared place reads (a region's name, or what the first of them typed); kept with the circle. */
  placeLabel?: string;
}

export interface FormedCircle {
  memberIds: string[];
  language: Language;
  shared: Shared;
}

export const circleSize = { min: 3, max: 4 } as const;

/**
 * `ready`: only circles whose members all share a language and a situation, formed as
 * soon as `readyAt` such people wait (what a join triggers); `all`: as many circles as the
 * languages allow, situations mixed where they must be (what an admin asks for).
 */
export type FormationMode = 'ready' | 'all';
export const readyAt = 4;

// Lexicographic weights: one shared situation outweighs any place and domains, a shared
// place (or both remote) outweighs any domains.
const situationWeight = 1000;
const placeWeight = 40;
const remoteWeight = 30;
const domainWeight = 5;
const maxDomainPoints = 25;

/** How well two people would fit in one circle. */
export function affinity(a: CircleCandidate, b: CircleCandidate): number {
  let score = 0;
  if (a.situation !== null && a.situation === b.situation) score += situationWeight;
  if (a.place !== '' && a.place === b.place) score += placeWeight;
  else if (a.remote && b.remote) score += remoteWeight;
  let shared = 0;
  for (const domain of a.domains) if (b.domains.includes(domain)) shared += 1;
  return score + Math.min(maxDomainPoints, shared * domainWeight);
}

/** What all of them have in common. */
export function sharedBy(people: readonly CircleCandidate[]): Shared {
  const [first, ...rest] = people;
  if (!first) return { situation: null, place: null, remote: false, domains: [] };
  const situation =
    first.situation !== null && rest.every((p) => p.situation === first.situation) ? first.situation : null;
  const place = first.place !== '' && rest.every((p) => p.place === first.place) ? first.place : null;
  const remote = place === null && people.every((p) => p.remote);
  const domains = first.domains.filter((d) => rest.every((p) => p.domains.includes(d)));
  return {
    situation,
    place,
    remote,
    domains,
    ...(place !== null && first.placeLabel ? { placeLabel: first.placeLabel } : {}),
  };
}

/** Whether `n` people can all be placed in circles of 3 and 4. */
const splits = (n: number) => n === 0 || n === 3 || n === 4 || n >= 6;

/** The size of the next circle taken from `n` people, so that as many as possible are placed. */
function nextSize(n: number): number {
  if (splits(n - circleSize.max)) return circleSize.max;
  if (splits(n - circleSize.min)) return circleSize.min;
  return circleSize.max;
}

/**
 * Circles from one pool of people who all speak `language`, in queue order (the longest
 * waiting first). Each circle starts from the first person left and adds, one at a time,
 * the one closest to those already in it (ties: who waited longer).
 */
export function formWithin(
  pool: readonly CircleCandidate[],
  language: Language,
): { circles: FormedCircle[]; left: CircleCandidate[] } {
  const left = [...pool];
  const circles: FormedCircle[] = [];
  while (left.length >= circleSize.min) {
    const size = nextSize(left.length);
    const group = [left.shift() as CircleCandidate];
    // Each remaining person's summed affinity to the group so far, updated as it grows.
    const fit = left.map((p) => affinity(p, group[0]!));
    while (group.length < size) {
      let best = 0;
      for (let i = 1; i < left.length; i += 1) if ((fit[i] as number) > (fit[best] as number)) best = i;
      const [chosen] = left.splice(best, 1);
      fit.splice(best, 1);
      group.push(chosen as CircleCandidate);
      for (let i = 0; i < left.length; i += 1)
        fit[i] = (fit[i] as number) + affinity(left[i]!, chosen as CircleCandidate);
    }
    circles.push({ memberIds: group.map((p) => p.memberId), language, shared: sharedBy(group) });
  }
  return { circles, left };
}

/** The languages spoken by these people, the most spoken first (ties: the questionnaire's order is kept by a stable sort). */
function languagesBySpeakers(people: readonly CircleCandidate[]): Language[] {
  const counts = new Map<Language, number>();
  for (const p of people) for (const l of p.languages) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l);
}

/**
 * Circles from everyone waiting, given in queue order (the longest waiting first). Nobody
 * is placed twice, every circle holds 3 or 4 people who all speak its language, and the
 * others keep waiting.
 */
export function formCircles(
  waiting: readonly CircleCandidate[],
  mode: FormationMode,
): { circles: FormedCircle[]; left: CircleCandidate[] } {
  const placed = new Set<string>();
  const circles: FormedCircle[] = [];
  const unplaced = () => waiting.filter((p) => !placed.has(p.memberId));
  const take = (formed: FormedCircle[]) => {
    for (const circle of formed) {
      circles.push(circle);
      for (const id of circle.memberIds) placed.add(id);
    }
  };

  if (mode === 'ready') {
    // A (language, situation) with enough people: the first such found from the head of the queue.
    for (let progress = true; progress;) {
      progress = false;
      const people = unplaced();
      for (const language of languagesBySpeakers(people)) {
        const speakers = people.filter((p) => p.situation !== null && p.languages.includes(language));
        const bySituation = new Map<Situation, CircleCandidate[]>();
        for (const p of speakers)
          bySituation.set(p.situation as Situation, [...(bySituation.get(p.situation as Situation) ?? []), p]);
        const ready = [...bySituation.values()].find((group) => group.length >= readyAt);
        if (!ready) continue;
        take(formWithin(ready, language).circles);
        progress = true;
        break;
      }
    }
    return { circles, left: unplaced() };
  }

  // Those who speak no language of the majority first: each rarer language gathers its
  // speakers who have no other choice, completed by people who also speak it.
  const main = languagesBySpeakers(waiting)[0];
  for (const language of languagesBySpeakers(waiting).reverse()) {
    if (language === main) continue;
    const people = unplaced();
    const only = people.filter(
      (p) => p.languages.includes(language) && (main === undefined || !p.languages.includes(main)),
    );
    if (only.length === 0) continue;
    const also = people.filter((p) => p.languages.includes(language) && !only.includes(p));
    let wanted = only.length;
    while (!splits(wanted)) wanted += 1;
    const helpers = also.slice(0, Math.max(0, wanted - only.length));
    const queue = new Set([...only, ...helpers]);
    take(
      formWithin(
        people.filter((p) => queue.has(p)),
        language,
      ).circles,
    );
  }
  // Then everyone else, language by language, the most spoken first.
  for (let progress = true; progress;) {
    progress = false;
    const people = unplaced();
    for (const language of languagesBySpeakers(people)) {
      const formed = formWithin(
        people.filter((p) => p.languages.includes(language)),
        language,
      ).circles;
      if (formed.length === 0) continue;
      take(formed);
      progress = true;
      break;
    }
  }
  return { circles, left: unplaced() };
}

/** The waiting person who fits a circle best, among those who speak its language; null when none does. */
export function bestNewcomer(
  circle: { language: Language; members: readonly CircleCandidate[] },
  waiting: readonly CircleCandidate[],
): CircleCandidate | null {
  let best: CircleCandidate | null = null;
  let bestScore = -1;
  for (const person of waiting) {
    if (!person.languages.includes(circle.language) || circle.members.some((m) => m.memberId === person.memberId))
      continue;
    const score = circle.members.reduce((sum, m) => sum + affinity(person, m), 0);
    if (score > bestScore) [best, bestScore] = [person, score];
  }
  return best;
}

/** The other short circle of the same language that together makes 3 or 4 and fits best; null when none. */
export function bestMerge<C extends { id: string; language: Language; members: readonly CircleCandidate[] }>(
  circle: C,
  others: readonly C[],
): C | null {
  let best: C | null = null;
  let bestScore = -1;
  for (const other of others) {
    const size = circle.members.length + other.members.length;
    if (other.id === circle.id || other.language !== circle.language || size < circleSize.min || size > circleSize.max)
      continue;
    let score = 0;
    for (const a of circle.members) for (const b of other.members) score += affinity(a, b);
    score /= circle.members.length * other.members.length;
    if (score > bestScore) [best, bestScore] = [other, score];
  }
  return best;
}
