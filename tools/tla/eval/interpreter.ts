// The interpreter of the resolved IR: each expression is compiled once into a JS closure over an
// EvalContext (value mode); actions.ts compiles Init and Next into generators of states. Errors are
// DiagnosticErrors located at the innermost expression that failed.
import { fail, type Span } from '../diagnostics.js';
import { cacheableDependencies, ConstantLevels, filterBinders, filterTested, reenteredBinders, type IRExpr, type ResolvedDef, type ResolvedModule, type Resolved, type ResolvedPhase } from '../names/index.js';
import type { Bound, ExceptStep, LetDef } from '../syntax/ast.js';
import { standardOperator, type StdArg, type StdContext } from '../stdlib/index.js';
import { fcnSet, isStackOverflow, productSet, recordFromSorted, recordSet, startStringOrder, tooDeepError, tuple, valuesEqual, type FcnValue, type SetValue, type StringOrder, type Value } from '../values/index.js';
import { ActionCompiler, heldSpans, middleStates, type Generator } from './actions.js';
import { buildsSet, CoverageNode, coveredBigUnion, coveredSetOperation, fieldPairSpan, isCoverageNode, isPrimedLocation, prepareChildren, sanyNesting, setsOnce, type Coverage } from './coverage.js';
import { evalError, locate } from './eval-error.js';
import { EvalContext, LazyArgument, LetThunk, forced, type Closure, type Local } from './eval-context.js';
import {
  applyLocal,
  argumentPlan,
  asBool,
  junctionOperand,
  noCaseArm,
  evaluatedAtCall,
  atPoint,
  bindLet,
  binaryFastPath,
  callBinary,
  callLocal,
  callStd,
  choose,
  evalPrimed,
  except,
  exceptOld,
  filterSet,
  forEachBinding,
  refuseUnboundedQuantifier,
  funcApp,
  funcCtor,
  letFunction,
  mapSet,
  memberOf,
  memberOfFilter,
  operatorValue,
  passLocal,
  readLocal,
  readVariable,
  recordField,
  setAt,
  setEnum,
  withBindings,
  type CompiledBound,
  type CompiledFilter,
} from './operations.js';

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
  /**
   * Only to evaluate again after an error (`Interpreter.traced`): each expression's span is pushed
   * while it is evaluated, so after the error the spans left are TLC's nested expressions.
   */
  nested?: Span[];
  /** The spec's strings in TLC's order (load.ts bindConstants); absent, the order before any spec is read. */
  strings?: StringOrder;
  /**
   * Only for `check --coverage` (no compiled code): each application's evaluation is counted on its
   * call path in this recorder, as TLC's cost model counts it (eval/coverage.ts).
   */
  coverage?: Coverage;
}

/** Evaluation of definitions by compiled code; the shape of tla2ts's Runtime. */
export interface CompiledDefinitions {
  evalDef(index: number, ctx: EvalContext, span: Span): Value;
  callDef(index: number, args: Local[], ctx: EvalContext, span: Span): Value;
}

export class Interpreter {
  private readonly defClosures: (Closure | undefined)[] = [];
  /** Values of zero-parameter definitions that depend on no variable, computed once. */
  private readonly constantDefValues: (Value | undefined)[] = [];
  private readonly constantValues: (Value | undefined)[] = [];
  /** Which definitions and CONSTANTs are constant level under the .cfg's replacements (names/levels.ts). */
  readonly levels: ConstantLevels;
  /** TLC's order on this spec's strings: every context the model evaluates in carries it (StdContext.strings). */
  readonly strings: StringOrder;

  constructor(
    readonly module: ResolvedModule,
    private readonly options: InterpreterOptions,
  ) {
    this.strings = options.strings ?? startStringOrder();
    this.stdForConstants = { print: (s) => void process.stderr.write(s + '\n'), random: () => 0, registers: new Map(), strings: this.strings };
    this.levels = new ConstantLevels(module, {
      defReplaced: (index) => this.hasOverride(index),
      constantDefinition: (index) => {
        const override = options.constants[index];
        return override?.kind === 'def' ? override.index : undefined;
      },
    });
  }

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

