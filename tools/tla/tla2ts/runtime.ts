// The runtime that tla2ts output calls: the value operations of tools/tla/eval (eval/operations.ts,
// the same ones the interpreter's closures call) and the standard modules, plus the memoization of
// definitions, so that a compiled definition computes exactly what the interpreter computes for it.
// The interpreter of the same module holds the constants and the constant-level analysis.
import { DiagnosticError, type Span } from '../diagnostics.js';
import { ops, EvalContext, Interpreter, LazyArgument, LetThunk, forced, allAssigned, conjoinOverBindings, forEachBindingAtRandom, someInRandomOrder, locate, type Closure, type CompiledBound, type CompiledFilter, type Generator, type GeneratorMode, type Local, type PartialState } from '../eval/index.js';
import { closedDependencies, definitionExpr, type ResolvedModule, type StandardModuleName } from '../names/index.js';
import { standardOperator, type OperatorCallback, type StdArg, type StdOperator } from '../stdlib/index.js';
import { fcnSet, isEnumerable, isStackOverflow, tooDeepError, productSet, recordFromSorted, recordSet, tuple, valuesEqual, type SetValue, type Value } from '../values/index.js';

export type { Closure, CompiledBound, CompiledFilter, EvalContext, Generator, Local, PartialState, Span, Value };

/** A compiled function definition `f[x \in S] == body`: its bounds and body, for f[x] without the whole table. */
export interface CompiledFunctionDef {
  bounds: CompiledBound[];
  body: Closure;
}

/** What a generated module provides: value-mode closures per definition index. */
export interface CompiledDefs {
  defs: (Closure | undefined)[];
  functions: (CompiledFunctionDef | undefined)[];
}

/** What a closed expression reads: it is computed once when all of these are constant level. */
export interface ClosedDependencies {
  defs: number[];
  constants: number[];
}

/**
 * Values of a module's closed expressions (`C.get(i, …)` in generated code): computed once when
 * what they read is constant level under the .cfg (as the interpreter caches them), else each time.
 */
export class ClosedCache {
  private readonly values: (Value | undefined)[] = [];
  private readonly constant: (boolean | undefined)[] = [];

  constructor(
    private readonly table: readonly ClosedDependencies[],
    private readonly isConstant: (d: ClosedDependencies) => boolean,
  ) {}

  get(i: number, body: Closure, ctx: EvalContext): Value {
    const cached = this.values[i];
    if (cached !== undefined) return cached;
    const constant = (this.constant[i] ??= this.isConstant(this.table[i]!));
    if (!constant) return body(ctx);
    const v = body(ctx);
    this.values[i] = v;
    return v;
  }
}

/**
 * Evaluation services for generated code. Constants and the constant-level analysis come from
 * an Interpreter of the same module and configuration; definition bodies run compiled.
 */
export class Runtime {
  private compiled: CompiledDefs = { defs: [], functions: [] };
  private readonly defValues: (Value | undefined)[] = [];

  constructor(
    readonly module: ResolvedModule,
    private readonly interp: Interpreter,
  ) {}

  /** Installs the generated closures (they need the runtime to exist first: mutual reference). */
  install(compiled: CompiledDefs): void {
    this.compiled = compiled;
  }

  /** The cache of a generated module's closed expressions (its `C`), deciding with this runtime's interpreter. */
  closedCache(table: ClosedDependencies[]): ClosedCache {
    return new ClosedCache(table, (d) => this.interp.levels.allConstant(d));
  }

  bool(v: Value, span: Span, what: string, ifAt?: Span): boolean {
    return ops.asBool(v, span, what, ifAt);
  }

  set(v: Value, span: Span, what: string): SetValue {
    return ops.setAt(v, span, what);
  }

  noCaseArm(span: Span): never {
    return ops.noCaseArm(span);
  }

  variable(ctx: EvalContext, index: number, name: string, span: Span): Value {
    return ops.readVariable(ctx, index, name, span);
  }

  constant(index: number, span: Span): Value {
    return this.interp.constantValue(index, span);
  }

  /** An instantiated module's VARIABLE: its slot's value where ENABLED gave it one, else `substituted` (names/ir.ts). */
  substitutedVariableValue(slot: number, substituted: (ctx: EvalContext) => Value): (ctx: EvalContext) => Value {
    return this.interp.substitutedVariableValue(slot, substituted);
  }

