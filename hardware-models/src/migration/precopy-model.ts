// The memory model of live migration: how many distinct pages a running process dirties in an
// interval, and the pre-copy plan (rounds, bytes, downtime, total time) that follows from it on a
// link of given bandwidth and latency (Clark et al., NSDI 2005, section 3 and 4). The reference
// kernel's migration takes its dirty counts from here; the reproduction runs the plan.

/** A process's memory and how fast its own work dirties it. */
export interface DirtyingWorkload {
  memoryPages: number;
  pageBytes: number;
  /** Page writes per second by the process's work (each to a page of the writable working set). */
  dirtyPagesPerSec: number;
  /** The pages those writes fall on (the writable working set); at most memoryPages. */
  writableWorkingSetPages: number;
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
  return Math.round(distinctPagesDirtied((workload.dirtyPagesPerSec * elapsedNs) / 1e9, workingSet));
}

/** When pre-copy stops iterating (Xen's rules in the paper: a round limit, a small dirty set, or too much sent). */
export interface PreCopyPolicy {
  maxRounds: number;
  /** Freeze once at most this many pages are dirty. */
  freezeThresholdPages: number;
  /** Freeze once this multiple of the memory has been sent. */
  maxBytesFactor: number;
}

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
