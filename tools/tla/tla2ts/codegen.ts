// IR expressions → JavaScript expression source (value mode), calling runtime.ts. Nothing from the
// spec is spliced into code except through JSON.stringify literals: bound variables are slots by
// numeric id (`ctx.locals[7]`), definitions by index, names and spans live in JSON data.
import { diagnostic, DiagnosticError, fail, type Span } from '../diagnostics.js';
import { cacheableDependencies, filterBinders, filterTested, letEvaluatedAtOnce, orderFreeDefinitions, reenteredBinders, sameForEveryValueOf, type IRExpr, type ResolvedModule, type Resolved } from '../names/index.js';
import type { Bound, ExceptStep } from '../syntax/ast.js';
import type { ResolvedPhase } from '../names/ir.js';
import { standardOperator } from '../stdlib/index.js';
import { isStackOverflow } from '../values/index.js';
import { argumentPlan, binaryFastPath, evaluatedAtCall, ops, refuseUnboundedQuantifier } from '../eval/index.js';

/** Source of the runtime calls; `spans` collects every location the code refers to as `S[i]`. */
export class ExprCompiler {
  readonly spans: Span[] = [];
  /**
   * Code built once per module rather than at every evaluation: closures over `ctx` alone, bound
   * descriptors, standard-operator lookups. `hoisted[i]` is emitted as `const H<i> = ...`, in
   * order (each may use earlier ones).
   */
  readonly hoisted: string[] = [];
  private readonly spanIndex = new Map<Span, number>();

  /** `typed`: emit TypeScript parameter annotations; otherwise plain JavaScript. */
  constructor(
    private readonly module: ResolvedModule,
    readonly typed = true,
  ) {}

  /** `(ctx: EvalContext)` or `(ctx)`: the parameter list of every generated closure. */
  get ctx(): string {
    return this.typed ? '(ctx: EvalContext)' : '(ctx)';
  }

  /** `(...args: Value[])` or `(...args)`. */
  private get args(): string {
    return this.typed ? '(...args: Value[])' : '(...args)';
  }

  /** The i-th operand of a junction, as a boolean (its place and TLC's words as the interpreter's, ops.junctionOperand). */
  private junctionOperand(e: Extract<IRExpr, { kind: 'and' | 'or' }>, i: number): string {
    const a = e.args[i]!;
    const { what, at } = ops.junctionOperand(e, i);
    return `rt.bool(${this.expr(a)}, ${this.span(a.span)}, ${JSON.stringify(what)}${at ? `, ${this.span(at)}` : ''})`;
  }

  /** `S[i]`: the span table is emitted once as JSON data beside the code. */
  span(s: Span): string {
    let i = this.spanIndex.get(s);
    if (i === undefined) {
      i = this.spans.length;
      this.spans.push(s);
      this.spanIndex.set(s, i);
    }
    return `S[${i}]`;
  }

  private readonly hoistedIndex = new Map<string, number>();

  /** Identical code is hoisted once: it has no free variables but `rt`, `S` and earlier `H`s. */
  hoist(code: string): string {
    let i = this.hoistedIndex.get(code);
    if (i === undefined) {
      i = this.hoisted.length;
      this.hoisted.push(code);
      this.hoistedIndex.set(code, i);
    }
    return `H${i}`;
  }

  /** A closure `(ctx) => value` for an expression (hoisted: it reads nothing but its `ctx`). */
  closure(e: IRExpr): string {
    return this.hoistLambda(this.expr(e));
  }

  /**
   * `(ctx) => code`, hoisted: a closure the runtime calls with `ctx` (the body of a LET, CHOOSE,
   * filter, set map or quantifier too), so none is made at each evaluation (GameOfLife's Sum made two
   * a step). The parameter is named `_ctx` when the code does not read it, so that the output
   * compiles in projects with `noUnusedParameters` (a spec string containing "ctx" keeps the name).
   */
  private hoistLambda(code: string): string {
    return this.hoist(`${/\bctx\b/.test(code) ? this.ctx : this.ctx.replace('ctx', '_ctx')} => ${code}`);
  }

