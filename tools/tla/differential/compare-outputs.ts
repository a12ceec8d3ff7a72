// What a TLC-style report says (verdict, counts, depth, counterexample), read from TLC's output or
// `cloudos check`'s, and how two reports differ: the differential runs' one judgement.

/** A report reduced to what must be equal: the verdict, the final statistics and the counterexample. */
export interface OutputSummary {
  /** `holds`, `invariant <name>`, `deadlock`, `temporal`, `property <name>`, `action-property <name>`, `assumption`, `error`, `refused` (the spec was not accepted). */
  verdict: string;
  /** `generated/distinct/left`, or undefined when the report has no statistics line. */
  counts?: string;
  depth?: number;
  /** Each state of the counterexample: its label line (`<A0 line 3, col 1 to ...>`) and its variable lines, in the printed order (a value's continuation lines after `\n`). */
  trace: { label: string; lines: string[] }[];
  /** How a liveness counterexample ends: `Back to state 2`, `Stuttering`. */
  loop?: string;
  /** The properties a temporal violation names (`P`, `P and Q`, `P, Q, and R`). */
  violated?: string;
  /** TLC's warning after a stuttering counterexample: the spec has no fairness, or no SPECIFICATION. */
  warning?: 'no-fairness' | 'no-specification';
  /** An evaluation error's or a false ASSUME's report, its lines up to the behaviour, the state or the statistics. */
  message?: string;
}

/** The kinds of difference, most telling first: a run reports only its first. */
export const differenceKinds = ['ours-crashed', 'tlc-refused', 'ours-refused', 'timeout', 'verdict', 'counts', 'depth', 'trace', 'message', 'liveness-counterexample'] as const;
export type DifferenceKind = (typeof differenceKinds)[number];

export interface Difference {
  kind: DifferenceKind;
  /** TLC's value and ours, for the kind's field. */
  tlc: string;
  ours: string;
}

export function summarizeOutput(text: string): OutputSummary {
  const counts = [...text.matchAll(/([\d,]+) states generated, ([\d,]+) distinct states found, ([\d,]+) states left on queue/g)].at(-1);
  const depth = /The depth of the complete state graph search is (\d+)/.exec(text);
  const violated = /Error: Temporal propert(?:y (\S+) was|ies (.+) were) violated/.exec(text);
  const warning = /^Warning: The stuttering counterexample above may be caused by the absence of a (fairness constraint|behavior specification)/m.exec(text);
  const verdict = verdictOf(text);
  const message = verdict === 'error' || verdict === 'assumption' ? messageOf(text) : undefined;
  return {
    verdict,
    ...(message !== undefined ? { message } : {}),
    ...(counts ? { counts: counts.slice(1, 4).map((n) => n!.replace(/,/g, '')).join('/') } : {}),
    ...(depth ? { depth: Number(depth[1]) } : {}),
    trace: traceOf(text),
    ...loopOf(text),
    ...(violated ? { violated: violated[1] ?? violated[2]! } : {}),
    ...(warning ? { warning: warning[1] === 'fairness constraint' ? 'no-fairness' : 'no-specification' } : {}),
  };
}

function verdictOf(text: string): string {
  const named = (pattern: RegExp, kind: string): string | undefined => {
    const m = pattern.exec(text);
    return m ? `${kind} ${m[1]}` : undefined;
  };
  // SANY's refusal, or ours: a syntax, name or configuration diagnostic (E4003, a constant invariant found false, is TLC's error too).
  if (/Parsing or semantic analysis failed|^\*\*\* Errors?:|error E(?:[12]\d{3}|400[12])\b/m.test(text)) return 'refused';
  if (/error E4003\b|The (?:invariant|property|constraint) of \S+ is equal to/.test(text)) return 'error';
  return (
    // A []P conjunct checked as an invariant TLC may name by its location (`line 8, col 16 to ... of module E`).
    named(/Error: Invariant (.+?) is violated/, 'invariant') ??
    (/Error: Deadlock reached/.test(text) ? 'deadlock' : undefined) ??
    (/Error: Temporal propert(?:ies were|y \S+ was|ies .+ were) violated/.test(text) ? 'temporal' : undefined) ??
    named(/Error: Action property (\S+) is violated/, 'action-property') ??
    named(/Error: Property (\S+) is violated/, 'property') ??
    (/Assumption .* is false|Error: Assumption/.test(text) ? 'assumption' : undefined) ??
    (/^Error:/m.test(text) ? 'error' : undefined) ??
    (/Model checking completed\. No error has been found/.test(text) ? 'holds' : 'none')
  );
}

