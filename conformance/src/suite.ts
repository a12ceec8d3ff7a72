// The suite: finds the tests (conformance/tests/**/*.json, filtered by a glob), runs each against
// an implementation, classifies each result against the expectations (the test's own and the
// implementer's expected-failures file), and runs the mutant catalogue to measure the suite.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { setImmediate as turnOfEventLoop } from 'node:timers/promises';
import { PROTOCOL_VERSION, featureNames, type FeatureName, type ImplementationFactory } from '../protocol/index.js';
import { mergeTraceValidation, runTest, type KernelCoverageOption, type TestResult, type TraceValidationCounts } from './run-test.js';
import { emptyCoverage, mergeCoverage, type Coverage } from './coverage.js';
import { mergeKernelCoverage, type KernelCoverage } from './kernel-coverage.js';
import type { PortDeclaration } from './runner.js';
import { loadTestCase, type TestCase } from './test-case.js';
import { fromRepoRoot } from '../../conventions/index.js';

/**
 * passed / failed as the test expects; expected-failure: failed, and listed as a known gap;
 * unexpected-pass: listed as a known gap but passed (update the list); unknown: no verdict;
 * not-applicable: the implementation lacks a feature the test needs, so it was not run (never a pass).
 */
export type Status = 'passed' | 'failed' | 'expected-failure' | 'unexpected-pass' | 'unknown' | 'not-applicable';

export interface ClassifiedResult extends TestResult {
  status: Status;
  /** Seeds the test ran at: all of the run's seeds if it passed at each, else up to the one reported. */
  seedsRun: number;
}

export interface SuiteResult {
  implementation: string;
  /** The version of the suite's protocol. */
  protocolVersion: number;
  /** What the implementation declared (the first run's answer to its opening init), if it answered at all. */
  declaration?: PortDeclaration;
  /** The first seed; `seeds` lists them all. */
  seed: number;
  /** Every seed the run tried each test at, in order (a test stops at its first seed that does not pass). */
  seeds: number[];
  hardware?: string;
  passed: number;
  failed: number;
  /** Tests not run because the implementation lacks a feature they need; neither passed nor failed. */
  notApplicable: number;
  unknown: number;
  expectedFailures: number;
  unexpectedPasses: number;
  durationMs: number;
  tests: ClassifiedResult[];
  /** What the runs of every test reached together (coverage.ts). */
  coverage: Coverage;
  /** The reference kernel's branches the runs of every test took together, or why not measured (kernel-coverage.ts); absent when not asked. */
  kernelCoverage?: KernelCoverage;
}

export interface SuiteOptions {
  seed: number;
  /** Run each test at each of these seeds instead of `seed` alone, until one does not pass. */
  seeds?: readonly number[];
  hardware?: string;
  /** Test ids an implementer expects to fail (known gaps). */
  expectedFailures?: ReadonlySet<string>;
  onResult?: (result: ClassifiedResult, done: number, total: number) => void;
  signal?: AbortSignal;
  /** Measure the reference kernel's branches per run (an in-process kernel only), or say why not. */
  kernelCoverage?: KernelCoverageOption;
}

export const TESTS_DIR = 'conformance/tests';

/** Every test file under conformance/tests whose id or path matches `glob` (default: all). */
export function discoverTests(glob?: string): TestCase[] {
  const root = fromRepoRoot(TESTS_DIR);
  const files = listJson(root).sort();
  const matcher = glob === undefined ? undefined : globToRegExp(glob);
  return files
    .filter((file) => {
      if (matcher === undefined) return true;
      const rel = relative(root, file);
      return matcher.test(rel.replace(/\.json$/, '')) || matcher.test(rel) || matcher.test(join(TESTS_DIR, rel));
    })
    .map((file) => loadTestCase(file));
}