  /**
   * What each `C.get(i, …)` depends on: the definitions and CONSTANTs that must be constant level
   * (under the .cfg's overrides, known only at run time) for its value to be computed once. The
   * module emits `const C = rt.closedCache(<this table>)`.
   */
  readonly closed: { defs: number[]; constants: number[] }[] = [];

  /** An expression's code; a closed one worth caching (as the interpreter caches it) is computed once. */
  expr(e: IRExpr): string {
    const code = this.node(e);
    const dependencies = cacheableDependencies(e);
    if (!dependencies) return code;
    this.closed.push(dependencies);
    return `C.get(${this.closed.length - 1}, ${this.hoistLambda(code)}, ctx)`;
  }

  private node(e: IRExpr): string {
    switch (e.kind) {
      case 'number':
        if (e.value > 2147483647n) fail('E3002', `the number ${e.value} is outside TLC's 32-bit integers`, e.span);
        return `${Number(e.value)}`;
      case 'string':
        return JSON.stringify(e.value);
      case 'boolean':
        return e.value ? 'true' : 'false';
      case 'apply':
        return this.apply(e);
      case 'and':
      case 'or':
        return `(${e.args.map((_, i) => this.junctionOperand(e, i)).join(e.kind === 'and' ? ' && ' : ' || ')})`;
      case 'lambda':
        return fail('E1002', 'a LAMBDA can only be passed as an argument to an operator', e.span);
      case 'if':
        return `(rt.bool(${this.expr(e.cond)}, ${this.span(e.cond.span)}, "the condition of IF", ${this.span(e.span)}) ? ${this.expr(e.then)} : ${this.expr(e.else)})`;
      case 'case': {
        const arms = e.arms.map((a) => `if (rt.bool(${this.expr(a.guard)}, ${this.span(a.guard.span)}, "a CASE guard")) return ${this.expr(a.body)};`);
        const other = e.other
          ? `return ${this.expr(e.other)};`
          : `return rt.noCaseArm(${this.span(e.span)});`;
        return `${this.hoistLambda(`{ ${arms.join(' ')} ${other} }`)}(ctx)`;
      }
      case 'let':
        return `rt.let(ctx, ${this.letBindings(e)}, ${this.closure(e.body)})`;
      case 'quant': {
        const guarded = this.guardedQuantifier(e);
        if (guarded !== undefined) return guarded;
        const body = `rt.bool(${this.expr(e.body)}, ${this.span(e.body.span)}, ${JSON.stringify(`the body of ${e.quantifier === 'exists' ? '\\E' : '\\A'}`)}, ${this.span(e.span)})`;
        return e.quantifier === 'exists' ? this.exists(e.bounds, body) : `!${this.exists(e.bounds, `!${body}`)}`;
      }
      case 'unboundedQuant':
        return refuseUnboundedQuantifier(e);
      case 'choose': {
        if (!e.set) return fail('E1002', 'unsupported construct: unbounded CHOOSE (TLC cannot enumerate it)', e.span, 'bound it: CHOOSE x \\in S : P');
        const bound = this.hoist(this.bound({ kind: e.tuple ? 'tuple' : 'names', names: e.tuple ? e.names : [e.names[0]!], set: e.set, span: e.span })[0]!);
        return `rt.choose(ctx, ${bound}, ${this.hoistLambda(`rt.bool(${this.expr(e.body)}, ${this.span(e.body.span)}, "the body of CHOOSE")`)}, ${this.span(e.span)})`;
      }
      case 'setEnum':
        return `rt.setEnum([${e.elems.map((a) => this.expr(a)).join(', ')}], ${this.span(e.span)})`;
      case 'setFilter': {
        // Over an infinite set the filter stays lazy; whether it is closed the runtime decides under the .cfg (eval/operations.ts filterSet).
        const dependencies = cacheableDependencies(e);
        const closed = dependencies ? `, ${JSON.stringify(dependencies)}` : '';
        const names = JSON.stringify(filterBinders(e));
        const bound = this.hoist(this.bound(e.bound)[0]!);
        const pred = this.hoistLambda(`rt.bool(${this.expr(e.pred)}, ${this.span(e.pred.span)}, "the predicate of a set filter")`);
        // A filter computed at each evaluation whose predicate cannot tell the order of its elements needs not TLC's.
        const orderFree = dependencies ? null : orderFreeDefinitions(this.module, e.pred);
        if (orderFree) return `rt.filterInAnyOrder(ctx, ${bound}, ${pred}, ${names}, ${this.hoist(`{ defs: ${JSON.stringify(orderFree)}, free: undefined }`)})`;
        return `rt.filter(ctx, ${bound}, ${pred}, ${names}${closed})`;
      }
      case 'setMap':
        return `rt.map(ctx, ${this.bounds(e.bounds)}, ${this.closure(e.body)}, ${this.span(e.span)})`;
      case 'cartesian':
        return `rt.product([${e.sets.map((s) => this.set(s, 'an operand of \\X')).join(', ')}])`;
      case 'funcCtor':
        return `rt.funcCtor(ctx, ${this.bounds(e.bounds)}, ${this.closure(e.body)}, ${this.span(e.span)})`;
      case 'funcSet':
        return `rt.funcSet(${this.set(e.domain, 'the domain of [S -> T]')}, ${this.set(e.range, 'the range of [S -> T]')})`;
      case 'funcApp': {
        const key = e.args.length === 1 ? this.expr(e.args[0]!) : `rt.tuple([${e.args.map((a) => this.expr(a)).join(', ')}])`;
        if (e.fn.kind === 'apply' && e.fn.ref.kind === 'def' && this.module.defs[e.fn.ref.index]!.kind === 'function') {
          return `rt.applyDefFunction(${e.fn.ref.index}, ${key}, ctx, ${this.span(e.span)})`;
        }
        // Possibly a LET-defined function, which may recur: evaluated at the point until its table exists.
        if (e.fn.kind === 'apply' && e.fn.ref.kind === 'bound' && e.fn.args.length === 0) {
          return `rt.applyLocal(ctx, ${e.fn.ref.id}, ${JSON.stringify(e.fn.ref.name)}, ${key}, ${this.span(e.span)})`;
        }
        return `rt.funcApp(${this.expr(e.fn)}, ${key}, ${this.span(e.span)})`;
      }
      case 'record': {
        const fields = [...e.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        return `rt.record(${this.hoist(JSON.stringify(fields.map((f) => f.name)))}, [${fields.map((f) => this.expr(f.value)).join(', ')}])`;
      }
      case 'recordSet':
        return `rt.recordSet([${e.fields.map((f) => `[${JSON.stringify(f.name)}, ${this.set(f.value, `the set of field ${f.name}`)}]`).join(', ')}])`;
      case 'field':
        return `rt.field(${this.expr(e.record)}, ${JSON.stringify(e.name)}, ${this.span(e.span)})`;
      case 'except': {
        // The updates are closures over ctx alone: built once, not a path object per evaluation.
        const updates = e.updates.map((u) => `{ path: [${u.path.map((s) => this.exceptStep(s)).join(', ')}], value: ${this.closure(u.value)} }`);
        return `rt.except(ctx, ${this.expr(e.fn)}, ${this.hoist(`[${updates.join(', ')}]`)}, ${this.span(e.span)})`;
      }
      case 'exceptAt':
        return `rt.at(ctx, ${this.span(e.span)})`;
      case 'tuple':
        return `rt.tuple([${e.elems.map((a) => this.expr(a)).join(', ')}])`;
      case 'prime':
        return `rt.primed(ctx, ${this.closure(e.arg)}, ${this.span(e.span)})`;
      case 'unchanged':
        return `rt.equal(rt.primed(ctx, ${this.closure(e.arg)}, ${this.span(e.span)}), ${this.expr(e.arg)})`;
      case 'boxAction': case 'angleAction': {
        const action = `rt.bool(${this.expr(e.action)}, ${this.span(e.action.span)}, ${JSON.stringify(`the action of ${e.kind === 'boxAction' ? '[A]_v' : '<<A>>_v'}`)})`;
        const unchanged = this.expr({ kind: 'unchanged', arg: e.sub, span: e.span });
        return e.kind === 'boxAction' ? `(${action} || ${unchanged})` : `(${action} && !${unchanged})`;
      }
      case 'enabled':
        return fail('E6001', 'cannot compile ENABLED yet', e.span, 'check this spec in interpreted mode');
      case 'always': case 'eventually': case 'leadsTo': case 'fairness':
        return fail('E5001', `a temporal formula (${e.kind}) cannot be evaluated in a state or step`, e.span, 'temporal formulas belong in PROPERTY or SPECIFICATION');
      default:
        return e satisfies never;
    }
  }

  /**
   * `ids, [makers]`: the arguments of rt.let that bind LET definitions (thunks and operators; the
   * one the body reads first, its value: names/levels.ts letEvaluatedAtOnce). `inAction`: a LET an
   * action's generator goes through, whose operators it expands as actions (ActionShape.enterLet),
   * so none is evaluated before: `LET Step == x' = x + 1 IN Step` would read x' unassigned.
   */
  letBindings(e: Extract<IRExpr, { kind: 'let' }>, inAction = false): string {
    const defs = e.defs;
    const ids = defs.map((d) => d.name.id);
    const atOnce = inAction ? undefined : letEvaluatedAtOnce(e);
    const makers = defs.map((d) => {
      if (d.kind === 'function') return `${this.ctx} => rt.letFunction(ctx, ${JSON.stringify(d.name.name)}, ${this.bounds(d.bounds)}, ${this.closure(d.body)}, ${this.span(d.span)})`;
      if (d.name.id === atOnce) return this.closure(d.body);
      if (d.params.length === 0) return `${this.ctx} => rt.thunk(ctx, ${this.closure(d.body)})`;
      return `${this.ctx} => rt.operator(ctx, ${JSON.stringify(d.params.map((p) => p.binder.id))}, ${this.closure(d.body)})`;
    });
    return `${this.hoist(JSON.stringify(ids))}, ${this.hoist(`[${makers.join(', ')}]`)}`;
  }

  private set(e: IRExpr, what: string): string {
    return `rt.set(${this.expr(e)}, ${this.span(e.span)}, ${JSON.stringify(what)})`;
  }

  /**
   * Whether some binding of `bounds` makes `body` (code of a boolean) true: one plain variable is an
   * `rt.some` loop; several go through the general forEachBinding, which evaluates their sets first
   * and turns the first variable fastest, as TLC does (and the interpreter). `local`: the body reads
   * names of the code around it (an action generator's continuation `k`), so it stays in place
   * rather than hoisted.
   */
  exists(bounds: readonly Bound<ResolvedPhase>[], body: string, local = false): string {
    const fn = local ? `() => ${body}` : this.hoistLambda(body);
    const names = boundNames(bounds);
    if (bounds.some((b) => b.kind === 'tuple') || names.length > 1) return `rt.forEachBinding(ctx, ${this.bounds(bounds)}, ${fn})`;
    const { id, set } = names[0]!;
    return `rt.some(ctx, ${id}, ${this.closure(set)}, ${this.span(set.span)}, ${fn})`;
  }

  /**
   * `\E x \in S : C1 /\ ... /\ Cn` (and `\A x \in S : ~(C1 /\ ... /\ Cn)`, its negation) whose
   * leading conjuncts are the same for every value of x (`sameForEveryValueOf`): they are tested
   * once, at S's first element where TLC tests them, and when they fail the loop is false at once,
   * as every element would find. One variable only: with several, the first turns fastest (TLC's
   * order, forEachBinding) and their sets are evaluated before any loop, so the loop a guard could
   * skip is not the outermost. Undefined when the body has no such conjunct.
   */
  private guardedQuantifier(e: Extract<IRExpr, { kind: 'quant' }>): string | undefined {
    const names = boundNames(e.bounds);
    if (e.bounds.some((b) => b.kind === 'tuple') || names.length > 1) return undefined;
    const negated = e.quantifier === 'forall';
    const body = negated ? (e.body.kind === 'apply' && e.body.ref.kind === 'builtin' && e.body.ref.module === 'TLA+' && e.body.ref.name === '~' ? e.body.args[0]! : undefined) : e.body;
    if (body?.kind !== 'and') return undefined;
    // A conjunction nested in another (`~ /\ A /\ B` under a bullet) is its conjuncts: its value is a boolean, never refused.
    const flat = (c: IRExpr): IRExpr[] => (c.kind === 'and' ? c.args.flatMap(flat) : [c]);
    const conjuncts = flat(body);
    const inner = names[0]!;
    let tested = 0;
    while (tested < conjuncts.length && sameForEveryValueOf(conjuncts[tested]!, inner.id)) tested++;
    if (tested === 0) return undefined;
    const conjunction = (args: readonly IRExpr[]): string =>
      args.length === 0 ? 'true' : `(${args.map((a) => `rt.bool(${this.expr(a)}, ${this.span(a.span)}, "a conjunct")`).join(' && ')})`;
    const code = `rt.someGuarded(ctx, ${inner.id}, ${this.closure(inner.set)}, ${this.span(inner.set.span)}, ${this.hoistLambda(conjunction(conjuncts.slice(0, tested)))}, ${this.hoistLambda(conjunction(conjuncts.slice(tested)))})`;
    return negated ? `!${code}` : code;
  }

  /** Compiled bounds as an array literal of CompiledBound (one per name; tuples stay whole). */
  bounds(bounds: readonly Bound<ResolvedPhase>[]): string {
    return this.hoist(`[${bounds.flatMap((b) => this.bound(b)).join(', ')}]`);
  }

  private bound(b: Bound<ResolvedPhase>): string[] {
    const set = this.closure(b.set);
    const span = this.span(b.set.span);
    if (b.kind === 'tuple') return [`{ ids: ${JSON.stringify(b.names.map((n) => n.id))}, tuple: true, set: ${set}, span: ${span} }`];
    return b.names.map((n) => `{ ids: [${n.id}], tuple: false, set: ${set}, span: ${span} }`);
  }

  private exceptStep(step: ExceptStep<ResolvedPhase>): string {
    if (step.kind === 'field') return this.hoist(`() => ${JSON.stringify(step.name)}`);
    return step.args.length === 1 ? this.closure(step.args[0]!) : this.hoistLambda(`rt.tuple([${step.args.map((a) => this.expr(a)).join(', ')}])`);
  }

  private arity(ref: Resolved): number {
    switch (ref.kind) {
      case 'bound': case 'builtin': return ref.arity;
      case 'def': {
        const def = this.module.defs[ref.index]!;
        return def.kind === 'operator' ? def.params.length : 0;
      }
      case 'constant': return this.module.constants[ref.index]!.arity;
      case 'variable': return 0;
      default: return ref satisfies never;
    }
  }

  /** Whether an argument is passed as an operator (LAMBDA, or a name of arity > 0) rather than a value. */
  private denotesOperator(e: IRExpr): boolean {
    return e.kind === 'lambda' || (e.kind === 'apply' && e.args.length === 0 && this.arity(e.ref) > 0);
  }

  /** An argument: a value, or a callback when it denotes an operator (LAMBDA, or a name of arity > 0). */
  private argument(e: IRExpr): string {
    if (e.kind === 'lambda') return `rt.operator(ctx, ${JSON.stringify(e.params.map((p) => p.binder.id))}, ${this.closure(e.body)})`;
    if (!this.denotesOperator(e)) return this.expr(e);
    if (e.kind !== 'apply') throw new Error('unreachable: only a name or LAMBDA denotes an operator');
    const ref = e.ref;
    const span = this.span(e.span);
    switch (ref.kind) {
      case 'bound': return `ctx.locals[${ref.id}]`;
      case 'def': return `${this.args} => rt.callDef(${ref.index}, args, ctx, ${span})`;
      // Arguments passed lazily to the parameter are evaluated here, in order, as TLC's OpValue does.
      case 'builtin': return `${this.args} => ${this.hoist(`rt.builtin(${JSON.stringify(ref.module)}, ${JSON.stringify(ref.name)})`)}.call(rt.forced(args), ctx.std)`;
      case 'constant': return fail('E6001', `cannot compile the operator CONSTANT ${ref.name} yet`, e.span, 'check this spec in interpreted mode');
      case 'variable': throw new Error('unreachable: a variable has no arity');
      default: return ref satisfies never;
    }
  }

  /**
   * A value argument of a call of a user-defined operator, passed as TLC passes it (eval's
   * `argumentPlan`, as the interpreter's compileCallArgument); operator arguments as `argument`.
   * `partial`: the generator that runs the call, when it is an Init or action it expands.
   */
  callArgument(e: IRExpr, partial?: 'init' | 'next'): string {
    if (e.kind === 'lambda' || this.denotesOperator(e)) return this.argument(e);
    const plan = argumentPlan(e, reenteredBinders(this.module.defs));
    const lazy = (captured: readonly number[] | undefined): string =>
      `rt.lazy(ctx, ${this.closure(e)}, ${captured ? this.hoist(JSON.stringify(captured)) : 'undefined'}, ${JSON.stringify(partial)})`;
    switch (plan.kind) {
      case 'now':
        return this.expr(e);
      case 'local':
        return plan.captured
          ? `rt.passLocal(ctx, ${plan.id}, ${this.closure(e)}, ${this.hoist(JSON.stringify(plan.captured))}, ${JSON.stringify(partial)})`
          : `ctx.locals[${plan.id}]`;
      case 'variable':
        return `(ctx.state[${plan.index}] ?? ${lazy(undefined)})`;
      case 'def':
        return `rt.defArgument(${plan.index}, ctx, ${this.span(e.span)}, ${this.closure(e)}, ${JSON.stringify(partial)})`;
      case 'lazy':
        return lazy(plan.captured);
      default:
        return plan satisfies never;
    }
  }

  /**
   * =, /=, ~, \\in, \\notin on values, inline: the evaluation and errors of the standard operator
   * (same codes, located at the application) without an argument array and a call through it.
   */
  private fastBuiltin(e: Extract<IRExpr, { kind: 'apply' }>, args: string[], span: string): string | undefined {
    if (e.ref.kind !== 'builtin' || e.ref.module !== 'TLA+' || e.args.some((a) => this.denotesOperator(a))) return undefined;
    switch (e.ref.name) {
      case '=':
        return `rt.eq(${args[0]}, ${args[1]}, ${span})`;
      case '/=':
        return `!rt.eq(${args[0]}, ${args[1]}, ${span})`;
      case '~':
        return `!rt.bool(${args[0]}, ${span}, "the argument of ~")`;
      case '\\in':
        return this.filterMembership(e, args[0]!, span) ?? `rt.member(${args[0]}, ${args[1]}, ${span}, "the right side of \\\\in")`;
      case '\\notin': {
        const member = this.filterMembership(e, args[0]!, span);
        return member !== undefined ? `!${member}` : `!rt.member(${args[0]}, ${args[1]}, ${span}, "the right side of \\\\notin")`;
      }
      default:
        return undefined;
    }
  }

  /** `x \\in F` for a set filter F tested without building it (names/levels.ts `filterTested`; the runtime decides for a definition). */
  private filterMembership(e: Extract<IRExpr, { kind: 'apply' }>, x: string, span: string): string | undefined {
    const tested = filterTested(e.args[1]!, this.module);
    if (!tested) return undefined;
    const { bound, pred } = tested.filter;
    const filter = this.hoist(`{ bound: ${this.hoist(this.bound(bound)[0]!)}, pred: ${this.hoistLambda(`rt.bool(${this.expr(pred)}, ${this.span(pred.span)}, "the predicate of a set filter")`)} }`);
    return tested.def === undefined ? `rt.memberOfFilter(ctx, ${x}, ${filter}, ${span})` : `rt.memberOfDef(ctx, ${x}, ${tested.def}, ${filter}, ${span})`;
  }

  private apply(e: Extract<IRExpr, { kind: 'apply' }>): string {
    const ref = e.ref;
    const span = this.span(e.span);
    // The argument the body evaluates first, if any, is evaluated at the call (no lazy argument), as the interpreter does.
    const first = ref.kind === 'def' ? evaluatedAtCall(this.module.defs[ref.index]!, e.args) : -1;
    const args = e.args.map((a, i) => (ref.kind === 'builtin' || i === first ? this.argument(a) : this.callArgument(a)));
    switch (ref.kind) {
      case 'variable':
        return `rt.variable(ctx, ${ref.index}, ${JSON.stringify(ref.name)}, ${span})`;
      case 'constant':
        if (args.length > 0) return fail('E6001', `cannot compile the operator CONSTANT ${ref.name} yet`, e.span, 'check this spec in interpreted mode');
        return `rt.constant(${ref.index}, ${span})`;
      case 'def':
        return args.length === 0 ? `rt.evalDef(${ref.index}, ctx, ${span})` : `rt.callDef(${ref.index}, [${args.join(', ')}], ctx, ${span})`;
      case 'bound':
        return args.length === 0
          ? `rt.local(ctx, ${ref.id}, ${JSON.stringify(ref.name)}, ${span})`
          : `rt.callLocal(ctx, ${ref.id}, [${args.join(', ')}], ${JSON.stringify(ref.name)}, ${span})`;
      case 'builtin': {
        if (ref.module === 'TLA+' && ref.name === '=>') {
          const [l, r] = e.args;
          return `(!rt.bool(${args[0]}, ${this.span(l!.span)}, "the left side of =>", ${span}) || rt.bool(${args[1]}, ${this.span(r!.span)}, "the right side of =>", ${span}))`;
        }
        if (ref.module === 'TLA+' && ref.name === '\\cdot') return fail('E6001', 'cannot compile A \\cdot B yet', e.span, 'the interpreter evaluates it');
        const fast = this.fastBuiltin(e, args, span);
        if (fast !== undefined) return fast;
        if (!standardOperator(ref.module, ref.name)) fail('E1002', `unsupported construct: ${ref.module} operator ${ref.name} is not implemented`, e.span);
        const op = this.hoist(`rt.builtin(${JSON.stringify(ref.module)}, ${JSON.stringify(ref.name)})`);
        if (args.length === 0 && ref.module !== 'TLC') return `${op}.call([], ctx.std)`;
        const removed = removedElement(e);
        if (removed !== undefined) return `rt.without(${op}, ${args[0]}, ${this.expr(removed)}, ctx, ${this.span(e.args[1]!.span)}, ${span})`;
        if (args.length === 2 && !e.args.some((a) => this.denotesOperator(a)) && binaryFastPath(ref.module, ref.name)) {
          const fast = this.hoist(`rt.fastPath(${JSON.stringify(ref.module)}, ${JSON.stringify(ref.name)})`);
          return `rt.binary(${fast}, ${op}, ${args[0]}, ${args[1]}, ctx, ${span})`;
        }
        return `rt.callBuiltin(${op}, [${args.join(', ')}], ctx, ${span})`;
      }
      default:
        return ref satisfies never;
    }
  }
}

/**
 * Why `what` (a definition, Init or an action) is left to the interpreter: the compiler's own
 * refusal, or E6001 when its expression nests too deeply for the compiler's recursion. Any other
 * error is a bug and is rethrown.
 */
export function refusalOf(error: unknown, what: string, span: Span): DiagnosticError {
  if (error instanceof DiagnosticError) return error;
  if (isStackOverflow(error)) return new DiagnosticError(diagnostic('E6001', `cannot compile ${what}: it nests too deeply`, span, 'the interpreter evaluates it'));
  throw error;
}

/**
 * e of `S \ {e}` when {e} is made at each evaluation (not a closed set, computed once): S \ {e} is
 * then one operation (runtime.ts `without`).
 */
function removedElement(e: Extract<IRExpr, { kind: 'apply' }>): IRExpr | undefined {
  if (e.ref.kind !== 'builtin' || e.ref.module !== 'TLA+' || e.ref.name !== '\\' || e.args.length !== 2) return undefined;
  const removed = e.args[1]!;
  if (removed.kind !== 'setEnum' || removed.elems.length !== 1 || cacheableDependencies(removed) !== undefined) return undefined;
  return removed.elems[0]!;
}

/** The names of plain bounds, each with its set (`\E x, y \in S` binds two over S). */
function boundNames(bounds: readonly Bound<ResolvedPhase>[]): { id: number; set: IRExpr }[] {
  return bounds.flatMap((b) => b.names.map((n) => ({ id: n.id, set: b.set })));
}
