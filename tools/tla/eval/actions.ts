// Init and Next as generators of states, the way TLC evaluates them: conjunctions left to right,
// disjunctions and \E as branches, and `x = e` / `x \in S` (in Init) or `x' = e` / `x' \in S` (in
// actions) *assign* a variable still unassigned, where otherwise they test. UNCHANGED assigns too.
import type { Span } from '../diagnostics.js';
import { bindersDeclaredIn, subexpressions, type IRExpr, type ResolvedDef, type ResolvedModule, type ResolvedPhase } from '../names/index.js';
import type { LetDef } from '../syntax/ast.js';
import { isStackOverflow, tooDeepError, tuple, valuesEqual, type SetValue, type Value } from '../values/index.js';
import { EvalContext, someInRandomOrder, type Closure, type Local, type PartialState, type RandomBelow } from './eval-context.js';
import { isPrimedLocation, prepareChildren, sanyNesting, setsOnce, type Coverage } from './coverage.js';
import { evalError } from './eval-error.js';
import type { Interpreter } from './interpreter.js';
import { actionConjunct, actionForallBody, asBool, initConjunct, initForallBody, noCaseArm, bindAtPoint, boundElements, forEachBinding, memberAt, membershipElements, setAt, withBoundElement, type CompiledBound } from './operations.js';

/**
 * Calls `k` for every way the expression can hold, with the target variables it assigns set in
 * the context; returns true as soon as `k` does (to stop the search, as ENABLED does).
 */
export type Generator = (ctx: EvalContext, k: () => boolean) => boolean;

/** 'init': unprimed variables are assigned (in ctx.state); 'next': primed ones (in ctx.next). */
export type GeneratorMode = 'init' | 'next';

type ApplyExpr = Extract<IRExpr, { kind: 'apply' }>;

/** One conjunct of a conjunction, by how it is run (see compileConjunction). */
type Conjunct =
  | { kind: 'test'; test: (ctx: EvalContext) => Value; span: Span }
  | { kind: 'assign'; index: number; rhs: (ctx: EvalContext) => Value }
  | { kind: 'unchanged'; vars: readonly number[] }
  | { kind: 'gen'; gen: Generator; test: Closure; span: Span };

/** Clears the variables of `vars` whose bit is set in `mask`. */
function unassign(next: PartialState, vars: readonly number[], mask: number): void {
  for (let j = 0; j < vars.length; j++) if (mask & (1 << j)) next[vars[j]!] = undefined;
}

/** How a conjunct of an action is run; shared by this interpreter and tla2ts's compiled generators. */
export type ConjunctShape =
  | { kind: 'assign'; index: number; rhs: IRExpr }
  | { kind: 'unchanged'; vars: number[] }
  | { kind: 'test' }
  | { kind: 'gen' };

/**
 * The static reading of an Init or action formula: which expressions assign a target variable,
 * which conjunctions splice, which definitions expand. Both generator back ends decide with this,
 * so that they count the same branches.
 */
/** `P => A`: TLC evaluates P and, when it holds, reads A as an action (a disjunction in A branches). */
export function isImplication(e: ApplyExpr): boolean {
  return e.ref.kind === 'builtin' && e.ref.module === 'TLA+' && e.ref.name === '=>';
}

/**
 * Whether every variable the generator assigns has a value. From then on TLC evaluates the rest of
 * a conjunction as booleans instead of branching on it, so a disjunction there counts one way.
 */
export function allAssigned(targets: PartialState): boolean {
  for (let i = 0; i < targets.length; i++) if (targets[i] === undefined) return false;
  return true;
}

/**
 * `\A x \in S : A(x)` in Init or an action, as TLC reads it: the conjunction A(s1) /\ A(s2) /\ ...
 * over the elements in TLC's order, each conjunct a generator of its own (a disjunction in A
 * branches, an x' = e in A assigns); once every variable has a value the remaining conjuncts are
 * tests (`test`). `k` runs once per way all of them hold.
 */
export function conjoinOverBindings(
  bounds: readonly CompiledBound[],
  ctx: EvalContext,
  body: Generator,
  test: (ctx: EvalContext) => boolean,
  mode: GeneratorMode,
  k: () => boolean,
): boolean {
  // The bindings in one flat array, binding i's values at i * width, and the values they hide in
  // another: no array per binding nor per conjunct (SlushSmall's TallyQueryReplies, an \A over
  // each sample set in every state where a loop waits for replies).
  const ids = bounds.length === 1 ? bounds[0]!.ids : bounds.flatMap((b) => b.ids);
  const width = ids.length;
  const locals = ctx.locals;
  const values: Local[] = [];
  forEachBinding(bounds, ctx, () => {
    for (let j = 0; j < width; j++) values.push(locals[ids[j]!]);
    return false;
  });
  const count = values.length / width;
  const saved = new Array<Local>(values.length);
  const conjunct = (i: number): boolean => {
    if (i === count) return k();
    // Each conjunct sees its own binding; the previous one's comes back when this one returns.
    const at = i * width;
    for (let j = 0; j < width; j++) {
      saved[at + j] = locals[ids[j]!];
      locals[ids[j]!] = values[at + j];
    }
    try {
      if (i > 0 && allAssigned(mode === 'next' ? ctx.next! : ctx.state)) return test(ctx) && conjunct(i + 1);
      return body(ctx, () => conjunct(i + 1));
    } finally {
      for (let j = 0; j < width; j++) locals[ids[j]!] = saved[at + j];
    }
  };
  return conjunct(0);
}

