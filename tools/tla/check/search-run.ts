// What the sequential search (check.ts) and the parallel one (parallel-check.ts) share: the run's
// options and clock, the start of a search (initial states or a checkpoint), the fingerprint table's
// growth and the result. Apart from both so that neither imports the other's module.
import type { Model } from './model.js';
import type { ActionCoverage, CheckResult, RebuiltCounts, CheckStatistics, ProgressReport, StopReason, Violation } from './check-result.js';
import { SharedFingerprintSet } from './fingerprint-set.js';
import type { Explorer } from './explorer.js';
import type { WorkerPool } from './parallel-check.js';
import { writeCheckpoint, type CheckpointOptions, type SearchSnapshot } from './checkpoint.js';
import type { MemoryOptions, QueueStatistics } from './state-queue.js';
import { EvaluationInterrupted } from '../values/index.js';

export interface CheckOptions {
  /** Worker threads; 1 (the default) searches on the calling thread. Needs a LoadedModel when > 1. */
  workers?: number;
  timeLimitMs?: number;
  /** Stop (result 'unknown') once this many distinct states are found. */
  maxStates?: number;
  signal?: AbortSignal;
  /** Progress is reported every this many milliseconds (TLC: every minute). */
  progressIntervalMs?: number;
  onProgress?: (report: ProgressReport) => void;
  /**
   * With workers: wait for them before searching at all. By default this thread searches while they
   * start and hands the queues over once they are ready (small models never wait for them).
   */
  waitForWorkers?: boolean;
  /** Worker threads started ahead (while the spec was parsed): the search takes them instead of starting its own. */
  workerPool?: WorkerPool;
  /** Initial fingerprint table capacity (slots); it grows as needed. */
  initialCapacity?: number;
  /** Write checkpoints (periodically, and when the run stops early) so that a later run can resume. */
  checkpoint?: CheckpointOptions;
  /**
   * Count each variable's distinct values among the states queued after the initial ones, as TLC's
   * coverage report does (`CheckStatistics.variableValues`), over every searching thread.
   */
  countValues?: boolean;
  /** Go on from a checkpoint (`readCheckpoint`) instead of from the initial states. */
  resume?: SearchSnapshot;
  /**
   * With workers and one temporal check on the state graph: test its components' fairness on two
   * threads (`component-split.ts`) rather than on this thread alone. Off by default: not faster on
   * the graphs measured (check/README.md, "One check on two threads").
   */
  splitLiveness?: boolean;
  /** The budget for queued states in memory, shared by all threads (default `defaultMemoryBudgetBytes()`); the rest spills to disk. */
  memory?: MemoryOptions;
}

/** How long the search runs before yielding to the event loop (for Ctrl-C, progress, timers). */
export const SLICE_MS = 50;

/** Slots of a new fingerprint table (32 KiB); it grows by half when 76% full. */
export const INITIAL_CAPACITY = 1 << 12;

/** Shared by the sequential and parallel searches: when to stop, and progress reporting. */
export class RunClock {
  readonly start = Date.now();
  private lastProgress = this.start;
  private lastCheckpoint = this.start;
  constructor(private readonly options: CheckOptions) {}

  elapsedMs(): number {
    return Date.now() - this.start;
  }

  stopReason(distinctStates: number): StopReason | null {
    if (this.interruptRequested()) return this.options.signal?.aborted ? 'interrupted' : 'time-limit';
    if (this.options.maxStates !== undefined && distinctStates >= this.options.maxStates) return 'max-states';
    return null;
  }

  /** Ctrl-C or the time limit: reasons to stop even in the middle of a state (`ExplorerOptions.shouldStop`). */
  interruptRequested(): boolean {
    return this.options.signal?.aborted === true || (this.options.timeLimitMs !== undefined && this.elapsedMs() >= this.options.timeLimitMs);
  }

  get checkpointing(): boolean {
    return this.options.checkpoint !== undefined;
  }

  checkpointDue(): boolean {
    const checkpoint = this.options.checkpoint;
    return checkpoint !== undefined && Date.now() - this.lastCheckpoint >= checkpoint.intervalMs;
  }

  /** Writes a checkpoint of `snapshot` (its elapsed time filled in here) and restarts the interval. */
  writeCheckpoint(model: Model, snapshot: Omit<SearchSnapshot, 'elapsedMs'>): void {
    const checkpoint = this.options.checkpoint!;
    const info = writeCheckpoint(model, checkpoint, { ...snapshot, elapsedMs: (this.options.resume?.elapsedMs ?? 0) + this.elapsedMs() });
    this.lastCheckpoint = Date.now();
    checkpoint.onWritten?.(info);
  }

  maybeProgress(report: () => Omit<ProgressReport, 'elapsedMs'>): void {
    const interval = this.options.progressIntervalMs ?? 60_000;
    const now = Date.now();
    if (this.options.onProgress && now - this.lastProgress >= interval) {
      this.lastProgress = now;
      this.options.onProgress({ elapsedMs: now - this.start, ...report() });
    }
  }
}

