// Trace validation alone, with every history checker switched off, rejects mutants of the reference
// kernel (every correct run explained: the other trace-validation-*.test.ts). Lives with
// the CLI because it wires the reference kernel to the suite, as `cloudos conform` does.
import t from 'tap';
import { discoverTests, runTest } from '../../conformance/src/index.js';
import { referenceFactory } from '../../reference/src/index.js';
import { validatedOnly } from './testing/trace-validation.js';

t.test('trace validation alone rejects mutants of the reference kernel', async (t) => {
  for (const [testId, mutant, property] of [
    ['rpc/at-most-once-duplicates', 'rpc-retry-without-dedup', /Executed of call \d+/],
    ['messaging/fifo-lossy-network', 'fifo-second-path', /Delivered of message \d+/],
    ['messaging/generated-swarm', 'registry-overwrites-live-binding', /Registered k\d+ to p\d+/],
    ['rpc/generated-timeouts', 'dedup-key-ignores-client', /ReplyReceived of call \d+/],
    // A catalogued bug: the at-most-once call re-executes after it timed out (RPC.tla CallTimedOut).
    ['rpc/late-reply-after-timeout', 'retry-gets-new-seq', /Executed of call \d+/],
    // A catalogued bug: an evicted call's retransmission runs again (RPCSharedTable.tla: a forgotten call never runs).
    ['rpc/evicted-call-retransmitted', 'evict-without-floor', /Executed of call \d+/],
    ['migration/destination-silent-after-commit', 'migration-abort-after-commit', /MigrationAborted /],
    ['quotas/ledger-crash', 'quota-ledger-volatile', /LeaseGranted\(3\) of account 'tenant' processes/],
    ['quotas/partitioned-holder', 'quota-holder-ignores-expiry', /LeaseReclaimed\(2\) of account 'tenant' processes/],
    // Capabilities.tla: a hand-on with rights its source lacks, and one from a revoked epoch.
    ['quotas/forged-capabilities', 'capability-derive-amplifies', /Derived of 'alice' with rights \[read, write\] from a capability of epoch 0 with \[read, grant\]/],
    ['quotas/derive-after-revoke', 'capability-derive-refreshes-epoch', /Derived of 'alice' with rights \[read, write, grant\] from a capability of epoch 0/],
  ] as const) {
    const [test] = discoverTests(testId);
    const result = await runTest(validatedOnly(test!), referenceFactory(mutant), { seed: 1 });
    t.equal(result.verdict, 'fail', `${mutant} fails ${testId} (replay: cloudos conform --mutant ${mutant} --tests ${testId} --seed 1)`);
    t.match(result.violations, [{ property: 'TraceExplainedBySpec', message: property }]);
    const correct = await runTest(validatedOnly(test!), referenceFactory(), { seed: 1 });
    t.equal(correct.verdict, 'pass', 'the correct kernel passes the same run');
  }
});

t.test('trace validation rejects a call answered twice on the run up to the protocol violation, not only the runner', async (t) => {
  // The catalogued bug keeps a timed-out call pending and takes its late reply: the runner refuses the
  // second answer (bad-effect), and the ReplyReceived reported in that step ends the call twice (RPC.tla CallEndsOnce).
  const [test] = discoverTests('rpc/late-reply-after-timeout');
  const result = await runTest(validatedOnly(test!), referenceFactory('late-reply-after-timeout'), { seed: 1 });
  t.equal(result.verdict, 'broken', 'replay: cloudos conform --mutant late-reply-after-timeout --tests rpc/late-reply-after-timeout --seed 1');
  t.match(result.protocolViolation, { kind: 'bad-effect' });
  t.match(result.violations, [{ property: 'TraceExplainedBySpec', message: /explains ReplyReceived of call \d+/ }]);
  t.match(result.traceValidation, { runs: 1, unexplained: 1 });
});

t.test('a run the history checkers already failed gets a bounded trace search, named as such, not a verdict of its own', async (t) => {
  // Unbounded, proving this broken run unexplained tried every causal order: ~29 s of CPU per failing seed.
  const [test] = discoverTests('migration/two-senders-overtaken-at-the-switch');
  const result = await runTest(test!, referenceFactory('migration-reassembly-ignores-sender'), { seed: 1 });
  t.equal(result.verdict, 'fail', 'replay: cloudos conform --mutant migration-reassembly-ignores-sender --tests migration/two-senders-overtaken-at-the-switch --seed 1');
  t.ok(result.violations.some((v) => v.property === 'PerPairFIFO'), 'the history checker names the broken order');
  t.notOk(result.violations.some((v) => v.property === 'TraceExplainedBySpec'), 'a search cut short is no violation');
  t.match(result.traceValidation, { runs: 1, validated: 0, unknown: 1, unvalidatedReasons: [/^not finished: the run had already failed PerPairFIFO.*stopped at 5000 states/] });
});
