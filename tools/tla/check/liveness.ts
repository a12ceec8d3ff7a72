// Temporal properties checked on the explored state graph, as TLC does after BFS: safety forms by
// search for a bad state or step, liveness forms by a fair strongly connected component (WF/SF,
// Emerson-Lei pruning for SF) reachable in the right subgraph, reported as a lasso.
import { fail } from '../diagnostics.js';
import type { Model, State, Temporal, TemporalProperty } from './model.js';
import type { Violation } from './check-result.js';
import type { ActionPropertyCheck, StateGraph } from './explorer.js';
import { fingerprintKey } from './fingerprint-set.js';
import { regenerateTrace } from './counterexample.js';
import type { SuccessorLists } from './successor-lists.js';
import type { StateFactEvaluator } from './graph-states.js';
import { EvaluationInterrupted } from '../values/index.js';
import { initialNodesTest, tlcLasso, type ErrorModel, type Ltl, type NormalForm } from './tlc-lasso.js';
import { holdsOnLasso, normalForm } from './normal-form.js';
import { anyFound, claimComponents, finishComponents, markFound, publishComponents, splitForTests, type ComponentSplit, type SharedComponents, type StepTimer } from './component-split.js';

/** The property forms supported, each the shape of a counterexample search. */
type PropertyForm =
  | { kind: 'initialState'; predicate: Temporal } // P: holds in every initial state (as Init in a refinement property)
  | { kind: 'alwaysState'; predicate: Temporal; name?: string } // []P, named as TLC names it when checked as an implied invariant
  | { kind: 'alwaysAction'; action: number } // [][A]_v
  | { kind: 'eventually'; predicate: Temporal } // <>P
  | { kind: 'infinitelyOften'; predicate: Temporal } // []<>P
  | { kind: 'eventuallyAlways'; predicate: Temporal } // <>[]P
  | { kind: 'infinitelyOftenAction'; steps: ActionLiteral[]; predicate: Temporal | null } // []<>A1 \/ ... \/ []<>P, Ai actions ([B]_v, <<B>>_v or a negation)
  | { kind: 'eventuallyAlwaysAction'; step: ActionLiteral } // <>[]A
  | { kind: 'leadsTo'; lhs: Temporal; rhs: Temporal } // P ~> Q
  | { kind: 'alwaysAfter'; from: Temporal; predicate: Temporal } // [](S \/ []P): P holds from every state where S fails (`from`: ~S)
  | { kind: 'weakFair' | 'strongFair'; action: number } // WF_v(A), SF_v(A) as properties (refinement of a fair spec)
  | { kind: 'general'; formula: Temporal }; // any other formula: TLC's normal form of its negation (normal-form.ts), searched through its tableau

/** An action predicate of the model, or its negation (~<<A>>_v is [~A]_v). */
interface ActionLiteral {
  action: number;
  negated: boolean;
}

function actionLiteral(f: Temporal): ActionLiteral | null {
  if (f.kind === 'action') return { action: f.predicate, negated: false };
  if (f.kind === 'not' && f.arg.kind === 'action') return { action: f.arg.predicate, negated: true };
  return null;
}

function isStateFormula(f: Temporal): boolean {
  switch (f.kind) {
    case 'state':
      return true;
    case 'not':
      return isStateFormula(f.arg);
    case 'and':
    case 'or':
      return f.args.every(isStateFormula);
    default:
      return false;
  }
}

/** An operand of a prefix operator, in parentheses when it is a conjunction or disjunction. */
function operand(f: Temporal): string {
  return f.kind === 'and' || f.kind === 'or' ? `(${describeForm(f)})` : describeForm(f);
}

function describeForm(f: Temporal): string {
  switch (f.kind) {
    case 'state':
      return 'P';
    case 'action':
      return 'A';
    case 'not':
      return `~${operand(f.arg)}`;
    case 'and':
      return f.args.map(describeForm).join(' /\\ ');
    case 'or':
      return f.args.map(describeForm).join(' \\/ ');
    case 'always':
      return `[]${operand(f.arg)}`;
    case 'eventually':
      return `<>${operand(f.arg)}`;
    case 'leadsTo':
      return `${describeForm(f.lhs)} ~> ${describeForm(f.rhs)}`;
    case 'weakFair':
      return 'WF_v(A)';
    case 'strongFair':
      return 'SF_v(A)';
  }
}

/**
 * A supported form, checked only on the behaviours whose initial state fails `unless`: a conjunct
 * `S \/ F` (S a state formula, read in the first state: `P => <>Q`, and IF P THEN F ELSE G).
 * `source`: the conjunct as written, which TLC's normal form starts from.
 */
interface GuardedForm {
  form: PropertyForm;
  unless?: Temporal;
  source: Temporal;
}

/**
 * The conjuncts of a property as forms: those reduced to a search of their own, else the general
 * form (any formula TLC checks; one with an action where TLC refuses it is refused with E5001).
 */
export function propertyForms(property: TemporalProperty): GuardedForm[] {
  const conjuncts = property.formula.kind === 'and' ? property.formula.args : [property.formula];
  return conjuncts.map((source): GuardedForm => {
    const f = normalized(source);
    if (f.kind === 'or' && !isStateFormula(f)) {
      const temporal = f.args.filter((g) => !isStateFormula(g));
      const state = f.args.filter(isStateFormula);
      if (temporal.length === 1 && state.length > 0) {
        const form = unguardedForm(temporal[0]!);
        if (form && form.kind !== 'weakFair' && form.kind !== 'strongFair') return { form, unless: state.length === 1 ? state[0]! : { kind: 'or', args: state }, source };
      }
    }
    return { form: unguardedForm(f) ?? generalForm(property, source), source };
  });
}

/** Evaluates nothing: the normal form built only for its refusals. */
const unevaluated = { holds: () => false, enabled: () => false, step: () => false };

/** A formula searched through TLC's normal form, refused (E5001) where TLC refuses it. */
function generalForm(property: TemporalProperty, f: Temporal): PropertyForm {
  normalForm([], [f], unevaluated, refusalOf([property]));
  return { kind: 'general', formula: f };
}

/** How the normal form of `properties` names them in a refusal. */
const refusalOf = (properties: readonly TemporalProperty[]) => ({ name: `property ${properties.map((p) => p.name).join(', ')}`, ...(properties[0]?.span ? { span: properties[0].span } : {}) });

/**
 * An equivalent formula in the shapes the forms are matched on: negation moved inside [] and <>
 * (~[]P is <>~P), and <>P \/ <>Q joined into <>(P \/ Q).
 */
function normalized(f: Temporal): Temporal {
  switch (f.kind) {
    case 'not': {
      const a = f.arg;
      if (a.kind === 'always') return { kind: 'eventually', arg: normalized({ kind: 'not', arg: a.arg }) };
      if (a.kind === 'eventually') return { kind: 'always', arg: normalized({ kind: 'not', arg: a.arg }) };
      if (a.kind === 'not') return normalized(a.arg);
      return f;
    }
    case 'always':
    case 'eventually':
      return { ...f, arg: normalized(f.arg) };
    case 'and':
      return { kind: 'and', args: f.args.map(normalized) };
    case 'or': {
      const args = f.args.map(normalized);
      const eventual = args.filter((g): g is Temporal & { kind: 'eventually' } => g.kind === 'eventually' && isStateFormula(g.arg));
      if (eventual.length < 2) return { kind: 'or', args };
      const joined: Temporal = { kind: 'eventually', arg: { kind: 'or', args: eventual.map((g) => g.arg) } };
      const rest = args.filter((g) => !eventual.includes(g as Temporal & { kind: 'eventually' }));
      return rest.length === 0 ? joined : { kind: 'or', args: [...rest, joined] };
    }
    default:
      return f;
  }
}

/**
 * []<>A, or a disjunction of []<>A and []<>P terms with at least one action (the expanded WF of a
 * refined spec: `[]<>~ENABLED <<A>>_v \/ []<><<A>>_v`); the state predicates are joined into one.
 */
function infinitelyOftenSteps(f: Temporal): PropertyForm | null {
  const terms = f.kind === 'or' ? f.args : [f];
  const steps: ActionLiteral[] = [];
  const predicates: Temporal[] = [];
  for (const term of terms) {
    if (term.kind !== 'always' || term.arg.kind !== 'eventually') return null;
    const literal = actionLiteral(term.arg.arg);
    if (literal) steps.push(literal);
    else if (isStateFormula(term.arg.arg)) predicates.push(term.arg.arg);
    else return null;
  }
  if (steps.length === 0) return null;
  const predicate = predicates.length === 0 ? null : predicates.length === 1 ? predicates[0]! : { kind: 'or' as const, args: predicates };
  return { kind: 'infinitelyOftenAction', steps, predicate };
}

