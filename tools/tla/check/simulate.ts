// `simulateModel`: random behaviours (TLC's -simulate), each a walk of up to `depth` steps from a
// random initial state, checking invariants and deadlock in every state and the temporal properties
// on every behaviour. Deterministic from the seed (pure-rand).
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { DiagnosticError } from '../diagnostics.js';
import { Worker } from 'node:worker_threads';
import { workerExecArgv } from './parallel-check.js';
import type { LoadedModel, Model, ModelSource, State, Successor } from './model.js';
import type { TraceStep, Violation } from './check-result.js';
import { addStep, emptyStateGraph, type StateGraph } from './explorer.js';
import { fingerprintKey } from './fingerprint-set.js';
import { actionPropertyChecks, checkTemporalProperties, guardedActionChecks, validateProperties } from './liveness.js';

export interface SimulateOptions {
  /** States per behaviour at most (TLC's -depth, default 100). */
  depth?: number;
  /** Behaviours to run (default 1000). */
  num?: number;
  seed: number;
  timeLimitMs?: number;
  signal?: AbortSignal;
  /** Threads running behaviours (default 1); more than 1 needs a LoadedModel. The result does not depend on it. */
  workers?: number;
  /**
   * With workers > 1: the other threads start once the work left, estimated from the CPU time of
   * the behaviours run so far, is at least this many CPU ms (default 1,500). A thread's start-up
   * (loading the spec, warming its own JIT) costs ~0.7 CPU s on Bank.tla, so a shorter run would
   * spend more starting it than it saves. 0 starts them at once.
   */
  threadsAfterWorkMs?: number;
}

export interface SimulationStats {
  behaviours: number;
  /** Behaviours that came back to one of their states: complete infinite behaviours (lassos). */
  lassos: number;
  statesGenerated: number;
  /** Longest behaviour run, in states. */
  maxLength: number;
  durationMs: number;
  seed: number;
}

export type SimulationResult =
  | { result: 'holds'; stats: SimulationStats }
  | { result: 'unknown'; reason: 'time-limit' | 'interrupted'; stats: SimulationStats }
  | { result: 'violated' | 'error'; violation: Violation; behaviour: number; stats: SimulationStats };

const SLICE_MS = 50;

/**
 * Adds `state` (and the step to it from `from`) to the graph of one behaviour; 'seen' if the
 * behaviour was already there. Temporal properties are checked on this graph as on the whole state
 * graph: any fair lasso in it is one of the spec (each state may stutter; a finite behaviour that
 * ends before a repetition violates a liveness property only by stuttering, so only if that is fair).
 */
function addToGraph(model: Model, graph: StateGraph, state: State, from: { id: number; state: State } | null): { id: number; seen: boolean } {
  const fp = fingerprintKey(model.viewFingerprint(state));
  let id = graph.idOf.get(fp);
  const seen = id !== undefined;
  if (id === undefined) {
    id = graph.states.length;
    graph.idOf.set(fp, id);
    graph.states.push(state);
  }
  if (from !== null) addStep(model, graph, from.id, from.state, id, state);
  return { id, seen };
}

/** What one behaviour did: its counts, and the violation it ended in, if any. */
export interface BehaviourRun {
  statesGenerated: number;
  length: number;
  lasso: boolean;
  violation: Violation | null;
}

/**
 * Behaviour `index`'s own generator, from the seed and the index alone, so that every behaviour is
 * the same whichever thread runs it and however many run.
 */
function behaviourGenerator(seed: number, index: number) {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ index;
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return xoroshiro128plus((h ^ (h >>> 16)) | 0);
}

/** What every behaviour of a simulation shares, computed once per thread rather than per behaviour. */
export interface Simulation {
  model: Model;
  /** The initial states a behaviour may start from (those inside the CONSTRAINT). */
  initial: readonly State[];
  actionChecks: ReturnType<typeof actionPropertyChecks>;
  /** The A of each guarded `S \/ [][A]_v`, when a behaviour's graph is kept (temporal properties); else null. */
  guarded: number[] | null;
  /** Each action's name and span as a trace step shows it, one object shared by every step. */
  labels: NonNullable<TraceStep['action']>[];
}

