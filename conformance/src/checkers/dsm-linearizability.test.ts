// The register linearizability checker on histories it must accept and must reject, hand-written
// and generated (fast-check), the generated ones judged by a brute-force oracle that tries every
// order of every subset of the unanswered writes.
import t from 'tap';
import fc from 'fast-check';
import { checkRegisterLinearizable, type RegisterOp } from './dsm-linearizability.js';

const w = (value: number, invokeNs: number, completeNs?: number): RegisterOp => ({ kind: 'write', value, invokeNs, ...(completeNs === undefined ? {} : { completeNs }) });
const r = (value: number, invokeNs: number, completeNs: number): RegisterOp => ({ kind: 'read', value, invokeNs, completeNs });
const verdict = (ops: RegisterOp[]) => checkRegisterLinearizable(ops, { initial: 0 }).kind;

t.test('accepts', async (t) => {
  t.equal(verdict([]), 'linearizable', 'the empty history');
  t.equal(verdict([r(0, 0, 1)]), 'linearizable', 'a read of the initial value');
  t.equal(verdict([w(1, 0, 1), r(1, 2, 3)]), 'linearizable', 'a read after a write');
  t.equal(verdict([w(1, 0, 10), r(0, 2, 3), r(1, 4, 5)]), 'linearizable', 'reads during a write see old then new');
  t.equal(verdict([w(1, 0, 1), w(2, 2, 3), r(2, 4, 5)]), 'linearizable', 'the latest of two writes');
  t.equal(verdict([w(1, 0, 10), w(2, 0, 10), r(2, 11, 12), r(2, 13, 14)]), 'linearizable', 'concurrent writes in either order');
  t.equal(verdict([w(1, 0), r(1, 5, 6)]), 'linearizable', 'an unanswered write that took effect');
  t.equal(verdict([w(1, 0), r(0, 5, 6)]), 'linearizable', 'an unanswered write that did not (yet) take effect');
  t.equal(verdict([w(1, 0, 1), r(1, 1, 2)]), 'linearizable', 'operations touching at one instant are concurrent');
  const v = checkRegisterLinearizable([w(1, 0, 10), r(1, 2, 3), r(0, 1, 2)], { initial: 0 });
  t.same(v, { kind: 'linearizable', order: [2, 0, 1] }, 'the witness order');
});

t.test('rejects', async (t) => {
  t.equal(verdict([r(1, 0, 1)]), 'not-linearizable', 'a read of a value never written');
  t.equal(verdict([w(1, 0, 1), r(0, 2, 3)]), 'not-linearizable', 'a stale read after a completed write');
  t.equal(verdict([w(1, 0, 1), w(2, 2, 3), r(1, 4, 5)]), 'not-linearizable', 'a read of an overwritten value');
  t.equal(verdict([w(1, 0, 10), r(1, 2, 3), r(0, 4, 5)]), 'not-linearizable', 'new then old during one write');
  t.equal(verdict([w(1, 0), r(1, 5, 6), r(0, 7, 8)]), 'not-linearizable', 'an unanswered write seen, then unseen');
  const v = checkRegisterLinearizable([w(1, 0, 1), w(2, 2, 3), r(1, 4, 5)], { initial: 0 });
  t.same(v, { kind: 'not-linearizable', longestPrefix: [0, 1], blocked: 2 }, 'names the longest prefix and the read it cannot place');
});

t.test('with versions, the writes must also be ordered by version and every read must return its version', async (t) => {
  const v = <T extends RegisterOp>(op: T, version: number): T => ({ ...op, version });
  t.equal(verdict([v(w(1, 0, 1), 1), v(r(1, 2, 3), 1)]), 'linearizable', 'a read of the first write');
  t.equal(verdict([v(w(1, 0, 10), 2), v(w(2, 0, 10), 1), v(r(1, 11, 12), 2)]), 'linearizable', 'concurrent writes in their version order');
  t.equal(verdict([w(5, 0), v(w(1, 1, 2), 2), v(r(1, 3, 4), 2)]), 'linearizable', 'an unanswered write that took effect before, taking version 1');
  t.equal(verdict([v(w(1, 0, 10), 1), v(w(2, 0, 10), 1)]), 'not-linearizable', 'two writes of one version');
  t.equal(verdict([v(w(1, 0, 10), 2), v(w(2, 0, 10), 1), v(r(2, 11, 12), 1)]), 'not-linearizable', 'the values allow it, the versions put the read before the write it follows');
  t.equal(verdict([v(w(1, 0, 1), 1), v(r(1, 2, 3), 0)]), 'not-linearizable', 'the right value with the initial version');
  // Twelve concurrent writes and a read of the last: without versions every order is tried.
  const concurrent = [...Array.from({ length: 12 }, (_, i) => v(w(i + 1, 0, 100), i + 1)), v(r(12, 0, 100), 12), v(r(99, 0, 100), 13)];
  t.equal(checkRegisterLinearizable(concurrent, { initial: 0, maxSteps: 1000 }).kind, 'not-linearizable', 'decided within 1000 steps, where the values alone need more (above)');
});