  /** Evaluates a zero-parameter definition (INIT, invariants, ...) in `ctx`. */
  evalDef(index: number, ctx: EvalContext): Value {
    const override = this.options.defOverrides?.get(index);
    if (override) return override.kind === 'value' ? override.value : this.evalDef(override.index, ctx);
    const compiled = this.options.compiled;
    if (compiled) return compiled.evalDef(index, ctx, this.def(index).name.span);
    if (this.levels.ofDef(index)) {
      let v = this.constantDefValues[index];
      if (v === undefined) {
        const coverage = this.options.coverage;
        // TLC evaluates a constant-level definition at start-up, outside any action: it counts nothing.
        v = coverage ? coverage.under(new CoverageNode(undefined), () => this.defBody(index)(ctx)) : this.defBody(index)(ctx);
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
      return withBindings(ctx, ids, args, () => this.defBody(index)(ctx));
    } catch (error) {
      throw isStackOverflow(error) ? tooDeepError(def.name.name, def.name.span) : error;
    }
  }

  /** A CONSTANT's value: the .cfg's, or the definition substituted for it, computed once. */
  constantValue(index: number, span: Span): Value {
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

  private readonly stdForConstants: StdContext;

  // ---- value mode --------------------------------------------------------------------------

  /** An interpreter of the same spec and .cfg that records its evaluation stack in `nested` (no compiled code). */
  traced(nested: Span[]): Interpreter {
    const { compiled: _, ...options } = this.options;
    return new Interpreter(this.module, { ...options, nested, strings: this.strings });
  }

  /** The recorder of TLC's coverage counts; undefined on the normal path. */
  coverage(): Coverage | undefined {
    return this.options.coverage;
  }

  /** The evaluation stack a traced interpreter records into; undefined on the normal path. */
  nestedSpans(): Span[] | undefined {
    return this.options.nested;
  }

  compile(expr: IRExpr): Closure {
    const coverage = this.options.coverage;
    if (coverage) {
      const e = sanyNesting(expr);
      // TLC evaluates constant subexpressions each time, and counts each application it evaluates.
      const closure = this.compileNode(e);
      if (!isCoverageNode(e)) return closure;
      const span = e.span;
      const builds = buildsSet(e);
      const primed = isPrimedLocation(e);
      return (ctx) => {
        const outer = coverage.current;
        const node = outer.child(e, span, false, primed);
        prepareChildren(node, e);
        node.count += coverage.sign;
        coverage.current = node;
        try {
          const v = closure(ctx);
          return builds ? coverage.built(v, node) : v;
        } finally {
          coverage.current = outer;
        }
      };
    }
    const nested = this.options.nested;
    if (nested) {
      const closure = this.compileUntraced(expr);
      const held = heldSpans(expr);
      return (ctx) => {
        const depth = nested.length;
        nested.push(...held);
        const value = closure(ctx);
        nested.length = depth;
        return value;
      };
    }
    return this.compileUntraced(expr);
  }

  /** Coverage: `e`'s closure without counting `e` itself; what it evaluates counts under the current node. */
  compileBelow(e: IRExpr): Closure {
    return this.compileNode(e);
  }

  private compileUntraced(e: IRExpr): Closure {
    const closure = this.compileNode(e);
    const dependencies = cacheableDependencies(e);
    if (!dependencies || !this.levels.allConstant(dependencies)) return closure;
    // Depends on nothing that varies (no variable, no enclosing binder): evaluate once.
    let cached: Value | undefined;
    return (ctx) => (cached ??= closure(ctx));
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
        const places = e.args.map((_, i) => junctionOperand(e, i));
        return (ctx) => {
          for (let i = 0; i < args.length; i++) if (!asBool(args[i]!(ctx), spans[i]!, places[i]!.what, places[i]!.at)) return false;
          return true;
        };
      }
      case 'or': {
        const args = e.args.map((a) => this.compile(a));
        const spans = e.args.map((a) => a.span);
        const places = e.args.map((_, i) => junctionOperand(e, i));
        return (ctx) => {
          for (let i = 0; i < args.length; i++) if (asBool(args[i]!(ctx), spans[i]!, places[i]!.what, places[i]!.at)) return true;
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
        const ifAt = e.span;
        return (ctx) => (asBool(cond(ctx), span, 'the condition of IF', ifAt) ? then(ctx) : otherwise(ctx));
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
          return noCaseArm(span);
        };
      }
      case 'let': {
        const bind = this.compileLetDefs(e.defs);
        const body = this.compile(e.body);
        return (ctx) => bind(ctx, body);
      }
      case 'quant': {
        const bounds = this.compileBounds(e.bounds, true);
        const body = this.compile(e.body);
        const span = e.body.span;
        const at = e.span; // TLC's words name the quantifier
        // The body's test, made once: \A x : P is ~\E x : ~P.
        const test: (ctx: EvalContext) => boolean = e.quantifier === 'exists' ? (ctx) => asBool(body(ctx), span, 'the body of \\E', at) : (ctx) => !asBool(body(ctx), span, 'the body of \\A', at);
        const coverage = this.options.coverage;
        if (coverage) {
          const once = setsOnce(bounds, coverage);
          if (e.quantifier === 'exists') return (ctx) => once(ctx, (bs, each) => forEachBinding(bs, ctx, (ctx) => (each(), test(ctx))));
          return (ctx) => once(ctx, (bs, each) => !forEachBinding(bs, ctx, (ctx) => (each(), test(ctx))));
        }
        if (e.quantifier === 'exists') return (ctx) => forEachBinding(bounds, ctx, test);
        return (ctx) => !forEachBinding(bounds, ctx, test);
      }
      case 'unboundedQuant':
        return refuseUnboundedQuantifier(e);
      case 'choose': {
        if (!e.set) return fail('E1002', 'unsupported construct: unbounded CHOOSE (TLC cannot enumerate it)', e.span, 'bound it: CHOOSE x \\in S : P');
        const [bound] = this.compileBounds([{ kind: e.tuple ? 'tuple' : 'names', names: e.tuple ? e.names : [e.names[0]!], set: e.set, span: e.span }]);
        const body = this.compile(e.body);
        const span = e.span;
        const bodySpan = e.body.span;
        const test = (ctx: EvalContext): boolean => asBool(body(ctx), bodySpan, 'the body of CHOOSE');
        const coverage = this.options.coverage;
        if (coverage) {
          const once = setsOnce([bound!], coverage, false);
          return (ctx) => once(ctx, ([b], each) => choose(ctx, b!, (ctx) => (each(), test(ctx)), span));
        }
        return (ctx) => choose(ctx, bound!, test, span);
      }
      case 'setEnum': {
        const elems = e.elems.map((a) => this.compile(a));
        const span = e.span;
        return (ctx) => setEnum(elems.map((f) => f(ctx)), span);
      }
      case 'setFilter': {
        const { bound, pred } = this.compileFilter(e);
        const dependencies = cacheableDependencies(e);
        const closed = dependencies !== undefined && this.levels.allConstant(dependencies);
        const names = filterBinders(e);
        const coverage = this.options.coverage;
        if (coverage) {
          const once = setsOnce([bound], coverage);
          return (ctx) => once(ctx, ([b], each) => filterSet(ctx, b!, (ctx) => (each(), pred(ctx)), names, closed));
        }
        return (ctx) => filterSet(ctx, bound, pred, names, closed);
      }
      case 'setMap': {
        const bounds = this.compileBounds(e.bounds);
        const body = this.compile(e.body);
        const span = e.span;
        const coverage = this.options.coverage;
        if (coverage) {
          const once = setsOnce(bounds, coverage);
          return (ctx) => once(ctx, (bs, each) => mapSet(ctx, bs, (ctx) => (each(), body(ctx)), span));
        }
        return (ctx) => mapSet(ctx, bounds, body, span);
      }
      case 'cartesian': {
        const sets = e.sets.map((s) => this.compileSet(s, 'an operand of \\X'));
        return (ctx) => productSet(sets.map((s) => s(ctx)));
      }
      case 'funcCtor': {
        const bounds = this.compileBounds(e.bounds);
        const body = this.compile(e.body);
        const span = e.span;
        const coverage = this.options.coverage;
        if (coverage) {
          const once = setsOnce(bounds, coverage);
          return (ctx) =>
            once(ctx, (bs, each) => {
              const f = funcCtor(ctx, bs, (c) => (each(), body(c)), span) as FcnValue;
              // TLC charges a function one per element when it builds it (at once over enumerated sets and
              // intervals, else when first fingerprinted or compared; never, if only ever applied).
              coverage.current.cost += f.values.length * coverage.sign;
              return f;
            });
        }
        return (ctx) => funcCtor(ctx, bounds, body, span);
      }
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
        const values = fields.map((f) => this.inPair(f, fieldPairSpan(f), this.compile(f.value)));
        return (ctx) => recordFromSorted(names, values.map((v) => v(ctx)));
      }
      case 'recordSet': {
        const names = e.fields.map((f) => f.name);
        const sets = e.fields.map((f) => this.inPair(f, fieldPairSpan(f), this.compileSet(f.value, `the set of field ${f.name}`)));
        return (ctx) => recordSet(names.map((n, i) => [n, sets[i]!(ctx)] as const));
      }
      case 'field': {
        const rec = this.compile(e.record);
        const name = e.name;
        const span = e.span;
        return (ctx) => recordField(rec(ctx), name, span);
      }
      case 'except': {
        const fn = this.compile(e.fn);
        // TLC's cost model has a node per update (`![k] = v`), holding one for its path (same span) and the value.
        const updates = e.updates.map((u) => ({
          path: u.path.map((step) => this.inPair(u, u.span, this.inPair(u.path, u.span, this.compileExceptStep(step)))),
          value: this.inPair(u, u.span, this.compile(u.value)),
        }));
        const span = e.span;
        return (ctx) => except(ctx, fn(ctx), updates, span);
      }
      case 'exceptAt': {
        const span = e.span;
        return (ctx) => exceptOld(ctx, span);
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

  /**
   * Coverage: `f` evaluated under the node of TLC's `$Pair` `key` (a record's field, an EXCEPT update),
   * which counts nothing itself; without coverage, `f`.
   */
  private inPair<T>(key: object, span: Span, f: (ctx: EvalContext) => T): (ctx: EvalContext) => T {
    const coverage = this.options.coverage;
    return coverage ? (ctx) => coverage.under(coverage.current.child(key, span), () => f(ctx)) : f;
  }

  private compileSet(e: IRExpr, what: string): (ctx: EvalContext) => SetValue {
    const f = this.compile(e);
    const span = e.span;
    return (ctx) => setAt(f(ctx), span, what);
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
      return (ctx) => operatorValue(ctx, ids, body);
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
        // A standard operator takes values: arguments passed lazily to the parameter are evaluated here, in order, as TLC's OpValue does.
        return (ctx) => (...args: Value[]) => op.call(args.map(forced) as StdArg[], ctx.std);
      }
      case 'variable':
        throw new Error('unreachable: variable as operator');
    }
  }

