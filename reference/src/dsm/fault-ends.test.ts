// What a fault that ended unserved leaves behind (spec/dsm/README.md, failure rule 3): the copy
// still on its way for it must not serve a later fault (EndUnserved; faults are numbered), and a
// page whose ownership arrives for a write fault that gave up serves the read fault pending then,
// with a read right (OwnershipReceived) — the write right comes only with a write fault.
import t from 'tap';
import type { InFlight } from '../testing/scripted-cluster.js';
import { ScriptedCluster, perfect } from '../testing/scripted-cluster.js';

const page = { segment: 'shared', page: 1 } as const;
const dsm = (kind: string, from: string, to: string) => (p: InFlight) =>
  p.from === from && p.to === to && p.packet.kind === 'link-data' && p.packet.body.kind === 'dsm' && p.packet.body.message.kind === kind;
const holding = (...held: ((p: InFlight) => boolean)[]) => (p: InFlight) => (held.some((h) => h(p)) ? 'hold' : 'deliver');

function attached(cluster: ScriptedCluster, nodes: string[]): Map<string, string> {
  const pids = new Map(nodes.map((node) => [node, cluster.spawn(node)]));
  for (const [node, pid] of pids) cluster.opSettled(node, { kind: 'attach', pid, segment: 'shared', pages: 1 });
  return pids;
}

t.test("a copy that comes after its fault gave up does not serve the next fault (it may be older than a write since)", async (t) => {
  const cluster = new ScriptedCluster();
  const pids = attached(cluster, ['n2', 'n3']);
  const staleCopy = dsm('copy', 'n1', 'n2');

  // n2's read fault is served by n1 (the page holds 0), but the copy is held until the fault gives up.
  const firstLoad = cluster.op('n2', { kind: 'load', pid: pids.get('n2')!, ...page });
  cluster.advance(cluster.nowNs + 2 * cluster.params.callTimeoutNs, holding(staleCopy));
  t.match(cluster.answer(firstLoad), { kind: 'error', code: 'unavailable' }, 'the first load gave up');

  // n3 takes the ownership and writes 7; n2 has no copy yet, so it acknowledges the invalidation.
  const store = cluster.op('n3', { kind: 'store', pid: pids.get('n3')!, ...page, value: 7 });
  cluster.settle(holding(staleCopy));
  t.match(cluster.answer(store), { kind: 'reply', value: { version: 1 } });

  // n2 faults again; its new copy (7) is held while the old one (0) arrives first.
  const secondLoad = cluster.op('n2', { kind: 'load', pid: pids.get('n2')!, ...page });
  cluster.settle(holding(dsm('copy', 'n3', 'n2')));
  t.equal(cluster.answer(secondLoad), undefined, 'the copy of the fault that gave up served nothing');
  cluster.settle(perfect);
  t.match(cluster.answer(secondLoad), { kind: 'reply', value: { value: 7, version: 1 } }, 'the second load returns the latest store');
});

t.test('a page whose ownership comes after its write fault gave up serves the read fault pending then, with a read right', async (t) => {
  const cluster = new ScriptedCluster();
  const pids = attached(cluster, ['n2']);
  const ownership = dsm('ownership', 'n1', 'n2');

  const store = cluster.op('n2', { kind: 'store', pid: pids.get('n2')!, ...page, value: 5 });
  cluster.advance(cluster.nowNs + 2 * cluster.params.callTimeoutNs, holding(ownership));
  t.match(cluster.answer(store), { kind: 'error', code: 'unavailable' }, 'the store gave up while the ownership was on its way');

  const load = cluster.op('n2', { kind: 'load', pid: pids.get('n2')!, ...page });
  cluster.settle(holding(ownership, dsm('request', 'n2', 'n1')));
  t.equal(cluster.answer(load), undefined, 'the load faulted');
  cluster.settle(holding(dsm('request', 'n2', 'n1')));
  t.match(cluster.answer(load), { kind: 'reply', value: { value: 0, version: 0 } }, 'the ownership served the read fault');
  const received = cluster.events.filter(({ node, event }) => node === 'n2' && (event.kind === 'OwnershipReceived' || event.kind === 'FaultServed'));
  t.same(received.map(({ event }) => event.kind), ['OwnershipReceived'], 'reported as the ownership received (spec/dsm OwnershipReceived ends the read fault), not as a copy');

  const faultsBefore = cluster.events.filter(({ node, event }) => node === 'n2' && event.kind === 'Fault').length;
  t.match(cluster.opSettled('n2', { kind: 'store', pid: pids.get('n2')!, ...page, value: 6 }), { kind: 'reply', value: { version: 1 } });
  const upgrade = cluster.events.filter(({ node, event }) => node === 'n2' && event.kind === 'Fault').slice(faultsBefore);
  t.match(upgrade, [{ event: { kind: 'Fault', access: 'write', to: 'n2' } }], 'the next store upgrades in place: the write right came with no write fault');
});

