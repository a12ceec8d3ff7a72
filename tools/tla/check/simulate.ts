// `simulateModel`: random behaviours (TLC's -simulate), each a walk of up to `depth` steps from a
// random initial state, checking invariants and deadlock in every state and the temporal properties
// on every behaviour. Deterministic from the seed (pure-rand).
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { DiagnosticError } from '../diagnostics.js';
import type { Model, State, Successor } from './model.js';
import type { TraceStep, Violation } from './check-result.js';
import type { StateGraph } from './explorer.js';
import { fingerprintKey } from './fingerprint-set.js';
import { checkTemporalProperties, validateProperties } from './liveness.js';

export interface SimulateOptions {
  /** States per behaviour at most (TLC's -depth, default 100). */
  depth?: number;
  /** Behaviours to run (default 1000). */
  num?: number;
  seed: number;
  timeLimitMs?: number;
  signal?: AbortSignal;
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
function addToGraph(model: Model, graph: StateGraph, state: State, from: number | null): { id: number; seen: boolean } {
  const fp = fingerprintKey(model.viewFingerprint(state));
  let id = graph.idOf.get(fp);
  const seen = id !== undefined;
  if (id === undefined) {
    id = graph.states.length;
    graph.idOf.set(fp, id);
    graph.states.push(state);
    graph.successors.push([]);
  }
  if (from !== null && !graph.successors[from]!.includes(id)) graph.successors[from]!.push(id);
  return { id, seen };
}

export async function simulateModel(model: Model, options: SimulateOptions): Promise<SimulationResult> {
  const depth = options.depth ?? 100;
  const num = options.num ?? 1000;
  const rng = xoroshiro128plus(options.seed);
  const pick = <T>(items: readonly T[]): T => items[uniformInt(rng, 0, items.length - 1)]!;
  const start = Date.now();
  validateProperties(model);
  const checkProperties = model.properties.length > 0;
  const stats: SimulationStats = { behaviours: 0, lassos: 0, statesGenerated: 0, maxLength: 0, durationMs: 0, seed: options.seed };
  const done = () => ({ ...stats, durationMs: Date.now() - start });
  const initial = Array.from(model.initialStates()).filter((s) => model.satisfiesConstraints(s));
  stats.statesGenerated += initial.length;
  let sliceStart = Date.now();

  for (let behaviour = 1; behaviour <= num; behaviour++) {
    if (options.signal?.aborted) return { result: 'unknown', reason: 'interrupted', stats: done() };
    if (options.timeLimitMs !== undefined && Date.now() - start >= options.timeLimitMs) return { result: 'unknown', reason: 'time-limit', stats: done() };
    if (initial.length === 0) break;
    stats.behaviours = behaviour;
    const trace: TraceStep[] = [];
    const graph: StateGraph | null = checkProperties ? { states: [], idOf: new Map(), successors: [], initial: [0] } : null;
    const violated = (violation: Violation): SimulationResult => ({ result: violation.kind === 'error' ? 'error' : 'violated', violation, behaviour, stats: done() });
    try {
      let state: State = pick(initial);
      trace.push({ state, action: null });
      let node = graph ? addToGraph(model, graph, state, null).id : 0;
      for (;;) {
        const invariant = model.violatedInvariant(state);
        if (invariant >= 0) {
          const inv = model.invariants[invariant]!;
          return violated({ kind: 'invariant', name: inv.name, ...(inv.span ? { span: inv.span } : {}), trace });
        }
        if (trace.length >= depth || !model.satisfiesConstraints(state)) break;
        const all: Successor[] = Array.from(model.successors(state));
        stats.statesGenerated += all.length;
        if (all.length === 0) {
          if (model.checkDeadlock) return violated({ kind: 'deadlock', trace });
          break;
        }
        const from = state;
        const allowed = all.filter((s) => model.satisfiesActionConstraints(from, s.state));
        if (allowed.length === 0) break;
        const step = pick(allowed);
        const info = model.actions[step.action]!;
        state = step.state;
        trace.push({ state, action: info.span ? { name: info.name, span: info.span } : { name: info.name } });
        // Back to a state of this behaviour: the rest is the loop again, so the behaviour is complete.
        if (graph) {
          const added = addToGraph(model, graph, state, node);
          node = added.id;
          if (added.seen) {
            stats.lassos++;
            break;
          }
        }
      }
      if (graph) {
        const violation = checkTemporalProperties(model, graph);
        if (violation) return violated(violation);
      }
    } catch (error) {
      if (!(error instanceof DiagnosticError)) throw error;
      const first = error.diagnostics[0]!;
      if (first.code === 'E3005') return violated({ kind: 'assertion', diagnostic: first, trace });
      return violated({ kind: 'error', diagnostics: error.diagnostics, message: error.message, trace });
    }
    stats.maxLength = Math.max(stats.maxLength, trace.length);
    if (Date.now() - sliceStart >= SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      sliceStart = Date.now();
    }
  }
  return { result: 'holds', stats: done() };
}
