// Process identifiers and placement.
import t from 'tap';
import { choosePlacement, emptyProcessTable, homeNode, makePid, parsePid, spawnLocal } from './processes.js';

const nodes = ['n1', 'n2', 'n@3'];
const params = { zones: { n1: 'z1', n2: 'z2', 'n@3': 'z2' }, retryIntervalNs: 1, callTimeoutNs: 1, dedupCapacity: 1 };

t.test('pids name their node and incarnation and are unique forever', async (t) => {
  t.same(parsePid(makePid('n@3', 4, 17)), { node: 'n@3', incarnation: 4 });
  const table = emptyProcessTable();
  const a = spawnLocal(table, 'n1', 0);
  const b = spawnLocal(table, 'n1', 0);
  t.not(a, b);
  t.not(makePid('n1', 1, 1), makePid('n1', 0, 1), 'a restarted node never reuses a pid');
  t.equal(parsePid('nonsense'), undefined);
  t.equal(homeNode('p1.0@elsewhere', nodes), undefined, 'a node outside the cluster');
});

t.test('placement: here, node, near, far, zone; impossible ones say why', async (t) => {
  const at = (placement: Parameters<typeof choosePlacement>[0], here = 'n1') => choosePlacement(placement, here, nodes, params);
  t.same(at({ kind: 'here' }), { kind: 'node', node: 'n1' });
  t.same(at({ kind: 'node', node: 'n2' }), { kind: 'node', node: 'n2' });
  t.same(at({ kind: 'near', pid: 'p1.0@n@3' }), { kind: 'node', node: 'n@3' });
  t.same(at({ kind: 'far', pid: 'p1.0@n1' }), { kind: 'node', node: 'n2' });
  t.same(at({ kind: 'far', pid: 'p1.0@n2' }, 'n2'), { kind: 'node', node: 'n1' });
  t.same(at({ kind: 'zone', zone: 'z2' }, 'n@3'), { kind: 'node', node: 'n@3' }, 'prefers the asking node');
  t.same(at({ kind: 'zone', zone: 'z2' }), { kind: 'node', node: 'n2' });
  t.match(at({ kind: 'zone', zone: 'z9' }), { kind: 'impossible', text: /no node in zone 'z9'/ });
  t.match(at({ kind: 'node', node: 'n9' }), { kind: 'impossible', text: /placement.node 'n9'/ });
});