  /**
   * A zero-parameter definition: computed once when it depends on no state, as the interpreter does.
   * Definitions the generator left out (and .cfg overrides) are the interpreter's.
   */
  evalDef(index: number, ctx: EvalContext, span: Span): Value {
    // Computed once already (below): the hot path of every constant name (Slush's message types).
    const known = this.defValues[index];
    if (known !== undefined) return known;
    try {
      const body = this.compiled.defs[index];
      if (!body || this.interp.hasOverride(index)) return this.interp.evalDef(index, ctx);
      if (!this.interp.levels.ofDef(index)) {
        if (!this.stateIsFixed(ctx) || !this.interp.levels.readsOnlyState(index)) return body(ctx);
        return this.remembered(index, noArguments, ctx.state) ?? this.remember(index, noArguments, ctx.state, body(ctx));
      }
      let v = this.defValues[index];
      if (v === undefined) {
        v = body(ctx);
        this.defValues[index] = v;
      }
      return v;
    } catch (err) {
      return locate(err, span);
    }
  }

  /**
   * Inside an action ctx.state is the state being expanded, which never changes (Init's partial
   * state has no next; a primed read makes state the partial next), and so is an explored state
   * whose invariants are checked: a definition that reads only that state (names/levels.ts
   * readsOnlyState) is computed once per state and arguments (GameOfLife's `sc`, passed to Sum 16
   * times; btree's `Leaves`, the range of both variables of `\A n1, n2 \in Leaves` in an invariant;
   * SlushSmall's PendingQueryReplyMessage(self), filtered at each of its uses in TallyQueryReplies).
   */
  private stateIsFixed(ctx: EvalContext): boolean {
    return ctx.next === null ? ctx.stateIsFixed : ctx.state !== ctx.next;
  }

  /**
   * The value of definition `index` for `args` in `state` if computed already while the definition
   * was last asked in a state holding the same values of what it reads. Looked up and stored in two
   * calls rather than around a closure of the computation: that closure, and a fresh entry list per
   * state, were an allocation per call (SlushSmall's `Terminate` and `PendingQueryMessage(self)`,
   * asked many times a state).
   */
  private remembered(index: number, args: readonly Value[], state: PartialState): Value | undefined {
    if (!this.entriesHold(index, state)) return undefined;
    const entries = this.stateEntries[index]!;
    const n = this.entryCounts[index]!;
    for (let i = 0; i < n; i += 2) if (sameArguments(entries[i] as readonly Value[], args)) return entries[i + 1] as Value;
    return undefined;
  }

  /** Stores `v` as the value of `index` for `args` in `state` (up to `perStateArguments` argument lists per state; past them each call computes again) and returns it. */
  private remember(index: number, args: readonly Value[], state: PartialState, v: Value): Value {
    let entries = this.stateEntries[index];
    if (entries === undefined) entries = this.stateEntries[index] = new Array<readonly Value[] | Value>(2 * perStateArguments);
    if (!this.entriesHold(index, state)) {
      // Another state's entries are overwritten in place: the list is allocated once per definition.
      this.entriesState[index] = state;
      const reads = this.interp.levels.stateVariablesRead(index);
      if (reads !== null) {
        const seen = (this.entriesReads[index] ??= new Array<Value>(reads.length));
        for (let k = 0; k < reads.length; k++) seen[k] = state[reads[k]!]!;
      }
      this.entryCounts[index] = 0;
    }
    let n = this.entryCounts[index]!;
    // Filled in an earlier state holding the same values of what it reads: this state's arguments
    // start the list again, or a spec passing new arguments each state would stop being remembered.
    if (n === 2 * perStateArguments && this.entriesState[index] !== state) {
      this.entriesState[index] = state;
      n = 0;
    }
    if (n < 2 * perStateArguments) {
      entries[n] = args;
      entries[n + 1] = v;
      this.entryCounts[index] = n + 2;
    }
    return v;
  }

