// What a model-checking or simulation run returns: plain data, formatted only by tools/tla/trace/.
import type { Diagnostic, Span } from '../diagnostics.js';
import type { ActionInfo, State } from './model.js';
import type { QueueStatistics } from './state-queue.js';

/** One state of a counterexample and the action that produced it (null for an initial state). */
export interface TraceStep {
  /** After an action left variables without a value, the last step's state holds `undefined` for them. */
  state: State;
  action: ActionInfo | null;
  /**
   * The Print/PrintT lines rebuilding this step wrote: Init's for the first state; for a later one,
   * those of the previous state's actions in order through the one that produced it. The text report
   * places them where TLC prints them (tools/tla/trace/tlc-text.ts `formatViolation`).
   */
  printed?: string[];
}

export type Violation =
  | { kind: 'invariant'; name: string; span?: Span; trace: TraceStep[] }
  | { kind: 'deadlock'; trace: TraceStep[] }
  /**
   * A temporal property. 'safety' ([]P) and 'action' ([][A]_v) end in the bad state or step;
   * 'liveness' is a lasso: the trace then `loop` — stuttering forever in the last state, or the
   * step `action` back to trace[index] (0-based).
   */
  | {
      kind: 'property';
      form: 'safety' | 'action' | 'liveness';
      name: string;
      /** A liveness counterexample: every property it violates, in the .cfg's order (TLC names them all). */
      names?: string[];
      /** A stuttering counterexample of a spec without fairness, which TLC follows with a warning (`Model.specification`). */
      fairnessWarning?: boolean;
      span?: Span;
      trace: TraceStep[];
      loop?: { kind: 'stuttering' } | { kind: 'back'; index: number; action: TraceStep['action'] };
    }
  /** TLC's Assert failed (diagnostic E3005) while evaluating the last state of the trace. */
  | { kind: 'assertion'; diagnostic: Diagnostic; trace: TraceStep[] }
  /**
   * Evaluation failed (a type error, a function applied outside its domain, ...). `then`: after a
   * liveness property's predicate failed on an initial state, what TLC met next in its second pass over
   * the initial states (an invariant violated by one, or another error), which it reports after this.
   * `liveness`: a liveness property's predicate failed, on an initial state or expanding the trace's
   * last state (TLC then lists the nested expressions before its message, not after the trace).
   */
  | { kind: 'error'; diagnostics: Diagnostic[]; message: string; trace: TraceStep[]; then?: Violation; liveness?: 'initial' | 'expansion' };

export interface ActionCoverage {
  name: string;
  span?: Span;
  /** Successors this action produced, duplicates included. */
  generated: number;
  /** New distinct states this action found first. */
  distinct: number;
}

/**
 * What rebuilding a counterexample generated again, which TLC's coverage counts: it rebuilds the
 * trace twice (once printing it), each time computing every initial state and, at each step, the
 * successors of the actions in order through the one that produced the next state.
 */
export interface RebuiltCounts {
  initialStates: number;
  /** Per action of the model (`Model.actions`). */
  byAction: number[];
  /** The action that produced the trace's last state when the search found that state new (TLC counts it as distinct). */
  newLastAction: number | null;
}

export interface CheckStatistics {
  statesGenerated: number;
  /** Of `statesGenerated`, the initial states (not known after resuming a checkpoint). */
  initialStatesGenerated?: number;
  /** With `countValues`, per variable (`Model.variables`), its distinct values in the states queued after the initial ones. */
  variableValues?: number[];
  distinctStates: number;
  queueLeft: number;
  /** TLC's "depth of the complete state graph search": BFS levels, initial states at depth 1. */
  depth: number;
  durationMs: number;
  workers: number;
  /** Table bytes per fingerprint held (the visited set only). */
  fingerprintBytesPerState: number;
  /** The queue's memory budget and what went to disk (all threads). */
  queue?: QueueStatistics;
  /**
   * The temporal properties judged on the state graph after the search: how many conjuncts, the time
   * each thread spent on them (wall ms, and CPU where /proc tells it: Linux; this thread first; as
   * many threads as conjuncts at most), and with workers the join of their parts of the graph, and its
   * steps on this thread (wall and CPU ms): `parts` (every thread naming its part's states, this thread
   * receiving the parts), `numbering` (this thread numbering the states), `placing` (every thread
   * writing its part into the joined graph); `check`: the steps of the lasso searches on this thread
   * (`allowed`: the states a cycle may pass, `tarjan`, `fairness`: the components' tests, `lasso`).
   */
  liveness?: { checks: number; threadMs: number[]; threadCpuMs?: number[]; joinMs?: number; join?: Steps; check?: Steps };
}

/** Wall and CPU ms (null where /proc does not tell it) of named steps (`stepTimer`). */
export type Steps = Record<string, { ms: number; cpuMs: number | null }>;

export type StopReason = 'time-limit' | 'max-states' | 'interrupted';

export type CheckResult =
  | { result: 'holds'; stats: CheckStatistics; coverage: ActionCoverage[] }
  | { result: 'violated'; violation: Violation; stats: CheckStatistics; coverage: ActionCoverage[]; rebuilt?: RebuiltCounts }
  | { result: 'unknown'; reason: StopReason; stats: CheckStatistics; coverage: ActionCoverage[] }
  | { result: 'error'; violation: Violation & { kind: 'error' }; stats: CheckStatistics; coverage: ActionCoverage[] };

export interface ProgressReport {
  elapsedMs: number;
  depth: number;
  statesGenerated: number;
  distinctStates: number;
  queueLeft: number;
}