function unguardedForm(f: Temporal): PropertyForm | null {
  if (isStateFormula(f)) return { kind: 'initialState', predicate: f };
  if (f.kind === 'always' && isStateFormula(f.arg)) return { kind: 'alwaysState', predicate: f.arg, ...(f.name !== undefined ? { name: f.name } : {}) };
  if (f.kind === 'always' && f.arg.kind === 'action') return { kind: 'alwaysAction', action: f.arg.predicate };
  if (f.kind === 'eventually' && isStateFormula(f.arg)) return { kind: 'eventually', predicate: f.arg };
  if (f.kind === 'always' && f.arg.kind === 'eventually' && isStateFormula(f.arg.arg)) return { kind: 'infinitelyOften', predicate: f.arg.arg };
  if (f.kind === 'eventually' && f.arg.kind === 'always' && isStateFormula(f.arg.arg)) return { kind: 'eventuallyAlways', predicate: f.arg.arg };
  const infinitelyOften = infinitelyOftenSteps(f);
  if (infinitelyOften) return infinitelyOften;
  const eventually = f.kind === 'eventually' && f.arg.kind === 'always' ? actionLiteral(f.arg.arg) : null;
  if (eventually) return { kind: 'eventuallyAlwaysAction', step: eventually };
  if (f.kind === 'leadsTo' && isStateFormula(f.lhs) && isStateFormula(f.rhs)) return { kind: 'leadsTo', lhs: f.lhs, rhs: f.rhs };
  if (f.kind === 'weakFair' || f.kind === 'strongFair') return { kind: f.kind, action: f.action };
  if (f.kind === 'always' && f.arg.kind === 'or') {
    // [](S \/ []Q), e.g. [](P => []P): from any state where S fails, Q holds from then on.
    const lasting = f.arg.args.filter((g) => !isStateFormula(g));
    const state = f.arg.args.filter(isStateFormula);
    const only = lasting[0];
    const unless: Temporal = state.length === 1 ? state[0]! : { kind: 'or', args: state };
    if (lasting.length === 1 && state.length > 0 && only!.kind === 'always' && isStateFormula(only!.arg)) {
      return { kind: 'alwaysAfter', from: { kind: 'not', arg: unless }, predicate: only!.arg };
    }
    // [](S \/ <>Q) is (~S) ~> Q.
    if (lasting.length === 1 && state.length > 0 && only!.kind === 'eventually' && isStateFormula(only!.arg)) {
      return { kind: 'leadsTo', lhs: { kind: 'not', arg: unless }, rhs: only!.arg };
    }
  }
  return null;
}

/** The A of a fairness conjunct `<>[]A` (A an action, `<>[][B]_v` as people write it), or null. */
function eventuallyAlwaysStep(f: Temporal): ActionLiteral | null {
  return f.kind === 'eventually' && f.arg.kind === 'always' ? actionLiteral(f.arg.arg) : null;
}

/** Refuses unsupported properties before the search starts, so the user does not wait for nothing. */
export function validateProperties(model: Model): void {
  for (const property of model.properties) propertyForms(property);
  for (const f of model.fairness ?? []) {
    if (f.kind !== 'weakFair' && f.kind !== 'strongFair' && !eventuallyAlwaysStep(f)) {
      fail('E5001', `fairness condition of the form ${describeForm(f)} is not supported`, undefined, 'fairness is a conjunction of WF_v(A), SF_v(A) and <>[][A]_v');
    }
  }
}

/**
 * What the search reads on (nearly) every state: the state predicates of the properties' forms (not
 * those read in initial states only: a form that is a state predicate, the S of a guarded S \/ F) and
 * ENABLED of every fair action (of SPECIFICATION, and WF/SF properties). TLC evaluates them as each
 * state joins its behaviour graph.
 */
function stateFactList(model: Model): { predicates: number[]; enabled: number[] } {
  const predicates = new Set<number>();
  const enabled = new Set<number>();
  const leaves = (f: Temporal): void => {
    if (f.kind === 'state') predicates.add(f.predicate);
    else if (f.kind === 'not') leaves(f.arg);
    else if (f.kind === 'and' || f.kind === 'or') f.args.forEach(leaves);
  };
  const all = (f: Temporal): void => {
    if (f.kind === 'weakFair' || f.kind === 'strongFair') enabled.add(f.action);
    else if (f.kind === 'state') predicates.add(f.predicate);
    else if (f.kind === 'leadsTo') (all(f.lhs), all(f.rhs));
    else if ('arg' in f) all(f.arg);
    else if ('args' in f) f.args.forEach(all);
  };
  for (const property of model.properties) {
    for (const { form } of propertyForms(property)) {
      if (form.kind === 'weakFair' || form.kind === 'strongFair') enabled.add(form.action);
      else if (form.kind === 'general') all(form.formula);
      else if (form.kind === 'leadsTo') (leaves(form.lhs), leaves(form.rhs));
      else if (form.kind === 'alwaysAfter') (leaves(form.from), leaves(form.predicate));
      else if ('predicate' in form && form.predicate && form.kind !== 'initialState') leaves(form.predicate);
    }
  }
  for (const f of model.fairness ?? []) if (f.kind === 'weakFair' || f.kind === 'strongFair') enabled.add(f.action);
  return { predicates: [...predicates], enabled: [...enabled] };
}

/**
 * What TLC evaluates of the liveness properties as it expands a state, once its successors are
 * generated (Worker.doNextCheckLiveness, LiveCheck.addNextState): the state predicates of the
 * conjuncts it checks without a tableau ([]<>P, <>[]P) on the state (OrderOfSolution.checkState), then
 * those of the conjuncts with one (<>P, P ~> Q, [](S \/ []P)) on each successor and on the state
 * itself, its stuttering step (the tableau nodes' consistency); before both, the action predicates of
 * []<>A and <>[]A on each step to a successor and the stuttering step (OrderOfSolution.checkAction).
 * `onState` and `onSuccessors` are their indices among the facts of `stateFacts`, which the search
 * reads for a failed evaluation; `evaluate` evaluates all in TLC's order and throws the first error
 * (an action predicate's error is found by a search again alone, which calls it on every state). Null
 * when there are none. ENABLED of each fair action is evaluated on the state with the predicates
 * (TLC's checkState). Not covered: guarded and general conjuncts.
 */
export interface ExpansionLiveness {
  onState: number[];
  onSuccessors: number[];
  /** Both, for a state read in either role. */
  all: number[];
  evaluate(state: State, successors: readonly State[]): void;
}

export function expansionLiveness(model: Model): ExpansionLiveness | null {
  const list = stateFactList(model);
  const factIndex = new Map(list.predicates.map((p, k) => [p, k]));
  const onState = new Set<number>();
  const onSuccessors = new Set<number>();
  const actions = new Set<number>();
  const leaves = (f: Temporal, into: Set<number>): void => {
    if (f.kind === 'state') into.add(f.predicate);
    else if (f.kind === 'not') leaves(f.arg, into);
    else if (f.kind === 'and' || f.kind === 'or') f.args.forEach((g) => leaves(g, into));
  };
  for (const { form, unless } of model.properties.flatMap(propertyForms)) {
    if (unless) continue;
    if (form.kind === 'infinitelyOften' || form.kind === 'eventuallyAlways') leaves(form.predicate, onState);
    else if (form.kind === 'infinitelyOftenAction') {
      form.steps.forEach((literal) => actions.add(literal.action));
      if (form.predicate) leaves(form.predicate, onState);
    } else if (form.kind === 'eventuallyAlwaysAction') actions.add(form.step.action);
    else if (form.kind === 'eventually') leaves(form.predicate, onSuccessors);
    else if (form.kind === 'leadsTo') (leaves(form.lhs, onSuccessors), leaves(form.rhs, onSuccessors));
    else if (form.kind === 'alwaysAfter') (leaves(form.from, onSuccessors), leaves(form.predicate, onSuccessors));
  }
  if (onState.size + onSuccessors.size + actions.size + list.enabled.length === 0) return null;
  const facts = (predicates: Set<number>) => [...predicates].map((p) => factIndex.get(p)!);
  // ENABLED of every fair action too, the facts after the predicates (`stateFacts`).
  const stateFactIndices = [...facts(onState), ...list.enabled.map((_, i) => list.predicates.length + i)];
  return {
    onState: stateFactIndices,
    onSuccessors: facts(onSuccessors),
    all: [...new Set([...stateFactIndices, ...facts(onSuccessors)])],
    evaluate(state, successors) {
      for (const s of [...successors, state]) for (const a of actions) model.evalActionPredicate(a, state, s);
      for (const p of onState) model.evalStatePredicate(p, state);
      for (const a of list.enabled) model.enabled(a, state);
      for (const s of [...successors, state]) for (const p of onSuccessors) model.evalStatePredicate(p, s);
    },
  };
}

/**
 * The facts of `stateFactList` as the graph's store evaluates them on each state it keeps: on the
 * thread that found the state, during the search (so on every worker), rather than all on one thread
 * after it. Null when the properties read none.
 */