t.test("an upgrade after one that gave up waits for that one's acknowledgements too, even with an empty copy set", async (t) => {
  const cluster = new ScriptedCluster();
  const pids = attached(cluster, ['n1', 'n2']);
  const invalidation = dsm('invalidate', 'n1', 'n2');
  t.match(cluster.opSettled('n2', { kind: 'load', pid: pids.get('n2')!, ...page }), { kind: 'reply', value: { value: 0, version: 0 } }, 'n2 holds a copy');

  const first = cluster.op('n1', { kind: 'store', pid: pids.get('n1')!, ...page, value: 1 });
  cluster.advance(cluster.nowNs + 2 * cluster.params.callTimeoutNs, holding(invalidation));
  t.match(cluster.answer(first), { kind: 'error', code: 'unavailable' }, "the first store gave up: n2's acknowledgement never came");

  const second = cluster.op('n1', { kind: 'store', pid: pids.get('n1')!, ...page, value: 2 });
  cluster.settle(holding(invalidation));
  t.equal(cluster.answer(second), undefined, 'the second store (its copy set is empty) waits: n2 may still read its copy');
  t.match(cluster.opSettled('n2', { kind: 'load', pid: pids.get('n2')!, ...page }), { kind: 'reply', value: { value: 0, version: 0 } }, 'as it does');
  t.match(cluster.answer(second), { kind: 'reply', value: { version: 1 } }, 'granted once n2 acknowledged');
});

t.test("a reader whose read fault is pending acknowledges an invalidation of a copy sent for an earlier fault at once (waiting would deadlock with the owner)", async (t) => {
  const cluster = new ScriptedCluster();
  const pids = attached(cluster, ['n1', 'n2']);
  const staleCopy = dsm('copy', 'n1', 'n2');
  const invalidation = dsm('invalidate', 'n1', 'n2');

  // n2's first fault gives up while its copy is held; the copy, come late, is not used. n2 stays in
  // n1's copy set, for that fault.
  const firstLoad = cluster.op('n2', { kind: 'load', pid: pids.get('n2')!, ...page });
  cluster.advance(cluster.nowNs + 2 * cluster.params.callTimeoutNs, holding(staleCopy));
  t.match(cluster.answer(firstLoad), { kind: 'error', code: 'unavailable' }, 'the first load gave up');
  cluster.settle(perfect);

  // n1 upgrades in place (invalidating n2); n2 faults again, and n1 queues its request until acknowledged.
  const store = cluster.op('n1', { kind: 'store', pid: pids.get('n1')!, ...page, value: 7 });
  const secondLoad = cluster.op('n2', { kind: 'load', pid: pids.get('n2')!, ...page });
  cluster.settle(holding(invalidation));
  t.equal(cluster.answer(store), undefined, 'the store waits for n2');

  // The invalidation names the first fault's copy, which will not serve the second: n2 acknowledges.
  cluster.advance(cluster.nowNs + cluster.params.callTimeoutNs / 2, perfect);
  t.match(cluster.answer(store), { kind: 'reply', value: { version: 1 } }, 'the store is granted');
  t.match(cluster.answer(secondLoad), { kind: 'reply', value: { value: 7, version: 1 } }, 'the second load returns it, before its fault could time out');
});
