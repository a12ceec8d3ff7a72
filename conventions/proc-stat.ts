// Linux's per-process and per-thread accounting (/proc/<pid>/stat, /proc/<pid>/task/<tid>/stat),
// read one way everywhere CPU time stands in for the wall clock (step timeouts, stall guards,
// benchmarks): on a loaded machine the clock measures the contention, the kernel's counts the work.
import { readFileSync } from 'node:fs';

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export interface ProcStat {
  /** The state letter: R running or runnable, S asleep, D disk wait, T stopped, Z zombie, ... */
  state: string;
  /** User + system CPU of the process or thread itself, in ms. */
  cpuMs: number;
  /** User + system CPU of the children it has waited for, in ms (0 in a thread's own file). */
  childrenCpuMs: number;
}

/** One stat file, e.g. `/proc/self/task/${tid}/stat`; throws when it cannot be read (no /proc, or the task ended). */
export function readProcStat(path: string): ProcStat {
  const stat = readFileSync(path, 'latin1');
  // The command name may hold spaces and parentheses: the fields start after its last ')'.
  // After it: state is the 1st, utime the 12th, stime the 13th, cutime the 14th, cstime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (first: number) => ((Number(fields[first]) + Number(fields[first + 1])) * 1000) / TICKS_PER_SECOND;
  return { state: fields[0]!, cpuMs: ms(11), childrenCpuMs: ms(13) };
}
