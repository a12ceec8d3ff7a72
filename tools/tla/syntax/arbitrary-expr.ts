// A fast-check generator of syntax-phase expressions that the printer and parser must round-trip:
// every AST kind, with the shapes the parser itself produces (n-ary /\ with at least two operands,
// canonical operator names, non-negative literals).
import fc from 'fast-check';
import type { Span } from '../diagnostics.js';
import type { Bound, Expr, Ident } from './ast.js';

const span: Span = { file: '<generated>', line: 1, col: 1, endLine: 1, endCol: 1 };
const names = ['x', 'y', 'zz', 'Foo', 'a1', 'S_2'];
const identifier = fc.constantFrom(...names);
const ident = identifier.map((name): Ident => ({ name, span }));
// Operators of every precedence level, so that the printer's parentheses meet each conflict SANY refuses (precedence.ts).
const infix = ['+', '-', '*', '=', '/=', '\\in', '\\notin', '\\cup', '\\cap', '\\', '\\subseteq', '..', '<=', '>=', '\\o', ':>', '@@', '%', '=>', '<=>', '\\div', '^', '<', '/', '\\cdot', '%%'];
const prefix = ['~', '-.', 'SUBSET', 'UNION', 'DOMAIN'];

function apply(name: string, args: Expr[], fixity: 'name' | 'call' | 'prefix' | 'infix' | 'postfix'): Expr {
  return { kind: 'apply', ref: { name, path: [], span }, args, fixity, span };
}