/**
 * `\E` in Init or an action while simulating (`ctx.random` set): as forEachBinding (operations.ts), each
 * variable's values in a random order, so the first binding for which `fn` holds is a random one.
 */
export function forEachBindingAtRandom(bounds: readonly CompiledBound[], ctx: EvalContext, random: RandomBelow, fn: () => boolean, from = 0): boolean {
  if (from === bounds.length) return fn();
  const bound = bounds[from]!;
  const elements = boundElements(bound, ctx);
  const rest = from + 1 === bounds.length ? fn : () => forEachBindingAtRandom(bounds, ctx, random, fn, from + 1);
  if (bound.tuple) return someInRandomOrder(elements.length, random, (i) => withBoundElement(bound, elements[i]!, ctx, rest));
  // One variable: assigned in place, as forEachBinding does.
  const id = bound.ids[0]!;
  const locals = ctx.locals;
  const saved = locals[id];
  try {
    return someInRandomOrder(elements.length, random, (i) => {
      locals[id] = elements[i];
      return rest();
    });
  } finally {
    locals[id] = saved;
  }
}

const composing = new WeakMap<ResolvedModule, boolean>();

/** Whether any definition of the module composes actions (`A \cdot B`). */
function composesActions(module: ResolvedModule): boolean {
  let found = composing.get(module);
  if (found === undefined) {
    const pending: IRExpr[] = module.defs.map((d) => d.body);
    found = false;
    while (!found && pending.length > 0) {
      const e = pending.pop()!;
      found = e.kind === 'apply' && isComposition(e);
      pending.push(...subexpressions(e));
    }
    composing.set(module, found);
  }
  return found;
}

/** Whether `e` is action composition, `A \cdot B`. */
export function isComposition(e: ApplyExpr): boolean {
  return e.ref.kind === 'builtin' && e.ref.module === 'TLA+' && e.ref.name === '\\cdot';
}

/**
 * The middle states of `A \cdot B` (s -A-> t -B-> u): every state t the generator of A reaches from
 * ctx.state; E3001 if A leaves a variable unassigned, as t must be a whole state. With `rest`, what
 * follows the composition in the action runs after A, on (s, t), and t is taken where it ends (as
 * TLC does); a variable assigned before the composition starts at its value in s, as in TLC's
 * `s0.copyWith(s1)`. Without, A starts with no primed variable assigned.
 */
export function middleStates(first: Generator, ctx: EvalContext, variables: readonly string[], span: Span, rest?: () => boolean): Value[][] {
  const next = ctx.next;
  const middle: PartialState = new Array<Value | undefined>(next?.length ?? variables.length).fill(undefined);
  if (rest && next) for (let i = 0; i < middle.length; i++) if (next[i] !== undefined) middle[i] = ctx.state[i];
  const found: Value[][] = [];
  const collect = () => {
    const missing = variables.filter((_, i) => middle[i] === undefined);
    if (missing.length > 0) evalError('E3001', `the left action of \\cdot leaves ${missing.join(', ')} without a value`, span, `A \\cdot B needs A to assign every variable (x' = e, x' \\in S or UNCHANGED x)`);
    found.push(middle.slice() as Value[]);
    return false;
  };
  const end = ctx.compositionEnd;
  ctx.next = middle;
  if (rest) ctx.compositionEnd = collect;
  try {
    first(ctx, rest ?? collect);
  } finally {
    ctx.next = next;
    ctx.compositionEnd = end;
  }
  return found;
}

/** What TLC's evaluation stack holds for `e`: each call it was expanded from (names/ir.ts `calls`), then `e`. */
export function heldSpans(e: IRExpr): Span[] {
  return e.calls ? [...e.calls.map((c) => c.span), e.span] : [e.span];
}

/** A disjunction of generators: each in turn, or in a random order while simulating. */
function anyOf(parts: readonly Generator[]): Generator {
  return (ctx, k) => {
    if (ctx.random) return someInRandomOrder(parts.length, ctx.random, (i) => parts[i]!(ctx, k));
    for (const p of parts) if (p(ctx, k)) return true;
    return false;
  };
}

/**
 * `k` made to run with the values `ids` have now (the caller's), the callee's put back after it:
 * a continuation runs inside the callee's bindings, which a recursive callee shares with its caller.
 */
function inCallerScope(ctx: EvalContext, ids: readonly number[], k: () => boolean): () => boolean {
  const locals = ctx.locals;
  const outer = ids.map((id) => locals[id]);
  return () => {
    const inner = ids.map((id) => locals[id]);
    ids.forEach((id, j) => (locals[id] = outer[j]));
    try {
      return k();
    } finally {
      ids.forEach((id, j) => (locals[id] = inner[j]));
    }
  };
}

export class ActionShape {
  /** The definitions of the substituted VARIABLEs given slots so far, by slot (see `variableIndex`). */
  readonly slotDefs = new Map<number, number>();
  /**
   * Operators defined in the LETs compiled so far, by binder id (unique in a module): TLC expands a
   * call of one in an action as it expands a module-level definition (Tool.getNextStates on a LET's
   * LazyValue not yet computed), so `LET Step == x' = x + 1 IN Step` assigns x'.
   */
  private readonly letOperators = new Map<number, Extract<LetDef<ResolvedPhase>, { kind: 'operator' }>>();
  /** Functions defined in those LETs, by binder id: TLC keeps them lazy too (see expandableFunction). */
  private readonly letFunctions = new Map<number, Extract<LetDef<ResolvedPhase>, { kind: 'function' }>>();

