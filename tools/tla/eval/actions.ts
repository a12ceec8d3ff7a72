// Init and Next as generators of states, the way TLC evaluates them: conjunctions left to right,
// disjunctions and \E as branches, and `x = e` / `x \in S` (in Init) or `x' = e` / `x' \in S` (in
// actions) *assign* a variable still unassigned, where otherwise they test. UNCHANGED assigns too.
import type { Span } from '../diagnostics.js';
import type { IRExpr } from '../names/index.js';
import { asSet, finiteElements, valuesEqual, type Value } from '../values/index.js';
import { EvalContext, type PartialState } from './eval-context.js';
import { evalError, locate, type Interpreter } from './interpreter.js';

/**
 * Calls `k` for every way the expression can hold, with the target variables it assigns set in
 * the context; returns true as soon as `k` does (to stop the search, as ENABLED does).
 */
export type Generator = (ctx: EvalContext, k: () => boolean) => boolean;

/** 'init': unprimed variables are assigned (in ctx.state); 'next': primed ones (in ctx.next). */
export type GeneratorMode = 'init' | 'next';

type ApplyExpr = Extract<IRExpr, { kind: 'apply' }>;

export class ActionCompiler {
  constructor(
    private readonly interp: Interpreter,
    private readonly mode: GeneratorMode,
  ) {}

  /** The variable index `e` assigns in this mode (x in Init, x' in actions), or -1. */
  private target(e: IRExpr): number {
    if (this.mode === 'next') {
      if (e.kind !== 'prime') return -1;
      e = e.arg;
    }
    return e.kind === 'apply' && e.ref.kind === 'variable' && e.args.length === 0 ? e.ref.index : -1;
  }

  private targets(ctx: EvalContext): PartialState {
    return this.mode === 'next' ? ctx.next! : ctx.state;
  }

  compile(e: IRExpr): Generator {
    switch (e.kind) {
      case 'and': {
        const parts = e.args.map((a) => this.compile(a));
        const run = (ctx: EvalContext, k: () => boolean, i: number): boolean => (i === parts.length ? k() : parts[i]!(ctx, () => run(ctx, k, i + 1)));
        return (ctx, k) => run(ctx, k, 0);
      }
      case 'or': {
        const parts = e.args.map((a) => this.compile(a));
        return (ctx, k) => {
          for (const p of parts) if (p(ctx, k)) return true;
          return false;
        };
      }
      case 'quant': {
        if (e.quantifier !== 'exists') break;
        const bounds = this.interp.compileBounds(e.bounds);
        const body = this.compile(e.body);
        return (ctx, k) => this.interp.forEachBinding(bounds, ctx, () => body(ctx, k));
      }
      case 'if': {
        const cond = this.interp.compile(e.cond);
        const then = this.compile(e.then);
        const otherwise = this.compile(e.else);
        const span = e.cond.span;
        return (ctx, k) => (this.bool(cond(ctx), span, 'the condition of IF') ? then(ctx, k) : otherwise(ctx, k));
      }
      case 'case': {
        const guards = e.arms.map((a) => this.interp.compile(a.guard));
        const bodies = e.arms.map((a) => this.compile(a.body));
        const other = e.other ? this.compile(e.other) : undefined;
        const span = e.span;
        return (ctx, k) => {
          for (let i = 0; i < guards.length; i++) if (this.bool(guards[i]!(ctx), e.arms[i]!.guard.span, 'a CASE guard')) return bodies[i]!(ctx, k);
          if (other) return other(ctx, k);
          return evalError('E3006', 'no arm of this CASE applies', span, 'add an OTHER arm, or make the guards cover every case');
        };
      }
      case 'let': {
        const bind = this.interp.compileLetDefs(e.defs);
        const body = this.compile(e.body);
        return (ctx, k) => bind(ctx, () => body(ctx, k));
      }
      case 'unchanged':
        return this.compileUnchanged(e.arg);
      case 'apply': {
        const special = this.compileApply(e);
        if (special) return special;
        break;
      }
    }
    return this.test(e);
  }

  /** Any other expression: evaluated as a boolean in the current assignment. */
  private test(e: IRExpr): Generator {
    const f = this.interp.compile(e);
    const span = e.span;
    return (ctx, k) => (this.bool(f(ctx), span, 'an action conjunct') ? k() : false);
  }

  private bool(v: Value, span: Span, what: string): boolean {
    if (typeof v !== 'boolean') evalError('E3001', `${what} must be a boolean, but it is ${String(v)}`, span);
    return v;
  }

  private compileApply(e: ApplyExpr): Generator | undefined {
    const ref = e.ref;
    if (ref.kind === 'builtin' && ref.module === 'TLA+' && (ref.name === '=' || ref.name === '\\in')) {
      const index = this.target(e.args[0]!);
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
      return (ctx, k) => {
        const targets = this.targets(ctx);
        let set;
        try {
          set = asSet(rhs(ctx), 'the right side of \\in');
        } catch (err) {
          return locate(err, span);
        }
        const old = targets[index];
        if (old !== undefined) return this.interp.isMemberAt(old, set, span) ? k() : false;
        try {
          for (const v of finiteElements(set)) {
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
    if (ref.kind === 'def' && !this.interp.hasOverride(ref.index)) {
      const def = this.interp.def(ref.index);
      if (def.kind !== 'operator' || def.params.some((p) => p.arity > 0)) return undefined;
      let body: Generator | undefined;
      const ids = def.params.map((p) => p.binder.id);
      const args = e.args.map((a) => this.interp.compile(a));
      return (ctx, k) => {
        body ??= this.compile(def.body);
        if (ids.length === 0) return body(ctx, k);
        const values = args.map((a) => a(ctx));
        return this.interp.withBindings(ctx, ids, values, () => body!(ctx, k));
      };
    }
    return undefined;
  }

  /** The variables `UNCHANGED e` names: a variable, a tuple of them, or a definition of those. */
  private unchangedVariables(e: IRExpr): number[] | undefined {
    if (e.kind === 'apply' && e.args.length === 0) {
      if (e.ref.kind === 'variable') return [e.ref.index];
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

  private compileUnchanged(arg: IRExpr): Generator {
    const vars = this.unchangedVariables(arg);
    if (!vars || this.mode !== 'next') return this.test({ kind: 'unchanged', arg, span: arg.span });
    return (ctx, k) => {
      const next = ctx.next!;
      const assigned: number[] = [];
      try {
        for (const i of vars) {
          const old = next[i];
          const now = ctx.state[i]!;
          if (old === undefined) {
            next[i] = now;
            assigned.push(i);
          } else if (!valuesEqual(old, now)) return false;
        }
        return k();
      } finally {
        for (const i of assigned) next[i] = undefined;
      }
    };
  }
}

/** Names of the unassigned variables of a complete-looking state, for error messages. */
export function unassignedVariables(state: PartialState, names: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < names.length; i++) if (state[i] === undefined) out.push(names[i]!);
  return out;
}
