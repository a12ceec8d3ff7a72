// The analytic bounds of pre-copy migration as fast-check properties (fixed seeds; a failure
// prints its counterexample and seed). With ρ = dirty rate in bits / bandwidth, each round copies
// at most ρ times the previous one plus what the latency lets the process dirty, so while ρ < 1
// the bytes moved are bounded by a geometric series; as ρ approaches 1 only the stopping rules
// bound them, and the downtime tends to the stop-and-copy downtime of the working set.
import t from 'tap';
import fc from 'fast-check';
import { XEN_PRECOPY_POLICY, distinctPagesDirtied, preCopyPlan, stopAndCopyPlan, transferNs, type DirtyingWorkload, type MigrationLink } from './precopy-model.js';

const SWITCH_NS = 50_000;
const link = fc.record({
  bandwidthBitsPerSec: fc.constantFrom(1e8, 1e9, 1e10, 1e11),
  latencyNs: fc.integer({ min: 100, max: 50_000_000 }),
});
const workload = fc
  .record({
    memoryPages: fc.integer({ min: 1, max: 1 << 20 }),
    pageBytes: fc.constantFrom(4096, 8192),
    dirtyPagesPerSec: fc.double({ min: 0, max: 1e7, noNaN: true }),
    workingSetShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ workingSetShare, ...w }): DirtyingWorkload => ({ ...w, writableWorkingSetPages: Math.round(w.memoryPages * workingSetShare) }));
const run = { seed: 9, numRuns: 300 };

t.test('distinct pages dirtied: at most the writes and the working set, growing with the writes', async (t) => {
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 1 << 24 }), (a, b, set) => {
      const [few, many] = a <= b ? [a, b] : [b, a];
      const d = distinctPagesDirtied(few, set);
      return d >= 0 && d <= Math.min(few, set) + 1e-6 && d <= distinctPagesDirtied(many, set) + 1e-6;
    }),
    run,
  );
  t.equal(Math.round(distinctPagesDirtied(1e9, 1000)), 1000, 'saturates at the working set');
  t.ok(Math.abs(distinctPagesDirtied(10, 1e6) - 10) < 0.01, 'few writes to a large set are nearly all distinct');
});

t.test('every plan: within the policy, the whole memory first, never slower to freeze than stop-and-copy', async (t) => {
  fc.assert(
    fc.property(workload, link, (w, l: MigrationLink) => {
      const plan = preCopyPlan(w, l, XEN_PRECOPY_POLICY, SWITCH_NS);
      const memoryBytes = w.memoryPages * w.pageBytes;
      if (plan.rounds.length < 1 || plan.rounds.length > XEN_PRECOPY_POLICY.maxRounds) return false;
      if (plan.rounds[0]!.pages !== w.memoryPages || plan.rounds.some((r) => r.pages > w.memoryPages)) return false;
      if (plan.bytesMoved < memoryBytes || plan.totalNs < (memoryBytes * 8e9) / l.bandwidthBitsPerSec) return false;
      // The final copy is at most the working set, so the downtime never exceeds stop-and-copy's.
      return plan.downtimeNs <= stopAndCopyPlan(w, l, SWITCH_NS).downtimeNs + 1e-6 && plan.totalNs >= plan.downtimeNs;
    }),
    run,
  );
  t.pass('300 random workloads and links (fast-check seed 9)');
});

t.test('dirty rate below the bandwidth: bytes and total time bounded by the geometric series', async (t) => {
  fc.assert(
    fc.property(workload, link, fc.double({ min: 0, max: 0.95, noNaN: true }), (w0, l, rho) => {
      // ρ = dirty bits per second over the bandwidth.
      const w = { ...w0, dirtyPagesPerSec: (rho * l.bandwidthBitsPerSec) / (8 * w0.pageBytes) };
      const plan = preCopyPlan(w, l, XEN_PRECOPY_POLICY, SWITCH_NS);
      const copies = plan.rounds.length + 1;
      const perRoundExtraPages = (w.dirtyPagesPerSec * l.latencyNs) / 1e9 + 0.5;
      const pagesBound = (w.memoryPages + copies * perRoundExtraPages) / (1 - rho);
      const pagesMoved = plan.bytesMoved / w.pageBytes;
      const totalBound = transferNs(pagesBound, w.pageBytes, { ...l, latencyNs: 0 }) + copies * l.latencyNs + SWITCH_NS;
      return pagesMoved <= pagesBound + 1e-6 && plan.totalNs <= totalBound + 1e-3;
    }),
    run,
  );
  t.pass('300 random workloads with ρ < 0.95 (fast-check seed 9)');
});