  /**
   * A value argument of a call of a user-defined operator, passed as TLC passes it (operations.ts
   * `argumentPlan`); operator arguments as compileArg. `partial`: the generator that runs the call,
   * when it is an Init or action it expands.
   */
  compileCallArgument(e: IRExpr, partial?: 'init' | 'next'): (ctx: EvalContext) => Local {
    if (this.isOperatorArgument(e)) return this.compileArg(e);
    const plan = argumentPlan(e, this.reentered);
    // Traced (after an error), every argument is lazy, so the block lists each parameter use and then its argument, as TLC.
    if ((this.options.nested || this.options.coverage) && plan.kind !== 'now') return this.lazyArgument(e, plan.kind === 'local' || plan.kind === 'lazy' ? plan.captured : undefined, partial);
    switch (plan.kind) {
      case 'now':
        return this.compile(e);
      case 'local': {
        const { id, captured } = plan;
        if (!captured) return (ctx) => ctx.locals[id];
        const evaluate = this.compile(e);
        return (ctx) => passLocal(ctx, id, evaluate, captured, partial);
      }
      case 'variable': {
        const index = plan.index;
        const lazy = this.lazyArgument(e, undefined, partial);
        return (ctx) => ctx.state[index] ?? lazy(ctx);
      }
      case 'def':
        if (this.hasOverride(plan.index) || this.levels.ofDef(plan.index)) return this.compile(e);
        return this.lazyArgument(e, undefined, partial);
      case 'lazy':
        return this.lazyArgument(e, plan.captured, partial);
    }
  }

