// The error every value operation throws: a DiagnosticError with an E3xxx code and no span yet;
// the evaluator attaches the span of the expression being evaluated (see `withSpan`).
import { DiagnosticError, diagnostic, type DiagnosticCode, type Span, type TlcWording } from '../diagnostics.js';

export class ValueError extends DiagnosticError {
  constructor(code: DiagnosticCode, message: string, hint?: string, span?: Span, tlc?: TlcWording) {
    super(diagnostic(code, message, span, hint, tlc));
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

  /** This error in TLC's words, unless an inner construct already worded it. */
  withTlc(tlc: TlcWording): ValueError {
    const d = this.diagnostics[0]!;
    return d.tlc ? this : new ValueError(d.code, d.message, d.hint, d.span, tlc);
  }

  /** This error met evaluating the ASSUME whose expression is at `span`, which TLC's report names. */
  inAssumption(span: Span): ValueError {
    const d = this.diagnostics[0]!;
    return d.tlc ? new ValueError(d.code, d.message, d.hint, d.span, { ...d.tlc, assumption: span }) : this;
  }

  /** This error met evaluating the invariant `name`, which TLC's report names. */
  inInvariant(name: string): ValueError {
    const d = this.diagnostics[0]!;
    return d.tlc ? new ValueError(d.code, d.message, d.hint, d.span, { ...d.tlc, invariant: name }) : this;
  }
}

export function valueError(code: DiagnosticCode, message: string, hint?: string, tlc?: TlcWording): never {
  throw new ValueError(code, message, hint, undefined, tlc);
}

/** TLC's words for an error it raises as a RuntimeException of no kind of its own, naming `at` when it does. */
export function tlcGeneral(text: string, at?: Span | 'error'): TlcWording {
  return { kind: 'message', text, general: true, ...(at ? { at } : {}) };
}

/** TLC's words for a value its Java override of `op` (tlc2.module.Integers) fails to cast: a RuntimeException of its own. */
export function tlcJavaOverride(text: string): TlcWording {
  return { kind: 'message', text, general: true, javaOverride: true };
}

/** TLC's words for an error of its own kind (an operator of a standard module, Assert). */
export function tlcCoded(text: string): TlcWording {
  return { kind: 'message', text, general: false };
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