/**
 * The counterexample's states: each `State N: <label>` (or `N: <label>`) block's `/\ var = value`
 * lines (`var = value` when there is one variable), a value TLC breaks over several lines kept as printed, its
 * line breaks and indentation compared too (tools/tla/values/tlc-layout.ts); an invariant violated by an initial
 * state, or failing to evaluate there, is printed without a block header. Every state ends at a blank line, so
 * that the indented lines of a diagnostic after it (ours, on stderr) are not read as its value's.
 */
function traceOf(text: string): OutputSummary['trace'] {
  const states: OutputSummary['trace'] = [];
  let current: { label: string; lines: string[] } | undefined;
  for (const line of text.split('\n')) {
    const header = /^(?:State )?\d+: (<.*>)\s*$/.exec(line);
    if (header) {
      current = { label: header[1]!.replace(/ of module \S+>$/, '>'), lines: [] };
      states.push(current);
    } else if (/is violated by the initial state:$|^While working on the initial state:$/.test(line)) {
      current = { label: '<Initial predicate>', lines: [] };
      states.push(current);
    } else if (current && (line.startsWith('/\\ ') || (current.lines.length === 0 && /^\S+ = /.test(line)))) current.lines.push(line);
    else if (current && current.lines.length > 0 && /^\s+\S/.test(line)) current.lines[current.lines.length - 1] += '\n' + line;
    else if (line.trim() === '') current = undefined;
  }
  return states;
}

/**
 * The error's lines as printed: from the first `Error:` line to what follows the message (the
 * behaviour, the state it was working on, the nested expressions, the statistics; for an error met
 * while loading, TLC's closing `Finished in` line or our diagnostic, on stderr), blank lines and
 * TLC's progress lines (`Computed 2 initial states...`, printed as it goes over them again) dropped.
 */
function messageOf(text: string): string | undefined {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith('Error:'));
  if (first < 0) return undefined;
  const end = lines.findIndex(
    (l, i) => i > first && /^Error: (?:The behavior|The error occurred|TLC was unable)|^While working on the initial state|^\d+ states generated|^State \d+:|^Finished in |^\S+:\d+:\d+: error E\d{4}:/.test(l),
  );
  return lines.slice(first, end < 0 ? undefined : end).filter((l) => l.trim() !== '' && !isTlcProgressLine(l)).join('\n');
}

/** TLC's progress lines, printed as time passes or as it goes over the initial states again: ours prints none. */
export function isTlcProgressLine(line: string): boolean {
  return /^Computed \d+ initial states\.\.\.$|^Progress\(/.test(line);
}

function loopOf(text: string): { loop?: string } {
  const m = /^(?:State \d+: )?(Back to state \d+|Stuttering)/m.exec(text);
  return m ? { loop: m[1]! } : {};
}

/** The counterexample as one line (a value's line breaks written `\n`): the properties it is named for, its states, how it ends, the warning after it. */
const traceText = (s: OutputSummary): string =>
  [...(s.violated ? [`violated: ${s.violated}`] : []), ...s.trace.map((st) => `${st.label} ${st.lines.join(' ').replace(/\n/g, '\\n')}`), ...(s.loop ? [s.loop] : []), ...(s.warning ? [`warning: ${s.warning}`] : [])].join(' | ');

/**
 * The first difference between TLC's report and ours, or undefined when they agree. Where both find
 * a temporal property violated and differ only in counts or counterexample, the kind is
 * `liveness-counterexample`: TLC stops at the first bad component of its depth-first search (and
 * its periodic check may stop the search before it ends), which is not ours to copy.
 */
export function compareSummaries(tlc: OutputSummary, ours: OutputSummary): Difference | undefined {
  // A spec SANY or TLC refuses is the generator's mistake, whatever we answer.
  if (tlc.verdict === 'refused') return { kind: 'tlc-refused', tlc: tlc.verdict, ours: ours.verdict };
  if (ours.verdict === 'refused') return { kind: 'ours-refused', tlc: tlc.verdict, ours: ours.verdict };
  if (tlc.verdict !== ours.verdict) return { kind: 'verdict', tlc: tlc.verdict, ours: ours.verdict };
  const fields: [DifferenceKind, string, string][] = [
    ['counts', tlc.counts ?? '-', ours.counts ?? '-'],
    ['depth', String(tlc.depth ?? '-'), String(ours.depth ?? '-')],
    ['trace', traceText(tlc), traceText(ours)],
    // Ours reports an error found while loading (a constant invariant FALSE, E4003; a false ASSUME) as a diagnostic, not in TLC's words.
    ['message', tlc.message ?? '-', ours.message ?? tlc.message ?? '-'],
  ];
  const first = fields.find(([, a, b]) => a !== b);
  if (!first) return undefined;
  return { kind: tlc.verdict === 'temporal' ? 'liveness-counterexample' : first[0], tlc: first[1], ours: first[2] };
}
