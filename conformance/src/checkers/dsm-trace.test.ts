// Trace validation against spec/dsm/DSM.tla on hand-made traces: ones it explains (a read copy, then
// an upgrade in place; the same with the reader crashing before it acknowledges), four it rejects (a
// write granted before the acknowledgement, a store without the write right, a load of a version no
// store wrote, a fault served that never faulted) and a run with no segment; a give-up explained only
// after a failure (a partition, a crash) or while the network dropped or held a message, not in a
// run where nothing failed and every message came promptly. Runs of the reference
// kernel and its mutants: tools/cli/dsm-trace-validation.test.ts. A dynamic manager's fault must go
// along its node's hint (an invalidation moves it to the new owner). A restart learned late by a new
// owner, page_lost only for a page the spec lost, and faults on two pages at once (an instance per page).
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { TraceEvent } from '../../protocol/index.js';
import { validateDsmTrace } from './dsm-trace.js';

/** A hand-made run on nodes n1, n2: one segment of one page, attached on both. */
function history(body: [string, TraceEvent][]): HistoryEntry[] {
  const attach = (node: string, opId: number): HistoryEntry => ({ kind: 'invoke', timeNs: 0, node, opId, op: { kind: 'attach', pid: `p${opId}`, segment: 's', pages: 1 } });
  return [attach('n1', 1), attach('n2', 2), ...body.map(([node, event], i): HistoryEntry => ({ kind: 'event', timeNs: (i + 1) * 1000, node, event }))];
}
const at = { segment: 's', page: 1 } as const;
const nodes = ['n1', 'n2'];

t.test('hand-made traces', async (t) => {
  const readThenWrite: [string, TraceEvent][] = [
    ['n2', { kind: 'Fault', ...at, access: 'read', to: 'n1' }],
    ['n1', { kind: 'CopyGranted', ...at, to: 'n2' }],
    ['n2', { kind: 'FaultServed', ...at, access: 'read' }],
    ['n2', { kind: 'Loaded', ...at, value: 0, version: 0 }],
    ['n1', { kind: 'Fault', ...at, access: 'write', to: 'n1' }],
    ['n2', { kind: 'Invalidated', ...at, by: 'n1' }],
    ['n1', { kind: 'InvalidationAcked', ...at, from: 'n2' }],
    ['n1', { kind: 'FaultServed', ...at, access: 'write' }],
    ['n1', { kind: 'Stored', ...at, value: 5, version: 1 }],
    ['n1', { kind: 'Loaded', ...at, value: 5, version: 1 }],
  ];
  t.match(await validateDsmTrace(history(readThenWrite), { nodes }), { kind: 'explained', events: 9 }, 'a read copy, then an upgrade in place (the granted store is part of WriteGranted)');
  const [ack, granted] = [readThenWrite[6]!, readThenWrite[7]!];
  t.match(
    await validateDsmTrace(history([...readThenWrite.slice(0, 6), granted, ack]), { nodes }),
    { kind: 'unexplained', message: /WriteGranted\(1\) on n1/ },
    'a write granted before its invalidation is acknowledged, although the reader gave its copy up',
  );
  t.match(
    await validateDsmTrace(history([...readThenWrite.slice(0, 5), ack, granted]), { nodes }),
    { kind: 'unexplained', message: /WriteGranted\(1\) on n1/ },
    'an acknowledgement of an invalidation the reader never reported counts for nothing',
  );
  const crashed: HistoryEntry[] = [
    ...history(readThenWrite.slice(0, 5)),
    { kind: 'crash', timeNs: 6000, node: 'n2' },
    { kind: 'restart', timeNs: 7000, node: 'n2', incarnation: 1 },
    ...readThenWrite.slice(6).map(([node, event], i): HistoryEntry => ({ kind: 'event', timeNs: 8000 + i * 1000, node, event })),
  ];
  t.match(await validateDsmTrace(crashed, { nodes }), { kind: 'explained' }, "a crashed reader's acknowledgement, counted at its restart (spec/dsm Restart)");
  t.match(
    await validateDsmTrace(history([['n2', { kind: 'Stored', ...at, value: 5, version: 1 }]]), { nodes }),
    { kind: 'unexplained', message: /Written\(2, 1\) on n2/ },
    'a store on a node without the write right',
  );
  t.match(
    await validateDsmTrace(history([...readThenWrite.slice(0, 3), ['n2', { kind: 'Loaded', ...at, value: 5, version: 3 }]]), { nodes }),
    { kind: 'unexplained', message: /version 3, which no store wrote/ },
    'a load of a version no store wrote',
  );
  t.match(
    await validateDsmTrace(history([['n2', { kind: 'FaultServed', ...at, access: 'read' }]]), { nodes }),
    { kind: 'unexplained', message: /FaultServedRead\(2\) on n2/ },
    'a read fault served that never faulted',
  );
  t.match(await validateDsmTrace([], { nodes }), { kind: 'not-applicable', reason: 'no shared segment attached' });
});

