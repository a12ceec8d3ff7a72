// CPU time per OS thread of this process (Linux /proc), sampled while a benchmark runs: on a shared
// machine wall-clock speedups measure the contention, but the busiest thread's CPU time does not.
import { readdirSync } from 'node:fs';
import { readProcStat } from '../../conventions/index.js';

/** Milliseconds of CPU (user + system) per thread id; empty where /proc is not available. */
function threadTimes(): Map<string, number> {
  const times = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      times.set(tid, readProcStat(`/proc/self/task/${tid}/stat`).cpuMs);
    } catch {
      // The thread ended between listing and reading: its last sample stands.
    }
  }
  return times;
}

export interface ThreadCpu {
  /** CPU ms of the busiest thread that ran the work: the main thread or one started during it. */
  busiestMs: number;
  /** CPU ms of the threads that existed before (V8's GC and compiler helpers, libuv). */
  helpersMs: number;
}

/**
 * Runs `work`, sampling every thread's CPU time every `intervalMs` (threads that end are counted up
 * to their last sample, so a short-lived thread may lose up to one interval). Null without /proc.
 */
export async function measureThreadCpu<T>(work: () => Promise<T>, intervalMs = 50): Promise<{ result: T; cpu: ThreadCpu | null }> {
  const before = threadTimes();
  const latest = new Map(before);
  const sample = () => threadTimes().forEach((ms, tid) => latest.set(tid, ms));
  const timer = setInterval(sample, intervalMs);
  try {
    const result = await work();
    sample();
    if (before.size === 0) return { result, cpu: null };
    const main = String(process.pid);
    let busiestMs = 0;
    let helpersMs = 0;
    for (const [tid, ms] of latest) {
      const used = ms - (before.get(tid) ?? 0);
      if (tid === main || !before.has(tid)) busiestMs = Math.max(busiestMs, used);
      else helpersMs += used;
    }
    return { result, cpu: { busiestMs, helpersMs } };
  } finally {
    clearInterval(timer);
  }
}
