// The search behind trace validation: is there an order of the observed steps that causality
// allows (each node's steps in the order the node took them, a packet's delivery after its send)
// and a behaviour of the spec in which each observed step, in that order, is one spec step with
// exactly the reported effect on the observable variables, with any number of unobserved steps
// (which change no observable variable) in between? A run may be split into independent parts,
// each an instance of the spec (a Model); a step belongs to one part.
import { loadModel } from '../../../tools/tla/load.js';
import { resolveSpec, type ResolvedModule } from '../../../tools/tla/names/index.js';
import type { Model, State } from '../../../tools/tla/check/model.js';
import { toITF, type Value } from '../../../tools/tla/values/index.js';
import type { History } from '../history.js';
import { fromRepoRoot } from '../../../conventions/index.js';

export type TraceValidation =
  | { kind: 'explained'; events: number; statesExplored: number }
  | { kind: 'unexplained'; entry: number; explained: number; message: string }
  | { kind: 'not-applicable'; reason: string }
  | { kind: 'unknown'; reason: string };

/** A step the history reports: the history entry, the node that took it, the part (spec instance) it belongs to. */
export interface Observation {
  entry: number;
  node: string;
  part: number;
}

/** How one spec is matched against observations of type O, through projections of type P. */
export interface TraceMapping<O extends Observation, P> {
  spec: string;
  /** The variables `project` reads; the others are not converted (all of them when absent). */
  variables?: readonly string[];
  /** The observable variables of a state, as plain JSON (shared between states: read, never modify). */
  project(state: Record<string, unknown>): P;
  /**
   * The part of a projection that observed steps produce and unobserved steps keep (the whole
   * projection when absent). What `project` reads beyond it, `expectedAfter` and `check` may
   * consult, but a step that changes only that is unobserved (DSM's probable-owner hints: a
   * forwarding step moves one, and the next fault's `to` names it).
   */
  key?(projection: P): unknown;
  /** The projection an observed step must produce from `before`; undefined if it cannot. */
  expectedAfter(before: P, step: O): P | undefined;
  /**
   * For an observation that is not a spec step but a check of the state (a read, which the spec
   * states as a predicate): the predicate on the projection. Undefined for an observed step.
   */
  check?(step: O): ((state: P) => boolean) | undefined;
  /**
   * An observed step that may also be no spec step at all, when `expectedAfter` gives the
   * projection unchanged: an event that reports what the spec did earlier (DSM's acknowledgement of a
   * restarted reader, which the spec's Restart may already have counted).
   */
  mayBeNoStep?(step: O): boolean;
  describe(step: O): string;
}

/**
 * Searches depth first over cuts of the run (how many steps of each node are explained), trying
 * the node whose next step comes first in the history before the others, so that a run the spec
 * explains in the order the simulation produced it costs one pass. Each cut carries, for every
 * part, the set of its states that explain the steps so far (parts are independent, so the sets
 * stand for their product); a cut and sets from which nothing completes are remembered and not
 * tried again. Past `maxStates` spec states (per model) or cuts the answer is unknown.
 */
