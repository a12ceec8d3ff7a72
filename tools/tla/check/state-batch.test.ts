// Batches of states between threads: the model's own batch form when it has one; otherwise plain JSON
// data goes as one string, anything JSON would change (bigint, undefined, NaN, -0, holes, Map, class
// instances) is structured-cloned; all round-trip.
import t from 'tap';
import { packStates, unpackStates } from './state-batch.js';
import type { State } from './model.js';

// Encoding wraps each state so that the test also sees encodeState/decodeState applied.
const model = { encodeState: (s: State) => ({ values: s }), decodeState: (e: unknown) => (e as { values: State }).values };
const roundTrip = (states: State[]) => {
  const batch = packStates(model, states);
  return { kind: batch.kind, back: unpackStates(model, structuredClone(batch)) };
};

t.test('plain JSON data travels as one JSON string', async (t) => {
  const states: State[] = [[1, 'a', true, [2, ['m', 'r1']], null], [-5, '\u00e9\ud800', false, [], { x: 1 }]];
  const { kind, back } = roundTrip(states);
  t.equal(kind, 'json');
  t.same(back, states);
});

for (const [what, value] of [
  ['a bigint', 1n],
  ['undefined', undefined],
  ['NaN', NaN],
  ['-0', -0],
  ['a hole', [1, , 3]],
  ['a Map', new Map([[1, 2]])],
  ['a class instance', new (class Point { x = 1 })()],
] as const) {
  t.test(`a state holding ${what} is structured-cloned, unchanged`, async (t) => {
    const states: State[] = [[1, 'a'], [2, value]];
    const { kind, back } = roundTrip(states);
    t.equal(kind, 'cloned');
    t.ok(Object.is(back[1]![1], value) || typeof value === 'object', 'primitives come back identical');
    t.same(back, states);
  });
}

t.test("a model's own batch form is used when it has one, and round-trips", async (t) => {
  const calls: string[] = [];
  const batching = {
    ...model,
    encodeStates: (states: readonly State[]) => (calls.push('encode'), { all: states.map((s) => [...s]) }),
    decodeStates: (encoded: unknown) => (calls.push('decode'), (encoded as { all: State[] }).all),
  };
  const states: State[] = [[1n, undefined], ['a']];
  const batch = packStates(batching, states);
  t.equal(batch.kind, 'model');
  t.same(unpackStates(batching, structuredClone(batch)), states);
  t.same(calls, ['encode', 'decode'], 'one call per batch, not per state');
});