  private lazyArgument(e: IRExpr, captured: readonly number[] | undefined, partial: 'init' | 'next' | undefined): (ctx: EvalContext) => LazyArgument {
    const body = this.compile(e);
    const coverage = this.options.coverage;
    if (coverage) {
      // Counted under the call, where TLC's argument belongs, wherever the body first forces it.
      return (ctx) => {
        const call = coverage.current;
        return new LazyArgument((c) => coverage.under(call, () => body(c)), ctx, captured, partial);
      };
    }
    return (ctx) => new LazyArgument(body, ctx, captured, partial);
  }

  /** The binders lazily passed arguments carry (names/levels.ts reenteredBinders), found on first need. */
  private get reentered() {
    return reenteredBinders(this.module.defs);
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
    const chain = this.compileLongChain(e);
    if (chain) return chain;
    // The argument the body evaluates first, if any, is evaluated at the call (no lazy argument), unless traced.
    const first = ref.kind === 'def' && !this.hasOverride(ref.index) && !this.options.nested && !this.options.coverage ? evaluatedAtCall(this.def(ref.index), e.args) : -1;
    const args = e.args.map((a, i) => (ref.kind === 'builtin' || i === first ? this.compileArg(a) : this.compileCallArgument(a)));
    switch (ref.kind) {
      case 'variable': {
        const index = ref.index;
        const name = ref.name;
        return (ctx) => readVariable(ctx, index, name, span);
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
        if (args.length === 0) return (ctx) => readLocal(ctx, id, name, span);
        return (ctx) => callLocal(ctx, id, args.map((a) => a(ctx)), name, span);
      }
      case 'builtin':
        return this.compileBuiltin(ref, args, e);
    }
  }

