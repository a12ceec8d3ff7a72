// When the subprocess driver gives up on an input line: a pure decision on samples of the
// program's process tree (CPU time and task states), so that a machine too busy to run the
// program never makes a correct port `broken`, while a busy loop or a program stuck waiting does.
// The worker thread (subprocess-worker.ts) takes the samples; tests feed this function made-up ones.

/** One look at the program's process tree (/proc), `atMs` after the input line was written. */
export interface TreeSample {
  atMs: number;
  /** CPU time (user + system) of every process of the tree, with the children each has reaped. */
  cpuMs: number;
  /** The state letter (/proc/<pid>/task/<tid>/stat) of every task (thread) of the tree, e.g. `SSR`. */
  states: string;
}

export interface StepLimits {
  /** The per-input timeout (the test's stepTimeoutMs, plus the start-up allowance for the first line). */
  timeoutMs: number;
  /** How long every task must sleep without using CPU before the program counts as stuck waiting. */
  stuckMs: number;
  /** Wall-clock time after which the step fails whatever the samples say. */
  hardCapMs: number;
}

export type StepTimeoutRule = 'busy' | 'stuck' | 'hard-cap' | 'wall-clock';

export interface StepTimeout {
  rule: StepTimeoutRule;
  wallMs: number;
  /** CPU time the tree used after the timeout passed (0 under `wall-clock`: nothing was sampled). */
  cpuMs: number;
  /** The tree's task states at the last sample ('' under `wall-clock`). */
  states: string;
}

/** The hard cap is this many per-input timeouts: a bound on a step whatever the load, far from a slow but working program. */
export const HARD_CAP_FACTOR = 20;
/** A program whose every task sleeps this long, using no CPU, is waiting for something that will not come. */
export const STUCK_MS = 1000;
/** "No CPU" while stuck allows this share of the window, for runtimes with housekeeping threads (a Go or Java port). */
const STUCK_CPU_SHARE = 0.05;
/** How often the worker samples the tree once the timeout has passed. */
export const SAMPLE_INTERVAL_MS = 200;

export function stepLimits(timeoutMs: number): StepLimits {
  return { timeoutMs, stuckMs: STUCK_MS, hardCapMs: HARD_CAP_FACTOR * timeoutMs };
}

/**
 * Sleeping (S), or finished and not yet reaped (Z, X): not running and not waiting for a CPU.
 * Runnable (R) is a program the machine starves; stopped (T, t: a debugger, SIGSTOP) and disk
 * waits (D) are the machine's or the operator's doing, so none of those counts as stuck.
 */
const isWaiting = (state: string): boolean => state === 'S' || state === 'Z' || state === 'X' || state === 'I';

/**
 * Whether the step has timed out `nowMs` after its input line was written, given the samples taken
 * since the timeout passed (`undefined` where /proc cannot be read: then wall-clock time decides).
 * Rules, in order: past the hard cap; `busy`, the tree used `timeoutMs` of CPU after the timeout
 * passed (a loop); `stuck`, for the last `stuckMs` every task slept and the tree used almost no CPU.
 */
export function judgeStep(limits: StepLimits, samples: readonly TreeSample[] | undefined, nowMs: number): StepTimeout | undefined {
  if (nowMs < limits.timeoutMs) return undefined;
  if (samples === undefined) return { rule: 'wall-clock', wallMs: nowMs, cpuMs: 0, states: '' };
  const first = samples[0];
  const last = samples.at(-1);
  const cpuMs = first && last ? Math.max(0, last.cpuMs - first.cpuMs) : 0;
  const states = last?.states ?? '';
  if (nowMs >= limits.hardCapMs) return { rule: 'hard-cap', wallMs: nowMs, cpuMs, states };
  if (!last) return undefined;
  if (cpuMs >= limits.timeoutMs) return { rule: 'busy', wallMs: nowMs, cpuMs, states };
  // The window: the samples since the latest one at least stuckMs before the last.
  let from = -1;
  for (let i = samples.length - 1; i >= 0; i--) {
    if (samples[i]!.atMs <= last.atMs - limits.stuckMs) {
      from = i;
      break;
    }
  }
  if (from < 0) return undefined;
  const window = samples.slice(from);
  const asleep = window.every((s) => s.states.length > 0 && [...s.states].every(isWaiting));
  const progressMs = last.cpuMs - samples[from]!.cpuMs;
  if (asleep && progressMs <= STUCK_CPU_SHARE * (last.atMs - samples[from]!.atMs)) return { rule: 'stuck', wallMs: nowMs, cpuMs, states };
  return undefined;
}

/** The `detail` of the timeout violation: which rule fired, with its numbers. */
export function describeStepTimeout(timeout: StepTimeout, limits: StepLimits, startupAllowanceMs: number): string {
  const limit = `${limits.timeoutMs} ms (the per-input timeout of this test${startupAllowanceMs > 0 ? `, plus ${startupAllowanceMs} ms to start` : ''})`;
  const wall = Math.round(timeout.wallMs);
  switch (timeout.rule) {
    case 'busy':
      return `no step within ${limit}: the program then used ${timeout.cpuMs} ms of CPU time in ${wall - limits.timeoutMs} ms more without answering (a loop, not a slow machine; task states ${timeout.states})`;
    case 'stuck':
      return `no step within ${limit}: after ${wall} ms of wall-clock time every task of the program had slept for ${limits.stuckMs} ms using no CPU (task states ${timeout.states}; ${timeout.cpuMs} ms of CPU after the timeout): it waits for something that will not come, it is not starved by a busy machine`;
    case 'hard-cap':
      return `no step within ${wall} ms of wall-clock time, ${HARD_CAP_FACTOR} times ${limit}, whatever the machine's load (${timeout.cpuMs} ms of CPU after the timeout; task states ${timeout.states || 'unknown'})`;
    case 'wall-clock':
      return `no step within ${limit} of wall-clock time (/proc cannot be read here, so a program starved by a busy machine cannot be told from a stuck one)`;
  }
}
