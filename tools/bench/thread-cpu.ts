// CPU time per OS thread of a process (Linux /proc), sampled while a benchmark runs: on a shared
// machine wall-clock speedups measure the contention, but the busiest thread's CPU time does not.
import { readdirSync } from 'node:fs';
import { readProcStat } from '../../conventions/index.js';

/** Milliseconds of CPU (user + system) per thread id of process `pid`; empty where /proc is not available or the process is gone. */
function threadTimes(pid: number): Map<string, number> {
  const times = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      times.set(tid, readProcStat(`/proc/${pid}/task/${tid}/stat`).cpuMs);
    } catch {
      // The thread ended between listing and reading: its last sample stands.
    }
  }
  return times;
}

export interface ThreadCpu {
  /** CPU ms of the busiest thread that ran the work. */
  busiestMs: number;
  /** CPU ms of the helper threads (V8's GC and compiler threads, libuv's). */
  helpersMs: number;
}

/** What a sampler saw: each thread's CPU ms since sampling began, and which threads existed then. */
export interface ThreadTimes {
  usedMs: Map<string, number>;
  existedBefore: Set<string>;
}

/**
 * Samples every thread of process `pid` every `intervalMs` until `stop()`, which returns each
 * thread's CPU time since the sampler started (a thread that ends counts up to its last sample, so
 * a short-lived one may lose up to one interval; so may every thread of a process that exits before
 * `stop`). `stop` returns null without /proc.
 */
export function sampleThreadCpu(pid: number, intervalMs = 50): { stop(): ThreadTimes | null } {
  const before = threadTimes(pid);
  const latest = new Map(before);
  const sample = () => threadTimes(pid).forEach((ms, tid) => latest.set(tid, ms));
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      if (latest.size === 0) return null;
      const usedMs = new Map([...latest].map(([tid, ms]) => [tid, ms - (before.get(tid) ?? 0)]));
      return { usedMs, existedBefore: new Set(before.keys()) };
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
 * of which `searchThreads` did the work: taken to be the busiest ones, the rest are helpers.
 */
export function searchThreadCpu(times: ThreadTimes, searchThreads: number): ThreadCpu & { searchMs: number } {
  const used = [...times.usedMs.values()].sort((a, b) => b - a);
  const sum = (ms: number[]) => ms.reduce((a, b) => a + b, 0);
  return { busiestMs: used[0] ?? 0, searchMs: sum(used.slice(0, searchThreads)), helpersMs: sum(used.slice(searchThreads)) };
}
