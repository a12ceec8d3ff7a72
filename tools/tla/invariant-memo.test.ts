// InvariantMemo: an invariant held where the variables it reads had equal values, and only there.
import t from 'tap';
import { InvariantMemo } from './invariant-memo.js';
import { record, setOf, tuple, type Value } from './values/index.js';

t.test('a state counts as seen when the variables read hold equal values, whatever the others hold', async (t) => {
  const memo = new InvariantMemo([1, 2]);
  memo.add([0, tuple(['a', 1]), setOf([1, 2])]);
  t.ok(memo.heldIn([7, tuple(['a', 1]), setOf([2, 1])]), 'equal values built apart, another value of variable 0');
  t.notOk(memo.heldIn([0, tuple(['a', 2]), setOf([1, 2])]), 'variable 1 differs');
  t.notOk(memo.heldIn([0, tuple(['a', 1]), setOf([1])]), 'variable 2 differs');
  t.notOk(new InvariantMemo([0]).heldIn([0, 0, 0]), 'an empty memo');
  const rm = new InvariantMemo([0]);
  rm.add([record([['r1', 'aborted'], ['r2', 'working']]), 'init']);
  t.ok(rm.heldIn([record([['r2', 'working'], ['r1', 'aborted']]), 'aborted']));
  t.notOk(rm.heldIn([record([['r1', 'working'], ['r2', 'aborted']]), 'init']), 'the same values at other places');
});

t.test('values that share a slot are told apart: a state is seen only if its values were added', async (t) => {
  // More values than slots: most share one with a value added before, and the memo must compare them.
  const memo = new InvariantMemo([0]);
  for (let x = 0; x < 40_000; x++) memo.add([x, 'unread']);
  let wrong = 0;
  for (let x = 40_000; x < 80_000; x++) if (memo.heldIn([x, 'unread'])) wrong++;
  t.equal(wrong, 0, '40,000 values never added');
  let kept = 0;
  for (let x = 39_000; x < 40_000; x++) if (memo.heldIn([x, 'other'])) kept++;
  t.ok(kept > 900, `the last values added are still there (${kept} of 1,000)`);
  const pairs: Value[][] = [];
  for (let i = 0; i < 20_000; i++) pairs.push([tuple([i % 200, Math.floor(i / 200)]), 0]);
  const byPair = new InvariantMemo([0]);
  pairs.slice(0, 10_000).forEach((s) => byPair.add(s));
  t.notOk(pairs.slice(10_000).some((s) => byPair.heldIn(s)), '10,000 tuples never added');
});