export function stateFacts(model: Model): StateFactEvaluator | null {
  const { predicates, enabled } = stateFactList(model);
  if (predicates.length + enabled.length === 0) return null;
  const known = (evaluate: () => boolean): number => {
    try {
      return evaluate() ? 1 : -1;
    } catch (error) {
      if (error instanceof EvaluationInterrupted) throw error;
      return 0; // evaluated again by the search if it needs it, which then reports the error
    }
  };
  return {
    count: predicates.length + enabled.length,
    evaluate(state, out, at) {
      for (let i = 0; i < predicates.length; i++) out[at + i] = known(() => model.evalStatePredicate(predicates[i]!, state));
      for (let i = 0; i < enabled.length; i++) out[at + predicates.length + i] = known(() => model.enabled(enabled[i]!, state));
    },
  };
}

export interface Lasso {
  /** Graph node ids from an initial state; the cycle is nodes[loopStart..] back to nodes[loopStart]. */
  nodes: number[];
  loopStart: number;
  stuttering: boolean;
}

function someNode(nodes: Int32Array, start: number, end: number, test: (u: number) => boolean): boolean {
  for (let i = start; i < end; i++) if (test(nodes[i]!)) return true;
  return false;
}

/**
 * Nodes grouped into components: component c is members[start(c) .. end(c)), in the order added; in
 * `shared` memory when given, published to the other threads as components close.
 */
class Partition {
  readonly members: Int32Array;
  private length = 0;
  private ends: Int32Array;
  count = 0;

  constructor(
    capacity: number,
    private readonly shared: SharedComponents | null = null,
  ) {
    this.members = shared?.members ?? new Int32Array(capacity);
    this.ends = shared?.ends ?? new Int32Array(16);
  }

  add(node: number): void {
    this.members[this.length++] = node;
  }

  /** Ends the component being added. */
  close(): void {
    if (this.count === this.ends.length) {
      const bigger = new Int32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.ends[this.count++] = this.length;
    // Published every 128 components, and at once after a large one: a thread may be waiting for it.
    if (this.shared && ((this.count & 127) === 0 || this.length - this.start(this.count - 1) >= 1024)) publishComponents(this.shared, this.count);
  }

  start(c: number): number {
    return c === 0 ? 0 : this.ends[c - 1]!;
  }

  end(c: number): number {
    return this.ends[c]!;
  }
}

class GraphSearch {
  private readonly cache = new Map<Temporal, Int8Array>();
  /** Times the steps of a lasso search (`lasso`): the states allowed, Tarjan, the fairness tests, the lasso. */
  timer: StepTimer | null = null;
  /**
   * The steps a fair behaviour may take forever: with `<>[]A` conjuncts in the fairness, only steps
   * satisfying every such A, so cycles are sought among those (the prefix may take any step).
   */
  private readonly cycleEdges: SuccessorLists;
  /** Whether a fair behaviour may stutter forever in `id`: `canStutter`, and stuttering is an A-step of every `<>[]A`. */
  private readonly mayStutter: (id: number) => boolean;
  /**
   * Shortest paths from the initial states, for the prefix of every counterexample: made at first use,
   * as a property that holds may need none (MessagingNightly's: ≈ 30 % of its check).
   */
  private shortest: { parent: Int32Array; depth: Int32Array } | null = null;
  /** Where the graph's store keeps a state predicate's value and an action's ENABLED (`stateFacts`). */
  private readonly predicateFact = new Map<number, number>();
  private readonly enabledFact = new Map<number, number>();

  /**
   * `canStutter(id)`: whether a behaviour may stutter in `id` forever (every state may, but in a graph
   * of the steps that are not A-steps a stuttering step that is an A-step is not allowed).
   */
  constructor(
    private readonly model: Model,
    private readonly graph: StateGraph,
    canStutter: (id: number) => boolean = () => true,
  ) {
    const facts = stateFactList(model);
    facts.predicates.forEach((p, k) => this.predicateFact.set(p, k));
    facts.enabled.forEach((a, k) => this.enabledFact.set(a, facts.predicates.length + k));
    const lasting = (model.fairness ?? []).flatMap((f) => eventuallyAlwaysStep(f) ?? []);
    const allSteps = (u: number, v: number) => lasting.every((literal) => model.evalActionPredicate(literal.action, graph.states.get(u), graph.states.get(v)) !== literal.negated);
    this.cycleEdges = lasting.length === 0 ? graph.successors : graph.successors.filtered(allSteps);
    this.mayStutter = lasting.length === 0 ? canStutter : (id) => canStutter(id) && allSteps(id, id);
  }

  private shortestPaths(): { parent: Int32Array; depth: Int32Array } {
    if (this.shortest) return this.shortest;
    const { graph } = this;
    const edges = graph.successors;
    const parent = new Int32Array(graph.states.length).fill(-2);
    const depth = new Int32Array(graph.states.length);
    const queue = new Int32Array(graph.states.length);
    let tail = 0;
    for (const id of graph.initial) if (parent[id] === -2) (parent[id] = -1), (queue[tail++] = id);
    for (let head = 0; head < tail; head++) {
      const u = queue[head]!;
      for (let e = edges.first(u), end = edges.first(u + 1); e < end; e++) {
        const v = edges.targetAt(e);
        if (parent[v] === -2) (parent[v] = u), (depth[v] = depth[u]! + 1), (queue[tail++] = v);
      }
    }
    return (this.shortest = { parent, depth });
  }

  /** Whether a path from the initial states leads to `id`. */
  isReachable(id: number): boolean {
    return this.shortestPaths().parent[id] !== -2;
  }

  /** The number of steps from the nearest initial state to a reachable `id`. */
  depthOf(id: number): number {
    return this.shortestPaths().depth[id]!;
  }

  reachablePath(target: number): number[] {
    const { parent } = this.shortestPaths();
    const path: number[] = [];
    for (let v = target; v !== -1; v = parent[v]!) path.push(v);
    return path.reverse();
  }

  holds(f: Temporal, id: number): boolean {
    let values = this.cache.get(f);
    if (!values) this.cache.set(f, (values = new Int8Array(this.graph.states.length)));
    if (values[id] === 0) values[id] = this.evaluate(f, id) ? 1 : -1;
    return values[id] === 1;
  }

  private evaluate(f: Temporal, id: number): boolean {
    switch (f.kind) {
      case 'state': {
        const known = this.graph.states.fact(id, this.predicateFact.get(f.predicate) ?? -1);
        return known !== 0 ? known > 0 : this.model.evalStatePredicate(f.predicate, this.graph.states.get(id));
      }
      case 'not':
        return !this.holds(f.arg, id);
      case 'and':
        return f.args.every((g) => this.holds(g, id));
      case 'or':
        return f.args.some((g) => this.holds(g, id));
      default:
        throw new Error(`not a state formula: ${f.kind}`);
    }
  }

  step(action: number, u: number, v: number): boolean {
    return this.model.evalActionPredicate(action, this.graph.states.get(u), this.graph.states.get(v));
  }

  /** The successors of `id` a cycle may take in the graph searched. */
  successorsOf(id: number): Int32Array {
    return this.cycleEdges.of(id);
  }

  enabled(action: number, id: number): boolean {
    const known = this.graph.states.fact(id, this.enabledFact.get(action) ?? -1);
    return known !== 0 ? known > 0 : this.model.enabled(action, this.graph.states.get(id));
  }

  /**
   * Per-node scratch of the searches below, over typed arrays (a graph of millions of states made
   * Maps and Sets of node ids the largest and slowest part of liveness checking). A node belongs to
   * the current call's set or visit when its stamp is the call's number, so nothing is cleared.
   */
  private scratch: { member: Int32Array; visited: Int32Array; index: Int32Array; low: Int32Array; onStack: Uint8Array } | null = null;
  private call = 0;

  private scratchFor(): NonNullable<GraphSearch['scratch']> {
    const n = this.graph.states.length;
    if (!this.scratch || this.scratch.member.length < n) {
      this.scratch = { member: new Int32Array(n), visited: new Int32Array(n), index: new Int32Array(n), low: new Int32Array(n), onStack: new Uint8Array(n) };
      this.call = 0;
    }
    this.call++;
    return this.scratch;
  }

  /**
   * Strongly connected components of the subgraph induced by `nodes` (iterative Tarjan), in the order
   * found, as one `Partition` (an array per component was ≈ 60 bytes a state in graphs of singletons).
   */
  components(nodes: readonly number[], shared: SharedComponents | null = null): Partition {
    const { member, visited, index, low, onStack } = this.scratchFor();
    const call = this.call;
    const edges = this.cycleEdges;
    for (const id of nodes) member[id] = call;
    const stack: number[] = [];
    const result = new Partition(nodes.length, shared);
    let counter = 0;
    // The DFS path as (node, next edge) pairs.
    const work: number[] = [];
    const enter = (v: number) => {
      visited[v] = call;
      index[v] = low[v] = counter++;
      stack.push(v);
      onStack[v] = 1;
      work.push(v, 0);
    };
    for (const root of nodes) {
      if (visited[root] === call) continue;
      enter(root);
      while (work.length > 0) {
        const v = work[work.length - 2]!;
        const i = work[work.length - 1]!;
        const e = edges.first(v) + i;
        if (e < edges.first(v + 1)) {
          work[work.length - 1] = i + 1;
          const w = edges.targetAt(e);
          if (member[w] !== call) continue;
          if (visited[w] !== call) enter(w);
          else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
          continue;
        }
        work.length -= 2;
        if (work.length > 0) {
          const u = work[work.length - 2]!;
          low[u] = Math.min(low[u]!, low[v]!);
        }
        if (low[v] === index[v]) {
          let w: number;
          do {
            w = stack.pop()!;
            onStack[w] = 0;
            result.add(w);
          } while (w !== v);
          result.close();
        }
      }
    }
    if (shared) publishComponents(shared, result.count);
    return result;
  }

