// Trace validation against the reference kernel, shared by the trace-validation-*.test.ts files (one
// per part of the suite, so that each stays well inside tap's per-file limit on a loaded machine):
// every run of every conformance test that asserts TraceExplainedBySpec, over many seeds, must be
// explained by its spec (none past the search bound), except where the suite's history checkers
// reject the run too (a bug of the kernel, not of validation).
import type { Test } from 'tap';
import { discoverTests, runTest, type TestCase, type TraceValidationCounts } from '../../../conformance/src/index.js';
import { referenceFactory } from '../../../reference/src/index.js';
import { formatRange, shardSeeds, type Shard } from '../sweep-file.js';

/** Seeds per test: scripts run once per seed, generated tests run their generator's workloads per seed. */
const SCRIPT_SEEDS = 30;
const GENERATED_SEEDS = 10;

export const validatedOnly = (test: TestCase): TestCase => ({ ...test, properties: ['TraceExplainedBySpec'] });
const checkersOnly = (test: TestCase): TestCase => ({ ...test, properties: test.properties.filter((p) => p !== 'TraceExplainedBySpec') });

/**
 * One subtest per test of `globs` that asserts TraceExplainedBySpec. A test that does not has no
 * spec mapping to validate against (the tests README lists which and why); forcing validation on
 * it would fail on a gap, not a bug. With `shard` i/N, each test runs the i-th of N blocks of its
 * seeds: a part whose few tests cost most (migration's) spreads over N files by seeds, which splits
 * every test's cost, where splitting by tests would leave a costly test whole in one file.
 */
export function everyRunIsExplained(t: Test, globs: readonly string[], shard: Shard = { index: 1, count: 1 }): void {
  const tests = globs.flatMap((glob) => discoverTests(glob)).filter((test) => test.properties.includes('TraceExplainedBySpec'));
  t.ok(tests.length > 0, `some test of ${globs.join(', ')} asserts TraceExplainedBySpec`);
  for (const test of tests) {
    const seeds = shardSeeds({ from: 1, to: test.workload.kind === 'script' ? SCRIPT_SEEDS : GENERATED_SEEDS }, shard);
    const count = seeds.to - seeds.from + 1;
    t.test(`${test.id}: every run of the reference kernel is explained by its spec (seeds ${formatRange(seeds)})`, async (t) => {
      const totals: Omit<TraceValidationCounts, 'unvalidatedReasons'> = { runs: 0, validated: 0, unexplained: 0, notApplicable: 0, unknown: 0 };
      const failures: string[] = [];
      for (let seed = seeds.from; seed <= seeds.to; seed++) {
        const replay = `cloudos conform --tests ${test.id} --seed ${seed}`;
        const result = await runTest(validatedOnly(test), referenceFactory(), { seed });
        const counts = result.traceValidation ?? { ...totals, runs: 0 };
        for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
        if (counts.unknown > 0) failures.push(`seed ${seed}: ${counts.unknown} runs past the search bound (replay: ${replay})`);
        if (result.verdict === 'pass') continue;
        const message = result.violations.map((v) => v.message).join('; ') || result.verdict;
        const checkers = await runTest(checkersOnly(test), referenceFactory(), { seed });
        if (checkers.verdict === 'pass') failures.push(`seed ${seed}: trace validation rejects a run the history checkers accept: ${message} (replay: ${replay})`);
        else t.comment(`seed ${seed}: the kernel fails, by the history checkers too (${checkers.violations[0]?.property}): ${message} (replay: ${replay})`);
      }
      t.same(failures, [], 'no run unknown, none rejected by trace validation alone');
      t.ok(totals.runs >= count, `validation ran on every run (${totals.runs})`);
      t.comment(`${test.id}: trace validated in ${totals.validated} of ${totals.runs} runs; ${totals.notApplicable} not applicable`);
    });
  }
}