/** Per action, summed as TLC sums its coverage: over the actions of one formula (`A(1)`, `A(2)`, ... of `\E i \in S : A(i)`). */
export function coverageOf(model: Model, generated: readonly number[], distinct: readonly number[]): ActionCoverage[] {
  const rows = new Map<string, ActionCoverage>();
  model.actions.forEach((a, i) => {
    const key = `${a.name} ${a.span ? `${a.span.file}:${a.span.line}:${a.span.col}:${a.span.endLine}:${a.span.endCol}` : ''}`;
    const row = rows.get(key);
    if (row) {
      row.generated += generated[i]!;
      row.distinct += distinct[i]!;
    } else rows.set(key, { name: a.name, ...(a.span ? { span: a.span } : {}), generated: generated[i]!, distinct: distinct[i]! });
  });
  return [...rows.values()];
}

export function finish(
  outcome: { kind: 'holds' } | { kind: 'violated'; violation: Violation } | { kind: 'unknown'; reason: StopReason },
  stats: CheckStatistics,
  coverage: ActionCoverage[],
  rebuilt?: RebuiltCounts,
): CheckResult {
  switch (outcome.kind) {
    case 'holds':
      return { result: 'holds', stats, coverage };
    case 'unknown':
      return { result: 'unknown', reason: outcome.reason, stats, coverage };
    case 'violated': {
      const violation = outcome.violation;
      if (violation.kind === 'error') return { result: 'error', violation, stats, coverage };
      return { result: 'violated', violation, stats, coverage, ...(rebuilt ? { rebuilt } : {}) };
    }
  }
}

/** The queue statistics of all threads together. */
export function combinedQueueStatistics(parts: readonly QueueStatistics[]): QueueStatistics {
  const spilledStates = parts.reduce((n, p) => n + p.spilledStates, 0);
  const measured = parts.filter((p) => p.memoryBytesPerState > 0);
  return {
    budgetBytes: parts.reduce((n, p) => n + p.budgetBytes, 0),
    memoryBytesPerState: measured.length === 0 ? 0 : measured.reduce((n, p) => n + p.memoryBytesPerState, 0) / measured.length,
    spilledStates,
    diskBytesPerState: spilledStates === 0 ? 0 : parts.reduce((n, p) => n + p.diskBytesPerState * p.spilledStates, 0) / spilledStates,
    peakInMemory: parts.reduce((n, p) => n + p.peakInMemory, 0),
  };
}

/**
 * Puts the first states to expand on `explorer`'s queues: the initial states (growing the table for
 * them), or a recovered checkpoint's. Returns the depth, or 'finding' (in `explorer.finding`).
 */
export async function startSearch(model: Model, explorer: Explorer, resume: SearchSnapshot | undefined, clock: RunClock): Promise<number | 'finding' | 'stopped'> {
  if (resume) {
    explorer.restore(resume);
    return resume.depth;
  }
  let initial;
  try {
    initial = explorer.interruptible(() => Array.from(model.initialStates()));
  } catch (error) {
    if (error instanceof EvaluationInterrupted) return 'stopped';
    explorer.finding = { kind: 'error', error, parentFp: null, state: null };
    return 'finding';
  }
  ensureRoom(explorer.fingerprints as SharedFingerprintSet, initial.length, explorer);
  for (let next = 0; next < initial.length; ) {
    let added;
    try {
      added = explorer.addInitial(initial, next, Date.now() + SLICE_MS);
    } catch (error) {
      if (error instanceof EvaluationInterrupted) return 'stopped';
      throw error;
    }
    if (added.status === 'finding') return 'finding';
    next = added.next;
    // Ctrl-C is seen only when the event loop turns.
    await new Promise((resolve) => setImmediate(resolve));
    if (clock.interruptRequested()) return 'stopped';
  }
  explorer.advanceLevel();
  return explorer.frontierSize > 0 ? 1 : 0;
}

/** A fingerprint table holding `fps` (a recovered checkpoint's), with room to grow. */
export function tableHolding(fps: BigInt64Array, initialCapacity = INITIAL_CAPACITY): SharedFingerprintSet {
  const table = new SharedFingerprintSet(Math.max(initialCapacity, Math.ceil(fps.length / 0.6)));
  for (const fp of fps) table.add(fp);
  return table;
}

/** Grows the table when `expected` more entries may not fit (Infinity: it is full now). */
export function ensureRoom(fingerprints: SharedFingerprintSet, expected: number, explorer: Explorer): SharedFingerprintSet {
  if (expected !== Infinity && !fingerprints.needsRoomFor(expected)) return fingerprints;
  let bigger = fingerprints.grown();
  while (expected !== Infinity && bigger.needsRoomFor(expected)) bigger = bigger.grown(2);
  explorer.fingerprints = bigger;
  return bigger;
}
