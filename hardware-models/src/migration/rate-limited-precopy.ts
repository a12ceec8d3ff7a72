// Xen 2005's pre-copy with dynamic rate limiting (Clark et al., NSDI 2005, section 5.1): the first
// round copies every page at a minimum bandwidth; each later round runs at the dirtying rate
// measured in the round before plus a fixed increment; pre-copy ends when that rate would exceed
// the maximum, when little is left, or at Xen's round and byte limits (section 5.3); the final
// stop-and-copy then runs unlimited at the link's effective rate. The fixed-bandwidth plan of
// precopy-model.ts cannot show this: here the rounds speed up as the writable working set is reached.
// The reference kernel runs the same rules (reference/src/migration, with XEN_2005_PRECOPY_POLICY);
// this closed form is what `hw reproduce clark-2005` calibrates on, because it is fast.
import { transferNs, type PreCopyPolicy, type PreCopyRound } from './precopy-model.js';

/** A process's memory and the distinct pages its work dirties in an interval (see precopy-model.ts's pagesDirtiedIn). */
export interface DirtyingMemory {
  memoryPages: number;
  pageBytes: number;
  pagesDirtiedIn: (elapsedNs: number) => number;
}

/** The path the pages take: one-way latency, and the rate the unlimited final copy achieves. */
export interface StopAndCopyPath {
  latencyNs: number;
  effectiveBitsPerSec: number;
  /** Time from the last page received to the process running at the destination. */
  resumeNs: number;
}

export interface RateLimitedRound extends PreCopyRound {
  bitsPerSec: number;
}

export interface RateLimitedPlan {
  rounds: RateLimitedRound[];
  /** Why pre-copy stopped. */
  stoppedBy: 'rate-above-maximum' | 'little-left' | 'round-limit' | 'byte-limit';
  stopAndCopyPages: number;
  stopAndCopyNs: number;
  downtimeNs: number;
  totalNs: number;
  bytesMoved: number;
}

export function rateLimitedPreCopyPlan(workload: DirtyingMemory, policy: PreCopyPolicy, path: StopAndCopyPath): RateLimitedPlan {
  const limit = policy.rateLimit;
  if (limit === undefined) throw new RangeError('rateLimitedPreCopyPlan: the policy has no rateLimit');
  const rounds: RateLimitedRound[] = [];
  const memoryBytes = workload.memoryPages * workload.pageBytes;
  let pages = workload.memoryPages;
  let bitsPerSec = limit.minBitsPerSec;
  let bytes = 0;
  for (;;) {
    const durationNs = transferNs(pages, workload.pageBytes, { bandwidthBitsPerSec: bitsPerSec, latencyNs: path.latencyNs });
    rounds.push({ round: rounds.length + 1, pages, durationNs, bitsPerSec });
    bytes += pages * workload.pageBytes;
    pages = Math.min(workload.memoryPages, Math.round(workload.pagesDirtiedIn(durationNs)));
    const dirtyingBitsPerSec = (pages * workload.pageBytes * 8e9) / durationNs;
    const next = Math.max(limit.minBitsPerSec, dirtyingBitsPerSec + limit.incrementBitsPerSec);
    const stoppedBy =
      pages <= policy.freezeThresholdPages ? 'little-left'
      : next > limit.maxBitsPerSec ? 'rate-above-maximum'
      : rounds.length >= policy.maxRounds ? 'round-limit'
      : bytes >= policy.maxBytesFactor * memoryBytes ? 'byte-limit'
      : undefined;
    if (stoppedBy !== undefined) {
      const stopAndCopyNs = transferNs(pages, workload.pageBytes, { bandwidthBitsPerSec: path.effectiveBitsPerSec, latencyNs: path.latencyNs });
      const downtimeNs = stopAndCopyNs + path.resumeNs;
      const copyNs = rounds.reduce((sum, r) => sum + r.durationNs, 0);
      return { rounds, stoppedBy, stopAndCopyPages: pages, stopAndCopyNs, downtimeNs, totalNs: copyNs + downtimeNs, bytesMoved: bytes + pages * workload.pageBytes };
    }
    bitsPerSec = next;
  }
}
