// GraphStates (the liveness graph's states, one number per variable value): what goes in comes out
// equal, equal values are kept once whatever object holds them, unequal ones are kept apart.
import t from 'tap';
import { GraphStates } from './graph-states.js';
import { fingerprintState, interval, modelValue, record, setOf, tuple, valuesEqual, type Value } from '../values/index.js';

const message = (id: number) => record([['from', modelValue('p1')], ['id', id]]);

t.test('states come back equal, in the order pushed', async (t) => {
  const states: Value[][] = [
    [1, 'a', setOf([message(1)]), tuple([true, false])],
    [2, 'a', setOf([message(1), message(2)]), tuple([true, false])],
    [1, 'b', setOf([]), tuple([false, false])],
  ];
  const store = new GraphStates();
  for (const s of states) store.push(s);
  t.equal(store.length, 3);
  states.forEach((s, id) => {
    const back = store.get(id) as Value[];
    t.equal(back.length, s.length);
    s.forEach((v, i) => t.ok(valuesEqual(back[i]!, v), `state ${id} variable ${i}`));
    t.equal(fingerprintState(back), fingerprintState(s), `state ${id} keeps its fingerprint`);
  });
});

t.test('equal values built apart are stored once; unequal ones apart', async (t) => {
  const store = new GraphStates();
  for (let i = 0; i < 100; i++) store.push([setOf([message(1), message(2)]), i % 2]); // a new set object each time
  t.equal(store.distinctValues, 1 + 2, 'one set, two integers');
  store.push([setOf([message(2), message(3)]), 0]);
  store.push([setOf([message(1)]), 0]);
  t.equal(store.distinctValues, 3 + 2);
  t.ok(valuesEqual((store.get(100) as Value[])[0]!, setOf([message(2), message(3)])));
  t.ok(valuesEqual((store.get(101) as Value[])[0]!, setOf([message(1)])));
  t.not((store.get(0) as Value[])[0], (store.get(101) as Value[])[0]);
});

t.test('thousands of distinct values (the hash table grows) each come back', async (t) => {
  const store = new GraphStates();
  for (let i = 0; i < 5000; i++) store.push([setOf([i, i + 1])]);
  for (let i = 0; i < 5000; i++) store.push([setOf([i, i + 1])]);
  t.equal(store.distinctValues, 5000);
  for (const id of [0, 1234, 4999, 5000 + 4999]) t.ok(valuesEqual((store.get(id) as Value[])[0]!, setOf([id % 5000, (id % 5000) + 1])), `state ${id}`);
});

t.test('values without a hash cache (other sets, plain objects) are kept by identity', async (t) => {
  const store = new GraphStates();
  const range = interval(1, 3);
  store.push([range]);
  store.push([range]);
  const second = interval(1, 3);
  store.push([second]);
  t.equal(store.distinctValues, 2);
  t.equal((store.get(1) as Value[])[0], range);
  t.equal((store.get(2) as Value[])[0], second);
});

t.test('rejects a state of another width and an id out of range', async (t) => {
  const store = new GraphStates();
  store.push([1, 2]);
  t.throws(() => store.push([1]), /state of 1 values among states of 2/);
  t.throws(() => store.get(1), /no state 1 among 1/);
  t.throws(() => store.get(-1), RangeError);
});