  /** Marks of `fairComponents`: a node is in the component examined when its mark is that component's number. */
  private componentMark: Int32Array | null = null;
  private componentCount = 0;

  /**
   * Components within `allowed` that can host a fair cycle visiting a `must` node (when given).
   * Every state may stutter forever, so every component, even a single state, has a cycle.
   * Examined last found first, a component split under SF right after it.
   */
  fairComponents(allowed: readonly number[], must: ((id: number) => boolean) | null): number[][] {
    const partition = this.components(allowed);
    this.timer?.step('tarjan');
    const found = this.fairAmong(partition, must);
    this.timer?.step('fairness');
    return found;
  }

  /** The fair components of `partition` (`fairComponents`). */
  private fairAmong(partition: Partition, must: ((id: number) => boolean) | null): number[][] {
    const found: number[][] = [];
    for (let c = partition.count - 1; c >= 0; c--) this.fairParts(partition.members, partition.start(c), partition.end(c), must, found);
    return found;
  }

  /**
   * `fairComponents` with the components' tests shared with other threads (`component-split.ts`):
   * none when no thread finds a fair one; otherwise those of this thread alone, tested again in its
   * order (so the lasso, or the evaluation error, is one thread's).
   */
  private fairComponentsSplit(allowed: readonly number[], must: ((id: number) => boolean) | null, split: ComponentSplit): number[][] {
    const partition = this.components(allowed, split.shared);
    finishComponents(split.shared);
    this.timer?.step('tarjan');
    const someFair = splitForTests.searcherTests ? this.claimFair(split.shared, must) : anyFound(split.shared);
    this.timer?.step('fairness');
    if (!someFair) return [];
    split.exact = true;
    const found = this.fairAmong(partition, must);
    this.timer?.step('fairness');
    return found;
  }

  /** Tests components of `shared` as they are claimed (`claimComponents`): whether some thread found one fair. */
  claimFair(shared: SharedComponents, must: ((id: number) => boolean) | null): boolean {
    const found: number[][] = [];
    return claimComponents(shared, (start, end) => (this.fairParts(shared.members, start, end, must, found), found.length > 0));
  }

  /**
   * The components that can host a fair cycle (visiting a `must` node) among nodes[start .. end), one
   * strongly connected component, appended to `found`: itself, or under SF when the action is enabled
   * somewhere in it and takes no step inside, those among its states where it is disabled.
   */
  private fairParts(nodes: Int32Array, start: number, end: number, must: ((id: number) => boolean) | null, found: number[][]): void {
    // Loops rather than closures per component: most components of a large graph are single states.
    if (must && !someNode(nodes, start, end, must)) return;
    const only = nodes[start]!;
    if (end - start === 1 && !this.mayStutter(only) && !this.cycleEdges.of(only).includes(only)) return;
    if (!this.componentMark || this.componentMark.length < this.graph.states.length) this.componentMark = new Int32Array(this.graph.states.length);
    const mark = this.componentMark;
    const stamp = ++this.componentCount;
    for (let i = start; i < end; i++) mark[nodes[i]!] = stamp;
    for (const f of this.model.fairness ?? []) {
      if (f.kind === 'weakFair') {
        if (!this.enabledIn(f.action, false, nodes, start, end) && !this.stepIn(f.action, nodes, start, end, stamp)) return;
      } else if (f.kind === 'strongFair') {
        if (this.enabledIn(f.action, true, nodes, start, end) && !this.stepIn(f.action, nodes, start, end, stamp)) {
          // A fair cycle may still exist among the states where the action is disabled.
          const disabled = Array.from(nodes.subarray(start, end)).filter((u) => !this.enabled(f.action, u));
          const split = this.components(disabled);
          for (let c = split.count - 1; c >= 0; c--) this.fairParts(split.members, split.start(c), split.end(c), must, found);
          return;
        }
      }
    }
    found.push(Array.from(nodes.subarray(start, end)));
  }

  /** Whether ENABLED `action` is `value` in some of nodes[start .. end). */
  private enabledIn(action: number, value: boolean, nodes: Int32Array, start: number, end: number): boolean {
    for (let i = start; i < end; i++) if (this.enabled(action, nodes[i]!) === value) return true;
    return false;
  }

  /** Whether an `action` step joins two of nodes[start .. end), the component marked `stamp`. */
  private stepIn(action: number, nodes: Int32Array, start: number, end: number, stamp: number): boolean {
    const edges = this.cycleEdges;
    const mark = this.componentMark!;
    for (let i = start; i < end; i++) {
      const u = nodes[i]!;
      for (let e = edges.first(u), last = edges.first(u + 1); e < last; e++) {
        const v = edges.targetAt(e);
        if (mark[v] === stamp && this.step(action, u, v)) return true;
      }
    }
    return false;
  }

  /** Shortest path from any of `from` to any node satisfying `to`, moving only through `within` along `edges`. */
  path(from: Iterable<number>, to: (id: number) => boolean, within: (id: number) => boolean, edges: SuccessorLists = this.graph.successors): number[] | null {
    const { visited, index: parent } = this.scratchFor();
    const call = this.call;
    const queue: number[] = [];
    const reach = (v: number, u: number) => {
      visited[v] = call;
      parent[v] = u;
      queue.push(v);
    };
    for (const id of from) if (within(id) && visited[id] !== call) reach(id, -1);
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head]!;
      if (to(u)) {
        const path: number[] = [];
        for (let v = u; v !== -1; v = parent[v]!) path.push(v);
        return path.reverse();
      }
      for (const v of edges.of(u)) if (within(v) && visited[v] !== call) reach(v, u);
    }
    return null;
  }

  /**
   * A cycle from `entry` through the component that visits the fairness witnesses, a `must` node and
   * takes a `mustStep` step (when given).
   */
  cycle(component: number[], entry: number, must: ((id: number) => boolean) | null, mustStep: ((u: number, v: number) => boolean) | null = null): { nodes: number[]; stuttering: boolean } {
    const fairness = this.model.fairness ?? [];
    // Stuttering in the entry forever is the shortest cycle, when it is fair and meets the demands.
    const fairStutter = fairness.every((f) => (f.kind !== 'weakFair' && f.kind !== 'strongFair') || !this.enabled(f.action, entry));
    if (fairStutter && this.mayStutter(entry) && !mustStep && (!must || must(entry))) return { nodes: [entry], stuttering: true };
    const members = new Set(component);
    const inside = (id: number) => members.has(id);
    const nodes = [entry];
    const goTo = (target: (id: number) => boolean) => {
      const last = nodes[nodes.length - 1]!;
      if (target(last)) return;
      const p = this.path([last], target, inside, this.cycleEdges)!;
      nodes.push(...p.slice(1));
    };
    const takeStep = (step: (u: number, v: number) => boolean) => {
      const isSource = (u: number) => this.cycleEdges.of(u).some((v) => inside(v) && step(u, v));
      goTo(isSource);
      const u = nodes[nodes.length - 1]!;
      nodes.push(this.cycleEdges.of(u).find((v) => inside(v) && step(u, v))!);
    };
    for (const f of fairness) {
      if (f.kind !== 'weakFair' && f.kind !== 'strongFair') continue;
      const disabledSomewhere = component.some((u) => !this.enabled(f.action, u));
      if (f.kind === 'weakFair' && disabledSomewhere) goTo((u) => !this.enabled(f.action, u));
      else if (f.kind === 'strongFair' && !component.some((u) => this.enabled(f.action, u))) continue;
      else takeStep((u, v) => this.step(f.action, u, v));
    }
    if (mustStep) takeStep(mustStep);
    if (must) goTo(must);
    const hasEdges = component.length > 1 || this.cycleEdges.of(entry).includes(entry);
    if (!hasEdges) return { nodes, stuttering: true };
    // Close the cycle back to the entry (a path of at least one step); the return is implicit.
    const last = nodes[nodes.length - 1]!;
    if (last === entry && nodes.length > 1) nodes.pop();
    else {
      const back = this.path(this.cycleEdges.of(last).filter(inside), (id) => id === entry, inside, this.cycleEdges)!;
      nodes.push(...back.slice(0, -1));
    }
    return { nodes, stuttering: false };
  }

  /**
   * A fair lasso: from `starts` through `prefixWithin` into a fair component of `cycleWithin`. With
   * `split`, the components' fairness is tested with another thread; the helping thread only tests (and
   * returns null).
   */
  lasso(starts: readonly number[], prefixWithin: (id: number) => boolean, cycleWithin: (id: number) => boolean, must: ((id: number) => boolean) | null, split: ComponentSplit | null = null): Lasso | null {
    if (split?.role === 'help') {
      this.claimFair(split.shared, must);
      return null;
    }
    const allowed: number[] = [];
    for (let id = 0; id < this.graph.states.length; id++) if (cycleWithin(id)) allowed.push(id);
    this.timer?.step('allowed');
    const components = split ? this.fairComponentsSplit(allowed, must, split) : this.fairComponents(allowed, must);
    if (components.length === 0) return null;
    const found = this.lassoInto(components, starts, prefixWithin, must);
    this.timer?.step('lasso');
    return found;
  }

  /** The lasso into the nearest of the fair `components` (`lasso`). */
  private lassoInto(components: number[][], starts: readonly number[], prefixWithin: (id: number) => boolean, must: ((id: number) => boolean) | null): Lasso | null {
    const componentOf = new Map<number, number[]>();
    for (const c of components) for (const id of c) componentOf.set(id, c);
    // One breadth-first search from every start at once (starts nearest the initial states first,
    // for short counterexamples): linear in the graph however many starts there are.
    const sorted = starts.map((id) => [this.depthOf(id), id] as const).sort((a, b) => a[0] - b[0]).map(([, id]) => id);
    const prefix = this.path(sorted, (id) => componentOf.has(id), prefixWithin);
    if (!prefix) return null;
    const entry = prefix[prefix.length - 1]!;
    const cycle = this.cycle(componentOf.get(entry)!, entry, must);
    const head = [...this.reachablePath(prefix[0]!).slice(0, -1), ...prefix.slice(0, -1)];
    return { nodes: [...head, ...cycle.nodes], loopStart: head.length, stuttering: cycle.stuttering };
  }
}

