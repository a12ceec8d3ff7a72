// The evaluation of each construct on values, once, for both evaluators: the interpreter's closures
// (interpreter.ts, actions.ts) and the code tla2ts generates (through tla2ts/runtime.ts) call these,
// so that a compiled definition computes what the interpreter computes, with the same errors at the
// same places. Each takes the already evaluated parts, or closures for what is evaluated under a
// binding; binding is by slot in `ctx.locals`, saved and restored so that recursion works.
import { fail, type Span, type TlcWording } from '../diagnostics.js';
import { tlcNegationWords, type OperatorCallback, type StdArg, type StdOperator } from '../stdlib/index.js';
import {
  EnumSet,
  FilterSet,
  apply,
  asFcn,
  asSet,
  describeKind,
  difference,
  ValueError,
  domainIndex,
  exceptAt,
  fcnFromPairs,
  fcnFromSortedDomain,
  finiteElements,
  formatTlcValue,
  formatValue,
  enumInTlcOrder,
  enumPositions,
  inTlcOrder,
  isFcn,
  isFiniteSet,
  isMember,
  isStackOverflow,
  membershipSet,
  pollInterrupt,
  EvaluationInterrupted,
  setOf,
  tlcGeneral,
  tlcOutsideDomain,
  tooDeepError,
  tuple,
  withoutElement,
  type FcnValue,
  type SetValue,
  type Value,
} from '../values/index.js';
import { capturedBinders, parameterEvaluatedFirst, readsWhereWritten, type IRExpr, type ReenteredBinders, type ResolvedDef } from '../names/index.js';
import { contextNow, LazyArgument, LetThunk, type Closure, type EvalContext, type Local } from './eval-context.js';
import { evalError, locate, locateEnumeration } from './eval-error.js';

/** A bound of a quantifier or constructor, compiled. */
export interface CompiledBound {
  ids: number[];
  tuple: boolean;
  set: Closure;
  span: Span;
  /** A bound of \E or \A, whose infinite set TLC reports in words of its own (TlcWording). */
  quantifier?: boolean;
}

// ---- values of a given type ------------------------------------------------------------------

/** The places of a non-boolean that TLC words by phase (getInitStates, getNextStates): `asBool`'s `what`. */
export const initConjunct = 'a conjunct of Init';
export const actionConjunct = 'an action conjunct';
export const actionForallBody = 'the body of \\A in an action';
export const initForallBody = 'the body of \\A in Init';

/**
 * `v` as a boolean; `what` names its place, on which TLC's words for another value depend, and `at`
 * the expression they name there (the IF whose condition it is, the quantifier TLC evaluates).
 */
export function asBool(v: Value, span: Span, what: string, at?: Span): boolean {
  if (typeof v !== 'boolean') evalError('E3001', `${what} must be a boolean, but it is ${describeKind(v)}: ${formatValue(v)}`, span, undefined, tlcNonBoolean(v, span, what, at));
  return v;
}

/**
 * The place of the i-th operand of a junction for `asBool`, and the expression TLC names when it is
 * not a boolean. A bulleted list is a list; SANY parses `a /\ b /\ c` as `(a /\ b) /\ c`, so the
 * first operand is P of the innermost junction and any other Q of the junction ending with it (which
 * begins where ours does, parentheses of its first operand included).
 */
export function junctionOperand(e: { kind: 'and' | 'or'; args: readonly { span: Span }[]; bulleted: boolean; span: Span }, i: number): { what: string; at?: Span } {
  const op = e.kind === 'and' ? '/\\' : '\\/';
  if (e.bulleted) return { what: e.kind === 'and' ? 'a conjunct' : 'a disjunct' };
  const last = e.args.length - 1;
  const end = i === last ? e.span : e.args[Math.max(i, 1)]!.span;
  return { what: `the ${i === 0 ? 'left' : 'right'} side of ${op}`, at: { ...e.span, endLine: end.endLine, endCol: end.endCol } };
}

/** TLC's words for a non-boolean operand of `P op Q`, by its kind, where its kind reads as ours (getKindString). */
function tlcJunctionWords(v: Value, what: string, at: Span | undefined): TlcWording | undefined {
  const m = /^the (left|right) side of (\/\\|\\\/|=>)$/.exec(what);
  if (!m || !at || (typeof v !== 'number' && typeof v !== 'string')) return undefined;
  return tlcGeneral(`Attempted to evaluate an expression of form P ${m[2]} Q when ${m[1] === 'left' ? 'P' : 'Q'} was\n${describeKind(v)}.`, at);
}

function tlcNonBoolean(v: Value, span: Span, what: string, at: Span | undefined): TlcWording | undefined {
  switch (what) {
    case initConjunct:
    case initForallBody:
    case actionConjunct:
    case actionForallBody:
      return tlcGeneral(`In computing ${what === initConjunct || what === initForallBody ? 'initial' : 'next'} states, TLC expected a boolean expression,\nbut instead found ${formatValue(v)}.`, span);
    case 'the condition of IF':
      // By its kind, where its kind reads as ours (getKindString).
      return at && (typeof v === 'number' || typeof v === 'string') ? tlcGeneral(`A non-boolean expression (${describeKind(v)}) was used as the condition of an IF.`, at) : undefined;
    case 'the argument of ~':
      return tlcNegationWords(v);
    case 'the body of \\A':
    case 'the body of \\E':
      return at ? { kind: 'message', text: 'TLC expected a boolean value, but did not find one.', general: true, at, atInline: true } : undefined;
    default:
      return tlcJunctionWords(v, what, at);
  }
}

