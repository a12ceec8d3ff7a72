// A violated liveness property's counterexample chosen as TLC chooses it: the product of the state
// graph and the tableau of the property's negation, searched depth first (Tarjan) from the initial
// nodes, the first strongly connected component to complete that fits an error model reported with a
// shortest prefix and a cycle built by TLC's rules (tools/tla/check/README.md, "TLC's counterexample").
import type { StateGraph } from './explorer.js';

/** A formula of the tableau: state predicates (`atom`, equal only to itself) under the temporal operators. */
export type Ltl =
  | { kind: 'atom'; test: (state: number) => boolean }
  | { kind: 'not'; arg: Ltl }
  | { kind: 'and' | 'or'; args: [Ltl, Ltl] }
  | { kind: 'always' | 'eventually' | 'next'; arg: Ltl };

/** A test on a step u -> v between state ids (u -> u: stuttering). */
export type StepTest = (u: number, v: number) => boolean;

/**
 * One disjunct of the negated property in TLC's normal form (a "possible error model"): a cycle all
 * of whose steps pass `always`, with some state passing each of `someState` and some step each of `someStep`.
 */
export interface ErrorModel {
  always: StepTest[];
  someState: ((state: number) => boolean)[];
  someStep: StepTest[];
}

/** One branch of the negation of fairness => properties: its error models in TLC's order, and the tableau formula (none for `[]<>`/`<>[]` forms). */
export interface NormalForm {
  models: ErrorModel[];
  tableau: Ltl | null;
}

/** A lasso as state ids from an initial state; the cycle is nodes[loopStart..] back to nodes[loopStart] (none when stuttering). */
export interface TlcLasso {
  nodes: number[];
  loopStart: number;
  stuttering: boolean;
}

// ---- The tableau (Manna and Pnueli's particle tableau, as TLC builds it) ----

function same(a: Ltl, b: Ltl): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'atom':
      return false; // an atom equals only itself
    case 'and':
    case 'or': {
      const c = b as typeof a;
      return same(a.args[0], c.args[0]) && same(a.args[1], c.args[1]);
    }
    default:
      return same(a.arg, (b as typeof a).arg);
  }
}

const member = (particle: readonly Ltl[], f: Ltl): boolean => particle.some((g) => same(g, f));
const sameParticle = (p: readonly Ltl[], q: readonly Ltl[]): boolean => p.every((f) => member(q, f)) && q.every((f) => member(p, f));
const isStateLevel = (f: Ltl): boolean => f.kind === 'atom' || (f.kind === 'not' && isStateLevel(f.arg));

/** No atom both asserted and denied. */
function locallyConsistent(particle: readonly Ltl[]): boolean {
  const denied = particle.flatMap((f) => (f.kind === 'not' && f.arg.kind === 'atom' ? [f.arg] : []));
  return !particle.some((f) => f.kind === 'atom' && denied.includes(f));
}

/** (a, b, c): a holds iff b and c do (alpha: []p, p /\ q) or iff b or c does (beta: <>p, p \/ q). */
type Triple = [Ltl, Ltl, Ltl];

function decomposed(f: Ltl, kinds: readonly Ltl['kind'][]): [Ltl, Ltl] | null {
  if (!kinds.includes(f.kind)) return null;
  if (f.kind === 'and' || f.kind === 'or') return f.args;
  if (f.kind === 'always' || f.kind === 'eventually') return [f.arg, { kind: 'next', arg: f }];
  return null;
}

const ALPHA = ['always', 'and'] as const;
const BETA = ['eventually', 'or'] as const;

