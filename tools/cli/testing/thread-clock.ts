// The CPU time of one worker thread, read by another thread (Linux /proc): the generated sweep's
// stall guard bounds the work of the thread that runs a seed, not the process's other threads (a
// subprocess port's driver starts a worker thread per run, whose CPU is the driver's, not the seed's).
import { readFileSync, readlinkSync } from 'node:fs';

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

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
    // Fields after the command name (which may hold spaces and parentheses): utime is the 14th, stime the 15th.
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}