  /** Called on entering a LET in an action, before its body is read. */
  enterLet(e: Extract<IRExpr, { kind: 'let' }>): void {
    for (const d of e.defs) {
      if (d.kind === 'operator') this.letOperators.set(d.name.id, d);
      else if (d.kind === 'function') this.letFunctions.set(d.name.id, d);
    }
  }

  constructor(
    readonly interp: Interpreter,
    readonly mode: GeneratorMode,
    /** For ENABLED written inside instantiated modules: those INSTANCEs (names/ir.ts `substitutes`). */
    readonly instances: ReadonlySet<number> = new Set(),
  ) {}

  /** The variable index `e` assigns in this mode (x in Init, x' in actions), or -1. */
  target(e: IRExpr): number {
    if (this.mode === 'next') {
      if (e.kind !== 'prime') return -1;
      e = e.arg;
    }
    return this.variableIndex(e);
  }

  /**
   * The state index `e` names: a variable; an instantiated module's VARIABLE, which is its slot
   * after the variables inside ENABLED written in that instance, else what replaces it when that is
   * a variable (`WITH v <- w`); -1 for anything else.
   */
  private variableIndex(e: IRExpr): number {
    if (e.kind !== 'apply' || e.args.length > 0) return -1;
    if (e.ref.kind === 'variable') return e.ref.index;
    if (e.ref.kind !== 'def' || this.interp.hasOverride(e.ref.index)) return -1;
    const def = this.interp.def(e.ref.index);
    if (!def.substitutes || def.kind !== 'operator') return -1;
    const slot = this.mode === 'next' ? this.interp.substitutedVariableSlot(e.ref.index, this.instances) : -1;
    if (slot < 0) return this.variableIndex(def.body);
    this.slotDefs.set(slot, e.ref.index);
    return slot;
  }

  /**
   * The conjuncts of a list, with zero-parameter definitions whose body is a conjunction spliced in;
   * with `splice` false (traced, where TLC's stack holds each conjunction) only instances' VARIABLEs.
   */
  conjuncts(args: readonly IRExpr[], splice = true): IRExpr[] {
    return args.flatMap((a) => {
      if (a.kind === 'and' && splice) return this.conjuncts(a.args);
      if (a.kind === 'apply' && a.ref.kind === 'def' && a.args.length === 0 && !this.interp.hasOverride(a.ref.index)) {
        const def = this.interp.def(a.ref.index);
        if (splice && def.kind === 'operator' && def.params.length === 0 && def.body.kind === 'and') return this.conjuncts(def.body.args);
        // An instance's VARIABLE as a conjunct reads as what replaces it, as where it is inlined.
        if (def.substitutes) return this.conjuncts([def.body], splice);
      }
      return [a];
    });
  }

  conjunct(e: IRExpr): ConjunctShape {
    if (e.kind === 'apply' && e.ref.kind === 'builtin' && e.ref.module === 'TLA+' && e.ref.name === '=') {
      const index = this.target(e.args[0]!);
      if (index >= 0) return { kind: 'assign', index, rhs: e.args[1]! };
    }
    if (e.kind === 'unchanged' && this.mode === 'next') {
      const vars = this.unchangedVariables(e.arg);
      // A slot's current value is computed (ActionCompiler.compileUnchanged), not read from the state.
      if (vars && vars.length <= 30 && !vars.some((v) => this.slotDefs.has(v))) return { kind: 'unchanged', vars };
    }
    return this.mayAssign(e) ? { kind: 'gen' } : { kind: 'test' };
  }

  /** Whether an expression can assign a target (else it is a plain test). Conservative. */
  private mayAssign(e: IRExpr): boolean {
    switch (e.kind) {
      case 'and':
      case 'or':
      case 'if':
      case 'case':
      case 'let':
      case 'unchanged':
        return true;
      case 'angleAction':
      case 'boxAction':
        return this.mode === 'next';
      case 'quant':
        // \A x \in S : A(x) is the conjunction of the A(s): it branches or assigns when A does.
        return e.quantifier === 'exists' || this.mayAssign(e.body);
      case 'funcApp':
        return this.expandableFunction(e) !== undefined;
      case 'apply':
        if (e.ref.kind === 'def') return true;
        if (e.ref.kind === 'bound') return this.letOperators.has(e.ref.id);
        if (isImplication(e)) return this.mayAssign(e.args[1]!);
        if (isComposition(e)) return this.mode === 'next';
        return e.ref.kind === 'builtin' && e.ref.module === 'TLA+' && (e.ref.name === '=' || e.ref.name === '\\in') && this.target(e.args[0]!) >= 0;
      default:
        return false;
    }
  }

  /**
   * `f[x]` of a function TLC keeps lazy, whose body it reads as an action at x (so a disjunction in it
   * branches): a function defined in a LET, or a module-level function definition that is not
   * constant (a constant one is a table computed once). Any other bound f (`\E g \in S : g[1]`) is a value.
   */
  expandableFunction(e: Extract<IRExpr, { kind: 'funcApp' }>): Extract<ResolvedDef | LetDef<ResolvedPhase>, { kind: 'function' }> | undefined {
    const fn = e.fn;
    if (fn.kind !== 'apply' || fn.args.length > 0) return undefined;
    if (fn.ref.kind === 'bound') return this.letFunctions.get(fn.ref.id);
    if (fn.ref.kind !== 'def' || this.interp.hasOverride(fn.ref.index) || this.interp.levels.ofDef(fn.ref.index)) return undefined;
    const def = this.interp.def(fn.ref.index);
    return def.kind === 'function' ? def : undefined;
  }

