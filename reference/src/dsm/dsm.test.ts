// The DSM subsystem through the conformance suite, as any port runs: every DSM test passes with
// each of the three managers, and what each manager does (where a fault's request goes first, what
// a page transfer costs) is read from the histories the suite recorded.
import t from 'tap';
import { discoverTests, dsmFaultMetrics, replayCommand, runTest, type TestResult } from '../../../conformance/src/index.js';
import { ReferenceImplementation } from '../reference-implementation.js';
import { dsmManagers, managerOf, PAGE_BYTES, type DsmManager } from './dsm.js';

const dsmTests = discoverTests('dsm/*');
const run = (id: string, manager: DsmManager, seed: number) => runTest(dsmTests.find((x) => x.id === id)!, () => new ReferenceImplementation({ dsmManager: manager }), { seed });
const eventsOf = (result: TestResult, kind: string) => result.history.flatMap((e) => (e.kind === 'event' && e.event.kind === kind ? [{ node: e.node, event: e.event as Record<string, unknown> }] : []));

t.test('every DSM conformance test passes with each manager, seeds 1 to 3', async (t) => {
  t.ok(dsmTests.length >= 8, `${dsmTests.length} DSM tests`);
  for (const manager of dsmManagers) {
    for (const test of dsmTests) {
      for (const seed of [1, 2, 3]) {
        const result = await runTest(test, () => new ReferenceImplementation({ dsmManager: manager }), { seed });
        const found = result.violations.map((v) => `${v.property}: ${v.message}`).join('; ') || result.unknownReason || '';
        t.equal(result.verdict, 'pass', `${manager}, ${test.id}, seed ${seed} ${found} (replay: ${replayCommand(test.id, seed, {})})`);
      }
    }
  }
});

t.test("a fault's request goes first to the manager (centralized: n1; fixed: by page) or along the hint (dynamic)", async (t) => {
  for (const manager of dsmManagers) {
    const result = await run('dsm/false-sharing', manager, 1);
    const faults = eventsOf(result, 'Fault').filter((f) => f.event.to !== f.node); // upgrades in place stay local
    t.ok(faults.length >= 5, `${manager}: ${faults.length} faults sent a request`);
    const nodes = result.nodes;
    if (manager === 'dynamic') {
      t.same(eventsOf(result, 'RequestForwarded').filter((f) => f.event.byManager), [], 'dynamic: no manager forwards');
    } else {
      const wrong = faults.filter((f) => f.event.to !== managerOf(manager, nodes, f.event.page as number));
      t.same(wrong, [], `${manager}: every request goes to the page's manager first`);
      t.ok(eventsOf(result, 'RequestForwarded').some((f) => f.event.byManager), `${manager}: the manager forwards`);
    }
  }
});

t.test('with two pages the fixed manager spreads the managing over two nodes', async (t) => {
  const result = await run('dsm/false-sharing', 'fixed', 1);
  const managers = new Set(eventsOf(result, 'RequestForwarded').filter((f) => f.event.byManager).map((f) => f.node));
  t.same([...managers].sort(), ['n1', 'n2']);
});

t.test('a page sent is charged as a page on the wire; every served fault has a latency', async (t) => {
  const result = await run('dsm/readers-then-writer', 'dynamic', 1);
  const pagesSent = eventsOf(result, 'CopyGranted').length + eventsOf(result, 'OwnershipTransferred').length;
  t.ok(pagesSent >= 5, `${pagesSent} pages sent`);
  t.ok(result.cost!.wireBytes >= pagesSent * PAGE_BYTES, `${result.cost!.wireBytes} bytes on the wire for ${pagesSent} pages`);
  const metrics = dsmFaultMetrics(result.history);
  t.equal(metrics.served, metrics.faults, 'no faults in the run: all served');
  t.ok(metrics.latenciesNs.every((ns) => ns > 0), 'each took simulated time');
  t.ok(metrics.messages >= 2 * metrics.faults - eventsOf(result, 'Fault').filter((f) => f.event.to === f.node).length, `${metrics.messages} messages for ${metrics.faults} faults: a request and an answer at least`);
});

t.test("an owner's crash loses its page: faults on it fail with page_lost or unavailable, never with an older value", async (t) => {
  const result = await run('dsm/owner-crash', 'dynamic', 1);
  const failures = result.history.flatMap((e) => (e.kind === 'complete' && e.outcome.kind === 'error' ? [e.outcome.code] : []));
  t.ok(failures.includes('page_lost'), `failures: ${failures.join(', ')}`);
  t.ok(failures.every((code) => code === 'page_lost' || code === 'unavailable'));
  t.ok(eventsOf(result, 'PageLost').length >= 1, 'PageLost reported');
});
