// Batches of states between threads: every value kind round-trips; a value met twice in a batch is
// sent once and decoded as one object; carried hashes and shared record domains survive.
import t from 'tap';
import { decodeStateBatch, encodeStateBatch, fingerprint, formatValue, interval, modelValue, Nat, record, setOf, subsetSet, tuple, valuesEqual, type EnumSet, type FcnValue, type Value } from './index.js';

const message = (rm: string) => record([['type', 'Prepared'], ['rm', modelValue(rm)]]);
const roundTrip = (states: Value[][]) => decodeStateBatch(structuredClone(encodeStateBatch(states)));

t.test('every kind of value round-trips, lazy sets and integers past 32 bits included', async (t) => {
  const state: Value[] = [true, false, 0, -7, 2 ** 31 - 1, 2 ** 40, 1.5, -0, '', 'é\ud800', modelValue('m1'), tuple([1, 'a']), message('r1'), setOf([1, 2, 3]), interval(1, 5), subsetSet(setOf([1, 2]) as EnumSet), tuple([])];
  const [back] = roundTrip([state]);
  t.equal(back!.length, state.length);
  state.forEach((v, i) => t.ok(valuesEqual(back![i]!, v) && fingerprint(back![i]!) === fingerprint(v), `value ${i}`));
  t.ok(Object.is(back![7], -0), '-0 stays -0');
  const [[nat]] = roundTrip([[Nat]]);
  t.equal(formatValue(nat!), 'Nat', 'an infinite set (no fingerprint) too');
  t.equal(back![10], modelValue('m1'), 'model values are interned');
});

t.test('a value met twice is decoded once, shared by the states holding it', async (t) => {
  const msgs = setOf([message('r1'), message('r2')]);
  const states: Value[][] = [
    [msgs, 'working'],
    [msgs, 'prepared'],
  ];
  const batch = encodeStateBatch(states);
  const alone = encodeStateBatch([states[0]!]);
  t.ok(batch.words.length < 2 * alone.words.length - 10, 'the second copy is a reference, not the set again');
  const back = roundTrip(states);
  t.equal(back[0]![0], back[1]![0], 'one object');
  t.ok(valuesEqual(back[1]![0]!, msgs));
  t.same(batch.strings.filter((s) => s === 'Prepared').length, 1, 'each string once per batch');
});

t.test('hashes travel with the values that had them, and only those', async (t) => {
  const hashed = setOf([message('r1')]) as EnumSet;
  const fp = fingerprint(hashed);
  const fresh = message('r2');
  const [[a, b]] = roundTrip([[hashed, fresh]]) as [[EnumSet, FcnValue]];
  t.ok(a.hashed);
  t.same([a.hashHi, a.hashLo], [hashed.hashHi, hashed.hashLo]);
  t.equal(fingerprint(a), fp);
  t.notOk(b.hashed, 'never hashed before: hashed on arrival like a fresh one');
  t.equal(fingerprint(b), fingerprint(message('r2')));
});

t.test('records with the same fields share one domain array, within and across batches', async (t) => {
  const [[a]] = roundTrip([[message('r1')]]) as [[FcnValue]];
  const [[b, c]] = roundTrip([[message('r2'), record([['type', 'Commit']])]]) as [[FcnValue, FcnValue]];
  t.equal(a.domain, b.domain);
  t.same(a.domain, ['rm', 'type']);
  t.not(c.domain, a.domain);
});

t.test('an empty batch and empty states round-trip', async (t) => {
  t.same(roundTrip([]), []);
  t.same(roundTrip([[], []]), [[], []]);
});
