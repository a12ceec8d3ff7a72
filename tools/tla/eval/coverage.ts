// TLC's per-subexpression coverage (`-coverage`): a tree per Init, action and invariant of the
// applications evaluated, along the call path (a definition reached from two places counts apart),
// with TLC's counts, and TLC's rule for printing it (tlc2.tool.coverage.OpApplNodeWrapper.print).
import type { Span } from '../diagnostics.js';
import type { IRExpr } from '../names/index.js';
import type { Value } from '../values/index.js';
import type { EvalContext } from './eval-context.js';
import type { CompiledBound } from './operations.js';

/** One application on one call path; `count` and `cost` are TLC's two numbers (`count:cost`). */
export class CoverageNode {
  count = 0;
  cost = 0;
  readonly children = new Map<object, CoverageNode>();
  /** A call of a definition Init or an action expands: the key of the definition's body among the children. */
  body: object | undefined;
  /** A CASE: the arm node holding each guard and body, which are evaluated with the CASE current. */
  arms: Map<object, CoverageNode> | undefined;

  constructor(
    /** Where TLC places the node: the application's span (a CASE arm's from guard to body). */
    readonly span: Span | undefined,
    /** UNCHANGED prints even when zero, with the largest of its own and its children's count (TLC's UnchangedOpApplNodeWrapper). */
    readonly unchanged = false,
  ) {}

  child(key: object, span: Span, unchanged = false): CoverageNode {
    const arm = this.arms?.get(key);
    if (arm) return arm.child(key, span, unchanged);
    let node = this.children.get(key);
    if (!node) {
      node = new CoverageNode(span, unchanged);
      this.children.set(key, node);
    }
    return node;
  }
}

/**
 * The recorder an interpreter built with `coverage` counts into: `current` is the node of the
 * application being evaluated (its children are what it evaluates); `last` the node that last
 * passed a generator's continuation on (in Init, the one that completes a state counts it).
 */
export class Coverage {
  current: CoverageNode = new CoverageNode(undefined);
  last: CoverageNode | undefined;
  /** States the running generator has produced, to tell whether a continuation produced one. */
  produced = 0;
  /** Roots by key (an action's formula, Init, an invariant's definition). */
  readonly roots = new Map<string, CoverageNode>();
  /** Set while nothing is to be counted: every root is then a scratch node. */
  paused = false;
  /** -1 while an evaluation already counted is taken back (TLC stopped short of it). */
  sign = 1;

  root(key: string): CoverageNode {
    if (this.paused) return new CoverageNode(undefined);
    let node = this.roots.get(key);
    if (!node) {
      node = new CoverageNode(undefined);
      this.roots.set(key, node);
    }
    return node;
  }

  /** `f` evaluated with `node` current. */
  under<T>(node: CoverageNode, f: () => T): T {
    const outer = this.current;
    this.current = node;
    try {
      return f();
    } finally {
      this.current = outer;
    }
  }
}

/**
 * The bounds with each set evaluated once per evaluation of the binder, as TLC's ContextEnumerator
 * does (ours evaluates an inner bound's set again for each element of the outer one, which would
 * count it again): the bounds handed to forEachBinding and its kin.
 */
export function setsOnce(bounds: readonly CompiledBound[]): (ctx: EvalContext) => CompiledBound[] {
  const sets = [...new Set(bounds.map((b) => b.set))];
  return (ctx) => {
    const values = new Map<unknown, Value>(sets.map((set) => [set, set(ctx)]));
    return bounds.map((b) => {
      const value = values.get(b.set)!;
      return { ...b, set: () => value };
    });
  };
}

/** The applications TLC's cost model has a node for: every OpApplNode (not numbers, strings, LET or LAMBDA). */
export function isCoverageNode(e: IRExpr): boolean {
  return e.kind !== 'number' && e.kind !== 'string' && e.kind !== 'let' && e.kind !== 'lambda';
}

/**
 * The subexpressions of `e` whose order in TLC's cost model is not the order they are first
 * evaluated in: a binder's body (\E, \A, CHOOSE, set and function constructors) comes before its
 * bound's range, evaluated first; IF's parts come as written, whichever branch runs first;
 * a junction's parts as written, so that one never reached (an UNCHANGED after a false guard) is in
 * the tree, as in TLC's, which is built before anything is evaluated.
 */
function coverageOrder(e: IRExpr): IRExpr[] {
  switch (e.kind) {
    case 'and':
    case 'or':
      return e.args;
    case 'quant':
    case 'choose':
    case 'setMap':
    case 'funcCtor':
      return [e.body];
    case 'setFilter':
      return [e.pred];
    case 'if':
      return [e.cond, e.then, e.else];
    default:
      return [];
  }
}

/**
 * Creates `node`'s children for `e` in TLC's order when it is first reached (a junction's parts to
 * any depth), each keyed as its evaluation finds it: SANY's nesting, a LET's body for the LET.
 */
