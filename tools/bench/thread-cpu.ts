// CPU time per OS thread of a process (Linux /proc), sampled while a benchmark runs: on a shared
// machine wall-clock speedups measure the contention, but the busiest thread's CPU time does not.
import { readdirSync, readFileSync } from 'node:fs';
import { readProcStat } from '../../conventions/index.js';

/** One thread's counts: CPU (user + system) and, where the kernel keeps scheduler statistics, time runnable but waiting for a core. */
interface ThreadSample {
  cpuMs: number;
  runQueueMs: number | null;
}

/** Each thread of process `pid`; empty where /proc is not available or the process is gone. */
function threadTimes(pid: number): Map<string, ThreadSample> {
  const times = new Map<string, ThreadSample>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      times.set(tid, { cpuMs: readProcStat(`/proc/${pid}/task/${tid}/stat`).cpuMs, runQueueMs: runQueueMs(`/proc/${pid}/task/${tid}/schedstat`) });
    } catch {
      // The thread ended between listing and reading: its last sample stands.
    }
  }
  return times;
}

/** The second field of a schedstat file (ns spent runnable on a run queue), in ms; null without scheduler statistics. */
function runQueueMs(path: string): number | null {
  try {
    return Number(readFileSync(path, 'latin1').split(' ')[1]) / 1e6;
  } catch {
    return null;
  }
}

export interface ThreadCpu {
  /** CPU ms of the busiest thread that ran the work. */
  busiestMs: number;
  /** CPU ms of the helper threads (V8's GC and compiler threads, libuv's). */
  helpersMs: number;
}

/** What a sampler saw of each thread since sampling began (or since the thread started, if later), and which threads existed then. */
export interface ThreadTimes {
  usedMs: Map<string, number>;
  /** Time runnable but not running (other processes held the cores); absent without scheduler statistics. */
  runQueueMs: Map<string, number>;
  /** Wall time between the thread's first and last sample. */
  seenMs: Map<string, number>;
  existedBefore: Set<string>;
}

/**
 * Samples every thread of process `pid` every `intervalMs` until `stop()`, which returns each
 * thread's CPU time since the sampler started, its time on a run queue and how long it was seen (a thread that ends counts up to its last sample, so
 * a short-lived one may lose up to one interval; so may every thread of a process that exits before
 * `stop`). `stop` returns null without /proc.
 */
export function sampleThreadCpu(pid: number, intervalMs = 50): { stop(): ThreadTimes | null } {
  const before = threadTimes(pid);
  const startedAt = performance.now();
  // A thread's counts when first seen: at the start, or zero when it started later (seen within an interval).
  const first = new Map([...before].map(([tid, sample]) => [tid, { sample, at: startedAt }]));
  const latest = new Map(first);
  const sample = () => {
    const at = performance.now();
    threadTimes(pid).forEach((s, tid) => {
      if (!first.has(tid)) first.set(tid, { sample: { cpuMs: 0, runQueueMs: 0 }, at });
      latest.set(tid, { sample: s, at });
    });
  };
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      if (latest.size === 0) return null;
      const usedMs = new Map<string, number>();
      const runQueue = new Map<string, number>();
      const seenMs = new Map<string, number>();
      for (const [tid, last] of latest) {
        const start = first.get(tid)!;
        usedMs.set(tid, last.sample.cpuMs - start.sample.cpuMs);
        if (last.sample.runQueueMs !== null && start.sample.runQueueMs !== null) runQueue.set(tid, last.sample.runQueueMs - start.sample.runQueueMs);
        seenMs.set(tid, last.at - start.at);
      }
      return { usedMs, runQueueMs: runQueue, seenMs, existedBefore: new Set(before.keys()) };
    },
  };
}

/**
 * Runs `work` in this process, sampling its threads: the busiest is this (main) thread or one started
 * during the work; the threads that existed before, but for this one, are the helpers. Null without /proc.
 */
export async function measureThreadCpu<T>(work: () => Promise<T>, intervalMs = 50): Promise<{ result: T; cpu: ThreadCpu | null }> {
  const sampler = sampleThreadCpu(process.pid, intervalMs);
  let result: T;
  try {
    result = await work();
  } catch (error) {
    sampler.stop();
    throw error;
  }
  const times = sampler.stop();
  if (!times) return { result, cpu: null };
  const main = String(process.pid);
  let busiestMs = 0;
  let helpersMs = 0;
  for (const [tid, used] of times.usedMs) {
    if (tid === main || !times.existedBefore.has(tid)) busiestMs = Math.max(busiestMs, used);
    else helpersMs += used;
  }
  return { result, cpu: { busiestMs, helpersMs } };
}

/**
 * The threads of a process sampled from its start (a child: every thread but the main one is new),
 * of which `searchThreads` did the work: taken to be the busiest ones, the rest are helpers. Where the
 * kernel keeps scheduler statistics, the search threads' wall time that was not CPU splits into
 * waiting for a core (`runQueueMs`: the machine's load) and sleeping (`sleepMs`: waiting for each
 * other or for the disk, which the checker causes); the sum over the search threads.
 */
export function searchThreadCpu(times: ThreadTimes, searchThreads: number): ThreadCpu & { searchMs: number; runQueueMs: number | null; sleepMs: number | null } {
  const byCpu = [...times.usedMs].sort((a, b) => b[1] - a[1]);
  const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);
  const search = byCpu.slice(0, searchThreads);
  const used = byCpu.map(([, ms]) => ms);
  const scheduled = search.every(([tid]) => times.runQueueMs.has(tid));
  const runQueueMs = scheduled ? sum(search.map(([tid]) => times.runQueueMs.get(tid)!)) : null;
  const sleepMs = runQueueMs === null ? null : sum(search.map(([tid, cpu]) => Math.max(0, times.seenMs.get(tid)! - cpu - times.runQueueMs.get(tid)!)));
  return { busiestMs: used[0] ?? 0, searchMs: sum(used.slice(0, searchThreads)), helpersMs: sum(used.slice(searchThreads)), runQueueMs, sleepMs };
}
