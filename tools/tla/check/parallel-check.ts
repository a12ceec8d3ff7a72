// The parallel search: level-synchronous BFS on N threads (this one and N-1 workers), each with its
// own queue, all inserting into one fingerprint set in shared memory. Levels are balanced between
// threads, so a violation found in level L has a trace of L+1 states on any: counterexamples stay shortest.
import { Worker } from 'node:worker_threads';
import { DiagnosticError } from '../diagnostics.js';
import type { LoadedModel, Model } from './model.js';
import type { CheckResult, CheckStatistics, StopReason } from './check-result.js';
import { SharedFingerprintSet } from './fingerprint-set.js';
import { Explorer, type Finding, type LevelStatus } from './explorer.js';
import { pathTo } from './trace-log.js';
import { packStates, unpackStates, type StateBatch } from './state-batch.js';
import { noneRebuilt, violationOf } from './counterexample.js';
import { joinQueued, type QueuedStates } from './checkpoint.js';
import { defaultMemoryBudgetBytes, type MemoryOptions, type QueueStatistics } from './state-queue.js';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { searchAgainAlone } from './sequential-check.js';
import { combinedQueueStatistics, coverageOf, finish, INITIAL_CAPACITY, RunClock, SLICE_MS, startSearch, tableHolding, type CheckOptions } from './search-run.js';
import { PAUSE, STOP, type EncodedFinding, type FromWorker, type ToWorker, type WorkerSetup, type WorkerStart } from './worker-protocol.js';
import { actionPropertyChecks, firstViolation, graphCheckClaims, graphChecks, needsStateGraph, runGraphChecks, splittable, splitUndecided, type GraphCheck, type GraphCheckOutcome } from './liveness.js';
import { sharedComponents, stepTimer, threadCpuMs, type ComponentSplit } from './component-split.js';
import { joined, numberStates, placePart, shareStateGraph, unpackOutline } from './graph-fragment.js';
import type { StateGraph } from './explorer.js';

/** One worker thread with a queue of replies, so that each request awaits its own answer. */
class WorkerHandle {
  private readonly waiting: ((message: FromWorker) => void)[] = [];
  /** Replies that arrived before anyone awaited them (e.g. 'ready'). */
  private readonly unclaimed: FromWorker[] = [];
  private failure: Error | null = null;
  /** Receives the states a busy worker hands to this thread unasked (see `wantsWork`). */
  onDonation: (message: Extract<FromWorker, { kind: 'donation' }>) => void = () => {};
  constructor(readonly thread: Worker) {
    thread.on('message', (message: FromWorker) => {
      // Donations are not replies; a worker sends each before its reply to the same request.
      if (message.kind === 'donation') return this.onDonation(message);
      const resolve = this.waiting.shift();
      if (resolve) resolve(message);
      else this.unclaimed.push(message);
    });
    thread.on('error', (error) => {
      this.failure = error;
      for (const resolve of this.waiting.splice(0)) resolve({ kind: 'failed', diagnostics: null, message: error.stack ?? error.message });
    });
  }
  next(): Promise<FromWorker> {
    const early = this.unclaimed.shift();
    if (early) return Promise.resolve(early);
    if (this.failure) return Promise.resolve({ kind: 'failed', diagnostics: null, message: this.failure.stack ?? this.failure.message });
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  request(message: ToWorker): Promise<FromWorker> {
    const reply = this.next();
    this.thread.postMessage(message);
    return reply;
  }
}

function expect<K extends FromWorker['kind']>(message: FromWorker, kind: K): Extract<FromWorker, { kind: K }> {
  if (message.kind === 'failed') {
    if (message.diagnostics) throw new DiagnosticError(message.diagnostics);
    throw new Error(`worker thread failed: ${message.message}`);
  }
  if (message.kind !== kind) throw new Error(`worker protocol: expected ${kind}, got ${message.kind}`);
  return message as Extract<FromWorker, { kind: K }>;
}

/**
 * Node flags for a worker thread: workers run compiled JavaScript, so loaders of the parent (e.g. a
 * test runner's) only slow their start; profiling flags are passed on so that `node --cpu-prof`
 * profiles the workers too.
 */
export function workerExecArgv(): string[] {
  return process.execArgv.filter((flag) => flag.startsWith('--cpu-prof'));
}

/** A worker thread that imports `preload` at once and waits for its 'setup'. */
function startWorker(preload: string[]): WorkerHandle {
  // A young generation as large as the main thread's: with the smaller worker default, profiles
  // showed workers spending twice the main thread's time in GC on the same search.
  const resourceLimits = { maxYoungGenerationSizeMb: 48 };
  const workerData: WorkerStart = { preload };
  return new WorkerHandle(new Worker(new URL('./worker.js', import.meta.url), { workerData, execArgv: workerExecArgv(), resourceLimits }));
}

/**
 * Worker threads started before the model exists, while this thread parses the spec: each starts
 * Node and imports `preload` (the loader's modules, ~0.2 CPU s) meanwhile, so that the search hands
 * work to them as soon as the model is loaded (`CheckOptions.workerPool`). Close it when done: the
 * threads a search did not take would keep the process alive.
 */
export class WorkerPool {
  private readonly idle: WorkerHandle[];
  constructor(count: number, preload: string[]) {
    this.idle = Array.from({ length: count }, () => startWorker(preload));
  }
  /** Up to `count` of the threads, no longer the pool's. */
  take(count: number): WorkerHandle[] {
    return this.idle.splice(0, count);
  }
  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((w) => w.thread.terminate()));
  }
}

