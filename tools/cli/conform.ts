// `cloudos conform`: runs the conformance suite against an implementation (the in-process
// reference kernel by default, or any program speaking the adapter protocol), or measures the
// suite against the reference kernel's mutant catalogue. The one place that hands the suite the
// reference kernel.
import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCommandLine, UsageError, type Command, type CommandIO, type OptionTable } from './command.js';
import { ExitCode, median } from '../../conventions/index.js';
import { DEFAULT_SEED, parseSeed, seedHelp } from './seed.js';
import {
  DEFAULT_HARDWARE,
  HardwareError,
  subprocessFactory,
  TestCaseError,
  discoverTests,
  hardwarePresets,
  jsonSummary,
  junitReport,
  replayCommand,
  formatSeeds,
  loadExpectedFailures,
  NOT_MEASURED_SUBPROCESS,
  NOT_MEASURED_UNASKED,
  parseFeatureList,
  runMutants,
  runSuite,
  selectByFeatures,
  kernelCoverageStatus,
  statusLine,
  tapReport,
  textReport,
  writeHtmlReport,
  type MutationScore,
  type ReplayContext,
  type SuiteResult,
  type TestCase,
} from '../../conformance/src/index.js';
import { featureNames, type ImplementationFactory } from '../../conformance/protocol/index.js';
import { bugAbstraction, bugBatches, catalogue, measuredBy, mutantAbstraction, mutants, referenceFactory, type CatalogueBug, type KernelFlag, type MutantName } from '../../reference/src/index.js';
import type { SweepFailure } from './sweep-file.js';
import { runSweepCommand, sweepOptions, sweepPlan, type SeedRunner, type SweepJob } from './sweep-run.js';

const FORMATS = ['text', 'json', 'tap', 'junit'] as const;

/**
 * The default run: every test at each of these seeds (a test stops at its first failing seed).
 * Fixed, so that a run without flags replays; chosen so that the catalogue of independent bugs
 * (reference/src/bug-catalogue) is caught as far as the suite can see it, within DEFAULT_BUDGET.
 */
export const DEFAULT_SEEDS = { from: 1, to: 30 } as const;
/** What the default run of the messaging and RPC tests may take, stated in its output. */
export const DEFAULT_BUDGET = '5 minutes on 2 cores for the messaging and RPC tests';
type Format = (typeof FORMATS)[number];

const options = {
  impl: { type: 'string', value: 'COMMAND', help: 'run COMMAND (through /bin/sh -c) as the implementation, speaking the\nadapter protocol (conformance/protocol/PROTOCOL.md); default: the\nreference kernel, in-process' },
  tests: { type: 'string', value: 'GLOB', multiple: true, default: [], help: "only tests whose id or path matches (e.g. 'rpc/*', '**/fifo-*');\nrepeatable: the tests that match any" },
  features: { type: 'string', value: 'LIST', help: `only tests that need one of these features (comma-separated; one of\n${featureNames.join(', ')}); a test needing a feature the implementation\ndoes not declare is reported as not applicable either way` },
  seed: { type: 'string', value: 'S', help: `${seedHelp(`every test at each\nof seeds ${DEFAULT_SEEDS.from}..${DEFAULT_SEEDS.to}`)}; given, every test runs at S alone` },
  quick: { type: 'boolean', default: false, help: `run every test at seed ${DEFAULT_SEED} alone (what cloudos all runs)` },
  hardware: { type: 'string', value: 'PRESET', help: `hardware preset for every test (default: each test's own, usually\n'${DEFAULT_HARDWARE}'); one of: ${hardwarePresets().join(', ')}` },
  format: { type: 'string', value: 'FORMAT', default: 'text', help: 'text (default), json, tap or junit, on stdout' },
  report: { type: 'string', value: 'DIR', help: 'also write DIR/index.html (sequence diagrams of failures) and DIR/results.json' },
  'expected-failures': { type: 'string', value: 'FILE', help: 'test ids (one per line, # comments) the implementation is known to\nfail; they count as passing, and passing one is reported' },
  mutants: { type: 'boolean', default: false, help: "run the reference kernel's mutant catalogue instead and print the\nmutation score and each mutant's time to detection" },
  catalogue: { type: 'boolean', default: false, help: "run the catalogue of independent bugs (reference/src/bug-catalogue)\ninstead, each bug against its abstraction's tests (messaging and RPC\ntogether): per bug caught or missed, by which test, time to detect;\nthe score, misses by class, the median time to detect, and the score\nper abstraction" },
  batch: { type: 'string', value: 'NAME', help: `with --catalogue: only the catalogued bugs of batch NAME (one of\n${bugBatches.join(', ')}), e.g. the bugs written blind that were measured once` },
  mutant: { type: 'string', value: 'NAME', help: 'run the suite against one mutant or catalogued bug of the reference\nkernel (replay)' },
  'kernel-coverage': { type: 'boolean', default: false, help: "also measure which branches of the in-process reference kernel each\ntest's runs take (V8 block coverage: up to 50 % more CPU), and report\nthem per test and per kernel file, naming each branch not taken" },
  ...sweepOptions,
} as const satisfies OptionTable;

