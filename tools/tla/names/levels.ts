// The semantic analysis of IR expressions, once for every phase after names: the typed walks over
// the IR's children (`subexpressions`, `mapSubexpressions`: exhaustive switches, so a new node kind
// fails to compile until it is listed), the binders each node declares, what an expression reads
// (`readsOf`: definitions, CONSTANTs, variables, primes, free binders, TLC's varying and effectful
// operators) and whether it is closed (`closedDependencies`), and each expression's level as SANY's
// level checking defines it: constant, state (reads variables), action (primes or UNCHANGED) or
// temporal ([], <>, ~>, WF/SF). The interpreter, tla2ts and the loader ask these; none walks the IR
// on its own.
import type { Bound } from '../syntax/ast.js';
import type { IRExpr, ResolvedDef, ResolvedModule, ResolvedPhase } from './ir.js';

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

export type LetExpr = Extract<IRExpr, { kind: 'let' }>;

/**
 * Levels of a module's expressions, each definition's computed once. A definition's parameters
 * count as constants and a use takes the higher of the body's level and its arguments' (SANY's rule
 * for the common case); a LET counts the levels of all its definitions.
 */
export class Levels {
  private readonly defLevels = new Map<number, Level>();

  constructor(private readonly module: Pick<ResolvedModule, 'defs'>) {}

  /** The definitions of `lets` being measured: a recursive use adds nothing to its own level. */
  private readonly measuringLetDefs = new Set<number>();

  /** The level of the definition `id` of one of `lets` (constant when `id` is another binder). */
  private ofLetDef(id: number, lets: readonly LetExpr[]): Level {
    const def = lets.flatMap((l) => l.defs).find((d) => d.name.id === id);
    if (!def || this.measuringLetDefs.has(id)) return Level.Constant;
    this.measuringLetDefs.add(id);
    try {
      const sets = def.kind === 'function' ? def.bounds.map((b) => b.set) : [];
      return [...sets, def.body].reduce<Level>((max, x) => Math.max(max, this.of(x, lets)), Level.Constant);
    } finally {
      this.measuringLetDefs.delete(id);
    }
  }

  ofDef(index: number): Level {
    const known = this.defLevels.get(index);
    if (known !== undefined) return known;
    this.defLevels.set(index, Level.Constant); // a recursive use adds nothing to its own level
    const level = this.of(this.module.defs[index]!.body);
    this.defLevels.set(index, level);
    return level;
  }

