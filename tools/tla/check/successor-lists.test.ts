// SuccessorLists (the packed edges of the liveness graph) and FingerprintIds (its fingerprint → id index).
import t from 'tap';
import { SuccessorLists } from './successor-lists.js';
import { FingerprintIds } from './fingerprint-set.js';

t.test('successor lists keep the order added, drop duplicates, and skip nodes without successors', async (t) => {
  const lists = new SuccessorLists();
  lists.add(0, 1);
  lists.add(0, 2);
  lists.add(0, 1);
  lists.add(2, 0); // node 1 has no successors
  lists.add(2, 2);
  t.same([...lists.of(0)], [1, 2]);
  t.same([...lists.of(1)], []);
  t.same([...lists.of(2)], [0, 2]);
  t.same([...lists.of(3)], [], 'a node never given successors');
  t.same([...lists.filtered((u, v) => u !== v).of(2)], [0], 'filtered drops the self-loop');
  t.same([...lists.filtered((u, v) => u !== v).of(0)], [1, 2]);
});

t.test('successor lists refuse a node written after a later one (the search numbers states in the order it expands them)', async (t) => {
  const lists = new SuccessorLists();
  lists.add(3, 1);
  t.throws(() => lists.add(1, 0), /successors of node 1 added after those of node 3/);
});

t.test('successor lists grow past their first arrays', async (t) => {
  const lists = new SuccessorLists();
  for (let u = 0; u < 5000; u++) for (const v of [u + 1, u + 2, u + 1]) lists.add(u, v);
  t.same([...lists.of(4999)], [5000, 5001]);
  t.same([...lists.of(1234)], [1235, 1236]);
});

t.test('fingerprint ids: every key found with its id after growing, absent keys undefined', async (t) => {
  const ids = new FingerprintIds();
  const key = (i: number) => BigInt.asIntN(64, BigInt(i) * 0x9e3779b97f4a7c15n + 1n);
  for (let i = 0; i < 10_000; i++) ids.set(key(i), i);
  t.equal(ids.size, 10_000);
  let wrong = 0;
  for (let i = 0; i < 10_000; i++) if (ids.get(key(i)) !== i) wrong++;
  t.equal(wrong, 0);
  t.equal(ids.get(key(10_001)), undefined);
  t.equal(ids.get(-1n), undefined);
});

t.test('lists made in shared memory are shared without a copy; others are copied into shared memory', async (t) => {
  const fromStart = new SuccessorLists(3, 2, true);
  fromStart.add(0, 1);
  fromStart.add(1, 0);
  fromStart.add(1, 1);
  const before = fromStart.first(1);
  const shared = fromStart.share();
  t.ok(shared.targets.buffer instanceof SharedArrayBuffer, 'targets in shared memory');
  t.equal(shared.targets.buffer, fromStart.share().targets.buffer, 'sharing again copies nothing');
  t.same([...SuccessorLists.fromShared(shared).of(1)], [0, 1], 'another thread reads the same lists');
  t.equal(fromStart.first(1), before);
  const copied = new SuccessorLists();
  copied.add(0, 0);
  t.ok(copied.share().targets.buffer instanceof SharedArrayBuffer, 'a list in ordinary memory is copied there');
  t.same([...copied.of(0)], [0]);
});
