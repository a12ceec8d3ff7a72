// Human-readable results: one line per test, then the details of every failure, then a summary.
import type { SuiteResult, Status } from '../suite.js';
import { describeDeclaration, describeFailure, formatCost, notApplicableReason } from './describe-failure.js';
import type { ReplayContext } from './replay.js';
import { missingActions, specActions, type Coverage } from '../coverage.js';
import { summarizeKernelCoverage, type KernelCoverage } from '../kernel-coverage.js';

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
  const seeds = result.seedsRun > 1 ? `${result.seedsRun} seeds, ` : '';
  const kernel = result.kernelCoverage?.measured ? `, kernel branches ${countKernelBranches(result.kernelCoverage)}` : '';
  return `${LABEL[result.status].padEnd(7)} ${result.id}${verdict} (${seeds}${result.durationMs} ms${cost ? `; cost ${cost}` : ''})${traceValidationNote(result)}${kernel}`;
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
  lines.push('', ...coverageLines(suite.coverage));
  if (suite.kernelCoverage) lines.push('', ...kernelCoverageLines(suite.kernelCoverage));
  lines.push(
    '',
    `${suite.implementation}: ${suite.passed} passed, ${suite.failed} failed, ${suite.notApplicable} not applicable, ${suite.unknown} unknown` +
      `${suite.expectedFailures ? `, ${suite.expectedFailures} expected failures` : ''}${suite.unexpectedPasses ? `, ${suite.unexpectedPasses} unexpected passes` : ''}` +
      ` in ${(suite.durationMs / 1000).toFixed(1)} s (${formatSeeds(suite.seeds)}, protocol v${suite.protocolVersion}` +
      `${suite.declaration ? `; ${describeDeclaration(suite.declaration)}` : ''})`,
  );
  return lines.join('\n') + '\n';
}

/** "seed 7", "seeds 1..30" for a run of consecutive seeds, else "seeds 3, 9, 12". */
export function formatSeeds(seeds: readonly number[]): string {
  if (seeds.length === 1) return `seed ${seeds[0]}`;
  const consecutive = seeds.every((seed, i) => i === 0 || seed === seeds[i - 1]! + 1);
  return `seeds ${consecutive ? `${seeds[0]}..${seeds[seeds.length - 1]}` : seeds.join(', ')}`;
}

/** What the runs reached: the spec actions of each module (and those missed), the outcomes and faults seen. */
export function coverageLines(coverage: Coverage): string[] {
  const lines = ['coverage (coverage.ts; what the histories of every run show):'];
  for (const module of Object.keys(specActions) as (keyof typeof specActions)[]) {
    const total = Object.keys(specActions[module]).length;
    const missing = missingActions(coverage, module);
    lines.push(`  spec/${module} actions: ${total - missing.length}/${total}${missing.length > 0 ? ` (not reached: ${missing.join(', ')})` : ''}`);
  }
  lines.push(`  outcomes: ${coverage.outcomes.join(' ') || 'none'}`);
  lines.push(`  faults: ${coverage.faults.join(' ') || 'none'}`);
  return lines;
}

/** The kernel's branches taken, per file, each file with the lines of its branches not taken. */
export function kernelCoverageLines(coverage: KernelCoverage): string[] {
  const head = "reference kernel branches (kernel-coverage.ts; V8 block coverage of the in-process kernel over every run)";
  const summary = summarizeKernelCoverage(coverage, { uncovered: true });
  if (!summary.measured) return [`${head}: ${summary.reason}`];
  const lines = [`${head}: ${summary.covered}/${summary.total} (${percent(summary.covered!, summary.total!)}); per file, with the lines of branches not taken (each arm in --format json):`];
  for (const f of summary.files!) {
    const notTaken = [...new Set(f.uncovered!.map((b) => b.line))];
    lines.push(`  ${f.file} ${f.covered}/${f.total}${notTaken.length > 0 ? `: not taken at ${notTaken.join(', ')}` : ''}`);
  }
  return lines;
}

function countKernelBranches(coverage: KernelCoverage): string {
  const { covered, total } = summarizeKernelCoverage(coverage, { uncovered: false });
  return `${covered}/${total}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'no branches' : `${((100 * part) / whole).toFixed(1)} %`;
}
