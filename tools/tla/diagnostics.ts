// Diagnostics of the TLA+ toolchain as plain data, from one registry, rendered in GNU form
// (`file:line:col: error E2001: ...` with a caret snippet) so that editors can jump to them.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

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
 * docs/diagnostics.md is generated from this table (diagnostics-reference.ts); tests assert on
 * codes, not on wording.
 */
export const diagnosticCodes = {
  E1001: { title: 'syntax error', fix: 'correct the text at the location; the message names what the parser expected' },
  E1002: { title: 'unsupported construct', fix: 'rewrite with a construct listed in tools/tla/SUPPORTED.md' },
  E1003: { title: 'file cannot be read', fix: 'pass the path of an existing, readable .tla file (not a directory)' },
  E1004: { title: 'not a TLA+ module', fix: 'pass a UTF-8 text file holding `---- MODULE Name ----` ... `====`' },
  E1005: { title: 'operators need parentheses', fix: 'two operators whose precedence ranges overlap (Specifying Systems, p. 271), or a non-associative one twice, meet without parentheses; SANY refuses it: add parentheses as the hint shows' },
  E2001: { title: 'unknown identifier', fix: 'declare or define the name, EXTENDS the module that defines it, or fix its spelling (the hint suggests one)' },
  E2002: { title: 'wrong number of arguments', fix: 'call the operator with as many arguments as its definition has parameters' },
  E2003: { title: 'module not found', fix: 'put Name.tla beside the spec or in a folder of the search path' },
  E2004: { title: 'duplicate definition or declaration', fix: 'rename one of the two; a bound name, parameter or LET definition may not reuse a name visible where it is declared (SANY: "Multiply-defined symbol")' },
  E2005: { title: 'module name differs from its file name', fix: 'name the module as its file (MODULE Name in Name.tla), as SANY requires' },
  E3001: { title: 'type error in evaluation', fix: 'the operator received a value of the wrong kind; check the expression at the location' },
  E3002: { title: 'integer overflow', fix: 'TLC integers are 32-bit; bound the model so values stay within -2^31..2^31-1' },
  E3003: { title: 'function applied outside its domain', fix: 'apply the function only to elements of its DOMAIN' },
  E3004: { title: 'CHOOSE found no value', fix: 'make sure some element of the set satisfies the predicate' },
  E3005: { title: 'assertion failed', fix: 'the spec\'s Assert(...) was false in the state shown' },
  E3006: { title: 'no CASE arm applies', fix: 'add an OTHER arm or make the guards cover every case' },
  E3007: { title: 'set too large to enumerate', fix: 'enumerate a finite set (e.g. 0..N instead of Nat), or only test membership' },
  E3008: { title: 'recursion or nesting too deep', fix: 'bound the recursion depth or split the expression; TLC stops at a similar depth (StackOverflowError)' },
  E4001: { title: 'malformed configuration', fix: 'correct the .cfg at the location; sections are CONSTANT(S), INIT, NEXT, SPECIFICATION, INVARIANT(S), PROPERTY(IES), CONSTRAINT(S), ACTION_CONSTRAINT(S), SYMMETRY, VIEW, CHECK_DEADLOCK' },
  E4002: { title: 'configuration names something the spec lacks', fix: 'define the name in the spec or remove it from the .cfg' },
  E4003: { title: 'a constant INVARIANT, PROPERTY or CONSTRAINT is not TRUE', fix: 'a formula without variables is checked once, before any state, as TLC does: state it as an ASSUME, or make it depend on the variables' },
  E5001: { title: 'property form not supported', fix: 'state the property as []P, [][A]_v, <>P, []<>P, <>[]P or P ~> Q (see tools/tla/SUPPORTED.md)' },
  E6001: { title: 'cannot compile', fix: 'run with --interpreted, and report the construct' },
} as const satisfies Record<string, { title: string; fix: string }>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  span?: Span;
  hint?: string;
  /** What TLC would say instead of `message`, where we know it: the TLC-style report on stdout uses it. */
  tlc?: TlcWording;
  /** For an evaluation error: the expressions being evaluated, outermost first (TLC's evaluation stack). */
  nested?: Span[];
  /** SANY's words for the error, which TLC prints before "Error: Parsing or semantic analysis failed." (trace/tlc-text.ts). */
  sany?: SanyWording;
}

/**
 * SANY's words for an error: a semantic one (`Unknown operator: `Foo'.`) at its region, which TLC prints
 * under "Semantic errors:", after SANY's `warning` of the same region when SANY warns there too; or
 * one met before semantic analysis, naming only a module (`at: { module }`: a module not found), which
 * SANY reports as fatal errors of parsing the spec's root file.
 */
export interface SanyWording {
  text: string;
  at: Span | { module: string; root: string };
  warning?: string;
}

/**
 * An error in TLC's words (trace/tlc-text.ts prints them where TLC does): `message`, TLC's text, or a
 * set that `x \in S` in Init or an action, or a quantifier's bound, cannot enumerate (worded by phase);
 * `invariant` when it was met evaluating one.
 */
