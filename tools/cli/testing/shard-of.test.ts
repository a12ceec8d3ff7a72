// The shards of a list hold each of its items once, interleaved; no shard means the whole list.
import t from 'tap';
import { shardOf } from './shard-of.js';

t.test('the shards of a list partition it, interleaved', async (t) => {
  const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const shards = [1, 2, 3].map((index) => shardOf(items, { index, count: 3 }));
  t.same(shards, [['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]);
  t.same(shards.flat().sort(), items, 'each item once');
  t.same(shardOf(items, undefined), items, 'no shard: every item');
  t.same(shardOf(['a'], { index: 2, count: 3 }), [], 'more shards than items: some are empty');
});
