// `checkModel`: exhaustive breadth-first model checking of a Model, on this thread or on worker
// threads, returning TLC's statistics and, on a violation, a shortest counterexample.
import type { LoadedModel, Model } from './model.js';
import type { ActionCoverage, CheckResult, CheckStatistics, ProgressReport, StopReason, Violation } from './check-result.js';
import { SharedFingerprintSet } from './fingerprint-set.js';
import { Explorer, type LevelStatus } from './explorer.js';
import { pathTo } from './trace-log.js';
import { violationOf } from './counterexample.js';
import { checkTemporalProperties, validateProperties } from './liveness.js';
import { checkInParallel } from './parallel-check.js';

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
  /** Initial fingerprint table capacity (slots); it grows as needed. */
  initialCapacity?: number;
}

/** How long the search runs before yielding to the event loop (for Ctrl-C, progress, timers). */
export const SLICE_MS = 50;

/** Slots of a new fingerprint table (32 KiB); it grows by half when 76% full. */
export const INITIAL_CAPACITY = 1 << 12;

/** Shared by the sequential and parallel searches: when to stop, and progress reporting. */
export class RunClock {
  readonly start = Date.now();
  private lastProgress = this.start;
  constructor(private readonly options: CheckOptions) {}

  elapsedMs(): number {
    return Date.now() - this.start;
  }

  stopReason(distinctStates: number): StopReason | null {
    if (this.options.signal?.aborted) return 'interrupted';
    if (this.options.timeLimitMs !== undefined && this.elapsedMs() >= this.options.timeLimitMs) return 'time-limit';
    if (this.options.maxStates !== undefined && distinctStates >= this.options.maxStates) return 'max-states';
    return null;
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

export function coverageOf(model: Model, generated: readonly number[], distinct: readonly number[]): ActionCoverage[] {
  return model.actions.map((a, i) => ({ name: a.name, ...(a.span ? { span: a.span } : {}), generated: generated[i]!, distinct: distinct[i]! }));
}

export function finish(
  outcome: { kind: 'holds' } | { kind: 'violated'; violation: Violation } | { kind: 'unknown'; reason: StopReason },
  stats: CheckStatistics,
  coverage: ActionCoverage[],
): CheckResult {
  switch (outcome.kind) {
    case 'holds':
      return { result: 'holds', stats, coverage };
    case 'unknown':
      return { result: 'unknown', reason: outcome.reason, stats, coverage };
    case 'violated': {
      const violation = outcome.violation;
      if (violation.kind === 'error') return { result: 'error', violation, stats, coverage };
      return { result: 'violated', violation, stats, coverage };
    }
  }
}

export async function checkModel(input: LoadedModel | Model, options: CheckOptions = {}): Promise<CheckResult> {
  const loaded = 'model' in input ? input : null;
  const model = loaded ? loaded.model : (input as Model);
  const workers = options.workers ?? 1;
  validateProperties(model);
  // Liveness needs the whole state graph on one thread; the parallel search keeps none.
  if (workers > 1 && loaded && model.properties.length === 0) return checkInParallel(loaded, workers, options);
  return checkSequentially(model, options);
}

async function checkSequentially(model: Model, options: CheckOptions): Promise<CheckResult> {
  const clock = new RunClock(options);
  let fingerprints = new SharedFingerprintSet(options.initialCapacity ?? INITIAL_CAPACITY);
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const explorer = new Explorer(model, fingerprints, { stopFlag, collectGraph: model.properties.length > 0 });
  let depth = 0;
  const stats = (): CheckStatistics => ({
    statesGenerated: explorer.statesGenerated,
    distinctStates: fingerprints.size,
    queueLeft: explorer.queueLeft,
    depth,
    durationMs: clock.elapsedMs(),
    workers: 1,
    fingerprintBytesPerState: fingerprints.bytesPerEntry(),
  });
  const coverage = () => coverageOf(model, explorer.generatedByAction, explorer.distinctByAction);
  const violated = (): CheckResult => {
    const log = explorer.log.entries();
    const violation = violationOf(model, explorer.finding!, (fp) => pathTo(fp, [log]));
    return finish({ kind: 'violated', violation }, stats(), coverage());
  };

  let initial;
  try {
    initial = Array.from(model.initialStates());
  } catch (error) {
    explorer.finding = { kind: 'error', error, parentFp: null, state: null };
    return violated();
  }
  fingerprints = ensureRoom(fingerprints, initial.length, explorer);
  if (explorer.addInitial(initial) === 'finding') return violated();
  if (explorer.nextSize > 0) depth = 1;

  let sliceStart = Date.now();
  for (;;) {
    explorer.advanceLevel();
    if (explorer.frontierSize === 0) break;
    let status: LevelStatus;
    do {
      status = explorer.expandLevel(256);
      if (status === 'full') fingerprints = ensureRoom(fingerprints, Infinity, explorer);
      else if (status === 'finding') return violated();
      const reason = clock.stopReason(fingerprints.size);
      if (reason) return finish({ kind: 'unknown', reason }, stats(), coverage());
      clock.maybeProgress(() => ({ depth, statesGenerated: explorer.statesGenerated, distinctStates: fingerprints.size, queueLeft: explorer.queueLeft }));
      if (Date.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    } while (status !== 'done');
    if (explorer.nextSize > 0) depth++;
  }

  if (explorer.graph) {
    const violation = checkTemporalProperties(model, explorer.graph);
    if (violation) return finish({ kind: 'violated', violation }, stats(), coverage());
  }
  return finish({ kind: 'holds' }, stats(), coverage());
}

/** Grows the table when `expected` more entries may not fit (Infinity: it is full now). */
function ensureRoom(fingerprints: SharedFingerprintSet, expected: number, explorer: Explorer): SharedFingerprintSet {
  if (expected !== Infinity && !fingerprints.needsRoomFor(expected)) return fingerprints;
  let bigger = fingerprints.grown();
  while (expected !== Infinity && bigger.needsRoomFor(expected)) bigger = bigger.grown(2);
  explorer.fingerprints = bigger;
  return bigger;
}