export const command: Command = {
  name: 'conform',
  summary: 'run the conformance suite against an implementation (or the mutant catalogue)',
  usage: 'conform [options]',
  description: `Runs the conformance suite (conformance/tests/**.json) against an implementation of cloudOS
messaging and RPC, over the simulated network of the hardware models, and checks each run.`,
  options,
  epilogue: `A failure prints the violated property, the seed, the (shrunk) workload and a replay command.
Exit codes: 0 all passed (or all mutants rejected), 1 a test failed (or a mutant survived),
2 no verdict (a bound or Ctrl-C), 64 usage, 65 bad test data or expected-failures file, 70 internal.`,
  run,
};

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandLine(options, argv);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format: '${values.format}' is not one of ${FORMATS.join(', ')}`);
  const plan = sweepPlan(values, io);
  if (plan) {
    const clash = values.seed !== undefined ? '--seed' : values.mutants ? '--mutants' : values.catalogue ? '--catalogue' : values.report !== undefined ? '--report' : values['kernel-coverage'] ? '--kernel-coverage' : format === 'tap' || format === 'junit' ? `--format ${format}` : undefined;
    if (clash) throw new UsageError(`--seeds runs a sweep, whose report is text or JSON (merge shards with cloudos report merge); it cannot be combined with ${clash}`);
  }
  if (values.quick && values.seed !== undefined) throw new UsageError('--quick runs seed 1 alone and --seed S seed S alone; give one of them');
  if (values.quick && plan) throw new UsageError('--quick runs one seed and --seeds A..B a sweep; give one of them');
  const seeds = values.seed !== undefined ? [parseSeed(values.seed)] : values.quick ? [DEFAULT_SEED] : defaultSeeds();
  if (values.hardware !== undefined && !hardwarePresets().includes(values.hardware)) {
    throw new UsageError(`--hardware: unknown preset '${values.hardware}'; the presets are ${hardwarePresets().join(', ')}`);
  }
  if (values.mutants && values.catalogue) throw new UsageError('--mutants and --catalogue each pick a set of buggy kernels; give one of them');
  const measuring = values.mutants ? '--mutants' : values.catalogue ? '--catalogue' : undefined;
  if (measuring !== undefined && (values.impl !== undefined || values.mutant !== undefined)) {
    throw new UsageError(`${measuring} measures the suite against buggy variants of the reference kernel; it cannot be combined with --impl or --mutant`);
  }
  if (values.batch !== undefined && !values.catalogue) throw new UsageError('--batch picks bugs of the catalogue; give it with --catalogue');
  if (values.batch !== undefined && !(bugBatches as readonly string[]).includes(values.batch)) {
    throw new UsageError(`--batch: unknown batch '${values.batch}'; the batches are ${bugBatches.join(', ')}`);
  }
  if (values.impl !== undefined && values.mutant !== undefined) throw new UsageError('--mutant picks a mutant of the reference kernel; it cannot be combined with --impl');
  if (values['kernel-coverage'] && measuring !== undefined) throw new UsageError(`--kernel-coverage measures the reference kernel's branches in the suite's report; it cannot be combined with ${measuring}`);
  if (values.mutant !== undefined && !mutants.some((m) => m.name === values.mutant) && !catalogue.some((b) => b.id === values.mutant)) {
    throw new UsageError(`--mutant: unknown mutant '${values.mutant}'; the mutants are ${mutants.map((m) => m.name).join(', ')}; the catalogued bugs are ${catalogue.map((b) => b.id).join(', ')}`);
  }

  let tests: TestCase[];
  try {
    tests = selectTests(values.tests);
  } catch (error) {
    if (error instanceof TestCaseError) {
      io.err(`cloudos conform: ${error.message}\n`);
      return ExitCode.badInput;
    }
    throw error;
  }
  if (values.features !== undefined) {
    let wanted;
    try {
      wanted = parseFeatureList(values.features);
    } catch (error) {
      throw new UsageError(`--features: ${(error as Error).message}`);
    }
    tests = selectByFeatures(tests, wanted);
    if (tests.length === 0) throw new UsageError(`--features: no selected test needs ${wanted.join(' or ')}`);
  }

  const hardware = values.hardware;
  try {
    if (plan) {
      const expectedFailures = readExpectedFailures(values['expected-failures'], io);
      if (typeof expectedFailures === 'number') return expectedFailures;
      const job: SweepJob = {
        kind: 'conform',
        cwd: io.cwd,
        tests: tests.map((t) => t.id),
        ...(values.impl !== undefined ? { impl: values.impl } : {}),
        ...(values.mutant !== undefined ? { mutant: values.mutant } : {}),
        ...(hardware !== undefined ? { hardware } : {}),
        ...(expectedFailures ? { expectedFailures: [...expectedFailures].sort() } : {}),
      };
      // Everything else changes a verdict, so it must be equal in every shard of the sweep (the tests are sweep.tests).
      const { kind: _kind, cwd: _cwd, tests: _tests, ...settings } = job;
      return await runSweepCommand({ argv, job, plan, tests: tests.map((t) => t.id), settings, format: format as 'text' | 'json' }, io);
    }
    if (values.mutants) return await runMutantCatalogue(tests, seeds, hardware, format, io, 'mutants');
    if (values.catalogue) return await runMutantCatalogue(tests, seeds, hardware, format, io, 'catalogue', values.batch);
    return await runAgainstImplementation(tests, seeds, hardware, format, values, io);
  } catch (error) {
    if (error instanceof HardwareError) {
      io.err(`cloudos conform: ${error.message}\n`);
      return ExitCode.badInput;
    }
    throw error;
  }
}

async function runAgainstImplementation(
  tests: TestCase[],
  seeds: number[],
  hardware: string | undefined,
  format: Format,
  values: { impl?: string; mutant?: string; report?: string; 'expected-failures'?: string; 'kernel-coverage'?: boolean },
  io: CommandIO,
): Promise<number> {
  const expectedFailures = readExpectedFailures(values['expected-failures'], io);
  if (typeof expectedFailures === 'number') return expectedFailures;
  const reportDir = values.report === undefined ? undefined : resolve(io.cwd, values.report);
  if (reportDir !== undefined) {
    // Checked before the run, so that a long run does not end in an unwritable report.
    const problem = reportDirectoryProblem(reportDir);
    if (problem !== undefined) {
      io.err(`cloudos conform: --report: cannot write a report to '${values.report}': ${problem}; name a directory (it is created if missing)\n`);
      return ExitCode.badInput;
    }
  }
  const { context, factory, name } = implementationOf({ ...values, ...(hardware !== undefined ? { hardware } : {}) }, io.cwd);
  // Started by the command's loader (commands.ts), before this module loaded the kernel.
  const unmeasured = values.impl !== undefined ? NOT_MEASURED_SUBPROCESS : values['kernel-coverage'] ? kernelCoverageStatus() : NOT_MEASURED_UNASKED;
  io.err(`cloudos conform: ${tests.length} test${tests.length === 1 ? '' : 's'} against ${name}, ${describeSeeds(seeds)}\n`);
  const suite = await runSuite(tests, name, factory, {
    seed: seeds[0]!,
    seeds,
    ...(hardware !== undefined ? { hardware } : {}),
    ...(expectedFailures ? { expectedFailures } : {}),
    kernelCoverage: unmeasured === undefined ? { measure: true } : { measure: false, reason: unmeasured },
    signal: io.signal,
    onResult: (result, done, total) => io.err(`[${done}/${total}] ${statusLine(result)}\n`),
  });
  io.out(renderSuite(suite, format, context));
  if (reportDir !== undefined) {
    const file = writeHtmlReport(reportDir, suite, context);
    io.err(`cloudos conform: report written to ${file}\n`);
  }
  if (suite.failed > 0) return ExitCode.violated;
  if (suite.unknown > 0 || io.signal.aborted) return ExitCode.unknown;
  return ExitCode.ok;
}

/** The implementation a run drives, its name in reports, and how its failures are replayed. */
function implementationOf(choice: { impl?: string | undefined; mutant?: string | undefined; hardware?: string | undefined }, cwd: string): { context: ReplayContext; factory: ImplementationFactory; name: string } {
  const context: ReplayContext = {
    ...(choice.impl !== undefined ? { impl: choice.impl } : {}),
    ...(choice.hardware !== undefined ? { hardware: choice.hardware } : {}),
    ...(choice.mutant !== undefined ? { mutant: choice.mutant } : {}),
  };
  const implCommand = choice.impl;
  const factory: ImplementationFactory =
    implCommand !== undefined
      ? subprocessFactory(implCommand, cwd)
      : referenceFactory(choice.mutant as MutantName | undefined);
  const name = implCommand ?? (choice.mutant !== undefined ? `reference kernel, mutant ${choice.mutant}` : 'reference kernel (in-process)');
  return { context, factory, name };
}

/** The --expected-failures file's ids; the exit code (65) after printing why when it is wrong. */
function readExpectedFailures(path: string | undefined, io: CommandIO): Set<string> | undefined | number {
  if (path === undefined) return undefined;
  try {
    return loadExpectedFailures(resolve(io.cwd, path), new Set(discoverTests().map((t) => t.id)));
  } catch (error) {
    io.err(`cloudos conform: ${(error as Error).message}\n`);
    return ExitCode.badInput;
  }
}

/** One seed of a `--seeds` sweep (run by sweep-run.ts, on this thread or a worker): the whole suite at that seed. */
export function conformSeedRunner(job: Extract<SweepJob, { kind: 'conform' }>, signal?: AbortSignal): SeedRunner {
  const selected = new Set(job.tests);
  const tests = discoverTests().filter((t) => selected.has(t.id));
  const { context, factory, name } = implementationOf(job, job.cwd);
  const expectedFailures = job.expectedFailures ? new Set(job.expectedFailures) : undefined;
  return async (seed) => {
    const suite = await runSuite(tests, name, factory, { seed, ...(job.hardware !== undefined ? { hardware: job.hardware } : {}), ...(expectedFailures ? { expectedFailures } : {}), ...(signal ? { signal } : {}) });
    return {
      record: { seed, verdicts: Object.fromEntries(suite.tests.map((r) => [r.id, r.status])) },
      failures: suite.tests.flatMap((r) => (r.status === 'failed' || r.status === 'unexpected-pass' || r.status === 'unknown' ? [sweepFailure(r, context)] : [])),
    };
  };
}

function sweepFailure(result: SuiteResult['tests'][number], context: ReplayContext): SweepFailure {
  const violation = result.violations[0];
  const more = result.violations.length > 1 ? ` (and ${result.violations.length - 1} more)` : '';
  const [property, message] =
    result.status === 'unexpected-pass'
      ? ['expected failure', 'passed, but the test or the expected-failures file expects it to fail']
      : result.status === 'unknown'
        ? ['no verdict', result.unknownReason ?? 'the run stopped before a verdict']
        : result.protocolViolation !== undefined || violation === undefined
          ? [`protocol violation (${result.protocolViolation?.kind ?? result.verdict})`, result.protocolViolation?.detail ?? result.verdict]
          : [violation.property, violation.message + more];
  return { seed: result.seed, test: result.id, status: result.status, property, message, replay: replayCommand(result.id, result.seed, context) };
}

function renderSuite(suite: SuiteResult, format: Format, context: ReplayContext): string {
  switch (format) {
    case 'text': return textReport(suite, context);
    case 'json': return JSON.stringify(jsonSummary(suite, context), null, 2) + '\n';
    case 'tap': return tapReport(suite, context);
    case 'junit': return junitReport(suite, context);
  }
}

function defaultSeeds(): number[] {
  return Array.from({ length: DEFAULT_SEEDS.to - DEFAULT_SEEDS.from + 1 }, (_, i) => DEFAULT_SEEDS.from + i);
}

/** The tests any of `globs` matches (every test when none is given), each once, in the suite's order. */
function selectTests(globs: string[]): TestCase[] {
  if (globs.length === 0) return discoverTests();
  const chosen = new Set<string>();
  for (const glob of globs) {
    const matching = discoverTests(glob);
    if (matching.length === 0) throw new UsageError(`--tests: no test matches '${glob}'; ids look like rpc/at-most-once-duplicates`);
    for (const test of matching) chosen.add(test.id);
  }
  return discoverTests().filter((test) => chosen.has(test.id));
}

/** The seeds in a run's header: the default ones with their budget, or the one asked for. */
function describeSeeds(seeds: number[]): string {
  if (seeds.length === 1) return `seed ${seeds[0]} (one seed; the default run tries seeds ${DEFAULT_SEEDS.from}..${DEFAULT_SEEDS.to})`;
  return `${formatSeeds(seeds)} (the default run, within ${DEFAULT_BUDGET}; each test stops at its first failing seed; --quick for seed ${DEFAULT_SEED} alone)`;
}

/** A set of buggy kernels and the tests that measure them. */
interface MeasuredBatch {
  tests: TestCase[];
  flags: KernelFlag[];
}

/**
 * Buggy kernels grouped by the abstractions whose tests measure them (messaging and RPC bugs by
 * the messaging and RPC tests, a migration bug by the migration tests, ...): another abstraction's
 * tests would only delay a bug's detection. Batches without a selected test are left out, so
 * `--tests 'dsm/*'` measures the DSM bugs alone.
 */
function measuredBatches(selected: TestCase[], kernels: { flag: KernelFlag; abstractions: readonly string[] }[]): MeasuredBatch[] {
  const batches = new Map<string, MeasuredBatch>();
  for (const { flag, abstractions } of kernels) {
    const key = abstractions.join(',');
    const batch = batches.get(key) ?? { tests: selected.filter((t) => abstractions.includes(t.abstraction)), flags: [] };
    batch.flags.push(flag);
    batches.set(key, batch);
  }
  return [...batches.values()].filter((b) => b.tests.length > 0);
}

/** Runs the mutants (written with the suite's tests) or the catalogue of independent bugs (written apart from them). */
async function runMutantCatalogue(selected: TestCase[], seeds: number[], hardware: string | undefined, format: Format, io: CommandIO, which: 'mutants' | 'catalogue', bugBatch?: string): Promise<number> {
  const kernels =
    which === 'mutants'
      ? mutants.map((m) => ({ flag: m.name as MutantName, abstractions: measuredBy(mutantAbstraction(m)) }))
      : catalogue.filter((b: CatalogueBug) => bugBatch === undefined || b.batch === bugBatch).map((b) => ({ flag: b.id, abstractions: measuredBy(bugAbstraction(b)) }));
  const batches = measuredBatches(selected, kernels);
  if (batches.length === 0) {
    throw new UsageError(`--${which}: no selected test is of ${[...new Set(kernels.flatMap((k) => k.abstractions))].join(', ')}, the abstractions the ${which === 'mutants' ? 'mutants' : "catalogue's bugs"} are in`);
  }
  const flagCount = batches.reduce((n, b) => n + b.flags.length, 0);
  const testCount = batches.reduce((n, b) => n + b.tests.length, 0);
  io.err(`cloudos conform: ${flagCount} ${which === 'mutants' ? 'mutants of the reference kernel' : 'catalogued bugs of the reference kernel'} against ${testCount} tests${batches.length > 1 ? ' (each bug against its own abstraction\'s)' : ''}, ${describeSeeds(seeds)}\n`);
  const scores: MutationScore[] = [];
  for (const batch of batches) {
    if (io.signal.aborted) break;
    scores.push(
      await runMutants(
        batch.tests,
        batch.flags.map((flag) => ({ name: flag, factory: referenceFactory(flag) })),
        {
          seed: seeds[0]!,
          seeds,
          ...(hardware !== undefined ? { hardware } : {}),
          signal: io.signal,
          onMutant: (m) => io.err(`${m.rejected ? 'rejected' : 'SURVIVED'} ${m.name}${m.detectedBy ? ` by ${m.detectedBy.id} at seed ${m.detectedBy.seed} (${m.detectedBy.property})` : ''}\n`),
        },
      ),
    );
  }
  const score = mergedScore(scores);
  io.out(renderScore(score, seeds, format) + (which === 'catalogue' && format === 'text' ? catalogueSummary(score) : ''));
  for (const m of score.mutants.filter((m) => !m.rejected)) {
    io.err(`replay: cloudos conform --mutant ${m.name}${seeds.length === 1 ? ` --seed ${seeds[0]}` : ''}${hardware !== undefined ? ` --hardware ${hardware}` : ''}\n`);
  }
  if (io.signal.aborted) return ExitCode.unknown;
  return score.rejected === score.total ? ExitCode.ok : ExitCode.violated;
}

function mergedScore(scores: MutationScore[]): MutationScore {
  const mutants = scores.flatMap((s) => s.mutants);
  const rejected = mutants.filter((m) => m.rejected).length;
  return { score: mutants.length === 0 ? 0 : rejected / mutants.length, rejected, total: mutants.length, durationMs: scores.reduce((sum, s) => sum + s.durationMs, 0), mutants };
}

/** `conform --mutants` or `--catalogue` with `--format json`: what a CI pipeline reads. */
export interface ScoreReport extends Pick<MutationScore, 'score' | 'rejected' | 'total' | 'durationMs' | 'mutants'> {
  seeds: number[];
}

function renderScore(score: MutationScore, seeds: number[], format: Format): string {
  switch (format) {
    case 'json': {
      const report: ScoreReport = { score: score.score, rejected: score.rejected, total: score.total, seeds, durationMs: score.durationMs, mutants: score.mutants };
      return JSON.stringify(report, null, 2) + '\n';
    }
    case 'tap':
      return ['TAP version 13', `1..${score.total}`, ...score.mutants.map((m, i) => `${m.rejected ? 'ok' : 'not ok'} ${i + 1} - mutant ${m.name} ${m.rejected ? `rejected in ${m.timeToDetectMs} ms by ${m.detectedBy!.id}` : 'survived'}`)].join('\n') + '\n';
    case 'junit':
      return [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuite name="cloudos mutants" tests="${score.total}" failures="${score.total - score.rejected}">`,
        ...score.mutants.map((m) => `  <testcase name="${m.name}" time="${(m.timeToDetectMs ?? 0) / 1000}">${m.rejected ? '' : '<failure message="survived every test"/>'}</testcase>`),
        '</testsuite>',
      ].join('\n') + '\n';
    case 'text': {
      const width = Math.max(...score.mutants.map((m) => m.name.length));
      const lines = score.mutants.map((m) =>
        m.rejected
          ? `rejected  ${m.name.padEnd(width)}  ${String(m.timeToDetectMs).padStart(6)} ms  by ${m.detectedBy!.id} at seed ${m.detectedBy!.seed} (${m.detectedBy!.property}, after ${m.testsRun} test run${m.testsRun === 1 ? '' : 's'})`
          : `SURVIVED  ${m.name.padEnd(width)}  after all ${m.testsRun} test runs`,
      );
      lines.push('', `mutation score ${score.rejected}/${score.total} = ${(score.score * 100).toFixed(0)}% in ${(score.durationMs / 1000).toFixed(1)} s (${formatSeeds(seeds)})`);
      return lines.join('\n') + '\n';
    }
  }
}