t.test('a fault gives up only once a failure stalled it', async (t) => {
  const readFault: HistoryEntry[] = [
    ...history([['n2', { kind: 'Fault', ...at, access: 'read', to: 'n1' }]]),
    { kind: 'invoke', timeNs: 1500, node: 'n2', opId: 3, op: { kind: 'load', pid: 'p2', segment: 's', page: 1 } },
  ];
  const gaveUp = (timeNs: number): HistoryEntry => ({
    kind: 'complete',
    timeNs,
    node: 'n2',
    opId: 3,
    outcome: { kind: 'error', code: 'unavailable', definite: false, text: 'no answer to its fault' },
  });
  t.match(
    await validateDsmTrace([...readFault, gaveUp(9000)], { nodes }),
    { kind: 'unexplained', message: /FaultUnavailable\(2\) on n2/ },
    'a give-up in a run where nothing failed',
  );
  const partition: HistoryEntry = { kind: 'partition', timeNs: 5000, groups: [['n1'], ['n2']] };
  const heal: HistoryEntry = { kind: 'heal', timeNs: 8000 };
  t.match(await validateDsmTrace([...readFault, partition, gaveUp(6000)], { nodes }), { kind: 'explained' }, 'a give-up during a partition');
  t.match(await validateDsmTrace([...readFault, partition, heal, gaveUp(9000)], { nodes }), { kind: 'explained' }, 'a give-up after a partition that came while the fault was pending');
  const crashed: HistoryEntry[] = [...readFault, { kind: 'crash', timeNs: 5000, node: 'n1' }, gaveUp(6000)];
  t.match(await validateDsmTrace(crashed, { nodes }), { kind: 'explained' }, "a give-up after the owner's crash");
  // A slow network, no crash or partition: the spec's Partition (it only delays). The fault began at 1,000 ns
  // and gives up at 9,000: a message held for 8,000 / (2·2 + 4) = 1,000 ns or more is held long.
  const sent = (packetId: number, timeNs: number): HistoryEntry => ({ kind: 'packet-sent', timeNs, from: 'n2', to: 'n1', packetId });
  const delivered = (packetId: number, sentNs: number, timeNs: number): HistoryEntry => ({ kind: 'packet-delivered', timeNs, from: 'n2', to: 'n1', packetId, sentNs });
  const dropped = (packetId: number, timeNs: number): HistoryEntry => ({ kind: 'packet-dropped', timeNs, from: 'n2', to: 'n1', packetId, reason: 'loss' });
  const runs: [HistoryEntry[], boolean, string][] = [
    [[...readFault, sent(1, 2000), dropped(1, 2000), gaveUp(9000)], true, 'a message dropped while the fault waited'],
    [[...readFault, sent(1, 2000), delivered(1, 2000, 3000), gaveUp(9000)], true, 'a message held 1,000 ns'],
    [[...readFault, sent(1, 2000), gaveUp(9000)], true, 'a message still in flight at the end, sent while the fault waited'],
    [[sent(1, 0), dropped(1, 0), ...readFault, gaveUp(9000)], false, 'a message dropped before the fault began'],
    [[...readFault, sent(1, 2000), delivered(1, 2000, 2999), gaveUp(9000)], false, 'messages that all arrived within 999 ns'],
  ];
  for (const [run, explained, what] of runs) {
    t.match(await validateDsmTrace(run, { nodes }), explained ? { kind: 'explained' } : { kind: 'unexplained', message: /FaultUnavailable\(2\) on n2/ }, `a give-up after ${what}: ${explained ? 'explained' : 'unexplained'}`);
  }
});

