// SymmetricFingerprint: two states get the same fingerprint exactly when a permutation of the group
// maps one to the other. Checked against the permuted values built outright, on random states of
// sets, records, tuples and functions over two sets of symmetric model values.
import t from 'tap';
import fc from 'fast-check';
import { SymmetricFingerprint } from './symmetry.js';
import { fcnFromPairs, record } from './functions.js';
import { finiteElements } from './order.js';
import { setOf } from './sets.js';
import { fingerprintState } from './fingerprint.js';
import { modelValue, tuple, type Value } from './value.js';

const procs = ['p1', 'p2', 'p3'].map(modelValue);
const vals = ['v1', 'v2'].map(modelValue);
const none = modelValue('none'); // a model value no permutation moves

function permutationsOf<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutationsOf([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** Permutations(procs) and Permutations(vals) composed: the group TLC reduces by for their union. */
const group: Map<Value, Value>[] = permutationsOf(procs).flatMap((pImages) =>
  permutationsOf(vals).map((vImages) => new Map<Value, Value>([...procs.map((p, i) => [p, pImages[i]!] as const), ...vals.map((v, i) => [v, vImages[i]!] as const)])),
);

function permute(v: Value, map: ReadonlyMap<Value, Value>): Value {
  if (typeof v !== 'object') return v;
  if (v.kind === 'model') return map.get(v) ?? v;
  if (v.kind === 'fcn') {
    if (v.domain === null) return tuple(v.values.map((x) => permute(x, map)));
    return fcnFromPairs(v.domain.map((d, i) => [permute(d, map), permute(v.values[i]!, map)] as const));
  }
  return setOf(finiteElements(v).map((x) => permute(x, map)));
}

// Sets hold values of one shape, as TLC must compare them.
const mv = fc.constantFrom<Value>(...procs, ...vals, none);
const int = fc.constantFrom<Value>(0, 1, 2);
const message = fc.tuple(mv, mv).map(([from, val]) => record([['from', from], ['val', val]]));
const pair = fc.tuple(mv, int).map((xs) => tuple(xs));
const setOfOne = (element: fc.Arbitrary<Value>) => fc.array(element, { maxLength: 4 }).map((xs) => setOf(xs));
const leaf = fc.oneof(mv, int, message, pair, setOfOne(mv), setOfOne(message), setOfOne(pair));
// A function whose domain holds symmetric values, [p \in S |-> e].
const fcnOf = (range: fc.Arbitrary<Value>) =>
  fc.subarray([...procs, ...vals]).chain((domain) => fc.array(range, { minLength: domain.length, maxLength: domain.length }).map((images) => fcnFromPairs(domain.map((d, i) => [d, images[i]!] as const))));
const value: fc.Arbitrary<Value> = fc.oneof(leaf, fcnOf(leaf), setOfOne(fcnOf(int)), fc.array(leaf, { maxLength: 3 }).map((xs) => tuple(xs)));
const state = fc.array(value, { minLength: 1, maxLength: 3 });

const symmetric = new SymmetricFingerprint(group);
const orbitOf = (s: Value[]): Set<bigint> => new Set(group.map((p) => fingerprintState(s.map((v) => permute(v, p)))));

t.test('a state and its every permutation have one fingerprint', async (t) => {
  fc.assert(
    fc.property(state, fc.nat(group.length - 1), (s, k) => symmetric.of(s) === symmetric.of(s.map((v) => permute(v, group[k]!)))),
    { seed: 12, numRuns: 300 },
  );
  t.pass('300 random states, seed 12');
});

t.test('states in different orbits have different fingerprints', async (t) => {
  fc.assert(
    fc.property(state, state, (a, b) => {
      fc.pre(a.length === b.length);
      return (symmetric.of(a) === symmetric.of(b)) === orbitOf(a).has(fingerprintState(b));
    }),
    { seed: 13, numRuns: 300 },
  );
  // Pairs from random values rarely share an orbit: these do, those not.
  const m = (from: Value, val: Value) => record([['from', from], ['val', val]]);
  const a = [setOf([m(procs[0]!, vals[0]!), m(procs[1]!, vals[0]!)]), fcnFromPairs(procs.map((p, i) => [p, i === 0 ? 1 : 0] as const))];
  const b = [setOf([m(procs[2]!, vals[1]!), m(procs[1]!, vals[1]!)]), fcnFromPairs(procs.map((p, i) => [p, i === 2 ? 1 : 0] as const))];
  const c = [setOf([m(procs[2]!, vals[1]!), m(procs[1]!, vals[1]!)]), fcnFromPairs(procs.map((p, i) => [p, i === 0 ? 1 : 0] as const))];
  t.equal(symmetric.of(a), symmetric.of(b), 'p1 -> p3 -> p2, v1 <-> v2');
  t.not(symmetric.of(a), symmetric.of(c), 'the counter is at a process that sent no message: another orbit');
  t.not(symmetric.of([setOf([none])]), symmetric.of([setOf([procs[0]!])]), 'a value no permutation moves is itself');
});
