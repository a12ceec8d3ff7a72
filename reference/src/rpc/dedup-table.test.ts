// Duplicate suppression state: floors, capacity eviction, durability and orphan purging.
import t from 'tap';
import { StepContext } from '../step-context.js';
import { dedupEntryCount, dedupLookup, dedupRecord, emptyDedupTable, loadDurableDedupTable, purgeOrphans } from './dedup-table.js';

const params = { zones: {}, retryIntervalNs: 1_000, callTimeoutNs: 100_000, dedupCapacity: 2 };
const context = () => new StepContext('n2', 0, 0, ['n1', 'n2'], params, undefined);
const server = 'p1.0@n2';
const client = 'p1.0@n1';

t.test('a recorded call is found; calls below the client\'s doneBelow are forgotten and refused', async (t) => {
  const table = emptyDedupTable(false);
  const ctx = context();
  t.same(dedupLookup(table, ctx, server, client, 0, 0, 0), { kind: 'new' });
  dedupRecord(table, ctx, server, client, 0, 0, 'c0', 'r0', 10);
  t.same(dedupLookup(table, ctx, server, client, 0, 0, 0), { kind: 'done', result: 'r0' });
  t.same(dedupLookup(table, ctx, server, client, 0, 1, 1), { kind: 'new' }, 'the client finished call 0');
  t.equal(dedupEntryCount(table), 0, 'its entry is gone');
  t.same(dedupLookup(table, ctx, server, client, 0, 0, 0), { kind: 'below-floor' }, 'a late copy of call 0 is refused');
});

t.test('beyond capacity the oldest entry is evicted and can never run again', async (t) => {
  const table = emptyDedupTable(false);
  const ctx = context();
  for (const seq of [0, 1, 2]) {
    dedupLookup(table, ctx, server, client, 0, seq, 0);
    dedupRecord(table, ctx, server, client, 0, seq, `c${seq}`, seq, params.dedupCapacity);
  }
  t.equal(dedupEntryCount(table, server), 2);
  t.same(dedupLookup(table, ctx, server, client, 0, 0, 0), { kind: 'below-floor' });
  t.same(dedupLookup(table, ctx, server, client, 0, 2, 0), { kind: 'done', result: 2 });
});

t.test('a durable table persists each change and reloads from storage', async (t) => {
  const table = emptyDedupTable(true);
  const ctx = context();
  dedupLookup(table, ctx, server, client, 0, 5, 5);
  dedupRecord(table, ctx, server, client, 0, 5, 'c5', { ok: true }, 1);
  const storage: Record<string, unknown> = {};
  for (const e of ctx.effects) if (e.kind === 'persist') storage[e.key] = e.value;
  const reloaded = loadDurableDedupTable(storage);
  t.same(dedupLookup(reloaded, context(), server, client, 0, 5, 5), { kind: 'done', result: { ok: true } });
  t.same(dedupLookup(reloaded, context(), server, client, 0, 4, 5), { kind: 'below-floor' });
});

t.test('orphans: streams of an earlier incarnation of the client node are dropped (and unpersisted)', async (t) => {
  const table = emptyDedupTable(true);
  const ctx = context();
  dedupLookup(table, ctx, server, client, 0, 0, 0);
  dedupRecord(table, ctx, server, client, 0, 0, 'c0', 0, 1);
  dedupLookup(table, ctx, server, 'p1.1@n1', 1, 0, 0);
  const purge = context();
  purgeOrphans(table, purge, 'n1', 1);
  t.equal(table.streams.size, 1, 'only the incarnation-1 stream is left');
  t.same(purge.effects.filter((e) => e.kind === 'persist').map((e) => (e as { value: unknown }).value), [null]);
});