/** Every subformula of `terms`, with ()[]p and ()<>p beside []p and <>p (TLC's positive closure, in its order). */
function closureTerms(terms: readonly Ltl[]): Ltl[] {
  const pending = [...terms];
  const out: Ltl[] = [];
  while (pending.length > 0) {
    const f = pending.pop()!;
    if (f.kind === 'not') pending.push(f.arg);
    else if (f.kind === 'next') out.push(f), pending.push(f.arg);
    else if (f.kind === 'always' || f.kind === 'eventually') out.push(f, { kind: 'next', arg: f }), pending.push(f.arg);
    else if (f.kind === 'and' || f.kind === 'or') pending.push(...f.args), out.push(f);
    else out.push(f);
  }
  return out;
}

function triples(terms: readonly Ltl[], kinds: readonly Ltl['kind'][]): Triple[] {
  return terms.flatMap((f): Triple[] => {
    const parts = decomposed(f, kinds);
    return parts ? [[f, parts[0], parts[1]]] : [];
  });
}

/** The particles (maximal consistent sets) that `terms` expand into, in TLC's order. */
function particles(terms: readonly Ltl[]): Ltl[][] {
  const all = closureTerms(terms);
  return expand([...terms], triples(all, ALPHA), triples(all, BETA));
}

function expand(terms: Ltl[], alphas: readonly Triple[], betas: readonly Triple[]): Ltl[][] {
  if (!locallyConsistent(terms)) return [];
  let grown = terms;
  for (let i = 0; i < grown.length; i++) {
    const parts = decomposed(grown[i]!, ALPHA);
    if (!parts) continue;
    const [b, c] = parts;
    if (member(grown, b)) {
      if (!member(grown, c)) grown = [...grown, c];
    } else if (member(grown, c)) grown = [...grown, b];
    else grown = [...grown, b, c];
  }
  // Added in place, to `terms` itself when nothing was appended above (as TLC does): then the
  // consistency test below is skipped.
  for (let again = true; again; ) {
    again = false;
    for (const [a, b, c] of alphas) {
      if (member(grown, b) && member(grown, c) && !member(grown, a)) grown.push(a), (again = true);
    }
  }
  if (grown.length > terms.length && !locallyConsistent(grown)) return [];
  for (const f of grown) {
    const parts = decomposed(f, BETA);
    if (parts && !member(grown, parts[0]) && !member(grown, parts[1])) {
      const left = expand([...grown, parts[0]], alphas, betas);
      const right = expand([...grown, parts[1]], alphas, betas);
      return [...left.filter((p) => !right.some((q) => sameParticle(p, q))), ...right];
    }
  }
  for (const [a, b, c] of betas) {
    if ((member(grown, b) || member(grown, c)) && !member(grown, a)) return expand([...grown, a], alphas, betas);
  }
  return [grown];
}

interface TableauNode {
  particle: Ltl[];
  next: number[];
  statePredicates: Ltl[];
}

/** TLC's tableau graph: the initial particles first (`initialCount`), then their successors as found. */
function tableauOf(formula: Ltl): { nodes: TableauNode[]; initialCount: number } {
  const node = (particle: Ltl[]): TableauNode => ({ particle, next: [], statePredicates: particle.filter(isStateLevel) });
  const nodes = particles([formula]).map(node);
  const initialCount = nodes.length;
  for (let i = 0; i < nodes.length; i++) {
    const implied = nodes[i]!.particle.flatMap((f) => (f.kind === 'next' ? [f.arg] : []));
    for (const particle of particles(implied)) {
      let j = nodes.findIndex((n) => sameParticle(n.particle, particle));
      if (j < 0) j = nodes.push(node(particle)) - 1;
      nodes[i]!.next.push(j);
    }
  }
  return { nodes, initialCount };
}

/**
 * TLC's test of an initial state against the initial nodes of `formula`'s tableau as the state joins
 * the behaviour graph (LiveCheck.addInitState, TBGraphNode.isConsistent): each node's state
 * predicates in order, up to the first that fails. Run for its evaluation errors, which TLC meets
 * there, before the state's invariants.
 */