/** `v` as a set (`what` names its place in the message), errors located at `span`. */
export function setAt(v: Value, span: Span, what: string): SetValue {
  try {
    return asSet(v, what);
  } catch (err) {
    return locate(err, span);
  }
}

/** `v \in s` (`what` names s's place), errors located at `span`; a non-set s in TLC's words. */
export function memberOf(v: Value, s: Value, span: Span, what: string): boolean {
  try {
    return isMember(v, membershipSet(v, s, what));
  } catch (err) {
    return locate(err, span);
  }
}

/** v \in set, errors located at `span`. */
export function memberAt(v: Value, set: SetValue, span: Span): boolean {
  try {
    return isMember(v, set);
  } catch (err) {
    return locate(err, span);
  }
}

/** The elements of `x \in set` in Init or an action, in TLC's order, located at `span` when it cannot be enumerated. */
export function membershipElements(ctx: EvalContext, set: SetValue, span: Span): readonly Value[] {
  try {
    return set.kind === 'enum' ? enumInTlcOrder(set, ctx.std.strings) : inTlcOrder(finiteElements(set), ctx.std.strings);
  } catch (err) {
    return locateEnumeration(err, span, 'membership', set); // as TLC: the whole `x \in S` is what cannot be enumerated
  }
}

// ---- names -----------------------------------------------------------------------------------

/** A state variable, which must have a value by now (in Init or an action it may not yet). */
export function readVariable(ctx: EvalContext, index: number, name: string, span: Span): Value {
  const v = ctx.state[index];
  if (v === undefined) {
    return evalError('E3001', `the variable ${name}${ctx.next && ctx.state === ctx.next ? "'" : ''} is read before it is assigned a value`, span, 'in Init assign it first (x = e or x \\in S); in an action assign x\' before using it');
  }
  return v;
}

/** A bound name used as a value: a LET definition is evaluated on first use. */
export function readLocal(ctx: EvalContext, id: number, name: string, span: Span): Value {
  const v = ctx.locals[id];
  if (v instanceof LetThunk) return v.get();
  if (v === undefined || typeof v === 'function') return evalError('E3001', `${name} is an operator and needs arguments here`, span);
  return v;
}

/**
 * A bound operator (a LET operator, an operator parameter) applied to `args`, which may be lazy
 * (argumentPlan): a user-defined operator binds them as they are, a standard one evaluates them.
 */
export function callLocal(ctx: EvalContext, id: number, args: Local[], name: string, span: Span): Value {
  const op = ctx.locals[id];
  if (typeof op !== 'function') return evalError('E3001', `${name} is not an operator`, span);
  try {
    return op(...(args as Value[]));
  } catch (err) {
    return locate(err, span);
  }
}

// ---- arguments of user-defined operators --------------------------------------------------------

/**
 * How a call of a user-defined operator (module-level, LET, RECURSIVE, passed as an argument, a
 * LAMBDA, an operator CONSTANT's definition) passes a value argument: as TLC does, evaluated where
 * the body first uses it (LazyArgument), except where evaluating it at the call cannot differ and
 * costs nothing (the hot path: every call): a literal, a CONSTANT, `@`, a variable once assigned, a
 * bound name (its binding passed on, itself lazy if it is), a definition computed once. `captured`:
 * the binders of a recursive operator the argument carries (names/levels.ts `capturedBinders`).
 * An argument that contains `@` (or a LAMBDA) is evaluated at the call: an EXCEPT in the body would rebind `@`.
 */
export type ArgumentPlan =
  | { kind: 'now' }
  | { kind: 'local'; id: number; captured: readonly number[] | undefined }
  | { kind: 'variable'; index: number }
  | { kind: 'def'; index: number }
  | { kind: 'lazy'; captured: readonly number[] | undefined };

export function argumentPlan(e: IRExpr, reentered: ReenteredBinders): ArgumentPlan {
  switch (e.kind) {
    case 'number': case 'string': case 'boolean': case 'exceptAt':
      return { kind: 'now' };
    case 'apply':
      if (e.args.length > 0) break;
      switch (e.ref.kind) {
        case 'constant': return { kind: 'now' };
        case 'variable': return { kind: 'variable', index: e.ref.index };
        case 'bound': return { kind: 'local', id: e.ref.id, captured: capturedBinders(e, reentered) };
        case 'def': return { kind: 'def', index: e.ref.index };
        default: break;
      }
      break;
    default:
      break;
  }
  if (readsWhereWritten(e)) return { kind: 'now' };
  return { kind: 'lazy', captured: capturedBinders(e, reentered) };
}