function nodeIds(graph: StateGraph): number[] {
  const ids = new Array<number>(graph.states.length);
  for (let id = 0; id < ids.length; id++) ids[id] = id;
  return ids;
}

/** The part of the state graph a form is checked on, and the search over it. */
interface Scope {
  search: GraphSearch;
  graph: StateGraph;
  all: number[];
}

/** The behaviours whose initial state fails `unless`: the states reachable from those initial states. */
function behavioursFailing(unless: Temporal, model: Model, whole: Scope): Scope {
  const initial = whole.graph.initial.filter((id) => !whole.search.holds(unless, id));
  const graph: StateGraph = { ...whole.graph, initial };
  const search = new GraphSearch(model, graph);
  return { search, graph, all: whole.all.filter((id) => search.isReachable(id)) };
}

/**
 * The unguarded `[][A]_v` conjuncts of the model's properties, which the searches judge on each step
 * they generate (Explorer, runBehaviour), as TLC checks implied actions.
 */
export function actionPropertyChecks(model: Model): ActionPropertyCheck[] {
  return model.properties.flatMap((property, index) =>
    propertyForms(property).flatMap(({ form, unless }) => (form.kind === 'alwaysAction' && !unless ? [{ property: index, action: form.action }] : [])),
  );
}

/** An unguarded `[]P` conjunct, P a state formula, of `Model.properties[property]`; `name`: TLC's for it, when not the property's. */
export interface StatePropertyCheck {
  property: number;
  predicate: Temporal;
  name?: string;
}

/**
 * The unguarded `[]P` conjuncts (P a state formula) of the model's properties, which the search judges
 * on each new state after the invariants and reports as a violated invariant, as TLC checks implied
 * invariants: it stops there, with the counts of that moment.
 */
export function statePropertyChecks(model: Model): StatePropertyCheck[] {
  return model.properties.flatMap((property, index) =>
    propertyForms(property).flatMap(({ form, unless }) => (form.kind === 'alwaysState' && !unless ? [{ property: index, predicate: form.predicate, ...(form.name !== undefined ? { name: form.name } : {}) }] : [])),
  );
}

/** Whether the state formula `f` holds in `state`. */
export function stateFormulaHolds(model: Model, f: Temporal, state: State): boolean {
  switch (f.kind) {
    case 'state':
      return model.evalStatePredicate(f.predicate, state);
    case 'not':
      return !stateFormulaHolds(model, f.arg, state);
    case 'and':
      return f.args.every((g) => stateFormulaHolds(model, g, state));
    case 'or':
      return f.args.some((g) => stateFormulaHolds(model, g, state));
    default:
      throw new Error(`not a state formula: ${f.kind}`);
  }
}

/** Whether the search judges a conjunct as it goes (the unguarded `[][A]_v` and `[]P`), not the state graph after it. */
const judgedInSearch = ({ form, unless }: GuardedForm): boolean => !unless && (form.kind === 'alwaysAction' || form.kind === 'alwaysState');

/** The A of every guarded `S \/ [][A]_v` conjunct: judged on each step as the graph is built, counted after. */
export function guardedActionChecks(model: Model): number[] {
  const actions = model.properties.flatMap((property) => propertyForms(property).flatMap(({ form, unless }) => (form.kind === 'alwaysAction' && unless ? [form.action] : [])));
  return [...new Set(actions)];
}

/** Whether some property needs the whole state graph: all but the unguarded `[][A]_v` and `[]P` are judged on it after the search. */
export function needsStateGraph(model: Model): boolean {
  return model.properties.some((property) => propertyForms(property).some((f) => !judgedInSearch(f)));
}

/** A conjunct judged on the state graph: conjunct `conjunct` (of `propertyForms`) of `Model.properties[property]`. */
export interface GraphCheck {
  property: number;
  conjunct: number;
}

/**
 * The conjuncts judged on the state graph, in the order their violations are reported: every one but
 * the unguarded `[][A]_v` and `[]P` (`actionPropertyChecks`, `statePropertyChecks`, judged during the search).
 */
export function graphChecks(model: Model): GraphCheck[] {
  return model.properties.flatMap((property, p) => propertyForms(property).flatMap((f, conjunct) => (judgedInSearch(f) ? [] : [{ property: p, conjunct }])));
}

/**
 * A counterexample as graph node ids (plain data: it crosses threads); `violationOf` makes the trace.
 * `fairnessWarning`: TLC would warn that the stuttering it ends in may come from the spec's lack of fairness.
 */
export type GraphFinding = { form: 'safety' | 'action'; nodes: number[] } | { form: 'liveness'; lasso: Lasso; fairnessWarning?: boolean };

/** Judges the conjuncts of `graphChecks` on one state graph; the searches they share (shortest paths from the initial states) are made once. */
export class GraphChecker {
  private readonly whole: Scope;
  private readonly forms: GuardedForm[][];

  /** `split`: the lasso forms' components tested with another thread (`splittable`); `timer`: times the lasso searches' steps. */
  constructor(
    private readonly model: Model,
    graph: StateGraph,
    private readonly split: ComponentSplit | null = null,
    timer: StepTimer | null = null,
  ) {
    // Every node id, made when a form needs them (MessagingNightly's []<>P does not).
    let all: number[] | null = null;
    const search = new GraphSearch(model, graph);
    search.timer = timer;
    this.whole = {
      search,
      graph,
      get all() {
        return (all ??= nodeIds(graph));
      },
    };
    this.forms = model.properties.map(propertyForms);
  }

  /**
   * TLC's counterexample for the properties violated, searched as TLC searches all of them at once:
   * the negation of their conjunction in TLC's branches (`tlcBranches`), each branch's error models in
   * turn; null when a conjunct has a form TLC judges otherwise or the search finds none.
   */
  private tlcCounterexample(): GraphFinding | null {
    const { graph, search } = this.whole;
    const forms = this.forms.flat();
    if (forms.some(({ unless }) => unless)) return null; // TLC refuses a guarded conjunct
    if (forms.some(({ form }) => form.kind === 'general')) return this.generalFinding(temporalSources(forms));
    const branches = tlcBranches(this.model, search, forms.map(({ form }) => form));
    if (!branches) return null;
    try {
      const found = tlcLasso(graph, branches.map((b) => b.normal));
      return found ? withWarning(this.model, found.lasso, branches[found.branch]!.tableauForm?.kind !== 'eventually') : null;
    } catch (error) {
      if (error instanceof RangeError) return null; // the product's construction recursed too deep: keep ours
      throw error;
    }
  }

  /** The counterexample TLC finds for `fairness /\ ~(F1 /\ ... /\ Fn)` (TLC's normal form, `normal-form.ts`), or null when there is none. */
  private generalFinding(properties: Temporal[]): GraphFinding | null {
    const branches = normalForm(this.model.fairness ?? [], properties, this.whole.search, refusalOf(this.model.properties));
    const found = tlcLasso(this.whole.graph, branches.map((b) => b.normal));
    return found ? withWarning(this.model, found.lasso, branches[found.branch]!.warns) : null;
  }

