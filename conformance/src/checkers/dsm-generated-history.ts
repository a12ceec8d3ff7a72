// Histories of an atomic shared memory, for the consistency checker's bench and property tests:
// processes issue reads and writes one after another with random durations; each takes effect at
// a random instant inside its interval, so the history is linearizable per page and sequentially
// consistent by construction. `withStaleRead` then breaks it in one place.
import { SeededRandom } from '../../../hardware-models/src/index.js';
import type { MemoryOp } from './dsm-sequential.js';

export interface AtomicHistoryOptions {
  seed: number;
  operations: number;
  processes: number;
  pages: number;
  /** Share of operations that are writes. */
  writeShare?: number;
}

export function atomicMemoryHistory(options: AtomicHistoryOptions): MemoryOp[] {
  const random = new SeededRandom(options.seed);
  const free = Array.from({ length: options.processes }, () => random.int(0, 100));
  const drafts: { op: MemoryOp; effectNs: number }[] = [];
  for (let i = 0; i < options.operations; i++) {
    const p = random.int(0, options.processes - 1);
    const invokeNs = free[p]!;
    const completeNs = invokeNs + random.int(1, 200);
    free[p] = completeNs + random.int(1, 100);
    const kind = random.float() < (options.writeShare ?? 0.4) ? 'write' : 'read';
    drafts.push({ op: { process: `p${p}`, page: `s/${random.int(1, options.pages)}`, kind, value: 0, invokeNs, completeNs }, effectNs: random.int(invokeNs, completeNs) });
  }
  // Apply the operations in the order they take effect: values and versions follow.
  const memory = new Map<string, { value: number; version: number }>();
  let nextValue = 1;
  for (const d of [...drafts].sort((a, b) => a.effectNs - b.effectNs)) {
    const now = memory.get(d.op.page) ?? { value: 0, version: 0 };
    if (d.op.kind === 'write') {
      const written = { value: nextValue++, version: now.version + 1 };
      memory.set(d.op.page, written);
      Object.assign(d.op, written);
    } else Object.assign(d.op, now);
  }
  return drafts.map((d) => d.op);
}

/**
 * The same history with one read, in the last tenth, returning the version before the one its own
 * process last saw on that page, where those two writes were not concurrent and the latter ended
 * before the read began: neither linearizable nor sequentially consistent. Returns the read's index too.
 */
export function withStaleRead(ops: readonly MemoryOp[]): { ops: MemoryOp[]; stale: number } {
  const writeAt = new Map(ops.filter((op) => op.kind === 'write').map((w) => [`${w.page}@${w.version}`, w]));
  const lastSeen = new Map<string, MemoryOp>(); // process|page → its latest op there
  const byInvoke = ops.map((_, i) => i).sort((a, b) => ops[a]!.invokeNs - ops[b]!.invokeNs);
  for (const [k, i] of byInvoke.entries()) {
    const op = ops[i]!;
    const key = `${op.process}|${op.page}`;
    const seen = lastSeen.get(key);
    lastSeen.set(key, op);
    if (k < byInvoke.length * 0.9 || op.kind !== 'read' || seen === undefined || seen.version! < 2) continue;
    const latest = writeAt.get(`${op.page}@${seen.version}`)!;
    const previous = writeAt.get(`${op.page}@${seen.version! - 1}`)!;
    if (previous.completeNs! < latest.invokeNs && latest.completeNs! < op.invokeNs) {
      const copy = [...ops];
      copy[i] = { ...op, value: previous.value, version: previous.version! };
      return { ops: copy, stale: i };
    }
  }
  throw new Error('no read to make stale: the history is too short');
}