  /**
   * `x \\in F` for a set filter F (names/levels.ts `filterTested`) tested without building F,
   * unless F is a definition whose value is computed once anyway (constant level, or replaced).
   */
  private compileFilterMembership(e: Extract<IRExpr, { kind: 'apply' }>, x: Closure, what: string): ((ctx: EvalContext) => boolean) | undefined {
    const tested = filterTested(e.args[1]!, this.module);
    if (!tested) return undefined;
    const filter = this.compileFilter(tested.filter);
    const span = e.span;
    const def = tested.def;
    if (def === undefined) return (ctx) => memberOfFilter(ctx, x(ctx), filter, span);
    const set = this.compile(e.args[1]!);
    return (ctx) => {
      const v = x(ctx);
      if (this.hasOverride(def) || this.levels.ofDef(def)) return memberOf(v, set(ctx), span, what);
      return memberOfFilter(ctx, v, filter, span);
    };
  }

  /** `{y \\in S : P}` as a bound and a boolean predicate under it (for filterSet and memberOfFilter alike). */
  private compileFilter(e: Extract<IRExpr, { kind: 'setFilter' }>): CompiledFilter {
    const [bound] = this.compileBounds([e.bound]);
    const pred = this.compile(e.pred);
    const span = e.pred.span;
    return { bound: bound!, pred: (ctx) => asBool(pred(ctx), span, 'the predicate of a set filter') };
  }

