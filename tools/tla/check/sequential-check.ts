// The search on this thread alone: BFS level by level (TLC's -workers 1), then the temporal
// properties on the state graph it kept.
import { stepTimer, threadCpuMs } from './component-split.js';
import type { Model } from './model.js';
import type { CheckResult, CheckStatistics } from './check-result.js';
import { SharedFingerprintSet } from './fingerprint-set.js';
import { Explorer, type LevelStatus } from './explorer.js';
import { pathTo } from './trace-log.js';
import { noneRebuilt, violationOf } from './counterexample.js';
import { actionPropertyChecks, checkTemporalProperties, graphChecks, needsStateGraph } from './liveness.js';
import { coverageOf, ensureRoom, finish, INITIAL_CAPACITY, RunClock, SLICE_MS, startSearch, tableHolding, type CheckOptions } from './search-run.js';

/** `keepGraph` false: no state graph, so no temporal check after the search (a search again up to a finding, `parallel-check.ts`). */
export async function checkSequentially(model: Model, options: CheckOptions, keepGraph = needsStateGraph(model)): Promise<CheckResult> {
  const clock = new RunClock(options);
  const resume = options.resume;
  const fingerprints = resume ? tableHolding(resume.log.fps, options.initialCapacity) : new SharedFingerprintSet(options.initialCapacity ?? INITIAL_CAPACITY);
  const stopFlag = new Int32Array(new SharedArrayBuffer(4));
  const explorer = new Explorer(model, fingerprints, {
    stopFlag,
    shouldStop: () => clock.interruptRequested(),
    collectGraph: keepGraph,
    actionProperties: actionPropertyChecks(model),
    ...(options.memory ? { memory: options.memory } : {}),
    ...(options.countValues ? { countValues: true } : {}),
    // Searched again alone after a finding: without the graph's facts, the liveness predicates are evaluated for their errors.
    ...(!keepGraph && needsStateGraph(model) ? { evaluateLiveness: true } : {}),
  });
  try {
    return await searchSequentially(model, options, clock, explorer, fingerprints);
  } finally {
    explorer.queueBudget.close();
  }
}

/**
 * This thread's search again, alone and without the state graph, to its first finding: the report of
 * one thread's order after a search whose own is not (every thread searching, `parallel-check.ts`; a
 * liveness predicate's error met on the graph after the search, `check.ts`). What the actions print
 * was written by the first search, `firstMs` long. Null when it stops first (time limit, Ctrl-C,
 * `maxStates`) or ends without a finding (successors that are not a function of the state).
 */
export async function searchAgainAlone(model: Model, options: CheckOptions, firstMs: number, firstDistinct = 0): Promise<CheckResult | null> {
  const { checkpoint: _written, onProgress: _reported, ...rest } = options;
  const again: CheckOptions = {
    ...rest,
    ...(options.timeLimitMs === undefined ? {} : { timeLimitMs: options.timeLimitMs - firstMs }),
    // The table grows (stopping the search) less often when it starts as large as the first search's.
    initialCapacity: Math.max(options.initialCapacity ?? INITIAL_CAPACITY, Math.ceil(firstDistinct / 0.75)),
  };
  model.capturePrinted?.({ push: () => 0 });
  let alone: CheckResult;
  try {
    alone = await checkSequentially(model, again, false);
  } finally {
    model.capturePrinted?.(undefined);
  }
  if (alone.result !== 'violated' && alone.result !== 'error') return null;
  return { ...alone, stats: { ...alone.stats, durationMs: firstMs + alone.stats.durationMs } };
}

async function searchSequentially(model: Model, options: CheckOptions, clock: RunClock, explorer: Explorer, table: SharedFingerprintSet): Promise<CheckResult> {
  let fingerprints = table;
  const resume = options.resume;
  /** The level being expanded (initial states: 1); TLC's depth once the search is over. */
  let depth = 0;
  let liveness: CheckStatistics['liveness'] | null = null;
  const stats = (): CheckStatistics => ({
    statesGenerated: explorer.statesGenerated,
    // A resumed search has not seen the states before its checkpoint.
    ...(options.resume ? {} : { initialStatesGenerated: explorer.initialStatesGenerated }),
    ...(explorer.valueCounts && !options.resume ? { variableValues: explorer.valueCounts.map((values) => values.size) } : {}),
    distinctStates: fingerprints.size,
    queueLeft: explorer.queueLeft,
    depth: explorer.depthAsTLC(depth),
    durationMs: clock.elapsedMs(),
    workers: 1,
    fingerprintBytesPerState: fingerprints.bytesPerEntry(),
    queue: explorer.queueBudget.statistics(),
    ...(liveness ? { liveness } : {}),
  });
  const coverage = () => coverageOf(model, explorer.generatedByAction, explorer.distinctByAction);
  const violated = (): CheckResult => {
    const log = explorer.log.entries();
    const rebuilt = noneRebuilt(model);
    const violation = violationOf(model, explorer.finding!, (fp) => pathTo(fp, [log]), rebuilt);
    return finish({ kind: 'violated', violation }, stats(), coverage(), rebuilt);
  };
  const checkpoint = () => clock.writeCheckpoint(model, explorer.snapshot(depth));

  const start = await startSearch(model, explorer, resume, clock);
  fingerprints = explorer.fingerprints as SharedFingerprintSet;
  if (start === 'finding') return violated();
  // Stopped among the initial states: nothing whole to checkpoint.
  if (start === 'stopped') return finish({ kind: 'unknown', reason: clock.stopReason(fingerprints.size)! }, stats(), coverage());
  depth = start;

  let sliceStart = Date.now();
  for (;;) {
    let status: LevelStatus;
    do {
      status = explorer.expandLevel(256, sliceStart + SLICE_MS);
      if (status === 'full') fingerprints = ensureRoom(fingerprints, Infinity, explorer);
      else if (status === 'finding') return violated();
      const reason = clock.stopReason(fingerprints.size);
      if (reason) {
        // A snapshot needs every state either expanded or queued, never half expanded.
        explorer.abandonPending();
        if (clock.checkpointing) checkpoint();
        return finish({ kind: 'unknown', reason }, stats(), coverage());
      }
      if (explorer.betweenStates && clock.checkpointDue()) checkpoint();
      clock.maybeProgress(() => ({ depth: explorer.depthAsTLC(depth), statesGenerated: explorer.statesGenerated, distinctStates: fingerprints.size, queueLeft: explorer.queueLeft }));
      if (Date.now() - sliceStart >= SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    } while (status !== 'done');
    explorer.advanceLevel();
    if (explorer.frontierSize === 0) break;
    depth++;
  }

  if (explorer.graph) {
    const start = performance.now();
    const cpuStart = threadCpuMs();
    const timer = stepTimer();
    const violation = checkTemporalProperties(model, explorer.graph, timer);
    liveness = { checks: graphChecks(model).length, threadMs: [performance.now() - start], ...(cpuStart === null ? {} : { threadCpuMs: [threadCpuMs()! - cpuStart] }), check: timer.steps };
    if (violation) return finish({ kind: 'violated', violation }, stats(), coverage());
  }
  return finish({ kind: 'holds' }, stats(), coverage());
}
