// Init and action formulas → JavaScript generator functions `(ctx, k) => boolean` that enumerate
// states directly: the same reading as eval/actions.ts (ActionShape decides what assigns, what
// splices, what expands), with tests, assignments and UNCHANGED inlined into straight-line code.
import { fail, type Diagnostic } from '../diagnostics.js';
import { actionConjunct, actionForallBody, initConjunct, initForallBody, isImplication, type ActionShape } from '../eval/index.js';
import type { IRExpr, ResolvedModule } from '../names/index.js';
import { ExprCompiler, refusalOf } from './codegen.js';
import { spanData } from './embed.js';

type ApplyExpr = Extract<IRExpr, { kind: 'apply' }>;

/** One formula to compile: Init (mode 'init') or an action (mode 'next'). */
export interface GeneratorRequest {
  expr: IRExpr;
  shape: ActionShape;
}

export interface EmittedGenerators {
  /** JavaScript module exporting `compileGenerators(rt)`: one generator per request, null where refused. */
  source: string;
  /** Why a request was refused (then the interpreter's generator runs it), by request index. */
  refused: (Diagnostic | undefined)[];
}

class GeneratorCompiler {
  /** `function G<i>(ctx, k) {...}` sources; an entry is '' while its body is being compiled. */
  readonly functions: string[] = [];
  /** Expanded user-defined actions, by mode and definition index → function name (recursion-safe). */
  private readonly expanded = new Map<string, { name: string; created: number }>();
  private fresh = 0;

  constructor(private readonly exprs: ExprCompiler) {}

  /** `G<i>(ctx, k)`'s parameter list, typed when the ExprCompiler emits TypeScript. */
  private get params(): string {
    return this.exprs.typed ? '(ctx: EvalContext, k: () => boolean): boolean' : '(ctx, k)';
  }

  /** Compiles a request, or rolls back what it added and rethrows. */
  request(r: GeneratorRequest): string {
    if (r.shape.instances.size > 0) fail('E6001', 'cannot compile ENABLED written in an instantiated module with substituted variables (interpreted)', r.expr.span);
    const mark = this.functions.length;
    try {
      return this.generator(r.expr, r.shape);
    } catch (error) {
      this.functions.length = mark;
      for (const [key, entry] of this.expanded) if (entry.created >= mark) this.expanded.delete(key);
      throw error;
    }
  }

  private generator(e: IRExpr, shape: ActionShape): string {
    const index = this.functions.length;
    const name = `G${index}`;
    this.functions.push('');
    const body = this.body(e, shape);
    // `_ctx` when unread, so that the output compiles under noUnusedParameters (as codegen's closures)
    this.functions[index] = `function ${name}${/\bctx\b/.test(body) ? this.params : this.params.replace('ctx', '_ctx')} {\n${body}\n}`;
    return name;
  }

  private local(prefix: string): string {
    return `${prefix}${this.fresh++}`;
  }

  private targets(shape: ActionShape): string {
    return shape.mode === 'next' ? (this.exprs.typed ? 'ctx.next!' : 'ctx.next') : 'ctx.state';
  }

  /** The value of variable `v` in the current state (UNCHANGED's right side); always assigned there. */
  private current(v: number): string {
    return `ctx.state[${v}]${this.exprs.typed ? '!' : ''}`;
  }

  /** `e` as a test of `shape`'s mode; `what` as `asBool`'s (a conjunct by default). */
  private test(e: IRExpr, shape: ActionShape, what = shape.mode === 'next' ? actionConjunct : initConjunct): string {
    return `rt.bool(${this.exprs.expr(e)}, ${this.exprs.span(e.span)}, ${JSON.stringify(what)})`;
  }