/**
 * The argument of a call of `def` (an operator not replaced by the .cfg) that may be evaluated at the
 * call although passed lazily: the one for the parameter the body evaluates first, when no other
 * argument is evaluated at the call with effects of its own (`@`, LAMBDA); -1 when none.
 */
export function evaluatedAtCall(def: ResolvedDef, args: readonly IRExpr[]): number {
  if (def.kind !== 'operator' || args.some(readsWhereWritten)) return -1;
  return parameterEvaluatedFirst(def) ?? -1;
}

/**
 * A bound name passed on as an argument: its binding as it is, unless it is a LET definition not yet
 * evaluated inside a recursive operator, which a recursive call would rebind around it (`evaluate`
 * then carries `captured`).
 */
export function passLocal(ctx: EvalContext, id: number, evaluate: Closure, captured: readonly number[], partial: 'init' | 'next' | undefined): Local {
  const v = ctx.locals[id];
  if (!(v instanceof LetThunk) || v instanceof LazyArgument || v.evaluated) return v;
  return new LazyArgument(evaluate, ctx, captured, partial);
}

/** A standard operator applied, its errors located at `span`. */
export function callStd(op: StdOperator, args: StdArg[], ctx: EvalContext, span: Span): Value {
  try {
    return op.call(args, ctx.std);
  } catch (err) {
    return locate(err, span);
  }
}

/** Results of binary builtins on operands of the expected types; undefined defers to the stdlib. */
const binaryFastPaths: Record<string, (x: Value, y: Value) => Value | undefined> = {
  '=': (x, y) => (typeof x === typeof y && typeof x !== 'object' ? x === y : undefined),
  '/=': (x, y) => (typeof x === typeof y && typeof x !== 'object' ? x !== y : undefined),
  '\\in': (x, y) => (typeof y === 'object' && y.kind === 'enum' ? isMember(x, y) : undefined),
  '\\notin': (x, y) => (typeof y === 'object' && y.kind === 'enum' ? !isMember(x, y) : undefined),
  '+': (x, y) => (typeof x === 'number' && typeof y === 'number' && Math.abs(x + y) <= 0x7fffffff ? x + y : undefined),
  '-': (x, y) => (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 0x7fffffff ? x - y : undefined),
  '*': (x, y) => (typeof x === 'number' && typeof y === 'number' && Math.abs(x * y) <= 0x7fffffff ? x * y : undefined),
  // As Naturals' %: the result in 0..y-1; y <= 0 goes to the operator for its error.
  '%': (x, y) => (typeof x === 'number' && typeof y === 'number' && y > 0 ? ((x % y) + y) % y : undefined),
  '<': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x < y : undefined),
  '>': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x > y : undefined),
  '<=': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x <= y : undefined),
  '>=': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x >= y : undefined),
  '\\': (x, y) => (typeof x === 'object' && x.kind === 'enum' && typeof y === 'object' && y.kind === 'enum' ? differenceOrUndefined(x, y) : undefined),
};

/**
 * S \ T of two finite sets (a recursive Sum's S \ {x}, at each step) without the standard call's
 * argument array and checks; an error (elements TLC cannot compare) is left to the standard
 * operator, which raises it located.
 */
function differenceOrUndefined(x: SetValue, y: SetValue): Value | undefined {
  try {
    return difference(x, y);
  } catch (err) {
    // Only a value error (elements that cannot be compared) is left to the standard operator; an
    // interrupt or a stack overflow goes on as it is, not computed again.
    if (err instanceof ValueError) return undefined;
    throw err;
  }
}

/**
 * S \ {e} as one operation, without making the set {e} (GameOfLife's Sum: S \ {x} at each step):
 * e is looked up in an enumerated S; any other S, and an error (elements TLC cannot compare), goes
 * through the standard operator `op` (\) with {e}, as S \ {e} written out does.
 */
export function removeElement(op: StdOperator, s: Value, e: Value, ctx: EvalContext, setSpan: Span, span: Span): Value {
  if (typeof s === 'object' && s.kind === 'enum') {
    try {
      return withoutElement(s, s.elems, e);
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
    }
  }
  return callStd(op, [s, setEnum([e], setSpan)], ctx, span);
}

/** The fast path of a binary standard operator, if it has one. */
export function binaryFastPath(module: string, name: string): ((x: Value, y: Value) => Value | undefined) | undefined {
  return module === 'TLA+' || module === 'Naturals' || module === 'Integers' ? binaryFastPaths[name] : undefined;
}

/**
 * A binary standard operator: the common operators on well-typed operands skip the argument array
 * and checks of the standard module; anything else (including every error) goes through it.
 */
export function callBinary(fast: (x: Value, y: Value) => Value | undefined, op: StdOperator, x: Value, y: Value, ctx: EvalContext, span: Span): Value {
  const r = fast(x, y);
  return r !== undefined ? r : callStd(op, [x, y], ctx, span);
}

// ---- binding -----------------------------------------------------------------------------------

