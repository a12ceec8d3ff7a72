// Machine-readable results: the JSON summary (`--format json`), TAP version 13 and JUnit XML.
import type { SuiteResult } from '../suite.js';
import { describeFailure, formatCost, notApplicableReason } from './describe-failure.js';
import { replayCommand, type ReplayContext } from './replay.js';
import { summarizeKernelCoverage } from '../kernel-coverage.js';

/**
 * `{passed, failed, notApplicable, unknown, tests: [{id, verdict, status, seed, ...}]}`, without
 * the histories. `passed`, `failed`, `notApplicable` and `unknown` add up to the tests listed
 * (plus tests an interruption left unrun, counted as unknown).
 */
export function jsonSummary(suite: SuiteResult, context: ReplayContext): object {
  return {
    implementation: suite.implementation,
    protocolVersion: suite.protocolVersion,
    ...(suite.declaration ? { declaration: suite.declaration } : {}),
    seed: suite.seed,
    seeds: suite.seeds,
    passed: suite.passed,
    failed: suite.failed,
    notApplicable: suite.notApplicable,
    unknown: suite.unknown,
    expectedFailures: suite.expectedFailures,
    unexpectedPasses: suite.unexpectedPasses,
    durationMs: suite.durationMs,
    coverage: suite.coverage,
    ...(suite.kernelCoverage ? { kernelCoverage: summarizeKernelCoverage(suite.kernelCoverage, { uncovered: true }) } : {}),
    tests: suite.tests.map((r) => ({
      id: r.id,
      features: r.features,
      verdict: r.verdict,
      status: r.status,
      seed: r.seed,
      seedsRun: r.seedsRun,
      durationMs: r.durationMs,
      coverage: r.coverage,
      ...(r.kernelCoverage ? { kernelCoverage: summarizeKernelCoverage(r.kernelCoverage, { uncovered: false }) } : {}),
      ...(r.enabled ? { enabled: r.enabled } : {}),
      ...(r.traceValidation ? { traceValidation: { ...r.traceValidation, validatedFraction: r.traceValidation.validated / r.traceValidation.runs } } : {}),
      ...(r.cost ? { cost: r.cost } : {}),
      ...(r.status === 'not-applicable' ? { missingFeatures: r.missingFeatures } : {}),
      ...(r.status !== 'passed' && r.status !== 'expected-failure' && r.status !== 'not-applicable'
        ? {
            violations: r.violations.map((v) => ({ property: v.property, message: v.message, timeNs: v.timeNs })),
            ...(r.protocolViolation ? { protocolViolation: r.protocolViolation } : {}),
            ...(r.unknownReason ? { unknownReason: r.unknownReason } : {}),
            workload: r.steps,
            faults: r.faults,
            replay: replayCommand(r.id, r.seed, context),
          }
        : {}),
    })),
  };
}

export function tapReport(suite: SuiteResult, context: ReplayContext): string {
  const lines = ['TAP version 13', `1..${suite.tests.length}`];
  suite.tests.forEach((r, i) => {
    const ok = r.status === 'passed' || r.status === 'expected-failure';
    const skipped = r.status === 'unknown' || r.status === 'not-applicable';
    const directive =
      r.status === 'expected-failure' ? ' # TODO expected failure'
      : r.status === 'unknown' ? ' # SKIP no verdict'
      : r.status === 'not-applicable' ? ` # SKIP not applicable: ${notApplicableReason(r)}`
      : '';
    lines.push(`${ok || skipped ? 'ok' : 'not ok'} ${i + 1} - ${r.id}${directive}`);
    const cost = formatCost(r);
    if (cost !== undefined) lines.push(`# cost: ${cost}`);
    if (!ok && r.status !== 'not-applicable') {
      lines.push('  ---', `  status: ${r.status}`, `  seed: ${r.seed}`, '  details: |', ...describeFailure(r, context).map((l) => `    ${l}`), '  ...');
    }
  });
  return lines.join('\n') + '\n';
}

export function junitReport(suite: SuiteResult, context: ReplayContext): string {
  const byAbstraction = new Map<string, SuiteResult['tests']>();
  for (const r of suite.tests) byAbstraction.set(r.abstraction, [...(byAbstraction.get(r.abstraction) ?? []), r]);
  const skippedInAll = suite.unknown + suite.notApplicable;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="cloudos conform" tests="${suite.tests.length}" failures="${suite.failed}" skipped="${skippedInAll}" time="${suite.durationMs / 1000}">`];
  for (const [abstraction, results] of byAbstraction) {
    const failures = results.filter((r) => r.status === 'failed' || r.status === 'unexpected-pass').length;
    const skipped = results.filter((r) => r.status === 'unknown' || r.status === 'not-applicable').length;
    lines.push(`  <testsuite name="${xml(abstraction)}" tests="${results.length}" failures="${failures}" skipped="${skipped}">`);
    for (const r of results) {
      lines.push(`    <testcase classname="${xml(abstraction)}" name="${xml(r.id)}" time="${r.durationMs / 1000}">`);
      if (r.cost !== undefined) {
        const c = r.cost;
        lines.push(`      <properties><property name="cycles" value="${c.cycles}"/><property name="wireBytes" value="${c.wireBytes}"/><property name="persistedBytes" value="${c.persistedBytes}"/></properties>`);
      }
      if (r.status === 'failed' || r.status === 'unexpected-pass') {
        const message = r.status === 'unexpected-pass' ? 'passed but listed as an expected failure' : r.protocolViolation?.detail ?? r.violations[0]?.message ?? r.verdict;
        lines.push(`      <failure message="${xml(message)}" type="${r.verdict}">${xml(describeFailure(r, context).join('\n'))}</failure>`);
      }
      if (r.status === 'unknown') lines.push(`      <skipped message="${xml(r.unknownReason ?? 'no verdict')}"/>`);
      if (r.status === 'not-applicable') lines.push(`      <skipped type="not-applicable" message="not applicable: ${xml(notApplicableReason(r))}"/>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

export function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