  /**
   * `lets`: LETs `e` stands inside of (a predicate the loader took out of a LET's body), whose
   * definitions `e` uses at their own level; elsewhere a use of a LET definition counts only its
   * arguments, the LET itself counting its definitions.
   */
  of(e: IRExpr, lets: readonly LetExpr[] = []): Level {
    const children = (): Level => subexpressions(e).reduce<Level>((max, c) => Math.max(max, this.of(c, lets)), Level.Constant);
    switch (e.kind) {
      case 'apply': {
        const args = children();
        if (e.ref.kind === 'variable') return Math.max(Level.State, args);
        if (e.ref.kind === 'def') return Math.max(this.ofDef(e.ref.index), args);
        if (e.ref.kind === 'bound' && lets.length > 0) return Math.max(this.ofLetDef(e.ref.id, lets), args);
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
      case 'unboundedQuant':
        return e.temporal ? Level.Temporal : children();
      default:
        return children();
    }
  }
}

/** The binder ids `e` itself declares: its bound variables, parameters and LET names (not those of its subexpressions). */
export function declaredAt(e: IRExpr): number[] {
  const names = (bounds: readonly Bound<ResolvedPhase>[]): number[] => bounds.flatMap((b) => b.names.map((n) => n.id));
  switch (e.kind) {
    case 'quant': case 'setMap': case 'funcCtor':
      return names(e.bounds);
    case 'setFilter':
      return names([e.bound]);
    case 'choose': case 'unboundedQuant':
      return e.names.map((n) => n.id);
    case 'lambda':
      return e.params.map((p) => p.binder.id);
    case 'let':
      return e.defs.flatMap((d) => [d.name.id, ...(d.kind === 'operator' ? d.params.map((p) => p.binder.id) : names(d.bounds))]);
    default:
      return [];
  }
}

/** The ids of every binder declared anywhere inside `e`. */
export function bindersDeclaredIn(e: IRExpr): Set<number> {
  const declared = new Set<number>();
  const visit = (x: IRExpr): void => {
    for (const id of declaredAt(x)) declared.add(id);
    subexpressions(x).forEach(visit);
  };
  visit(e);
  return declared;
}

/** What an expression reads and uses, for deciding whether its value can be computed once. */
export interface Reads {
  readonly defs: ReadonlySet<number>;
  readonly constants: ReadonlySet<number>;
  /** Binders used but not declared inside the expression (parameters, enclosing quantifiers, LET names). */
  readonly free: ReadonlySet<number>;
  /** An unprimed VARIABLE. */
  readonly variables: boolean;
  /** A prime, UNCHANGED or ENABLED: the value depends on a step or on the actions. */
  readonly actions: boolean;
  /** `@` or a LAMBDA: meaningful only where written. */
  readonly local: boolean;
  /** A TLC operator whose value differs between evaluations: RandomElement, TLCGet, TLCSet, JavaTime. */
  readonly varying: boolean;
  /** A TLC operator evaluated for its effect: Print, PrintT, Assert. */
  readonly effects: boolean;
}

const varyingTLC = new Set(['RandomElement', 'TLCGet', 'TLCSet', 'JavaTime']);
const effectfulTLC = new Set(['Print', 'PrintT', 'Assert']);
const none: ReadonlySet<number> = new Set();
const readsCache = new WeakMap<IRExpr, Reads>();

/** What `e` reads (computed once per node, from its children's). */
export function readsOf(e: IRExpr): Reads {
  const known = readsCache.get(e);
  if (known) return known;
  const children = subexpressions(e).map(readsOf);
  const own = { defs: [] as number[], constants: [] as number[], free: [] as number[], variables: false, actions: false, local: false, varying: false, effects: false };
  switch (e.kind) {
    case 'prime': case 'unchanged': case 'enabled':
      own.actions = true;
      break;
    case 'exceptAt': case 'lambda':
      own.local = true;
      break;
    case 'apply': {
      const ref = e.ref;
      if (ref.kind === 'variable') own.variables = true;
      else if (ref.kind === 'def') own.defs.push(ref.index);
      else if (ref.kind === 'constant') own.constants.push(ref.index);
      else if (ref.kind === 'bound') own.free.push(ref.id);
      else if (ref.module === 'TLC') {
        own.varying = varyingTLC.has(ref.name);
        own.effects = effectfulTLC.has(ref.name);
      }
      break;
    }
    default:
      break;
  }
  const union = (own: number[], pick: (r: Reads) => ReadonlySet<number>, remove: readonly number[] = []): ReadonlySet<number> => {
    const out = new Set(own);
    for (const c of children) for (const x of pick(c)) out.add(x);
    for (const x of remove) out.delete(x);
    return out.size === 0 ? none : out;
  };
  const reads: Reads = {
    defs: union(own.defs, (r) => r.defs),
    constants: union(own.constants, (r) => r.constants),
    free: union(own.free, (r) => r.free, declaredAt(e)),
    variables: own.variables || children.some((r) => r.variables),
    actions: own.actions || children.some((r) => r.actions),
    local: own.local || children.some((r) => r.local),
    varying: own.varying || children.some((r) => r.varying),
    effects: own.effects || children.some((r) => r.effects),
  };
  readsCache.set(e, reads);
  return reads;
}

/**
 * The definitions and CONSTANTs a closed expression reads, or undefined when it is not closed: it
 * mentions a variable, a prime, ENABLED, UNCHANGED, `@`, a LAMBDA, a varying or effectful TLC
 * operator, or a binder declared outside it. Whether the definitions and CONSTANTs are constant
 * level is for the caller to decide (the .cfg may replace them).
 */
export function closedDependencies(e: IRExpr): { defs: number[]; constants: number[] } | undefined {
  const r = readsOf(e);
  if (r.actions || r.local || r.varying || r.effects || r.free.size > 0 || r.variables) return undefined;
  return { defs: [...r.defs], constants: [...r.constants] };
}

/** A definition's value as one expression: its body, or `[x \in S |-> e]` for a function `f[x \in S] == e`. */
export function definitionExpr(def: ResolvedDef): IRExpr {
  return def.kind === 'function' ? ({ kind: 'funcCtor', bounds: def.bounds, body: def.body, span: def.name.span } as IRExpr) : def.body;
}

/**
 * The VARIABLEs definition `index` reads, through every definition it calls; null when its value
 * may depend on more: a prime, UNCHANGED or ENABLED, TLC's varying or effectful operators, an
 * operator CONSTANT, or a definition `replaced` (the .cfg binds its replacement at run time). An
 * invariant reading only variables that kept their values need not be evaluated again (load.ts).
 */
export function variablesRead(module: Pick<ResolvedModule, 'defs' | 'constants'>, index: number, replaced: (index: number) => boolean): number[] | null {
  const read = new Set<number>();
  const visited = new Set<number>([index]);
  const walk = (e: IRExpr): boolean => {
    if (e.kind === 'prime' || e.kind === 'unchanged' || e.kind === 'enabled') return false;
    if (e.kind === 'apply') {
      const ref = e.ref;
      if (ref.kind === 'variable') read.add(ref.index);
      else if (ref.kind === 'constant' && module.constants[ref.index]!.arity > 0) return false;
      else if (ref.kind === 'builtin' && ref.module === 'TLC' && (readsOf(e).varying || readsOf(e).effects)) return false;
      else if (ref.kind === 'def' && !visited.has(ref.index)) {
        if (replaced(ref.index)) return false;
        visited.add(ref.index);
        if (!walk(definitionExpr(module.defs[ref.index]!))) return false;
      }
    }
    for (const child of subexpressions(e)) if (!walk(child)) return false;
    return true;
  };
  return !replaced(index) && walk(definitionExpr(module.defs[index]!)) ? [...read] : null;
}

/**
 * The definitions `e` calls (at any depth) when nothing it evaluates can tell the order in which it
 * is evaluated for several bindings: no Print, Assert or varying TLC operator, no operator
 * parameter, LET operator or operator CONSTANT applied (their bodies are not known here); null
 * otherwise. Whether one of those definitions is replaced by the .cfg is for the caller to decide.
 * Such an expression may be evaluated for a set's elements in any order, short of an error, which
 * TLC reports at the first element in its order (tla2ts's set filters: eval/operations.ts filterSet).
 */
export function orderFreeDefinitions(module: Pick<ResolvedModule, 'defs' | 'constants'>, e: IRExpr): number[] | null {
  const visited = new Set<number>();
  const walk = (x: IRExpr): boolean => {
    if (x.kind === 'apply') {
      const ref = x.ref;
      if (ref.kind === 'builtin' && ref.module === 'TLC' && (varyingTLC.has(ref.name) || effectfulTLC.has(ref.name))) return false;
      if (ref.kind === 'bound' && x.args.length > 0) return false;
      if (ref.kind === 'constant' && module.constants[ref.index]!.arity > 0) return false;
      if (ref.kind === 'def' && !visited.has(ref.index)) {
        visited.add(ref.index);
        if (!walk(definitionExpr(module.defs[ref.index]!))) return false;
      }
    }
    for (const child of subexpressions(x)) if (!walk(child)) return false;
    return true;
  };
  return walk(e) ? [...visited] : null;
}

/** Expressions worth computing once when closed (literals and names are cheap already). */
const cacheableKinds = new Set<IRExpr['kind']>(['setEnum', 'setFilter', 'setMap', 'cartesian', 'funcCtor', 'funcSet', 'record', 'recordSet', 'tuple', 'quant', 'choose', 'except', 'funcApp', 'field']);

/**
 * What a closed expression worth caching depends on (`closedDependencies`), or undefined when it is
 * open or cheap to recompute: the interpreter and tla2ts's generated code cache the same expressions.
 */
export function cacheableDependencies(e: IRExpr): { defs: number[]; constants: number[] } | undefined {
  return cacheableKinds.has(e.kind) || (e.kind === 'apply' && e.args.length > 0) ? closedDependencies(e) : undefined;
}

/** How the .cfg replaces definitions and CONSTANTs: known only when a model is loaded. */
export interface Replacements {
  /** Definition `index` is replaced by a value or another definition (`Op = v`, `Op <- Other`). */
  defReplaced(index: number): boolean;
  /** The definition a CONSTANT is replaced by (`N <- Def`), or undefined (a value, or unassigned). */
  constantDefinition(index: number): number | undefined;
}

/**
 * Which definitions and CONSTANTs are constant level for the evaluators, under the .cfg's
 * replacements: their value is then computed once. Stricter than `Levels` (SANY's): a definition
 * replaced by the .cfg, a substituted VARIABLE of an instance, a varying TLC operator (TLCGet,
 * RandomElement, ...), any prime, UNCHANGED or ENABLED make a definition vary.
 */
export class ConstantLevels {
  private readonly defs: (boolean | undefined)[] = [];
  private readonly onlyState: (boolean | undefined)[] = [];
  private readonly stateReads: (readonly number[] | null | undefined)[] = [];