/**
 * Runs `fn(a, b)` with locals `ids` bound to `values`, restoring the previous bindings (recursion).
 * `a` and `b` are passed on so that a caller with a closure already made (a definition's body and
 * its context, an action's generator and its continuation) needs none per call: GameOfLife's Sum
 * made one per recursive call.
 */
export function withBindings<T, A = undefined, B = undefined>(ctx: EvalContext, ids: readonly number[], values: readonly Local[], fn: (a: A, b: B) => T, a?: A, b?: B): T {
  const locals = ctx.locals;
  if (ids.length === 1) return withBinding(ctx, ids[0]!, values[0], fn, a, b);
  if (ids.length === 2) {
    // Two (a binary operator's parameters, a pair bound <<x, y>>): no array of saved values.
    const id0 = ids[0]!;
    const id1 = ids[1]!;
    const saved0 = locals[id0];
    const saved1 = locals[id1];
    locals[id0] = values[0];
    locals[id1] = values[1];
    try {
      return fn(a!, b!);
    } finally {
      locals[id1] = saved1;
      locals[id0] = saved0;
    }
  }
  const saved: Local[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    saved[i] = locals[ids[i]!];
    locals[ids[i]!] = values[i];
  }
  try {
    return fn(a!, b!);
  } finally {
    for (let i = 0; i < ids.length; i++) locals[ids[i]!] = saved[i];
  }
}

/** withBindings for one local, without an array of values. */
function withBinding<T, A, B>(ctx: EvalContext, id: number, value: Local, fn: (a: A, b: B) => T, a?: A, b?: B): T {
  const locals = ctx.locals;
  const saved = locals[id];
  locals[id] = value;
  try {
    return fn(a!, b!);
  } finally {
    locals[id] = saved;
  }
}

/** An operator as a value (LAMBDA, a LET operator): its parameters bound to the arguments around `body`. */
export function operatorValue(ctx: EvalContext, ids: readonly number[], body: Closure): OperatorCallback {
  return (...args: Value[]) => withBindings(ctx, ids, args, body, ctx);
}

/**
 * LET: binds each definition in order (so later ones and the body see earlier ones, and itself) around
 * `fn`, which is given `ctx` (the body's closure is then made once, not at every evaluation).
 */
export function bindLet<T>(ctx: EvalContext, ids: readonly number[], makers: readonly ((ctx: EvalContext) => Local)[], fn: (ctx: EvalContext) => T): T {
  if (ids.length === 1) {
    // One definition (the common LET): no array of saved values.
    const id = ids[0]!;
    const saved = ctx.locals[id];
    try {
      ctx.locals[id] = makers[0]!(ctx);
      return fn(ctx);
    } finally {
      ctx.locals[id] = saved;
    }
  }
  // A loop, not ids.map: a closure over ctx would make every call allocate ctx's context.
  const saved: Local[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) saved[i] = ctx.locals[ids[i]!];
  try {
    for (let i = 0; i < ids.length; i++) ctx.locals[ids[i]!] = makers[i]!(ctx);
    return fn(ctx);
  } finally {
    for (let i = 0; i < ids.length; i++) ctx.locals[ids[i]!] = saved[i];
  }
}

/** The set a bound ranges over (E3xxx located at the bound when it is not a set). */
export function boundSet(bound: CompiledBound, ctx: EvalContext): SetValue {
  return setAt(bound.set(ctx), bound.span, 'the set a variable ranges over');
}

/** The elements a bound ranges over, in our canonical order (`inTlcOrder` gives TLC's). */
export function boundElements(bound: CompiledBound, ctx: EvalContext): readonly Value[] {
  return elementsOf(boundSet(bound, ctx), bound.span, bound.quantifier === true);
}

/** The elements of `set` in TLC's order (an enumerated set remembers when that is its own: EnumSet.tlcOrdered). */
function elementsInTlcOrder(set: SetValue, span: Span, quantifier: boolean, ctx: EvalContext): readonly Value[] {
  return set.kind === 'enum' ? enumInTlcOrder(set, ctx.std.strings) : inTlcOrder(elementsOf(set, span, quantifier), ctx.std.strings);
}

function elementsOf(set: SetValue, span: Span, quantifier: boolean): readonly Value[] {
  try {
    return finiteElements(set);
  } catch (err) {
    return quantifier ? locateEnumeration(err, span, 'quantifier', set) : locate(err, span);
  }
}

/** Runs `fn(ctx)` with the bound's variable(s) set to `x` (destructuring a tuple bound). */
export function withBoundElement<T>(bound: CompiledBound, x: Value, ctx: EvalContext, fn: (ctx: EvalContext) => T): T {
  pollInterrupt();
  if (!bound.tuple) return withBinding(ctx, bound.ids[0]!, x, fn, ctx);
  if (typeof x !== 'object' || x.kind !== 'fcn' || x.domain !== null || x.values.length !== bound.ids.length) {
    return evalError('E3001', `cannot bind the tuple of ${bound.ids.length} names to ${formatValue(x)}`, bound.span);
  }
  return withBindings(ctx, bound.ids, x.values, fn, ctx);
}