/** Expressions of every kind, nested to a small depth. */
export function arbitraryExpr(): fc.Arbitrary<Expr> {
  const { expr } = fc.letrec<{ expr: Expr; leaf: Expr }>((tie) => {
    const sub = tie('expr');
    const some = (min: number, max = 3) => fc.array(sub, { minLength: min, maxLength: max });
    const bound = fc.oneof(
      fc.record({ names: fc.uniqueArray(ident, { minLength: 1, maxLength: 2, selector: (i) => i.name }), set: sub })
        .map(({ names, set }): Bound => ({ kind: 'names', names, set, span })),
      fc.record({ names: fc.uniqueArray(ident, { minLength: 2, maxLength: 2, selector: (i) => i.name }), set: sub })
        .map(({ names, set }): Bound => ({ kind: 'tuple', names, set, span })),
    );
    const bounds = fc.array(bound, { minLength: 1, maxLength: 2 });
    // {x \in S : P} takes one name or one tuple
    const singleBound = bound.map((b): Bound => (b.kind === 'names' ? { ...b, names: b.names.slice(0, 1) } : b));
    const fields = fc.uniqueArray(fc.record({ name: identifier, value: sub }), { minLength: 1, maxLength: 3, selector: (f) => f.name })
      .map((fs) => fs.map((f) => ({ ...f, span })));
    return {
      leaf: fc.oneof(
        fc.bigInt({ min: 0n, max: 1n << 70n }).map((value): Expr => ({ kind: 'number', value, span })),
        fc.string({ unit: 'grapheme', maxLength: 6 }).map((value): Expr => ({ kind: 'string', value, span })),
        fc.boolean().map((value): Expr => ({ kind: 'boolean', value, span })),
        identifier.map((n) => apply(n, [], 'name')),
        fc.constant<Expr>({ kind: 'exceptAt', span }),
      ),
      expr: fc.oneof(
        { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
        tie('leaf'),
        fc.record({ name: identifier, args: some(1) }).map(({ name, args }) => apply(name, args, 'call')),
        fc.record({ instance: identifier, instanceArgs: some(0, 2), name: identifier, args: some(0, 2) }).map(({ instance, instanceArgs, name, args }): Expr => ({
          kind: 'apply', ref: { name, path: [{ name: instance, args: instanceArgs, span }], span }, args, fixity: args.length > 0 ? 'call' : 'name', span,
        })),
        fc.record({ op: fc.constantFrom(...infix), l: sub, r: sub }).map(({ op, l, r }) => apply(op, [l, r], 'infix')),
        fc.record({ op: fc.constantFrom(...prefix), a: sub }).map(({ op, a }) => apply(op, [a], 'prefix')),
        sub.map((a) => apply('^+', [a], 'postfix')),
        fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), bulleted: fc.boolean(), args: some(2) })
          .map(({ kind, bulleted, args }): Expr => ({ kind, bulleted, args, span })),
        fc.record({ cond: sub, then: sub, else: sub }).map((r): Expr => ({ kind: 'if', ...r, span })),
        fc.record({ arms: fc.array(fc.record({ guard: sub, body: sub }), { minLength: 1, maxLength: 2 }), other: fc.option(sub, { nil: undefined }) })
          .map(({ arms, other }): Expr => ({ kind: 'case', arms: arms.map((a) => ({ ...a, span })), ...(other ? { other } : {}), span })),
        fc.record({ name: ident, params: fc.uniqueArray(ident, { maxLength: 2, selector: (i) => i.name }), body: sub, recursive: fc.boolean(), in: sub })
          .map((r): Expr => ({
            kind: 'let', body: r.in, span,
            defs: [{ kind: 'operator', name: r.name, params: r.params.map((p) => ({ binder: p, arity: 0, span })), body: r.body, recursive: r.recursive, local: false, span }],
          })),
        fc.record({ quantifier: fc.constantFrom('forall' as const, 'exists' as const), bounds, body: sub })
          .map((r): Expr => ({ kind: 'quant', ...r, span })),
        fc.record({ quantifier: fc.constantFrom('forall' as const, 'exists' as const), temporal: fc.boolean(), names: fc.uniqueArray(ident, { minLength: 1, maxLength: 2, selector: (i) => i.name }), body: sub })
          .map((r): Expr => ({ kind: 'unboundedQuant', ...r, span })),
        fc.record({ name: ident, set: fc.option(sub, { nil: undefined }), body: sub })
          .map(({ name, set, body }): Expr => ({ kind: 'choose', names: [name], tuple: false, ...(set ? { set } : {}), body, span })),
        some(0).map((elems): Expr => ({ kind: 'setEnum', elems, span })),
        fc.record({ bound: singleBound, pred: sub }).map((r): Expr => ({ kind: 'setFilter', ...r, span })),
        fc.record({ body: sub, bounds }).map((r): Expr => ({ kind: 'setMap', ...r, span })),
        some(2).map((sets): Expr => ({ kind: 'cartesian', sets, span })),
        fc.record({ bounds, body: sub }).map((r): Expr => ({ kind: 'funcCtor', ...r, span })),
        fc.record({ domain: sub, range: sub }).map((r): Expr => ({ kind: 'funcSet', ...r, span })),
        fc.record({ fn: sub, args: some(1, 2) }).map((r): Expr => ({ kind: 'funcApp', ...r, span })),
        fields.map((fs): Expr => ({ kind: 'record', fields: fs, span })),
        fields.map((fs): Expr => ({ kind: 'recordSet', fields: fs, span })),
        fc.record({ record: sub, name: identifier }).map((r): Expr => ({ kind: 'field', ...r, span })),
        fc.record({
          fn: sub,
          updates: fc.array(fc.record({
            path: fc.array(fc.oneof(
              identifier.map((name) => ({ kind: 'field' as const, name, span })),
              some(1, 2).map((args) => ({ kind: 'index' as const, args, span })),
            ), { minLength: 1, maxLength: 2 }),
            value: sub,
          }), { minLength: 1, maxLength: 2 }),
        }).map(({ fn, updates }): Expr => ({ kind: 'except', fn, updates: updates.map((u) => ({ ...u, span })), span })),
        some(0).map((elems): Expr => ({ kind: 'tuple', elems, span })),
        fc.record({ kind: fc.constantFrom('prime' as const, 'unchanged' as const, 'enabled' as const, 'always' as const, 'eventually' as const), arg: sub })
          .map((r): Expr => ({ ...r, span })),
        fc.record({ lhs: sub, rhs: sub }).map((r): Expr => ({ kind: 'leadsTo', ...r, span })),
        fc.record({ kind: fc.constantFrom('boxAction' as const, 'angleAction' as const), action: sub, sub })
          .map((r): Expr => ({ ...r, span })),
        fc.record({ strength: fc.constantFrom('weak' as const, 'strong' as const), sub, action: sub })
          .map((r): Expr => ({ kind: 'fairness', ...r, span })),
        fc.record({ params: fc.uniqueArray(ident, { minLength: 1, maxLength: 2, selector: (i) => i.name }), body: sub, name: identifier })
          .map(({ params, body, name }) => apply(name, [{ kind: 'lambda', params: params.map((p) => ({ binder: p, arity: 0, span })), body, span }], 'call')),
      ),
    };
  });
  return expr;
}

/** The expression without spans (every node's `span`, a CASE's `otherSpan`), for comparing trees that came from different texts. */
export function withoutSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSpans);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([k, v]) => k !== 'span' && k !== 'otherSpan' && v !== undefined).map(([k, v]) => [k, withoutSpans(v)]));
  }
  return value;
}
