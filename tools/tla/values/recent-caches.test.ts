// The small caches of the hot paths give the answers computed without them: the last sets arranged
// in TLC's string order (StringOrder.recentElems) and the last integer-tuple domain looked up
// (functions.ts), and the last record domain arranged (StringOrder.lastDomain). Expected orders are
// derived here from the ranks, not by the code under test.
import t from 'tap';
import fc from 'fast-check';
import { StringOrder, ValueError, apply, difference, enumInTlcOrder, fcnFromPairs, finiteElements, inTlcOrder, record, recordFromSorted, setOf, subsetSet, tuple, type EnumSet, FcnValue, type Value } from './index.js';

/** Every string the sets below hold, interned up front in this order: rank = index. */
const strings = ['m', 'c', 'x', 'a', 'q', 'b', 'z', 'k'];
const rank = (s: string): number => strings.indexOf(s);

type Kind = 'str' | 'rec' | 'tup';
/** A set of 2 to 6 strings, records [k |-> string] or integer pairs. */
const setArb = fc.record({
  kind: fc.constantFrom<Kind>('str', 'rec', 'tup'),
  picks: fc.uniqueArray(fc.integer({ min: 0, max: strings.length - 1 }), { minLength: 2, maxLength: 6 }),
});

function build(kind: Kind, picks: number[]): Value[] {
  const elems = picks.map((i): Value => (kind === 'str' ? strings[i]! : kind === 'rec' ? record([['k', strings[i]!]]) : tuple([i, 7 - i])));
  return [...setOf(elems).elems];
}

/** TLC's order derived from the ranks: strings and one-field records by rank; integer pairs as they are. */
function expected(kind: Kind, elems: readonly Value[]): Value[] {
  if (kind === 'tup') return [...elems];
  const key = (v: Value): number => rank(kind === 'str' ? (v as string) : ((v as { values: readonly Value[] }).values[0] as string));
  return [...elems].sort((a, b) => key(a) - key(b));
}

function isOwnOrder(elems: readonly Value[], want: readonly Value[]): boolean {
  return want.every((v, i) => v === elems[i]);
}

t.test('arranging the same sets again and again, more of them than the cache holds, gives the derived order', async (t) => {
  fc.assert(
    fc.property(fc.array(setArb, { minLength: 12, maxLength: 12 }), fc.array(fc.integer({ min: 0, max: 11 }), { minLength: 60, maxLength: 60 }), (pool, queries) => {
      const order = new StringOrder(strings);
      const sets = pool.map(({ kind, picks }) => ({ kind, elems: build(kind, picks) }));
      for (const q of queries) {
        const { kind, elems } = sets[q]!;
        const want = expected(kind, elems);
        const got = inTlcOrder(elems, order);
        if (got.length !== want.length || got.some((v, i) => v !== want[i])) return false;
        // No positions exactly when TLC's order is the set's own (always so for integer pairs).
        const positions = order.positions(elems);
        if (isOwnOrder(elems, want) ? positions !== null : positions === null || positions.some((p, i) => elems[p] !== want[i])) return false;
      }
      return true;
    }),
    { seed: 20261207, numRuns: 300 },
  );
  t.pass('300 runs of 60 queries over 12 sets, seed 20261207');
});

/**
 * Two-field records of two shapes, each shape's records sharing one domain array as a spec's records
 * built alike do: fields c, m (TLC's order m, c: ranks 0, 1) and a, q (TLC's a, q: ranks 3, 4, as
 * sorted). TLC orders records by size, then their fields in its order, then the values at those
 * fields in that order, so every [c, m] record comes before every [a, q] one (m before a), and within a shape the
 * record is ordered by the value of its first field in TLC's order, then of its second.
 */
const shapes = [
  { names: ['c', 'm'], tlcFields: [1, 0], rank: 0 },
  { names: ['a', 'q'], tlcFields: [0, 1], rank: 1 },
] as const;
const sharedDomains = shapes.map((shape) => recordFromSorted(shape.names, ['k', 'k']).domain!);

function recordOf(shape: 0 | 1, v0: number, v1: number): FcnValue {
  return new FcnValue(sharedDomains[shape]!, [strings[v0]!, strings[v1]!]);
}

function recordKey(r: FcnValue): number[] {
  const shape = shapes.findIndex((s) => s.names[0] === r.domain![0]);
  return [shapes[shape]!.rank, ...shapes[shape]!.tlcFields.map((i) => rank(r.values[i] as string))];
}