  /** Statements enumerating `e`, calling `k()` per way it holds; they end by returning. */
  private body(e: IRExpr, shape: ActionShape): string {
    const x = this.exprs;
    switch (e.kind) {
      case 'and':
        return this.conjunction(shape.conjuncts(e.args), 0, shape);
      case 'or': {
        const disjuncts = e.args.map((a) => this.generator(a, shape));
        return `return ctx.random ? rt.anyAtRandom(ctx, [${disjuncts.join(', ')}], k) : ${disjuncts.map((g) => `${g}(ctx, k)`).join(' || ')};`;
      }
      case 'quant':
        if (e.quantifier === 'forall') {
          const test = this.local('t');
          return [
            `const ${test} = (ctx${this.exprs.typed ? ': EvalContext' : ''}) => ${this.test(e.body, shape, shape.mode === 'next' ? actionForallBody : initForallBody)};`,
            `return rt.conjoinOverBindings(ctx, ${x.bounds(e.bounds)}, ${this.generator(e.body, shape)}, ${test}, ${JSON.stringify(shape.mode)}, k);`,
          ].join('\n');
        }
        const body = `${this.generator(e.body, shape)}(ctx, k)`;
        return `return ctx.random ? rt.forEachBindingAtRandom(ctx, ${x.bounds(e.bounds)}, () => ${body}) : ${x.exists(e.bounds, body, true)};`;
      case 'if':
        return `return rt.bool(${x.expr(e.cond)}, ${x.span(e.cond.span)}, "the condition of IF", ${x.span(e.span)}) ? ${this.generator(e.then, shape)}(ctx, k) : ${this.generator(e.else, shape)}(ctx, k);`;
      case 'case': {
        const arms = e.arms.map((a) => `if (rt.bool(${x.expr(a.guard)}, ${x.span(a.guard.span)}, "a CASE guard")) return ${this.generator(a.body, shape)}(ctx, k);`);
        const other = e.other
          ? `return ${this.generator(e.other, shape)}(ctx, k);`
          : `return rt.noCaseArm(${x.span(e.span)});`;
        return [...arms, other].join('\n');
      }
      case 'let':
        shape.enterLet(e);
        return `return rt.let(ctx, ${x.letBindings(e, true)}, () => ${this.generator(e.body, shape)}(ctx, k));`;
      case 'funcApp':
        // TLC reads the body of a lazily defined function at the point as an action: the interpreter does that.
        if (shape.expandableFunction(e)) fail('E6001', 'cannot compile: f[x] of a function definition as an action (interpreted)', e.span);
        break;
      case 'angleAction':
      case 'boxAction':
        if (shape.mode === 'next') fail('E6001', 'cannot compile <<A>>_v or [A]_v as an action yet (interpreted)', e.span);
        break;
      case 'unchanged': {
        const vars = shape.unchangedVariables(e.arg);
        if (!vars || shape.mode !== 'next') break;
        return this.assignments(vars.map((v) => ({ index: v, value: this.current(v) })), 'return k();', shape);
      }
      case 'apply': {
        const special = this.apply(e, shape);
        if (special !== undefined) return special;
        break;
      }
    }
    return `return ${this.test(e, shape)} ? k() : false;`;
  }

  /** Conjuncts from `i` on: tests, assignments and UNCHANGED inline; a branching conjunct gets the rest as its continuation. */
  private conjunction(parts: readonly IRExpr[], i: number, shape: ActionShape): string {
    if (i === parts.length) return 'return k();';
    const part = parts[i]!;
    const conjunct = shape.conjunct(part);
    switch (conjunct.kind) {
      case 'test':
        return `if (!${this.test(part, shape)}) return false;\n${this.conjunction(parts, i + 1, shape)}`;
      case 'assign':
        return this.assignments([{ index: conjunct.index, value: this.exprs.expr(conjunct.rhs) }], this.conjunction(parts, i + 1, shape), shape);
      case 'unchanged':
        return this.assignments(conjunct.vars.map((v) => ({ index: v, value: this.current(v) })), this.conjunction(parts, i + 1, shape), shape);
      case 'gen': {
        const rest = i + 1 === parts.length ? 'k' : `() => {\n${this.conjunction(parts, i + 1, shape)}\n}`;
        if (i === 0) return `return ${this.generator(part, shape)}(ctx, ${rest});`;
        // Reached after an earlier conjunct with every variable assigned: a test, as in TLC.
        const r = this.local('r');
        return [
          `const ${r} = ${rest};`,
          `if (rt.allAssigned(${this.targets(shape)})) return ${this.test(part, shape)} ? ${r}() : false;`,
          `return ${this.generator(part, shape)}(ctx, ${r});`,
        ].join('\n');
      }
      default:
        return conjunct satisfies never;
    }
  }

  /**
   * Each target gets its value if it has none (undone when `rest` returns), else must already
   * equal it; then `rest` runs.
   */
  private assignments(list: readonly { index: number; value: string }[], rest: string, shape: ActionShape): string {
    const t = this.targets(shape);
    return list.reduceRight((inner, { index, value }) => {
      const v = this.local('v');
      const old = this.local('o');
      return [
        `const ${v} = ${value};`,
        `const ${old} = ${t}[${index}];`,
        `if (${old} === undefined) ${t}[${index}] = ${v};`,
        `else if (!rt.equal(${old}, ${v})) return false;`,
        `try {\n${inner}\n} finally {\nif (${old} === undefined) ${t}[${index}] = undefined;\n}`,
      ].join('\n');
    }, rest);
  }

