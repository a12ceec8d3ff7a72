// `cloudos all`: the README's main job. Model-checks every CI configuration of spec/ (as listed in
// spec/checks.json), runs the conformance suite against the in-process reference kernel on the
// default hardware preset, prints a summary and writes a report directory.
import { availableParallelism } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseCommandLine, UsageError, type Command, type CommandIO, type OptionTable } from './command.js';
import { ExitCode } from '../../conventions/index.js';
import { parseSeed, SEED_HELP } from './seed.js';
import { loadSpec, reportDiagnostics } from './check.js';
import { DiagnosticError } from '../tla/diagnostics.js';
import { checkModel } from '../tla/check/check.js';
import type { CheckResult } from '../tla/check/check-result.js';
import { loadSpecChecks, type Expected, type SpecCheck } from '../tla/corpus/corpus-manifest.js';
import { DEFAULT_HARDWARE, discoverTests, jsonSummary, kernelCoverageLines, kernelCoverageStatus, replayCommand, runSuite, statusLine, summarizeKernelCoverage, writeHtmlReport } from '../../conformance/src/index.js';
import { referenceFactory } from '../../reference/src/index.js';
import { repoRoot } from '../../conventions/index.js';

const options = {
  seed: { type: 'string', value: 'S', help: `the conformance run's ${SEED_HELP}` },
  tier: { type: 'string', value: 'T', default: 'ci', help: 'ci (default) or all: which spec/ configurations to check (all adds the nightly ones)' },
  workers: { type: 'string', value: 'N', help: "model-checker worker threads (default: the machine's cores)" },
  report: { type: 'string', value: 'DIR', default: 'reports', help: 'where to write the report (default: reports/)' },
  format: { type: 'string', value: 'F', default: 'text', help: 'text (default) or json (one object on stdout)' },
} as const satisfies OptionTable;

export const command: Command = {
  name: 'all',
  summary: 'the main job: model-check the specs and run the conformance suite, with a report',
  usage: 'all [options]',
  description: `The main job: model-checks the specifications (spec/checks.json, CI tier), runs the conformance
suite against the reference kernel (in-process) on the default hardware preset (${DEFAULT_HARDWARE})
at one seed, like conform --quick (cloudos conform alone tries seeds 1..30),
measuring which of the kernel's branches the runs take (as conform --kernel-coverage: V8 block
coverage, about a quarter more CPU for the suite, so that its gaps show),
prints a summary and writes a report.`,
  options,
  epilogue: `Writes DIR/summary.json (everything below, as data), DIR/model-checking.txt and
DIR/conformance/index.html (the suite's report, with sequence diagrams of any failure).
Exit codes: 0 every check gave its expected verdict and every conformance test passed,
1 something did not, 2 interrupted, 64 usage, 65 bad input, 70 internal.`,
  run,
};

type Verdict = Expected['result'];

interface SpecCheckOutcome {
  name: string;
  spec: string;
  cfg: string;
  expected: Expected;
  verdict: Verdict | 'unknown' | 'error';
  property?: string;
  distinctStates: number;
  statesGenerated: number;
  depth: number;
  durationMs: number;
  mismatches: string[];
}

function verdictOf(result: CheckResult): { verdict: SpecCheckOutcome['verdict']; property?: string; traceLength?: number } {
  switch (result.result) {
    case 'holds':
      return { verdict: 'holds' };
    case 'unknown':
      return { verdict: 'unknown' };
    case 'error':
      return { verdict: 'error', traceLength: result.violation.trace.length };
    case 'violated': {
      const v = result.violation;
      switch (v.kind) {
        case 'invariant':
          return { verdict: 'invariant-violated', property: v.name, traceLength: v.trace.length };
        case 'property':
          return { verdict: 'property-violated', property: v.name, traceLength: v.trace.length };
        case 'deadlock':
          return { verdict: 'deadlock', traceLength: v.trace.length };
        case 'assertion':
        case 'error':
          return { verdict: 'error', traceLength: v.trace.length };
      }
    }
  }
}

/** What differs between a run and the expectation recorded in spec/checks.json. */
function mismatchesOf(expected: Expected, actual: ReturnType<typeof verdictOf>, result: CheckResult): string[] {
  const found: string[] = [];
  const compare = (what: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) found.push(`${what}: expected ${String(want)}, got ${String(got)}`);
  };
  compare('verdict', expected.result, actual.verdict);
  compare('property', expected.property, actual.property);
  compare('counterexample length', expected.traceLength, actual.traceLength);
  compare('distinct states', expected.distinctStates, result.stats.distinctStates);
  compare('states generated', expected.statesGenerated, result.stats.statesGenerated);
  compare('depth', expected.depth, result.stats.depth);
  return found;
}