  /**
   * Whether the remembered values of `index` hold in `state`: it is the state they were computed in,
   * or it holds the same values (by identity) of the variables the definition reads. A step that
   * leaves those unchanged passes them on to its successor states, and BFS expands siblings one
   * after another: SlushSmall's PendingQueryMessage(self) and PendingQueryReplyMessage(self) read
   * `message` alone, which most of Slush's steps leave as it was.
   */
  private entriesHold(index: number, state: PartialState): boolean {
    if (this.entriesState[index] === state) return true;
    const seen = this.entriesReads[index];
    if (seen === undefined) return false;
    const reads = this.interp.levels.stateVariablesRead(index)!;
    for (let k = 0; k < reads.length; k++) if (state[reads[k]!] !== seen[k]) return false;
    return true;
  }

  /** Per definition: the state its remembered values belong to, the values it read there (when known which), (arguments, value) in turn, and how many of those slots are filled. */
  private readonly entriesState: (PartialState | undefined)[] = [];
  private readonly entriesReads: (Value[] | undefined)[] = [];
  private readonly stateEntries: ((readonly Value[] | Value)[] | undefined)[] = [];
  private readonly entryCounts: number[] = [];

  callDef(index: number, args: Local[], ctx: EvalContext, span: Span): Value {
    try {
      const body = this.compiled.defs[index];
      if (!body || this.interp.hasOverride(index)) return this.interp.callDef(index, args, ctx);
      const ids = (this.paramIds[index] ??= this.paramIdsOf(index));
      if (ids.length === 0) return this.evalDef(index, ctx, span);
      // Lazily passed arguments stay lazy (evaluated where the body first uses them, as TLC's LazyValue);
      // a constant-level operator is left out: its arguments are values built anew (Sum's S \ {x}), never the same.
      if (this.stateIsFixed(ctx) && allValues(args) && !this.interp.levels.ofDef(index) && this.interp.levels.readsOnlyState(index)) {
        return this.remembered(index, args, ctx.state) ?? this.remember(index, args, ctx.state, ops.withBindings(ctx, ids, args, body, ctx));
      }
      return ops.withBindings(ctx, ids, args, body, ctx);
    } catch (err) {
      if (isStackOverflow(err)) throw tooDeepError(this.module.defs[index]!.name.name, span);
      return locate(err, span);
    }
  }

  /** Binder ids of each operator definition's parameters (none for functions), computed on first call. */
  private readonly paramIds: (readonly number[] | undefined)[] = [];

  private paramIdsOf(index: number): readonly number[] {
    const def = this.module.defs[index]!;
    return def.kind === 'function' ? [] : def.params.map((p) => p.binder.id);
  }

  local(ctx: EvalContext, id: number, name: string, span: Span): Value {
    return ops.readLocal(ctx, id, name, span);
  }

  callLocal(ctx: EvalContext, id: number, args: Local[], name: string, span: Span): Value {
    return ops.callLocal(ctx, id, args, name, span);
  }

  builtin(module: StandardModuleName | 'TLA+', name: string): StdOperator {
    const op = standardOperator(module, name);
    if (!op) throw new Error(`tla2ts: no standard operator ${module}!${name}`);
    return op;
  }

  fastPath(module: StandardModuleName | 'TLA+', name: string): (x: Value, y: Value) => Value | undefined {
    const fast = ops.binaryFastPath(module, name);
    if (!fast) throw new Error(`tla2ts: no fast path for ${module}!${name}`);
    return fast;
  }

  /** A binary standard operator: its fast path on well-typed operands, else the operator itself (and its errors). */
  binary(fast: (x: Value, y: Value) => Value | undefined, op: StdOperator, x: Value, y: Value, ctx: EvalContext, span: Span): Value {
    return ops.callBinary(fast, op, x, y, ctx, span);
  }

  /** S \ {e} without the set {e} (eval's removeElement); `op` is \, `setSpan` the span of {e}. */
  without(op: StdOperator, s: Value, e: Value, ctx: EvalContext, setSpan: Span, span: Span): Value {
    return ops.removeElement(op, s, e, ctx, setSpan, span);
  }

  callBuiltin(op: StdOperator, args: StdArg[], ctx: EvalContext, span: Span): Value {
    return ops.callStd(op, args, ctx, span);
  }

  withBindings<T>(ctx: EvalContext, ids: readonly number[], values: readonly Local[], fn: () => T): T {
    return ops.withBindings(ctx, ids, values, fn);
  }