t.test('a search past its budget is unknown, never linearizable', async (t) => {
  // Many concurrent writes and a read nobody wrote: every order must be tried.
  const ops = [...Array.from({ length: 12 }, (_, i) => w(i + 1, 0, 100)), r(99, 0, 100)];
  const v = checkRegisterLinearizable(ops, { initial: 0, maxSteps: 1000 });
  t.equal(v.kind, 'unknown');
  t.match(v, { reason: /budget of 1000 steps/ });
  t.equal(checkRegisterLinearizable(ops, { initial: 0 }).kind, 'not-linearizable', 'with the default budget the verdict is reached');
});

/** Every order (respecting real time) of the answered ops plus any subset of the unanswered writes. */
function bruteForce(ops: RegisterOp[]): boolean {
  const answered = ops.map((_, i) => i).filter((i) => ops[i]!.completeNs !== undefined);
  const unanswered = ops.map((_, i) => i).filter((i) => ops[i]!.completeNs === undefined);
  for (let mask = 0; mask < 1 << unanswered.length; mask++) {
    const chosen = [...answered, ...unanswered.filter((_, k) => mask & (1 << k))];
    if (someOrder(ops, chosen, [], 0)) return true;
  }
  return false;
}

function someOrder(ops: RegisterOp[], left: number[], placed: number[], state: number | string, version = 0): boolean {
  if (left.length === 0) return true;
  for (const i of left) {
    const op = ops[i]!;
    // i may go next only if no remaining op ended before i began.
    if (left.some((j) => j !== i && (ops[j]!.completeNs ?? Infinity) < op.invokeNs)) continue;
    if (op.kind === 'read' && (op.value !== state || (op.version !== undefined && op.version !== version))) continue;
    if (op.kind === 'write' && op.version !== undefined && op.version !== version + 1) continue;
    const [next, nextVersion] = op.kind === 'write' ? [op.value, version + 1] : [state, version];
    if (someOrder(ops, left.filter((j) => j !== i), [...placed, i], next, nextVersion)) return true;
  }
  return false;
}

/** The order holds every op once, respects real time and every read returns the latest write. */
function explains(ops: RegisterOp[], order: number[]): boolean {
  if (new Set(order).size !== ops.length || order.length !== ops.length) return false;
  let state: number | string = 0;
  for (const [k, i] of order.entries()) {
    const op = ops[i]!;
    if (order.slice(k + 1).some((j) => (ops[j]!.completeNs ?? Infinity) < op.invokeNs)) return false;
    if (op.kind === 'read' && op.value !== state) return false;
    if (op.kind === 'write') state = op.value;
  }
  return true;
}

const opArb: fc.Arbitrary<RegisterOp> = fc
  .record({ kind: fc.constantFrom<'read' | 'write'>('read', 'write'), value: fc.integer({ min: 0, max: 2 }), invokeNs: fc.integer({ min: 0, max: 12 }), lengthNs: fc.integer({ min: 0, max: 6 }), answered: fc.integer({ min: 0, max: 5 }) })
  .map(({ kind, value, invokeNs, lengthNs, answered }) => ({ kind, value, invokeNs, ...(kind === 'read' || answered > 0 ? { completeNs: invokeNs + lengthNs } : {}) }));

t.test('agrees with brute force on small generated histories (both verdicts occur)', async (t) => {
  const seen = { linearizable: 0, 'not-linearizable': 0 };
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 7 }), (ops) => {
      const v = checkRegisterLinearizable(ops, { initial: 0 });
      if (v.kind === 'unknown') return false;
      seen[v.kind]++;
      if ((v.kind === 'linearizable') !== bruteForce(ops)) return false;
      // A witness is an order the oracle accepts.
      return v.kind !== 'linearizable' || explains(ops, v.order);
    }),
    { seed: 20261205, numRuns: 3000 },
  );
  t.ok(seen.linearizable > 300 && seen['not-linearizable'] > 300, `both verdicts generated: ${JSON.stringify(seen)}`);
});

t.test('with versions (answered operations only, as DSM replies carry them), agrees with brute force', async (t) => {
  const seen = { linearizable: 0, 'not-linearizable': 0 };
  const versioned = fc.tuple(opArb, fc.integer({ min: 0, max: 3 })).map(([op, version]) => (op.completeNs === undefined ? op : { ...op, version: op.kind === 'write' ? version + 1 : version }));
  fc.assert(
    fc.property(fc.array(versioned, { maxLength: 7 }), (ops) => {
      const v = checkRegisterLinearizable(ops, { initial: 0 });
      if (v.kind === 'unknown') return false;
      seen[v.kind]++;
      return (v.kind === 'linearizable') === bruteForce(ops);
    }),
    { seed: 20261205, numRuns: 3000 },
  );
  t.ok(seen.linearizable > 200 && seen['not-linearizable'] > 200, `both verdicts generated: ${JSON.stringify(seen)}`);
});