  /**
   * The operator definition a user-defined action call expands to, or undefined. An operator parameter
   * (`A(F(_)) == x' = F(x)`, a LET's operator passed to its INSTANCE) is bound to the operator passed.
   */
  expandable(e: ApplyExpr): Extract<LetDef<ResolvedPhase>, { kind: 'operator' }> | undefined {
    if (e.ref.kind === 'bound') return this.letOperators.get(e.ref.id);
    if (e.ref.kind !== 'def' || this.interp.hasOverride(e.ref.index)) return undefined;
    const def = this.interp.def(e.ref.index);
    if (def.kind !== 'operator') return undefined;
    // TLC computes a constant-level definition without parameters once, before the search: it is a
    // value there, a test here, never a branch (so `Ok == \E i \in 1..3 : i > 0` counts one way).
    if (def.params.length === 0 && this.interp.levels.ofDef(e.ref.index)) return undefined;
    return def;
  }

  /** The variables `UNCHANGED e` names: a variable, a tuple of them, or a definition of those. */
  unchangedVariables(e: IRExpr): number[] | undefined {
    if (e.kind === 'apply' && e.args.length === 0) {
      const index = this.variableIndex(e);
      if (index >= 0) return [index];
      if (e.ref.kind === 'def') {
        const def = this.interp.def(e.ref.index);
        if (def.kind === 'operator' && def.params.length === 0) return this.unchangedVariables(def.body);
      }
      return undefined;
    }
    if (e.kind === 'tuple') {
      const all: number[] = [];
      for (const x of e.elems) {
        const vs = this.unchangedVariables(x);
        if (!vs) return undefined;
        all.push(...vs);
      }
      return all;
    }
    return undefined;
  }

  /**
   * What TLC's stack holds while UNCHANGED e runs on (Tool.processUnchanged): e, then for a tuple
   * each element and for a definition naming no variable its body, each in turn, outermost first.
   */
  unchangedSpans(e: IRExpr): Span[] {
    if (e.kind === 'tuple') return [e.span, ...e.elems.flatMap((x) => this.unchangedSpans(x))];
    if (e.kind === 'apply' && e.args.length === 0 && e.ref.kind === 'def' && this.variableIndex(e) < 0 && !this.interp.hasOverride(e.ref.index)) {
      const def = this.interp.def(e.ref.index);
      if (def.kind === 'operator' && def.params.length === 0) return [e.span, ...this.unchangedSpans(def.body)];
    }
    return [e.span];
  }
}

export class ActionCompiler {
  private readonly shape: ActionShape;
  private readonly mode: GeneratorMode;
  /** Where a conjunct stands, for TLC's words for a non-boolean one. */
  private readonly conjunctPlace: string;
  /** The traced interpreter's evaluation stack (Interpreter.traced), or undefined on the normal path. */
  private readonly nested: Span[] | undefined;
  /** Traced: the LETs at the root of an action, which TLC's split of Next looks through (compileAction). */
  private readonly rootLets = new Set<IRExpr>();
  /** `check --coverage`: the recorder the interpreter counts into (Interpreter.coverage). */
  private readonly coverage: Coverage | undefined;

  constructor(
    private readonly interp: Interpreter,
    mode: GeneratorMode,
    instances?: ReadonlySet<number>,
  ) {
    this.shape = new ActionShape(interp, mode, instances);
    this.mode = mode;
    this.conjunctPlace = mode === 'next' ? actionConjunct : initConjunct;
    this.nested = interp.nestedSpans();
    this.coverage = interp.coverage();
  }

  /**
   * Coverage: `generator` run as the root of an Init, action or invariant line (`root`). Each state
   * it produces is counted where TLC counts it: in Init on the conjunct that completed it.
   */
  counted(generator: Generator, root: string): Generator {
    const coverage = this.coverage!;
    const init = this.mode === 'init';
    return (ctx, k) =>
      coverage.under(coverage.root(root), () =>
        generator(ctx, () => {
          if (init && coverage.last) coverage.last.count += coverage.sign;
          coverage.produced++;
          return k();
        }),
      );
  }

  private targets(ctx: EvalContext): PartialState {
    return this.mode === 'next' ? ctx.next! : ctx.state;
  }

  /**
   * The generator of an action (or Init). When it holds a composition `A \cdot B`, the end of the
   * action is where the composition takes over (ctx.compositionEnd): TLC runs what follows the
   * composition in the action once after A, on (s, t), and again after B, on (t, u).
   */
  compile(e: IRExpr): Generator {
    const generator = this.compileExpr(e);
    // Definitions are compiled when first expanded, so whether e reaches a composition is not known
    // yet: any composition in the module sets the end up.
    if (!composesActions(this.interp.module)) return generator;
    return (ctx, k) => {
      const outer = ctx.compositionEnd;
      ctx.compositionEnd = null;
      try {
        return generator(ctx, () => (ctx.compositionEnd ? ctx.compositionEnd(k) : k()));
      } finally {
        ctx.compositionEnd = outer;
      }
    };
  }