t.test("a dynamic manager's fault goes along its node's hint", async (t) => {
  // n2 reads from n1; n3 takes the page from n1 and invalidates n2, whose hint then names n3.
  const invalidated: [string, TraceEvent][] = [
    ['n2', { kind: 'Fault', ...at, access: 'read', to: 'n1' }],
    ['n1', { kind: 'CopyGranted', ...at, to: 'n2' }],
    ['n2', { kind: 'FaultServed', ...at, access: 'read' }],
    ['n3', { kind: 'Fault', ...at, access: 'write', to: 'n1' }],
    ['n1', { kind: 'OwnershipTransferred', ...at, to: 'n3', copyset: ['n2'] }],
    ['n3', { kind: 'OwnershipReceived', ...at, from: 'n1', invalidating: ['n2'] }],
    ['n2', { kind: 'Invalidated', ...at, by: 'n3' }],
    ['n3', { kind: 'InvalidationAcked', ...at, from: 'n2' }],
    ['n3', { kind: 'FaultServed', ...at, access: 'write' }],
    ['n3', { kind: 'Stored', ...at, value: 9, version: 1 }],
  ];
  const three = ['n1', 'n2', 'n3'];
  const again = (to: string): [string, TraceEvent][] => [
    ['n2', { kind: 'Fault', ...at, access: 'read', to }],
    ['n3', { kind: 'CopyGranted', ...at, to: 'n2' }],
    ['n2', { kind: 'FaultServed', ...at, access: 'read' }],
    ['n2', { kind: 'Loaded', ...at, value: 9, version: 1 }],
  ];
  t.match(await validateDsmTrace(history([...invalidated, ...again('n3')]), { nodes: three }), { kind: 'explained' }, 'the next fault asks the invalidating owner');
  t.match(
    await validateDsmTrace(history([...invalidated, ...again('n1')]), { nodes: three }),
    { kind: 'unexplained', message: /ReadFault\(2, 1\) on n2, its request to node 1/ },
    'the next fault asks the node the copy came from, as if the invalidation had not moved the hint',
  );
});