function listJson(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return []; // removed since readdir listed it: not part of the suite any more
    if (stat.isDirectory()) return listJson(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

/** Tests that need at least one of `wanted` (an RPC test needs messaging too: its processes are spawned). */
export function selectByFeatures(tests: readonly TestCase[], wanted: readonly FeatureName[]): TestCase[] {
  return tests.filter((test) => test.features.some((f) => wanted.includes(f)));
}

/** A comma-separated feature list, as `--features` takes it; an unknown name is an error listing the known ones. */
export function parseFeatureList(text: string): FeatureName[] {
  const names = text.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new Error(`'${text}' names no feature; the features are ${featureNames.join(', ')}`);
  for (const name of names) {
    if (!(featureNames as readonly string[]).includes(name)) throw new Error(`unknown feature '${name}'; the features are ${featureNames.join(', ')}`);
  }
  return names as FeatureName[];
}

/** `*` matches within a path segment, `**` across segments. */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      pattern += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') pattern += '[^/]*';
    else if (c === '?') pattern += '[^/]';
    else pattern += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${pattern}$`);
}

/** An expected-failures file: one test id per line; `#` starts a comment. */
export function parseExpectedFailures(text: string, file: string, known: ReadonlySet<string>): Set<string> {
  const ids = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const id = raw.replace(/#.*/, '').trim();
    if (id === '') return;
    if (!known.has(id)) throw new Error(`${file}:${i + 1}: '${id}' is not a test id; ids look like rpc/at-most-once-duplicates (see conformance/tests/)`);
    ids.add(id);
  });
  return ids;
}

export function loadExpectedFailures(file: string, known: ReadonlySet<string>): Set<string> {
  return parseExpectedFailures(readFileSync(file, 'utf8'), file, known);
}

export function classify(result: TestResult, listedAsKnownGap: boolean): Status {
  if (result.verdict === 'unknown') return 'unknown';
  if (result.verdict === 'not-applicable') return 'not-applicable';
  const failed = result.verdict === 'fail' || result.verdict === 'broken';
  // A test with `expected: fail` documents behaviour the implementation must exhibit as failing.
  const expectFailure = (result.expected === 'fail') !== listedAsKnownGap;
  if (failed) return expectFailure ? 'expected-failure' : 'failed';
  return expectFailure ? 'unexpected-pass' : 'passed';
}

export async function runSuite(tests: readonly TestCase[], implementation: string, factory: ImplementationFactory, options: SuiteOptions): Promise<SuiteResult> {
  const started = Date.now();
  const results: ClassifiedResult[] = [];
  const seeds = options.seeds ?? [options.seed];
  for (const test of tests) {
    // A test runs synchronously (an in-process kernel, or a subprocess answered through
    // Atomics.wait): only a turn of the event loop between runs lets SIGINT/SIGTERM abort the suite.
    await turnOfEventLoop();
    if (options.signal?.aborted) break;
    let classified: ClassifiedResult | undefined;
    let coverage = emptyCoverage();
    let traceValidation: TraceValidationCounts | undefined; // over every seed run, not the last one's alone
    let kernelCoverage: KernelCoverage | undefined;
    const testStarted = Date.now(); // and the duration of every seed run
    for (const [i, seed] of seeds.entries()) {
      if (i > 0) await turnOfEventLoop();
      if (i > 0 && options.signal?.aborted) break;
      const result = await runTest(test, factory, { seed, ...(options.hardware ? { hardware: options.hardware } : {}), ...(options.kernelCoverage ? { kernelCoverage: options.kernelCoverage } : {}) });
      coverage = mergeCoverage(coverage, result.coverage);
      traceValidation = mergeTraceValidation(traceValidation, result.traceValidation);
      kernelCoverage = mergeKernelCoverage(kernelCoverage, result.kernelCoverage);
      classified = { ...result, durationMs: Date.now() - testStarted, coverage, ...(traceValidation ? { traceValidation } : {}), ...(kernelCoverage ? { kernelCoverage } : {}), seedsRun: i + 1, status: classify(result, options.expectedFailures?.has(test.id) ?? false) };
      if (classified.status !== 'passed') break; // the first seed that does not pass is the one reported
    }
    results.push(classified!);
    options.onResult?.(classified!, results.length, tests.length);
  }
  const count = (status: Status) => results.filter((r) => r.status === status).length;
  const declaration = results.find((r) => r.declaration !== undefined)?.declaration;
  return {
    implementation,
    protocolVersion: PROTOCOL_VERSION,
    ...(declaration ? { declaration } : {}),
    seed: seeds[0]!,
    seeds: [...seeds],
    ...(options.hardware ? { hardware: options.hardware } : {}),
    passed: count('passed') + count('expected-failure'),
    failed: count('failed') + count('unexpected-pass'),
    notApplicable: count('not-applicable'),
    unknown: count('unknown') + (tests.length - results.length),
    expectedFailures: count('expected-failure'),
    unexpectedPasses: count('unexpected-pass'),
    durationMs: Date.now() - started,
    tests: results,
    coverage: results.reduce((sum, r) => mergeCoverage(sum, r.coverage), emptyCoverage()),
    ...(options.kernelCoverage ? { kernelCoverage: results.reduce<KernelCoverage | undefined>((sum, r) => mergeKernelCoverage(sum, r.kernelCoverage), undefined) ?? { measured: false, reason: 'not measured: no test ran' } } : {}),
  };
}

export interface MutantUnderTest {
  name: string;
  factory: ImplementationFactory;
}

export interface MutantResult {
  name: string;
  rejected: boolean;
  /** Wall-clock time from the start of this mutant's run to the first test that rejected it. */
  timeToDetectMs: number | null;
  detectedBy?: { id: string; seed: number; verdict: string; property?: string };
  /** Test runs (a test at a seed) until the first that rejected it, or all of them. */
  testsRun: number;
}

export interface MutationScore {
  score: number;
  rejected: number;
  total: number;
  durationMs: number;
  mutants: MutantResult[];
}

/** Runs the tests against each mutant until one rejects it (the test fails, or passes when it expects to fail). */
export async function runMutants(
  tests: readonly TestCase[],
  catalogue: readonly MutantUnderTest[],
  options: Omit<SuiteOptions, 'expectedFailures' | 'onResult'> & { onMutant?: (m: MutantResult) => void },
): Promise<MutationScore> {
  const started = Date.now();
  const mutants: MutantResult[] = [];
  const seeds = options.seeds ?? [options.seed];
  const runs = seeds.flatMap((seed) => tests.map((test) => ({ seed, test })));
  for (const mutant of catalogue) {
    if (options.signal?.aborted) break;
    const mutantStarted = Date.now();
    let outcome: MutantResult = { name: mutant.name, rejected: false, timeToDetectMs: null, testsRun: 0 };
    // Seed by seed, every test at each: a bug any test sees at the first seeds is found first.
    for (const [i, { seed, test }] of runs.entries()) {
      await turnOfEventLoop(); // as in runSuite: lets SIGINT/SIGTERM in
      if (options.signal?.aborted) break;
      const result = await runTest(test, mutant.factory, { seed, ...(options.hardware ? { hardware: options.hardware } : {}) });
      // Rejected: the test ends otherwise than it expects (a test with `expected: fail` rejects a
      // mutant that passes it), exactly as it would count against an implementation.
      const status = classify(result, false);
      if (status === 'failed' || status === 'unexpected-pass') {
        const property = status === 'unexpected-pass' ? 'passed a test that expects a failure' : (result.protocolViolation?.kind ?? result.violations[0]?.property);
        outcome = {
          name: mutant.name,
          rejected: true,
          timeToDetectMs: Date.now() - mutantStarted,
          detectedBy: { id: test.id, seed, verdict: result.verdict, ...(property ? { property } : {}) },
          testsRun: i + 1,
        };
        break;
      }
      outcome.testsRun = i + 1;
    }
    // A mutant cut short by an interruption has no verdict: it is left out rather than reported as surviving.
    if (!outcome.rejected && outcome.testsRun < runs.length) break;
    mutants.push(outcome);
    options.onMutant?.(outcome);
  }
  const rejected = mutants.filter((m) => m.rejected).length;
  return { score: mutants.length === 0 ? 0 : rejected / mutants.length, rejected, total: mutants.length, durationMs: Date.now() - started, mutants };
}
