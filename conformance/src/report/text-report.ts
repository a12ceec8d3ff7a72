// Human-readable results: one line per test, then the details of every failure, then a summary.
import type { SuiteResult, Status } from '../suite.js';
import { describeDeclaration, describeFailure, formatCost, notApplicableReason } from './describe-failure.js';
import type { ReplayContext } from './replay.js';

const LABEL: Record<Status, string> = {
  passed: 'PASS',
  failed: 'FAIL',
  'expected-failure': 'XFAIL',
  'unexpected-pass': 'XPASS',
  unknown: 'UNKNOWN',
  'not-applicable': 'N/A',
};

export function statusLine(result: SuiteResult['tests'][number]): string {
  const verdict = result.verdict === 'broken' ? ' (broken: protocol violation)' : result.status === 'not-applicable' ? ` (not applicable: ${notApplicableReason(result)})` : '';
  const cost = formatCost(result);
  return `${LABEL[result.status].padEnd(7)} ${result.id}${verdict} (${result.durationMs} ms${cost ? `; cost ${cost}` : ''})${traceValidationNote(result)}`;
}

/**
 * ", trace validated in 7 of 10 runs" for a test that asserts TraceExplainedBySpec, with why the
 * other runs went unvalidated: a run the spec was not checked against is never reported as checked.
 */
function traceValidationNote(result: SuiteResult['tests'][number]): string {
  const counts = result.traceValidation;
  if (counts === undefined) return '';
  const unvalidated = counts.notApplicable + counts.unknown;
  const why = unvalidated === 0 ? '' : `; ${unvalidated} unvalidated (${counts.unvalidatedReasons.join('; ')})`;
  return `, trace validated in ${counts.validated} of ${counts.runs} run${counts.runs === 1 ? '' : 's'}${why}`;
}

export function textReport(suite: SuiteResult, context: ReplayContext): string {
  const lines = suite.tests.map(statusLine);
  for (const result of suite.tests) {
    if (result.status === 'failed') lines.push('', `--- ${result.id} failed`, ...describeFailure(result, context));
    if (result.status === 'unexpected-pass') lines.push('', `--- ${result.id} passed but is listed as an expected failure: remove it from the expected-failures file`);
    if (result.status === 'unknown') lines.push('', `--- ${result.id}: no verdict`, ...describeFailure(result, context));
  }
  lines.push(
    '',
    `${suite.implementation}: ${suite.passed} passed, ${suite.failed} failed, ${suite.notApplicable} not applicable, ${suite.unknown} unknown` +
      `${suite.expectedFailures ? `, ${suite.expectedFailures} expected failures` : ''}${suite.unexpectedPasses ? `, ${suite.unexpectedPasses} unexpected passes` : ''}` +
      ` in ${(suite.durationMs / 1000).toFixed(1)} s (seed ${suite.seed}, protocol v${suite.protocolVersion}` +
      `${suite.declaration ? `; ${describeDeclaration(suite.declaration)}` : ''})`,
  );
  return lines.join('\n') + '\n';
}