export function prepareSimulation(model: Model): Simulation {
  return {
    model,
    initial: Array.from(model.initialStates()).filter((s) => model.satisfiesConstraints(s)),
    actionChecks: actionPropertyChecks(model),
    guarded: model.properties.length > 0 ? guardedActionChecks(model) : null,
    labels: model.actions.map((info) => (info.span ? { name: info.name, span: info.span } : { name: info.name })),
  };
}

/** Runs behaviour `index` (from 1) of a simulation: a random walk from a random initial state. */
export function runBehaviour(simulation: Simulation, seed: number, index: number, depth: number): BehaviourRun {
  const { model, initial, actionChecks, guarded, labels } = simulation;
  const rng = behaviourGenerator(seed, index);
  const random = (n: number): number => uniformInt(rng, 0, n - 1);
  const run: BehaviourRun = { statesGenerated: 0, length: 0, lasso: false, violation: null };
  const trace: TraceStep[] = [];
  const graph: StateGraph | null = guarded ? emptyStateGraph(guarded, [0]) : null;
  const ended = (violation: Violation | null): BehaviourRun => {
    run.length = trace.length;
    run.violation = violation;
    return run;
  };
  try {
    let state: State = initial[random(initial.length)]!;
    let from: State | null = null;
    trace.push({ state, action: null });
    let node = graph ? addToGraph(model, graph, state, null).id : 0;
    for (;;) {
      const invariant = model.violatedInvariant(state);
      if (invariant >= 0) {
        const inv = model.invariants[invariant]!;
        return ended({ kind: 'invariant', name: inv.name, ...(inv.span ? { span: inv.span } : {}), trace });
      }
      const inModel = model.satisfiesConstraints(state);
      // [][A]_v on each step taken, after the invariants, as the exhaustive search judges it.
      const broken = from !== null && inModel ? actionChecks.find((c) => !model.evalActionPredicate(c.action, from!, state)) : undefined;
      if (broken) {
        const property = model.properties[broken.property]!;
        return ended({ kind: 'property', name: property.name, ...(property.span ? { span: property.span } : {}), form: 'action', trace });
      }
      if (run.lasso || trace.length >= depth || !inModel) break;
      const step = randomStep(model, state, random, run);
      if (step === 'deadlock') {
        if (model.checkDeadlock) return ended({ kind: 'deadlock', trace });
        break;
      }
      // Every successor is outside the ACTION_CONSTRAINT: the behaviour ends, as when deadlock is not checked.
      if (step === null) break;
      from = state;
      state = step.state;
      trace.push({ state, action: labels[step.action]! });
      // Back to a state of this behaviour: the rest is the loop again, so the behaviour is complete
      // (once this step is judged).
      if (graph) {
        const added = addToGraph(model, graph, state, { id: node, state: from });
        node = added.id;
        run.lasso = added.seen;
      }
    }
    return ended(graph ? checkTemporalProperties(model, graph) : null);
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    const first = error.diagnostics[0]!;
    if (first.code === 'E3005') return ended({ kind: 'assertion', diagnostic: first, trace });
    return ended({ kind: 'error', diagnostics: error.diagnostics, message: error.message, trace });
  }
}

/**
 * A random successor of `state` that the ACTION_CONSTRAINT allows, null when every successor is
 * outside it, 'deadlock' when there is none. With `Model.randomSuccessors`: an action uniformly among
 * those with an allowed successor, then at each branch point inside it an alternative uniformly
 * among those leading to one, building only the successors tried. Otherwise every successor is
 * built and one allowed is picked uniformly. Every successor built counts as generated.
 */
function randomStep(model: Model, state: State, random: (n: number) => number, run: BehaviourRun): Successor | null | 'deadlock' {
  if (model.randomSuccessors) {
    let chosen: Successor | null = null;
    let generated = 0;
    model.randomSuccessors(state, random, (successor) => {
      generated++;
      if (!model.satisfiesActionConstraints(state, successor.state)) return false;
      chosen = successor;
      return true;
    });
    run.statesGenerated += generated;
    return generated === 0 ? 'deadlock' : chosen;
  }
  const all: Successor[] = Array.from(model.successors(state));
  run.statesGenerated += all.length;
  if (all.length === 0) return 'deadlock';
  const allowed = all.filter((s) => model.satisfiesActionConstraints(state, s.state));
  return allowed.length === 0 ? null : allowed[random(allowed.length)]!;
}

