// Li and Hudak's analysis of the dynamic distributed manager ("Memory Coherence in Shared Virtual
// Memory Systems", ACM TOCS 7(4):321-359, 1989, doi:10.1145/75104.75105, section 3.3): locating the
// owner of a page K times on N processors takes O(N + K log N) messages, because forwarding a write
// request points every hint on the path at the requester (path compression). The bound is stated
// asymptotically; checked here with constant 1 (N + K * ceil(log2 N) messages: each fault's first
// request and every forward) on generated workloads of faults one at a time, as the analysis
// assumes; and on a round robin of writers, far below the K * (N - 1) a ring without compression takes.
import t from 'tap';
import fc from 'fast-check';
import { dsmFaultMetrics, parseTestCase, runTest, type TestCase } from '../../../conformance/src/index.js';
import { ReferenceImplementation } from '../reference-implementation.js';

const MS = 1_000_000;

/** One process per node attached to one page; then each access, 1 ms apart (each done before the next). */
function sequentialAccesses(nodes: number, accesses: { node: number; store: boolean }[]): TestCase {
  const steps = [
    ...Array.from({ length: nodes }, (_, i) => ({ atNs: 0, op: { kind: 'spawn', as: `p${i}`, placement: { kind: 'node', node: `n${i + 1}` } } })),
    ...Array.from({ length: nodes }, (_, i) => ({ atNs: MS / 2, op: { kind: 'attach', process: `p${i}`, segment: 's', pages: 1 } })),
    ...accesses.map((a, k) => ({ atNs: MS * (k + 1), op: { kind: a.store ? 'store' : 'load', process: `p${a.node}`, segment: 's', page: 1 } })),
  ];
  const test = { id: 'dsm/li-hudak', abstraction: 'dsm', description: 'sequential faults', features: ['messaging', 'dsm'], properties: ['PageLinearizable', 'EveryFaultServed'], nodes, workload: { kind: 'script', steps } };
  return parseTestCase(JSON.stringify(test), 'reference/src/dsm/li-hudak-bound.test.ts');
}

async function locateMessages(test: TestCase, seed: number) {
  const result = await runTest(test, () => new ReferenceImplementation({ dsmManager: 'dynamic' }), { seed });
  return { verdict: result.verdict, ...dsmFaultMetrics(result.history) };
}

const bound = (nodes: number, faults: number) => nodes + faults * Math.ceil(Math.log2(nodes));

t.test('locating owners K times on N nodes takes at most N + K * ceil(log2 N) messages', async (t) => {
  let checked = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 2, max: 12 }).chain((nodes) =>
        fc.tuple(fc.constant(nodes), fc.array(fc.record({ node: fc.integer({ min: 0, max: nodes - 1 }), store: fc.boolean() }), { minLength: 1, maxLength: 40 })),
      ),
      async ([nodes, accesses]) => {
        const m = await locateMessages(sequentialAccesses(nodes, accesses), 1);
        checked++;
        return m.verdict === 'pass' && m.served === m.faults && m.locateMessages <= bound(nodes, m.faults);
      },
    ),
    { seed: 19890101, numRuns: 40 },
  );
  t.equal(checked, 40, '40 generated workloads (fc.assert throws with the seed and the shrunk workload otherwise)');
});

t.test('a round robin of writers stays within the bound, far below what a ring without path compression takes', async (t) => {
  // Without path compression every request would walk the whole ring (N - 1 hops): K * (N - 1).
  const nodes = 8;
  const rounds = 5;
  const accesses = Array.from({ length: nodes * rounds }, (_, k) => ({ node: k % nodes, store: true }));
  const m = await locateMessages(sequentialAccesses(nodes, accesses), 1);
  t.equal(m.verdict, 'pass');
  t.ok(m.locateMessages <= bound(nodes, m.faults), `${m.locateMessages} messages for ${m.faults} faults; bound ${bound(nodes, m.faults)}`);
  t.ok(m.locateMessages < m.faults * (nodes - 1), `fewer than the ${m.faults * (nodes - 1)} an uncompressed ring would take`);
});
