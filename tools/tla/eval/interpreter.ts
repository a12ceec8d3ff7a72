// The interpreter of the resolved IR: each expression is compiled once into a JS closure over an
// EvalContext (value mode); actions.ts compiles Init and Next into generators of states. Errors are
// DiagnosticErrors located at the innermost expression that failed.
import { fail, type Span } from '../diagnostics.js';
import { closedDependencies, readsOf, type IRExpr, type ResolvedDef, type ResolvedModule, type Resolved, type BoundVar, type Reads } from '../names/index.js';
import type { Bound, ExceptStep, LetDef } from '../syntax/ast.js';
import { standardOperator, type StdArg } from '../stdlib/index.js';
import {
  EnumSet,
  apply,
  asFcn,
  asSet,
  describeKind,
  domainIndex,
  exceptAt,
  fcnFromPairs,
  fcnFromSortedDomain,
  fcnSet,
  finiteElements,
  formatValue,
  isMember,
  isStackOverflow,
  pollInterrupt,
  productSet,
  recordFromSorted,
  recordSet,
  setOf,
  tooDeepError,
  tuple,
  valuesEqual,
  type FcnValue,
  type SetValue,
  type Value,
} from '../values/index.js';
import { ActionCompiler, middleStates, type Generator } from './actions.js';
import { evalError, locate, locateEnumeration } from './eval-error.js';
import { EvalContext, LetThunk, type Closure, type Local } from './eval-context.js';

/** What the .cfg puts in place of a CONSTANT or a definition. */
export type Override = { kind: 'value'; value: Value } | { kind: 'def'; index: number };

export interface InterpreterOptions {
  /** Per CONSTANT index (ResolvedModule.constants). */
  constants: (Override | undefined)[];
  /** Definitions replaced by the .cfg (`Def = value`, `Def <- Other`), by def index. */
  defOverrides?: ReadonlyMap<number, Override>;
  /**
   * Compiled definitions (tla2ts's Runtime): when given, every definition not overridden by the
   * .cfg is evaluated by compiled code rather than interpreted.
   */
  compiled?: CompiledDefinitions;
}

/** Evaluation of definitions by compiled code; the shape of tla2ts's Runtime. */
export interface CompiledDefinitions {
  evalDef(index: number, ctx: EvalContext, span: Span): Value;
  callDef(index: number, args: Local[], ctx: EvalContext, span: Span): Value;
}

function asBool(v: Value, span: Span, what: string): boolean {
  if (typeof v !== 'boolean') evalError('E3001', `${what} must be a boolean, but it is ${describeKind(v)}: ${formatValue(v)}`, span);
  return v;
}

/** Expressions worth caching when closed and constant (literals and names are cheap already). */
const hoistableKinds = new Set<IRExpr['kind']>(['setEnum', 'setFilter', 'setMap', 'cartesian', 'funcCtor', 'funcSet', 'record', 'recordSet', 'tuple', 'quant', 'choose', 'except', 'funcApp', 'field']);

/** Results of binary builtins on operands of the expected types; undefined defers to the stdlib. */
const binaryFastPaths: Record<string, (x: Value, y: Value) => Value | undefined> = {
  '=': (x, y) => (typeof x === typeof y && typeof x !== 'object' ? x === y : undefined),
  '/=': (x, y) => (typeof x === typeof y && typeof x !== 'object' ? x !== y : undefined),
  '\\in': (x, y) => (typeof y === 'object' && y.kind === 'enum' ? isMember(x, y) : undefined),
  '\\notin': (x, y) => (typeof y === 'object' && y.kind === 'enum' ? !isMember(x, y) : undefined),
  '+': (x, y) => (typeof x === 'number' && typeof y === 'number' && Math.abs(x + y) <= 0x7fffffff ? x + y : undefined),
  '-': (x, y) => (typeof x === 'number' && typeof y === 'number' && Math.abs(x - y) <= 0x7fffffff ? x - y : undefined),
  '<': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x < y : undefined),
  '>': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x > y : undefined),
  '<=': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x <= y : undefined),
  '>=': (x, y) => (typeof x === 'number' && typeof y === 'number' ? x >= y : undefined),
};

/** The fast path of a binary standard operator, if it has one (tla2ts's generated code uses the same). */
export function binaryFastPath(module: string, name: string): ((x: Value, y: Value) => Value | undefined) | undefined {
  return module === 'TLA+' || module === 'Naturals' || module === 'Integers' ? binaryFastPaths[name] : undefined;
}

/** A bound of a quantifier or constructor, compiled. */
export interface CompiledBound {
  ids: number[];
  tuple: boolean;
  set: Closure;
  span: Span;
  /** A bound of \E or \A, whose infinite set TLC reports in words of its own (TlcWording). */
  quantifier?: boolean;
}

/** `record.name`, with a missing field or a non-record located at `span`. Shared with tla2ts's runtime. */
export function recordField(record: Value, name: string, span: Span): Value {
  try {
    const r = asFcn(record, `the record in .${name}`);
    const i = domainIndex(r, name);
    if (i < 0) evalError('E3003', `the record ${formatValue(r)} has no field ${name}`, span);
    return r.values[i]!;
  } catch (err) {
    return locate(err, span);
  }
}

