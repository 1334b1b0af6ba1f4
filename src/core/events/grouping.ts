import type { Domain, Language, Situation } from '../onboarding/questionnaire.ts';
import {
  domains as allDomains,
  languages as allLanguages,
  situations as allSituations,
} from '../onboarding/questionnaire.ts';

/**
 * The groups of a mentored event, as a pure function: groups of 3 or 4 participants, each
 * with exactly one mentor, everyone in a group speaking its language. Situations are
 * spread evenly across groups (career changers first: no group has two more of them than
 * another), and within each situation people are dealt by domain, so domains spread too.
 * Each group then gets the mentor who shares the most domains with it. With too few
 * mentors, it says how many are missing instead of guessing.
 */

export interface EventPerson {
  memberId: string;
  situation: Situation | null;
  domains: readonly Domain[];
  languages: readonly Language[];
}

export interface EventGroup {
  number: number;
  mentorId: string;
  participantIds: string[];
  language: Language;
}

export type Grouping =
  | { kind: 'groups'; groups: EventGroup[]; spareMentors: string[] }
  /** `language`: the mentors missing speak it (only said when it is not everyone's). */
  | { kind: 'missing-mentors'; missing: number; language?: Language }
  | { kind: 'too-few-participants'; min: number }
  /** Five people make no groups of 3 or 4: one more, or one less. */
  | { kind: 'uneven'; participants: number }
  /** Nobody speaking their language could complete their group. */
  | { kind: 'languages'; unplaced: string[] };

export const groupSize = { min: 3, max: 4 } as const;

const languageOrder = new Map(allLanguages.map((l, i) => [l, i]));
/** Career changers are dealt first: their spread across groups is the one promised. */
const situationOrder: (Situation | null)[] = [
  'career-change',
  ...allSituations.filter((s) => s !== 'career-change'),
  null,
];
const domainBit = new Map(allDomains.map((d, i) => [d, 1 << i]));
const maskOf = (values: readonly Domain[]) => values.reduce((mask, d) => mask | (domainBit.get(d) ?? 0), 0);
const popcount = (x: number) => {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n += 1;
  return n;
};

/** The language spoken by the most of these people (ties: the questionnaire's order). */
function mostSpoken(people: readonly EventPerson[], except?: Language): Language | undefined {
  const counts = new Map<Language, number>();
  for (const p of people) for (const l of p.languages) if (l !== except) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (languageOrder.get(a[0]) ?? 99) - (languageOrder.get(b[0]) ?? 99),
  )[0]?.[0];
}

interface Pool {
  language: Language;
  participants: EventPerson[];
  mentors: EventPerson[];
}

/**
 * `participants` and `mentors` in registration order (it breaks ties). A member listed in
 * both counts as a mentor.
 */
export function makeGroups(participantsIn: readonly EventPerson[], mentorsIn: readonly EventPerson[]): Grouping {
  const mentorIds = new Set(mentorsIn.map((m) => m.memberId));
  const participants = participantsIn.filter((p) => !mentorIds.has(p.memberId));
  const mentors = [...mentorsIn];
  if (participants.length < groupSize.min) return { kind: 'too-few-participants', min: groupSize.min };
  const main = mostSpoken(participants);
  if (main === undefined) return { kind: 'languages', unplaced: participants.map((p) => p.memberId) };

  // Those who do not speak the main language: a group in another language, completed by
  // people who speak both, with a mentor who speaks it.
  const pools: Pool[] = [];
  let rest = participants.filter((p) => p.languages.includes(main));
  let outsiders = participants.filter((p) => !p.languages.includes(main));
  let freeMentors = mentors;
  while (outsiders.length > 0) {
    const language = mostSpoken(outsiders, main);
    if (language === undefined) return { kind: 'languages', unplaced: outsiders.map((p) => p.memberId) };
    const only = outsiders.filter((p) => p.languages.includes(language));
    const groups = Math.ceil(only.length / groupSize.max);
    const helpersNeeded = Math.max(0, groups * groupSize.min - only.length);
    const helpers = rest.filter((p) => p.languages.includes(language)).slice(0, helpersNeeded);
    if (helpers.length < helpersNeeded) return { kind: 'languages', unplaced: only.map((p) => p.memberId) };
    // Mentors who speak it, those who do not speak the main language first (the main groups need the others).
    const speakers = freeMentors
      .filter((m) => m.languages.includes(language))
      .sort((a, b) => Number(a.languages.includes(main)) - Number(b.languages.includes(main)));
    if (speakers.length < groups) return { kind: 'missing-mentors', missing: groups - speakers.length, language };
    const chosen = speakers.slice(0, groups);
    pools.push({ language, participants: [...only, ...helpers], mentors: chosen });
    outsiders = outsiders.filter((p) => !only.includes(p));
    rest = rest.filter((p) => !helpers.includes(p));
    freeMentors = freeMentors.filter((m) => !chosen.includes(m));
  }

  const mainMentors = freeMentors.filter((m) => m.languages.includes(main));
  if (rest.length > 0) {
    if (rest.length > groupSize.max * mainMentors.length) {
      const missing = Math.ceil(rest.length / groupSize.max) - mainMentors.length;
      return { kind: 'missing-mentors', missing, ...(pools.length > 0 ? { language: main } : {}) };
    }
    if (rest.length < groupSize.min) return { kind: 'too-few-participants', min: groupSize.min };
    if (!splits(rest.length)) return { kind: 'uneven', participants: rest.length };
    pools.unshift({ language: main, participants: rest, mentors: mainMentors });
  }

  const groups: EventGroup[] = [];
  const used = new Set<string>();
  for (const pool of pools) {
    for (const group of groupPool(pool)) {
      groups.push({ ...group, number: groups.length + 1 });
      used.add(group.mentorId);
    }
  }
  return { kind: 'groups', groups, spareMentors: mentors.filter((m) => !used.has(m.memberId)).map((m) => m.memberId) };
}

