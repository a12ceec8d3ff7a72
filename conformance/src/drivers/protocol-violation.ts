// A protocol violation: the implementation broke the adapter contract (not JSON, wrong shape,
// silence, exit, flood, an exception). It ends the test with the verdict `broken`; the report
// quotes the offending output, the schema it should have matched and why it did not.
export type ProtocolViolationKind =
  | 'malformed-json'
  | 'schema'
  | 'timeout'
  | 'exited'
  | 'flood'
  | 'exception'
  | 'bad-effect'
  | 'declaration';

export interface ProtocolViolation {
  kind: ProtocolViolationKind;
  /** The input line the suite wrote (JSON text), when the violation answers one. */
  input?: string;
  /** What the implementation wrote, truncated for the report. */
  output?: string;
  /** Which schema (a file under conformance/protocol/schema/ and the path in it) was expected. */
  expected?: string;
  /** Why it is wrong: the parse error, the zod issues as `path: message`, the exit status... */
  detail: string;
  /** The last lines the implementation wrote on stderr. */
  stderrTail?: string;
}

export class ProtocolViolationError extends Error {
  constructor(readonly violation: ProtocolViolation) {
    super(`${violation.kind}: ${violation.detail}`);
    this.name = 'ProtocolViolationError';
  }
}

/** Keeps reports readable when an implementation writes megabytes. */
export function truncate(text: string, max = 500): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters in all)`;
}
