// Trace validation against the reference kernel: every run of every conformance test that asserts
// TraceExplainedBySpec, over many seeds, must be explained by its spec (none past the search bound), except where the suite's
// history checkers reject the run too (a bug of the kernel, not of validation); and a mutant must
// be rejected by trace validation alone, with every history checker switched off. Lives with the
// CLI because it wires the reference kernel to the suite, as `cloudos conform` does.
import t from 'tap';
import { discoverTests, runTest, type TestCase, type TraceValidationCounts } from '../../conformance/src/index.js';
import { referenceFactory } from '../../reference/src/index.js';

/** Seeds per test: scripts run once per seed, generated tests run their generator's workloads per seed. */
const SCRIPT_SEEDS = 30;
const GENERATED_SEEDS = 10;

const validatedOnly = (test: TestCase): TestCase => ({ ...test, properties: ['TraceExplainedBySpec'] });
const checkersOnly = (test: TestCase): TestCase => ({ ...test, properties: test.properties.filter((p) => p !== 'TraceExplainedBySpec') });

// A test that does not assert TraceExplainedBySpec has no spec mapping to validate against (the
// tests README lists which and why); forcing validation on it would fail on a gap, not a bug.
for (const test of discoverTests().filter((test) => test.properties.includes('TraceExplainedBySpec'))) {
  const seeds = test.workload.kind === 'script' ? SCRIPT_SEEDS : GENERATED_SEEDS;
  t.test(`${test.id}: every run of the reference kernel is explained by its spec (seeds 1..${seeds})`, async (t) => {
    const totals: Omit<TraceValidationCounts, 'unvalidatedReasons'> = { runs: 0, validated: 0, unexplained: 0, notApplicable: 0, unknown: 0 };
    const failures: string[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
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
    t.ok(totals.runs >= seeds, `validation ran on every run (${totals.runs})`);
    t.comment(`${test.id}: trace validated in ${totals.validated} of ${totals.runs} runs; ${totals.notApplicable} not applicable`);
  });
}

t.test('trace validation alone rejects mutants of the reference kernel', async (t) => {
  for (const [testId, mutant, property] of [
    ['rpc/at-most-once-duplicates', 'rpc-retry-without-dedup', /Executed of call \d+/],
    ['messaging/fifo-lossy-network', 'fifo-second-path', /Delivered of message \d+/],
    ['messaging/generated-swarm', 'registry-overwrites-live-binding', /Registered k\d+ to p\d+/],
    ['rpc/generated-timeouts', 'dedup-key-ignores-client', /ReplyReceived of call \d+/],
    ['migration/destination-silent-after-commit', 'migration-abort-after-commit', /MigrationAborted /],
    ['quotas/ledger-crash', 'quota-ledger-volatile', /LeaseGranted\(3\) of account 'tenant' processes/],
    ['quotas/partitioned-holder', 'quota-holder-ignores-expiry', /LeaseReclaimed\(2\) of account 'tenant' processes/],
  ] as const) {
    const [test] = discoverTests(testId);
    const result = await runTest(validatedOnly(test!), referenceFactory(mutant), { seed: 1 });
    t.equal(result.verdict, 'fail', `${mutant} fails ${testId} (replay: cloudos conform --mutant ${mutant} --tests ${testId} --seed 1)`);
    t.match(result.violations, [{ property: 'TraceExplainedBySpec', message: property }]);
    const correct = await runTest(validatedOnly(test!), referenceFactory(), { seed: 1 });
    t.equal(correct.verdict, 'pass', 'the correct kernel passes the same run');
  }
});