  /** The counterexample of one conjunct, or null when it holds. */
  find(check: GraphCheck): GraphFinding | null {
    const model = this.model;
    const everywhere = () => true;
    const { form, unless } = this.forms[check.property]![check.conjunct]!;
    const { search, graph, all } = unless ? behavioursFailing(unless, model, this.whole) : this.whole;
    // A violation found, its counterexample is then searched again as TLC searches (`tlc-lasso.ts`),
    // over every conjunct at once as TLC does.
    const lasso = (found: Lasso | null): GraphFinding | null => (found ? ((!unless && this.tlcCounterexample()) || withWarning(model, found, form.kind !== 'eventually')) : null);
    const split = unless ? null : this.split;
    switch (form.kind) {
      case 'initialState': {
        const bad = graph.initial.find((id) => !search.holds(form.predicate, id));
        return bad === undefined ? null : { form: 'safety', nodes: [bad] };
      }
      case 'alwaysState': {
        const bad = all.find((id) => !search.holds(form.predicate, id));
        return bad === undefined ? null : { form: 'safety', nodes: search.reachablePath(bad) };
      }
      case 'alwaysAction': {
        if (!unless) return null; // judged on each step during the search
        // The steps that failed A as the graph was built (`StateGraph.failedSteps`), on the real
        // successors: under SYMMETRY or VIEW a graph node holds only the first-seen member of its
        // class, where A can fail although the real successor satisfies it (a false violation on
        // SimplifiedFastPaxos's Paxos.cfg). The first from a state these behaviours reach counts.
        const failed = graph.failedSteps.get(form.action)!;
        for (let i = 0; i < failed.length; i += 2) {
          const u = failed[i]!;
          if (search.isReachable(u)) return { form: 'action', nodes: [...search.reachablePath(u), failed[i + 1]!] };
        }
        return null;
      }
      case 'eventually': {
        const never = (id: number) => !search.holds(form.predicate, id);
        return lasso(search.lasso(graph.initial.filter(never), never, never, null, split));
      }
      case 'infinitelyOften':
        return lasso(search.lasso(graph.initial, everywhere, (id) => !search.holds(form.predicate, id), null, split));
      case 'eventuallyAlways':
        return lasso(search.lasso(graph.initial, everywhere, everywhere, (id) => !search.holds(form.predicate, id), split));
      case 'alwaysAfter': {
        // A path from a `from` state to one where the predicate fails; TLC reports it as a lasso.
        const triggers = all.filter((id) => search.holds(form.from, id));
        const nearestFirst = triggers.map((id) => [search.reachablePath(id).length, id] as const).sort((a, b) => a[0] - b[0]).map(([, id]) => id);
        const path = search.path(nearestFirst, (id) => !search.holds(form.predicate, id), everywhere);
        if (!path) return null;
        const tlc = unless ? null : this.tlcCounterexample();
        return tlc ?? { form: 'safety', nodes: [...search.reachablePath(path[0]!).slice(0, -1), ...path] };
      }
      case 'leadsTo': {
        const waiting = (id: number) => !search.holds(form.rhs, id);
        const triggers = all.filter((id) => search.holds(form.lhs, id) && waiting(id));
        return lasso(search.lasso(triggers, waiting, waiting, null, split));
      }
      case 'infinitelyOftenAction':
        return lasso(avoidingLasso(model, graph, search, all, form.steps, form.predicate));
      case 'eventuallyAlwaysAction':
        return lasso(breakingLasso(search, all, form.step));
      case 'weakFair':
      case 'strongFair':
        return lasso(unfairLasso(model, graph, search, all, form.kind, form.action));
      case 'general': {
        // Violated when the conjunct's own search finds a counterexample; the one reported is TLC's for all conjuncts at once.
        const own = this.generalFinding([form.formula]);
        return own && (this.tlcCounterexample() ?? own);
      }
      default: {
        const unreachable: never = form;
        throw new Error(`unhandled property form ${JSON.stringify(unreachable)}`);
      }
    }
  }
}

/**
 * TLC's warning after a stuttering counterexample when the spec has no fairness, where the search
 * `warns`: for every form but `<>P`, whose negation []~P TLC judges as a safety violation (TLC
 * 2026.12, tlc-recorded `NoFairness*`; `normal-form.ts` `Branch`).
 */
function withWarning(model: Model, lasso: Lasso, warns: boolean): GraphFinding {
  const warn = lasso.stuttering && (model.fairness ?? []).length === 0 && warns;
  return { form: 'liveness', lasso, ...(warn ? { fairnessWarning: true } : {}) };
}

/** The violation of `check`'s property that `finding` shows, its trace regenerated from the graph's states. */
export function graphViolation(model: Model, graph: StateGraph, check: GraphCheck, finding: GraphFinding): Violation {
  const property = model.properties[check.property]!;
  const base = { kind: 'property' as const, name: property.name, ...(property.span ? { span: property.span } : {}) };
  const toTrace = (nodes: number[]) => regenerateTrace(model, nodes.map((id) => fingerprintKey(model.viewFingerprint(graph.states.get(id)))));
  if (finding.form !== 'liveness') return { ...base, form: finding.form, trace: toTrace(finding.nodes) };
  const lasso = finding.lasso;
  const named = propertiesViolatedBy(model, graph, lasso);
  const extra = { ...(named.length > 0 ? { names: named } : {}), ...(finding.fairnessWarning ? { fairnessWarning: true } : {}) };
  if (lasso.stuttering) return { ...base, ...extra, form: 'liveness', trace: toTrace(lasso.nodes), loop: { kind: 'stuttering' } };
  // Regenerate the closing step too, for its action, then drop the repeated state.
  const trace = toTrace([...lasso.nodes, lasso.nodes[lasso.loopStart]!]);
  const back = trace.pop()!;
  return { ...base, ...extra, form: 'liveness', trace, loop: { kind: 'back', index: lasso.loopStart, action: back.action } };
}

/**
 * The properties the behaviour `lasso` violates, in the .cfg's order: TLC names every one of them
 * ("Temporal properties P, Q, and R were violated"), not only the one it searched for.
 */
function propertiesViolatedBy(model: Model, graph: StateGraph, lasso: Lasso): string[] {
  const search = new GraphSearch(model, graph);
  const nodes = lasso.nodes;
  const last = nodes.length - 1;
  const loopStart = lasso.stuttering ? last : lasso.loopStart;
  const next = (i: number) => (i < last ? i + 1 : loopStart);
  const positions = nodes.map((_, i) => i);
  const cycle = positions.slice(loopStart);
  // From position i the behaviour visits i.. and then the cycle for ever.
  const future = (i: number) => [...new Set([...positions.slice(i), ...cycle])];
  const holds = (f: Temporal, i: number) => search.holds(f, nodes[i]!);
  const step = (i: number, test: (u: number, v: number) => boolean) => test(nodes[i]!, nodes[next(i)]!);
  const violates = (form: PropertyForm): boolean => {
    switch (form.kind) {
      case 'initialState':
        return !holds(form.predicate, 0);
      case 'alwaysState':
        return positions.some((i) => !holds(form.predicate, i));
      case 'alwaysAction':
        return positions.some((i) => !step(i, (u, v) => search.step(form.action, u, v)));
      case 'eventually':
        return positions.every((i) => !holds(form.predicate, i));
      case 'infinitelyOften':
        return cycle.every((i) => !holds(form.predicate, i));
      case 'eventuallyAlways':
        return cycle.some((i) => !holds(form.predicate, i));
      case 'infinitelyOftenAction':
        return cycle.every((i) => !form.steps.some((literal) => step(i, (u, v) => isStep(search, literal, u, v))) && !(form.predicate && holds(form.predicate, i)));
      case 'eventuallyAlwaysAction':
        return cycle.some((i) => !step(i, (u, v) => isStep(search, form.step, u, v)));
      case 'leadsTo':
        return positions.some((i) => holds(form.lhs, i) && future(i).every((j) => !holds(form.rhs, j)));
      case 'alwaysAfter':
        return positions.some((i) => holds(form.from, i) && future(i).some((j) => !holds(form.predicate, j)));
      case 'general':
        return !holdsOnLasso(form.formula, 0, nodes.length, loopStart, {
          holds: (f, i) => holds(f, i),
          enabled: (action, i) => search.enabled(action, nodes[i]!),
          step: (action, i, j) => search.step(action, nodes[i]!, nodes[j]!),
        });
      case 'weakFair':
      case 'strongFair': {
        const taken = cycle.some((i) => step(i, (u, v) => search.step(form.action, u, v)));
        const enabled = (i: number) => search.enabled(form.action, nodes[i]!);
        return !taken && (form.kind === 'weakFair' ? cycle.every(enabled) : cycle.some(enabled));
      }
    }
  };
  return model.properties.filter((property) => propertyForms(property).some(({ form, unless }) => !(unless && holds(unless, 0)) && violates(form))).map((p) => p.name);
}

