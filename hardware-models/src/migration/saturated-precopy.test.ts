// The closed form of Xen's rate-limited pre-copy under a saturated dirty set against the
// recurrence it is derived from (rate-limited-precopy.ts), on random memories, dirty sets, limits
// and paths (fast-check, fixed seed): equal round counts, stopping rules, rates, times and bytes.
import t from 'tap';
import fc from 'fast-check';
import { XEN_2005_PRECOPY_POLICY, type PreCopyPolicy } from './precopy-model.js';
import { rateLimitedPreCopyPlan } from './rate-limited-precopy.js';
import { saturatedPreCopyPlan } from './saturated-precopy.js';

const case_ = fc
  .record({
    memoryPages: fc.integer({ min: 64, max: 1 << 18 }),
    share: fc.double({ min: 1e-4, max: 1, noNaN: true }),
    minMbit: fc.integer({ min: 10, max: 200 }),
    spanMbit: fc.integer({ min: 0, max: 1000 }),
    stepMbit: fc.integer({ min: 1, max: 100 }),
    maxRounds: fc.integer({ min: 1, max: 40 }),
    freezeThresholdPages: fc.integer({ min: 0, max: 512 }),
    maxBytesFactor: fc.integer({ min: 1, max: 5 }),
    effectiveBitsPerSec: fc.constantFrom(1e8, 1e9, 1e10),
    resumeNs: fc.integer({ min: 0, max: 1e8 }),
  })
  .map((c) => {
    // r_max half a Mbit/s off the grid of rates: at an exact tie (r_k + Δ = r_max) the recurrence's rounding decides.
    const policy: PreCopyPolicy = {
      maxRounds: c.maxRounds, freezeThresholdPages: c.freezeThresholdPages, maxBytesFactor: c.maxBytesFactor,
      rateLimit: { minBitsPerSec: c.minMbit * 1e6, maxBitsPerSec: (c.minMbit + c.spanMbit + 0.5) * 1e6, incrementBitsPerSec: c.stepMbit * 1e6 },
    };
    const dirty = Math.max(1, Math.round(c.memoryPages * c.share));
    return { policy, memory: { memoryPages: c.memoryPages, pageBytes: 4096, dirtyPagesPerRound: dirty }, path: { latencyNs: 0, effectiveBitsPerSec: c.effectiveBitsPerSec, resumeNs: c.resumeNs } };
  });

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b), 1);

t.test('on a zero-latency link the closed form is the recurrence: rounds, why it stopped, rates, times, bytes', async (t) => {
  fc.assert(
    fc.property(case_, ({ policy, memory, path }) => {
      const closed = saturatedPreCopyPlan(memory, policy, path);
      const iterated = rateLimitedPreCopyPlan({ ...memory, pagesDirtiedIn: () => memory.dirtyPagesPerRound }, policy, path);
      return (
        closed.rounds === iterated.rounds.length &&
        closed.stoppedBy === iterated.stoppedBy &&
        closed.bitsPerSec.every((r, i) => close(r, iterated.rounds[i]!.bitsPerSec, 1e-9)) &&
        close(closed.firstRoundNs, iterated.rounds[0]!.durationNs, 1e-9) &&
        close(closed.laterRoundsNs, iterated.rounds.slice(1).reduce((s, r) => s + r.durationNs, 0), 1e-9) &&
        closed.stopAndCopyPages === iterated.stopAndCopyPages &&
        close(closed.downtimeNs, iterated.downtimeNs, 1e-9) &&
        closed.bytesMoved === iterated.bytesMoved
      );
    }),
    { seed: 2005, numRuns: 500 },
  );
  t.pass('500 random cases (fast-check seed 2005)');
});

t.test("the paper's diabolical workload: five rounds, stopped by the byte budget, 256 MiB at link speed", async (t) => {
  const plan = saturatedPreCopyPlan({ memoryPages: 131072, pageBytes: 4096, dirtyPagesPerRound: 65536 }, XEN_2005_PRECOPY_POLICY, { latencyNs: 0, effectiveBitsPerSec: 1e9, resumeNs: 0 });
  t.equal(plan.rounds, 5);
  t.equal(plan.stoppedBy, 'byte-limit', '512 + 4 x 256 MiB = 3 x the memory');
  t.same(plan.bitsPerSec, [100e6, 100e6, 150e6, 200e6, 250e6], 'the region dirtied during round 1 is measured at 50 Mbit/s, so round 2 runs at the floor');
  t.equal(Math.round(plan.downtimeNs / 1e6), 2147, '256 MiB at 1 Gb/s: 2.15 s, whatever the dirtying rate');
});

t.test('bad input is refused with the field named', async (t) => {
  const path = { latencyNs: 0, effectiveBitsPerSec: 1e9, resumeNs: 0 };
  t.throws(() => saturatedPreCopyPlan({ memoryPages: 8, pageBytes: 4096, dirtyPagesPerRound: 9 }, XEN_2005_PRECOPY_POLICY, path), /dirtyPagesPerRound must be in \(0, memoryPages\]; got 9 of 8/);
  const { rateLimit: _, ...unlimited } = XEN_2005_PRECOPY_POLICY;
  t.throws(() => saturatedPreCopyPlan({ memoryPages: 8, pageBytes: 4096, dirtyPagesPerRound: 4 }, unlimited, path), /no rateLimit/);
});