/** How often this thread, searching alone, looks whether the workers are ready. */
const READY_POLL_MS = 5;

/**
 * Below this many slots (8 MiB) the table grows ×4 rather than ×1.5 once every thread searches:
 * each growth stops every thread, and a table grown from 4,096 slots by half stopped them ten times
 * for 300,000 states.
 */
const QUICK_GROWTH_SLOTS = 1 << 20;

/** Fewest states worth a message between threads. */
const MIN_TRANSFER = 32;

type LevelReply = Extract<FromWorker, { kind: 'level' }>;

/**
 * How long this thread searches alone before starting workers: models checked in less time never
 * pay for them (each worker loads the model again; for a spec, parsing and compiling: 0.35 CPU s for TwoPhase).
 */
const WORKER_START_DELAY_MS = 100;

/**
 * Checks with `searchThreads` threads: this one and `searchThreads - 1` workers. This thread
 * searches too (as index 0) rather than only coordinating, so that N threads share N cores and only
 * N-1 threads pay for loading the model; coordination is a few messages per level.
 */
export async function checkInParallel(loaded: LoadedModel, searchThreads: number, options: CheckOptions): Promise<CheckResult> {
  const run = { findingOnThreads: false };
  const result = await searchOnThreads(loaded, searchThreads, options, run);
  return run.findingOnThreads ? searchedAgainAlone(loaded.model, options, result) : result;
}

/**
 * One thread's report of a search that met a finding once every thread searched: this thread
 * searches again alone (`searchAgainAlone`). The threads' own counts depend on the order in which
 * they found the level's states and on where the stop reached them; keeping one thread's order would
 * cost every search, finding or not (check/README.md, "Findings"). When the second search does not
 * end at a finding, the first search's report stands.
 */
async function searchedAgainAlone(model: Model, options: CheckOptions, onThreads: CheckResult): Promise<CheckResult> {
  const alone = await searchAgainAlone(model, options, onThreads.stats.durationMs, onThreads.stats.distinctStates);
  return alone ? { ...alone, stats: { ...alone.stats, workers: onThreads.stats.workers } } : onThreads;
}

