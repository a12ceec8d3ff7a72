// A command run under a limit on its CPU time, for the tools here that run TLC beside `cloudos check`
// (a loaded machine slows a run without making it time out).
import { spawnSync } from 'node:child_process';
import { standardModules } from '../stdlib/standard-modules.js';

export interface Run {
  output: string;
  exitCode: number | null;
  timedOut: boolean;
}

/** Runs `command` in `cwd`, stdout then stderr as its output, killed past `cpuSeconds` of CPU time (`ulimit -t`). */
export function runLimited(command: readonly string[], cwd: string, cpuSeconds: number): Run {
  const child = spawnSync('/bin/sh', ['-c', `ulimit -c 0 && ulimit -t ${cpuSeconds} && exec "$0" "$@"`, ...command], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { output: (child.stdout ?? '') + (child.stderr ?? ''), exitCode: child.status, timedOut: child.signal === 'SIGXCPU' || child.signal === 'SIGKILL' };
}

/** An argument as a POSIX shell reads it back, for replay lines. */
export const quote = (arg: string): string => (/^[\w./=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/** What is wrong with the options both TLC-comparing commands take (`--tlc-jar`, `--timeout`), if anything. */
export function tlcOptionsProblem(jar: string | undefined, timeout: string | undefined): string | undefined {
  if (!jar) return '--tlc-jar PATH is required (TLC is not shipped: pass your tla2tools.jar)';
  const seconds = Number(timeout);
  return Number.isInteger(seconds) && seconds > 0 ? undefined : `--timeout expects a positive whole number of CPU seconds, got '${timeout}'`;
}

/** TLAPS.tla as TLC needs it to parse specs that cite its pragmas (each is TRUE, as in TLAPS itself). */
export function tlapsModule(): string {
  const operators = Object.entries(standardModules.TLAPS.operators as Record<string, number>).map(([name, arity]) => `${name}${arity === 0 ? '' : `(${Array.from({ length: arity }, (_, i) => `x${i}`).join(', ')})`} == TRUE`);
  return ['---- MODULE TLAPS ----', ...operators, '===='].join('\n') + '\n';
}
