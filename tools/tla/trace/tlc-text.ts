// Results printed the way TLC prints them: error headers, numbered states with the action and its
// location, statistics lines, progress lines and per-action coverage, so TLC users read them at sight.
import { moduleOf, tlcLocation, type Diagnostic, type Span, type TlcWording } from '../diagnostics.js';
import { actionName, type ActionInfo, type Model } from '../check/model.js';
import { tlcLayout } from '../values/index.js';
import type { ActionCoverage, CheckResult, CheckStatistics, ProgressReport, TraceStep, Violation } from '../check/check-result.js';

/** TLC groups digits with commas in its progress lines. */
export function withCommas(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}


/** `<Name(p1,p2) line L, col C to line L2, col C2 of module M>`, TLC's action label; `<Name>` without a span. */
export function actionLabel(action: ActionInfo): string {
  const name = actionName(action);
  return action.span ? `<${name} ${tlcLocation(action.span)}>` : `<${name}>`;
}

/** A state as TLC prints it: `/\\ x = v` per variable, or `x = v` when there is only one, a long value over several lines (`tlcLayout`). */
function stateLines(model: Model, step: TraceStep, number: number): string {
  return `State ${number}: ${step.action ? actionLabel(step.action) : '<Initial predicate>'}\n${stateValues(model, step)}\n`;
}

function stateValues(model: Model, step: TraceStep): string {
  const variables = model.formatState(step.state);
  const bullet = variables.length === 1 ? '' : '/\\ ';
  return tlcVariableOrder(model).map((i) => `${bullet}${variables[i]!.variable} = ${tlcLayout(variables[i]!.value)}\n`).join('');
}

/** The indices of the model's variables in the order TLC lists them, which states and the coverage report follow. */
export function tlcVariableOrder(model: Model): readonly number[] {
  return model.tlcVariableOrder ?? model.variables.map((_, i) => i);
}

/** The numbered states of a trace, with TLC's lasso ending when there is one; `before(i)` is written before state i (0-based). */
export function formatTrace(model: Model, violation: Violation, before: (i: number) => string = () => ''): string {
  let text = violation.trace.map((step, i) => before(i) + stateLines(model, step, i + 1)).join('');
  if (violation.kind === 'property' && violation.loop) {
    const n = violation.trace.length + 1;
    text +=
      violation.loop.kind === 'stuttering'
        ? `State ${n}: Stuttering\n` // TLC prints no blank line after it (tlc-recorded/R100.txt)
        : `Back to state ${violation.loop.index + 1}: ${violation.loop.action ? actionLabel(violation.loop.action) : ''}\n\n`;
  }
  return text;
}

const behaviourLine = 'Error: The behavior up to this point is:\n';

/**
 * A violation's header and trace, with the Print/PrintT lines its rebuilding wrote (`TraceStep.printed`)
 * where TLC prints them: TLC holds the last state of the trace, and the one before it when a
 * successor violated an invariant or an action property; it rebuilds the states before those (their
 * lines come before "The behavior up to this point"), then each state it holds just before printing
 * it (an initial state it holds is not rebuilt), and after the trace it rebuilds the whole trace
 * again, printing every line a second time.
 */
function formatViolation(model: Model, violation: Violation): string {
  const { trace } = violation;
  const header = violationHeader(violation);
  const lines = (steps: readonly TraceStep[]) => steps.flatMap((step) => step.printed ?? []).map((line) => `${line}\n`).join('');
  const held = violation.kind === 'invariant' || (violation.kind === 'property' && violation.form !== 'liveness') ? 2 : 1;
  const rebuiltFirst = Math.max(0, trace.length - held);
  const [opening, behaviour] = header.endsWith(behaviourLine) ? [header.slice(0, -behaviourLine.length), behaviourLine] : [header, ''];
  const before = (i: number) => (i >= rebuiltFirst && i > 0 ? lines([trace[i]!]) : '');
  const warning = violation.kind === 'property' && violation.fairnessWarning ? fairnessWarning(model) : '';
  return opening + lines(trace.slice(0, rebuiltFirst)) + behaviour + formatTrace(model, violation, before) + warning + lines(trace);
}