/** A check decided on some thread: its counterexample, or the error its evaluation raised. */
export type GraphCheckOutcome = { index: number; finding: GraphFinding } | { index: number; error: unknown };

/**
 * Judges `checks` on one thread, several threads sharing `claims` (an `Int32Array` [next check to
 * take, lowest check decided], the second starting at `checks.length`): each takes the next check until
 * none is left or a lower one is decided (violated, or its evaluation failed). The lowest decided check
 * is judged whichever thread takes it, so the first outcome in check order is the one-thread result.
 */
export function runGraphChecks(model: Model, graph: StateGraph, checks: readonly GraphCheck[], claims: Int32Array, split: ComponentSplit | null = null, timer: StepTimer | null = null): GraphCheckOutcome[] {
  try {
    return takeGraphChecks(model, graph, checks, claims, split, timer);
  } finally {
    // A helping thread waits for components until the searching thread says there are no more.
    if (split) finishComponents(split.shared);
  }
}

function takeGraphChecks(model: Model, graph: StateGraph, checks: readonly GraphCheck[], claims: Int32Array, split: ComponentSplit | null, timer: StepTimer | null): GraphCheckOutcome[] {
  const outcomes: GraphCheckOutcome[] = [];
  // Built by the first check taken: a thread that takes none searches nothing.
  let checker: GraphChecker | null = null;
  for (;;) {
    const index = Atomics.add(claims, 0, 1);
    if (index >= checks.length || index > Atomics.load(claims, 1)) return outcomes;
    try {
      checker ??= new GraphChecker(model, graph, split, timer);
      const finding = checker.find(checks[index]!);
      if (!finding) continue;
      outcomes.push({ index, finding });
    } catch (error) {
      outcomes.push({ index, error });
    }
    for (let lowest = Atomics.load(claims, 1); index < lowest; lowest = Atomics.load(claims, 1)) {
      if (Atomics.compareExchange(claims, 1, lowest, index) === lowest) break;
    }
  }
}

/**
 * Whether `check` can be split over two threads (`component-split.ts`): a form searching for a fair
 * lasso (`<>P`, `[]<>P`, `<>[]P`, `P ~> Q`) on every behaviour (no guard) in the graph of all steps
 * (no `<>[]A` fairness, whose filtered graph each thread would build again).
 */
export function splittable(model: Model, check: GraphCheck): boolean {
  const { form, unless } = propertyForms(model.properties[check.property]!)[check.conjunct]!;
  const lassoForms: PropertyForm['kind'][] = ['eventually', 'infinitelyOften', 'eventuallyAlways', 'leadsTo'];
  return !unless && lassoForms.includes(form.kind) && !(model.fairness ?? []).some((f) => eventuallyAlwaysStep(f));
}

/** The helping thread's side of a split `check` (`splittable`): tests the components the searching thread publishes in `shared`. */
export function helpGraphCheck(model: Model, graph: StateGraph, check: GraphCheck, shared: SharedComponents): void {
  try {
    new GraphChecker(model, graph, { shared, role: 'help', exact: false }).find(check);
  } catch {
    markFound(shared); // an evaluation before the tests (P ~> Q's triggers): reported by the searching thread alone
  }
}

/**
 * Whether the searching thread of a split check must judge it again alone: another thread found a
 * fair component (or failed) after this thread had stopped looking, so its outcome (none) is not one thread's.
 */
export function splitUndecided(split: ComponentSplit): boolean {
  return !split.exact && anyFound(split.shared);
}

/** A fresh `claims` array for `runGraphChecks`, in shared memory. */
export function graphCheckClaims(checks: number): Int32Array {
  const claims = new Int32Array(new SharedArrayBuffer(8));
  claims[1] = checks;
  return claims;
}

/** The one-thread result of `runGraphChecks` run by every thread: the first outcome in check order. */
export function firstViolation(model: Model, graph: StateGraph, checks: readonly GraphCheck[], outcomes: readonly GraphCheckOutcome[]): Violation | null {
  const first = outcomes.reduce<GraphCheckOutcome | null>((a, b) => (a && a.index < b.index ? a : b), null);
  if (!first) return null;
  if ('error' in first) throw first.error;
  return graphViolation(model, graph, checks[first.index]!, first.finding);
}

/**
 * Checks every property on the graph, but for the unguarded `[][A]_v` (`actionPropertyChecks`,
 * judged during the search); the first violated one is returned with its counterexample.
 */
export function checkTemporalProperties(model: Model, stateGraph: StateGraph, timer: StepTimer | null = null): Violation | null {
  const checks = graphChecks(model);
  return firstViolation(model, stateGraph, checks, runGraphChecks(model, stateGraph, checks, graphCheckClaims(checks.length), null, timer));
}

/**
 * A fair behaviour violating WF_v(A) (SF_v(A)): it ends in a cycle that takes no <<A>>_v step while A
 * is enabled in every state of it (in some state of it). The cycle is sought in the graph without
 * A's steps; every state of the graph is reachable, so the prefix is a shortest path in the whole graph.
 */
function unfairLasso(model: Model, graph: StateGraph, search: GraphSearch, all: number[], strength: 'weakFair' | 'strongFair', action: number): Lasso | null {
  const withoutA: StateGraph = {
    ...graph,
    successors: graph.successors.filtered((u, v) => !model.evalActionPredicate(action, graph.states.get(u), graph.states.get(v))),
  };
  const avoiding = new GraphSearch(model, withoutA);
  const enabled = (id: number) => avoiding.enabled(action, id);
  const components = strength === 'weakFair' ? avoiding.fairComponents(all.filter(enabled), null) : avoiding.fairComponents(all, enabled);
  return nearestLasso(search, components, (component, entry) => avoiding.cycle(component, entry, strength === 'weakFair' ? null : enabled));
}

/** Whether the step u -> v (u -> u: stuttering) satisfies the action literal. */
function isStep(search: GraphSearch, literal: ActionLiteral, u: number, v: number): boolean {
  return search.step(literal.action, u, v) !== literal.negated;
}

/**
 * A fair behaviour violating []<>A1 \/ ... \/ []<>P: it ends in a cycle through ¬P states none of
 * whose steps is an Ai-step, sought in the graph without those steps, where a state may stutter
 * forever only when stuttering is not one of them.
 */
function avoidingLasso(model: Model, graph: StateGraph, search: GraphSearch, all: number[], steps: ActionLiteral[], predicate: Temporal | null): Lasso | null {
  const isAnyStep = (u: number, v: number) => steps.some((literal) => isStep(search, literal, u, v));
  const withoutA: StateGraph = { ...graph, successors: graph.successors.filtered((u, v) => !isAnyStep(u, v)) };
  const avoiding = new GraphSearch(model, withoutA, (id) => !isAnyStep(id, id));
  const allowed = predicate ? all.filter((id) => !search.holds(predicate, id)) : all;
  return nearestLasso(search, avoiding.fairComponents(allowed, null), (component, entry) => avoiding.cycle(component, entry, null));
}

/**
 * A fair behaviour violating <>[]A: a fair cycle that takes a step that is not an A-step, an edge of
 * its component or else a stuttering step in one of its states (the cycle then passes that state; the
 * stuttering step is not printed).
 */
function breakingLasso(search: GraphSearch, all: number[], literal: ActionLiteral): Lasso | null {
  const breaks = (u: number, v: number) => !isStep(search, literal, u, v);
  const cycles = new Map<number[], (component: number[], entry: number) => { nodes: number[]; stuttering: boolean }>();
  for (const component of search.fairComponents(all, null)) {
    const members = new Set(component);
    const inside = (u: number, v: number) => members.has(v) && breaks(u, v);
    if (component.some((u) => search.successorsOf(u).some((v) => inside(u, v)))) cycles.set(component, (c, entry) => search.cycle(c, entry, null, inside));
    else if (component.some((u) => breaks(u, u))) cycles.set(component, (c, entry) => search.cycle(c, entry, (u) => breaks(u, u)));
  }
  return nearestLasso(search, [...cycles.keys()], (component, entry) => cycles.get(component)!(component, entry));
}

/** A lasso into the component state nearest the initial states, with the cycle `cycleFrom` builds from it. */
function nearestLasso(search: GraphSearch, components: number[][], cycleFrom: (component: number[], entry: number) => { nodes: number[]; stuttering: boolean }): Lasso | null {
  let best: { entry: number; component: number[] } | null = null;
  for (const component of components) {
    for (const id of component) if (search.isReachable(id) && (!best || search.depthOf(id) < search.depthOf(best.entry))) best = { entry: id, component };
  }
  if (!best) return null;
  const cycle = cycleFrom(best.component, best.entry);
  const head = search.reachablePath(best.entry).slice(0, -1);
  return { nodes: [...head, ...cycle.nodes], loopStart: head.length, stuttering: cycle.stuttering };
}

