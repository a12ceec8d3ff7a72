// Xen 2005's rate-limited pre-copy (rate-limited-precopy.ts) in closed form for a workload whose
// every round dirties the same D pages: a set rewritten faster than any round copies it (the
// paper's diabolical workload, or a hot set once it saturates). Derived, not iterated, so that
// the simulator's rounds and downtime can be checked against formulas in the model's parameters:
//
//   b = page bits, M = memory pages, r_min, Δ, r_max = the rate limits, B = the link, L = latency.
//   Round 1 sends M pages at r_min: T_1 = M·b / r_min.
//   The measured dirtying rate after round k is D·b / T_k, and round k + 1 runs at it plus Δ:
//   r_2 = max(r_min, r_min·D/M + Δ). From round 2 on T_k = D·b / r_k, so the measured rate is r_k
//   itself and the rates rise by Δ a round: r_k = r_2 + (k − 2)·Δ, T_k = D·b / (r_2 + (k − 2)·Δ).
//   Pre-copy stops after the first round k at which (in the rules' order) D is at most the
//   threshold; r_{k+1} > r_max, i.e. k = ⌊(r_max − r_2)/Δ⌋ + 2 (k = 1 when r_2 > r_max);
//   k = maxRounds; or M + (k − 1)·D ≥ factor·M, i.e. k = 1 + ⌈(factor − 1)·M / D⌉.
//   Downtime = D·b / B + L + resume, whatever the dirtying rate: the D pages move at link speed.
//
// Exact for a zero-latency link; the recurrence adds L to every round (a relative 1e-5 for 5 us
// against rounds of a second).
import type { PreCopyPolicy } from './precopy-model.js';
import type { RateLimitedPlan, StopAndCopyPath } from './rate-limited-precopy.js';

export interface SaturatedMemory {
  memoryPages: number;
  pageBytes: number;
  /** The pages every round dirties (D), at most the memory. */
  dirtyPagesPerRound: number;
}

/** The recurrence's plan in closed form: the same stopping rule, last dirty set, downtime and bytes; per-round rates and summed times. */
export interface SaturatedPlan extends Pick<RateLimitedPlan, 'stoppedBy' | 'stopAndCopyPages' | 'downtimeNs' | 'bytesMoved'> {
  rounds: number;
  /** Each round's rate, bits per second. */
  bitsPerSec: number[];
  firstRoundNs: number;
  laterRoundsNs: number;
}

export function saturatedPreCopyPlan(memory: SaturatedMemory, policy: PreCopyPolicy, path: StopAndCopyPath): SaturatedPlan {
  const limit = policy.rateLimit;
  if (limit === undefined) throw new RangeError('saturatedPreCopyPlan: the policy has no rateLimit');
  const { memoryPages: m, dirtyPagesPerRound: d } = memory;
  if (!(d > 0 && d <= m)) throw new RangeError(`saturatedPreCopyPlan: dirtyPagesPerRound must be in (0, memoryPages]; got ${d} of ${m}`);
  const bits = memory.pageBytes * 8;
  const r2 = Math.max(limit.minBitsPerSec, (limit.minBitsPerSec * d) / m + limit.incrementBitsPerSec);
  const byRate = r2 > limit.maxBitsPerSec ? 1 : Math.floor((limit.maxBitsPerSec - r2) / limit.incrementBitsPerSec) + 2;
  const byBytes = 1 + Math.ceil(((policy.maxBytesFactor - 1) * m) / d);
  const candidates: [number, RateLimitedPlan['stoppedBy']][] = [
    [d <= policy.freezeThresholdPages ? 1 : Infinity, 'little-left'],
    [byRate, 'rate-above-maximum'],
    [policy.maxRounds, 'round-limit'],
    [byBytes, 'byte-limit'],
  ];
  const rounds = Math.min(...candidates.map(([k]) => k));
  const stoppedBy = candidates.find(([k]) => k === rounds)![1];
  const bitsPerSec = [limit.minBitsPerSec, ...Array.from({ length: rounds - 1 }, (_, i) => r2 + i * limit.incrementBitsPerSec)];
  const laterRoundsNs = bitsPerSec.slice(1).reduce((sum, r) => sum + (d * bits * 1e9) / r, 0);
  return {
    rounds,
    stoppedBy,
    bitsPerSec,
    firstRoundNs: (m * bits * 1e9) / limit.minBitsPerSec,
    laterRoundsNs,
    stopAndCopyPages: d,
    downtimeNs: (d * bits * 1e9) / path.effectiveBitsPerSec + path.latencyNs + path.resumeNs,
    bytesMoved: (m + rounds * d) * memory.pageBytes,
  };
}
