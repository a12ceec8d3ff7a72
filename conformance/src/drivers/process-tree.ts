// Reads a process tree's CPU time and task states from Linux's /proc, for the subprocess driver's
// step timeout (step-timeout.ts): the command runs through /bin/sh, so the program that answers is
// a descendant, and a port may run threads or processes of its own.
import { readFileSync, readdirSync } from 'node:fs';
import { readProcStat } from '../../../conventions/index.js';

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
  let cpuMs = 0;
  let states = '';
  const pending = [pid];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    try {
      const stat = readProcStat(`/proc/${next}/stat`);
      cpuMs += stat.cpuMs + stat.childrenCpuMs;
      for (const tid of readdirSync(`/proc/${next}/task`)) {
        states += readProcStat(`/proc/${next}/task/${tid}/stat`).state;
        for (const child of readFileSync(`/proc/${next}/task/${tid}/children`, 'latin1').split(' ')) if (child !== '') pending.push(Number(child));
      }
    } catch {
      if (next === pid) return undefined;
    }
  }
  return { cpuMs, states };
}