  private apply(e: ApplyExpr, shape: ActionShape): string | undefined {
    const ref = e.ref;
    const x = this.exprs;
    if (ref.kind === 'builtin' && ref.module === 'TLA+' && (ref.name === '=' || ref.name === '\\in')) {
      const index = shape.target(e.args[0]!);
      if (index < 0) return undefined;
      const rhs = e.args[1]!;
      if (ref.name === '=') return this.assignments([{ index, value: x.expr(rhs) }], 'return k();', shape);
      const t = this.targets(shape);
      const set = this.local('s');
      const old = this.local('o');
      const element = this.local('e');
      const elements = this.local('l');
      return [
        `const ${set} = rt.set(${x.expr(rhs)}, ${x.span(rhs.span)}, "the right side of \\\\in");`,
        `const ${old} = ${t}[${index}];`,
        `if (${old} !== undefined) return rt.member(${old}, ${set}, ${x.span(rhs.span)}, "the right side of \\\\in") ? k() : false;`,
        `const ${elements} = rt.elements(ctx, ${set}, ${x.span(e.span)});`,
        `try {\nif (ctx.random) return rt.assignAtRandom(ctx, ${elements}, (${element}) => { ${t}[${index}] = ${element}; }, k);\nfor (const ${element} of ${elements}) {\n${t}[${index}] = ${element};\nif (k()) return true;\n}\nreturn false;\n} finally {\n${t}[${index}] = undefined;\n}`,
      ].join('\n');
    }
    if (isImplication(e)) {
      const premise = e.args[0]!;
      return `return rt.bool(${x.expr(premise)}, ${x.span(premise.span)}, "the left side of =>") ? ${this.generator(e.args[1]!, shape)}(ctx, k) : k();`;
    }
    // A user-defined action: expanded, so that its disjuncts branch and its x' = e assign.
    const def = shape.expandable(e);
    if (!def || (ref.kind !== 'def' && ref.kind !== 'bound')) return undefined;
    // Its continuation must run in the caller's bindings, which the interpreter's expansion restores.
    if (def.recursive) fail('E6001', `cannot compile: the RECURSIVE action ${def.name.name} (interpreted)`, e.span);
    // A LET's operator by its binder id (unique in a module), a module-level one by its index.
    const key = `${shape.mode}:${ref.kind === 'def' ? ref.index : `let ${ref.id}`}`;
    let entry = this.expanded.get(key);
    if (!entry) {
      // Registered before its body is compiled, so that a recursive action calls itself.
      const index = this.functions.length;
      entry = { name: `G${index}`, created: index };
      this.expanded.set(key, entry);
      this.functions.push('');
      this.functions[index] = `function ${entry.name}${this.params} {\n${this.body(def.body, shape)}\n}`;
    }
    if (def.params.length === 0) return `return ${entry.name}(ctx, k);`;
    // All arguments passed first (they may mention the parameters' outer values), then bound together,
    // inline: rt.withBindings cost two arrays and a closure per binding (TwoPhase's RMPrepare(r), ...).
    const args = e.args.map((a) => ({ value: this.local('a'), code: x.callArgument(a, shape.mode) }));
    const slots = def.params.map((p, i) => ({ slot: `ctx.locals[${p.binder.id}]`, saved: this.local('b'), value: args[i]!.value }));
    return [
      ...args.map((a) => `const ${a.value} = ${a.code};`),
      ...slots.map((s) => `const ${s.saved} = ${s.slot};`),
      ...slots.map((s) => `${s.slot} = ${s.value};`),
      `try {\nreturn ${entry.name}(ctx, k);\n} finally {\n${slots.map((s) => `${s.slot} = ${s.saved};`).join('\n')}\n}`,
    ].join('\n');
  }
}

/**
 * The generators of `requests` as the source of one function declaration, `compileGenerators(rt)`,
 * returning one generator per request (null where refused). Its span table and caches are local to
 * it, so that it can sit beside emit.ts's `compile(rt)` in one module. `typed`: TypeScript;
 * `fileName`: each span's file as the output names it.
 */
export function emitGeneratorFunction(module: ResolvedModule, requests: readonly GeneratorRequest[], typed = false, fileName = (file: string) => file): EmittedGenerators {
  const exprs = new ExprCompiler(module, typed);
  const compiler = new GeneratorCompiler(exprs);
  const refused: (Diagnostic | undefined)[] = [];
  const names = requests.map((r, i) => {
    try {
      return compiler.request(r);
    } catch (error) {
      refused[i] = refusalOf(error, 'this expression', r.expr.span).diagnostics[0]!;
      return 'null';
    }
  });
  const source = [
    `function compileGenerators(rt${typed ? ': Runtime): (Generator | null)[]' : ')'} {`,
    `const S${typed ? ': Span[]' : ''} = ${spanData(exprs.spans, fileName)};`,
    ...(exprs.closed.length > 0 ? [`const C = rt.closedCache(${JSON.stringify(exprs.closed)});`] : []),
    ...exprs.hoisted.map((code, i) => `const H${i} = ${code};`),
    ...compiler.functions,
    `return [${names.join(', ')}];`,
    '}',
  ].join('\n');
  return { source, refused };
}

/** The generators of `requests` as one JavaScript module exporting `compileGenerators(rt)`. */
export function emitGenerators(module: ResolvedModule, requests: readonly GeneratorRequest[]): EmittedGenerators {
  const { source, refused } = emitGeneratorFunction(module, requests);
  return { source: `// Generated by cloudos tla2ts: Init and action generators; do not edit.\nexport ${source}\n`, refused };
}