  /**
   * Traced, an action of Next as TLC runs it: its split (Tool.getActions) looks through LETs, so the
   * stack starts at the LET's body.
   */
  compileAction(e: IRExpr): Generator {
    // A LET that is a call's body is the call's (TLC does not split a call with arguments of the state).
    for (let r = e; r.kind === 'let' && !r.calls; r = r.body) this.rootLets.add(r);
    return this.compile(e);
  }

  /**
   * Traced, Init as TLC runs it: its predicates (the .cfg's INIT or the SPECIFICATION's conjuncts, a
   * definition standing for its body) in turn, each held on the stack like a conjunct.
   */
  compileInit(predicates: readonly IRExpr[]): Generator {
    if (predicates.length === 1) return this.compile(predicates[0]!);
    const list: IRExpr = { kind: 'and', args: [...predicates], bulleted: true, span: predicates[0]!.span };
    return this.compileConjunction(list as Extract<IRExpr, { kind: 'and' }>, false);
  }

  private compileExpr(e: IRExpr): Generator {
    if (this.coverage) return this.countedExpr(e);
    const generator = this.compileBranching(e);
    if (!generator) return this.test(e);
    const nested = this.nested;
    if (!nested) return generator;
    // Traced: e and the calls it was expanded from stay on the stack while what follows it runs (its
    // continuation), as in TLC; a conjunction holds its own span (compileConjunction), a root LET none.
    const held = e.kind === 'and' || this.rootLets.has(e) ? heldSpans(e).slice(0, -1) : heldSpans(e);
    if (held.length === 0) return generator;
    return (ctx, k) => {
      const depth = nested.length;
      nested.push(...held);
      const result = generator(ctx, k);
      nested.length = depth;
      return result;
    };
  }

  /**
   * Coverage: the generator of `e` counting as TLC's Tool.getNextStates and getInitStates do. A
   * branching node (conjunction, disjunction, \E, IF, CASE, a call it expands) counts nothing itself:
   * what it evaluates counts under it. A leaf (a test, an assignment, UNCHANGED) counts each time
   * the rest of the action after it produced a state (in Init, each state it completes); a test whose
   * operator is TLA+'s own (`=`, `\in`, `#`, ...) also counts its evaluation, as TLC's eval does.
   */
  private countedExpr(expr: IRExpr): Generator {
    const coverage = this.coverage!;
    const e = sanyNesting(expr);
    if (e.kind === 'let') return this.compileLet(e);
    const branching = this.compileBranching(e);
    const leaf = !branching || (e.kind === 'apply' && !this.shape.expandable(e) && !isImplication(e)) || e.kind === 'unchanged';
    const span = e.span;
    const unchanged = e.kind === 'unchanged';
    const primed = isPrimedLocation(e);
    const counted = !branching && !(e.kind === 'apply' && (e.ref.kind !== 'builtin' || e.ref.module !== 'TLA+'));
    const evaluate = branching ?? this.testBelow(e);
    const next = this.mode === 'next';
    const def = e.kind === 'apply' ? this.shape.expandable(e) : undefined;
    return (ctx, k) => {
      const outer = coverage.current;
      const node = outer.child(e, span, unchanged, primed);
      prepareChildren(node, e);
      node.body = def && sanyNesting(def.body);
      if (counted) node.count += coverage.sign;
      coverage.current = node;
      try {
        return evaluate(ctx, () => {
          const inner = coverage.current;
          coverage.current = outer;
          if (leaf) coverage.last = node;
          const before = coverage.produced;
          try {
            const result = k();
            // Not when k throws: TLC's count comes after its continuation returns.
            if (leaf && next && coverage.produced > before) node.count += coverage.sign;
            return result;
          } finally {
            coverage.current = inner;
          }
        });
      } finally {
        coverage.current = outer;
      }
    };
  }

  /** Coverage: a test of `e` whose evaluation counts `e`'s subexpressions under the current node, not `e` itself. */
  private testBelow(e: IRExpr): Generator {
    const f = this.interp.compileBelow(e);
    const span = e.span;
    return (ctx, k) => (this.holds(f(ctx), span) ? k() : false);
  }

