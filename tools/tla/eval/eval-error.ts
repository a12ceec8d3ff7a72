// The evaluator's errors located in the source: shared by the interpreter (interpreter.ts) and the
// Init/action generators (actions.ts), which import each other's types only.
import type { Span } from '../diagnostics.js';
import { ValueError } from '../values/index.js';

/** Throws a ValueError located at `span` (the evaluator's own errors). */
export function evalError(code: ValueError['code'], message: string, span: Span, hint?: string): never {
  throw new ValueError(code, message, hint, span);
}

/** Rethrows `e`, located at `span` when it is a value error not yet located. */
export function locate(e: unknown, span: Span): never {
  if (e instanceof ValueError) throw e.withSpan(span);
  throw e;
}
