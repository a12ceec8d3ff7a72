// The evaluator's errors located in the source: shared by the interpreter (interpreter.ts) and the
// Init/action generators (actions.ts), which import each other's types only.
import type { Span, TlcWording } from '../diagnostics.js';
import { formatValue, ValueError, type SetValue } from '../values/index.js';

/** Throws a ValueError located at `span` (the evaluator's own errors). */
export function evalError(code: ValueError['code'], message: string, span: Span, hint?: string, tlc?: TlcWording): never {
  throw new ValueError(code, message, hint, span, tlc);
}

/** Rethrows `e`, located at `span` when it is a value error not yet located. */
export function locate(e: unknown, span: Span): never {
  if (e instanceof ValueError) throw e.withSpan(span);
  throw e;
}

/**
 * As `locate`, for a failed enumeration of `set` by `construct`: notes the construct where we know
 * TLC's words for it (TlcWording), which depend on what enumerated the set and on the set: Nat, Int
 * and STRING for `x \in S`, Nat and Int for a quantifier (TLC has other words for Seq(S) and others).
 */
export function locateEnumeration(e: unknown, span: Span, construct: 'membership' | 'quantifier', set: SetValue): never {
  const worded = set.kind === 'infinite' && (construct === 'membership' || set.name !== 'STRING');
  if (worded && e instanceof ValueError && e.code === 'E3007' && !e.diagnostics[0]!.tlc) {
    throw e.withSpan(span).withTlc({ kind: 'not-enumerable', construct, set: formatValue(set) });
  }
  return locate(e, span);
}