  /** The generator of an expression that may branch or assign; undefined for a plain test. */
  private compileBranching(e: IRExpr): Generator | undefined {
    switch (e.kind) {
      case 'and':
        return this.compileConjunction(e);
      case 'or':
        return anyOf(e.args.map((a) => this.compileExpr(a)));
      case 'angleAction':
      case 'boxAction': {
        if (this.mode !== 'next') break;
        // <<A>>_v: A, then v changed; [A]_v: A \/ UNCHANGED v.
        const action = this.compileExpr(e.action);
        if (e.kind === 'boxAction') return anyOf([action, this.compileUnchanged(e.sub)]);
        const changed = this.compileUnchanged(e.sub, true);
        return (ctx, k) => action(ctx, () => changed(ctx, k));
      }
      case 'quant': {
        const bounds = this.interp.compileBounds(e.bounds, true);
        const body = this.compileExpr(e.body);
        const once = this.coverage ? setsOnce(bounds, this.coverage) : undefined;
        if (once && e.quantifier === 'exists') return (ctx, k) => once(ctx, (bs, each) => forEachBinding(bs, ctx, () => (each(), body(ctx, k))));
        if (e.quantifier === 'exists') {
          return (ctx, k) => (ctx.random ? forEachBindingAtRandom(bounds, ctx, ctx.random, () => body(ctx, k)) : forEachBinding(bounds, ctx, () => body(ctx, k)));
        }
        const test = this.interp.compile(e.body);
        const span = e.body.span;
        const what = this.mode === 'next' ? actionForallBody : initForallBody;
        return (ctx, k) => conjoinOverBindings(bounds, ctx, body, (c) => this.holds(test(c), span, what), this.mode, k);
      }
      case 'if': {
        const cond = this.interp.compile(e.cond);
        const then = this.compileExpr(e.then);
        const otherwise = this.compileExpr(e.else);
        const span = e.cond.span;
        const ifAt = e.span;
        return (ctx, k) => (asBool(cond(ctx), span, 'the condition of IF', ifAt) ? then(ctx, k) : otherwise(ctx, k));
      }
      case 'case': {
        const guards = e.arms.map((a) => this.interp.compile(a.guard));
        const bodies = e.arms.map((a) => this.compileExpr(a.body));
        const other = e.other ? this.compileExpr(e.other) : undefined;
        const span = e.span;
        return (ctx, k) => {
          for (let i = 0; i < guards.length; i++) if (asBool(guards[i]!(ctx), e.arms[i]!.guard.span, 'a CASE guard')) return bodies[i]!(ctx, k);
          if (other) return other(ctx, k);
          return noCaseArm(span);
        };
      }
      case 'let':
        return this.compileLet(e);
      case 'funcApp': {
        const expanded = this.compileFunctionApp(e);
        if (expanded) return expanded;
        break;
      }
      case 'unchanged':
        return this.compileUnchanged(e.arg);
      case 'apply':
        return this.compileApply(e);
    }
    return undefined;
  }

  /**
   * A conjunction, run left to right without allocating a continuation per conjunct where it can:
   * tests, assignments (x' = e) and UNCHANGED are done inline; only branching conjuncts (\\/, \\E,
   * x' \\in S, expanded operators) get a continuation. Conjunctions of expanded definitions are spliced.
   */
  private compileConjunction(e: Extract<IRExpr, { kind: 'and' }>, own = true): Generator {
    const nested = this.nested;
    const exprs = this.shape.conjuncts(e.args, !nested && !this.coverage);
    // Coverage: every conjunct a generator of its own, counted as TLC counts it (countedExpr).
    const parts = exprs.map((a): Conjunct => (this.coverage ? { kind: 'gen', gen: this.compileExpr(a), test: this.interp.compile(a), span: a.span } : this.conjunct(a)));
    const n = parts.length;
    const heldBy = nested ? exprs.map(heldSpans) : [];
    const unchangedSpans = nested ? exprs.map((a) => (a.kind === 'unchanged' ? this.shape.unchangedSpans(a.arg) : [])) : [];
    const run = (ctx: EvalContext, k: () => boolean, from: number): boolean => {
      for (let i = from; i < n; i++) {
        const part = parts[i]!;
        // Traced: TLC holds a conjunct on its stack while the rest runs, except one after the first
        // reached with every target assigned, which it only evaluates (Tool.getNextStatesAllAssigned).
        const keep = nested !== undefined && (i === 0 || !allAssigned(this.targets(ctx)));
        switch (part.kind) {
          case 'test':
            if (!this.holds(part.test(ctx), part.span)) return false;
            if (keep) nested.push(...heldBy[i]!);
            continue;
          case 'assign': {
            nested?.push(...heldBy[i]!);
            const targets = this.targets(ctx);
            const v = part.rhs(ctx);
            const old = targets[part.index];
            if (old !== undefined) {
              if (!valuesEqual(old, v)) return false;
              if (nested && !keep) nested.length -= heldBy[i]!.length;
              continue;
            }
            targets[part.index] = v;
            try {
              return rest(ctx, k, i + 1);
            } finally {
              targets[part.index] = undefined;
            }
          }
          case 'unchanged': {
            if (keep) nested.push(...heldBy[i]!, ...unchangedSpans[i]!);
            const next = ctx.next!;
            const vars = part.vars;
            let assigned = 0; // bit j: this conjunct assigned vars[j]
            for (let j = 0; j < vars.length; j++) {
              const v = vars[j]!;
              const old = next[v];
              if (old === undefined) {
                next[v] = ctx.state[v];
                assigned |= 1 << j;
              } else if (!valuesEqual(old, ctx.state[v]!)) {
                unassign(next, vars, assigned);
                return false;
              }
            }
            if (assigned === 0) continue;
            try {
              return rest(ctx, k, i + 1);
            } finally {
              unassign(next, vars, assigned);
            }
          }
          case 'gen':
            // Reached after an earlier conjunct with every variable assigned: a test, as in TLC.
            if (i > 0 && allAssigned(this.targets(ctx))) {
              if (!this.holds(part.test(ctx), part.span)) return false;
              continue;
            }
            return part.gen(ctx, () => rest(ctx, k, i + 1));
        }
      }
      return k();
    };
    // Traced: what a run held comes off the stack when it returns (not when it throws: the stack is the report).
    const rest = !nested
      ? run
      : (ctx: EvalContext, k: () => boolean, from: number): boolean => {
          const depth = nested.length;
          const result = run(ctx, k, from);
          nested.length = depth;
          return result;
        };
    if (!nested) return (ctx, k) => run(ctx, k, 0);
    // Traced: TLC reads a /\ b /\ c as (a /\ b) /\ c and each conjunct's evaluation holds the next
    // one's, so the conjunction, its left parts (a /\ b) and every conjunct reached stay on the stack.
    const prefixes = e.bulleted ? [] : e.args.slice(1, -1).map((a) => ({ ...e.args[0]!.span, endLine: a.span.endLine, endCol: a.span.endCol })).reverse();
    const held = own ? [e.span, ...prefixes] : [];
    return (ctx, k) => {
      const depth = nested.length;
      nested.push(...held);
      const result = run(ctx, k, 0);
      nested.length = depth;
      return result;
    };
  }