/**
 * Runs `fn` with local `id` set to each element of `set` in TLC's order until it returns true;
 * returns whether it did. 1..n (DOMAIN of a sequence, mostly) is counted instead of listed, and the
 * slot is assigned in place rather than through a closure per element (the hot path). `guard`, a
 * condition of every element's `fn` that does not read `id`, is tested once, where the first
 * element's would be: false, and no element is (tla2ts's guarded quantifiers).
 */
export function someElement(ctx: EvalContext, id: number, set: SetValue, span: Span, quantifier: boolean, fn: (ctx: EvalContext) => boolean, guard?: (ctx: EvalContext) => boolean): boolean {
  return findElement(ctx, id, set, span, quantifier, fn, guard) !== undefined;
}

/** someElement's search: the element at which `fn` returned true, undefined when none did (CHOOSE's answer). */
function findElement(ctx: EvalContext, id: number, set: SetValue, span: Span, quantifier: boolean, fn: (ctx: EvalContext) => boolean, guard?: (ctx: EvalContext) => boolean): Value | undefined {
  const elems = set.kind === 'interval' ? undefined : elementsInTlcOrder(set, span, quantifier, ctx);
  if (guard !== undefined && (elems === undefined ? set.kind === 'interval' && set.lo <= set.hi : elems.length > 0) && !guard(ctx)) return undefined;
  const locals = ctx.locals;
  const saved = locals[id];
  try {
    if (elems === undefined) {
      const { lo, hi } = set as Extract<SetValue, { kind: 'interval' }>;
      for (let i = lo; i <= hi; i++) {
        pollInterrupt();
        locals[id] = i;
        if (fn(ctx)) return i;
      }
      return undefined;
    }
    for (let i = 0; i < elems.length; i++) {
      pollInterrupt();
      const x = elems[i]!;
      locals[id] = x;
      if (fn(ctx)) return x;
    }
    return undefined;
  } finally {
    locals[id] = saved;
  }
}

/**
 * Calls `fn(ctx)` for every combination of the bounds; stops (returning true) when fn returns true.
 * The sets are evaluated once, first to last, and the first bound turns fastest, as TLC's
 * ContextEnumerator does: `\E i, j \in S` tries <<2, 1>> before <<1, 2>>, which decides the
 * successors generated up to a violation, TLC's actions of Next, and the order of Print.
 */
export function forEachBinding(bounds: readonly CompiledBound[], ctx: EvalContext, fn: (ctx: EvalContext) => boolean): boolean {
  // One bound, the common case, needs neither the array of sets nor the recursion's closures.
  if (bounds.length === 1) return eachElement(bounds[0]!, boundSet(bounds[0]!, ctx), ctx, fn);
  return severalBindings(bounds, ctx, fn);
}

/**
 * forEachBinding over two bounds or more. A function of its own: a function that makes a closure
 * allocates what it captures at every call, also where it makes none (the one-bound path).
 */
function severalBindings(bounds: readonly CompiledBound[], ctx: EvalContext, fn: (ctx: EvalContext) => boolean): boolean {
  // `\E i, j \in S`: S evaluated once for both, as TLC does (a Print in S shows once).
  const sets: SetValue[] = [];
  for (let k = 0; k < bounds.length; k++) sets.push(k > 0 && bounds[k]!.set === bounds[k - 1]!.set ? sets[k - 1]! : boundSet(bounds[k]!, ctx));
  const from = (k: number): boolean => (k < 0 ? fn(ctx) : eachElement(bounds[k]!, sets[k]!, ctx, k === 0 ? fn : () => from(k - 1)));
  return from(bounds.length - 1);
}

/** Binds `bound` to each element of `set` in TLC's order, calling `rest` under each; stops when it returns true. */
function eachElement(bound: CompiledBound, set: SetValue, ctx: EvalContext, rest: (ctx: EvalContext) => boolean): boolean {
  if (!bound.tuple) return someElement(ctx, bound.ids[0]!, set, bound.span, bound.quantifier === true, rest);
  for (const x of elementsInTlcOrder(set, bound.span, bound.quantifier === true, ctx)) if (withBoundElement(bound, x, ctx, rest)) return true;
  return false;
}

// ---- sets ------------------------------------------------------------------------------------

/** {e1, ..., en}. */
export function setEnum(values: Value[], span: Span): Value {
  try {
    return setOf(values);
  } catch (err) {
    return locate(err, span);
  }
}

/** `{y \in S : P}` compiled for membership: the bound y \in S and P as a boolean under it. */
export interface CompiledFilter {
  bound: CompiledBound;
  pred: (ctx: EvalContext) => boolean;
}

/**
 * x \in {y \in S : P} without building the set, as TLC's SetPredValue.member: x \in S, then P
 * with y bound to x. Model checks write `UV \in DomainPartitions` for a filter over
 * SUBSET SUBSET (1..n) (65,536 sets at n = 4, MCQuicksort) that is never enumerated this way.
 */
export function memberOfFilter(ctx: EvalContext, x: Value, filter: CompiledFilter, span: Span): boolean {
  if (!memberAt(x, boundSet(filter.bound, ctx), span)) return false;
  return withBoundElement(filter.bound, x, ctx, filter.pred);
}