  forEachBinding(ctx: EvalContext, bounds: readonly CompiledBound[], fn: (ctx: EvalContext) => boolean): boolean {
    return ops.forEachBinding(bounds, ctx, fn);
  }

  /** `\A` in Init or an action: the conjunction over the bindings (eval/actions.ts conjoinOverBindings). */
  conjoinOverBindings(ctx: EvalContext, bounds: readonly CompiledBound[], body: Generator, test: (ctx: EvalContext) => boolean, mode: GeneratorMode, k: () => boolean): boolean {
    return conjoinOverBindings(bounds, ctx, body, test, mode, k);
  }

  /** `\E` in Init or an action while simulating: bindings in a random order (eval/actions.ts forEachBindingAtRandom). */
  forEachBindingAtRandom(ctx: EvalContext, bounds: readonly CompiledBound[], fn: () => boolean): boolean {
    return forEachBindingAtRandom(bounds, ctx, ctx.random!, fn);
  }

  /** A disjunction in Init or an action while simulating: its disjuncts in a random order. */
  anyAtRandom(ctx: EvalContext, disjuncts: readonly Generator[], k: () => boolean): boolean {
    return someInRandomOrder(disjuncts.length, ctx.random!, (i) => disjuncts[i]!(ctx, k));
  }

  /** `x \in S` in an action while simulating: `set(element)` then `k` for the elements in a random order. */
  assignAtRandom(ctx: EvalContext, elements: readonly Value[], set: (element: Value) => void, k: () => boolean): boolean {
    return someInRandomOrder(elements.length, ctx.random!, (i) => {
      set(elements[i]!);
      return k();
    });
  }

  /** Whether every target variable has a value (eval/actions.ts allAssigned). */
  allAssigned(targets: PartialState): boolean {
    return allAssigned(targets);
  }

  /** `\E id \in set : body` for one plain variable (nest for several), without a bounds array. */
  some(ctx: EvalContext, id: number, set: Closure, span: Span, body: (ctx: EvalContext) => boolean): boolean {
    return ops.someElement(ctx, id, ops.setAt(set(ctx), span, 'the set a variable ranges over'), span, true, body);
  }

  /**
   * `\E id \in set : guard /\ body` where `guard` does not depend on id (codegen's guardedQuantifier):
   * guard is evaluated once, at the first element, and a false guard makes every element false.
   */
  someGuarded(ctx: EvalContext, id: number, set: Closure, span: Span, guard: (ctx: EvalContext) => boolean, body: (ctx: EvalContext) => boolean): boolean {
    return ops.someElement(ctx, id, ops.setAt(set(ctx), span, 'the set a variable ranges over'), span, true, body, guard);
  }

  operator(ctx: EvalContext, ids: readonly number[], body: Closure): OperatorCallback {
    return ops.operatorValue(ctx, ids, body);
  }

  setEnum(values: Value[], span: Span): Value {
    return ops.setEnum(values, span);
  }

  memberOfFilter(ctx: EvalContext, x: Value, filter: CompiledFilter, span: Span): boolean {
    return ops.memberOfFilter(ctx, x, filter, span);
  }

  /**
   * `x \in D` for a definition D == {y \in S : P}: tested without building D, unless D's value is
   * computed once anyway (constant level, replaced by the .cfg, or already computed in this state).
   */
  memberOfDef(ctx: EvalContext, x: Value, index: number, filter: CompiledFilter, span: Span): boolean {
    if (this.interp.hasOverride(index) || this.interp.levels.ofDef(index) || (this.stateIsFixed(ctx) && this.entriesHold(index, ctx.state) && this.entryCounts[index]! > 0)) {
      return ops.memberOf(x, this.evalDef(index, ctx, span), span, 'the right side of \\in');
    }
    return ops.memberOfFilter(ctx, x, filter, span);
  }

  /** `names`: the filter's binders; `dependencies`: what a closed filter reads (the interpreter's rule, compileNode's 'setFilter'). */
  filter(ctx: EvalContext, bound: CompiledBound, pred: (ctx: EvalContext) => boolean, names: string, dependencies?: ClosedDependencies): Value {
    return ops.filterSet(ctx, bound, pred, names, dependencies !== undefined && this.interp.levels.allConstant(dependencies));
  }