t.test('dirty rate below the bandwidth: the downtime is at most ρ times the last round plus what the latency lets the process dirty', async (t) => {
  fc.assert(
    fc.property(workload, link, fc.double({ min: 0, max: 0.999, noNaN: true }), (w0, l, rho) => {
      const w = { ...w0, dirtyPagesPerSec: (rho * l.bandwidthBitsPerSec) / (8 * w0.pageBytes) };
      const plan = preCopyPlan(w, l, XEN_PRECOPY_POLICY, SWITCH_NS);
      // The final set is dirtied while the last round is sent: at most the writes of that round,
      // ρ × its pages plus the writes during one latency (and the rounding to whole pages).
      const lastPages = plan.rounds.at(-1)!.pages;
      const finalBound = rho * lastPages + (w.dirtyPagesPerSec * l.latencyNs) / 1e9 + 0.5;
      const downtimeBound = transferNs(finalBound, w.pageBytes, l) + SWITCH_NS;
      // As ρ → 1 the bound tends to a copy of the whole last round: no better than stop-and-copy of what is left.
      return plan.stopAndCopyPages <= finalBound + 1e-6 && plan.downtimeNs <= downtimeBound + 1e-3;
    }),
    run,
  );
  t.pass('300 random workloads with ρ < 0.999 (fast-check seed 9)');
});

t.test('dirty rate at or above the bandwidth: rounds stop shrinking, only the stopping rules bound the copy', async (t) => {
  fc.assert(
    fc.property(workload, link, fc.double({ min: 1, max: 20, noNaN: true }), (w0, l, rho) => {
      const w = { ...w0, writableWorkingSetPages: w0.memoryPages, dirtyPagesPerSec: (rho * l.bandwidthBitsPerSec) / (8 * w0.pageBytes) };
      const plan = preCopyPlan(w, l, XEN_PRECOPY_POLICY, SWITCH_NS);
      // The byte budget stops it: at most the budget plus one last round and the final copy.
      if (plan.bytesMoved > (XEN_PRECOPY_POLICY.maxBytesFactor + 2) * w.memoryPages * w.pageBytes) return false;
      // A round lasts at least its pages' transfer, in which ρ ≥ 1 times as many writes land:
      // the next round copies at least (1 − 1/e) of the previous one (less the rounding).
      const sizes = [...plan.rounds.map((r) => r.pages), plan.stopAndCopyPages];
      return sizes.every((pages, i) => i === 0 || pages >= (1 - Math.exp(-1)) * sizes[i - 1]! - 0.5);
    }),
    run,
  );
  t.pass('300 random workloads with ρ ≥ 1 (fast-check seed 9)');
});

t.test('a worked example: 1 GiB at 1 Gb/s with a 10 MiB/s dirty rate', async (t) => {
  const w: DirtyingWorkload = { memoryPages: 262_144, pageBytes: 4096, dirtyPagesPerSec: 2560, writableWorkingSetPages: 262_144 };
  const plan = preCopyPlan(w, { bandwidthBitsPerSec: 1e9, latencyNs: 100_000 }, XEN_PRECOPY_POLICY, 0);
  // ρ = 2560 × 4096 × 8 / 1e9 = 0.084. Round 1: 8.59 s, 21,990 writes on 262,144 pages → 21,093
  // distinct; round 2: 0.69 s, 1,770 writes → 1,764; round 3: 58 ms → 148; round 4: 5 ms → 13 ≤ 50: freeze.
  t.equal(plan.rounds[0]!.pages, 262_144);
  t.ok(Math.abs(plan.rounds[0]!.durationNs - 8.5899e9) < 1e6, `round 1 takes ${plan.rounds[0]!.durationNs} ns`);
  t.same(plan.rounds.map((r) => r.pages), [262_144, 21_093, 1_764, 148], 'rounds');
  t.equal(plan.stopAndCopyPages, 13, 'frozen with 13 dirty pages');
  t.ok(Math.abs(plan.downtimeNs - 525_984) < 1, `downtime ${plan.downtimeNs} ns: 13 pages at 1 Gb/s plus 100 µs`);
});