/**
 * {x \in S : P}: `pred` is P under the binding. When S cannot be enumerated the set stays lazy, as
 * TLC's SetPredValue: membership only, x \in S then P (`Capacity \in [Jug -> {n \in Nat : n > 0}]`,
 * `{n \in Nat : n < x} \subseteq S`), enumeration E3007; printed with `names`, its binders. A filter
 * that reads nothing that varies (`closed`: computed once) keeps `ctx`, never read again in another
 * state; another keeps a copy of `ctx` as it is now (the state, outer bound names), as TLC keeps the
 * context with the value. `anyOrder`: P cannot tell the order it is evaluated in (tla2ts
 * filterInAnyOrder), so a finite S is filtered in our order, and again in TLC's only when P fails.
 */
export function filterSet(ctx: EvalContext, bound: CompiledBound, pred: (ctx: EvalContext) => boolean, names: string, closed: boolean, anyOrder = false): Value {
  const set = boundSet(bound, ctx);
  if (!isFiniteSet(set)) {
    const at = closed ? ctx : contextNow(ctx);
    return new FilterSet(set, (x) => withBoundElement(bound, x, at, pred), `{${names} \\in ${formatValue(set)} : ...}`);
  }
  const elems = elementsOf(set, bound.span, bound.quantifier === true);
  if (anyOrder) {
    try {
      return filterInOurOrder(ctx, bound, pred, elems, set.kind === 'enum' && set.tlcOrdered);
    } catch (err) {
      if (err instanceof EvaluationInterrupted) throw err;
      // Again in TLC's order (below), which meets the element whose error TLC reports first.
    }
  }
  const positions = set.kind === 'enum' ? enumPositions(set, ctx.std.strings) : ctx.std.strings.positions(elems);
  if (positions === null) {
    const kept: Value[] = [];
    for (const x of elems) if (withBoundElement(bound, x, ctx, pred)) kept.push(x);
    const out = new EnumSet(kept); // a subsequence of a sorted enumeration stays sorted
    out.tlcOrdered = true; // and in TLC's order, as the set is (EnumSet.tlcOrdered)
    return out;
  }
  // P is evaluated in TLC's order (which error, or which Print, comes first); the set keeps ours.
  const keep = new Uint8Array(elems.length);
  let kept = 0;
  // Whether the kept elements come in our order too: then the result is in TLC's order as it is and
  // is not sorted again when enumerated (SlushSmall's \E msg \in PendingQueryReplyMessage(self)).
  let last = -1;
  let ordered = true;
  for (let k = 0; k < positions.length; k++) {
    const i = positions[k]!;
    if (withBoundElement(bound, elems[i]!, ctx, pred)) {
      keep[i] = 1;
      kept++;
      if (i < last) ordered = false;
      last = i;
    }
  }
  const out = new Array<Value>(kept);
  for (let i = 0, o = 0; o < kept; i++) if (keep[i] === 1) out[o++] = elems[i]!;
  const result = new EnumSet(out);
  result.tlcOrdered = ordered;
  return result;
}

/**
 * filterSet when `pred` cannot tell the order it is evaluated in (tla2ts's filterInAnyOrder): the
 * elements in our order, without putting them in TLC's first (SlushSmall's PendingQueryMessage(self)
 * sorted each state's set of messages). The kept elements are in TLC's order when all of them were.
 */
function filterInOurOrder(ctx: EvalContext, bound: CompiledBound, pred: (ctx: EvalContext) => boolean, elems: readonly Value[], tlcOrdered: boolean): Value {
  const kept: Value[] = [];
  for (let i = 0; i < elems.length; i++) if (withBoundElement(bound, elems[i]!, ctx, pred)) kept.push(elems[i]!);
  const out = new EnumSet(kept);
  out.tlcOrdered = tlcOrdered;
  return out;
}

/** {e : x \in S, ...}: `body` is e under the bindings. */
export function mapSet(ctx: EvalContext, bounds: readonly CompiledBound[], body: (ctx: EvalContext) => Value, span: Span): Value {
  const out: Value[] = [];
  forEachBinding(bounds, ctx, () => {
    out.push(body(ctx));
    return false;
  });
  return setEnum(out, span);
}

/** CHOOSE x \in S : P: the first element, in TLC's normalized order (strings by intern order), that satisfies P. */
export function choose(ctx: EvalContext, bound: CompiledBound, body: (ctx: EvalContext) => boolean, span: Span): Value {
  if (!bound.tuple) {
    // One variable: its slot assigned in place (findElement), not a binding array per element
    // tried (GameOfLife's Sum chooses from each remaining set: 9 million CHOOSEs).
    const chosen = findElement(ctx, bound.ids[0]!, boundSet(bound, ctx), bound.span, bound.quantifier === true, body);
    if (chosen !== undefined) return chosen;
  } else {
    for (const x of elementsInTlcOrder(boundSet(bound, ctx), bound.span, bound.quantifier === true, ctx)) if (withBoundElement(bound, x, ctx, body)) return x;
  }
  return evalError('E3004', 'CHOOSE found no element of the set satisfying its body', span, undefined, tlcGeneral('Attempted to compute the value of an expression of form\nCHOOSE x \\in S: P, but no element of S satisfied P.', span));
}

