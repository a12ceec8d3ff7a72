// The action label TLC prints for one step of a counterexample, `<Request(1) line 5, col 15 to ...>`:
// TLC splits Next into actions by disjunction, by `\E x \in S` over a constant set (one action per
// element) and by calls of operators with constant arguments (bound as the operator's parameters),
// and names each by the innermost operator with those parameters' values, at the span of its body.
// The checker keeps such an `\E` as one action; the step's label is found when the trace is printed.
import { DiagnosticError } from './diagnostics.js';
import type { ActionInfo, State } from './check/model.js';
import { ActionCompiler, EvalContext, Interpreter, forEachBinding, withBindings, type CompiledBound, type Generator } from './eval/index.js';
import type { IRExpr } from './names/index.js';
import { Level, type Levels } from './names/levels.js';
import type { StdContext } from './stdlib/index.js';
import { fingerprintState, formatValue, type Value } from './values/index.js';

export class StepLabeller {
  private readonly generators = new Map<IRExpr, Generator>();
  private readonly bounds = new Map<IRExpr, CompiledBound[]>();
  private readonly compiler: ActionCompiler;

  constructor(
    private readonly interp: Interpreter,
    private readonly levels: Levels,
    private readonly std: StdContext,
  ) {
    this.compiler = new ActionCompiler(interp, 'next');
  }

  /**
   * The label of the step `from` → `to` taken by the action `expr` (named `info` by the checker):
   * `info` with TLC's parameters and span when the step comes from one instance of it, else `info`.
   */
  label(expr: IRExpr, info: ActionInfo, from: State, to: State): ActionInfo {
    const ctx = new EvalContext(this.std, from as Value[], null);
    const target = fingerprintState(to as Value[]);
    try {
      return this.find(expr, info.name, [], ctx, target) ?? info;
    } catch (error) {
      // The trace is printed even when naming its step fails to evaluate: the checker's name stays.
      if (error instanceof DiagnosticError) return info;
      throw error;
    }
  }

  private find(e: IRExpr, name: string, params: readonly Value[], ctx: EvalContext, target: bigint): ActionInfo | null {
    if (e.kind === 'or') {
      for (const arg of e.args) {
        const found = this.find(arg, name, params, ctx, target);
        if (found) return found;
      }
      return null;
    }
    if (e.kind === 'quant' && e.quantifier === 'exists' && e.bounds.every((b) => this.levels.of(b.set) === Level.Constant)) {
      let bounds = this.bounds.get(e);
      if (!bounds) this.bounds.set(e, (bounds = this.interp.compileBounds(e.bounds)));
      let found: ActionInfo | null = null;
      forEachBinding(bounds, ctx, () => (found = this.find(e.body, name, params, ctx, target)) !== null);
      return found;
    }
    if (e.kind === 'apply' && e.ref.kind === 'def' && !this.interp.hasOverride(e.ref.index) && e.args.every((a) => this.levels.of(a) === Level.Constant)) {
      const def = this.interp.def(e.ref.index);
      if (def.kind === 'operator' && def.params.every((p) => p.arity === 0)) {
        const values = e.args.map((a) => this.interp.compile(a)(ctx));
        const ids = def.params.map((p) => p.binder.id);
        return withBindings(ctx, ids, values, () => this.find(def.body, def.name.name, values, ctx, target));
      }
    }
    return this.produces(e, ctx, target) ? { name, span: e.span, params: params.map(formatValue) } : null;
  }

  /** Whether the action `e`, with the bindings of `ctx`, has a successor of `ctx.state` with fingerprint `target`. */
  private produces(e: IRExpr, ctx: EvalContext, target: bigint): boolean {
    let generator = this.generators.get(e);
    if (!generator) this.generators.set(e, (generator = this.compiler.compile(e)));
    ctx.next = new Array<Value | undefined>(ctx.state.length).fill(undefined);
    return generator(ctx, () => !ctx.next!.includes(undefined) && fingerprintState(ctx.next as Value[]) === target);
  }
}