/** The search on `searchThreads` threads; `run.findingOnThreads` is set when it ends at a finding met once every thread searched. */
async function searchOnThreads(loaded: LoadedModel, searchThreads: number, options: CheckOptions, run: { findingOnThreads: boolean }): Promise<CheckResult> {
  const model = loaded.model;
  const clock = new RunClock(options);
  const workerCount = searchThreads - 1;
  const resume = options.resume;
  let fingerprints = resume ? tableHolding(resume.log.fps, options.initialCapacity) : new SharedFingerprintSet(options.initialCapacity ?? INITIAL_CAPACITY);
  const stopFlagBuffer = new SharedArrayBuffer(4);
  const stopFlag = new Int32Array(stopFlagBuffer);
  const counters = new Float64Array(new SharedArrayBuffer(16 * workerCount));
  const wantsWorkBuffer = new SharedArrayBuffer(4);
  const wantsWork = new Int32Array(wantsWorkBuffer);
  const postedBuffer = new SharedArrayBuffer(4);
  const posted = new Int32Array(postedBuffer);
  // This thread's share of the search; it computes the initial states, so its log holds them.
  // Each thread gets an equal share of the memory budget; their spill files go into one directory of this run.
  // (made by the first spill, so that a run that never spills leaves nothing to remove).
  const spillDir = join(options.memory?.spillDir ?? tmpdir(), `cloudos-queues-${process.pid}-${Date.now().toString(36)}`);
  const memory: MemoryOptions = { ...options.memory, budgetBytes: Math.floor((options.memory?.budgetBytes ?? defaultMemoryBudgetBytes()) / searchThreads), spillDir };
  // Inside a long evaluation the watchdog timer cannot run: this thread reads the clock itself.
  const shouldStop = () => {
    if (Atomics.load(stopFlag, 0) === STOP) return true;
    if (!clock.interruptRequested()) return false;
    Atomics.store(stopFlag, 0, STOP);
    return true;
  };
  const collectFragment = needsStateGraph(model);
  const countValues = options.countValues === true && !resume;
  const coordinator = new Explorer(model, fingerprints, { stopFlag, shouldStop, memory, actionProperties: actionPropertyChecks(model), collectFragment, countValues });
  /** The queue statistics each worker last reported. */
  const workerQueues: QueueStatistics[] = [];
  const generatedByAction = model.actions.map(() => 0);
  const distinctByAction = model.actions.map(() => 0);
  let workerGenerated = 0;
  let depth = 0;
  let queueLeft = 0;
  /** Whether the search moved to all threads. */
  let handedOff = false;
  let livenessStats: CheckStatistics['liveness'] | null = null;
  const stats = (): CheckStatistics => ({
    statesGenerated: coordinator.statesGenerated + workerGenerated,
    ...(resume ? {} : { initialStatesGenerated: coordinator.initialStatesGenerated }),
    // TLC counts a variable's values over the whole run: every thread's values, joined in this thread's sets.
    ...(coordinator.valueCounts ? { variableValues: coordinator.valueCounts.map((values) => values.size) } : {}),
    distinctStates: fingerprints.size,
    queueLeft,
    depth: coordinator.depthAsTLC(depth),
    durationMs: clock.elapsedMs(),
    // Threads that searched: 1 when the search ended before the workers were ready.
    workers: handedOff ? searchThreads : 1,
    fingerprintBytesPerState: fingerprints.bytesPerEntry(),
    queue: combinedQueueStatistics([coordinator.queueBudget.statistics(), ...workerQueues]),
    ...(livenessStats ? { liveness: livenessStats } : {}),
  });
  const coverage = () => coverageOf(model, generatedByAction, distinctByAction);
  const violated = (finding: Finding, logs: { fps: BigInt64Array; parents: BigInt64Array }[]) => {
    // A liveness predicate's error met on a state this thread stored, not where one thread's search meets it.
    if (finding.kind === 'error' && finding.approximate) run.findingOnThreads = true;
    const rebuilt = noneRebuilt(model);
    return finish({ kind: 'violated', violation: violationOf(model, finding, (fp) => pathTo(fp, logs), rebuilt) }, stats(), coverage(), rebuilt);
  };

  // Workers load the model (for a spec: bind and compile again) while this thread computes the
  // initial states and searches; the search moves to all threads once every worker is ready.
  const workers: WorkerHandle[] = [];
  let ready = false;
  let startFailure: unknown = null;
  let started: Promise<void> | null = null;
  // Threads of a pool have started already: they are given the model at once, before the initial
  // states (GameOfLife's 65,536 took this thread 0.3-0.4 CPU s, while the worker waited for its setup).
  const pooled = options.workerPool?.take(workerCount) ?? [];
  const startWorkers = () => {
    for (let index = 0; index < workerCount; index++) {
      const setup: WorkerSetup = { source: loaded.source, table: fingerprints.table, stopFlag: stopFlagBuffer, wantsWork: wantsWorkBuffer, posted: postedBuffer, counters: counters.buffer as SharedArrayBuffer, index, memory, collectFragment, countValues };
      const worker = pooled[index] ?? startWorker([loaded.source.module]);
      worker.thread.postMessage({ kind: 'setup', setup } satisfies ToWorker);
      workers.push(worker);
    }
    started = Promise.all(workers.map(async (w) => expect(await w.next(), 'ready'))).then(
      () => void (ready = true),
      (error: unknown) => void (startFailure = error),
    );
  };
  if (options.waitForWorkers || pooled.length > 0) startWorkers();
  /** Ends the threads given the model when the search ends among the initial states (they would keep the process alive). */
  const endWorkers = () => Promise.all(workers.map((w) => w.thread.terminate()));

  let start: Awaited<ReturnType<typeof startSearch>>;
  try {
    start = await startSearch(model, coordinator, resume, clock);
  } catch (error) {
    await endWorkers();
    throw error;
  }
  fingerprints = coordinator.fingerprints as SharedFingerprintSet;
  if (start === 'finding' || start === 'stopped') await endWorkers();
  // TLC queues an initial state before its invariants fail to evaluate on it.
  queueLeft = coordinator.queueLeft;
  if (start === 'finding') return violated(coordinator.finding!, [coordinator.log.entries()]);
  // Stopped among the initial states: nothing whole to checkpoint.
  if (start === 'stopped') return finish({ kind: 'unknown', reason: clock.stopReason(fingerprints.size)! }, stats(), coverage());
  depth = start;
  /** A checkpoint while this thread searches alone (before the hand-off), between states. */
  const checkpointAlone = () => clock.writeCheckpoint(model, coordinator.snapshot(depth));

  const all = (message: ToWorker) => Promise.all(workers.map((w) => w.request(message)));
  const liveCounters = () => {
    let generated = coordinator.statesGenerated;
    let left = coordinator.queueLeft;
    for (let i = 0; i < workerCount; i++) {
      generated += counters[2 * i]!;
      left += counters[2 * i + 1]!;
    }
    return { statesGenerated: generated, distinctStates: fingerprints.size, queueLeft: left };
  };
  const watchdog = setInterval(() => {
    if (clock.stopReason(fingerprints.size)) Atomics.store(stopFlag, 0, STOP);
    else if (handedOff && clock.checkpointDue()) Atomics.compareExchange(stopFlag, 0, 0, PAUSE);
    if (handedOff) clock.maybeProgress(() => ({ depth, ...liveCounters() }));
  }, 20);
  const sequentialCoverage = () => {
    generatedByAction.splice(0, Infinity, ...coordinator.generatedByAction);
    distinctByAction.splice(0, Infinity, ...coordinator.distinctByAction);
    queueLeft = coordinator.queueLeft;
  };
  /**
   * One round of a level: every thread expands its share until done, a finding, a full table or a
   * stop. The level barrier idles no core while work remains: a worker that is done gets part of this
   * thread's share, and when this thread is done it raises `wantsWork` and the first busy worker to
   * see it donates half of what it has left.
   */
  const runRound = async (): Promise<{ local: LevelStatus; replies: LevelReply[] }> => {
    const replies: (LevelReply | null)[] = workers.map(() => null);
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    const notify = () => {
      wake?.();
      wake = null;
    };
    const issue = (i: number) => {
      replies[i] = null;
      workers[i]!
        .request({ kind: 'level' })
        .then((message) => {
          const reply = expect(message, 'level');
          // A finding ends the search: stop every thread at its next state.
          if (reply.finding) Atomics.store(stopFlag, 0, STOP);
          replies[i] = reply;
          notify();
        })
        .catch((error: unknown) => void ((failure = error), notify()));
    };
    workers.forEach((w, i) => {
      w.onDonation = (message) => {
        if (coordinator.add(unpackStates(model, message.states), message.fps, 'current', 1) >= 0) {
          failure = threadsDisagree(i);
        }
        notify();
      };
      issue(i);
    });
    /** Gives idle workers part of this thread's share and sets them going again. */
    const shareWithIdle = () => {
      const idle = workers.flatMap((_, i) => (replies[i]?.status === 'done' ? [i] : []));
      if (idle.length === 0 || coordinator.frontierSize < MIN_TRANSFER * (idle.length + 1)) return;
      const each = Math.floor(coordinator.frontierSize / (idle.length + 1));
      for (const i of idle) {
        const entries = coordinator.give(each);
        const take = workers[i]!.request({ kind: 'take', level: 'current', states: packStates(model, entries.map((e) => e.state)), fps: entries.map((e) => e.fp), verify: 1 });
        take.then((m) => expect(m, 'ok')).catch((error: unknown) => void ((failure = error), notify()));
        issue(i);
      }
    };
    let local: LevelStatus;
    let sliceStart = Date.now();
    /** `posted` when the event loop last turned: messages counted up to it have been read. */
    let seen = Atomics.load(posted, 0);
    for (;;) {
      if (failure) throw failure;
      local = coordinator.expandLevel(MIN_TRANSFER * 8);
      if (local === 'done' && workers.some((_, i) => replies[i] === null)) {
        // Ask the busy workers for states, and wait for a donation or a reply.
        Atomics.store(wantsWork, 0, 1);
        seen = Atomics.load(posted, 0);
        await new Promise<void>((resolve) => (wake = resolve));
        Atomics.store(wantsWork, 0, 0);
        sliceStart = Date.now();
        continue;
      }
      if (local !== 'paused') break;
      // Replies and donations are read only when the event loop turns: turn it when a worker has
      // posted one, else every SLICE_MS (timers: stop, progress, checkpoints). Turning it every 5 ms
      // cost 474 turns and 0.29 CPU s of this thread's 3.6 on SimpleRegular (8 % of it; 3.9 s wall at load 15).
      if (Atomics.load(posted, 0) !== seen || Date.now() - sliceStart >= SLICE_MS) {
        seen = Atomics.load(posted, 0);
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
      shareWithIdle();
    }
    if (local === 'finding') Atomics.store(stopFlag, 0, STOP);
    while (workers.some((_, i) => replies[i] === null)) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (failure) throw failure;
    return { local, replies: replies as LevelReply[] };
  };
  /** Moves `count` unexpanded states of this level from thread `from` to thread `to` (0: this one). */
  const move = async (from: number, to: number, count: number) => {
    let states: StateBatch;
    let fps: bigint[];
    if (from === 0) {
      const entries = coordinator.give(count);
      states = packStates(model, entries.map((e) => e.state));
      fps = entries.map((e) => e.fp);
    } else {
      // Between two workers the batch passes through unchanged.
      ({ states, fps } = expect(await workers[from - 1]!.request({ kind: 'give', count }), 'given'));
    }
    // One fingerprint recomputed per transfer catches threads that disagree, at no measurable cost.
    if (to > 0) expect(await workers[to - 1]!.request({ kind: 'take', level: 'current', states, fps, verify: 1 }), 'ok');
    else if (coordinator.add(unpackStates(model, states), fps, 'current', 1) >= 0) {
      throw threadsDisagree(from - 1);
    }
  };

  /**
   * The search is over and found nothing: the temporal properties are checked on the state graph
   * joined from every thread's part (workers hold parts only once the search moved to them).
   */
  const searched = async (): Promise<CheckResult> => {
    if (collectFragment) {
      // Every thread names its part's states by their slots in the table at once (`contents`).
      const joinStart = performance.now();
      const join = stepTimer();
      const threads = handedOff ? workers : [];
      const replies = Promise.all(threads.map((w) => w.request({ kind: 'graph' })));
      const own = coordinator.fragment!.contents(fingerprints);
      const parts = [own, ...(await replies).map((m) => unpackOutline(model, expect(m, 'graph').part))];
      join.step('parts');
      // This thread numbers the states; then every thread places its part at once.
      const { graph, layout, renumbered } = numberStates(parts, fingerprints);
      join.step('numbering');
      const placing = Promise.all(threads.map((w, i) => w.request({ kind: 'place', layout, renumbered: renumbered[i + 1]! })));
      let placed = placePart(own, layout, renumbered[0]!, fingerprints);
      for (const reply of await placing) placed += expect(reply, 'placed').count;
      joined(graph, placed);
      join.step('placing');
      const joinMs = performance.now() - joinStart;
      // The checks on the joined graph are shared by this thread and as many workers as there are
      // checks besides its first (or one worker splitting the only check with it); the others' heaps
      // (models, logs, values of their parts) are not needed.
      const checks = graphChecks(model);
      const split = handedOff && options.splitLiveness === true && checks.length === 1 && splittable(model, checks[0]!);
      const helpers = handedOff ? workers.slice(0, split ? 1 : Math.max(0, checks.length - 1)) : [];
      await Promise.all(workers.filter((w) => !helpers.includes(w)).map((w) => w.thread.terminate()));
      const violation = await checkOnThreads(loaded, graph, checks, helpers, split, (s) => (livenessStats = { ...s, joinMs, join: join.steps }));
      if (violation) return finish({ kind: 'violated', violation }, stats(), coverage());
    }
    return finish({ kind: 'holds' }, stats(), coverage());
  };

  try {
    // Sequential phase, on this thread, until every worker is ready.
    let sliceStart = Date.now();
    let levelDone = false;
    while (!options.waitForWorkers) {
      if (levelDone) {
        coordinator.advanceLevel();
        if (coordinator.frontierSize === 0) {
          sequentialCoverage();
          return await searched();
        }
        depth++;
      }
      // While workers start, look for their 'ready' more often than for Ctrl-C. Once they are ready,
      // only the state being expanded is finished (a slice ends between two successors of a state as
      // often as between two states: waiting for a slice to end between states kept the workers
      // idle for 0.5-1 s on TwoPhase with 7 RMs, ~25 successors a state).
      const sliceMs = started && !ready ? READY_POLL_MS : SLICE_MS;
      const status = ready ? coordinator.expandLevel(0) : coordinator.expandLevel(256, sliceStart + sliceMs);
      levelDone = status === 'done';
      if (status === 'full') {
        fingerprints = fingerprints.grown();
        coordinator.fingerprints = fingerprints;
      } else if (status === 'finding') {
        sequentialCoverage();
        return violated(coordinator.finding!, [coordinator.log.entries()]);
      }
      const reason = clock.stopReason(fingerprints.size);
      if (reason) {
        // A snapshot needs every state either expanded or queued, never half expanded.
        coordinator.abandonPending();
        if (clock.checkpointing) checkpointAlone();
        sequentialCoverage();
        return finish({ kind: 'unknown', reason }, stats(), coverage());
      }
      if (coordinator.betweenStates && clock.checkpointDue()) checkpointAlone();
      clock.maybeProgress(() => ({ depth, ...liveCounters() }));
      if (ready && status !== 'full' && coordinator.betweenStates) break;
      if (Date.now() - sliceStart >= sliceMs) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
        if (startFailure) throw startFailure;
        if (!started && clock.elapsedMs() >= WORKER_START_DELAY_MS) startWorkers();
      }
    }

    // Workers may still be starting (waitForWorkers): a stop request must not wait for them.
    while (!ready && !startFailure) {
      const reason = clock.stopReason(fingerprints.size);
      if (reason) {
        if (clock.checkpointing) checkpointAlone();
        sequentialCoverage();
        return finish({ kind: 'unknown', reason }, stats(), coverage());
      }
      await Promise.race([started!, new Promise((resolve) => setTimeout(resolve, 20))]);
    }
    if (startFailure) throw startFailure;
    handedOff = true;
    // Deal the rest of this level and the next one round-robin; this thread keeps its share in
    // place. At a level boundary the next level is the one to expand now.
    if (levelDone) {
      coordinator.advanceLevel();
      if (coordinator.frontierSize > 0) depth++;
    }
    const queues = coordinator.takeQueues();
    await all({ kind: 'table', table: fingerprints.table });
    for (const level of ['current', 'next'] as const) {
      const shares = Array.from({ length: searchThreads }, (_, i) => queues[level].filter((_, j) => j % searchThreads === i));
      coordinator.add(
        shares[0]!.map((e) => e.state),
        shares[0]!.map((e) => e.fp),
        level,
      );
      // Each worker checks that it computes this thread's fingerprints for the states it takes.
      const replies = await Promise.all(
        workers.map((w, i) => w.request({ kind: 'take', level, states: packStates(model, shares[i + 1]!.map((e) => e.state)), fps: shares[i + 1]!.map((e) => e.fp), verify: shares[i + 1]!.length })),
      );
      for (const reply of replies) expect(reply, 'ok');
    }

    /** A checkpoint of every thread's queues and log, while all are between states. */
    const checkpointAll = async () => {
      const parts = (await all({ kind: 'snapshot' })).map((m) => expect(m, 'snapshot'));
      const own = coordinator.log.entries();
      const queues = coordinator.queueCopies();
      const unpacked = (batch: StateBatch, fps: bigint[]): QueuedStates => ({ count: fps.length, chunks: [unpackStates(model, batch).map((state, i) => ({ state, fp: fps[i]! }))] });
      const current = joinQueued([queues.current, ...parts.map((p) => unpacked(p.current, p.currentFps))]);
      const next = joinQueued([queues.next, ...parts.map((p) => unpacked(p.next, p.nextFps))]);
      const concat = (arrays: BigInt64Array[]) => {
        const out = new BigInt64Array(arrays.reduce((n, a) => n + a.length, 0));
        let offset = 0;
        for (const a of arrays) {
          out.set(a, offset);
          offset += a.length;
        }
        return out;
      };
      clock.writeCheckpoint(model, {
        depth,
        statesGenerated: coordinator.statesGenerated + workerGenerated,
        generatedByAction: [...generatedByAction],
        distinctByAction: [...distinctByAction],
        log: { fps: concat([own.fps, ...parts.map((p) => p.fps)]), parents: concat([own.parents, ...parts.map((p) => p.parents)]) },
        current,
        next,
      });
    };

    for (;;) {
      let finding: Finding | null = null;
      let stopped = false;
      for (;;) {
        stopped = false;
        const { local, replies } = await runRound();
        workerGenerated = 0;
        generatedByAction.splice(0, Infinity, ...coordinator.generatedByAction);
        distinctByAction.splice(0, Infinity, ...coordinator.distinctByAction);
        if (local === 'finding') finding = coordinator.finding;
        replies.forEach((reply, i) => (workerQueues[i] = reply.queue));
        for (const reply of replies) {
          workerGenerated += reply.statesGenerated;
          reply.generatedByAction.forEach((n, i) => (generatedByAction[i]! += n));
          reply.distinctByAction.forEach((n, i) => (distinctByAction[i]! += n));
          reply.newValues?.forEach((values, i) => values.forEach((v) => coordinator.valueCounts![i]!.add(v)));
          if (reply.finding) finding ??= decodeFinding(loaded, reply.finding);
          if (reply.status === 'stopped') stopped = true;
        }
        if (local === 'stopped') stopped = true;
        queueLeft = liveCounters().queueLeft;
        if (finding) {
          // TLC's depth counts the violating new state whichever thread found it (depthAsTLC reads this thread's finding).
          coordinator.finding = finding;
          break;
        }
        if (local === 'full' || replies.some((r) => r.status === 'full')) {
          // Some thread found the table full: grow it while every thread is idle, then resume (a
          // thread told to stop first finishes the state it was in, so that no state is half expanded).
          fingerprints = fingerprints.grown(fingerprints.slotCount < QUICK_GROWTH_SLOTS ? 4 : 1.5);
          coordinator.fingerprints = fingerprints;
          await all({ kind: 'table', table: fingerprints.table });
          continue;
        }
        if (!stopped || Atomics.load(stopFlag, 0) !== PAUSE) break;
        // Paused for a periodic checkpoint: every thread is between states.
        await checkpointAll();
        Atomics.compareExchange(stopFlag, 0, PAUSE, 0);
      }
      if (finding) {
        run.findingOnThreads = true;
        const logs = (await all({ kind: 'log' })).map((m) => expect(m, 'log'));
        return violated(finding, [coordinator.log.entries(), ...logs]);
      }
      const reason: StopReason | null = clock.stopReason(fingerprints.size);
      if (stopped || reason) {
        if (clock.checkpointing) await checkpointAll();
        return finish({ kind: 'unknown', reason: reason ?? 'interrupted' }, stats(), coverage());
      }
      const workerSizes = (await all({ kind: 'advance' })).map((m) => expect(m, 'advanced').frontier);
      coordinator.advanceLevel();
      const sizes = [coordinator.frontierSize, ...workerSizes];
      queueLeft = sizes.reduce((a, b) => a + b, 0);
      if (queueLeft === 0) break;
      depth++;
      await balance(sizes, move);
    }
    return await searched();
  } finally {
    clearInterval(watchdog);
    coordinator.queueBudget.close();
    await Promise.all(workers.map((w) => w.thread.terminate()));
    rmSync(spillDir, { recursive: true, force: true });
  }
}