  /**
   * `((t1 + t2) + t3) + … + tn`, a left-nested chain of one binary standard operator with a fast path,
   * longer than hand-written ones: compiled and evaluated as a loop over its right operands, in the
   * nested form's order and with each link's span, so it nests only as deep as one term. Otherwise
   * the compiler's and the evaluator's frames per link made a 1,000-term sum deeper than the stack
   * (E3008), and any frame grown by a change moved that limit.
   */
  private compileLongChain(e: Extract<IRExpr, { kind: 'apply' }>): Closure | undefined {
    const ref = e.ref;
    if (ref.kind !== 'builtin' || e.args.length !== 2 || this.options.coverage || this.options.nested) return undefined;
    const fast = binaryFastPath(ref.module, ref.name);
    if (!fast) return undefined;
    const links: Extract<IRExpr, { kind: 'apply' }>[] = [];
    for (let node: IRExpr = e; node.kind === 'apply' && node.args.length === 2 && node.ref.kind === 'builtin' && node.ref.module === ref.module && node.ref.name === ref.name; node = node.args[0]!) {
      links.push(node);
    }
    if (links.length < Interpreter.longChain) return undefined;
    links.reverse();
    const first = this.compile(links[0]!.args[0]!);
    const rights = links.map((link) => this.compile(link.args[1]!));
    const spans = links.map((link) => link.span);
    const op = this.builtin(ref, e.span);
    return (ctx) => {
      let v = first(ctx) as Value;
      for (let i = 0; i < rights.length; i++) v = callBinary(fast, op, v, rights[i]!(ctx) as Value, ctx, spans[i]!);
      return v;
    };
  }

  /** Links from which a chain is compiled as a loop (compileLongChain): none a person writes by hand. */
  private static readonly longChain = 64;

  private compileBuiltin(ref: Extract<Resolved, { kind: 'builtin' }>, args: ((ctx: EvalContext) => Local)[], e: Extract<IRExpr, { kind: 'apply' }>): Closure {
    const span = e.span;
    if (ref.module === 'TLA+' && ref.name === '=>') {
      const [lhs, rhs] = args as Closure[];
      const [lspan, rspan] = [e.args[0]!.span, e.args[1]!.span];
      return (ctx) => !asBool(lhs!(ctx), lspan, 'the left side of =>', span) || asBool(rhs!(ctx), rspan, 'the right side of =>', span);
    }
    if (ref.module === 'TLA+' && ref.name === '\\cdot') return this.compileComposition(e.args[0]!, args[1] as Closure, e);
    if (ref.module === 'TLA+' && (ref.name === '\\in' || ref.name === '\\notin')) {
      const member = this.compileFilterMembership(e, args[0] as Closure, `the right side of ${ref.name}`);
      if (member) return ref.name === '\\in' ? member : (ctx) => !member(ctx);
    }
    const op = this.builtin(ref, span);
    if (this.options.coverage && ref.module === 'TLA+' && ref.name === 'UNION') {
      const coverage = this.options.coverage;
      const [s] = args as Closure[];
      return (ctx) => coveredBigUnion(coverage, s!(ctx), (x) => callStd(op, [x], ctx, span));
    }
    if (args.length === 0) {
      // Nat, BOOLEAN, EmptyBag... are constants; TLC's JavaTime and Any are evaluated when used.
      if (ref.module === 'TLC') return (ctx) => op.call([], ctx.std);
      const constant = op.call([], undefined as never);
      return () => constant;
    }
    if (args.length === 2) {
      const [a, b] = args as [(ctx: EvalContext) => StdArg, (ctx: EvalContext) => StdArg];
      const coverage = this.options.coverage;
      const covered = coverage && ref.module === 'TLA+' ? coveredSetOperation(ref.name) : undefined;
      if (covered) {
        // TLC charges the builders of the sets these enumerate, and passes them on (eval/coverage.ts).
        return (ctx) => covered(coverage!, a(ctx) as Value, b(ctx) as Value, (x, y) => callStd(op, [x, y], ctx, span));
      }
      const fast = binaryFastPath(ref.module, ref.name);
      if (fast) return (ctx) => callBinary(fast, op, a(ctx) as Value, b(ctx) as Value, ctx, span);
      return (ctx) => callStd(op, [a(ctx), b(ctx)], ctx, span);
    }
    return (ctx) => callStd(op, args.map((a) => a(ctx)) as StdArg[], ctx, span);
  }

