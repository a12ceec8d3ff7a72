// EveryFaultServed after windows of slow messages (conformance/src/run-test.ts recoveredAt): judged
// for loads and stores issued once the last window closed plus its longest hold and a fault's
// timeout, not before, and not at all when a window may lose messages. Measured on
// dsm/late-copy-after-give-up with the blind-2 bug dsm-give-up-forgets-invalidation (a reader whose
// copy came after its fault gave up never acknowledges: the writer's page is stuck for good).
// Lives with the CLI because it wires the reference kernel to the suite.
import t from 'tap';
import { discoverTests, runTest, type TestCase } from '../../conformance/src/index.js';
import { ReferenceImplementation } from '../../reference/src/index.js';

const [base] = discoverTests('dsm/late-copy-after-give-up');
const stuck = () => new ReferenceImplementation({ mutant: 'dsm-give-up-forgets-invalidation' });
const settledNs = 15_501_500; // the last window closes at 5.5015 ms; its hold is 6 ms at most, the timeout 4 ms
const script = base!.workload.kind === 'script' ? base!.workload.steps : [];

async function everyFaultServed(test: TestCase, seed = 1): Promise<string[]> {
  const result = await runTest(test, stuck, { seed });
  return result.violations.filter((v) => v.property === 'EveryFaultServed').map((v) => v.message);
}

t.test('the reference kernel serves every load and store issued once the slow messages are over', async (t) => {
  const result = await runTest(base!, () => new ReferenceImplementation({}), { seed: 1 });
  t.equal(result.verdict, 'pass', result.violations.map((v) => `${v.property}: ${v.message}`).join('; '));
});

t.test('a page left stuck by the slow messages is rejected by what is issued after them', async (t) => {
  const messages = await everyFaultServed(base!);
  t.ok(messages.length > 0, 'EveryFaultServed rejects the stuck page');
  t.match(messages[0], /failed with unavailable.*although it was issued after every node ran again and no message was slow any more \(15501500 ns\)/);
});

t.test('nothing issued before the slow messages are over is judged', async (t) => {
  const early = { ...base!, workload: { kind: 'script' as const, steps: script.filter((s) => s.atNs < settledNs) } };
  t.same(await everyFaultServed(early), []);
});

t.test('a window that may lose messages promises nothing', async (t) => {
  const schedule = base!.faults.schedule.map((a) => (a.kind === 'message-faults' && a.atNs === 1_005_000 ? { ...a, faults: { ...a.faults, lossProbability: 0.1 } } : a));
  t.same(await everyFaultServed({ ...base!, faults: { ...base!.faults, schedule } }), []);
});