export function explainTrace<O extends Observation, P>(
  history: History,
  parts: readonly Model[],
  observed: readonly O[],
  mapping: TraceMapping<O, P>,
  maxStates: number,
): TraceValidation {
  const order = causalOrder(history, observed);
  const caches = new Map<Model, SpecCache<O, P>>();
  const specs = parts.map((model) => {
    let cache = caches.get(model);
    if (cache === undefined) caches.set(model, (cache = new SpecCache(model, mapping, maxStates)));
    return cache;
  });
  const total = observed.length;
  const stepOf = (cut: number[], n: number): number | undefined => order.chains[n]![cut[n]!];
  const enabled = (cut: number[]): number[] =>
    order.chains
      .map((_, n) => n)
      .filter((n) => {
        const step = stepOf(cut, n);
        return step !== undefined && order.past[step]!.every((count, m) => m === n || cut[m]! >= count);
      })
      .sort((a, b) => observed[stepOf(cut, a)!]!.entry - observed[stepOf(cut, b)!]!.entry || stepOf(cut, a)! - stepOf(cut, b)!);
  const dead = new Map<string, Set<string>>();
  const isDead = (cut: number[], sets: readonly StateSet[]) => dead.get(cut.join(','))?.has(setsKey(sets)) ?? false;

  interface Frame {
    cut: number[];
    sets: readonly StateSet[];
    candidates: number[];
    tried: number;
  }
  const start = new Array<number>(order.chains.length).fill(0);
  const initial = parts.map((model, i) => stateSet(specs[i]!, [...model.initialStates()]));
  const stack: Frame[] = [{ cut: start, sets: initial, candidates: enabled(start), tried: 0 }];
  let deepest = stack[0]!;
  let consumedDeepest = 0;
  let frames = 0;
  const unknown = (what: string): TraceValidation => {
    const next = stepOf(deepest.cut, deepest.candidates[0] ?? 0);
    return { kind: 'unknown', reason: `${what} before history entry ${next === undefined ? '?' : observed[next]!.entry}; the run is too large to validate` };
  };
  try {
    if (total === 0) return { kind: 'explained', events: 0, statesExplored: 0 };
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.tried >= frame.candidates.length) {
        const key = frame.cut.join(',');
        dead.set(key, (dead.get(key) ?? new Set<string>()).add(setsKey(frame.sets)));
        stack.pop();
        continue;
      }
      const node = frame.candidates[frame.tried++]!;
      const step = observed[stepOf(frame.cut, node)!]!;
      const after = advance(frame.sets[step.part]!, step, specs[step.part]!, mapping);
      if (after.states.length === 0) continue;
      const cut = frame.cut.slice();
      cut[node]!++;
      const sets = frame.sets.slice();
      sets[step.part] = after;
      const consumed = cut.reduce((a, b) => a + b, 0);
      if (consumed === total) return { kind: 'explained', events: total, statesExplored: [...caches.values()].reduce((n, c) => n + c.size, 0) };
      if (isDead(cut, sets)) continue;
      if (++frames > maxStates) return unknown(`more than ${maxStates} cuts of the run`);
      const child: Frame = { cut, sets, candidates: enabled(cut), tried: 0 };
      if (consumed > consumedDeepest) {
        consumedDeepest = consumed;
        deepest = child;
      }
      stack.push(child);
    }
  } catch (error) {
    if (error instanceof StateBoundReached) return unknown(`more than ${maxStates} states of ${mapping.spec}`);
    throw error;
  }
  // Nothing explains the run: name the first step, in history order, that the deepest cut could not take.
  const stuck = observed[stepOf(deepest.cut, deepest.candidates[0]!)!]!;
  return {
    kind: 'unexplained',
    entry: stuck.entry,
    explained: consumedDeepest,
    message: `no behaviour of ${mapping.spec} explains ${mapping.describe(stuck)} after ${consumedDeepest} of the other events, in any order that causality allows`,
  };
}

/** A set of states of one part, with a key that is equal for equal sets. */
interface StateSet {
  states: State[];
  key: string;
}

function stateSet<O extends Observation, P>(spec: SpecCache<O, P>, states: State[]): StateSet {
  const byFp = new Map<string, State>();
  for (const s of states) byFp.set(spec.fingerprint(s), s);
  return { states: [...byFp.values()], key: [...byFp.keys()].sort().join(' ') };
}

function setsKey(sets: readonly StateSet[]): string {
  return sets.map((s) => s.key).join('|');
}

/** The states of `step`'s part after it: unobserved steps, then one step with the expected effect. */
function advance<O extends Observation, P>(set: StateSet, step: O, spec: SpecCache<O, P>, mapping: TraceMapping<O, P>): StateSet {
  // A check changes nothing; unobserved steps keep the projection, so the states themselves decide.
  const holds = mapping.check?.(step);
  if (holds !== undefined) return stateSet(spec, set.states.filter((s) => holds(spec.projection(s))));
  const out: State[] = [];
  const mayBeNoStep = mapping.mayBeNoStep?.(step) ?? false;
  for (const state of set.states) {
    for (const before of spec.closure(state)) {
      const expected = mapping.expectedAfter(spec.projection(before), step);
      if (expected === undefined) continue;
      const key = canonical(mapping.key ? mapping.key(expected) : expected);
      if (mayBeNoStep && spec.projectionKey(before) === key) out.push(before);
      for (const after of spec.successors(before)) if (spec.projectionKey(after) === key) out.push(after);
    }
  }
  return stateSet(spec, out);
}

