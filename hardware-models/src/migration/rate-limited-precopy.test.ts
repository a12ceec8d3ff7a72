// Xen 2005's rate-limited pre-copy as fast-check properties (fixed seed; a failure prints the
// counterexample): rounds within the limits, the whole memory first at the minimum rate, the
// stopping rules, and the downtime bounded by the last dirty set at the unlimited rate.
import t from 'tap';
import fc from 'fast-check';
import { XEN_2005_PRECOPY_POLICY, distinctPagesDirtied } from './precopy-model.js';
import { rateLimitedPreCopyPlan, type DirtyingMemory, type StopAndCopyPath } from './rate-limited-precopy.js';

const memory = fc
  .record({
    memoryPages: fc.integer({ min: 1, max: 1 << 18 }),
    writesPerSec: fc.double({ min: 0, max: 1e6, noNaN: true }),
    setShare: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ memoryPages, writesPerSec, setShare }): DirtyingMemory => {
    const set = Math.round(memoryPages * setShare);
    return { memoryPages, pageBytes: 4096, pagesDirtiedIn: (ns) => distinctPagesDirtied((writesPerSec * ns) / 1e9, set) };
  });
const path = fc.record({
  latencyNs: fc.integer({ min: 0, max: 10_000_000 }),
  effectiveBitsPerSec: fc.constantFrom(1e8, 7e8, 1e9, 1e10),
  resumeNs: fc.integer({ min: 0, max: 100_000_000 }),
});
const run = { seed: 2005, numRuns: 300 };
const limit = XEN_2005_PRECOPY_POLICY.rateLimit!;

t.test('rounds: the whole memory first at the minimum, every rate within the limits, downtime from the last dirty set', async (t) => {
  fc.assert(
    fc.property(memory, path, (m, p: StopAndCopyPath) => {
      const plan = rateLimitedPreCopyPlan(m, XEN_2005_PRECOPY_POLICY, p);
      const first = plan.rounds[0]!;
      if (first.pages !== m.memoryPages || first.bitsPerSec !== limit.minBitsPerSec) return false;
      if (plan.rounds.some((r) => r.bitsPerSec < limit.minBitsPerSec || r.bitsPerSec > limit.maxBitsPerSec)) return false;
      if (plan.rounds.length > XEN_2005_PRECOPY_POLICY.maxRounds || plan.stopAndCopyPages > m.memoryPages) return false;
      const finalCopyNs = (plan.stopAndCopyPages * m.pageBytes * 8e9) / p.effectiveBitsPerSec + p.latencyNs;
      return Math.abs(plan.downtimeNs - (finalCopyNs + p.resumeNs)) < 1e-3 && plan.totalNs >= plan.downtimeNs && plan.bytesMoved >= m.memoryPages * m.pageBytes;
    }),
    run,
  );
  t.pass('300 random memories and paths (fast-check seed 2005)');
});

t.test('an idle process: one round, stopped with little left, downtime is latency plus resume', async (t) => {
  const plan = rateLimitedPreCopyPlan({ memoryPages: 1000, pageBytes: 4096, pagesDirtiedIn: () => 0 }, XEN_2005_PRECOPY_POLICY, { latencyNs: 100, effectiveBitsPerSec: 1e9, resumeNs: 5 });
  t.equal(plan.rounds.length, 1);
  t.equal(plan.stoppedBy, 'little-left');
  t.equal(plan.downtimeNs, 105);
});

t.test('a process rewriting all its memory faster than any round: the rate climbs by the increment, the byte budget stops it', async (t) => {
  // The dirtying measured in a round is at most the pages that exist over the round's length, so a process that
  // rewrites its whole memory never shows more than the round's own rate: 100, 150, 200 Mbit/s, then three times
  // the memory has been sent (the diabolical workload's fate in the reproduction).
  const plan = rateLimitedPreCopyPlan({ memoryPages: 1000, pageBytes: 4096, pagesDirtiedIn: (ns) => Math.min(1000, ns / 1000) }, XEN_2005_PRECOPY_POLICY, { latencyNs: 0, effectiveBitsPerSec: 1e9, resumeNs: 0 });
  t.same(plan.rounds.map((r) => r.bitsPerSec), [100e6, 150e6, 200e6]);
  t.equal(plan.stoppedBy, 'byte-limit');
  t.equal(plan.stopAndCopyPages, 1000);
});