/** A CASE none of whose guards holds, and without OTHER. */
export function noCaseArm(span: Span): never {
  return evalError('E3006', 'no arm of this CASE applies', span, 'add an OTHER arm, or make the guards cover every case', tlcGeneral('Attempted to evaluate a CASE with no conditions true.', span));
}

// ---- functions and records -------------------------------------------------------------------

/** [x \in S, ... |-> body]. */
export function funcCtor(ctx: EvalContext, bounds: readonly CompiledBound[], body: Closure, span: Span): Value {
  if (bounds.length === 1 && !bounds[0]!.tuple) {
    // The common [x \in S |-> e]: one binding slot reassigned in place, no closure per element.
    const bound = bounds[0]!;
    const domain = boundElements(bound, ctx);
    // Evaluated in TLC's order (which error, or which Print, comes first), stored in ours.
    const positions = ctx.std.strings.positions(domain);
    const id = bound.ids[0]!;
    const locals = ctx.locals;
    const saved = locals[id];
    const values = new Array<Value>(domain.length);
    try {
      for (let k = 0; k < domain.length; k++) {
        const i = positions === null ? k : positions[k]!;
        locals[id] = domain[i];
        values[i] = body(ctx);
      }
    } finally {
      locals[id] = saved;
    }
    return fcnFromSortedDomain(domain, values);
  }
  if (bounds.length === 1) {
    // [<<x, y>> \in S |-> e]: the domain is S's elements, already in TLC's order, so nothing is
    // sorted and no key tuple is rebuilt (GameOfLife's sc[<<x, y>> \in ...] spent a quarter of its time there).
    const bound = bounds[0]!;
    const domain = boundElements(bound, ctx);
    const positions = ctx.std.strings.positions(domain);
    const values = new Array<Value>(domain.length);
    for (let k = 0; k < domain.length; k++) {
      const i = positions === null ? k : positions[k]!;
      values[i] = withBoundElement(bound, domain[i]!, ctx, body);
    }
    return fcnFromSortedDomain(domain, values);
  }
  return fcnOfSeveralBounds(ctx, bounds, body, span);
}

/** [x \in S, y \in T, ... |-> body]: the domain holds tuples of their values (a function of its own: see severalBindings). */
function fcnOfSeveralBounds(ctx: EvalContext, bounds: readonly CompiledBound[], body: Closure, span: Span): Value {
  const pairs: (readonly [Value, Value])[] = [];
  const ids = bounds.flatMap((b) => b.ids);
  forEachBinding(bounds, ctx, () => {
    pairs.push([tuple(ids.map((id) => ctx.locals[id] as Value)), body(ctx)]);
    return false;
  });
  try {
    return fcnFromPairs(pairs);
  } catch (err) {
    return locate(err, span);
  }
}

/** f[x]. */
export function funcApp(f: Value, x: Value, span: Span): Value {
  try {
    return apply(asFcn(f, 'the function applied'), x);
  } catch (err) {
    return locate(err, span);
  }
}

/**
 * Runs `fn` with the bound variables of `name[x \in S, ...] == ...` at the point x, which must lie in
 * the domain; outside it TLC names the whole function, `whole()`.
 */
export function bindAtPoint<T>(name: string, bounds: readonly CompiledBound[], ctx: EvalContext, x: Value, span: Span, fn: () => T, whole?: () => Value): T {
  const ids = bounds.length === 1 ? bounds[0]!.ids : bounds.flatMap((b) => b.ids);
  const parts = bounds.length === 1 && !bounds[0]!.tuple ? [x] : destructure(x, ids.length, span);
  for (let i = 0, at = 0; i < bounds.length; i++) {
    const b = bounds[i]!;
    const part = b.tuple ? tuple(parts.slice(at, at + b.ids.length)) : parts[at]!;
    if (!isMember(part, asSet(b.set(ctx), 'the domain'))) evalError('E3003', `${name}[${formatValue(x)}]: the argument is outside the function's domain`, span, undefined, wholeOutsideDomain(whole, x));
    at += b.ids.length;
  }
  return withBindings(ctx, ids, parts, fn);
}

/** TLC's words for a function applied outside its domain, when the whole function has a value. */
function wholeOutsideDomain(whole: (() => Value) | undefined, x: Value) {
  try {
    return whole ? tlcOutsideDomain(whole(), x) : undefined;
  } catch {
    return undefined; // the function itself cannot be evaluated: ours are the only words
  }
}

function destructure(x: Value, n: number, span: Span): readonly Value[] {
  if (typeof x === 'object' && x.kind === 'fcn' && x.domain === null && x.values.length === n) return x.values;
  return evalError('E3003', `expected a tuple of ${n} arguments, got ${formatValue(x)}`, span);
}