  // ---- binders -----------------------------------------------------------------------------

  compileBounds(bounds: readonly Bound<ResolvedPhase>[], quantifier = false): CompiledBound[] {
    return bounds.flatMap((b): CompiledBound[] => {
      const set = this.compile(b.set);
      if (b.kind === 'tuple') return [{ ids: b.names.map((n) => n.id), tuple: true, set, span: b.set.span, quantifier }];
      return b.names.map((n) => ({ ids: [n.id], tuple: false, set, span: b.set.span, quantifier }));
    });
  }

  /** A function definition `f[x \in S] == body` as a value (evaluated in full). */
  private functionDefValue(def: Extract<ResolvedDef, { kind: 'function' }>): Closure {
    const bounds = this.compileBounds(def.bounds);
    const body = this.compile(def.body);
    return (ctx) => funcCtor(ctx, bounds, body, def.span);
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
      const { id, name } = e.fn.ref;
      return (ctx) => applyLocal(ctx, id, name, key(ctx), span);
    }
    const fn = this.compile(e.fn);
    return (ctx) => funcApp(fn(ctx), key(ctx), span);
  }

  /** f[x] of a function definition: its table once computed, else its body at x (so f may recur). */
  private compileRecursiveApp(def: Extract<ResolvedDef, { kind: 'function' }>, key: Closure, span: Span): Closure {
    const bounds = this.compileBounds(def.bounds);
    const body = this.compileLazy(def.body);
    return (ctx) => {
      const x = key(ctx);
      const table = this.constantDefValues[def.index];
      if (table === undefined) return atPoint(def.name.name, bounds, body, ctx, x, span);
      return funcApp(table, x, span);
    };
  }

  private compileExceptStep(step: ExceptStep<ResolvedPhase>): (ctx: EvalContext) => Value {
    if (step.kind === 'field') {
      const name = step.name;
      return () => name;
    }
    const args = step.args.map((a) => this.compile(a));
    return args.length === 1 ? args[0]! : (ctx) => tuple(args.map((a) => a(ctx)));
  }

  /** Binds LET definitions (operators as callbacks, zero-parameter ones as thunks) around `fn`. */
  compileLetDefs(defs: readonly LetDef<ResolvedPhase>[]): <T>(ctx: EvalContext, fn: (ctx: EvalContext) => T) => T {
    const ids = defs.map((d) => d.name.id);
    const makers = defs.map((d): ((ctx: EvalContext) => Local) => {
      const cycle = (): never =>
        fail('E1002', `unsupported construct: the LET definition ${d.name.name} refers to its own value`, d.span, 'define a recursive function at module level (f[x \\in S] == ...) or a RECURSIVE operator');
      const body = this.compileLazy(d.body);
      if (d.kind === 'function') {
        const bounds = this.compileBounds(d.bounds);
        return (ctx) => letFunction(ctx, d.name.name, bounds, body, d.span, cycle);
      }
      if (d.params.length === 0) return (ctx) => new LetThunk(body, ctx, cycle);
      const paramIds = d.params.map((p) => p.binder.id);
      return (ctx) => operatorValue(ctx, paramIds, body);
    });
    // In order, so that a definition may use those before it (and, for recursion, itself).
    return (ctx, fn) => bindLet(ctx, ids, makers, fn);
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
}
