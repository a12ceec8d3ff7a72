// Tests of the one fault path: what `applyFault` reports, and how node ids in an action are
// listed with their fields and renamed (the conformance runner renames node names to machine ids).
import t from 'tap';
import { Simulator } from '../engine/simulator.js';
import { MemoryTraceSink } from '../engine/trace.js';
import { faultNodeReferences, type FaultAction } from '../models/faults.js';
import { renameFaultNodes } from './faults.js';
import { Network } from './network.js';
import { starTopology } from './star-topology.js';

function network() {
  const trace = new MemoryTraceSink();
  const sim = new Simulator({ seed: 1, trace });
  const net = new Network(sim, starTopology(['a', 'b', 'c']));
  const events = () => trace.text().trim().split('\n').filter((l) => l !== '').map((l) => (JSON.parse(l) as { event: string }).event);
  return { net, events };
}

t.test('applyFault reports whether the fault changed the network, and records only what it did', async (t) => {
  const { net, events } = network();
  t.equal(net.applyFault({ kind: 'restart', atNs: 0, node: 'a' }), false, 'restarting a node that is up does nothing');
  t.equal(net.applyFault({ kind: 'crash', atNs: 0, node: 'a' }), true);
  t.equal(net.isUp('a'), false);
  t.equal(net.applyFault({ kind: 'crash', atNs: 0, node: 'a' }), false, 'crashing a node that is down does nothing');
  t.equal(net.applyFault({ kind: 'restart', atNs: 0, node: 'a' }), true);
  t.equal(net.isUp('a'), true);
  t.equal(net.applyFault({ kind: 'partition', atNs: 0, groups: [['a'], ['b']], direction: 'symmetric' }), true);
  t.equal(net.applyFault({ kind: 'heal', atNs: 0 }), true);
  t.equal(net.applyFault({ kind: 'message-faults', atNs: 0, faults: { lossProbability: 0.5 } }), true);
  t.equal(net.applyFault({ kind: 'clock-skew', atNs: 0, node: 'c', offsetNs: 7, driftPpm: 0 }), true);
  t.equal(net.localTimeNs('c'), 7);
  t.same(events(), ['crash', 'restart', 'partition', 'heal', 'message-faults', 'clock-skew']);
  t.throws(() => net.applyFault({ kind: 'crash', atNs: 0, node: 'zz' }), /unknown node 'zz'/);
});

t.test('renameFaultNodes renames every node an action names, and nothing else', async (t) => {
  const rename = (id: string) => `m-${id}`;
  const actions: FaultAction[] = [
    { kind: 'crash', atNs: 1, node: 'n1' },
    { kind: 'restart', atNs: 2, node: 'n2' },
    { kind: 'clock-skew', atNs: 3, node: 'n3', offsetNs: 5, driftPpm: 1 },
    { kind: 'partition', atNs: 4, groups: [['n1'], ['n2', 'n3']], direction: 'one-way' },
    { kind: 'heal', atNs: 5 },
    { kind: 'message-faults', atNs: 6, faults: { lossProbability: 1 } },
  ];
  t.same(actions.map((a) => renameFaultNodes(a, rename)), [
    { kind: 'crash', atNs: 1, node: 'm-n1' },
    { kind: 'restart', atNs: 2, node: 'm-n2' },
    { kind: 'clock-skew', atNs: 3, node: 'm-n3', offsetNs: 5, driftPpm: 1 },
    { kind: 'partition', atNs: 4, groups: [['m-n1'], ['m-n2', 'm-n3']], direction: 'one-way' },
    { kind: 'heal', atNs: 5 },
    { kind: 'message-faults', atNs: 6, faults: { lossProbability: 1 } },
  ]);
  t.same(actions[0], { kind: 'crash', atNs: 1, node: 'n1' }, 'the action itself is left as it was');
  t.same(actions.map(faultNodeReferences), [
    [{ node: 'n1', path: ['node'] }],
    [{ node: 'n2', path: ['node'] }],
    [{ node: 'n3', path: ['node'] }],
    [{ node: 'n1', path: ['groups', 0, 0] }, { node: 'n2', path: ['groups', 1, 0] }, { node: 'n3', path: ['groups', 1, 1] }],
    [],
    [],
  ], 'each node id with the field that names it');
});