  constructor(
    private readonly module: Pick<ResolvedModule, 'defs' | 'constants'>,
    private readonly replaced: Replacements,
  ) {}

  /**
   * Definition `index` depends on no state (its parameters count as constants). Asked at every
   * evaluation of a definition: the answer is computed (`defIsConstant`) in a function of its own,
   * since one that makes closures allocates what they capture at every call, answers remembered too.
   */
  ofDef(index: number): boolean {
    return this.defs[index] ?? this.defIsConstant(index);
  }

  private defIsConstant(index: number): boolean {
    this.defs[index] = true; // assumed while recursing (recursive definitions)
    const def = this.module.defs[index]!;
    const result = !this.replaced.defReplaced(index) && !def.substitutes && this.isConstant(def.body) && (def.kind === 'operator' || def.bounds.every((b) => this.isConstant(b.set)));
    this.defs[index] = result;
    return result;
  }

  /** A CONSTANT replaced by a definition (`N <- Def`) is as constant as that definition. */
  ofConstant(index: number): boolean {
    const definition = this.replaced.constantDefinition(index);
    return definition === undefined || this.ofDef(definition);
  }

  /** No variable, step or varying TLC operator, and only constant-level definitions and CONSTANTs (free binders allowed). */
  isConstant(e: IRExpr): boolean {
    const r = readsOf(e);
    return !r.variables && !r.actions && !r.varying && this.allConstant(r);
  }

