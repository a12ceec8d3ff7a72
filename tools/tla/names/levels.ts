// The level of IR expressions as SANY's level checking defines it: constant, state (reads variables),
// action (primes or UNCHANGED) or temporal ([], <>, ~>, WF/SF). `subexpressions` and `mapSubexpressions`
// are the typed walks over the IR's children (exhaustive switches, so a new node kind fails to compile
// until it is listed).
import type { Bound } from '../syntax/ast.js';
import type { IRExpr, ResolvedModule, ResolvedPhase } from './ir.js';

export enum Level {
  Constant = 0,
  State = 1,
  Action = 2,
  Temporal = 3,
}

/** The direct subexpressions of a node, in source order (binders' sets included). */
export function subexpressions(e: IRExpr): IRExpr[] {
  switch (e.kind) {
    case 'number': case 'string': case 'boolean': case 'exceptAt':
      return [];
    case 'apply': case 'and': case 'or':
      return e.args;
    case 'lambda':
      return [e.body];
    case 'if':
      return [e.cond, e.then, e.else];
    case 'case':
      return [...e.arms.flatMap((a) => [a.guard, a.body]), ...(e.other ? [e.other] : [])];
    case 'let':
      return [...e.defs.flatMap((d) => (d.kind === 'function' ? [...d.bounds.map((b) => b.set), d.body] : [d.body])), e.body];
    case 'quant': case 'setMap': case 'funcCtor':
      return [...e.bounds.map((b) => b.set), e.body];
    case 'unboundedQuant':
      return [e.body];
    case 'choose':
      return [...(e.set ? [e.set] : []), e.body];
    case 'setEnum': case 'tuple':
      return e.elems;
    case 'setFilter':
      return [e.bound.set, e.pred];
    case 'cartesian':
      return e.sets;
    case 'funcSet':
      return [e.domain, e.range];
    case 'funcApp':
      return [e.fn, ...e.args];
    case 'record': case 'recordSet':
      return e.fields.map((f) => f.value);
    case 'field':
      return [e.record];
    case 'except':
      return [e.fn, ...e.updates.flatMap((u) => [...u.path.flatMap((step) => (step.kind === 'index' ? step.args : [])), u.value])];
    case 'prime': case 'unchanged': case 'enabled': case 'always': case 'eventually':
      return [e.arg];
    case 'leadsTo':
      return [e.lhs, e.rhs];
    case 'boxAction': case 'angleAction':
      return [e.action, e.sub];
    case 'fairness':
      return [e.sub, e.action];
    default:
      return e satisfies never;
  }
}

/** The node with `f` applied to each direct subexpression (the same children `subexpressions` lists). */
export function mapSubexpressions(e: IRExpr, f: (child: IRExpr) => IRExpr): IRExpr {
  const bound = (b: Bound<ResolvedPhase>): Bound<ResolvedPhase> => ({ ...b, set: f(b.set) });
  switch (e.kind) {
    case 'number': case 'string': case 'boolean': case 'exceptAt':
      return e;
    case 'apply': case 'and': case 'or':
      return { ...e, args: e.args.map(f) } as IRExpr;
    case 'lambda': case 'unboundedQuant':
      return { ...e, body: f(e.body) };
    case 'if':
      return { ...e, cond: f(e.cond), then: f(e.then), else: f(e.else) };
    case 'case':
      return { ...e, arms: e.arms.map((a) => ({ ...a, guard: f(a.guard), body: f(a.body) })), ...(e.other ? { other: f(e.other) } : {}) };
    case 'let':
      return { ...e, defs: e.defs.map((d) => (d.kind === 'function' ? { ...d, bounds: d.bounds.map(bound), body: f(d.body) } : { ...d, body: f(d.body) })), body: f(e.body) };
    case 'quant': case 'setMap': case 'funcCtor':
      return { ...e, bounds: e.bounds.map(bound), body: f(e.body) } as IRExpr;
    case 'choose':
      return { ...e, ...(e.set ? { set: f(e.set) } : {}), body: f(e.body) };
    case 'setEnum': case 'tuple':
      return { ...e, elems: e.elems.map(f) } as IRExpr;
    case 'setFilter':
      return { ...e, bound: bound(e.bound), pred: f(e.pred) };
    case 'cartesian':
      return { ...e, sets: e.sets.map(f) };
    case 'funcSet':
      return { ...e, domain: f(e.domain), range: f(e.range) };
    case 'funcApp':
      return { ...e, fn: f(e.fn), args: e.args.map(f) };
    case 'record': case 'recordSet':
      return { ...e, fields: e.fields.map((field) => ({ ...field, value: f(field.value) })) } as IRExpr;
    case 'field':
      return { ...e, record: f(e.record) };
    case 'except':
      return {
        ...e, fn: f(e.fn),
        updates: e.updates.map((u) => ({ ...u, path: u.path.map((step) => (step.kind === 'index' ? { ...step, args: step.args.map(f) } : step)), value: f(u.value) })),
      };
    case 'prime': case 'unchanged': case 'enabled': case 'always': case 'eventually':
      return { ...e, arg: f(e.arg) } as IRExpr;
    case 'leadsTo':
      return { ...e, lhs: f(e.lhs), rhs: f(e.rhs) };
    case 'boxAction': case 'angleAction':
      return { ...e, action: f(e.action), sub: f(e.sub) } as IRExpr;
    case 'fairness':
      return { ...e, sub: f(e.sub), action: f(e.action) };
    default:
      return e satisfies never;
  }
}

/**
 * Levels of a module's expressions, each definition's computed once. A definition's parameters
 * count as constants and a use takes the higher of the body's level and its arguments' (SANY's rule
 * for the common case); a LET counts the levels of all its definitions.
 */
export class Levels {
  private readonly defLevels = new Map<number, Level>();

  constructor(private readonly module: Pick<ResolvedModule, 'defs'>) {}

  ofDef(index: number): Level {
    const known = this.defLevels.get(index);
    if (known !== undefined) return known;
    this.defLevels.set(index, Level.Constant); // a recursive use adds nothing to its own level
    const level = this.of(this.module.defs[index]!.body);
    this.defLevels.set(index, level);
    return level;
  }

  of(e: IRExpr): Level {
    const children = (): Level => subexpressions(e).reduce<Level>((max, c) => Math.max(max, this.of(c)), Level.Constant);
    switch (e.kind) {
      case 'apply': {
        const args = children();
        if (e.ref.kind === 'variable') return Math.max(Level.State, args);
        if (e.ref.kind === 'def') return Math.max(this.ofDef(e.ref.index), args);
        return args;
      }
      case 'prime': case 'unchanged':
        return children() === Level.Constant ? Level.Constant : Level.Action;
      case 'enabled':
        return Math.min(children(), Level.State);
      case 'boxAction': case 'angleAction':
        return Math.max(Level.Action, children());
      case 'always': case 'eventually': case 'leadsTo': case 'fairness':
        return Level.Temporal;
      default:
        return children();
    }
  }
}
