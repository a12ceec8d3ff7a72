// The DRF worked-example simulation with allocators written here (the hardware models import no
// kernel; tools/cli/hw.test.ts runs it with the reference kernel's DRF): an allocator that gives
// the next task to the lowest dominant share reaches the paper's allocation and holds it; one
// that serves users in a fixed order does not, so the reproduction can fail; a seed replays.
import t from 'tap';
import { drf2011ErrorGoal, formatDrf2011Json, formatDrf2011Text, reproduceDrf2011, type DrfAllocator, type DrfCandidate } from './drf-2011.js';
import { drf2011Points } from './drf-2011-data.js';

const fits = (capacity: readonly number[], used: readonly number[], c: DrfCandidate) => c.demand.every((d, r) => used[r]! + d <= capacity[r]!);
/** Serves the first user while its task fits (the allocator DRFBad.tla's FirstFitSpec describes). */
const firstFit: DrfAllocator = (capacity, used, candidates) => candidates.find((c) => fits(capacity, used, c));
/** The lowest dominant share among users whose task fits, in floating point (good enough for 9 and 18). */
const lowestShare: DrfAllocator = (capacity, used, candidates) => {
  const share = (c: DrfCandidate) => Math.max(...c.holding.map((h, r) => h / capacity[r]!));
  return candidates.filter((c) => fits(capacity, used, c)).sort((a, b) => share(a) - share(b))[0];
};
const short = { durationNs: 600_000_000_000 }; // 10 simulated minutes

t.test('lowest dominant share first: the paper\'s allocation, all the time', async (t) => {
  const result = reproduceDrf2011({ allocator: lowestShare, seed: 1, ...short });
  t.equal(result.points.length, drf2011Points.length);
  for (const p of result.points) t.ok(Math.abs(p.error) <= drf2011ErrorGoal, `${p.user}/${p.quantity}: paper ${p.value}, model ${p.model}`);
  t.equal(result.timeAtPaperAllocation, 1);
  t.ok(result.tasksLaunched > 500, `${result.tasksLaunched} tasks launched`);
});

t.test('first fit: A takes 4 tasks, B 1, and the reproduction misses', async (t) => {
  const result = reproduceDrf2011({ allocator: firstFit, seed: 1, ...short });
  const model = (user: string, quantity: string) => result.points.find((p) => p.user === user && p.quantity === quantity)!.model;
  t.equal(model('A', 'tasks'), 4);
  t.equal(model('B', 'tasks'), 1);
  t.ok(result.points.some((p) => Math.abs(p.error) > drf2011ErrorGoal));
  t.equal(result.timeAtPaperAllocation, 0);
  t.match(formatDrf2011Text(result), /A +tasks +3 +4 +33\.33%/);
});

t.test('a seed replays exactly; another seed draws other task durations', async (t) => {
  const a = reproduceDrf2011({ allocator: lowestShare, seed: 7, ...short });
  t.same(reproduceDrf2011({ allocator: lowestShare, seed: 7, ...short }), a);
  t.not(reproduceDrf2011({ allocator: lowestShare, seed: 8, ...short }).tasksLaunched, a.tasksLaunched);
  t.same(JSON.parse(formatDrf2011Json(a)).points.length, drf2011Points.length);
});