  /** Every definition and CONSTANT listed is constant level (what a cached closed expression needs). */
  allConstant(reads: { defs: Iterable<number>; constants: Iterable<number> }): boolean {
    for (const d of reads.defs) if (!this.ofDef(d)) return false;
    for (const c of reads.constants) if (!this.ofConstant(c)) return false;
    return true;
  }

  /**
   * Definition `index` reads the current state, its parameters, CONSTANTs and definitions that are
   * constant level or themselves read only the state (no step, other binder, varying or effectful
   * operator, beneath it at any depth): its value for given arguments can be computed once per
   * state. Definitions with parameters are looked at too, constant level or not: a Print in `Dbg(a)`
   * makes every caller print at each evaluation, as TLC does.
   */
  readsOnlyState(index: number): boolean {
    return this.onlyState[index] ?? this.defReadsOnlyState(index);
  }

  /**
   * The VARIABLEs a definition that reads only the state (readsOnlyState) reads (variablesRead), so
   * that its value for given arguments is the same in any state holding the same values of them;
   * null when not known: a definition replaced by the .cfg, or a CONSTANT replaced by a definition
   * that varies (variablesRead does not look through those).
   */
  stateVariablesRead(index: number): readonly number[] | null {
    let reads = this.stateReads[index];
    if (reads === undefined) {
      const constantsFixed = this.module.constants.every((_, c) => this.ofConstant(c));
      reads = this.stateReads[index] = constantsFixed ? variablesRead(this.module, index, (d) => this.replaced.defReplaced(d)) : null;
    }
    return reads;
  }

  /** readsOnlyState computed (a function of its own, as defIsConstant). */
  private defReadsOnlyState(index: number): boolean {
    this.onlyState[index] = true; // assumed while recursing (recursive definitions)
    const def = this.module.defs[index]!;
    const r = readsOf(definitionExpr(def));
    const params = def.kind === 'operator' ? def.params.map((p) => p.binder.id) : [];
    // A zero-parameter constant-level definition is computed once in the whole run anyway.
    const once = (d: number): boolean => this.ofDef(d) && this.parameterCount(d) === 0;
    const result =
      !def.substitutes && !r.actions && !r.local && !r.varying && !r.effects &&
      [...r.free].every((id) => params.includes(id)) &&
      [...r.defs].every((d) => once(d) || (!this.replaced.defReplaced(d) && this.readsOnlyState(d))) &&
      [...r.constants].every((c) => {
        const d = this.replaced.constantDefinition(c);
        return d === undefined || once(d) || this.readsOnlyState(d);
      });
    this.onlyState[index] = result;
    return result;
  }

