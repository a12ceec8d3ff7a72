// Diagnostics of the TLA+ toolchain as plain data, from one registry, rendered in GNU form
// (`file:line:col: error E2001: ...` with a caret snippet) so that editors can jump to them.

/** A region of source text. Lines and columns are 1-based; `endCol` is exclusive. */
export interface Span {
  file: string;
  line: number;
  col: number;
  endLine: number;
  endCol: number;
}

export type Severity = 'error' | 'warning';

/**
 * Every diagnostic code the TLA+ toolchain can emit. Bands: E1xxx syntax, E2xxx names and
 * modules, E3xxx evaluation, E4xxx configuration (.cfg), E5xxx model checking, E6xxx tla2ts.
 * docs/diagnostics.md is generated from this table; tests assert on codes, not on wording.
 */
export const diagnosticCodes = {
  E1001: 'syntax error',
  E1002: 'unsupported construct',
  E2001: 'unknown identifier',
  E2002: 'wrong number of arguments',
  E2003: 'module not found',
  E2004: 'duplicate definition',
  E3001: 'type error in evaluation',
  E3002: 'integer overflow',
  E3003: 'function applied outside its domain',
  E3004: 'CHOOSE found no value',
  E3005: 'assertion failed',
  E3006: 'no CASE arm applies',
  E3007: 'set too large to enumerate',
  E4001: 'malformed configuration',
  E4002: 'configuration names something the spec lacks',
  E5001: 'property form not supported',
  E6001: 'cannot compile',
} as const satisfies Record<string, string>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span?: Span;
  hint?: string;
}

/** Thrown by any phase that meets bad input; the CLI renders it and exits 65. */
export class DiagnosticError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[]) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'DiagnosticError';
    this.diagnostics = list;
  }
}

export function diagnostic(code: DiagnosticCode, message: string, span?: Span, hint?: string): Diagnostic {
  return { code, severity: 'error', message, ...(span ? { span } : {}), ...(hint ? { hint } : {}) };
}

/** Throws a single diagnostic; a phase's way of refusing input. */
export function fail(code: DiagnosticCode, message: string, span?: Span, hint?: string): never {
  throw new DiagnosticError(diagnostic(code, message, span, hint));
}

/**
 * Renders a diagnostic in GNU form. `source` is the text of `span.file`, when available,
 * for the snippet with a caret under the offending region.
 */
export function renderDiagnostic(d: Diagnostic, source?: string): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : '';
  const lines = [`${where}${d.severity} ${d.code}: ${d.message}`];
  if (d.span && source !== undefined) {
    const text = source.split(/\r?\n/)[d.span.line - 1];
    if (text !== undefined) {
      const gutter = String(d.span.line);
      const width = d.span.endLine === d.span.line ? Math.max(1, d.span.endCol - d.span.col) : Math.max(1, text.length - d.span.col + 1);
      lines.push(`  ${gutter} | ${text}`);
      lines.push(`  ${' '.repeat(gutter.length)} | ${' '.repeat(d.span.col - 1)}${'^'.repeat(width)}`);
    }
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join('\n') + '\n';
}