/**
 * The temporal properties' checks on the joined graph, on this thread and `helpers` (workers, the
 * graph shared with them): each thread takes the next check until none is left (`runGraphChecks`),
 * or, with `split`, the one helper tests the components of the only check with this thread; the
 * result is the one-thread result.
 */
async function checkOnThreads(loaded: LoadedModel, graph: StateGraph, checks: GraphCheck[], helpers: WorkerHandle[], split: boolean, report: (stats: NonNullable<CheckStatistics['liveness']>) => void) {
  const model = loaded.model;
  const start = performance.now();
  const cpuStart = threadCpuMs();
  const claims = graphCheckClaims(checks.length);
  const shared = helpers.length > 0 ? shareStateGraph(model, graph) : null;
  const components: ComponentSplit | null = split ? { shared: sharedComponents(graph.states.length), role: 'search', exact: false } : null;
  const replies = helpers.map((w) => w.request({ kind: 'liveness', graph: shared!, claims: claims.buffer as SharedArrayBuffer, ...(components ? { split: components.shared } : {}) }));
  const timer = stepTimer();
  let outcomes: GraphCheckOutcome[] = runGraphChecks(model, graph, checks, claims, components, timer);
  let ownMs = performance.now() - start;
  let ownCpuMs = cpuStart === null ? null : threadCpuMs()! - cpuStart;
  const theirs = (await Promise.all(replies)).map((m) => expect(m, 'liveness'));
  if (components && splitUndecided(components)) {
    // The helper found a fair component after this thread stopped looking: judged again here, alone.
    const again = performance.now();
    const cpuAgain = threadCpuMs();
    outcomes = runGraphChecks(model, graph, checks, graphCheckClaims(checks.length), null, timer);
    ownMs += performance.now() - again;
    if (ownCpuMs !== null) ownCpuMs += threadCpuMs()! - cpuAgain!;
  }
  for (const reply of theirs) {
    for (const o of reply.outcomes) {
      outcomes.push('finding' in o ? o : { index: o.index, error: o.error.diagnostics ? new DiagnosticError(o.error.diagnostics) : new Error(`in a worker thread: ${o.error.message}`) });
    }
  }
  const cpuMs = [ownCpuMs, ...theirs.map((r) => r.cpuMs)];
  report({ checks: checks.length, threadMs: [ownMs, ...theirs.map((r) => r.ms)], ...(cpuMs.every((ms) => ms !== null) ? { threadCpuMs: cpuMs as number[] } : {}), check: timer.steps });
  return firstViolation(model, graph, checks, outcomes);
}

