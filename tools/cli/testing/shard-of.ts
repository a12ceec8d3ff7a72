// How a test file that is one of N shards picks its share of a list of tests.
import type { Shard } from '../sweep-file.js';

/**
 * The i-th, i+N-th, ... items of `items` for shard i of N (all of them without a shard):
 * interleaved rather than in blocks, because a folder's costly generated tests sit side by side,
 * so that the shards of one list hold each item once and cost alike.
 */
export function shardOf<T>(items: readonly T[], shard: Shard | undefined): T[] {
  return shard ? items.filter((_, i) => i % shard.count === shard.index - 1) : [...items];
}