/** `arg'`: `arg` evaluated in the next state of the step. Shared with tla2ts's runtime. */
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
 * `cur` with the EXCEPT path from step `i` on set to `value`, evaluated with `@` bound to the old
 * value; shared by the interpreter and the code tla2ts generates so that both update alike.
 */
export function exceptUpdate(ctx: EvalContext, cur: Value, path: readonly ((ctx: EvalContext) => Value)[], i: number, value: Closure): Value {
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

export class Interpreter {
  private readonly defClosures: (Closure | undefined)[] = [];
  /** Values of zero-parameter definitions that depend on no variable, computed once. */
  private readonly constantDefValues: (Value | undefined)[] = [];
  private readonly constantLevel: (boolean | undefined)[] = [];
  private readonly constantValues: (Value | undefined)[] = [];

  constructor(
    readonly module: ResolvedModule,
    private readonly options: InterpreterOptions,
  ) {}

  // ---- definitions -------------------------------------------------------------------------

  def(index: number): ResolvedDef {
    return this.module.defs[index]!;
  }

  defByName(name: string): ResolvedDef | undefined {
    const ref = this.module.scope.get(name);
    return ref?.kind === 'def' ? this.def(ref.index) : undefined;
  }

  private defBody(index: number): Closure {
    let body = this.defClosures[index];
    if (!body) {
      const def = this.def(index);
      try {
        body = def.kind === 'operator' ? this.compile(def.body) : this.functionDefValue(def);
        if (def.substitutes) body = this.substitutedVariableValue(def.substitutes.slot, body);
      } catch (error) {
        throw isStackOverflow(error) ? tooDeepError(def.name.name, def.name.span) : error;
      }
      this.defClosures[index] = body;
    }
    return body;
  }

  /**
   * A VARIABLE of an instantiated module (names/ir.ts `substitutes`): its own value where ENABLED gave
   * it one (in the state's slot after the variables), else the expression substituted for it.
   */
  substitutedVariableValue(slot: number, substituted: Closure): Closure {
    const at = this.module.variables.length + slot;
    return (ctx) => ctx.state[at] ?? substituted(ctx);
  }

  /** The state index ENABLED written in `instances` assigns for `v'`, where definition `index` is the VARIABLE v of one of them. */
  substitutedVariableSlot(index: number, instances: ReadonlySet<number>): number {
    const substitutes = this.def(index).substitutes;
    return substitutes && instances.has(substitutes.instance) ? this.module.variables.length + substitutes.slot : -1;
  }

  /** True when a definition's value depends on no state (so it can be computed once). */
  isConstantLevel(index: number): boolean {
    const known = this.constantLevel[index];
    if (known !== undefined) return known;
    this.constantLevel[index] = true; // assumed while recursing (recursive definitions)
    const def = this.def(index);
    const result = !this.options.defOverrides?.has(index) && !def.substitutes && this.exprIsConstant(def.kind === 'operator' ? def.body : def.body) && (def.kind === 'operator' || def.bounds.every((b) => this.exprIsConstant(b.set)));
    this.constantLevel[index] = result;
    return result;
  }

  /** A CONSTANT replaced by a definition (`N <- Def` in the .cfg) is as constant as that definition. */
  isConstantLevelConstant(index: number): boolean {
    const override = this.options.constants[index];
    return override?.kind !== 'def' || this.isConstantLevel(override.index);
  }

  /** No variable, step, or varying TLC operator, and only constant-level definitions and CONSTANTs. */
  private exprIsConstant(e: IRExpr): boolean {
    const r = readsOf(e);
    return !r.variables && !r.actions && !r.varying && this.constantLevelReads(r);
  }

  private constantLevelReads(r: Pick<Reads, 'defs' | 'constants'>): boolean {
    for (const d of r.defs) if (!this.isConstantLevel(d)) return false;
    for (const c of r.constants) if (!this.isConstantLevelConstant(c)) return false;
    return true;
  }

  /** Evaluates a zero-parameter definition (INIT, invariants, ...) in `ctx`. */
  evalDef(index: number, ctx: EvalContext): Value {
    const override = this.options.defOverrides?.get(index);
    if (override) return override.kind === 'value' ? override.value : this.evalDef(override.index, ctx);
    const compiled = this.options.compiled;
    if (compiled) return compiled.evalDef(index, ctx, this.def(index).name.span);
    if (this.isConstantLevel(index)) {
      let v = this.constantDefValues[index];
      if (v === undefined) {
        v = this.defBody(index)(ctx);
        this.constantDefValues[index] = v;
      }
      return v;
    }
    return this.defBody(index)(ctx);
  }

  /** Calls a definition with parameters; operator-valued parameters take callbacks. */
  callDef(index: number, args: Local[], ctx: EvalContext): Value {
    const override = this.options.defOverrides?.get(index);
    if (override) {
      if (override.kind === 'value') return override.value;
      return this.callDef(override.index, args, ctx);
    }
    const def = this.def(index);
    if (def.kind === 'function' || def.params.length === 0) return this.evalDef(index, ctx);
    if (this.options.compiled) return this.options.compiled.callDef(index, args, ctx, def.name.span);
    const ids = def.params.map((p) => p.binder.id);
    try {
      return this.withBindings(ctx, ids, args, () => this.defBody(index)(ctx));
    } catch (error) {
      throw isStackOverflow(error) ? tooDeepError(def.name.name, def.name.span) : error;
    }
  }

  /** Runs `fn` with locals `ids` bound to `values`, restoring the previous bindings (recursion). */
  withBindings<T>(ctx: EvalContext, ids: readonly number[], values: readonly Local[], fn: () => T): T {
    const locals = ctx.locals;
    if (ids.length === 1) {
      const id = ids[0]!;
      const saved = locals[id];
      locals[id] = values[0];
      try {
        return fn();
      } finally {
        locals[id] = saved;
      }
    }
    const saved: Local[] = new Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      saved[i] = locals[ids[i]!];
      locals[ids[i]!] = values[i];
    }
    try {
      return fn();
    } finally {
      for (let i = 0; i < ids.length; i++) locals[ids[i]!] = saved[i];
    }
  }

  private constantValue(index: number, span: Span): Value {
    let v = this.constantValues[index];
    if (v === undefined) {
      const override = this.options.constants[index];
      const name = this.module.constants[index]!.name;
      if (!override) evalError('E3001', `the CONSTANT ${name} has no value`, span, `assign it in the .cfg: CONSTANT ${name} = ...`);
      v = override.kind === 'value' ? override.value : this.evalDef(override.index, new EvalContext(this.stdForConstants));
      this.constantValues[index] = v;
    }
    return v;
  }

  private readonly stdForConstants = { print: (s: string) => void process.stderr.write(s + '\n'), random: () => 0, registers: new Map() };

  // ---- value mode --------------------------------------------------------------------------

  compile(e: IRExpr): Closure {
    const closure = this.compileNode(e);
    const hoistable = hoistableKinds.has(e.kind) || (e.kind === 'apply' && e.args.length > 0);
    if (!hoistable || !this.isClosedConstant(e)) return closure;
    // Depends on nothing that varies (no variable, no enclosing binder): evaluate once.
    let cached: Value | undefined;
    return (ctx) => (cached ??= closure(ctx));
  }

  /**
   * True when `e` references no variable, prime, state-dependent definition, varying or effectful
   * TLC operator, `@`, LAMBDA, or binder declared outside `e` itself.
   */
  private isClosedConstant(e: IRExpr): boolean {
    const dependencies = closedDependencies(e);
    return dependencies !== undefined && this.constantLevelReads({ defs: new Set(dependencies.defs), constants: new Set(dependencies.constants) });
  }

  private compileNode(e: IRExpr): Closure {
    switch (e.kind) {
      case 'number': {
        if (e.value > 2147483647n) fail('E3002', `the number ${e.value} is outside TLC's 32-bit integers`, e.span);
        const n = Number(e.value);
        return () => n;
      }
      case 'string':
      case 'boolean': {
        const v = e.value;
        return () => v;
      }
      case 'apply':
        return this.compileApply(e);
      case 'and': {
        const args = e.args.map((a) => this.compile(a));
        const spans = e.args.map((a) => a.span);
        return (ctx) => {
          for (let i = 0; i < args.length; i++) if (!asBool(args[i]!(ctx), spans[i]!, 'a conjunct')) return false;
          return true;
        };
      }
      case 'or': {
        const args = e.args.map((a) => this.compile(a));
        const spans = e.args.map((a) => a.span);
        return (ctx) => {
          for (let i = 0; i < args.length; i++) if (asBool(args[i]!(ctx), spans[i]!, 'a disjunct')) return true;
          return false;
        };
      }
      case 'lambda':
        return fail('E1002', 'a LAMBDA can only be passed as an argument to an operator', e.span);
      case 'if': {
        const cond = this.compile(e.cond);
        const then = this.compile(e.then);
        const otherwise = this.compile(e.else);
        const span = e.cond.span;
        return (ctx) => (asBool(cond(ctx), span, 'the condition of IF') ? then(ctx) : otherwise(ctx));
      }
      case 'case': {
        const guards = e.arms.map((a) => this.compile(a.guard));
        const bodies = e.arms.map((a) => this.compile(a.body));
        const other = e.other ? this.compile(e.other) : undefined;
        const spans = e.arms.map((a) => a.guard.span);
        const span = e.span;
        return (ctx) => {
          for (let i = 0; i < guards.length; i++) if (asBool(guards[i]!(ctx), spans[i]!, 'a CASE guard')) return bodies[i]!(ctx);
          if (other) return other(ctx);
          return evalError('E3006', 'no arm of this CASE applies', span, 'add an OTHER arm, or make the guards cover every case');
        };
      }
      case 'let': {
        const bind = this.compileLetDefs(e.defs);
        const body = this.compile(e.body);
        return (ctx) => bind(ctx, () => body(ctx));
      }
      case 'quant': {
        const bounds = this.compileBounds(e.bounds, true);
        const body = this.compile(e.body);
        const span = e.body.span;
        if (e.quantifier === 'exists') {
          return (ctx) => this.forEachBinding(bounds, ctx, () => asBool(body(ctx), span, 'the body of \\E'));
        }
        return (ctx) => !this.forEachBinding(bounds, ctx, () => !asBool(body(ctx), span, 'the body of \\A'));
      }
      case 'unboundedQuant':
        return fail('E1002', `unsupported construct: unbounded ${e.quantifier === 'exists' ? '\\E' : '\\A'} (TLC cannot enumerate it)`, e.span, 'bound the variable: \\E x \\in S : P');
      case 'choose':
        return this.compileChoose(e);
      case 'setEnum': {
        const elems = e.elems.map((a) => this.compile(a));
        const span = e.span;
        return (ctx) => {
          const vs = elems.map((f) => f(ctx));
          try {
            return setOf(vs);
          } catch (err) {
            return locate(err, span);
          }
        };
      }
      case 'setFilter': {
        const [bound] = this.compileBounds([e.bound]);
        const pred = this.compile(e.pred);
        const span = e.pred.span;
        return (ctx) => {
          const kept: Value[] = [];
          const elems = this.boundElements(bound!, ctx);
          for (const x of elems) {
            if (this.withBoundElement(bound!, x, ctx, () => asBool(pred(ctx), span, 'the predicate of a set filter'))) kept.push(x);
          }
          return new EnumSet(kept); // a subsequence of a sorted enumeration stays sorted
        };
      }
      case 'setMap': {
        const bounds = this.compileBounds(e.bounds);
        const body = this.compile(e.body);
        const span = e.span;
        return (ctx) => {
          const out: Value[] = [];
          this.forEachBinding(bounds, ctx, () => {
            out.push(body(ctx));
            return false;
          });
          try {
            return setOf(out);
          } catch (err) {
            return locate(err, span);
          }
        };
      }
      case 'cartesian': {
        const sets = e.sets.map((s) => this.compileSet(s, 'an operand of \\X'));
        return (ctx) => productSet(sets.map((s) => s(ctx)));
      }
      case 'funcCtor':
        return this.compileFuncCtor(e.bounds, this.compile(e.body), e.span);
      case 'funcSet': {
        const domain = this.compileSet(e.domain, 'the domain of [S -> T]');
        const range = this.compileSet(e.range, 'the range of [S -> T]');
        return (ctx) => fcnSet(domain(ctx), range(ctx));
      }
      case 'funcApp':
        return this.compileFuncApp(e);
      case 'record': {
        // Field names are known here: sort them once, not at every evaluation.
        const fields = [...e.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        const names = fields.map((f) => f.name);
        const values = fields.map((f) => this.compile(f.value));
        return (ctx) => recordFromSorted(names, values.map((v) => v(ctx)));
      }
      case 'recordSet': {
        const names = e.fields.map((f) => f.name);
        const sets = e.fields.map((f) => this.compileSet(f.value, `the set of field ${f.name}`));
        return (ctx) => recordSet(names.map((n, i) => [n, sets[i]!(ctx)] as const));
      }
      case 'field': {
        const rec = this.compile(e.record);
        const name = e.name;
        const span = e.span;
        return (ctx) => recordField(rec(ctx), name, span);
      }
      case 'except':
        return this.compileExcept(e);
      case 'exceptAt': {
        const span = e.span;
        return (ctx) => ctx.at ?? evalError('E3001', '@ used outside an EXCEPT update', span);
      }
      case 'tuple': {
        const elems = e.elems.map((a) => this.compile(a));
        return (ctx) => tuple(elems.map((f) => f(ctx)));
      }
      case 'prime': {
        const arg = this.compile(e.arg);
        const span = e.span;
        return (ctx) => evalPrimed(ctx, arg, span);
      }
      case 'unchanged': {
        const now = this.compile(e.arg);
        const primed = this.compile({ kind: 'prime', arg: e.arg, span: e.span });
        return (ctx) => valuesEqual(primed(ctx), now(ctx));
      }
      case 'enabled':
        return this.compileEnabled(e.arg, e.instances);
      case 'boxAction': {
        // [A]_v == A \/ v' = v
        const action = this.compile(e.action);
        const unchanged = this.compile({ kind: 'unchanged', arg: e.sub, span: e.span });
        const span = e.action.span;
        return (ctx) => asBool(action(ctx), span, 'the action of [A]_v') || (unchanged(ctx) as boolean);
      }
      case 'angleAction': {
        // <<A>>_v == A /\ v' /= v
        const action = this.compile(e.action);
        const unchanged = this.compile({ kind: 'unchanged', arg: e.sub, span: e.span });
        const span = e.action.span;
        return (ctx) => asBool(action(ctx), span, 'the action of <<A>>_v') && !(unchanged(ctx) as boolean);
      }
      case 'always':
      case 'eventually':
      case 'leadsTo':
      case 'fairness':
        return fail('E5001', `a temporal formula (${e.kind}) cannot be evaluated in a state or step`, e.span, 'temporal formulas belong in PROPERTY or SPECIFICATION');
    }
  }

  private compileSet(e: IRExpr, what: string): (ctx: EvalContext) => SetValue {
    const f = this.compile(e);
    const span = e.span;
    return (ctx) => {
      try {
        return asSet(f(ctx), what);
      } catch (err) {
        return locate(err, span);
      }
    };
  }

  /** The arity of what a reference names, when it is an operator (0 for values). */
  private refArity(ref: Resolved): number {
    switch (ref.kind) {
      case 'bound':
      case 'builtin':
        return ref.arity;
      case 'def': {
        const def = this.def(ref.index);
        return def.kind === 'operator' ? def.params.length : 0;
      }
      case 'constant':
        return this.module.constants[ref.index]!.arity;
      case 'variable':
        return 0;
    }
  }

  /** True when an argument expression denotes an operator rather than a value. */
  private isOperatorArgument(e: IRExpr): boolean {
    return e.kind === 'lambda' || (e.kind === 'apply' && e.args.length === 0 && this.refArity(e.ref) > 0);
  }

  /** Compiles an argument: a value, or (for an operator argument) a callback. */
  compileArg(e: IRExpr): (ctx: EvalContext) => Local {
    if (!this.isOperatorArgument(e)) return this.compile(e);
    if (e.kind === 'lambda') {
      const ids = e.params.map((p) => p.binder.id);
      const body = this.compile(e.body);
      return (ctx) => (...args: Value[]) => this.withBindings(ctx, ids, args, () => body(ctx));
    }
    if (e.kind !== 'apply') throw new Error('unreachable: operator argument');
    const ref = e.ref;
    const span = e.span;
    switch (ref.kind) {
      case 'bound':
        return (ctx) => ctx.locals[ref.id];
      case 'def':
        return (ctx) => (...args: Value[]) => this.callDef(ref.index, args, ctx);
      case 'constant':
        return (ctx) => (...args: Value[]) => this.callConstantOperator(ref.index, args, ctx, span);
      case 'builtin': {
        const op = this.builtin(ref, span);
        return (ctx) => (...args: Value[]) => op.call(args, ctx.std);
      }
      case 'variable':
        throw new Error('unreachable: variable as operator');
    }
  }

  private callConstantOperator(index: number, args: Local[], ctx: EvalContext, span: Span): Value {
    const override = this.options.constants[index];
    const name = this.module.constants[index]!.name;
    if (!override || override.kind !== 'def') return evalError('E3001', `the operator CONSTANT ${name} has no definition`, span, `substitute one in the .cfg: CONSTANT ${name} <- Def`);
    return this.callDef(override.index, args, ctx);
  }

  private builtin(ref: Extract<Resolved, { kind: 'builtin' }>, span: Span) {
    const op = standardOperator(ref.module, ref.name);
    if (!op) return fail('E1002', `unsupported construct: ${ref.module} operator ${ref.name} is not implemented`, span);
    return op;
  }

  private compileApply(e: Extract<IRExpr, { kind: 'apply' }>): Closure {
    const ref = e.ref;
    const span = e.span;
    const args = e.args.map((a) => this.compileArg(a));
    switch (ref.kind) {
      case 'variable': {
        const index = ref.index;
        const name = ref.name;
        return (ctx) => {
          const v = ctx.state[index];
          if (v === undefined) {
            return evalError('E3001', `the variable ${name}${ctx.next && ctx.state === ctx.next ? "'" : ''} is read before it is assigned a value`, span, 'in Init assign it first (x = e or x \\in S); in an action assign x\' before using it');
          }
          return v;
        };
      }
      case 'constant': {
        const index = ref.index;
        if (args.length === 0) return () => this.constantValue(index, span);
        return (ctx) => this.callConstantOperator(index, args.map((a) => a(ctx)), ctx, span);
      }
      case 'def': {
        const index = ref.index;
        if (args.length === 0) {
          return (ctx) => {
            try {
              return this.evalDef(index, ctx);
            } catch (err) {
              return locate(err, span);
            }
          };
        }
        return (ctx) => {
          const values = args.map((a) => a(ctx));
          try {
            return this.callDef(index, values, ctx);
          } catch (err) {
            return locate(err, span);
          }
        };
      }
      case 'bound': {
        const id = ref.id;
        const name = ref.name;
        if (args.length === 0) {
          return (ctx) => {
            const v = ctx.locals[id];
            if (v instanceof LetThunk) return v.get();
            if (v === undefined || typeof v === 'function') return evalError('E3001', `${name} is an operator and needs arguments here`, span);
            return v;
          };
        }
        return (ctx) => {
          const op = ctx.locals[id];
          if (typeof op !== 'function') return evalError('E3001', `${name} is not an operator`, span);
          try {
            return op(...(args.map((a) => a(ctx)) as Value[]));
          } catch (err) {
            return locate(err, span);
          }
        };
      }
      case 'builtin':
        return this.compileBuiltin(ref, args, e);
    }
  }

  private compileBuiltin(ref: Extract<Resolved, { kind: 'builtin' }>, args: ((ctx: EvalContext) => Local)[], e: Extract<IRExpr, { kind: 'apply' }>): Closure {
    const span = e.span;
    if (ref.module === 'TLA+' && ref.name === '=>') {
      const [lhs, rhs] = args as Closure[];
      const [lspan, rspan] = [e.args[0]!.span, e.args[1]!.span];
      return (ctx) => !asBool(lhs!(ctx), lspan, 'the left side of =>') || asBool(rhs!(ctx), rspan, 'the right side of =>');
    }
    if (ref.module === 'TLA+' && ref.name === '\\cdot') return this.compileComposition(e.args[0]!, args[1] as Closure, e);
    const op = this.builtin(ref, span);
    if (args.length === 0) {
      // Nat, BOOLEAN, EmptyBag... are constants; TLC's JavaTime and Any are evaluated when used.
      if (ref.module === 'TLC') return (ctx) => op.call([], ctx.std);
      const constant = op.call([], undefined as never);
      return () => constant;
    }
    if (args.length === 2) {
      const [a, b] = args as [(ctx: EvalContext) => StdArg, (ctx: EvalContext) => StdArg];
      const fast = binaryFastPath(ref.module, ref.name);
      if (fast) {
        // The common operators on well-typed operands skip the argument array and checks of the
        // standard module; anything else (including every error) goes through it.
        return (ctx) => {
          const x = a(ctx) as Value;
          const y = b(ctx) as Value;
          const r = fast(x, y);
          if (r !== undefined) return r;
          try {
            return op.call([x, y], ctx.std);
          } catch (err) {
            return locate(err, span);
          }
        };
      }
      return (ctx) => {
        const x = a(ctx);
        const y = b(ctx);
        try {
          return op.call([x, y], ctx.std);
        } catch (err) {
          return locate(err, span);
        }
      };
    }
    return (ctx) => {
      const values = args.map((a) => a(ctx)) as StdArg[];
      try {
        return op.call(values, ctx.std);
      } catch (err) {
        return locate(err, span);
      }
    };
  }

  // ---- binders -----------------------------------------------------------------------------

  compileBounds(bounds: readonly Bound<{ ref: Resolved; binder: BoundVar }>[], quantifier = false): CompiledBound[] {
    return bounds.flatMap((b): CompiledBound[] => {
      const set = this.compile(b.set);
      if (b.kind === 'tuple') return [{ ids: b.names.map((n) => n.id), tuple: true, set, span: b.set.span, quantifier }];
      return b.names.map((n) => ({ ids: [n.id], tuple: false, set, span: b.set.span, quantifier }));
    });
  }

  private forEachInInterval(lo: number, hi: number, id: number, bounds: readonly CompiledBound[], ctx: EvalContext, fn: () => boolean, from: number): boolean {
    const locals = ctx.locals;
    const saved = locals[id];
    try {
      for (let i = lo; i <= hi; i++) {
        pollInterrupt();
        locals[id] = i;
        if (from + 1 === bounds.length ? fn() : this.forEachBinding(bounds, ctx, fn, from + 1)) return true;
      }
      return false;
    } finally {
      locals[id] = saved;
    }
  }

  /** The set a bound ranges over (E3xxx located at the bound when it is not a set). */
  boundSet(bound: CompiledBound, ctx: EvalContext): SetValue {
    try {
      return asSet(bound.set(ctx), 'the set a variable ranges over');
    } catch (err) {
      return locate(err, bound.span);
    }
  }

  /** The elements a bound ranges over, in TLC's order. */
  boundElements(bound: CompiledBound, ctx: EvalContext): readonly Value[] {
    return this.elementsOf(this.boundSet(bound, ctx), bound);
  }

  private elementsOf(set: SetValue, bound: CompiledBound): readonly Value[] {
    try {
      return finiteElements(set);
    } catch (err) {
      return bound.quantifier ? locateEnumeration(err, bound.span, 'quantifier', set) : locate(err, bound.span);
    }
  }

  /** Runs `fn` with the bound's variable(s) set to `x` (destructuring a tuple bound). */
  withBoundElement<T>(bound: CompiledBound, x: Value, ctx: EvalContext, fn: () => T): T {
    pollInterrupt();
    if (!bound.tuple) return this.withBindings(ctx, bound.ids, [x], fn);
    if (typeof x !== 'object' || x.kind !== 'fcn' || x.domain !== null || x.values.length !== bound.ids.length) {
      return evalError('E3001', `cannot bind the tuple of ${bound.ids.length} names to ${formatValue(x)}`, bound.span);
    }
    return this.withBindings(ctx, bound.ids, x.values, fn);
  }

  /** Calls `fn` for every combination of the bounds; stops (returning true) when fn returns true. */
  forEachBinding(bounds: readonly CompiledBound[], ctx: EvalContext, fn: () => boolean, from = 0): boolean {
    if (from === bounds.length) return fn();
    const bound = bounds[from]!;
    // The set is evaluated once: 1..n (DOMAIN of a sequence, mostly) is counted instead of listed.
    const set = this.boundSet(bound, ctx);
    if (!bound.tuple && set.kind === 'interval') return this.forEachInInterval(set.lo, set.hi, bound.ids[0]!, bounds, ctx, fn, from);
    const elems = this.elementsOf(set, bound);
    if (bound.tuple) {
      for (const x of elems) if (this.withBoundElement(bound, x, ctx, () => this.forEachBinding(bounds, ctx, fn, from + 1))) return true;
      return false;
    }
    // One variable: assign it in place rather than through a closure per element (the hot path).
    const id = bound.ids[0]!;
    const locals = ctx.locals;
    const saved = locals[id];
    try {
      for (let i = 0; i < elems.length; i++) {
        pollInterrupt();
        locals[id] = elems[i];
        if (from + 1 === bounds.length ? fn() : this.forEachBinding(bounds, ctx, fn, from + 1)) return true;
      }
      return false;
    } finally {
      locals[id] = saved;
    }
  }

  private compileChoose(e: Extract<IRExpr, { kind: 'choose' }>): Closure {
    if (!e.set) return fail('E1002', 'unsupported construct: unbounded CHOOSE (TLC cannot enumerate it)', e.span, 'bound it: CHOOSE x \\in S : P');
    const [bound] = this.compileBounds([{ kind: e.tuple ? 'tuple' : 'names', names: e.tuple ? e.names : [e.names[0]!], set: e.set, span: e.span }]);
    const body = this.compile(e.body);
    const span = e.span;
    const bodySpan = e.body.span;
    return (ctx) => {
      // TLC picks the first element, in its normalized order, that satisfies the body.
      for (const x of this.boundElements(bound!, ctx)) {
        if (this.withBoundElement(bound!, x, ctx, () => asBool(body(ctx), bodySpan, 'the body of CHOOSE'))) return x;
      }
      return evalError('E3004', 'CHOOSE found no element of the set satisfying its body', span);
    };
  }

  private compileFuncCtor(bounds: readonly Bound<{ ref: Resolved; binder: BoundVar }>[], body: Closure, span: Span): Closure {
    const compiled = this.compileBounds(bounds);
    if (compiled.length === 1 && !compiled[0]!.tuple) {
      const bound = compiled[0]!;
      return (ctx) => {
        const domain = this.boundElements(bound, ctx);
        const values = domain.map((x) => this.withBindings(ctx, bound.ids, [x], () => body(ctx)));
        return fcnFromSortedDomain(domain, values);
      };
    }
    // Several variables: the domain holds tuples of their values.
    return (ctx) => {
      const pairs: (readonly [Value, Value])[] = [];
      const ids = compiled.flatMap((b) => b.ids);
      this.forEachBinding(compiled, ctx, () => {
        pairs.push([tuple(ids.map((id) => ctx.locals[id] as Value)), body(ctx)]);
        return false;
      });
      try {
        return fcnFromPairs(pairs);
      } catch (err) {
        return locate(err, span);
      }
    };
  }

  /** A function definition `f[x \in S] == body` as a value (evaluated in full). */
  private functionDefValue(def: Extract<ResolvedDef, { kind: 'function' }>): Closure {
    return this.compileFuncCtor(def.bounds, this.compile(def.body), def.span);
  }

  private compileFuncApp(e: Extract<IRExpr, { kind: 'funcApp' }>): Closure {
    const args = e.args.map((a) => this.compile(a));
    const key: Closure = args.length === 1 ? args[0]! : (ctx) => tuple(args.map((a) => a(ctx)));
    const span = e.span;
    // f[x] of a (possibly recursive) function definition: evaluate the body at x, not all of f.
    if (e.fn.kind === 'apply' && e.fn.ref.kind === 'def' && !this.options.defOverrides?.has(e.fn.ref.index)) {
      const def = this.def(e.fn.ref.index);
      if (def.kind === 'function') return this.compileRecursiveApp(def, key, span);
    }
    if (e.fn.kind === 'apply' && e.fn.ref.kind === 'bound' && e.fn.args.length === 0) {
      // Possibly a LET-defined function, which may recur: evaluate it at the point.
      const id = e.fn.ref.id;
      const fn = this.compile(e.fn);
      return (ctx) => {
        const local = ctx.locals[id];
        const x = key(ctx);
        if (local instanceof LetThunk && local.atPoint && !local.evaluated) return local.atPoint(x);
        try {
          return apply(asFcn(fn(ctx), 'the function applied'), x);
        } catch (err) {
          return locate(err, span);
        }
      };
    }
    const fn = this.compile(e.fn);
    return (ctx) => {
      const f = fn(ctx);
      const x = key(ctx);
      try {
        return apply(asFcn(f, 'the function applied'), x);
      } catch (err) {
        return locate(err, span);
      }
    };
  }

  /** f[x] of a function definition: its table once computed, else its body at x (so f may recur). */
  private compileRecursiveApp(def: Extract<ResolvedDef, { kind: 'function' }>, key: Closure, span: Span): Closure {
    const atPoint = this.pointEvaluator(def.name.name, def.bounds, () => this.compile(def.body), span);
    return (ctx) => {
      const x = key(ctx);
      const table = this.constantDefValues[def.index];
      if (table === undefined) return atPoint(ctx, x);
      try {
        return apply(asFcn(table, def.name.name), x);
      } catch (err) {
        return locate(err, span);
      }
    };
  }

  /** Evaluates the body of `f[x \in S, ...] == body` at one argument, checking the domain. */
  private pointEvaluator(name: string, boundExprs: readonly Bound<{ ref: Resolved; binder: BoundVar }>[], compileBody: () => Closure, span: Span): (ctx: EvalContext, x: Value) => Value {
    const bind = this.pointBinding(name, boundExprs, span);
    let body: Closure | undefined;
    return (ctx, x) => {
      body ??= compileBody();
      try {
        return bind(ctx, x, () => body!(ctx));
      } catch (err) {
        // A recursive function too deep for the stack (TLC: StackOverflowError) is a diagnostic naming it.
        if (isStackOverflow(err)) throw tooDeepError(name, span);
        throw err;
      }
    };
  }

  /** Runs `fn` with the bound variables of a function definition `name[x \in S] == ...` at the point x, which must lie in S. */
  pointBinding(name: string, boundExprs: readonly Bound<{ ref: Resolved; binder: BoundVar }>[], span: Span): <T>(ctx: EvalContext, x: Value, fn: () => T) => T {
    const bounds = this.compileBounds(boundExprs);
    const ids = bounds.flatMap((b) => b.ids);
    return (ctx, x, fn) => {
      const parts = bounds.length === 1 && !bounds[0]!.tuple ? [x] : this.destructure(x, ids.length, span);
      for (let i = 0, at = 0; i < bounds.length; i++) {
        const b = bounds[i]!;
        const part = b.tuple ? tuple(parts.slice(at, at + b.ids.length)) : parts[at]!;
        if (!isMember(part, asSet(b.set(ctx), 'the domain'))) evalError('E3003', `${name}[${formatValue(x)}]: the argument is outside the function's domain`, span);
        at += b.ids.length;
      }
      return this.withBindings(ctx, ids, parts, fn);
    };
  }

  private destructure(x: Value, n: number, span: Span): readonly Value[] {
    if (typeof x === 'object' && x.kind === 'fcn' && x.domain === null && x.values.length === n) return x.values;
    return evalError('E3003', `expected a tuple of ${n} arguments, got ${formatValue(x)}`, span);
  }

  private compileExcept(e: Extract<IRExpr, { kind: 'except' }>): Closure {
    const fn = this.compile(e.fn);
    const updates = e.updates.map((u) => ({
      path: u.path.map((step) => this.compileExceptStep(step)),
      value: this.compile(u.value),
    }));
    const span = e.span;
    return (ctx) => {
      let cur = fn(ctx);
      try {
        for (const u of updates) cur = exceptUpdate(ctx, cur, u.path, 0, u.value);
      } catch (err) {
        return locate(err, span);
      }
      return cur;
    };
  }

  private compileExceptStep(step: ExceptStep<{ ref: Resolved; binder: BoundVar }>): (ctx: EvalContext) => Value {
    if (step.kind === 'field') {
      const name = step.name;
      return () => name;
    }
    const args = step.args.map((a) => this.compile(a));
    return args.length === 1 ? args[0]! : (ctx) => tuple(args.map((a) => a(ctx)));
  }

  /** Binds LET definitions (operators as callbacks, zero-parameter ones as thunks) around `fn`. */
  compileLetDefs(defs: readonly LetDef<{ ref: Resolved; binder: BoundVar }>[]): <T>(ctx: EvalContext, fn: () => T) => T {
    const ids = defs.map((d) => d.name.id);
    const makers = defs.map((d): ((ctx: EvalContext) => Local) => {
      const cycle = (): never =>
        fail('E1002', `unsupported construct: the LET definition ${d.name.name} refers to its own value`, d.span, 'define a recursive function at module level (f[x \\in S] == ...) or a RECURSIVE operator');
      if (d.kind === 'function') {
        const value = this.compileFuncCtor(d.bounds, this.compileLazy(d.body), d.span);
        const atPoint = this.pointEvaluator(d.name.name, d.bounds, () => this.compile(d.body), d.span);
        return (ctx) => {
          const thunk = new LetThunk(value, ctx, cycle);
          thunk.atPoint = (x) => atPoint(ctx, x);
          return thunk;
        };
      }
      const body = this.compileLazy(d.body);
      if (d.params.length === 0) return (ctx) => new LetThunk(body, ctx, cycle);
      const paramIds = d.params.map((p) => p.binder.id);
      return (ctx) => (...args: Value[]) => this.withBindings(ctx, paramIds, args, () => body(ctx));
    });
    return (ctx, fn) => {
      const saved = ids.map((id) => ctx.locals[id]);
      try {
        // In order, so that a definition may use those before it (and, for recursion, itself).
        for (let i = 0; i < ids.length; i++) ctx.locals[ids[i]!] = makers[i]!(ctx);
        return fn();
      } finally {
        for (let i = 0; i < ids.length; i++) ctx.locals[ids[i]!] = saved[i];
      }
    };
  }

  /** Compiles on first evaluation (LET bodies may refer to the LET's own recursive names). */
  private compileLazy(e: IRExpr): Closure {
    let compiled: Closure | undefined;
    return (ctx) => (compiled ??= this.compile(e))(ctx);
  }

  /** `A \cdot B` on a step (s, u): whether some state t has s -A-> t and B holds on (t, u). */
  private compileComposition(first: IRExpr, second: Closure, e: Extract<IRExpr, { kind: 'apply' }>): Closure {
    let generator: Generator | undefined;
    const variables = this.module.variables.map((v) => v.name);
    const span = e.args[1]!.span;
    return (ctx) => {
      generator ??= new ActionCompiler(this, 'next').compile(first);
      const s = ctx.state;
      try {
        for (const t of middleStates(generator, ctx, variables, e.span)) {
          ctx.state = t;
          if (asBool(second(ctx), span, 'the right action of \\cdot')) return true;
        }
        return false;
      } finally {
        ctx.state = s;
      }
    };
  }

  /** ENABLED A: whether some step from the current state satisfies A (searching stops at the first). */
  private compileEnabled(arg: IRExpr, instances: readonly number[] = []): Closure {
    let generator: Generator | undefined;
    return (ctx) => {
      generator ??= new ActionCompiler(this, 'next', new Set(instances)).compile(arg);
      const savedNext = ctx.next;
      ctx.next = new Array<Value | undefined>(this.module.variables.length).fill(undefined);
      try {
        return generator(ctx, () => true);
      } finally {
        ctx.next = savedNext;
      }
    };
  }

  hasOverride(index: number): boolean {
    return this.options.defOverrides?.has(index) ?? false;
  }

  /** v \in set, errors located at `span`. */
  isMemberAt(v: Value, set: SetValue, span: Span): boolean {
    try {
      return isMember(v, set);
    } catch (err) {
      return locate(err, span);
    }
  }
}