  /**
   * `v`, a conjunct's value (`what`, `at` as asBool's), as a boolean. In an action TLC's stack holds
   * the conjunct it found not boolean, so the traced run lists it among the nested expressions.
   */
  private holds(v: Value, span: Span, what = this.conjunctPlace, at?: Span): boolean {
    if (typeof v !== 'boolean' && this.mode === 'next') this.nested?.push(span);
    return asBool(v, span, what, at);
  }

  private conjunct(e: IRExpr): Conjunct {
    const shape = this.shape.conjunct(e);
    switch (shape.kind) {
      case 'assign':
        return { kind: 'assign', index: shape.index, rhs: this.interp.compile(shape.rhs) };
      case 'unchanged':
        return shape;
      case 'test':
        return { kind: 'test', test: this.interp.compile(e), span: e.span };
      case 'gen':
        return { kind: 'gen', gen: this.compileExpr(e), test: this.interp.compile(e), span: e.span };
    }
  }

  /** Any other expression: evaluated as a boolean in the current assignment. */
  private test(e: IRExpr): Generator {
    const f = this.interp.compile(e);
    const span = e.span;
    const nested = this.nested;
    if (nested) {
      const held = heldSpans(e);
      return (ctx, k) => {
        if (!this.holds(f(ctx), span)) return false;
        const depth = nested.length;
        nested.push(...held);
        const result = k();
        nested.length = depth;
        return result;
      };
    }
    return (ctx, k) => (this.holds(f(ctx), span) ? k() : false);
  }

  /**
   * A definition's body as a generator, compiled when first expanded: a stack overflow there (an
   * expression nested ~1,000 deep) is E3008 naming the definition, as in Interpreter.defBody.
   */
  private compileBody(def: { name: { name: string; span: Span }; body: IRExpr }): Generator {
    try {
      return this.compileExpr(def.body);
    } catch (error) {
      throw isStackOverflow(error) ? tooDeepError(def.name.name, def.name.span) : error;
    }
  }

  /** A LET in an action: its definitions bound around the body, its functions and operators expanded where the body applies them. */
  private compileLet(e: Extract<IRExpr, { kind: 'let' }>): Generator {
    this.shape.enterLet(e);
    const bind = this.interp.compileLetDefs(e.defs);
    const body = this.compileExpr(e.body);
    return (ctx, k) => bind(ctx, () => body(ctx, k));
  }

  /** f[x] of a lazily defined function: its body at x as a generator (a recursive f expands again inside). */
  private compileFunctionApp(e: Extract<IRExpr, { kind: 'funcApp' }>): Generator | undefined {
    const def = this.shape.expandableFunction(e);
    if (!def) return undefined;
    const args = e.args.map((a) => this.interp.compile(a));
    const point: Closure = args.length === 1 ? args[0]! : (ctx) => tuple(args.map((a) => a(ctx)));
    const bounds = this.interp.compileBounds(def.bounds);
    // Every binder of the body too: a recursive f[c] inside rebinds the caller's \E and LET variables.
    const ids = [...new Set([...def.bounds.flatMap((b) => b.names.map((n) => n.id)), ...bindersDeclaredIn(def.body)])];
    let body: Generator | undefined;
    return (ctx, k) => {
      body ??= this.compileBody(def);
      // The continuation is the caller's: f may be recursive, the caller an outer f[y].
      const callers = inCallerScope(ctx, ids, k);
      return bindAtPoint(def.name.name, bounds, ctx, point(ctx), e.span, () => body!(ctx, callers));
    };
  }