  /**
   * A filter whose predicate, and the definitions `site.defs` it calls, cannot tell the order it is
   * evaluated in (codegen's orderFreeDefinitions): its elements need not be put in TLC's order first,
   * unless the .cfg replaces one of those definitions (decided once per site).
   */
  filterInAnyOrder(ctx: EvalContext, bound: CompiledBound, pred: (ctx: EvalContext) => boolean, names: string, site: { defs: readonly number[]; free: boolean | undefined }): Value {
    const free = (site.free ??= site.defs.every((d) => !this.interp.hasOverride(d)));
    return ops.filterSet(ctx, bound, pred, names, false, free);
  }

  map(ctx: EvalContext, bounds: readonly CompiledBound[], body: Closure, span: Span): Value {
    return ops.mapSet(ctx, bounds, body, span);
  }

  choose(ctx: EvalContext, bound: CompiledBound, body: (ctx: EvalContext) => boolean, span: Span): Value {
    return ops.choose(ctx, bound, body, span);
  }

  funcCtor(ctx: EvalContext, bounds: readonly CompiledBound[], body: Closure, span: Span): Value {
    return ops.funcCtor(ctx, bounds, body, span);
  }

  funcSet(domain: SetValue, range: SetValue): Value {
    return fcnSet(domain, range);
  }

  product(sets: SetValue[]): Value {
    return productSet(sets);
  }

  record(sortedNames: readonly string[], values: Value[]): Value {
    return recordFromSorted(sortedNames, values);
  }

  recordSet(fields: (readonly [string, SetValue])[]): Value {
    return recordSet(fields);
  }

  tuple(values: Value[]): Value {
    return tuple(values);
  }

  field(record: Value, name: string, span: Span): Value {
    return ops.recordField(record, name, span);
  }

  funcApp(f: Value, x: Value, span: Span): Value {
    return ops.funcApp(f, x, span);
  }

  /** f[x] for a function definition: its table once computed, else its body at x (so f may recur). */
  applyDefFunction(index: number, x: Value, ctx: EvalContext, span: Span): Value {
    if (this.interp.hasOverride(index)) return this.funcApp(this.interp.evalDef(index, ctx), x, span);
    const table = this.defValues[index] ?? this.tabulate(index, ctx, span);
    if (table !== undefined) return this.funcApp(table, x, span);
    const fn = this.compiled.functions[index]!;
    return ops.atPoint(this.module.defs[index]!.name.name, fn.bounds, fn.body, ctx, x, span);
  }

  /**
   * The table of a function definition that depends on no state and does not call itself, computed
   * on first application as TLC computes constant definitions at start-up (Slush's `HostOf[pid]`, a
   * CHOOSE, was evaluated at every application), when its domain can be enumerated; otherwise
   * (recursion, state, a domain infinite or over the enumeration limit) undefined, and it is
   * evaluated point by point. So is a function whose body fails at some point of its domain
   * (`SetMin[T \in SUBSET S] == CHOOSE x \in T : ...` at {}): TLC raises that error only where the
   * point is applied, so the table is given up and each application evaluates its own point.
   */
  private tabulate(index: number, ctx: EvalContext, span: Span): Value | undefined {
    if (this.tabulation[index] !== undefined || !this.interp.levels.ofDef(index)) return undefined;
    const def = this.module.defs[index]!;
    if (def.kind !== 'function') return undefined;
    const dependencies = closedDependencies(definitionExpr(def));
    const tabulable = dependencies !== undefined && !dependencies.defs.includes(index) && this.compiled.functions[index]!.bounds.every((b) => isEnumerable(ops.boundSet(b, ctx)));
    // 'pointwise' while the table is computed, too: a point applied meanwhile is evaluated alone.
    this.tabulation[index] = 'pointwise';
    if (!tabulable) return undefined;
    try {
      const table = this.evalDef(index, ctx, span);
      this.tabulation[index] = 'table';
      return table;
    } catch (err) {
      if (err instanceof DiagnosticError) return undefined; // some point fails: see above
      throw err;
    }
  }

  private readonly tabulation: ('table' | 'pointwise' | undefined)[] = [];