export function initialNodesTest(formula: Ltl): (state: number) => void {
  const nodes = particles([formula]).map((particle) => particle.filter(isStateLevel));
  return (state) => {
    for (const predicates of nodes) predicates.every((f) => holdsIn(f, state));
  };
}

function holdsIn(f: Ltl, state: number): boolean {
  if (f.kind === 'atom') return f.test(state);
  if (f.kind === 'not') return !holdsIn(f.arg, state);
  throw new Error(`not a state formula: ${f.kind}`);
}

/** The promises <>p of `formula` (its subformulas of that form). */
function promisesOf(formula: Ltl): Ltl[] {
  const found: Ltl[] = [];
  const visit = (f: Ltl): void => {
    if (f.kind === 'eventually' && !member(found, f)) found.push(f);
    if ('args' in f) f.args.forEach(visit);
    else if ('arg' in f) visit(f.arg);
  };
  visit(formula);
  return found;
}

// ---- The behaviour graph: state graph x tableau, with successors in the order TLC adds them ----

interface BehaviourGraph {
  state: number[];
  tableauIndex: number[];
  successors: number[][];
  initial: number[];
  /** Which promises each node's particle fulfills (all when there is no tableau). */
  fulfills: (node: number, promise: number) => boolean;
  promiseCount: number;
}

/**
 * A state's successors as TLC's behaviour graph lists them: ours in the order generated, then the
 * state itself (stuttering). TLC's own order is that of a hash table of the successors' fingerprints,
 * which depend on the random polynomial of the run (`-fp`): no fixed order reproduces every run.
 */
function stateSuccessors(graph: StateGraph, u: number): number[] {
  const out = Array.from(graph.successors.of(u));
  if (!out.includes(u)) out.push(u);
  return out;
}

function plainGraph(graph: StateGraph): BehaviourGraph {
  const n = graph.states.length;
  const state = Array.from({ length: n }, (_, i) => i);
  return {
    state,
    tableauIndex: new Array<number>(n).fill(-1),
    successors: state.map((u) => stateSuccessors(graph, u)),
    initial: [...graph.initial],
    fulfills: () => true,
    promiseCount: 0,
  };
}

/**
 * The product with the tableau, built in TLC's order: each state's nodes expanded when the state is
 * (breadth first, the graph's id order), and a node first met at a state already expanded expanded at
 * once, its tableau's stuttering first, then the actions' successors.
 */
function productGraph(graph: StateGraph, formula: Ltl): BehaviourGraph {
  const { nodes: tableau, initialCount } = tableauOf(formula);
  const t = tableau.length;
  const promises = promisesOf(formula);
  const nodeOf = new Map<number, number>();
  const byState = new Map<number, number[]>();
  const g: BehaviourGraph = {
    state: [],
    tableauIndex: [],
    successors: [],
    initial: [],
    fulfills: (node, k) => {
      const particle = tableau[g.tableauIndex[node]!]!.particle;
      const promise = promises[k] as Ltl & { kind: 'eventually' };
      return !member(particle, promise) || member(particle, promise.arg);
    },
    promiseCount: promises.length,
  };
  const consistent = (ti: number, s: number) => tableau[ti]!.statePredicates.every((f) => holdsIn(f, s));
  const record = (s: number, ti: number): number => {
    const id = g.state.push(s) - 1;
    g.tableauIndex.push(ti);
    g.successors.push([]);
    nodeOf.set(s * t + ti, id);
    const list = byState.get(s);
    if (list) list.push(id);
    else byState.set(s, [id]);
    return id;
  };
  const done = new Uint8Array(graph.states.length);
  // Adds the edge node -> (s1, ti) if consistent and new; a node new at an expanded state is expanded at once.
  const link = (node: number, s1: number, ti: number, s1Done: boolean): void => {
    if (!consistent(ti, s1)) return;
    let target = nodeOf.get(s1 * t + ti);
    const fresh = target === undefined;
    if (!fresh && g.successors[node]!.includes(target!)) return;
    if (fresh) target = record(s1, ti);
    g.successors[node]!.push(target!);
    if (fresh && s1Done) expandLate(s1, ti);
  };
  const expandLate = (s: number, ti: number): void => {
    const node = nodeOf.get(s * t + ti)!;
    for (const next of tableau[ti]!.next) link(node, s, next, true);
    for (const s1 of graph.successors.of(s)) for (const next of tableau[ti]!.next) link(node, s1, next, done[s1] === 1);
  };
  for (const s of graph.initial) {
    for (let ti = 0; ti < initialCount; ti++) {
      if (consistent(ti, s) && !nodeOf.has(s * t + ti)) g.initial.push(record(s, ti));
    }
  }
  for (let s0 = 0; s0 < graph.states.length; s0++) {
    done[s0] = 1;
    const nodes = [...(byState.get(s0) ?? [])];
    const successors = stateSuccessors(graph, s0);
    for (const node of nodes) {
      for (const s1 of successors) {
        const s1Done = done[s1] === 1;
        for (const next of tableau[g.tableauIndex[node]!]!.next) link(node, s1, next, s1Done);
      }
    }
  }
  return g;
}

