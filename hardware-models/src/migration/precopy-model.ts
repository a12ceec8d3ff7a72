// The memory model of live migration: how many distinct pages a running process dirties in an
// interval, and the pre-copy plan (rounds, bytes, downtime, total time) that follows from it on a
// link of given bandwidth and latency (Clark et al., NSDI 2005, section 3 and 4). The reference
// kernel's migration takes its dirty counts and its stopping rules from here.

/** A process's memory and how fast its own work dirties it. */
export interface DirtyingWorkload {
  memoryPages: number;
  pageBytes: number;
  /** Page writes per second by the process's work (each to a page of the writable working set). */
  dirtyPagesPerSec: number;
  /** The pages those writes fall on (the writable working set); at most memoryPages. */
  writableWorkingSetPages: number;
  /**
   * A second, disjoint set rewritten at its own rate: the hot part of a two-tier writable working
   * set (the shape of Clark et al.'s Figure 2/3 curves: a few pages rewritten faster than any round
   * can copy them, many written slowly).
   */
  hotSet?: { pages: number; dirtyPagesPerSec: number };
}

/**
 * Expected distinct pages dirtied by `writes` writes (a Poisson stream) spread uniformly over
 * `workingSet` pages: workingSet·(1 − e^(−writes/workingSet)). It grows like `writes` while the
 * writes are few and saturates at the working set (the writable working set of the paper's Figure 2).
 */
export function distinctPagesDirtied(writes: number, workingSet: number): number {
  if (workingSet <= 0 || writes <= 0) return 0;
  return workingSet * -Math.expm1(-writes / workingSet);
}

/** Pages dirtied, in whole pages, while the workload runs for `elapsedNs`. */
export function pagesDirtiedIn(workload: DirtyingWorkload, elapsedNs: number): number {
  const workingSet = Math.min(workload.memoryPages, workload.writableWorkingSetPages);
  const hot = workload.hotSet;
  const hotPages = hot === undefined ? 0 : distinctPagesDirtied((hot.dirtyPagesPerSec * elapsedNs) / 1e9, hot.pages);
  return Math.min(workload.memoryPages, Math.round(distinctPagesDirtied((workload.dirtyPagesPerSec * elapsedNs) / 1e9, workingSet) + hotPages));
}

/** When pre-copy stops iterating (Xen's rules in the paper: a round limit, a small dirty set, or too much sent). */
export interface PreCopyPolicy {
  maxRounds: number;
  /** Freeze once at most this many pages are dirty. */
  freezeThresholdPages: number;
  /** Freeze once this multiple of the memory has been sent. */
  maxBytesFactor: number;
  /** Xen's dynamic rate limiting (the paper's section 5.1); without it every round goes at the link's speed. */
  rateLimit?: PreCopyRateLimit;
}

/**
 * The first round goes at the minimum rate; each later one at the dirtying rate measured in the
 * round before plus the increment; pre-copy freezes once that rate would exceed the maximum.
 */
export interface PreCopyRateLimit {
  minBitsPerSec: number;
  maxBitsPerSec: number;
  incrementBitsPerSec: number;
}

/**
 * Xen 2005 as the paper describes it (sections 5.1 and 5.3): 100 to 500 Mbit/s, +50 Mbit/s a
 * round, freeze under 256 KB dirty (63 pages of 4 KiB), at 30 rounds or three times the memory.
 */
export const XEN_2005_PRECOPY_POLICY: PreCopyPolicy = {
  maxRounds: 30,
  freezeThresholdPages: 63,
  maxBytesFactor: 3,
  rateLimit: { minBitsPerSec: 100e6, maxBitsPerSec: 500e6, incrementBitsPerSec: 50e6 },
};

/** Xen 2005's stopping rules (section 5.3 of the paper: 30 rounds, 50 pages, three times the memory). */
export const XEN_PRECOPY_POLICY: PreCopyPolicy = { maxRounds: 30, freezeThresholdPages: 50, maxBytesFactor: 3 };

export interface MigrationLink {
  bandwidthBitsPerSec: number;
  /** One-way latency. */
  latencyNs: number;
}

export interface PreCopyRound {
  round: number;
  pages: number;
  durationNs: number;
}

export interface PreCopyPlan {
  rounds: PreCopyRound[];
  /** Pages copied while the process is frozen. */
  stopAndCopyPages: number;
  downtimeNs: number;
  totalNs: number;
  bytesMoved: number;
}

/** Time to move `pages` over the link: serialization plus one-way latency. */
export function transferNs(pages: number, pageBytes: number, link: MigrationLink): number {
  return (pages * pageBytes * 8e9) / link.bandwidthBitsPerSec + link.latencyNs;
}

/**
 * The pre-copy plan: round 1 sends every page, each later round the pages dirtied while the
 * previous one was sent; the process freezes when the policy says so, and the last dirty pages
 * plus `switchNs` (execution state and activation) make the downtime.
 */
export function preCopyPlan(workload: DirtyingWorkload, link: MigrationLink, policy: PreCopyPolicy, switchNs: number): PreCopyPlan {
  const rounds: PreCopyRound[] = [];
  let pages = workload.memoryPages;
  let bytes = 0;
  for (;;) {
    const durationNs = transferNs(pages, workload.pageBytes, link);
    rounds.push({ round: rounds.length + 1, pages, durationNs });
    bytes += pages * workload.pageBytes;
    pages = pagesDirtiedIn(workload, durationNs);
    const stop =
      pages <= policy.freezeThresholdPages ||
      rounds.length >= policy.maxRounds ||
      bytes >= policy.maxBytesFactor * workload.memoryPages * workload.pageBytes;
    if (stop) break;
  }
  const downtimeNs = transferNs(pages, workload.pageBytes, link) + switchNs;
  const copyNs = rounds.reduce((sum, r) => sum + r.durationNs, 0);
  return { rounds, stopAndCopyPages: pages, downtimeNs, totalNs: copyNs + downtimeNs, bytesMoved: bytes + pages * workload.pageBytes };
}

/** Stop-and-copy: everything moves while the process is frozen. */
export function stopAndCopyPlan(workload: DirtyingWorkload, link: MigrationLink, switchNs: number): PreCopyPlan {
  const downtimeNs = transferNs(workload.memoryPages, workload.pageBytes, link) + switchNs;
  return { rounds: [], stopAndCopyPages: workload.memoryPages, downtimeNs, totalNs: downtimeNs, bytesMoved: workload.memoryPages * workload.pageBytes };
}