  /** `f[x \in S] == body` in a LET: a thunk for the whole function that can also be applied at one point. */
  letFunction(ctx: EvalContext, name: string, bounds: readonly CompiledBound[], body: Closure, span: Span): LetThunk {
    return ops.letFunction(ctx, name, bounds, body, span);
  }

  /** f[x] where f is bound locally: a LET-defined function not yet tabulated is evaluated at x (so it may recur). */
  applyLocal(ctx: EvalContext, id: number, name: string, x: Value, span: Span): Value {
    return ops.applyLocal(ctx, id, name, x, span);
  }

  /** [f EXCEPT !path = value, ...]: each path a list of key closures; `@` is the old value. */
  except(ctx: EvalContext, f: Value, updates: { path: Closure[]; value: Closure }[], span: Span): Value {
    return ops.except(ctx, f, updates, span);
  }

  at(ctx: EvalContext, span: Span): Value {
    return ops.exceptOld(ctx, span);
  }

  primed(ctx: EvalContext, arg: Closure, span: Span): Value {
    return ops.evalPrimed(ctx, arg, span);
  }

  /** a = b, errors (incomparable values) located at `span`. */
  eq(a: Value, b: Value, span: Span): boolean {
    try {
      return valuesEqual(a, b);
    } catch (err) {
      return locate(err, span);
    }
  }

  equal(a: Value, b: Value): boolean {
    return valuesEqual(a, b);
  }

  /** LET: binds each definition in order (so later ones and the body see earlier ones) around `fn(ctx)`. */
  let<T>(ctx: EvalContext, ids: readonly number[], makers: ((ctx: EvalContext) => Local)[], fn: (ctx: EvalContext) => T): T {
    return ops.bindLet(ctx, ids, makers, fn);
  }

  /** x \in S where x already has a value (in an action: a test, not a choice). */
  /** `v \in s`, `what` naming s's place. */
  member(v: Value, s: Value, span: Span, what: string): boolean {
    return ops.memberOf(v, s, span, what);
  }

  /** The elements of `set` for `x \in set` in Init or an action, located at `span` when it cannot be enumerated. */
  elements(ctx: EvalContext, set: SetValue, span: Span): readonly Value[] {
    return ops.membershipElements(ctx, set, span);
  }

  /** An argument of a user-defined operator call, evaluated where the body first uses it (eval's LazyArgument). */
  lazy(ctx: EvalContext, body: Closure, captured: readonly number[] | undefined, partial: 'init' | 'next' | undefined): LazyArgument {
    return new LazyArgument(body, ctx, captured, partial);
  }

  /** A bound name passed on as an argument (eval's passLocal). */
  passLocal(ctx: EvalContext, id: number, evaluate: Closure, captured: readonly number[], partial: 'init' | 'next' | undefined): Local {
    return ops.passLocal(ctx, id, evaluate, captured, partial);
  }

  /** A definition without parameters passed as an argument: its value when computed once (constant level, or the .cfg's), else lazy. */
  defArgument(index: number, ctx: EvalContext, span: Span, body: Closure, partial: 'init' | 'next' | undefined): Local {
    if (this.interp.hasOverride(index) || this.interp.levels.ofDef(index)) return this.evalDef(index, ctx, span);
    return new LazyArgument(body, ctx, undefined, partial);
  }

  /** Arguments for a standard operator passed as an argument: the lazy ones evaluated, in order. */
  forced(args: readonly Local[]): StdArg[] {
    return args.map(forced) as StdArg[];
  }

  thunk(ctx: EvalContext, body: Closure): LetThunk {
    return new LetThunk(body, ctx);
  }
}

/** How many argument lists of one definition are remembered in one state. */
const perStateArguments = 16;
const noArguments: readonly Value[] = [];

/**
 * The same argument values, compared by identity: cheap, and what a call in the same state passes
 * (a bound element, a CONSTANT, a model value); an equal value built anew only computes again.
 */
function sameArguments(a: readonly Value[], b: readonly Value[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Arguments that are values already (no lazily passed one, LET name or operator). */
function allValues(args: readonly Local[]): args is Value[] {
  for (const a of args) if (a === undefined || typeof a === 'function' || a instanceof LetThunk) return false;
  return true;
}