t.test('a restart learned late, a loss claimed without one, and faults on two pages at once', async (t) => {
  const three = ['n1', 'n2', 'n3'];
  const event = (timeNs: number, node: string, e: TraceEvent): HistoryEntry => ({ kind: 'event', timeNs, node, event: e });
  // n2 reads from n1, crashes and restarts; a packet of its new incarnation reaches n1 before n1
  // hands the page to n3, so the restart comes first in every order. n3 inherits a copy set naming
  // n2 and counts n2's acknowledgement when it hears of the restart, with no Invalidated at n2.
  const restartFirst: HistoryEntry[] = [
    ...history([
      ['n2', { kind: 'Fault', ...at, access: 'read', to: 'n1' }],
      ['n1', { kind: 'CopyGranted', ...at, to: 'n2' }],
      ['n2', { kind: 'FaultServed', ...at, access: 'read' }],
    ]),
    { kind: 'crash', timeNs: 5000, node: 'n2' },
    { kind: 'restart', timeNs: 6000, node: 'n2', incarnation: 1 },
    { kind: 'packet-sent', timeNs: 6100, from: 'n2', to: 'n1', packetId: 1 },
    { kind: 'packet-delivered', timeNs: 6200, from: 'n2', to: 'n1', packetId: 1, sentNs: 6100 },
    event(7000, 'n3', { kind: 'Fault', ...at, access: 'write', to: 'n1' }),
    event(7100, 'n1', { kind: 'OwnershipTransferred', ...at, to: 'n3', copyset: ['n2'] }),
    event(7200, 'n3', { kind: 'OwnershipReceived', ...at, from: 'n1', invalidating: ['n2'] }),
  ];
  const granted = [event(7400, 'n3', { kind: 'FaultServed', ...at, access: 'write' }), event(7400, 'n3', { kind: 'Stored', ...at, value: 9, version: 1 })];
  t.match(
    await validateDsmTrace([...restartFirst, event(7300, 'n3', { kind: 'InvalidationAcked', ...at, from: 'n2' }), ...granted], { nodes: three }),
    { kind: 'explained' },
    "the restarted reader's acknowledgement, counted when the new owner hears of the restart (spec: its new incarnation, holding nothing, acknowledges)",
  );
  t.match(
    await validateDsmTrace([...restartFirst, ...granted], { nodes: three }),
    { kind: 'unexplained', message: /WriteGranted\(3\) on n3/ },
    'the write granted without counting the restarted reader at all',
  );
  // A fault on a page that survives (its owner n1 never crashed) does not end page_lost.
  const load: HistoryEntry = { kind: 'invoke', timeNs: 1500, node: 'n2', opId: 3, op: { kind: 'load', pid: 'p2', segment: 's', page: 1 } };
  const lostClaim = (crashed: string): HistoryEntry[] => [
    ...history([['n2', { kind: 'Fault', ...at, access: 'read', to: 'n1' }]]),
    load,
    { kind: 'crash', timeNs: 5000, node: crashed },
    event(6000, 'n2', { kind: 'PageLost', ...at }),
    { kind: 'complete', timeNs: 6000, node: 'n2', opId: 3, outcome: { kind: 'error', code: 'page_lost', definite: true, text: 'lost' } },
  ];
  t.match(await validateDsmTrace(lostClaim('n1'), { nodes }), { kind: 'explained' }, 'page_lost after the owner crashed');
  t.match(await validateDsmTrace(lostClaim('n3'), { nodes: three }), { kind: 'unexplained', message: /FaultLost\(2\) on n2/ }, 'page_lost after another node crashed (the spec gives up unavailable)');
  // Each page is an instance of the spec: n2 faults on page 2 while its fault on page 1 is pending.
  const two = (page: number) => ({ segment: 's', page }) as const;
  const attach2 = (node: string, opId: number): HistoryEntry => ({ kind: 'invoke', timeNs: 0, node, opId, op: { kind: 'attach', pid: `p${opId}`, segment: 's', pages: 2 } });
  const bothPages: HistoryEntry[] = [
    attach2('n1', 1),
    attach2('n2', 2),
    event(1000, 'n2', { kind: 'Fault', ...two(1), access: 'read', to: 'n1' }),
    event(1100, 'n2', { kind: 'Fault', ...two(2), access: 'read', to: 'n1' }),
    event(1200, 'n1', { kind: 'CopyGranted', ...two(2), to: 'n2' }),
    event(1300, 'n1', { kind: 'CopyGranted', ...two(1), to: 'n2' }),
    event(1400, 'n2', { kind: 'FaultServed', ...two(2), access: 'read' }),
    event(1500, 'n2', { kind: 'FaultServed', ...two(1), access: 'read' }),
  ];
  t.match(await validateDsmTrace(bothPages, { nodes }), { kind: 'explained', events: 6 }, 'faults on two pages at once (one spec instance per page)');
});