  private compileApply(e: ApplyExpr): Generator | undefined {
    const ref = e.ref;
    if (isImplication(e)) {
      const premise = this.interp.compile(e.args[0]!);
      const conclusion = this.compileExpr(e.args[1]!);
      const span = e.args[0]!.span;
      return (ctx, k) => (asBool(premise(ctx), span, 'the left side of =>') ? conclusion(ctx, k) : k());
    }
    if (isComposition(e) && this.mode === 'next') return this.compileComposition(e);
    if (ref.kind === 'builtin' && ref.module === 'TLA+' && (ref.name === '=' || ref.name === '\\in')) {
      const index = this.shape.target(e.args[0]!);
      if (index < 0) return undefined;
      const rhs = this.interp.compile(e.args[1]!);
      const span = e.args[1]!.span;
      if (ref.name === '=') {
        return (ctx, k) => {
          const targets = this.targets(ctx);
          const v = rhs(ctx);
          const old = targets[index];
          if (old !== undefined) return valuesEqual(old, v) ? k() : false;
          targets[index] = v;
          try {
            return k();
          } finally {
            targets[index] = undefined;
          }
        };
      }
      // Coverage: TLC enumerates the set to its end, charging its builder (eval/coverage.ts).
      const coverage = this.coverage;
      const elementsOf = coverage ? (ctx: EvalContext, set: SetValue, at: Span) => (coverage.enumeratedWhole(set), membershipElements(ctx, set, at)) : membershipElements;
      return (ctx, k) => {
        const targets = this.targets(ctx);
        const set = setAt(rhs(ctx), span, 'the right side of \\in');
        const old = targets[index];
        if (old !== undefined) return memberAt(old, set, span) ? k() : false;
        const elements = elementsOf(ctx, set, e.span);
        try {
          if (ctx.random) {
            return someInRandomOrder(elements.length, ctx.random, (i) => {
              targets[index] = elements[i]!;
              return k();
            });
          }
          for (const v of elements) {
            targets[index] = v;
            if (k()) return true;
          }
          return false;
        } finally {
          targets[index] = undefined;
        }
      };
    }
    // A user-defined action: expand it, so that its disjuncts branch and its x' = e assign.
    const def = this.shape.expandable(e);
    if (def) {
      let body: Generator | undefined;
      const ids = def.params.map((p) => p.binder.id);
      const args = e.args.map((a) => this.interp.compileCallArgument(a, this.shape.mode));
      // A RECURSIVE action's inner call rebinds the outer call's parameters and bound variables.
      const shared = def.recursive ? [...new Set([...ids, ...bindersDeclaredIn(def.body)])] : [];
      return (ctx, k) => {
        body ??= this.compileBody(def);
        if (shared.length > 0) k = inCallerScope(ctx, shared, k);
        if (ids.length === 0) return body(ctx, k);
        // Pass all arguments first (they may mention the parameters' outer values), then swap
        // them into place: `slots` holds the outer bindings while the body runs.
        const slots: Local[] = new Array(ids.length);
        for (let i = 0; i < ids.length; i++) slots[i] = args[i]!(ctx);
        const locals = ctx.locals;
        for (let i = 0; i < ids.length; i++) {
          const outer = locals[ids[i]!];
          locals[ids[i]!] = slots[i];
          slots[i] = outer;
        }
        try {
          return body(ctx, k);
        } finally {
          for (let i = 0; i < ids.length; i++) locals[ids[i]!] = slots[i];
        }
      };
    }
    return undefined;
  }

  /**
   * `A \cdot B` as TLC generates it: every whole state t A reaches from s (counted as generated, not
   * successors), then B from each t; what follows the composition in the action runs after A, on
   * (s, t), and again after B, on (t, u) (TLC's Tool.getNextStates passes it to both).
   */
  private compileComposition(e: ApplyExpr): Generator {
    const first = this.compileExpr(e.args[0]!);
    const second = this.compileExpr(e.args[1]!);
    const variables = this.interp.module.variables.map((v) => v.name);
    const span = e.span;
    return (ctx, k) => {
      const s = ctx.state;
      const end = ctx.compositionEnd;
      const middles = middleStates(first, ctx, variables, span, k);
      ctx.middleStatesGenerated += middles.length;
      const fromMiddle = (i: number) => {
        const t = middles[i]!;
        ctx.state = t;
        // What follows runs again after B, on (t, u); the successor reported is s -> u.
        ctx.compositionEnd = (report) => {
          ctx.state = s;
          try {
            return end ? end(report) : report();
          } finally {
            ctx.state = t;
          }
        };
        try {
          return second(ctx, k);
        } finally {
          ctx.state = s;
          ctx.compositionEnd = end;
        }
      };
      if (ctx.random) return someInRandomOrder(middles.length, ctx.random, fromMiddle);
      for (let i = 0; i < middles.length; i++) if (fromMiddle(i)) return true;
      return false;
    };
  }

  /**
   * UNCHANGED v, or with `changed` v' /= v after an action (<<A>>_v): either way v's variables still
   * unassigned are assigned their current values, as TLC binds them in ENABLED.
   */
  private compileUnchanged(arg: IRExpr, changed = false): Generator {
    const vars = this.shape.unchangedVariables(arg);
    if (!vars || this.mode !== 'next') {
      const same = { kind: 'unchanged', arg, span: arg.span } as const;
      return changed ? this.test({ kind: 'apply', ref: { kind: 'builtin', module: 'TLA+', name: '~', arity: 1 }, args: [same], fixity: 'prefix', span: arg.span }) : this.test(same);
    }
    // A variable's value now; a slot's is its VARIABLE's definition evaluated now (what replaces it).
    const current = vars.map((i): Closure => {
      const def = this.shape.slotDefs.get(i);
      return def === undefined ? (ctx) => ctx.state[i]! : (ctx) => this.interp.evalDef(def, ctx);
    });
    const generator: Generator = (ctx, k) => {
      const next = ctx.next!;
      const assigned: number[] = [];
      let differs = false;
      try {
        for (let j = 0; j < vars.length; j++) {
          const i = vars[j]!;
          const old = next[i];
          const now = current[j]!(ctx);
          if (old === undefined) {
            next[i] = now;
            assigned.push(i);
          } else if (!valuesEqual(old, now)) {
            if (!changed) return false;
            differs = true;
          }
        }
        return (differs || !changed) && k();
      } finally {
        for (const i of assigned) next[i] = undefined;
      }
    };
    const nested = this.nested;
    if (!nested) return generator;
    const held = this.shape.unchangedSpans(arg);
    return (ctx, k) => {
      const depth = nested.length;
      nested.push(...held);
      const result = generator(ctx, k);
      nested.length = depth;
      return result;
    };
  }
}