/** One branch of TLC's search: its normal form, and the form whose tableau it searches (none: the branch of every other form). */
interface TlcBranch {
  normal: NormalForm;
  tableauForm: PropertyForm | null;
}

/**
 * fairness /\ ~(F1 /\ ... /\ Fn) as TLC searches it: the forms judged during the search (a state
 * predicate, []P, [][A]_v) left out, the forms without a tableau in one branch whose error models are,
 * for each choice of a disjunct of each SF (the first SF varying slowest), each form's own, and each
 * form with a tableau in a branch of its own, in the order the forms first appear (TLC's "satisfiability
 * problem has N branches"). Null when some form is not TLC's to search this way.
 */
function tlcBranches(model: Model, search: GraphSearch, forms: PropertyForm[]): TlcBranch[] | null {
  const fairness = fairnessModels(model, search);
  if (!fairness) return null;
  const branches: (TlcBranch & { alternatives: ErrorModel[] })[] = [];
  let plain: (TlcBranch & { alternatives: ErrorModel[] }) | null = null;
  // The negations []<>~P of the <>[]P forms, joined into one []<>(~P1 \/ ~P2 ...) searched after the
  // other error models of the branch (TLC: `PROPERTIES Q P`, Q == <>[]~R, P == []<>~R, reports P's cycle).
  const oftenFailing: Temporal[] = [];
  for (const form of forms) {
    if (form.kind === 'initialState' || form.kind === 'alwaysState' || form.kind === 'alwaysAction') continue;
    const negated = negatedForm(search, form);
    if (!negated) return null;
    if (negated.tableau) {
      branches.push({ normal: { models: [], tableau: negated.tableau }, tableauForm: form, alternatives: [noConditions()] });
      continue;
    }
    if (!plain) branches.push((plain = { normal: { models: [], tableau: null }, tableauForm: null, alternatives: [] }));
    if (form.kind === 'eventuallyAlways') oftenFailing.push(form.predicate);
    else plain.alternatives.push(...negated.alternatives);
  }
  if (plain && oftenFailing.length > 0) plain.alternatives.push({ ...noConditions(), someState: [(u) => oftenFailing.some((p) => !search.holds(p, u))] });
  return branches.map(({ normal, tableauForm, alternatives }) => ({ normal: { ...normal, models: fairness.flatMap((f) => alternatives.map((a) => joinModels(f, a))) }, tableauForm }));
}

/** The conjuncts TLC checks as temporal formulas: all but a state predicate, []P and [][A]_v (its implied initial predicates, invariants and actions). */
function temporalSources(forms: readonly GuardedForm[]): Temporal[] {
  return forms.flatMap(({ form, source }) => (form.kind === 'initialState' || form.kind === 'alwaysState' || form.kind === 'alwaysAction' ? [] : [source]));
}

const noConditions = (): ErrorModel => ({ always: [], someState: [], someStep: [] });
const joinModels = (a: ErrorModel, b: ErrorModel): ErrorModel => ({ always: [...a.always, ...b.always], someState: [...a.someState, ...b.someState], someStep: [...a.someStep, ...b.someStep] });

/**
 * The fairness in TLC's normal form: one error model per choice of a disjunct of each SF (<>[]~ENABLED A
 * or []<>A, in that order, the first SF varying slowest), each with the WF (TLC's []<>(~ENABLED A \/ A)).
 */
function fairnessModels(model: Model, search: GraphSearch): ErrorModel[] | null {
  const none = noConditions;
  const step = (action: number) => (u: number, v: number) => search.step(action, u, v);
  const enabled = (action: number) => (u: number) => search.enabled(action, u);
  let models = [none()];
  const choose = (alternatives: ErrorModel[]) => (models = models.flatMap((m) => alternatives.map((a) => joinModels(m, a))));
  for (const f of model.fairness ?? []) {
    if (f.kind === 'weakFair') choose([{ ...none(), someStep: [(u, v) => !enabled(f.action)(u) || step(f.action)(u, v)] }]);
    else if (f.kind === 'strongFair') choose([{ ...none(), always: [(u) => !enabled(f.action)(u)] }, { ...none(), someStep: [step(f.action)] }]);
    else {
      const literal = eventuallyAlwaysStep(f);
      if (!literal) return null;
      choose([{ ...none(), always: [(u, v) => isStep(search, literal, u, v)] }]);
    }
  }
  return models;
}

/**
 * A form's negation in TLC's normal form: its error models, or a tableau for the forms with <> inside
 * (<>P, P ~> Q, [](P => []Q)); null for a form TLC judges otherwise.
 */
function negatedForm(search: GraphSearch, form: PropertyForm): { alternatives: ErrorModel[]; tableau: Ltl | null } | null {
  const none = noConditions;
  const fails = (f: Temporal) => (u: number) => !search.holds(f, u);
  const step = (action: number) => (u: number, v: number) => search.step(action, u, v);
  const enabled = (action: number) => (u: number) => search.enabled(action, u);
  const atom = (f: Temporal): Ltl => ({ kind: 'atom', test: (u) => search.holds(f, u) });
  const models = (...alternatives: ErrorModel[]) => ({ alternatives, tableau: null });
  const tableau = (ltl: Ltl) => ({ alternatives: [], tableau: ltl });
  switch (form.kind) {
    case 'infinitelyOften': // ~[]<>P is <>[]~P
      return models({ ...none(), always: [fails(form.predicate)] });
    case 'eventuallyAlways': // ~<>[]P is []<>~P
      return models({ ...none(), someState: [fails(form.predicate)] });
    case 'infinitelyOftenAction': // ~([]<>A \/ []<>P) is <>[]~A /\ <>[]~P
      return models({ ...none(), always: [...form.steps.map((literal) => (u: number, v: number) => !isStep(search, literal, u, v)), ...(form.predicate ? [fails(form.predicate)] : [])] });
    case 'eventuallyAlwaysAction': // ~<>[]A is []<>~A
      return models({ ...none(), someStep: [(u, v) => !isStep(search, form.step, u, v)] });
    case 'weakFair': // ~WF is <>[](ENABLED A /\ ~A)
      return models({ ...none(), always: [(u, v) => enabled(form.action)(u) && !step(form.action)(u, v)] });
    case 'strongFair': // ~SF is []<>ENABLED A /\ <>[]~A
      return models({ ...none(), someState: [enabled(form.action)], always: [(u, v) => !step(form.action)(u, v)] });
    case 'eventually':
    case 'leadsTo':
    case 'alwaysAfter':
      return tableau(negationTableau(form, atom)!);
    default:
      return null;
  }
}

/** The negation of a form TLC searches through a tableau (those with <> inside), over the atoms `atom` makes; null for the others. */
function negationTableau(form: PropertyForm, atom: (f: Temporal) => Ltl): Ltl | null {
  switch (form.kind) {
    case 'eventually': // ~<>P is []~P
      return { kind: 'always', arg: { kind: 'not', arg: atom(form.predicate) } };
    case 'leadsTo': // ~(P ~> Q) is <>(P /\ []~Q)
      return { kind: 'eventually', arg: { kind: 'and', args: [atom(form.lhs), { kind: 'always', arg: { kind: 'not', arg: atom(form.rhs) } }] } };
    case 'alwaysAfter': // ~[](~S \/ []P) is <>(S /\ <>~P)
      return { kind: 'eventually', arg: { kind: 'and', args: [atom(form.from), { kind: 'eventually', arg: { kind: 'not', arg: atom(form.predicate) } }] } };
    default:
      return null;
  }
}

/**
 * What TLC evaluates on each new initial state as it joins the behaviour graph, before the state's
 * invariants: the state predicates of the initial nodes of each property conjunct's tableau, in the
 * order of the conjuncts (`initialNodesTest`). Throws what the evaluation throws; null when no
 * conjunct has a tableau (TLC then evaluates nothing there), or a conjunct is guarded (TLC's search
 * is not ours then, `tlcCounterexample`).
 */
export function initialTableauTest(model: Model): ((state: State) => void) | null {
  const forms = model.properties.flatMap(propertyForms);
  if (forms.some(({ unless }) => unless)) return null;
  // The atoms read the state being tested, at index 0.
  const tested: State[] = [];
  const general = forms.some(({ form }) => form.kind === 'general');
  const at = { holds: (f: Temporal, u: number) => stateFormulaHolds(model, f, tested[u]!), enabled: (action: number, u: number) => model.enabled(action, tested[u]!), step: () => false };
  const tests = general
    ? normalForm(model.fairness ?? [], temporalSources(forms), at, refusalOf(model.properties)).flatMap((b) => (b.normal.tableau ? [initialNodesTest(b.normal.tableau)] : []))
    : forms.flatMap(({ form }) => {
        const tableau = negationTableau(form, (f) => ({ kind: 'atom', test: (u) => at.holds(f, u) }));
        return tableau ? [initialNodesTest(tableau)] : [];
      });
  if (tests.length === 0) return null;
  return (state) => {
    tested[0] = state;
    for (const test of tests) test(0);
  };
}