/** Whether `n` people make groups of 3 and 4 (every number but 1, 2 and 5). */
const splits = (n: number) => n >= groupSize.min && n !== 5;

/** One language's groups: as many as its mentors allow (smaller groups), 3 or 4 each. */
function groupPool(pool: Pool): Omit<EventGroup, 'number'>[] {
  const count = Math.min(pool.mentors.length, Math.floor(pool.participants.length / groupSize.min));
  const base = Math.floor(pool.participants.length / count);
  const extra = pool.participants.length % count;
  // The larger groups first: dealing from the first group fills them evenly.
  const capacity = Array.from({ length: count }, (_, i) => base + (i < extra ? 1 : 0));
  const members: EventPerson[][] = Array.from({ length: count }, () => []);

  // By situation (career changers first, then the most numerous), within one by domain.
  const bySituation = new Map<Situation | null, EventPerson[]>();
  for (const p of pool.participants) bySituation.set(p.situation, [...(bySituation.get(p.situation) ?? []), p]);
  const order = [...bySituation.keys()].sort((a, b) => {
    if (a === 'career-change' || b === 'career-change') return a === 'career-change' ? -1 : 1;
    if (a === null || b === null) return a === null ? 1 : -1;
    return (
      (bySituation.get(b)?.length ?? 0) - (bySituation.get(a)?.length ?? 0) ||
      situationOrder.indexOf(a) - situationOrder.indexOf(b)
    );
  });
  let next = 0;
  for (const situation of order) {
    const people = [...(bySituation.get(situation) ?? [])].sort((a, b) =>
      (a.domains[0] ?? '~').localeCompare(b.domains[0] ?? '~'),
    );
    for (const person of people) {
      while ((members[next] as EventPerson[]).length >= (capacity[next] as number)) next = (next + 1) % count;
      (members[next] as EventPerson[]).push(person);
      next = (next + 1) % count;
    }
  }

  // Each group's mentor: the pairs (group, mentor) sharing the most domains taken first.
  const groupMasks = members.map((people) => people.map((p) => maskOf(p.domains)));
  const mentorMasks = pool.mentors.map((m) => maskOf(m.domains));
  const pairs: { group: number; mentor: number; score: number }[] = [];
  for (let g = 0; g < count; g += 1) {
    for (let m = 0; m < pool.mentors.length; m += 1) {
      let score = 0;
      for (const mask of groupMasks[g] as number[]) score += popcount(mask & (mentorMasks[m] as number));
      pairs.push({ group: g, mentor: m, score });
    }
  }
  pairs.sort((a, b) => b.score - a.score || a.group - b.group || a.mentor - b.mentor);
  const mentorOf = new Array<number>(count).fill(-1);
  const taken = new Set<number>();
  for (const { group, mentor } of pairs) {
    if (mentorOf[group] !== -1 || taken.has(mentor)) continue;
    mentorOf[group] = mentor;
    taken.add(mentor);
  }
  return members.map((people, g) => ({
    mentorId: (pool.mentors[mentorOf[g] as number] as EventPerson).memberId,
    participantIds: people.map((p) => p.memberId),
    language: pool.language,
  }));
}

/** A language everyone in the group speaks, or null: what a swap must keep. */
export function commonLanguage(people: readonly EventPerson[]): Language | null {
  const [first, ...rest] = people;
  return first?.languages.find((l) => rest.every((p) => p.languages.includes(l))) ?? null;
}