async function checkSpec(check: SpecCheck, workers: number, io: CommandIO): Promise<SpecCheckOutcome> {
  const loaded = await loadSpec(check.spec, check.cfg, 'compiled', io);
  const result = await checkModel(loaded, { workers, signal: io.signal });
  const actual = verdictOf(result);
  return {
    name: check.name,
    spec: relative(repoRoot, check.spec),
    cfg: relative(repoRoot, check.cfg),
    expected: check.expected,
    ...actual,
    distinctStates: result.stats.distinctStates,
    statesGenerated: result.stats.statesGenerated,
    depth: result.stats.depth,
    durationMs: result.stats.durationMs,
    mismatches: mismatchesOf(check.expected, actual, result),
  };
}

function formatSpecLine(o: SpecCheckOutcome): string {
  const status = o.mismatches.length === 0 ? 'ok  ' : 'FAIL';
  const found = o.verdict === 'holds' ? 'holds' : `${o.verdict}${o.property ? ` (${o.property})` : ''}`;
  const line = `${status} ${o.name.padEnd(28)} ${found.padEnd(40)} ${String(o.distinctStates).padStart(9)} states  ${(o.durationMs / 1000).toFixed(1).padStart(6)} s`;
  return [line, ...o.mismatches.map((m) => `       ${m}\n       replay: node bin/cloudos.js check ${o.spec} --config ${o.cfg}`)].join('\n') + '\n';
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandLine(options, argv);
  const seed = parseSeed(values.seed);
  if (values.tier !== 'ci' && values.tier !== 'all') throw new UsageError(`--tier: '${values.tier}' is not 'ci' or 'all'`);
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format: '${values.format}' is not 'text' or 'json'`);
  const workers = values.workers === undefined ? availableParallelism() : Number(values.workers);
  if (!Number.isSafeInteger(workers) || workers < 1) throw new UsageError(`--workers: '${values.workers}' is not a positive integer`);
  const reportDir = resolve(io.cwd, values.report);
  const text = values.format === 'text' ? io.out : () => {};

  const checks = loadSpecChecks().filter((c) => values.tier === 'all' || c.tier === 'ci');
  text(`Model checking ${checks.length} configurations of spec/ (${workers} workers)\n`);
  const specOutcomes: SpecCheckOutcome[] = [];
  try {
    for (const check of checks) {
      if (io.signal.aborted) break;
      const outcome = await checkSpec(check, workers, io);
      specOutcomes.push(outcome);
      text(formatSpecLine(outcome));
    }
  } catch (error) {
    if (error instanceof DiagnosticError) return reportDiagnostics(error, io);
    throw error;
  }

  const tests = discoverTests();
  text(`\nConformance suite: ${tests.length} tests against the reference kernel (in-process), hardware ${DEFAULT_HARDWARE}, seed ${seed}\n`);
  // Started before this module loaded the kernel (commands.ts); this says why not, if it could not be.
  const coverageUnavailable = kernelCoverageStatus();
  const suite = await runSuite(tests, 'reference kernel (in-process)', referenceFactory(), {
    seed,
    kernelCoverage: coverageUnavailable === undefined ? { measure: true } : { measure: false, reason: coverageUnavailable },
    signal: io.signal,
    onResult: (result) => text(`${statusLine(result)}\n${result.status === 'failed' || result.status === 'unknown' ? `       replay: ${replayCommand(result.id, seed, {})}\n` : ''}`),
  });

  mkdirSync(reportDir, { recursive: true });
  const conformanceReport = writeHtmlReport(join(reportDir, 'conformance'), suite, {});
  const specFailures = specOutcomes.filter((o) => o.mismatches.length > 0).length;
  const summary = {
    result: specFailures === 0 && suite.failed === 0 && !io.signal.aborted ? 'passed' : io.signal.aborted ? 'interrupted' : 'failed',
    seed,
    modelChecking: { configurations: specOutcomes.length, asExpected: specOutcomes.length - specFailures, outcomes: specOutcomes },
    conformance: jsonSummary(suite, {}),
    reports: { conformance: relative(io.cwd, conformanceReport) },
  };
  writeFileSync(join(reportDir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(join(reportDir, 'model-checking.txt'), specOutcomes.map(formatSpecLine).join(''));

  if (values.format === 'json') io.out(JSON.stringify(summary) + '\n');
  const branches = suite.kernelCoverage === undefined ? undefined : summarizeKernelCoverage(suite.kernelCoverage, { uncovered: false });
  text(
    [
      ...(suite.kernelCoverage === undefined ? [] : ['', ...kernelCoverageLines(suite.kernelCoverage)]),
      '',
      `Summary: specifications ${specOutcomes.length - specFailures}/${specOutcomes.length} as expected; ` +
        `conformance ${suite.passed} passed, ${suite.failed} failed${suite.unknown ? `, ${suite.unknown} unknown` : ''} (seed ${seed})` +
        `${branches?.measured ? `; reference kernel branches taken ${branches.covered}/${branches.total}` : ''}.`,
      `Report: ${relative(io.cwd, join(reportDir, 'summary.json'))}, ${relative(io.cwd, conformanceReport)}`,
      '',
    ].join('\n'),
  );
  if (io.signal.aborted) return ExitCode.unknown;
  return summary.result === 'passed' ? ExitCode.ok : ExitCode.violated;
}
