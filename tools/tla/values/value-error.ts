// The error every value operation throws: a DiagnosticError with an E3xxx code and no span yet;
// the evaluator attaches the span of the expression being evaluated (see `withSpan`).
import { DiagnosticError, diagnostic, type DiagnosticCode, type Span, type TlcWording } from '../diagnostics.js';

export class ValueError extends DiagnosticError {
  constructor(code: DiagnosticCode, message: string, hint?: string, span?: Span, tlc?: TlcWording) {
    super({ ...diagnostic(code, message, span, hint), ...(tlc ? { tlc } : {}) });
    this.name = 'ValueError';
  }

  get code(): DiagnosticCode {
    return this.diagnostics[0]!.code;
  }

  /** This error located at `span`, unless an inner expression already located it. */
  withSpan(span: Span | undefined): ValueError {
    const d = this.diagnostics[0]!;
    if (d.span || !span) return this;
    return new ValueError(d.code, d.message, d.hint, span, d.tlc);
  }

  /** This error with TLC's wording noted (`tlc` merged into what an inner construct noted). */
  withTlc(tlc: Partial<TlcWording>): ValueError {
    const d = this.diagnostics[0]!;
    const merged = { ...d.tlc, ...tlc };
    if (merged.notEnumerable === undefined || merged.set === undefined) return this;
    return new ValueError(d.code, d.message, d.hint, d.span, merged as TlcWording);
  }
}

export function valueError(code: DiagnosticCode, message: string, hint?: string): never {
  throw new ValueError(code, message, hint);
}

/**
 * True for the JavaScript engine's stack overflow. Called where the stack is nearly exhausted, so it
 * does no work that could fail otherwise (a regular expression there throws a SyntaxError): when it
 * overflows itself, the RangeError reaches the caller's frame, which asks again.
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message === 'Maximum call stack size exceeded';
}

/**
 * E3008 for a stack overflow met while evaluating (or compiling) the definition `name`: deep
 * recursion or a deeply nested expression, which TLC refuses too (Java's StackOverflowError).
 */
export function tooDeepError(name: string, span?: Span): ValueError {
  return new ValueError('E3008', `evaluating ${name} nests deeper than the evaluator's stack allows`, `bound the recursion of ${name} (TLC stops near the same depth), or compute it over a set or sequence instead`, span);
}
