// Operator application is substitution in TLA+: with `Lose(q) == q' = Tail(q)`, `Lose(msgQ)` means
// `msgQ' = Tail(msgQ)`. The evaluators pass arguments by value, which is the same thing except where
// the body primes a parameter (or takes UNCHANGED or ENABLED of it): there the argument must be
// re-read in the next state; where the body assigns a parameter passed a variable; and where the
// argument is an action (`NoStutter(A) == s = top /\ A /\ s' = s` applied to `l0(self)`), which TLC
// reads by name, so that A's x' = e assign and its disjunctions branch. Such calls are expanded here, in the IR, once for every consumer (and again by load.ts after the .cfg's substitutions).
// An expansion keeps the call it replaces in `calls` (ir.ts), where TLC's error report lists it.
import { fail, type Span } from '../diagnostics.js';
import type { IRExpr, ResolvedDef } from './ir.js';
import { Level, Levels, mapSubexpressions, subexpressions } from './levels.js';

/** Ids of the parameters that occur under a prime, UNCHANGED or ENABLED in `body`. */
function primedParams(body: IRExpr, params: ReadonlySet<number>): Set<number> {
  const found = new Set<number>();
  const visit = (e: IRExpr, primed: boolean): void => {
    if (primed && e.kind === 'apply' && e.ref.kind === 'bound' && params.has(e.ref.id)) found.add(e.ref.id);
    const under = primed || e.kind === 'prime' || e.kind === 'unchanged' || e.kind === 'enabled';
    for (const c of subexpressions(e)) visit(c, under);
  };
  visit(body, false);
  return found;
}

/** Ids of the parameters that are the left side of `=` or `\in` in `body`: targets when the argument is a variable. */
function assignableParams(body: IRExpr, params: ReadonlySet<number>): Set<number> {
  const found = new Set<number>();
  const visit = (e: IRExpr): void => {
    if (e.kind === 'apply' && e.ref.kind === 'builtin' && e.ref.module === 'TLA+' && (e.ref.name === '=' || e.ref.name === '\\in')) {
      const lhs = e.args[0]!;
      if (lhs.kind === 'apply' && lhs.ref.kind === 'bound' && lhs.args.length === 0 && params.has(lhs.ref.id)) found.add(lhs.ref.id);
    }
    subexpressions(e).forEach(visit);
  };
  visit(body);
  return found;
}

/**
 * Whether `e` reads a variable (or primes something): then it is not a value fixed before the step.
 * `substituted`: the definitions that stand for an instantiated module's VARIABLE (ir.ts `substitutes`).
 */
function readsState(e: IRExpr, substituted: ReadonlySet<number>): boolean {
  if (e.kind === 'prime' || (e.kind === 'apply' && (e.ref.kind === 'variable' || (e.ref.kind === 'def' && substituted.has(e.ref.index))))) return true;
  return subexpressions(e).some((c) => readsState(c, substituted));
}

/** `e` standing for the call `name` at `span` (a copy: an argument may replace several occurrences). */
function expandedFrom(e: IRExpr, name: string, span: Span, args?: readonly IRExpr[]): IRExpr {
  return { ...e, calls: [{ name, span, ...(args ? { args } : {}) }, ...(e.calls ?? [])] };
}

/**
 * `e` with the bound names of `args` replaced by their expressions; an operator parameter applied,
 * `F(a)`, becomes the operator passed (`G(a)`), or the LAMBDA's body with its parameters replaced.
 */
function substituteBound(e: IRExpr, args: ReadonlyMap<number, IRExpr>): IRExpr {
  if (e.kind === 'apply' && e.ref.kind === 'bound' && args.has(e.ref.id)) {
    const arg = args.get(e.ref.id)!;
    if (e.args.length === 0) return expandedFrom(arg, e.ref.name, e.span);
    const actuals = e.args.map((a) => substituteBound(a, args));
    if (arg.kind === 'lambda') return substituteBound(arg.body, new Map(arg.params.map((p, i) => [p.binder.id, actuals[i]!])));
    if (arg.kind === 'apply' && arg.args.length === 0) return { ...arg, args: actuals, fixity: 'call', span: e.span };
  }
  return mapSubexpressions(e, (c) => substituteBound(c, args));
}

/**
 * The definitions with calls expanded (the argument substituted for the parameter) wherever passing
 * the value would differ from the substitution that defines application: every call of an operator
 * that primes a parameter, and every call passing a variable (or a primed expression) where the
 * body assigns the parameter (`SetTo(v, n) == v = n` in Init as `SetTo(x, 0)`; `Send(.., new) ==
 * new = e` applied to `memInt'`), and every call passing an action to a value parameter, since TLC
 * reads such a call by name.
 */
export function substitutePrimedParameters(defs: ResolvedDef[]): ResolvedDef[] {
  const expand = new Map<number, ResolvedDef & { kind: 'operator' }>();
  const byName = new Map<number, { def: ResolvedDef & { kind: 'operator' }; positions: number[] }>();
  /** Operators that may take an action as an argument (value parameters, not RECURSIVE). */
  const takesActions = new Map<number, ResolvedDef & { kind: 'operator' }>();
  for (const d of defs) {
    if (d.kind !== 'operator' || d.params.length === 0) continue;
    if (!d.recursive && d.params.some((p) => p.arity === 0)) takesActions.set(d.index, d);
    const ids = new Set(d.params.map((p) => p.binder.id));
    if (primedParams(d.body, ids).size === 0) {
      const assignable = assignableParams(d.body, ids);
      if (assignable.size > 0 && !d.recursive) byName.set(d.index, { def: d, positions: d.params.flatMap((p, i) => (assignable.has(p.binder.id) ? [i] : [])) });
      continue;
    }
    if (d.recursive) fail('E1002', `unsupported construct: the RECURSIVE operator ${d.name.name} primes a parameter`, d.span, 'prime the argument where the operator is applied instead');
    expand.set(d.index, d);
  }
  if (expand.size === 0 && byName.size === 0 && takesActions.size === 0) return defs;
  const substituted = new Set(defs.flatMap((d) => (d.substitutes ? [d.index] : [])));
  const levels = new Levels({ defs });
  const actionArgument = (call: Extract<IRExpr, { kind: 'apply' }>, def: ResolvedDef & { kind: 'operator' }): boolean =>
    call.args.some((a, i) => def.params[i]?.arity === 0 && levels.of(a) >= Level.Action);
  const rewrite = (e: IRExpr, depth: number): IRExpr => {
    const mapped = mapSubexpressions(e, (c) => rewrite(c, depth));
    if (mapped.kind !== 'apply' || mapped.ref.kind !== 'def') return mapped;
    const named = byName.get(mapped.ref.index);
    const action = takesActions.get(mapped.ref.index);
    const def =
      expand.get(mapped.ref.index) ??
      (named && named.positions.some((i) => mapped.args[i] && readsState(mapped.args[i]!, substituted)) ? named.def : undefined) ??
      (action && actionArgument(mapped, action) ? action : undefined);
    if (!def || mapped.args.length !== def.params.length) return mapped;
    if (depth > 64) fail('E1002', `unsupported construct: ${def.name.name} expands into itself`, mapped.span);
    return expandedFrom(rewrite(substituteBound(def.body, new Map(def.params.map((p, i) => [p.binder.id, mapped.args[i]!]))), depth + 1), def.name.name, mapped.span, mapped.args);
  };
  return defs.map((d) => (d.kind === 'operator' ? { ...d, body: rewrite(d.body, 0) } : { ...d, bounds: d.bounds.map((b) => ({ ...b, set: rewrite(b.set, 0) })), body: rewrite(d.body, 0) }));
}