export function prepareChildren(node: CoverageNode, e: IRExpr): void {
  if (node.children.size > 0) return;
  if (e.kind === 'case') {
    // TLC has a node per arm, from its guard (or OTHER) to its body, holding the two.
    const arms: { key: object; parts: IRExpr[]; span: Span }[] = e.arms.map((a) => ({ key: a, parts: [a.guard, a.body], span: a.span }));
    if (e.other) arms.push({ key: e.other, parts: [e.other], span: e.otherSpan ?? e.other.span });
    node.arms = new Map();
    for (const arm of arms) {
      const armNode = node.child(arm.key, arm.span);
      for (const part of arm.parts) node.arms.set(prepareChild(armNode, part) ?? part, armNode);
    }
    return;
  }
  for (const c of coverageOrder(e)) prepareChild(node, c);
}

/** `c`'s node under `node` (a LET's body's for a LET) and its children, if TLC has one; its key. */
function prepareChild(node: CoverageNode, c: IRExpr): IRExpr | undefined {
  while (c.kind === 'let') c = c.body;
  if (!isCoverageNode(c)) return undefined;
  const nested = sanyNesting(c);
  const child = node.child(nested, c.span, c.kind === 'unchanged');
  if (nested.kind === 'and' || nested.kind === 'or') prepareChildren(child, nested);
  return nested;
}

const nestings = new WeakMap<IRExpr, IRExpr>();

/**
 * An infix chain `a /\ b /\ c` (or `\/`) as SANY parses it, `(a /\ b) /\ c`: TLC's cost model has a
 * node for `a /\ b`, spanning a to b. Our parser keeps the chain as one junction; a bulleted list is
 * one node in both. The same object each time, since nodes are keyed by the expression.
 */
export function sanyNesting(e: IRExpr): IRExpr {
  if ((e.kind !== 'and' && e.kind !== 'or') || e.bulleted || e.args.length <= 2) return e;
  let nested = nestings.get(e);
  if (!nested) {
    const left = e.args.slice(0, -1);
    const [first, last] = [left[0]!.span, left.at(-1)!.span];
    const span = { ...first, endLine: last.endLine, endCol: last.endCol };
    nested = { ...e, args: [{ ...e, args: left, span }, e.args.at(-1)!] };
    nestings.set(e, nested);
  }
  return nested;
}

type Pair = readonly [count: number, cost: number];
const key = ([count, cost]: Pair) => `${count}:${cost}`;

/**
 * TLC's lines for the subtrees under a root, each `|` one level deeper: a node whose descendants
 * all carry one (count, cost), equal to its own or with its own zero, is one line with it; otherwise
 * it prints itself (when non-zero) and its children. `where` writes a span as TLC does.
 */
export function coverageLines(root: CoverageNode, where: (span: Span) => string): string[] {
  const out: string[] = [];
  const line = (level: number, node: CoverageNode, count: number, cost: number) =>
    out.push(`  ${'|'.repeat(level)}${where(node.span!)}: ${count}${cost > 0 ? `:${cost}` : ''}`);
  /**
   * The distinct non-zero pairs of a node's descendants. An UNCHANGED counts as a pair even when zero,
   * and so do the variables under it, which TLC marks primed and never evaluates: an UNCHANGED adds
   * (0, 0) to its ancestors' pairs, so a conjunction holding one is never one line.
   */
  const below = new Map<CoverageNode, Map<string, Pair>>();
  const collect = (node: CoverageNode): Map<string, Pair> => {
    const pairs = new Map<string, Pair>();
    for (const c of node.children.values()) {
      if (c.count > 0 || c.cost > 0 || c.unchanged) pairs.set(key([c.count, c.cost]), [c.count, c.cost]);
      if (c.unchanged) pairs.set('0:0', [0, 0]);
      for (const [k, p] of collect(c)) pairs.set(k, p);
    }
    below.set(node, pairs);
    return pairs;
  };
  const print = (node: CoverageNode, level: number): void => {
    const pairs = below.get(node)!;
    const own: Pair = [node.count, node.cost];
    const nonZero = own[0] > 0 || own[1] > 0;
    const children = () => {
      for (const c of node.children.values()) print(c, level + (nonZero || node.unchanged ? 1 : 0));
    };
    if (node.unchanged) {
      pairs.delete('0:0');
      const first = [...pairs.values()][0];
      line(level, node, first ? Math.max(node.count, first[0]) : node.count, first ? 0 : node.cost);
      return;
    }
    if (pairs.size === 0) {
      if (nonZero) line(level, node, node.count, node.cost);
      return;
    }
    if (pairs.size === 1) {
      const [only] = pairs.values() as IterableIterator<Pair>;
      if (only![0] < own[0]) {
        line(level, node, node.count, node.cost);
        for (const c of node.children.values()) print(c, level + 1);
        return;
      }
      if (!nonZero && (only![0] > 0 || only![1] > 0)) return void line(level, node, only![0], only![1]);
      if (!nonZero) return children();
      if (key(own) === key(only!)) return void line(level, node, node.count, node.cost);
    }
    if (nonZero) line(level, node, node.count, node.cost);
    children();
  };
  for (let top of root.children.values()) {
    // TLC's Init and actions are the definitions' bodies, not the calls naming them.
    while (top.body && top.children.has(top.body)) top = top.children.get(top.body)!;
    collect(top);
    print(top, 0);
  }
  return out;
}
