// TLC's per-subexpression coverage (`-coverage`): a tree per Init, action and invariant of the
// applications evaluated, along the call path (a definition reached from two places counts apart),
// with TLC's counts, and TLC's rule for printing it (tlc2.tool.coverage.OpApplNodeWrapper.print).
import type { Span } from '../diagnostics.js';
import type { IRExpr } from '../names/index.js';
import { EnumSet, isMember, toEnumSet, type SetValue, type Value } from '../values/index.js';
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
    /** `x' = e` or `x' \in S` (TLC's primed locations): prints even when zero, and never takes its subtree's one pair as its own. */
    readonly primed = false,
  ) {}

  child(key: object, span: Span, unchanged = false, primed = false): CoverageNode {
    const arm = this.arms?.get(key);
    if (arm) return arm.child(key, span, unchanged, primed);
    let node = this.children.get(key);
    if (!node) {
      node = new CoverageNode(span, unchanged, primed);
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

  /**
   * The node that built each set a set literal, `{e : x \in S}` or `{x \in S : P}` evaluated to (TLC's
   * Value.cm), which TLC charges (the second number) whenever the set is enumerated later, in whatever
   * action or state: the set stays its builder's as long as the same object is passed on.
   */
  private readonly builders = new WeakMap<EnumSet, CoverageNode>();

  /**
   * `v` as built by `node` (by no node: undefined): a copy when it is an enumerated set, one object per
   * evaluation as in TLC (ours shares equal sets: the empty set is one object).
   */
  built(v: Value, node: CoverageNode | undefined): Value {
    if (typeof v !== 'object' || v.kind !== 'enum') return v;
    const fresh = new EnumSet(v.elems);
    fresh.tlcOrdered = v.tlcOrdered;
    if (node) this.builders.set(fresh, node);
    return fresh;
  }

  /** Whether TLC would charge anyone for enumerating `v`. */
  hasBuilder(v: Value): boolean {
    return this.builderOf(v) !== undefined;
  }

  builderOf(v: Value): CoverageNode | undefined {
    return typeof v === 'object' && v.kind === 'enum' ? this.builders.get(v) : undefined;
  }

  /**
   * TLC's enumerator of `set` called `calls` times: a SetEnumValue's charges its builder at each call,
   * the last one, which finds no element, too (an interval's builder is an operator, not a node).
   */
  enumerated(set: Value, calls: number): void {
    if (typeof set !== 'object' || set.kind !== 'enum') return;
    const node = this.builders.get(set);
    if (node) node.cost += calls * this.sign;
  }

  /** `set` enumerated to its end, as TLC's `x \in S` in Init and actions and its `S \subseteq T` that holds do. */
  enumeratedWhole(set: Value): void {
    if (typeof set === 'object' && set.kind === 'enum') this.enumerated(set, set.elems.length + 1);
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
 * count it again). `run` gets them and `each`, to call once per binding it evaluates; the sets'
 * builders are then charged for TLC's calls of their enumerators (enumeratorCalls; CHOOSE, one bound,
 * `readsAhead` false, calls its set's enumerator once per element it tries and stops at the one it picks).
 */
export function setsOnce(bounds: readonly CompiledBound[], coverage: Coverage, readsAhead = true): <T>(ctx: EvalContext, run: (bounds: CompiledBound[], each: () => void) => T) => T {
  const sets = [...new Set(bounds.map((b) => b.set))];
  return (ctx, run) => {
    const values = new Map<unknown, Value>(sets.map((set) => [set, set(ctx)]));
    const once = bounds.map((b) => {
      const value = values.get(b.set)!;
      return { ...b, set: () => value };
    });
    let bindings = 0;
    try {
      return run(once, () => void bindings++);
    } finally {
      const setsOf = once.map((b) => b.set());
      if (setsOf.some((v) => coverage.hasBuilder(v))) {
        const calls = readsAhead ? enumeratorCalls(setsOf.map(sizeOf), bindings) : [bindings];
        setsOf.forEach((v, i) => coverage.enumerated(v, calls[i]!));
      }
    }
  };
}

function sizeOf(v: Value): number {
  const set = v as SetValue;
  return set.kind === 'enum' ? set.elems.length : set.kind === 'interval' ? Math.max(0, set.hi - set.lo + 1) : toEnumSet(set).elems.length;
}

/**
 * How often TLC's ContextEnumerator calls each bound's enumerator to produce `bindings` bindings of
 * sets of `sizes` (the first bound turns fastest): once each to start (up to an empty one), then after
 * each binding it produces (it reads one ahead) the first, and each bound that ran out once more after
 * its reset as the next one turns. So `\E x \in S` over all of S calls |S| + 1 times, and a CHOOSE
 * that stops at the k-th element k + 1 times.
 */
export function enumeratorCalls(sizes: readonly number[], bindings: number): number[] {
  const calls = sizes.map(() => 0);
  for (let i = 0; i < sizes.length; i++) {
    calls[i]!++;
    if (sizes[i] === 0) return calls;
  }
  const at = sizes.map(() => 0);
  for (let b = 0; b < bindings; b++) {
    for (let i = 0; i < sizes.length; i++) {
      calls[i]!++;
      if (++at[i]! < sizes[i]!) break;
      if (i === sizes.length - 1) return calls;
      at[i] = 0;
      calls[i]!++;
    }
  }
  return calls;
}

/** TLC's Reducible sets (SetEnumValue, IntervalValue), which it enumerates eagerly. */
function isReducible(v: Value): boolean {
  return typeof v === 'object' && (v.kind === 'enum' || v.kind === 'interval');
}

/** The IR kinds whose sets TLC's value carries the node of (Value.cm): what `Coverage.built` records. */
export function buildsSet(e: IRExpr): boolean {
  return e.kind === 'setEnum' || e.kind === 'setMap' || e.kind === 'setFilter';
}

/**
 * `a \cup b` as TLC's Reducible.cup charges and passes builders on: the union with an empty
 * enumerated set or interval is the other operand itself (still its builder's); otherwise an
 * enumerated operand is enumerated into a new set that no node built.
 */
function coveredUnion(coverage: Coverage, a: Value, b: Value, union: (a: Value, b: Value) => Value): Value {
  const [left, right] = isReducible(a) ? [a, b] : [b, a];
  if (!isReducible(left)) return union(a, b);
  if (sizeOf(left) === 0) return right;
  if (!isReducible(right)) return union(a, b);
  coverage.enumeratedWhole(right);
  const result = union(a, b);
  return result === a || result === b ? coverage.built(result, undefined) : result;
}

/**
 * `a \ b` and `a \cap b` as TLC's Reducible.diff and cap pass builders on: the new set is the
 * builder's of the enumerated operand it keeps elements of (`a`, or for \cap `b` when `a` is not
 * enumerated), and no node's when neither is.
 */
function coveredSubset(coverage: Coverage, a: Value, b: Value, op: (a: Value, b: Value) => Value, commutes: boolean): Value {
  const kept = isReducible(a) ? a : commutes && isReducible(b) ? b : undefined;
  return coverage.built(op(a, b), kept === undefined ? undefined : coverage.builderOf(kept));
}

/** `a \subseteq b` as TLC's EnumerableValue.isSubsetEq enumerates `a`: up to its first element not in `b`. */
function coveredSubsetEq(coverage: Coverage, a: Value, b: Value, subsetEq: (a: Value, b: Value) => Value): Value {
  const holds = subsetEq(a, b);
  if (coverage.hasBuilder(a)) {
    const elems = (a as EnumSet).elems;
    const calls = holds === true ? elems.length + 1 : elems.findIndex((x) => !isMember(x, b as SetValue)) + 1;
    coverage.enumerated(a, calls);
  }
  return holds;
}

/** `UNION s` as TLC's UnionValue.union: of an enumerated set of enumerated sets, a set still `s`'s builder's. */
export function coveredBigUnion(coverage: Coverage, s: Value, op: (s: Value) => Value): Value {
  const combined = typeof s === 'object' && s.kind === 'enum' && s.elems.every((e) => typeof e === 'object' && e.kind === 'enum');
  return coverage.built(op(s), combined ? coverage.builderOf(s) : undefined);
}

type SetOperation = (coverage: Coverage, a: Value, b: Value, op: (a: Value, b: Value) => Value) => Value;

/** The set operators whose charges and builders TLC's values decide (above), by name. */
export function coveredSetOperation(name: string): SetOperation | undefined {
  switch (name) {
    case '\\cup':
      return coveredUnion;
    case '\\subseteq':
      return coveredSubsetEq;
    case '\\':
      return (coverage, a, b, op) => coveredSubset(coverage, a, b, op, false);
    case '\\cap':
      return (coverage, a, b, op) => coveredSubset(coverage, a, b, op, true);
    default:
      return undefined;
  }
}

/**
 * The applications TLC's cost model has a node for: every OpApplNode (not numbers, strings, LET or
 * LAMBDA); not `@` either, which TLC reads from the EXCEPT's context without counting it.
 */
export function isCoverageNode(e: IRExpr): boolean {
  return e.kind !== 'number' && e.kind !== 'string' && e.kind !== 'let' && e.kind !== 'lambda' && e.kind !== 'exceptAt';
}

/** Whether `e` is `x' = e` or `x' \in S` for a variable x: what TLC's getPrimedLocs lists, and its cost model marks primed. */
export function isPrimedLocation(e: IRExpr): boolean {
  if (e.kind !== 'apply' || e.ref.kind !== 'builtin' || e.ref.module !== 'TLA+' || (e.ref.name !== '=' && e.ref.name !== '\\in')) return false;
  const left = e.args[0];
  return left?.kind === 'prime' && left.arg.kind === 'apply' && left.arg.ref.kind === 'variable';
}

/** Where TLC's cost model places a record's (or record set's) field `a |-> v`: SANY's `$Pair`, from the name to the value's end. */
export function fieldPairSpan(f: { span: Span; value: { span: Span } }): Span {
  return { ...f.span, endLine: f.value.span.endLine, endCol: f.value.span.endCol };
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
  // A record's fields as written (ours evaluates them in the order of their names).
  if (e.kind === 'record' || e.kind === 'recordSet') for (const f of e.fields) node.child(f, fieldPairSpan(f));
  for (const c of coverageOrder(e)) prepareChild(node, c);
}

/** `c`'s node under `node` (a LET's body's for a LET) and its children, if TLC has one; its key. */
function prepareChild(node: CoverageNode, c: IRExpr): IRExpr | undefined {
  while (c.kind === 'let') c = c.body;
  if (!isCoverageNode(c)) return undefined;
  const nested = sanyNesting(c);
  const child = node.child(nested, c.span, c.kind === 'unchanged', isPrimedLocation(c));
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
      if (c.count > 0 || c.cost > 0 || c.unchanged || c.primed) pairs.set(key([c.count, c.cost]), [c.count, c.cost]);
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
    // A primed node prints itself, even at zero, where another would not.
    const shown = nonZero || node.primed;
    const children = () => {
      for (const c of node.children.values()) print(c, level + (shown || node.unchanged ? 1 : 0));
    };
    if (node.unchanged) {
      pairs.delete('0:0');
      const first = [...pairs.values()][0];
      line(level, node, first ? Math.max(node.count, first[0]) : node.count, first ? 0 : node.cost);
      return;
    }
    if (pairs.size === 0) {
      if (shown) line(level, node, node.count, node.cost);
      return;
    }
    if (pairs.size === 1) {
      const [only] = pairs.values() as IterableIterator<Pair>;
      if (only![0] < own[0]) {
        line(level, node, node.count, node.cost);
        for (const c of node.children.values()) print(c, level + 1);
        return;
      }
      if (!shown && (only![0] > 0 || only![1] > 0)) return void line(level, node, only![0], only![1]);
      if (!nonZero && !(only![0] > 0 || only![1] > 0)) {
        if (shown) line(level, node, node.count, node.cost);
        return children();
      }
      if (key(own) === key(only!)) return void line(level, node, node.count, node.cost);
    }
    if (shown) line(level, node, node.count, node.cost);
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