/** For the bug catalogue: the misses by class (what the suite cannot see) and the median time to detect. */
function catalogueSummary(score: MutationScore): string {
  const bugs = new Map<string, CatalogueBug>(catalogue.map((b) => [b.id, b]));
  const missed = new Map<string, string[]>();
  for (const m of score.mutants.filter((m) => !m.rejected)) {
    const bugClass = bugs.get(m.name)?.class ?? 'unknown';
    missed.set(bugClass, [...(missed.get(bugClass) ?? []), m.name]);
  }
  const lines = ['', missed.size === 0 ? 'missed: none' : 'missed, by class:'];
  for (const [bugClass, ids] of [...missed].sort(([a], [b]) => a.localeCompare(b))) lines.push(`  ${bugClass}: ${ids.join(', ')}`);
  lines.push(`median time to detect (caught bugs): ${medianTimeToDetect(score.mutants)}`);
  const byAbstraction = new Map<string, MutationScore['mutants']>();
  for (const m of score.mutants) {
    const bug = bugs.get(m.name);
    const key = bug === undefined ? 'unknown' : measuredBy(bugAbstraction(bug)).join(' and ');
    byAbstraction.set(key, [...(byAbstraction.get(key) ?? []), m]);
  }
  if (byAbstraction.size > 1) {
    lines.push('by abstraction:');
    for (const [abstraction, ms] of byAbstraction) lines.push(`  ${abstraction}: ${ms.filter((m) => m.rejected).length}/${ms.length} caught, median time to detect ${medianTimeToDetect(ms)}`);
  }
  return lines.join('\n') + '\n';
}

function medianTimeToDetect(results: MutationScore['mutants']): string {
  const times = results.flatMap((m) => (m.timeToDetectMs === null ? [] : [m.timeToDetectMs]));
  return times.length === 0 ? 'none caught' : `${median(times)} ms`;
}

/** Creates the report directory; returns why it cannot be used, or undefined. */
function reportDirectoryProblem(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'EEXIST' || code === 'ENOTDIR' ? 'a file is in the way' : (error as Error).message;
  }
}
