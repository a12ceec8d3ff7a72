// The search behind trace validation: is there a behaviour of a spec (a Model from the TLA+
// toolchain) in which each observed step, in order, is one spec step with exactly the reported
// effect on the observable variables, with any number of unobserved steps (which change no
// observable variable) in between? Keeps the set of spec states that explain the prefix so far.
import { loadModel } from '../../../tools/tla/load.js';
import { resolveSpec, type ResolvedModule } from '../../../tools/tla/names/index.js';
import type { Model, State } from '../../../tools/tla/check/model.js';
import { sourceDir } from '../source-dir.js';
import { jsonEqual } from './history-index.js';

export type TraceValidation =
  | { kind: 'explained'; events: number; statesExplored: number }
  | { kind: 'unexplained'; entry: number; explained: number; message: string }
  | { kind: 'not-applicable'; reason: string }
  | { kind: 'unknown'; reason: string };

/** How one spec is matched against observations of type O, through projections of type P. */
export interface TraceMapping<O extends { entry: number }, P> {
  spec: string;
  /** The observable variables of a state, as plain JSON. */
  project(state: Record<string, unknown>): P;
  /** The projection an observed step must produce from `before`; undefined if it cannot. */
  expectedAfter(before: P, step: O): P | undefined;
  describe(step: O): string;
}

export async function explainTrace<O extends { entry: number }, P>(
  model: Model,
  observed: readonly O[],
  mapping: TraceMapping<O, P>,
  maxStates: number,
): Promise<TraceValidation> {
  const project = (state: State) => mapping.project(plain(model.stateToITF(state)) as Record<string, unknown>);
  let frontier = new Map<bigint, State>();
  for (const s of model.initialStates()) frontier.set(model.fingerprint(s), s);
  let explored = 0;
  for (const [k, step] of observed.entries()) {
    const closure = internalClosure(model, frontier, project, maxStates);
    if (closure === undefined) return { kind: 'unknown', reason: `more than ${maxStates} states of ${mapping.spec} before history entry ${step.entry}` };
    explored += closure.size;
    const next = new Map<bigint, State>();
    for (const s of closure.values()) {
      const expected = mapping.expectedAfter(project(s), step);
      if (expected === undefined) continue;
      for (const succ of model.successors(s)) {
        if (jsonEqual(project(succ.state), expected)) next.set(model.fingerprint(succ.state), succ.state);
      }
    }
    if (next.size === 0) {
      return { kind: 'unexplained', entry: step.entry, explained: k, message: `no behaviour of ${mapping.spec} explains ${mapping.describe(step)} after the ${k} events before it` };
    }
    frontier = next;
  }
  return { kind: 'explained', events: observed.length, statesExplored: explored };
}

/** Every state reachable from `frontier` by steps that change no observable variable. */
function internalClosure<P>(model: Model, frontier: Map<bigint, State>, project: (s: State) => P, maxStates: number): Map<bigint, State> | undefined {
  const seen = new Map(frontier);
  const queue = [...frontier.values()];
  while (queue.length > 0) {
    const s = queue.pop()!;
    const before = project(s);
    for (const succ of model.successors(s)) {
      const fp = model.fingerprint(succ.state);
      if (seen.has(fp) || !jsonEqual(project(succ.state), before)) continue;
      seen.set(fp, succ.state);
      if (seen.size > maxStates) return undefined;
      queue.push(succ.state);
    }
  }
  return seen;
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
const resolvedSpecs = new Map<string, Promise<ResolvedModule>>();

/**
 * The spec (a path from the repository root) bound to a configuration built in memory: the
 * `constants` (name → TLA+ value text), Init/Next, no deadlock check; cached by configuration.
 */
export function specModel(spec: string, constants: Record<string, string | number>): Promise<Model> {
  const configText = ['CONSTANTS', ...Object.entries(constants).map(([name, value]) => `  ${name} = ${value}`), 'INIT Init', 'NEXT Next', 'CHECK_DEADLOCK FALSE', ''].join('\n');
  const key = `${spec}\n${configText}`;
  let model = models.get(key);
  if (model === undefined) {
    const path = sourceDir(spec);
    let resolved = resolvedSpecs.get(path);
    if (resolved === undefined) resolvedSpecs.set(path, (resolved = resolveSpec(path, { searchPath: [] })));
    model = resolved.then((module) => loadModel({ spec: path, resolved: module, config: `<in memory: trace validation of ${spec}>`, configText, mode: 'interpreted' }));
    models.set(key, model);
  }
  return model;
}
