// Runs `cloudos check --format json` on a spec and configuration in a child process (exactly as a
// user or CI would) and reduces its JSON answer to the fields the corpus and spec tests compare.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Test } from 'tap';
import { type Expected } from './corpus-manifest.js';
import { repoRoot } from '../../../conventions/index.js';

export interface CheckOutcome {
  exitCode: number | null;
  /** The child was killed at its CPU limit (then exitCode is null). */
  killedAtTimeout: boolean;
  /** `holds`, or the kind of violation; `other` carries the raw result for the failure message. */
  verdict: Expected['result'] | 'other';
  property?: string;
  traceLength?: number;
  distinctStates?: number;
  statesGenerated?: number;
  depth?: number;
  stdout: string;
  stderr: string;
}

const cli = (): string => join(repoRoot, 'bin', 'cloudos.js');

/**
 * Asserts that `cloudos check --help` answers: when the CLI is broken this fails, saying so,
 * ahead of the cases (which then fail too, never skip).
 */
export function assertCheckCommandRuns(t: Test): void {
  const probe = spawnSync(process.execPath, [cli(), 'check', '--help'], { encoding: 'utf8' });
  t.equal(probe.status, 0, '`node bin/cloudos.js check --help` exits 0 (the CLI is built and runs)', { stderr: probe.stderr?.slice(-2000) });
}

export interface RunCheckOptions {
  /**
   * Kill the child once it has used this much CPU (default 120 s; Linux's RLIMIT_CPU, through
   * `ulimit -t`): a loaded machine slows a check without making it use more CPU, so load alone
   * never kills it, as a wall-clock timeout did.
   */
  cpuLimitSeconds?: number;
  /** Working directory of the child (default this process's). */
  cwd?: string;
  /** More `cloudos check` flags, e.g. `['--time-limit', '60']`. */
  args?: string[];
}

export function runCheck(spec: string, cfg: string, options: RunCheckOptions = {}): CheckOutcome {
  const command = [process.execPath, cli(), 'check', spec, '--config', cfg, '--format', 'json', '--workers', '1', ...(options.args ?? [])];
  // `exec "$0" "$@"`: the shell becomes the checker, under the limit it set.
  const child = spawnSync('/bin/sh', ['-c', `ulimit -c 0 && ulimit -t ${options.cpuLimitSeconds ?? 120} && exec "$0" "$@"`, ...command], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
  });
  // The CPU limit sends SIGXCPU, then SIGKILL at once (the hard limit is the same).
  const killedAtTimeout = child.signal === 'SIGXCPU' || child.signal === 'SIGKILL';
  const base = { exitCode: child.status, killedAtTimeout, stdout: child.stdout ?? '', stderr: child.stderr ?? '' };
  let json: Record<string, any>;
  try {
    json = JSON.parse(base.stdout);
  } catch {
    return { ...base, verdict: 'other' };
  }
  // Statistics may sit at the top level (issue 2's required fields) or under `stats`.
  const stats = { ...(json.stats ?? {}), ...json };
  const counts = {
    distinctStates: numberOrUndefined(stats.distinctStates),
    statesGenerated: numberOrUndefined(stats.statesGenerated),
    depth: numberOrUndefined(stats.depth),
  };
  if (json.result === 'holds') return { ...base, ...counts, verdict: 'holds' };
  const violation = json.violation ?? json;
  const trace: unknown = violation.trace ?? json.trace;
  const traceLength = Array.isArray(trace) ? trace.length : Array.isArray((trace as any)?.states) ? (trace as any).states.length : undefined;
  const property = [violation.property, violation.name, json.property].find((p): p is string => typeof p === 'string');
  const kind = violation.kind ?? json.kind;
  const verdict = kind === 'invariant' ? 'invariant-violated' : kind === 'property' ? 'property-violated' : kind === 'deadlock' ? 'deadlock' : 'other';
  return { ...base, ...counts, verdict, property, traceLength };
}

function numberOrUndefined(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

const expectedExitCode = (result: Expected['result']): number => (result === 'holds' ? 0 : 1);

/** Asserts the checker's outcome against an expected verdict and counts, each field its own assertion. */
export function assertOutcome(t: Test, outcome: CheckOutcome, expected: Expected, replay: string): void {
  const context = { replay, killedAtTimeout: outcome.killedAtTimeout, stderr: outcome.stderr.slice(-2000), stdout: outcome.stdout.slice(0, 2000) };
  t.equal(outcome.verdict, expected.result, 'verdict', context);
  t.equal(outcome.exitCode, expectedExitCode(expected.result), 'exit code', context);
  if (expected.property !== undefined) t.equal(outcome.property, expected.property, 'violated property', context);
  if (expected.traceLength !== undefined) t.equal(outcome.traceLength, expected.traceLength, 'counterexample length (states)', context);
  if (expected.distinctStates !== undefined) t.equal(outcome.distinctStates, expected.distinctStates, 'distinct states', context);
  if (expected.statesGenerated !== undefined) t.equal(outcome.statesGenerated, expected.statesGenerated, 'states generated', context);
  if (expected.depth !== undefined) t.equal(outcome.depth, expected.depth, 'depth', context);
}
