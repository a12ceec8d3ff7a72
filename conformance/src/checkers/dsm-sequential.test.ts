// The sequential-consistency checker on histories it must accept and must reject, hand-written and
// generated (fast-check), the generated ones judged by a brute-force oracle that tries every
// interleaving of the processes' programs.
import t from 'tap';
import fc from 'fast-check';
import { checkSequentialConsistency, type MemoryOp } from './dsm-sequential.js';

/** Builds sequential programs: each process's ops one after another in time. */
function programs(spec: Record<string, [kind: 'r' | 'w', page: string, value: number, version: number][]>): MemoryOp[] {
  return Object.entries(spec).flatMap(([process, ops]) =>
    ops.map(([kind, page, value, version], k) => ({ process, page, kind: kind === 'r' ? ('read' as const) : ('write' as const), value, version, invokeNs: 10 * k, completeNs: 10 * k + 5 })),
  );
}
const verdict = (ops: MemoryOp[]) => checkSequentialConsistency(ops, 0).kind;

t.test('accepts', async (t) => {
  t.equal(verdict([]), 'sequentially-consistent', 'the empty history');
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1]], b: [['r', 'x', 1, 1], ['r', 'x', 1, 1]] })), 'sequentially-consistent');
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1]], b: [['r', 'x', 0, 0]] })), 'sequentially-consistent', 'a read may precede a write that happened earlier in real time (SC has no real time)');
  // Message passing: a writes data then flag; b sees the flag then the data.
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1], ['w', 'y', 1, 1]], b: [['r', 'y', 1, 1], ['r', 'x', 1, 1]] })), 'sequentially-consistent');
  t.equal(
    verdict([{ process: 'a', page: 'x', kind: 'write', value: 7, invokeNs: 0 }, { process: 'b', page: 'x', kind: 'read', value: 7, version: 1, invokeNs: 5, completeNs: 6 }]),
    'sequentially-consistent',
    'a write without an answer, seen by a read, takes the read\'s version',
  );
});

t.test('rejects', async (t) => {
  // Message passing broken: b sees the flag but not the data.
  const mp = checkSequentialConsistency(programs({ a: [['w', 'x', 1, 1], ['w', 'y', 1, 1]], b: [['r', 'y', 1, 1], ['r', 'x', 0, 0]] }), 0);
  t.equal(mp.kind, 'cycle', 'message passing: the flag without the data');
  t.same(mp.kind === 'cycle' ? [...new Set(mp.edges)].sort() : [], ['from-reads', 'program-order', 'reads-from'], 'the cycle names its edges');
  // Dekker / store buffering: both read the other's initial value after writing.
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1], ['r', 'y', 0, 0]], b: [['w', 'y', 1, 1], ['r', 'x', 0, 0]] })), 'cycle', 'store buffering');
  // Two readers disagree on the order of two writes (IRIW is allowed by versions only one way).
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1]], b: [['w', 'x', 2, 2]], c: [['r', 'x', 2, 2], ['r', 'x', 1, 1]] })), 'cycle', 'a reader sees the page go back in its coherence order');
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1]], b: [['r', 'x', 2, 1]] })), 'invalid-read', 'a value the write at that version did not write');
  t.equal(verdict(programs({ a: [['r', 'x', 3, 4]] })), 'invalid-read', 'a version no write has');
  t.equal(verdict(programs({ a: [['r', 'x', 3, 0]] })), 'invalid-read', 'version 0 with a value other than the initial one');
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1]], b: [['w', 'x', 2, 1]] })), 'invalid-read', 'two writes at one version');
  t.equal(verdict(programs({ a: [['w', 'x', 1, 1], ['w', 'x', 2, 1]] }).map((op, i) => (i === 1 ? { ...op, version: undefined } : op))), 'unknown', 'an answered op without a version: unknown, never consistent');
});

/** Every interleaving of the programs in which writes follow their versions and each read returns the latest write. */
function bruteForce(ops: MemoryOp[]): boolean {
  const byProcess = new Map<string, MemoryOp[]>();
  for (const op of ops) byProcess.set(op.process, [...(byProcess.get(op.process) ?? []), op]);
  const progs = [...byProcess.values()];
  const search = (at: number[], latest: Map<string, { version: number; value: number | string }>): boolean => {
    if (progs.every((p, k) => at[k] === p.length)) return true;
    return progs.some((p, k) => {
      const op = p[at[k]!];
      if (op === undefined) return false;
      const now = latest.get(op.page) ?? { version: 0, value: 0 };
      if (op.kind === 'read' && (op.version !== now.version || op.value !== now.value)) return false;
      // Writes take effect in version order, each right after the one before it (versions are dense here).
      if (op.kind === 'write' && op.version !== now.version + 1) return false;
      const next = new Map(latest);
      if (op.kind === 'write') next.set(op.page, { version: op.version!, value: op.value });
      return search(at.map((i, j) => (j === k ? i + 1 : i)), next);
    });
  };
  return search(progs.map(() => 0), new Map());
}

// Each page's writes get versions 1..n in a random order and unique values; reads return a version
// and that version's value (so histories are well formed and only the order is in question).
const historyArb = fc
  .array(fc.record({ process: fc.constantFrom('a', 'b', 'c'), page: fc.constantFrom('x', 'y'), kind: fc.constantFrom<'read' | 'write'>('read', 'write'), pick: fc.nat() }), { maxLength: 7 })
  .chain((draft) => {
    const writes = { x: draft.filter((d) => d.kind === 'write' && d.page === 'x').length, y: draft.filter((d) => d.kind === 'write' && d.page === 'y').length };
    return fc.tuple(fc.constant(draft), fc.shuffledSubarray([...Array(writes.x).keys()], { minLength: writes.x, maxLength: writes.x }), fc.shuffledSubarray([...Array(writes.y).keys()], { minLength: writes.y, maxLength: writes.y }));
  })
  .map(([draft, xOrder, yOrder]) => {
    const order = { x: xOrder, y: yOrder };
    const seenWrites = { x: 0, y: 0 };
    const count = new Map<string, number>();
    return draft.map((d): MemoryOp => {
      const k = count.get(d.process) ?? 0;
      count.set(d.process, k + 1);
      const at = { invokeNs: 10 * k, completeNs: 10 * k + 5 };
      const total = order[d.page as 'x' | 'y'].length;
      if (d.kind === 'write') {
        const version = order[d.page as 'x' | 'y'][seenWrites[d.page as 'x' | 'y']++]! + 1;
        return { process: d.process, page: d.page, kind: 'write', value: version * 10 + (d.page === 'x' ? 1 : 2), version, ...at };
      }
      const version = d.pick % (total + 1);
      return { process: d.process, page: d.page, kind: 'read', value: version === 0 ? 0 : version * 10 + (d.page === 'x' ? 1 : 2), version, ...at };
    });
  });

t.test('agrees with brute force on small generated histories (both verdicts occur)', async (t) => {
  const seen = { consistent: 0, inconsistent: 0 };
  fc.assert(
    fc.property(historyArb, (ops) => {
      const v = checkSequentialConsistency(ops, 0);
      if (v.kind === 'unknown' || v.kind === 'invalid-read') return false;
      const consistent = v.kind === 'sequentially-consistent';
      seen[consistent ? 'consistent' : 'inconsistent']++;
      return consistent === bruteForce(ops);
    }),
    { seed: 20261205, numRuns: 3000 },
  );
  t.ok(seen.consistent > 300 && seen.inconsistent > 300, `both verdicts generated: ${JSON.stringify(seen)}`);
});