const bookReference = '(compare Chapter 8, page 87ff of Specifying Systems at https://lamport.azurewebsites.net/tla/book.html).';

/**
 * TLC's warning after a stuttering counterexample of a spec without fairness (TLC's words: testdata
 * `NoFairness*` of tools/tla/differential). TLC follows a run's first warning with the line on
 * -nowarning; this is the only one we print.
 */
function fairnessWarning(model: Model): string {
  const spec = model.specification;
  const where = spec?.span ? ` defined at ${tlcLocation(spec.span)}` : '';
  const warning = spec
    ? `The stuttering counterexample above may be caused by the absence of a fairness constraint in the behavior specification ${spec.name}${where}. To rule out such counterexamples, conjoin a suitable fairness constraint to ${spec.name}`
    : 'The stuttering counterexample above may be caused by the absence of a behavior specification (SPECIFICATION). Only INIT and NEXT have been provided, so TLC permits infinite stuttering. To rule out such counterexamples, use SPECIFICATION Spec, with Spec asserting a suitable fairness constraint';
  return `Warning: ${warning} ${bookReference}\n(Use the -nowarning option to disable this warning.)\n`;
}

/** TLC's error message for a violation, before its trace. */
export function violationHeader(violation: Violation): string {
  switch (violation.kind) {
    case 'invariant':
      return `Error: Invariant ${violation.name} is violated.\n${behaviourLine}`;
    case 'deadlock':
      return `Error: Deadlock reached.\n${behaviourLine}`;
    case 'property':
      switch (violation.form) {
        case 'safety':
          return `Error: Property ${violation.name} is violated.\n${behaviourLine}`;
        case 'action':
          return `Error: Action property ${violation.name} is violated.\n${behaviourLine}`;
        case 'liveness': {
          const names = violation.names ?? [violation.name];
          const named = names.length === 1 ? `property ${names[0]} was` : `properties ${names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')}, and ${names.at(-1)}`} were`;
          return `Error: Temporal ${named} violated.\n\nError: The following behavior constitutes a counter-example:\n\n`;
        }
      }
      break;
    case 'assertion':
    case 'error': {
      const d = violationDiagnostics(violation)[0];
      const where = d?.span ? `${tlcLocation(d.span)}\n` : '';
      const behaviour = violation.trace.length > 0 ? behaviourLine : '';
      if (d?.tlc) return `${tlcWords(d.tlc, d.span, violation.trace.length > 0)}${behaviour}`;
      return `Error: ${d?.message ?? (violation.kind === 'error' ? violation.message : '')}\n${where}${behaviour}`;
    }
  }
  throw new Error('unreachable');
}

/**
 * TLC's report of an error it words its own way (TlcWording), by where it met it: evaluating Init, a
 * next state (an untyped error reaches TLC's top level as an "unexpected exception"), or an invariant
 * (named after the initial states). A set TLC cannot enumerate is worded by construct and phase
 * (tlc2/tool/impl/Tool.java, tlc2/module/Naturals.java).
 */
function tlcWords(tlc: TlcWording, span: Span | undefined, afterInit: boolean): string {
  const where = (s: Span | undefined): string => (s ? `${tlcLocation(s)}\n` : '');
  // Met processing the properties, TLC's top level prints the exception (TLC.process): no location.
  if (tlc.startup && tlc.kind === 'message') return tlc.javaOverride ? `Error: ${tlc.text}\n` : unexpectedException(tlc.general ? 'java.lang.RuntimeException' : 'tlc2.tool.EvalException', `${tlc.text}\n`);
  let words: string;
  if (tlc.kind === 'message') {
    const at = tlc.at === 'error' ? span : tlc.at;
    words = tlc.atInline && at ? `${tlc.text} ${tlcLocation(at)}\n` : `${tlc.text}\n${where(at)}`;
  }
  else if (tlc.construct === 'membership') words = `In computing ${afterInit ? 'next' : 'initial'} states, the right side of \\IN is not enumerable.\n${where(span)}`;
  else {
    words =
      `TLC encountered the non-enumerable quantifier bound\n${tlc.set}\n${where(span)}` +
      `The set ${tlc.set} contains infinitely many elements. As a result, TLC cannot evaluate expressions that\n` +
      `universally (\\A) or existentially (\\E) quantify over ${tlc.set}, because this would require checking an\n` +
      `infinite number of cases. Note that TLC handles set membership like T \\subseteq ${tlc.set} for any finite set T.\n`;
  }
  if (tlc.assumption) return `Error: Evaluating assumption ${tlcLocation(tlc.assumption)} failed.\n${words}`;
  if (tlc.invariant !== undefined) return afterInit ? `Error: Evaluating invariant ${tlc.invariant} failed.\n${words}` : `Error: ${words}`;
  if (!afterInit || (tlc.kind === 'message' && !tlc.general)) return `Error: ${words}`;
  return unexpectedException('java.lang.RuntimeException', words);
}

function unexpectedException(javaClass: string, words: string): string {
  return (
    'Error: TLC threw an unexpected exception.\nThis was probably caused by an error in the spec or model.\n' +
    `See the User Output or TLC Console for clues to what happened.\nThe exception was a ${javaClass}\n: ${words}`
  );
}

/**
 * What TLC prints on stdout, after its banner, for an error met loading the model, where the
 * diagnostics carry its words: SANY's semantic errors under "Semantic errors:" (after SANY's warnings
 * of the same places) and TLC's line after them, SANY's fatal error of a module not found, or TLC's `Error:` (a false ASSUME or one that fails to evaluate, a .cfg entry the spec lacks,
 * a constant one not TRUE: E4003). Empty when none does.
 */
export function loadingErrorReport(diagnostics: readonly Diagnostic[]): string {
  const sany = diagnostics.flatMap((d) => (d.sany ? [d.sany] : []));
  const failed = 'Error: Parsing or semantic analysis failed.\n';
  const located = sany.flatMap((e) => ('file' in e.at ? [{ ...e, at: e.at }] : []));
  const fatal = sany.flatMap((e) => ('file' in e.at ? [] : [{ ...e, at: e.at }]))[0];
  if (fatal) {
    // SANY stops at the first such error: its words once as the exception, then again as the error list.
    const words = `In module ${fatal.at.module}\n\n${fatal.text}\n`;
    return `\nFatal errors while parsing TLA+ spec in file ${fatal.at.root}\n\n${words}*** Errors: 1\n\n${words}\n\n\n${failed}`;
  }
  if (located.length > 0) {
    const warned = located.filter((e) => e.warning !== undefined);
    const warnings = warned.length > 0 ? `*** Warnings: ${warned.length}\n\n${warned.map((e) => `${tlcLocation(e.at)}\n\n${e.warning}\n\n\n`).join('')}\n` : '';
    const errors = located.map((e) => `${tlcLocation(e.at)}\n\n${e.text}\n\n\n`).join('');
    return `${warnings}Semantic errors:\n\n*** Errors: ${located.length}\n\n${errors}${failed}`;
  }
  const worded = diagnostics.find((d) => d.tlc);
  return worded ? tlcWords(worded.tlc!, worded.span, false) : '';
}

/** TLC's final statistics: plain numbers (TLC groups digits only in its progress lines), so scripts parse them. */
export function formatStatistics(stats: CheckStatistics): string {
  return (
    `${stats.statesGenerated} states generated, ${stats.distinctStates} distinct states found, ${stats.queueLeft} states left on queue.\n` +
    `The depth of the complete state graph search is ${stats.depth}.\n`
  );
}

/** TLC's progress line: `Progress(D) at T: G states generated (G/min s/min), ...`. */
export function formatProgress(p: ProgressReport, previous: ProgressReport | null, now: Date): string {
  const minutes = Math.max(1e-9, (p.elapsedMs - (previous?.elapsedMs ?? 0)) / 60_000);
  const perMinute = (value: number, old: number | undefined) => withCommas((value - (old ?? 0)) / minutes);
  const at = now.toISOString().replace('T', ' ').slice(0, 19);
  return (
    `Progress(${p.depth}) at ${at}: ${withCommas(p.statesGenerated)} states generated (${perMinute(p.statesGenerated, previous?.statesGenerated)} s/min), ` +
    `${withCommas(p.distinctStates)} distinct states found (${perMinute(p.distinctStates, previous?.distinctStates)} ds/min), ${withCommas(p.queueLeft)} states left on queue.\n`
  );
}

/** A time as TLC prints it in its reports: `2026-12-07 02:15:55`. */
function tlcTime(now: Date): string {
  return now.toISOString().replace('T', ' ').slice(0, 19);
}

/** TLC's order of source regions (tla2sany.st.Location.compareTo): module name, then begin and end line and column. */
function compareLocations(a: Span | undefined, b: Span | undefined): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  const [ma, mb] = [moduleOf(a), moduleOf(b)];
  if (ma !== mb) return ma < mb ? -1 : 1;
  return a.line - b.line || a.col - b.col || a.endLine - b.endLine || a.endCol - b.endCol;
}

function sameSpan(a: Span | undefined, b: Span | undefined): boolean {
  return a === b || (!!a && !!b && a.file === b.file && a.line === b.line && a.col === b.col && a.endLine === b.endLine && a.endCol === b.endCol);
}

/**
 * An action as TLC's coverage report names it: at the name of its definition, followed by
 * `(line col line col)` of the action when it is only part of that definition's body.
 */
function coverageLabel(row: ActionCoverage, definition: ActionInfo['definition']): string {
  if (!definition) return `<${row.name}${row.span ? ` ${tlcLocation(row.span)}` : ''}>`;
  const part = row.span && !sameSpan(row.span, definition.body) ? ` (${row.span.line} ${row.span.col} ${row.span.endLine} ${row.span.endCol - 1})` : '';
  return `<${row.name} ${tlcLocation(definition.name)}${part}>`;
}

/**
 * TLC's `-coverage` report: its lines per variable (when counted on one thread), initial predicate,
 * action and invariant, without the counts of each expression (tools/tla/SUPPORTED.md). An action's
 * `distinct:generated` are TLC's: the search's, plus what rebuilding a counterexample generated
 * (TLC rebuilds it twice) and the new violating state it counts as distinct. Actions sharing a
 * formula (the elements of an `\E`) are one line, in TLC's order of their location.
 */
export function formatCoverage(model: Model, result: CheckResult, now: Date): string {
  const rebuilt = result.result === 'violated' ? result.rebuilt : undefined;
  const lines = [`The coverage statistics at ${tlcTime(now)} (see https://explain.tlapl.us/module-coverage-statistics for how to interpret the following statistics).`];
  const declarations = model.declarations;
  const values = result.stats.variableValues;
  if (declarations && values) for (const i of tlcVariableOrder(model)) lines.push(`<${model.variables[i]} ${tlcLocation(declarations.variables[i]!)}>: ${values[i]}`);
  // Counted in this thread's model: with more threads each counted its own part, and after --recover
  // (no variable counts either) what came before the checkpoint is not saved.
  const below = result.stats.workers === 1 && values ? model.subexpressionCoverage?.(tlcLocation) : undefined;
  if (declarations?.init.length === 1 && result.stats.initialStatesGenerated !== undefined) {
    const generated = result.stats.initialStatesGenerated + 2 * (rebuilt?.initialStates ?? 0);
    lines.push(`<${declarations.init[0]!.name} ${tlcLocation(declarations.init[0]!.span)}>: ${generated}:${generated}`, ...(below?.init ?? []));
  }
  const rows = result.coverage.map((row) => {
    const members = model.actions.flatMap((a, i) => (a.name === row.name && sameSpan(a.span, row.span) ? [i] : []));
    const again = members.reduce((sum, i) => sum + (rebuilt?.byAction[i] ?? 0), 0);
    const newLast = rebuilt?.newLastAction !== null && rebuilt?.newLastAction !== undefined && members.includes(rebuilt.newLastAction) ? 1 : 0;
    return { row, label: coverageLabel(row, model.actions[members[0]!]?.definition), distinct: row.distinct + newLast, generated: row.generated + 2 * again, below: below?.actions[members[0]!] ?? [] };
  });
  rows.sort((a, b) => compareLocations(a.row.span, b.row.span));
  for (const r of rows) lines.push(`${r.label}: ${r.distinct}:${r.generated}`, ...r.below);
  model.invariants.forEach((inv, i) => {
    const at = declarations?.invariants[i];
    lines.push(`<${inv.name}${at ? ` ${tlcLocation(at)}` : ''}>`, ...(below?.invariants[i] ?? []));
  });
  return [...lines, 'End of statistics.', ''].join('\n');
}

/** An invariant violated by an initial state, as TLC reports it: the state alone, no behaviour. */
function violatedInitially(model: Model, v: Violation): string | undefined {
  if (v.kind !== 'invariant' || v.trace.length !== 1 || v.trace[0]!.action !== null) return undefined;
  return `Error: Invariant ${v.name} is violated by the initial state:\n${stateValues(model, v.trace[0]!)}\n`;
}

/**
 * The expressions TLC was evaluating when the error occurred (the diagnostic's `nested`), in TLC's
 * words, which TLC prints after the trace or the state it was working on; for an error TLC met
 * fingerprinting a value it had left lazy, its "unable to fingerprint" form, the message again last.
 */
export function nestedExpressions(d: Diagnostic): string {
  if (!d.nested || d.nested.length === 0) return '';
  const entries = d.nested.map((s, i) => `${i}. Line ${s.line}, column ${s.col} to line ${s.endLine}, column ${s.endCol - 1} in ${moduleOf(s)}\n`).join('');
  if (d.tlc?.kind === 'message' && d.tlc.fingerprint) return `Error: TLC was unable to fingerprint.\n\nFingerprint Stack Trace:\n${entries}\n\nReason:\n${d.tlc.text}\n`;
  return `Error: The error occurred when TLC was evaluating the nested\nexpressions at the following positions:\n${entries}\n\n`;
}

/** The error TLC's second pass over the initial states met after an error in a liveness predicate there. */
function thenError(violation: Violation): Diagnostic | undefined {
  return violation.kind === 'error' && violation.then?.kind === 'error' ? violation.then.diagnostics[0] : undefined;
}

/** The diagnostics whose nested expressions the text report prints, where TLC prints them: the error's, and the one its second pass met. */
export function nestedInReport(violation: Violation): Diagnostic[] {
  return [violationDiagnostics(violation)[0], thenError(violation)].filter((d) => d !== undefined);
}

/** The diagnostics of an evaluation error (and of the error met after it, `then`) or a failed Assert, which the CLI renders on stderr. */
export function violationDiagnostics(violation: Violation): Diagnostic[] {
  if (violation.kind === 'error') {
    const first = violation.diagnostics;
    // The same error met again on another initial state is shown once.
    const then = (violation.then ? violationDiagnostics(violation.then) : []).filter((d) => !first.some((e) => e.code === d.code && e.message === d.message && sameSpan(e.span, d.span)));
    return [...first, ...then];
  }
  if (violation.kind === 'assertion') return [violation.diagnostic];
  return [];
}

/** The whole report of `cloudos check` in text form (diagnostics go to stderr, see `violationDiagnostics`). */
export function formatCheckResult(model: Model, result: CheckResult, options: { coverage: boolean; now?: Date }): string {
  let text = '';
  switch (result.result) {
    case 'holds':
      text += `Model checking completed. No error has been found.\n${collisionEstimate(result.stats)}`;
      break;
    case 'unknown':
      text += `Model checking stopped before completion (${result.reason}); no error was found so far.\n`;
      break;
    case 'violated':
    case 'error': {
      const v = result.violation;
      // TLC's own form for a bad initial state, which it reports before any statistics.
      const initially = violatedInitially(model, v);
      if (initially) return initially;
      const d = violationDiagnostics(v)[0];
      if (d?.tlc?.invariant !== undefined && v.trace.length === 1) {
        // An invariant that fails to evaluate on an initial state: TLC shows that state alone, and
        // not even that after an error of its own kind (Head of <<>>).
        const general = d.tlc.kind === 'not-enumerable' || d.tlc.general;
        text += `${tlcWords(d.tlc, d.span, false)}${general ? `While working on the initial state:\n${stateValues(model, v.trace[0]!)}\n` : ''}${nestedExpressions(d)}`;
        break;
      }
      // TLC lists the expressions of a liveness predicate's error before its message (Worker.doNextCheckLiveness), none on an initial state.
      if (v.kind === 'error' && v.liveness) text += (v.liveness === 'expansion' && d ? nestedExpressions(d) : '') + formatViolation(model, v);
      else text += formatViolation(model, v) + (d ? nestedExpressions(d) : '');
      // After an error in a liveness predicate on an initial state, TLC's second pass over them: an
      // invariant violated there, or another error, of which TLC prints only the nested expressions.
      const again = thenError(v);
      if (v.kind === 'error' && v.then) text += violatedInitially(model, v.then) ?? (again ? nestedExpressions(again) : '');
      break;
    }
  }
  if (options.coverage) text += formatCoverage(model, result, options.now ?? new Date());
  return text + formatStatistics(result.stats);
}

/**
 * TLC's estimate, after a run that holds, of the chance that two distinct states shared a 64-bit
 * fingerprint: distinct × (generated − distinct) / 2^64, printed with two significant digits.
 */
export function collisionEstimate(stats: Pick<CheckStatistics, 'distinctStates' | 'statesGenerated'>): string {
  const p = stats.distinctStates * ((stats.statesGenerated - stats.distinctStates) / 2 ** 64);
  return (
    '  Estimates of the probability that TLC did not check all reachable states\n' +
    '  because two distinct states had the same fingerprint:\n' +
    `  calculated (optimistic):  val = ${probabilityText(p)}\n`
  );
}

/** A probability as TLC writes it: Java's Double.toString cut to two significant digits (`7.0E-17`, `.0012`). */
export function probabilityText(p: number): string {
  if (p === 0) return '0.0';
  const java = javaDoubleText(p);
  const match = /^(\d*)\.(\d*)(E-?\d+)?$/.exec(java);
  if (!match) return java;
  const [, whole, fraction, exponent = ''] = match;
  // Leading zeros of the whole part are dropped (TLC prints .0012); then two significant digits.
  const wholeDigits = whole!.replace(/^0+/, '');
  if (wholeDigits.length >= 2) return `${wholeDigits}${exponent}`;
  const zeros = wholeDigits.length === 0 ? /^0*/.exec(fraction!)![0] : '';
  const wanted = 2 - wholeDigits.length;
  const kept = fraction!.slice(zeros.length, zeros.length + wanted);
  const roundUp = Number(fraction![zeros.length + wanted] ?? '0') >= 5;
  let digits = `${wholeDigits}${zeros}${kept}`;
  if (roundUp) digits = (BigInt(digits) + 1n).toString().padStart(digits.length, '0');
  const wholeLength = digits.length - zeros.length - kept.length;
  return `${digits.slice(0, wholeLength)}.${digits.slice(wholeLength)}${exponent}`;
}

/** Java's Double.toString: plain from 10^-3 to 10^7 (with `.0` when whole), else `d.ddddE±n`. */
function javaDoubleText(x: number): string {
  if (x >= 1e-3 && x < 1e7) return Number.isInteger(x) ? `${x}.0` : String(x);
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}
