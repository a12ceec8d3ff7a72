// The CPU time of one worker thread, read by another thread (Linux /proc): the generated sweep's
// stall guard bounds the work of the thread that runs a seed, not the process's other threads (a
// subprocess port's driver starts a worker thread per run, whose CPU is the driver's, not the seed's).
import { readlinkSync } from 'node:fs';
import { readProcStat } from '../../../conventions/index.js';

/** Where a worker thread publishes its thread id for `threadCpuSeconds` (0 until it has). */
export function threadIdCell(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Called on the worker thread: stores its Linux thread id in `cell`; leaves it 0 without /proc. */
export function publishThreadId(cell: Int32Array): void {
  try {
    // /proc/thread-self resolves, for the thread that reads it, to <pid>/task/<tid>.
    Atomics.store(cell, 0, Number(readlinkSync('/proc/thread-self').split('/').pop()));
  } catch {
    // No /proc: the guard falls back to the process's CPU time.
  }
}

/** CPU seconds (user + system) the thread published in `cell` has used; undefined if unknown or ended. */
export function threadCpuSeconds(cell: Int32Array): number | undefined {
  const tid = Atomics.load(cell, 0);
  if (tid === 0) return undefined;
  try {
    return readProcStat(`/proc/self/task/${tid}/stat`).cpuMs / 1000;
  } catch {
    return undefined;
  }
}