  private parameterCount(index: number): number {
    const def = this.module.defs[index]!;
    return def.kind === 'operator' ? def.params.length : 0; // f[x \in S] == e is called with no arguments
  }
}

/**
 * The set filter on the right of `x \in e` that membership may test without building the set (as
 * TLC's SetPredValue): `e` itself when it is a filter computed anew at each evaluation (not a closed
 * one, which is cached), or the body of the zero-parameter definition `e` names when that is a
 * filter (`def`: whether its value is computed once anyway is known only under the .cfg).
 */
/** The binders of `{x \\in S : P}` as written (`x`, `<<a, b>>`), which print a lazy filter (eval/operations.ts `filterSet`). */
export function filterBinders(e: Extract<IRExpr, { kind: 'setFilter' }>): string {
  const names = e.bound.names.map((n) => n.name).join(', ');
  return e.bound.kind === 'tuple' ? `<<${names}>>` : names;
}

export function filterTested(e: IRExpr, module: Pick<ResolvedModule, 'defs'>): { filter: Extract<IRExpr, { kind: 'setFilter' }>; def?: number } | undefined {
  if (e.kind === 'setFilter') return cacheableDependencies(e) === undefined ? { filter: e } : undefined;
  if (e.kind !== 'apply' || e.ref.kind !== 'def' || e.args.length > 0) return undefined;
  const def = module.defs[e.ref.index]!;
  return def.kind === 'operator' && def.params.length === 0 && def.body.kind === 'setFilter' ? { filter: def.body, def: e.ref.index } : undefined;
}

/**
 * The binders whose values a lazily passed argument must carry with it (TLC's LazyValue keeps its
 * context): those of RECURSIVE operators (parameters and every binder of the body), which a recursive
 * call rebinds while an argument of the outer call may still be unevaluated (`Sum(n - 1, acc + n)`
 * read at the bottom of the recursion). Elsewhere a binder is never rebound while a call it encloses
 * runs, so an argument can read it when evaluated. `letReads`: for such a binder naming a LET
 * definition (evaluated on first use, in the bindings of that moment), the binders its body reads.
 */
export interface ReenteredBinders {
  ids: ReadonlySet<number>;
  letReads: ReadonlyMap<number, ReadonlySet<number>>;
}

const reenteredCache = new WeakMap<readonly ResolvedDef[], ReenteredBinders>();

export function reenteredBinders(defs: readonly ResolvedDef[]): ReenteredBinders {
  const known = reenteredCache.get(defs);
  if (known) return known;
  const ids = new Set<number>();
  const letReads = new Map<number, ReadonlySet<number>>();
  const recursive = (params: readonly { binder: { id: number } }[], body: IRExpr): void => {
    for (const p of params) ids.add(p.binder.id);
    for (const id of bindersDeclaredIn(body)) ids.add(id);
  };
  const visit = (e: IRExpr): void => {
    if (e.kind === 'let') {
      for (const d of e.defs) {
        if (d.kind === 'operator' && d.recursive) recursive(d.params, d.body);
        if (d.kind === 'function' || d.params.length === 0) letReads.set(d.name.id, readsOf(d.kind === 'function' ? ({ kind: 'funcCtor', bounds: d.bounds, body: d.body, span: d.span } as IRExpr) : d.body).free);
      }
    }
    subexpressions(e).forEach(visit);
  };
  // An instance's parameters lead every one of its definitions (names/resolve.ts), one binder for all:
  // a call between two of them rebinds it, as a recursive call does.
  const params = new Set<number>();
  for (const d of defs) {
    if (d.kind === 'operator' && d.recursive) recursive(d.params, d.body);
    if (d.kind === 'operator') for (const p of d.params) (params.has(p.binder.id) ? ids : params).add(p.binder.id);
    visit(definitionExpr(d));
  }
  const result = { ids, letReads };
  reenteredCache.set(defs, result);
  return result;
}

/** The re-entered binders (`reenteredBinders`) an argument reads, directly or through the LET definitions it names; undefined when none. */
export function capturedBinders(arg: IRExpr, reentered: ReenteredBinders): number[] | undefined {
  if (reentered.ids.size === 0) return undefined;
  const found = new Set<number>();
  const add = (free: ReadonlySet<number>): void => {
    for (const id of free) {
      if (!reentered.ids.has(id) || found.has(id)) continue;
      found.add(id);
      const through = reentered.letReads.get(id);
      if (through) add(through);
    }
  };
  add(readsOf(arg).free);
  return found.size > 0 ? [...found] : undefined;
}

/** Whether `e` mentions `@` or a LAMBDA (`Reads.local`): its meaning depends on where it is written. */
export function readsWhereWritten(e: IRExpr): boolean {
  return readsOf(e).local;
}

/**
 * The bound name (an operator parameter, a LET definition) whose value the evaluation of `e` reads
 * before anything else, if any: `IF S = {} THEN ...` reads S first, `f[x] + ...` with f bound reads
 * x first (both evaluators evaluate the argument before they look f up). Whatever that name stands
 * for may then be evaluated just before `e` instead of where it is first read, as nothing
 * observable can come between.
 */
export function boundEvaluatedFirst(e: IRExpr): number | undefined {
  switch (e.kind) {
    case 'if':
      return boundEvaluatedFirst(e.cond);
    case 'case':
      return e.arms.length > 0 ? boundEvaluatedFirst(e.arms[0]!.guard) : undefined;
    case 'let': // its definitions are evaluated when used (or, one read first, at once: letEvaluatedAtOnce)
      return boundEvaluatedFirst(e.body);
    case 'and': case 'or':
      return boundEvaluatedFirst(e.args[0]!);
    case 'funcApp':
      return e.fn.kind === 'apply' && e.fn.ref.kind === 'bound' && e.fn.args.length === 0 ? boundEvaluatedFirst(e.args[0]!) : undefined;
    case 'apply':
      if (e.ref.kind === 'bound') return e.args.length === 0 && e.ref.arity === 0 ? e.ref.id : undefined;
      // A standard operator evaluates its arguments from the first.
      return e.ref.kind === 'builtin' && e.args.length > 0 ? boundEvaluatedFirst(e.args[0]!) : undefined;
    default:
      return undefined;
  }
}

/**
 * The index of the parameter an operator's body evaluates before anything else, if any
 * (`boundEvaluatedFirst`): an argument for it may be evaluated at the call (GameOfLife's
 * `Sum(f, S \ {x})` then makes no lazy argument at each step).
 */
export function parameterEvaluatedFirst(def: { params: readonly { binder: { id: number } }[]; body: IRExpr }): number | undefined {
  const id = boundEvaluatedFirst(def.body);
  const index = def.params.findIndex((p) => p.binder.id === id);
  return index >= 0 ? index : undefined;
}

/**
 * The LET definition (without parameters) that the LET's body reads before anything else, if any
 * (`boundEvaluatedFirst`), which may then be evaluated on entering the LET instead of through a
 * thunk at its first use (GameOfLife's `LET x == CHOOSE x \in S : TRUE IN f[x] + ...`: one thunk
 * per step of Sum). Not one that reads itself (a cycle, reported where it is evaluated).
 */
export function letEvaluatedAtOnce(e: Extract<IRExpr, { kind: 'let' }>): number | undefined {
  const id = boundEvaluatedFirst(e.body);
  const def = e.defs.find((d) => d.name.id === id);
  if (def === undefined || def.kind !== 'operator' || def.params.length > 0 || readsOf(def.body).free.has(def.name.id)) return undefined;
  return id;
}

/** Standard modules whose operators are pure functions of their arguments (none prints, reads TLCGet or draws at random). */
const pureModules = new Set<string>(['TLA+', 'Naturals', 'Integers', 'Sequences', 'FiniteSets']);

/**
 * Whether `e`, inside the scope of binder `id`, has one value for every value of `id` and can be
 * evaluated once instead of once per value, unobservably: it does not read `id`, and evaluating it
 * again can neither print nor see another value (it calls no definition, operator parameter or
 * operator CONSTANT, which might, and no standard operator outside the pure modules). tla2ts tests
 * such leading conjuncts of a quantifier's body once (TwoPhase's `rmState[r1] = "aborted"` under
 * `\A r1, r2 \in RM`).
 */
export function sameForEveryValueOf(e: IRExpr, id: number): boolean {
  if (readsOf(e).free.has(id)) return false;
  const pure = (x: IRExpr): boolean => {
    if (x.kind === 'apply') {
      const ref = x.ref;
      if (ref.kind === 'def' || (ref.kind !== 'variable' && ref.kind !== 'builtin' && x.args.length > 0)) return false;
      if (ref.kind === 'builtin' && !pureModules.has(ref.module)) return false;
    }
    return subexpressions(x).every(pure);
  };
  return pure(e);
}
