// Laws of the shared fingerprint set: add/has agree with a Set, 'full' changes nothing, growth keeps
// every entry, and two threads inserting at once never lose or duplicate an entry.
import t from 'tap';
import fc from 'fast-check';
import { Worker } from 'node:worker_threads';
import { FingerprintIds, fingerprintKey, SharedFingerprintSet } from './fingerprint-set.js';

t.test('behaves like a Set of 64-bit values, 0 included', async (t) => {
  fc.assert(
    fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }), { maxLength: 200 }), (fps) => {
      const set = new SharedFingerprintSet(400);
      const reference = new Set<bigint>();
      for (const fp of fps) {
        const key = BigInt.asIntN(64, fp) === 0n ? 1n : BigInt.asIntN(64, fp);
        const expected = reference.has(key) ? 'present' : 'added';
        reference.add(key);
        if (set.add(fp) !== expected) return false;
      }
      return set.size === reference.size && fps.every((fp) => set.has(fp));
    }),
    { seed: 42 },
  );
  t.pass('no counterexample in 100 runs (fast-check seed 42)');
});

t.test('keys with a 32-bit half that is 0 (probing reads the halves apart) are told apart from empty slots and from each other', async (t) => {
  // Every key below has one half 0 (or is 0 or -1 << 32), and a table of 16 slots makes them collide.
  const keys = [0n, 1n, 2n, 0xffffffffn, 1n << 32n, 2n << 32n, -(1n << 32n), 0x7fffffffn << 32n, -(0x7fffffffn << 32n) - (1n << 32n)];
  const set = new SharedFingerprintSet(16);
  for (const key of keys) t.equal(set.add(key), key === 0n || key === 1n ? (key === 0n ? 'added' : 'present') : 'added', `add ${key}`);
  for (const key of keys) t.equal(set.add(key), 'present', `add ${key} again`);
  t.equal(set.size, keys.length - 1, 'fingerprint 0 is stored as 1');
  t.ok(keys.every((key) => set.has(key)));
  t.notOk(set.has(3n << 32n));
});

t.test("answers 'full' past its load limit without changing, and grows keeping every entry", async (t) => {
  const set = new SharedFingerprintSet(100, 0.5);
  for (let i = 1n; i <= 50n; i++) t.equal(set.add(i * 0x9e3779b97f4a7c15n), 'added');
  t.equal(set.add(0x1234n), 'full');
  t.equal(set.size, 50);
  t.notOk(set.has(0x1234n));
  t.equal(set.bytesPerEntry(), 16);
  const bigger = set.grown();
  t.equal(bigger.size, 50);
  for (let i = 1n; i <= 50n; i++) t.ok(bigger.has(i * 0x9e3779b97f4a7c15n));
  t.equal(bigger.add(0x1234n), 'added');
});

t.test('two threads adding overlapping keys: each key added exactly once', async (t) => {
  const set = new SharedFingerprintSet(1 << 16);
  const source = `
    const { workerData, parentPort } = require('node:worker_threads');
    const slots = new BigInt64Array(workerData.table.slots);
    const count = new Int32Array(workerData.table.counter);
    let added = 0;
    for (let i = 1; i <= 20000; i++) {
      const key = BigInt(i) * 0x9e3779b97f4a7c15n & 0x7fffffffffffffffn;
      let j = Number(key % BigInt(slots.length));
      for (;;) {
        const cur = Atomics.load(slots, j);
        if (cur === key) break;
        if (cur === 0n) {
          const prev = Atomics.compareExchange(slots, j, 0n, key);
          if (prev === 0n) { Atomics.add(count, 0, 1); added++; break; }
          if (prev === key) break;
        }
        j = (j + 1) % slots.length;
      }
    }
    parentPort.postMessage(added);`;
  // The worker uses its own probe order, so this checks the CAS protocol the class relies on.
  const run = () =>
    new Promise<number>((resolve, reject) => {
      const w = new Worker(source, { eval: true, workerData: { table: set.table } });
      w.on('message', resolve);
      w.on('error', reject);
    });
  const [a, b] = await Promise.all([run(), run()]);
  t.equal(a + b, 20000);
  t.equal(set.size, 20000);
});

t.test('FingerprintIds: ids back through growth, keys with a zero half, absent keys', async (t) => {
  const ids = new FingerprintIds(4);
  const keys = [1n, 2n ** 32n, -1n, -(2n ** 63n), ...Array.from({ length: 5000 }, (_, i) => BigInt(i + 2) * 0x9e3779b97f4a7c15n - 2n ** 63n)];
  keys.forEach((k, i) => ids.set(fingerprintKey(k), i));
  t.equal(ids.size, keys.length);
  t.ok(keys.every((k, i) => ids.get(fingerprintKey(k)) === i));
  t.equal(ids.get(3n), undefined);
  t.equal(ids.get(2n ** 33n), undefined);
});
