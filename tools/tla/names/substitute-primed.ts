// Operator application is substitution in TLA+: with `Lose(q) == q' = Tail(q)`, `Lose(msgQ)` means
// `msgQ' = Tail(msgQ)`. The evaluators pass arguments by value, which is the same thing except where
// the body primes a parameter (or takes UNCHANGED or ENABLED of it): there the argument must be
// re-read in the next state. Such calls are expanded here, in the IR, once for every consumer.
import { fail } from '../diagnostics.js';
import type { IRExpr, ResolvedDef } from './ir.js';
import { mapSubexpressions, subexpressions } from './levels.js';

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

/** The definitions with every call of an operator that primes a parameter replaced by its body. */
export function substitutePrimedParameters(defs: ResolvedDef[]): ResolvedDef[] {
  const expand = new Map<number, ResolvedDef & { kind: 'operator' }>();
  for (const d of defs) {
    if (d.kind !== 'operator' || d.params.length === 0) continue;
    if (primedParams(d.body, new Set(d.params.map((p) => p.binder.id))).size === 0) continue;
    if (d.recursive) fail('E1002', `unsupported construct: the RECURSIVE operator ${d.name.name} primes a parameter`, d.span, 'prime the argument where the operator is applied instead');
    expand.set(d.index, d);
  }
  if (expand.size === 0) return defs;
  const rewrite = (e: IRExpr, depth: number): IRExpr => {
    const mapped = mapSubexpressions(e, (c) => rewrite(c, depth));
    if (mapped.kind !== 'apply' || mapped.ref.kind !== 'def') return mapped;
    const def = expand.get(mapped.ref.index);
    if (!def || mapped.args.length !== def.params.length) return mapped;
    if (depth > 64) fail('E1002', `unsupported construct: ${def.name.name} expands into itself`, mapped.span);
    const args = new Map(def.params.map((p, i) => [p.binder.id, mapped.args[i]!]));
    const substitute = (b: IRExpr): IRExpr => (b.kind === 'apply' && b.ref.kind === 'bound' && b.args.length === 0 && args.has(b.ref.id) ? args.get(b.ref.id)! : mapSubexpressions(b, substitute));
    return rewrite(substitute(def.body), depth + 1);
  };
  return defs.map((d) => (d.kind === 'operator' ? { ...d, body: rewrite(d.body, 0) } : { ...d, bounds: d.bounds.map((b) => ({ ...b, set: rewrite(b.set, 0) })), body: rewrite(d.body, 0) }));
}