export type TlcWording = (
  | {
      kind: 'message';
      text: string;
      /**
       * TLC raises it as an untyped RuntimeException: from a next state TLC reports "TLC threw an
       * unexpected exception", and on an initial state's invariant it shows that state; otherwise it
       * is an error of TLC's own, reported as it is.
       */
      general: boolean;
      /** The expression TLC names after the message, when it names one: `'error'`, the diagnostic's own span. */
      at?: Span | 'error';
      /** TLC names it on the message's last line, after a space, not on a line of its own. */
      atInline?: true;
      /**
       * A failing Java cast in one of TLC's overrides of a standard module's operator (tlc2.module.Integers):
       * TLC's own runtime exception, so met before any state it is printed alone.
       */
      javaOverride?: true;
      /**
       * TLC met it fingerprinting a value it had left lazy: it reports "TLC was unable to fingerprint"
       * with the nested expressions as a "Fingerprint Stack Trace" and the message again as the reason.
       */
      fingerprint?: true;
    }
  | { kind: 'not-enumerable'; construct: 'membership' | 'quantifier'; set: string }
) & {
  invariant?: string;
  /** Met evaluating the ASSUME whose expression is there: TLC's "Evaluating assumption ... failed." before the words. */
  assumption?: Span;
  /**
   * Met evaluating a constant-level predicate of a temporal property, which TLC evaluates once while it
   * processes the properties (Liveness.astToLive), before any state: reported as its top level reports it.
   */
  startup?: true;
};

/** The module a span is in, as TLC names it: the file's name without `.tla`. */
export function moduleOf(span: Span): string {
  return basename(span.file).replace(/\.tla$/, '');
}

/** TLC's form of a source region: `line L, col C to line L2, col C2 of module M` (inclusive end). */
export function tlcLocation(s: Span): string {
  return `line ${s.line}, col ${s.col} to line ${s.endLine}, col ${s.endCol - 1} of module ${moduleOf(s)}`;
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

export function diagnostic(code: DiagnosticCode, message: string, span?: Span, hint?: string, tlc?: TlcWording): Diagnostic {
  return { code, severity: 'error', message, ...(span ? { span } : {}), ...(hint ? { hint } : {}), ...(tlc ? { tlc } : {}) };
}

/** Throws a single diagnostic; a phase's way of refusing input (`tlc`: what TLC prints instead, where we know it). */
export function fail(code: DiagnosticCode, message: string, span?: Span, hint?: string, tlc?: TlcWording): never {
  throw new DiagnosticError(diagnostic(code, message, span, hint, tlc));
}

/** TLC's words for an error it meets before any state (loading the model), which it reports as they are. */
export function tlcLoading(text: string): TlcWording {
  return { kind: 'message', text, general: false };
}

/**
 * Renders a diagnostic in GNU form. `source` is the text of `span.file`, when available,
 * for the snippet with a caret under the offending region.
 */
export function renderDiagnostic(d: Diagnostic, source?: string): string {
  const where = d.span ? `${d.span.file}:${d.span.line}:${d.span.col}: ` : '';
  const lines = [`${where}${d.severity} ${d.code}: ${printable(d.message)}`];
  if (d.span && source !== undefined) {
    const text = source.split(/\r?\n/)[d.span.line - 1];
    if (text !== undefined) {
      const gutter = String(d.span.line);
      const width = d.span.endLine === d.span.line ? Math.max(1, d.span.endCol - d.span.col) : Math.max(1, text.length - d.span.col + 1);
      lines.push(`  ${gutter} | ${printable(text)}`);
      lines.push(`  ${' '.repeat(gutter.length)} | ${' '.repeat(d.span.col - 1)}${'^'.repeat(width)}`);
    }
  }
  if (d.hint) lines.push(`  hint: ${printable(d.hint)}`);
  if (d.nested && d.nested.length > 0) {
    // TLC's words and positions, each also as file:line:col for editors.
    lines.push('Error: The error occurred when TLC was evaluating the nested', 'expressions at the following positions:');
    d.nested.forEach((s, i) => lines.push(`${i}. Line ${s.line}, column ${s.col} to line ${s.endLine}, column ${s.endCol - 1} in ${moduleOf(s)} (${s.file}:${s.line}:${s.col})`));
  }
  return lines.join('\n') + '\n';
}

/**
 * `text` with control characters shown as `\xNN`: source quoted in a message must not move the
 * cursor, clear the screen or change colours in the user's terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * Creates `folder` and its missing parents, throwing the failing `mkdir`'s error. Not Node's
 * `{ recursive: true }`: on a file system that refuses new folders with ENOENT although the parent
 * exists (/proc, /sys), Node's retries loop forever instead of failing. The error thrown there has
 * code ENOENT and `parentExists` set, which `fileErrorReason` words accordingly.
 */
export function makeFolders(folder: string): void {
  const missing: string[] = [];
  for (let f = resolve(folder); !existsSync(f); f = dirname(f)) missing.unshift(f);
  for (const f of missing) {
    try {
      mkdirSync(f);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue; // made meanwhile by another process
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && existsSync(dirname(f))) Object.assign(error as object, { parentExists: true });
      throw error;
    }
  }
}

/** Why a file operation failed, in words (`no such file or folder`), for a message naming the file. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return (error as { parentExists?: boolean }).parentExists ? 'the file system there refuses new folders' : 'no such file or folder';
    case 'EISDIR': return 'it is a folder';
    case 'ENOTDIR': return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    default: return code ?? String(error);
  }
}