/**
 * Adds behaviour `index`'s run to the totals; returns the result if it ended the simulation.
 * Behaviours are accounted in index order, so the totals and the violation reported are those of a
 * run on one thread that stops at the first violating behaviour.
 */
function account(stats: SimulationStats, index: number, run: BehaviourRun): SimulationResult | null {
  stats.behaviours = index;
  stats.statesGenerated += run.statesGenerated;
  stats.maxLength = Math.max(stats.maxLength, run.length);
  if (run.lasso) stats.lassos++;
  if (!run.violation) return null;
  return { result: run.violation.kind === 'error' ? 'error' : 'violated', violation: run.violation, behaviour: index, stats };
}

export async function simulateModel(input: Model | LoadedModel, options: SimulateOptions): Promise<SimulationResult> {
  const loaded = 'model' in input ? input : null;
  const model = loaded ? loaded.model : (input as Model);
  const depth = options.depth ?? 100;
  const num = options.num ?? 1000;
  const start = Date.now();
  validateProperties(model);
  const stats: SimulationStats = { behaviours: 0, lassos: 0, statesGenerated: 0, maxLength: 0, durationMs: 0, seed: options.seed };
  const simulation = prepareSimulation(model);
  stats.statesGenerated += simulation.initial.length;
  const stopReason = (): 'interrupted' | 'time-limit' | null =>
    options.signal?.aborted ? 'interrupted' : options.timeLimitMs !== undefined && Date.now() - start >= options.timeLimitMs ? 'time-limit' : null;
  const finished = (result: SimulationResult): SimulationResult => ({ ...result, stats: { ...result.stats, durationMs: Date.now() - start } });
  if (simulation.initial.length === 0) return finished({ result: 'holds', stats });
  if ((options.workers ?? 1) > 1 && loaded) return finished(await simulateInParallel(loaded, simulation, options.seed, depth, num, options.workers!, options.threadsAfterWorkMs ?? 1500, stats, stopReason));

  let sliceStart = Date.now();
  for (let behaviour = 1; behaviour <= num; behaviour++) {
    const reason = stopReason();
    if (reason) return finished({ result: 'unknown', reason, stats });
    const ended = account(stats, behaviour, runBehaviour(simulation, options.seed, behaviour, depth));
    if (ended) return finished(ended);
    if (Date.now() - sliceStart >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
  }
  return finished({ result: 'holds', stats });
}

/** Behaviour runs as they cross threads: the violation's trace with encoded states. */
export interface EncodedBehaviourRun extends Omit<BehaviourRun, 'violation'> {
  violation: (Omit<Violation, 'trace'> & { trace: { state: unknown; action: TraceStep['action'] }[] }) | null;
}

export function encodeRun(model: Model, run: BehaviourRun): EncodedBehaviourRun {
  if (!run.violation) return { ...run, violation: null };
  return { ...run, violation: { ...run.violation, trace: run.violation.trace.map((s) => ({ state: model.encodeState(s.state), action: s.action })) } };
}

function decodeRun(model: Model, run: EncodedBehaviourRun): BehaviourRun {
  if (!run.violation) return { ...run, violation: null };
  return { ...run, violation: { ...run.violation, trace: run.violation.trace.map((s) => ({ state: model.decodeState(s.state), action: s.action })) } as Violation };
}

/** What a simulation worker is given (`simulate-worker.ts`). */
export interface SimulationWorkerSetup {
  source: ModelSource;
  seed: number;
  depth: number;
  num: number;
  /** Int32Array [stop, lowest violating behaviour (0: none), behaviours claimed], shared by all threads. */
  shared: SharedArrayBuffer;
}

const STOP = 0;
const LOWEST = 1;
const CLAIMED = 2;

/**
 * The next behaviour for this thread to run, 0 when there is none: stopped, all claimed, or past
 * the lowest violating behaviour found. Each thread takes the next one when it is free, so a slow
 * thread (a loaded core, a late start) holds no others back; which thread runs a behaviour does
 * not change it.
 */
export function claimBehaviour(flags: Int32Array, num: number): number {
  if (Atomics.load(flags, STOP) !== 0 || Atomics.load(flags, CLAIMED) >= num) return 0;
  const index = Atomics.add(flags, CLAIMED, 1) + 1;
  const lowest = Atomics.load(flags, LOWEST);
  return index > num || (lowest !== 0 && index > lowest) ? 0 : index;
}

const WARM_UP_CPU_MS = 250;

const cpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Behaviours on up to `threads` threads, each claiming the next unclaimed one (claimBehaviour); the
 * other threads start only once the work left is worth their start-up (`threadsAfterWorkMs`). Runs
 * are then accounted in index order, so the result is the one-thread result.
 */
async function simulateInParallel(
  loaded: LoadedModel,
  simulation: Simulation,
  seed: number,
  depth: number,
  num: number,
  threads: number,
  threadsAfterWorkMs: number,
  stats: SimulationStats,
  stopReason: () => 'interrupted' | 'time-limit' | null,
): Promise<SimulationResult> {
  const model = loaded.model;
  const shared = new SharedArrayBuffer(12);
  const flags = new Int32Array(shared);
  const runs = new Map<number, BehaviourRun>();
  const workers: Worker[] = [];
  const finishedWorkers: Promise<void>[] = [];
  const startWorkers = () => {
    for (let i = 1; i < threads; i++) {
      const setup: SimulationWorkerSetup = { source: loaded.source, seed, depth, num, shared };
      const worker = new Worker(new URL('./simulate-worker.js', import.meta.url), { workerData: setup, execArgv: workerExecArgv() });
      workers.push(worker);
      finishedWorkers.push(
        new Promise<void>((resolve, reject) => {
          worker.on('message', (message: { index: number; run: EncodedBehaviourRun }[]) => {
            for (const { index, run } of message) runs.set(index, decodeRun(model, run));
            resolve();
          });
          worker.on('error', reject);
          worker.on('exit', () => resolve());
        }),
      );
    }
  };
  const watchdog = setInterval(() => {
    if (stopReason()) Atomics.store(flags, STOP, 1);
  }, 20);
  try {
    if (threadsAfterWorkMs <= 0) startWorkers();
    const cpuStart = cpuMs();
    let sliceCpu = cpuStart;
    let sliceRan = 0;
    let sliceStart = Date.now();
    for (let index = claimBehaviour(flags, num); index !== 0; index = claimBehaviour(flags, num)) {
      const run = runBehaviour(simulation, seed, index, depth);
      runs.set(index, run);
      sliceRan++;
      if (run.violation) lowerTo(flags, index);
      if (Date.now() - sliceStart >= SLICE_MS) {
        // The work left at the last slice's pace, once the JIT has warmed up (the first behaviours
        // run several times slower than the rest).
        const now = cpuMs();
        if (workers.length === 0 && now - cpuStart >= WARM_UP_CPU_MS && ((now - sliceCpu) / sliceRan) * (num - Atomics.load(flags, CLAIMED)) >= threadsAfterWorkMs) startWorkers();
        sliceCpu = now;
        sliceRan = 0;
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
    await Promise.all(finishedWorkers);
  } finally {
    clearInterval(watchdog);
    await Promise.all(workers.map((w) => w.terminate()));
  }
  for (let index = 1; index <= num; index++) {
    const run = runs.get(index);
    // A gap: the run stopped (interrupt, time limit) before this behaviour.
    if (!run) return { result: 'unknown', reason: stopReason() ?? 'interrupted', stats };
    const ended = account(stats, index, run);
    if (ended) return ended;
  }
  return { result: 'holds', stats };
}

/** Records that behaviour `index` violated something, unless a lower one already did. */
export function lowerTo(flags: Int32Array, index: number): void {
  for (;;) {
    const lowest = Atomics.load(flags, LOWEST);
    if (lowest !== 0 && lowest <= index) return;
    if (Atomics.compareExchange(flags, LOWEST, lowest, index) === lowest) return;
  }
}
