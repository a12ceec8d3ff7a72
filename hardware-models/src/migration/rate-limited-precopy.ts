// Xen 2005's pre-copy with dynamic rate limiting (Clark et al., NSDI 2005, section 5.1): the first
// round copies every page at a minimum bandwidth; each later round runs at the dirtying rate
// measured in the round before plus a fixed increment; pre-copy ends when that rate would exceed
// the maximum, when little is left, or at Xen's round and byte limits (section 5.3); the final
// stop-and-copy then runs unlimited at the link's effective rate. The fixed-bandwidth plan of
// precopy-model.ts cannot show this: here the rounds speed up as the writable working set is reached.
import { transferNs, type PreCopyRound } from './precopy-model.js';

/** A process's memory and the distinct pages its work dirties in an interval (see precopy-model.ts's pagesDirtiedIn). */
export interface DirtyingMemory {
  memoryPages: number;
  pageBytes: number;
  pagesDirtiedIn: (elapsedNs: number) => number;
}

export interface RateLimitPolicy {
  minBitsPerSec: number;
  maxBitsPerSec: number;
  /** Added to the measured dirtying rate to give the next round's limit (50 Mbit/s in the paper). */
  incrementBitsPerSec: number;
  /** Stop-and-copy once fewer bytes than this are dirty (256 KB in the paper). */
  stopBelowBytes: number;
  maxRounds: number;
  /** Stop-and-copy once this multiple of the memory has been sent. */
  maxBytesFactor: number;
}

/** The paper's settings: 100 and 500 Mbit/s limits, 50 Mbit/s increment, 256 KB, 30 rounds, 3× the memory. */
export const XEN_2005_RATE_LIMIT: RateLimitPolicy = {
  minBitsPerSec: 100e6,
  maxBitsPerSec: 500e6,
  incrementBitsPerSec: 50e6,
  stopBelowBytes: 256 * 1024,
  maxRounds: 30,
  maxBytesFactor: 3,
};

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

export function rateLimitedPreCopyPlan(workload: DirtyingMemory, policy: RateLimitPolicy, path: StopAndCopyPath): RateLimitedPlan {
  const rounds: RateLimitedRound[] = [];
  const memoryBytes = workload.memoryPages * workload.pageBytes;
  let pages = workload.memoryPages;
  let bitsPerSec = policy.minBitsPerSec;
  let bytes = 0;
  for (;;) {
    const durationNs = transferNs(pages, workload.pageBytes, { bandwidthBitsPerSec: bitsPerSec, latencyNs: path.latencyNs });
    rounds.push({ round: rounds.length + 1, pages, durationNs, bitsPerSec });
    bytes += pages * workload.pageBytes;
    pages = Math.min(workload.memoryPages, Math.round(workload.pagesDirtiedIn(durationNs)));
    const dirtyingBitsPerSec = (pages * workload.pageBytes * 8e9) / durationNs;
    const next = Math.max(policy.minBitsPerSec, dirtyingBitsPerSec + policy.incrementBitsPerSec);
    const stoppedBy =
      pages * workload.pageBytes < policy.stopBelowBytes ? 'little-left'
      : next > policy.maxBitsPerSec ? 'rate-above-maximum'
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
