// Trace validation of the reference kernel's DSM runs against spec/dsm/DSM.tla, seed 1: runs the
// spec explains (readers then a writer, concurrent writers, an owner's crash and restart), and
// mutants that the history checkers accept on a run but trace validation rejects (a store on a read
// copy, an invalidation that keeps the copy, a write granted one acknowledgement short). The sweep over seeds is
// trace-validation-dsm.test.ts. Lives with the CLI because it wires the reference kernel to the suite.
import t from 'tap';
import { discoverTests, runTest, type PropertyName } from '../../conformance/src/index.js';
import { referenceFactory, type KernelFlag } from '../../reference/src/index.js';

async function run(id: string, properties: PropertyName[], mutant?: KernelFlag) {
  const [test] = discoverTests(id);
  return runTest({ ...test!, properties }, referenceFactory(mutant), { seed: 1 });
}
const consistency: PropertyName[] = ['PageLinearizable', 'SequentiallyConsistent'];

for (const id of ['dsm/readers-then-writer', 'dsm/concurrent-writers', 'dsm/owner-crash']) {
  t.test(`the reference kernel's run of ${id} is explained`, async (t) => {
    const result = await run(id, ['TraceExplainedBySpec']);
    t.equal(result.verdict, 'pass', result.violations.map((v) => v.message).join('\n'));
    t.match(result.traceValidation, { runs: 1, validated: 1 });
  });
}

for (const [id, mutant, step] of [
  ['dsm/concurrent-writers', 'dsm-store-on-read-copy', /explains Written\(\d, \d\)/],
  ['dsm/partitioned-reader', 'dsm-invalidation-keeps-copy', /explains a load on n\d of page \d returning version/],
  // Acknowledgements are observed (InvalidationAcked): a write granted one short of them all is unexplained.
  ['dsm/readers-then-writer', 'dsm-grant-one-ack-short', /explains WriteGranted\(\d\) on n\d/],
] as const) {
  t.test(`${mutant} passes the consistency checkers on ${id} but not trace validation`, async (t) => {
    const replay = `cloudos conform --mutant ${mutant} --tests ${id} --seed 1`;
    t.equal((await run(id, consistency, mutant)).verdict, 'pass', `PageLinearizable and SequentiallyConsistent see nothing at seed 1 (${replay})`);
    const result = await run(id, ['TraceExplainedBySpec'], mutant);
    t.equal(result.verdict, 'fail', replay);
    t.match(result.violations[0], { property: 'TraceExplainedBySpec', message: step });
  });
}