function byKeys(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

t.test('sets of records of two shapes, arranged in turn: each record compared by its own shape\'s field order', async (t) => {
  const recordArb = fc.tuple(fc.constantFrom<0 | 1>(0, 1), fc.integer({ min: 0, max: strings.length - 1 }), fc.integer({ min: 0, max: strings.length - 1 }));
  fc.assert(
    fc.property(fc.array(fc.uniqueArray(recordArb, { minLength: 2, maxLength: 7, selector: (r) => r.join() }), { minLength: 4, maxLength: 4 }), (pool) => {
      const order = new StringOrder(strings);
      for (let round = 0; round < 3; round++) {
        for (const picks of pool) {
          const elems = [...setOf(picks.map(([shape, v0, v1]) => recordOf(shape, v0, v1))).elems];
          const want = [...elems].sort((a, b) => byKeys(recordKey(a as FcnValue), recordKey(b as FcnValue)));
          const got = inTlcOrder(elems, order);
          if (got.length !== want.length || got.some((v, i) => v !== want[i])) return false;
        }
      }
      return true;
    }),
    { seed: 20261207, numRuns: 300 },
  );
  t.pass('300 runs of 3 rounds over 4 sets, seed 20261207');
});

t.test('applying two functions on integer-pair domains in turn reads each one\'s own table', async (t) => {
  const pairs = (lo: number, hi: number, base: number) => {
    const out: (readonly [Value, Value])[] = [];
    for (let x = lo; x <= hi; x++) for (let y = lo; y <= hi; y++) out.push([tuple([x, y]), base + 10 * x + y]);
    return fcnFromPairs(out);
  };
  const f = pairs(1, 3, 0); // 9 points: a table of 3 x 3
  const g = pairs(0, 5, 100); // 36 points: a table of 6 x 6
  for (let x = 1; x <= 3; x++) {
    for (let y = 1; y <= 3; y++) {
      t.equal(apply(f, tuple([x, y])), 10 * x + y);
      t.equal(apply(g, tuple([x, y])), 100 + 10 * x + y);
    }
  }
  t.equal(apply(g, tuple([0, 5])), 105);
  // <<0, 5>> lies in g's domain, not in f's: just after g's table was read.
  t.throws(() => apply(f, tuple([0, 5])), ValueError);
  t.equal(apply(g, tuple([5, 0])), 150);
});

t.test('a set found in TLC\'s order as it is passes that on to S \\ T, and only a set whose own order is TLC\'s is found so', async (t) => {
  fc.assert(
    fc.property(setArb, fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }), ({ kind, picks }, removed) => {
      const order = new StringOrder(strings);
      const s = setOf(build(kind, picks));
      const agrees = (set: EnumSet) => {
        const want = expected(kind, set.elems);
        const got = enumInTlcOrder(set, order);
        return got.length === want.length && got.every((v, i) => v === want[i]);
      };
      if (!agrees(s)) return false;
      // Removing elements of the set (a recursive Sum's S \ {x}), one after another, as often as it has them.
      let rest: EnumSet = s;
      for (const r of removed) {
        const x = rest.elems[r % Math.max(rest.elems.length, 1)];
        if (x === undefined) break;
        const before = rest;
        rest = difference(rest, setOf([x])) as EnumSet;
        // Known before it is enumerated where the set it came from was: integer pairs, fewer than two
        // elements, or strings (or records of them) whose canonical order happens to be TLC's.
        if (rest.tlcOrdered !== (before.elems.length < 2 || isOwnOrder(before.elems, expected(kind, before.elems))) || !agrees(rest)) return false;
      }
      return true;
    }),
    { seed: 20261207, numRuns: 300 },
  );
  t.pass('300 sets of strings, records and integer pairs, seed 20261207');
  const pairs = setOf([tuple([2, 1]), tuple([1, 2]), tuple([3, 3])]);
  enumInTlcOrder(pairs, new StringOrder(strings));
  t.ok(pairs.tlcOrdered, 'integer pairs are found in TLC\'s order');
  t.ok((difference(pairs, setOf([tuple([1, 2])])) as EnumSet).tlcOrdered, 'and a part of them is known to be');
  const words = setOf(['a', 'm']);
  enumInTlcOrder(words, new StringOrder(strings));
  t.notOk(words.tlcOrdered, 'strings are not');
  t.notOk((difference(words, setOf(['m', 'q'])) as EnumSet).tlcOrdered, 'nor is a part of them');
  // m, x, z have ranks 0, 2, 6: TLC's order is their own (as `Node = {n1, n2, n3}` in a .cfg).
  const ranked = setOf(['m', 'x', 'z']);
  t.same(enumInTlcOrder(ranked, new StringOrder(strings)), ['m', 'x', 'z']);
  t.ok(ranked.tlcOrdered, 'strings whose own order is TLC\'s are found so');
  t.ok((difference(ranked, setOf(['x'])) as EnumSet).tlcOrdered, 'and a part of them is known to be');
});

t.test('SUBSET S of a set known to be in TLC\'s order as it is holds subsets known so, and only then', async (t) => {
  // x, m, z: canonical order m, x, z, TLC's m (0), x (2), z (6): its own.
  const own = setOf(['x', 'm', 'z']);
  enumInTlcOrder(own, new StringOrder(strings));
  const subsets = finiteElements(subsetSet(own)) as EnumSet[];
  t.equal(subsets.length, 8);
  t.ok(subsets.every((s) => s.tlcOrdered), 'every subset of {m, x, z} is known to be in TLC\'s order');
  // a, m: canonical a, m, TLC's m (0), a (3).
  const other = setOf(['a', 'm']);
  const order = new StringOrder(strings);
  enumInTlcOrder(other, order);
  const parts = finiteElements(subsetSet(other)) as EnumSet[];
  t.notOk(parts.some((s) => s.tlcOrdered), 'no subset of {a, m} is known so before it is arranged');
  const both = parts.find((s) => s.elems.length === 2)!;
  t.same(enumInTlcOrder(both, order), ['m', 'a'], 'and {a, m} is arranged m, a');
  // TLC orders sets by size, then by their elements in its order: {m} < {a} < {a, m}, the empty set first.
  t.same(inTlcOrder(parts, order).map((s) => (s as EnumSet).elems.join('')), ['', 'm', 'a', 'am']);
});