class StateBoundReached extends Error {}

/** One part's spec, with the projections, successors and unobserved closures of the states seen, memoized. */
class SpecCache<O extends Observation, P> {
  private readonly projections = new Map<bigint, { value: P; key: string }>();
  private readonly successorsOf = new Map<bigint, State[]>();
  private readonly closures = new Map<bigint, State[]>();
  /** The projected variables: name and index in a state. */
  private readonly projected: { name: string; index: number }[];
  /**
   * Plain JSON of each variable's value, by the value's identity: a step leaves most variables'
   * values as they were, so most of a successor's projection is already converted.
   */
  private readonly plainOf = new WeakMap<object, unknown>();

  constructor(private readonly model: Model, private readonly mapping: TraceMapping<O, P>, private readonly maxStates: number) {
    const names = mapping.variables ?? model.variables;
    this.projected = names.map((name) => {
      const index = model.variables.indexOf(name);
      if (index < 0) throw new RangeError(`trace validation: ${mapping.spec} has no variable '${name}'`);
      return { name, index };
    });
  }

  get size(): number {
    return this.projections.size;
  }

  fingerprint(state: State): string {
    return this.model.fingerprint(state).toString(36);
  }

  projection(state: State): P {
    return this.entry(state).value;
  }

  projectionKey(state: State): string {
    return this.entry(state).key;
  }

  private entry(state: State): { value: P; key: string } {
    const fp = this.model.fingerprint(state);
    let entry = this.projections.get(fp);
    if (entry === undefined) {
      if (this.projections.size >= this.maxStates) throw new StateBoundReached();
      const value = this.mapping.project(Object.fromEntries(this.projected.map(({ name, index }) => [name, this.plainValue(state[index] as Value)])));
      this.projections.set(fp, (entry = { value, key: canonical(this.mapping.key ? this.mapping.key(value) : value) }));
    }
    return entry;
  }

  /** A state's variable's value as plain JSON (States hold one TLA+ value per variable, in `Model.variables` order). */
  private plainValue(value: Value): unknown {
    if (typeof value !== 'object') return plain(toITF(value));
    let converted = this.plainOf.get(value);
    if (converted === undefined) this.plainOf.set(value, (converted = plain(toITF(value))));
    return converted;
  }

  successors(state: State): State[] {
    const fp = this.model.fingerprint(state);
    let list = this.successorsOf.get(fp);
    if (list === undefined) this.successorsOf.set(fp, (list = [...this.model.successors(state)].map((s) => s.state)));
    return list;
  }

  /** Every state reachable from `state` by steps that change no observable variable (itself included). */
  closure(state: State): State[] {
    const fp0 = this.model.fingerprint(state);
    const known = this.closures.get(fp0);
    if (known !== undefined) return known;
    const key = this.projectionKey(state);
    const seen = new Map<bigint, State>([[fp0, state]]);
    const queue = [state];
    while (queue.length > 0) {
      for (const next of this.successors(queue.pop()!)) {
        const fp = this.model.fingerprint(next);
        if (seen.has(fp) || this.projectionKey(next) !== key) continue;
        seen.set(fp, next);
        queue.push(next);
      }
    }
    const closure = [...seen.values()];
    this.closures.set(fp0, closure);
    return closure;
  }
}

/**
 * The causal order of the observed steps: each node's steps (`chains`, indices into observed, in
 * the node's order) and, for each step, how many steps of every node happen before it (`past`,
 * indexed like `chains`): program order on a node, and a packet's send before its deliveries
 * (the send of its first copy, for a resend: the same payload carries no news of what the sender
 * did in between, so e.g. a directory's Registered on a retransmitted request may precede the
 * holder's exit that the sender took before retransmitting).
 */
