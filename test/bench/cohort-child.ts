// One cohort round's computation in a process of its own, so its peak memory is its own:
// every waiting mentee's best candidates, then the optimal featured assignment.
import { performance } from 'node:perf_hooks';
import { assignFeatured } from '../../src/core/matching/assignment.ts';
import { createMentorPool } from '../../src/core/matching/score.ts';
import { population, random } from './matching-data.ts';

const [menteeCount = 5000, mentorCount = 2000] = process.argv.slice(2).map(Number);
const rnd = random(7);
const mentors = population(mentorCount, 'r', rnd, 'mentor');
const mentees = population(menteeCount, 'e', rnd, 'mentee');
const loads = new Map(mentors.map((m) => [m.memberId, rnd() < 0.3 ? 1 : 0]));
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);

const started = performance.now();
const pool = createMentorPool(mentors, loads);
const perMentee = mentees.map((mentee) => ({
  id: mentee.memberId,
  candidates: pool.suggest(mentee, { limit: 10 }).map((s) => ({ mentor: s.memberId, score: s.score })),
}));
const capacity = new Map(mentors.map((m) => [m.memberId, m.capacity - (loads.get(m.memberId) ?? 0)]));
const featured = assignFeatured({ mentees: perMentee, capacity });
const ms = performance.now() - started;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
console.log(JSON.stringify({ ms, rssMb: peak / 1024 / 1024, featured: featured.size }));