// ---- The search ----

/**
 * TLC's counterexample for the violated properties whose negation has the branches `branches` (each
 * searched in turn, as TLC's liveness checker takes them, each branch's error models in order) and the
 * branch it was found in, or null when the search finds none (then the caller keeps its own).
 */
export function tlcLasso(graph: StateGraph, branches: readonly NormalForm[]): { lasso: TlcLasso; branch: number } | null {
  for (let branch = 0; branch < branches.length; branch++) {
    const form = branches[branch]!;
    const g = form.tableau ? productGraph(graph, form.tableau) : plainGraph(graph);
    for (const model of form.models) {
      const found = searchComponents(g, model);
      if (found) {
        const lasso = traceOf(g, model, found.root, found.members);
        return lasso ? { lasso, branch } : null;
      }
    }
  }
  return null;
}

const passes = (tests: readonly StepTest[], u: number, v: number) => tests.every((test) => test(u, v));

/**
 * Tarjan's search as TLC runs it: roots are the initial nodes, then the targets of steps that fail
 * `always` (they start searches of their own); a node's successors are pushed in order and taken last
 * first; the first component completed that can host the model's cycle is returned.
 */
function searchComponents(g: BehaviourGraph, model: ErrorModel): { root: number; members: number[] } | null {
  const UNSEEN = -1;
  const DONE = 0x7fffffff;
  const n = g.state.length;
  const link = new Int32Array(n).fill(UNSEEN);
  const step = (u: number, v: number) => passes(model.always, g.state[u]!, g.state[v]!);
  const roots = [...g.initial];
  const component: number[] = [];
  const VISIT = 0;
  const FINISH = 1;
  for (let r = 0; r < roots.length; r++) {
    if (link[roots[r]!] !== UNSEEN) continue;
    let counter = 0;
    // Entries (node, VISIT) and (parent's low, node, FINISH), with the current low on top.
    const work: number[] = [roots[r]!, VISIT, DONE];
    while (work.length >= 3) {
      const low = work.pop()!;
      const kind = work.pop()!;
      const node = work.pop()!;
      if (kind === FINISH) {
        if (link[node] === low) {
          const members = closeComponent(g, model, node, component, link, DONE);
          if (members) return { root: node, members };
        }
        const parentLow = work.pop()!;
        work.push(Math.min(parentLow, low));
      } else if (link[node] === UNSEEN) {
        link[node] = counter;
        work.push(low, node, FINISH);
        component.push(node);
        let nextLow = counter++;
        for (const next of g.successors[node]!) {
          if (step(node, next)) {
            if (link[next] === UNSEEN) work.push(next, VISIT);
            else nextLow = Math.min(nextLow, link[next]!);
          } else if (link[next] === UNSEEN) roots.push(next);
        }
        work.push(nextLow);
      } else work.push(Math.min(low, link[node]!));
    }
  }
  return null;
}

