// The whole DSM consistency checker on generated histories of an atomic memory (accepted) and the
// same histories with one stale read (rejected by both halves, naming the read), on many seeds.
import t from 'tap';
import fc from 'fast-check';
import { checkMemory } from './dsm-memory.js';
import { atomicMemoryHistory, withStaleRead } from './dsm-generated-history.js';

t.test('an atomic memory is accepted; one stale read is rejected per page and across pages', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), (seed, processes, pages) => {
      const ops = atomicMemoryHistory({ seed, operations: 300, processes, pages });
      const good = checkMemory(ops, { initial: 0 });
      if (!good.pages.every((p) => p.verdict.kind === 'linearizable') || good.sequential.kind !== 'sequentially-consistent') return false;
      const { ops: bad, stale } = withStaleRead(ops);
      const verdict = checkMemory(bad, { initial: 0 });
      const page = verdict.pages.find((p) => p.page === bad[stale]!.page)!;
      return page.verdict.kind === 'not-linearizable' && verdict.pages.every((p) => p === page || p.verdict.kind === 'linearizable') && verdict.sequential.kind === 'cycle' && verdict.sequential.ops.includes(stale);
    }),
    { seed: 20261205, numRuns: 60 },
  );
  t.pass('60 generated histories: accepted whole, rejected with one stale read');
});

t.test('indices come back in the input\'s numbering; unanswered reads are left out', async (t) => {
  const v = checkMemory(
    [
      { process: 'a', page: 'x', kind: 'read', value: 0, invokeNs: 0 },
      { process: 'a', page: 'y', kind: 'write', value: 5, version: 1, invokeNs: 0, completeNs: 1 },
      { process: 'b', page: 'y', kind: 'read', value: 0, version: 0, invokeNs: 2, completeNs: 3 },
    ],
    { initial: 0 },
  );
  t.same(v.pages.map((p) => p.page), ['y']);
  t.same(v.pages[0]!.verdict, { kind: 'not-linearizable', longestPrefix: [1], blocked: 2 });
  t.equal(v.sequential.kind, 'sequentially-consistent', 'with no real time, b may read before the write');
});