/** The body of `name[x \in S, ...] == body` at one argument, so that the function may recur. */
export function atPoint(name: string, bounds: readonly CompiledBound[], body: Closure, ctx: EvalContext, x: Value, span: Span): Value {
  try {
    return bindAtPoint(name, bounds, ctx, x, span, () => body(ctx), () => funcCtor(ctx, bounds, body, span));
  } catch (err) {
    // A recursive function too deep for the stack (TLC: StackOverflowError) is a diagnostic naming it.
    if (isStackOverflow(err)) throw tooDeepError(name, span);
    throw err;
  }
}

/** `f[x \in S] == body` in a LET: a thunk for the whole function that can also be applied at one point. */
export function letFunction(ctx: EvalContext, name: string, bounds: readonly CompiledBound[], body: Closure, span: Span, onCycle?: () => never): LetThunk {
  const thunk = new LetThunk((c) => funcCtor(c, bounds, body, span), ctx, onCycle);
  thunk.atPoint = (x) => atPoint(name, bounds, body, ctx, x, span);
  return thunk;
}

/** f[x] where f is bound locally: a LET-defined function not yet tabulated is evaluated at x (so it may recur). */
export function applyLocal(ctx: EvalContext, id: number, name: string, x: Value, span: Span): Value {
  const local = ctx.locals[id];
  if (local instanceof LetThunk && local.atPoint && !local.evaluated) return local.atPoint(x);
  return funcApp(readLocal(ctx, id, name, span), x, span);
}

/** [f EXCEPT !path = value, ...]: each path a list of key closures; `@` is the old value. */
export function except(ctx: EvalContext, f: Value, updates: readonly { path: readonly Closure[]; value: Closure }[], span: Span): Value {
  let cur = f;
  try {
    for (const u of updates) cur = exceptUpdate(ctx, cur, u.path, 0, u.value);
  } catch (err) {
    return locate(err, span);
  }
  return cur;
}

/** `cur` with the EXCEPT path from step `i` on set to `value`, evaluated with `@` bound to the old value. */
export function exceptUpdate(ctx: EvalContext, cur: Value, path: readonly Closure[], i: number, value: Closure): Value {
  if (i === path.length) {
    const saved = ctx.at;
    ctx.at = cur;
    try {
      return value(ctx);
    } finally {
      ctx.at = saved;
    }
  }
  const f: FcnValue = asFcn(cur, 'the value updated by EXCEPT');
  const key = path[i]!(ctx);
  const at = domainIndex(f, key);
  if (at < 0) return f; // outside the domain: [f EXCEPT ![k] = v] is f
  return exceptAt(f, at, exceptUpdate(ctx, f.values[at]!, path, i + 1, value));
}

/** `@` in an EXCEPT update. */
export function exceptOld(ctx: EvalContext, span: Span): Value {
  return ctx.at ?? evalError('E3001', '@ used outside an EXCEPT update', span);
}

/** `record.name`, with a missing field or a non-record located at `span`. */
export function recordField(record: Value, name: string, span: Span): Value {
  try {
    // The words are built only for the error: a template here was a string per field read.
    const r = isFcn(record) ? record : asFcn(record, `the record in .${name}`);
    const i = domainIndex(r, name);
    if (i < 0) evalError('E3003', `the record ${formatValue(r)} has no field ${name}`, span, undefined, tlcGeneral(`Attempted to select nonexistent field ${JSON.stringify(name)} from the record\n${formatTlcValue(r)}`, span));
    return r.values[i]!;
  } catch (err) {
    return locate(err, span);
  }
}

// ---- steps ---------------------------------------------------------------------------------------

/** `arg'`: `arg` evaluated in the next state of the step. */
export function evalPrimed(ctx: EvalContext, arg: Closure, span: Span): Value {
  const next = ctx.next;
  if (!next) return evalError('E3001', 'a primed expression is evaluated outside an action', span, 'primes may appear only in NEXT, actions and action properties');
  const saved = ctx.state;
  ctx.state = next;
  try {
    return arg(ctx);
  } finally {
    ctx.state = saved;
  }
}

/**
 * `\E x : P` and `\A x : P` cannot be enumerated (E1002); `\EE x : F` and `\AA x : F` quantify over
 * flexible variables, which TLC refuses to evaluate anywhere ("TLC does not support temporal
 * existential, nor universal, quantification over state variables"): E5001 where one is evaluated.
 */
export function refuseUnboundedQuantifier(e: { quantifier: 'forall' | 'exists'; temporal: boolean; span: Span }): never {
  const symbol = e.quantifier === 'exists' ? '\\E' : '\\A';
  if (e.temporal) {
    return fail('E5001', `temporal quantification ${symbol}${symbol.slice(1)} over variables is not evaluated (TLC refuses it too)`, e.span,
      `check the formula inside ${symbol}${symbol.slice(1)} with its bound names declared as VARIABLES (a refinement mapping), or leave this definition out of the model`);
  }
  return fail('E1002', `unsupported construct: unbounded ${symbol} (TLC cannot enumerate it)`, e.span, `bound the variable: ${symbol} x \\in S : P`);
}