export function causalOrder(history: History, observed: readonly Observation[]): { nodes: string[]; chains: number[][]; past: number[][] } {
  const nodes = [...new Set(observed.map((o) => o.node))];
  const index = new Map(nodes.map((n, i) => [n, i]));
  const clocks = new Map<string, number[]>();
  const clockOf = (node: string) => {
    let clock = clocks.get(node);
    if (clock === undefined) clocks.set(node, (clock = new Array<number>(nodes.length).fill(0)));
    return clock;
  };
  const sentWith = new Map<number, number[]>();
  const chains = nodes.map((): number[] => []);
  const past: number[][] = [];
  let next = 0;
  for (const [i, e] of history.entries()) {
    // A resend happens after whatever its sender did since the first copy, but carries none of it.
    if (e.kind === 'packet-sent') sentWith.set(e.packetId, (e.resendOf !== undefined ? sentWith.get(e.resendOf) : undefined) ?? clockOf(e.from).slice());
    if (e.kind === 'packet-delivered') {
      const clock = clockOf(e.to);
      (sentWith.get(e.packetId) ?? []).forEach((count, m) => (clock[m] = Math.max(clock[m]!, count)));
    }
    for (; next < observed.length && observed[next]!.entry === i; next++) {
      const o = observed[next]!;
      const n = index.get(o.node)!;
      const clock = clockOf(o.node);
      past[next] = clock.slice();
      chains[n]!.push(next);
      clock[n]!++;
    }
  }
  if (next < observed.length) throw new RangeError(`trace validation: observed steps must follow history order (step ${next}, entry ${observed[next]!.entry})`);
  return { nodes, chains, past };
}

const canonicalOf = new WeakMap<object, string>();

/** JSON with object keys sorted, so that equal projections have equal text; memoized by identity, as projections share their parts. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  let text = canonicalOf.get(value);
  if (text === undefined) {
    text = Array.isArray(value)
      ? `[${value.map(canonical).join(',')}]`
      : `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
    canonicalOf.set(value, text);
  }
  return text;
}

/** ITF JSON to plain values: tuples and sets to arrays, maps to objects, bigints to numbers, model values to names. */
export function plain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  if ('#bigint' in o) return Number(o['#bigint']);
  if ('#unserializable' in o) return o['#unserializable'];
  if ('#tup' in o) return (o['#tup'] as unknown[]).map(plain);
  if ('#set' in o) return (o['#set'] as unknown[]).map(plain);
  if ('#map' in o) return Object.fromEntries((o['#map'] as [unknown, unknown][]).map(([k, x]) => [keyOf(plain(k)), plain(x)]));
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
}

function keyOf(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const models = new Map<string, Promise<Model>>();
/** Configurations kept loaded; a long sweep fits many (fault budgets vary by run), so the oldest are dropped. */
const MODELS_KEPT = 64;
const resolvedSpecs = new Map<string, Promise<ResolvedModule>>();

/**
 * The spec (a path from the repository root) bound to a configuration built in memory: the
 * `constants` (name → TLA+ value text), Init and `next` (default Next), no deadlock check; the
 * latest configurations are cached. `searchPath` (folders from the repository root) is where
 * modules it extends are found besides its own folder.
 */
export function specModel(spec: string, constants: Record<string, string | number>, options: { next?: string; searchPath?: readonly string[] } = {}): Promise<Model> {
  const configText = ['CONSTANTS', ...Object.entries(constants).map(([name, value]) => `  ${name} = ${value}`), 'INIT Init', `NEXT ${options.next ?? 'Next'}`, 'CHECK_DEADLOCK FALSE', ''].join('\n');
  const key = `${spec}\n${configText}`;
  let model = models.get(key);
  if (model === undefined) {
    const path = fromRepoRoot(spec);
    let resolved = resolvedSpecs.get(path);
    if (resolved === undefined) resolvedSpecs.set(path, (resolved = resolveSpec(path, { searchPath: (options.searchPath ?? []).map((folder) => fromRepoRoot(folder)) })));
    model = resolved.then((module) => loadModel({ spec: path, resolved: module, config: `<in memory: trace validation of ${spec}>`, configText, mode: 'interpreted' }));
    models.set(key, model);
    if (models.size > MODELS_KEPT) models.delete(models.keys().next().value!);
  }
  return model;
}