function threadsDisagree(worker: number): Error {
  return new Error(`worker ${worker} computes another fingerprint than the coordinator for a state it handed over: the model's fingerprints must not depend on the thread (was dist/ rebuilt during the run?)`);
}

function decodeFinding(loaded: LoadedModel, finding: EncodedFinding): Finding {
  const model = loaded.model;
  switch (finding.kind) {
    case 'invariant':
    case 'implied':
      return { ...finding, state: model.decodeState(finding.state) };
    case 'action':
      return { ...finding, state: model.decodeState(finding.state) };
    case 'deadlock':
      return finding;
    case 'error': {
      const { diagnostics, message, state, ...rest } = finding;
      const error = diagnostics ? new DiagnosticError(diagnostics) : new Error(`in a worker thread: ${message}`);
      return { ...rest, error, state: state === null ? null : model.decodeState(state) };
    }
  }
}

/** Moves states from the fullest queues to the emptiest so that threads finish a level together. */
async function balance(sizes: number[], move: (from: number, to: number, count: number) => Promise<void>): Promise<void> {
  const total = sizes.reduce((a, b) => a + b, 0);
  const fair = Math.ceil(total / sizes.length);
  // A handful of states is not worth a message (and deep, narrow models would pay one per level);
  // a skew under 10% costs less than moving states, and work sharing within the level evens it out.
  if (total < 4 * sizes.length) return;
  for (;;) {
    const heavy = sizes.indexOf(Math.max(...sizes));
    const light = sizes.indexOf(Math.min(...sizes));
    const surplus = Math.min(sizes[heavy]! - fair, fair - sizes[light]!);
    if (surplus <= fair * 0.1) return;
    await move(heavy, light, surplus);
    sizes[heavy]! -= surplus;
    sizes[light]! += surplus;
  }
}
