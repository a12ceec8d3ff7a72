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
  // Lookups stay under 4,096 per memo, so that none is dropped for finding too few (the test below).
  const memo = new InvariantMemo([0]);
  for (let x = 0; x < 40_000; x++) memo.add([x, 'unread']);
  let kept = 0;
  for (let x = 39_000; x < 40_000; x++) if (memo.heldIn([x, 'other'])) kept++;
  t.ok(kept > 900, `the last values added are still there (${kept} of 1,000)`);
  let wrong = 0;
  for (let x = 40_000; x < 43_000; x++) if (memo.heldIn([x, 'unread'])) wrong++;
  t.equal(wrong, 0, '3,000 values never added, among 40,000 in 16,384 slots');
  const pairs: Value[][] = [];
  for (let i = 0; i < 14_000; i++) pairs.push([tuple([i % 200, Math.floor(i / 200)]), 0]);
  const byPair = new InvariantMemo([0]);
  pairs.slice(0, 10_000).forEach((s) => byPair.add(s));
  t.notOk(pairs.slice(10_000).some((s) => byPair.heldIn(s)), '4,000 tuples never added');
});

t.test('a memo finding fewer than 1 in 16 of 4,096 lookups held stops remembering; one finding more goes on', async (t) => {
  const lookups = (memo: InvariantMemo, hits: number) => {
    for (let i = 0; i < 4096; i++) memo.heldIn([i < hits ? 0 : -1 - i]);
  };
  const rare = new InvariantMemo([0]);
  rare.add([0]);
  lookups(rare, 255);
  rare.add([1]);
  t.notOk(rare.heldIn([0]), 'dropped: what it held is gone');
  t.notOk(rare.heldIn([1]), 'dropped: nothing is added again');
  const often = new InvariantMemo([0]);
  often.add([0]);
  lookups(often, 256);
  lookups(often, 4096);
  often.add([1]);
  t.ok(often.heldIn([0]) && often.heldIn([1]), 'kept through two windows of 256 and 4,096 hits');
});
