// Reads a process tree's CPU time and task states from Linux's /proc, for the subprocess driver's
// step timeout (step-timeout.ts): the command runs through /bin/sh, so the program that answers is
// a descendant, and a port may run threads or processes of its own.
import { readFileSync, readdirSync } from 'node:fs';

/** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** Whether `sampleProcessTree` can work here: /proc with each task's `children` list (Linux 3.5+ with CONFIG_PROC_CHILDREN). */
export function canSampleProcessTree(pid: number): boolean {
  try {
    readFileSync(`/proc/${pid}/task/${pid}/children`);
    return true;
  } catch {
    return false;
  }
}

/**
 * CPU time (user + system of every process, with the children each reaped, in ms) and the state
 * letter of every task (thread) of the tree rooted at `pid`; undefined when `pid` is gone. A
 * process that ends while it is read is skipped (its parent's reaped-children time takes it over).
 */
export function sampleProcessTree(pid: number): { cpuMs: number; states: string } | undefined {
  let ticks = 0;
  let states = '';
  const pending = [pid];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    try {
      // Fields after the command name (which may hold spaces and parentheses): state is 3rd, utime 14th ... cstime 17th.
      const stat = readFileSync(`/proc/${next}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
      for (const tid of readdirSync(`/proc/${next}/task`)) {
        const taskStat = readFileSync(`/proc/${next}/task/${tid}/stat`, 'latin1');
        states += taskStat.charAt(taskStat.lastIndexOf(')') + 2);
        for (const child of readFileSync(`/proc/${next}/task/${tid}/children`, 'latin1').split(' ')) if (child !== '') pending.push(Number(child));
      }
    } catch {
      if (next === pid) return undefined;
    }
  }
  return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, states };
}