/** Pops the component rooted at `root`; its members when it fits `model` (a single node only with a stuttering step that passes). */
function closeComponent(g: BehaviourGraph, model: ErrorModel, root: number, stack: number[], link: Int32Array, DONE: number): number[] | null {
  const step = (u: number, v: number) => passes(model.always, g.state[u]!, g.state[v]!);
  const top = stack.pop()!;
  if (top === root) {
    link[root] = DONE;
    const self = g.successors[root]!.indexOf(root);
    if (self < 0 || !step(root, root)) return null;
    return fits(g, model, [root]) ? [root] : null;
  }
  const members = [top];
  link[top] = DONE;
  for (let u = top; u !== root; ) {
    u = stack.pop()!;
    link[u] = DONE;
    members.push(u);
  }
  return fits(g, model, members) ? members : null;
}

function fits(g: BehaviourGraph, model: ErrorModel, members: number[]): boolean {
  const inside = new Set(members);
  const step = (u: number, v: number) => passes(model.always, g.state[u]!, g.state[v]!);
  if (!model.someState.every((test) => members.some((u) => test(g.state[u]!)))) return false;
  const stepsInside = (test: StepTest) => members.some((u) => g.successors[u]!.some((v) => inside.has(v) && step(u, v) && test(g.state[u]!, g.state[v]!)));
  if (!model.someStep.every(stepsInside)) return false;
  for (let k = 0; k < g.promiseCount; k++) if (!members.some((u) => g.fulfills(u, k))) return false;
  return true;
}

/**
 * The counterexample TLC prints for the component `members` found at `root`: a shortest path from an
 * initial node to the root, then a walk through the component that meets each obligation of the model in
 * turn (depth first, moving on as soon as a step meets one), closed by a shortest way back to the root.
 */
function traceOf(g: BehaviourGraph, model: ErrorModel, root: number, members: number[]): TlcLasso | null {
  const prefix = collapse(shortestPath(g, root).map((u) => g.state[u]!));
  const cycle = cycleThrough(g, model, root, members);
  if (!cycle) return null;
  const rootState = g.state[root]!;
  if (cycle.length > 0 && cycle[cycle.length - 1] === rootState) cycle.pop();
  const states = cycle.reverse();
  // TLC prints "Stuttering" when the cycle ends in the root's state (a model with nothing to meet
  // walks nowhere); a model whose cycle may not stutter there (our hand-written models, not TLA+) keeps ours.
  const stuttering = states.length === 0 || states[states.length - 1] === rootState;
  if (stuttering && !passes(model.always, rootState, rootState)) return null;
  return { nodes: [...prefix, ...states], loopStart: prefix.length - 1, stuttering };
}

/** Consecutive nodes of one state (a step of the tableau only) printed once. */
function collapse(states: number[]): number[] {
  return states.filter((s, i) => i === 0 || states[i - 1] !== s);
}

/** Breadth first from the initial nodes in order, over every step but stuttering in place. */
function shortestPath(g: BehaviourGraph, target: number): number[] {
  const parent = new Int32Array(g.state.length).fill(-2);
  const queue: number[] = [];
  for (const u of g.initial) if (parent[u] === -2) (parent[u] = -1), queue.push(u);
  for (let head = 0; head < queue.length && parent[target] === -2; head++) {
    const u = queue[head]!;
    for (const v of g.successors[u]!) if (parent[v] === -2) (parent[v] = u), queue.push(v);
  }
  const path: number[] = [];
  for (let v = target; v !== -1; v = parent[v]!) path.push(v);
  return path.reverse();
}

/**
 * The cycle's states after the root, last first, as TLC assembles them: the walk meeting the model's
 * obligations (`walk`), then the way back from where it ended.
 */
function cycleThrough(g: BehaviourGraph, model: ErrorModel, root: number, members: number[]): number[] | null {
  const walked = walk(g, model, root, members);
  if (!walked) return null;
  const back = wayBack(g, model, root, members, walked.end);
  if (!back) return null;
  for (let i = walked.path.length - 1; i >= 0; i--) {
    const s = g.state[walked.path[i]!]!;
    if (back.length === 0 || back[back.length - 1] !== s) back.push(s);
  }
  return back;
}

/**
 * From the root, depth first through the component until every obligation of the model (a state of each
 * `someState`, a step of each `someStep`, a node fulfilling each promise) is met: a step meeting one is
 * taken at once and the search starts afresh from there; else an unvisited successor (the last listed).
 * The nodes left behind (the path) and the node where it ends.
 */
function walk(g: BehaviourGraph, model: ErrorModel, root: number, members: number[]): { path: number[]; end: number } | null {
  const inside = new Set(members);
  const step = (u: number, v: number) => passes(model.always, g.state[u]!, g.state[v]!);
  const metState = model.someState.map(() => false);
  const metStep = model.someStep.map(() => false);
  const metPromise = new Array<boolean>(g.promiseCount).fill(false);
  let left = metState.length + metStep.length + metPromise.length;
  let seen = new Set<number>([root]);
  const path: number[] = [];
  let current = root;
  while (left > 0) {
    const before = left;
    for (;;) {
      model.someState.forEach((test, i) => {
        if (!metState[i] && test(g.state[current]!)) (metState[i] = true), left--;
      });
      for (let k = 0; k < metPromise.length; k++) if (!metPromise[k] && g.fulfills(current, k)) (metPromise[k] = true), left--;
      if (left <= 0) break;
      let via = -1;
      let unvisited = -1;
      let moved = false;
      const beforeSteps = left;
      for (const next of g.successors[current]!) {
        if (!inside.has(next) || !step(current, next)) continue;
        via = next;
        model.someStep.forEach((test, j) => {
          if (!metStep[j] && test(g.state[current]!, g.state[next]!)) (metStep[j] = true), left--;
        });
        if (left < beforeSteps) {
          path.push(current);
          current = next;
          seen = new Set();
          moved = true;
          break;
        }
        if (!seen.has(next)) unvisited = next;
      }
      if (moved) break;
      if (left < before) {
        if (via < 0) return null;
        path.push(current);
        current = via;
        seen = new Set();
        break;
      }
      while (unvisited < 0) {
        if (path.length === 0) return null;
        current = path.pop()!;
        unvisited = g.successors[current]!.find((v) => inside.has(v) && !seen.has(v)) ?? -1;
      }
      path.push(current);
      current = unvisited;
      seen.add(unvisited);
    }
  }
  return { path, end: current };
}

/**
 * The states from just before the root back to `end` (last first; none when `end` is the root): breadth
 * first over the component's states from `end`, a state's nodes expanded together, stopping at the first
 * step into the root.
 */
function wayBack(g: BehaviourGraph, model: ErrorModel, root: number, members: number[], end: number): number[] | null {
  if (end === root) return [];
  const step = (u: number, v: number) => passes(model.always, g.state[u]!, g.state[v]!);
  const nodesOf = new Map<number, number[]>();
  for (const u of members) {
    const list = nodesOf.get(g.state[u]!);
    if (list) list.push(u);
    else nodesOf.set(g.state[u]!, [u]);
  }
  const start = g.state[end]!;
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    for (const u of nodesOf.get(s)!) {
      for (const v of g.successors[u]!) {
        if (v === u || !step(u, v)) continue;
        if (v === root) {
          const back: number[] = [];
          for (let x = s; x !== start; x = parent.get(x)!) back.push(x);
          back.push(start);
          return back;
        }
        const t = g.state[v]!;
        if (nodesOf.has(t) && !parent.has(t)) parent.set(t, s), queue.push(t);
      }
    }
  }
  return null;
}
