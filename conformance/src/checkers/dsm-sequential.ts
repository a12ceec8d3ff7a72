// Sequential consistency of reads and writes across pages, decided in polynomial time because the
// implementation reports each write's place in its page's coherence order (its version) and the
// version every read returned. With the write order and the reads-from relation known, a history
// is sequentially consistent iff program order, reads-from, coherence order and from-reads
// (a read precedes the write that overwrote what it read) form no cycle (Shasha and Snir's
// conflict graph; the axiomatic SC of herd). Without versions the problem is NP-complete (Gibbons
// and Korach), so an op without one makes the verdict unknown.
import type { RegisterValue } from './dsm-linearizability.js';

export interface MemoryOp {
  /** Whose program order the op belongs to (a process). */
  process: string;
  /** The page, unique across segments (e.g. "segment/3"). */
  page: string;
  kind: 'read' | 'write';
  value: RegisterValue;
  /** Write: its place in the page's coherence order (1, 2, …); read: the version it returned (0: the initial value). */
  version?: number;
  invokeNs: number;
  /** Absent when no answer came (a write that may or may not have taken effect). */
  completeNs?: number;
}

/** Why an edge of the conflict graph is there. */
export type EdgeKind = 'program-order' | 'reads-from' | 'coherence' | 'from-reads';

export type SequentialVerdict =
  | { kind: 'sequentially-consistent' }
  /** A read that no write explains, two writes at one version: no order can exist. */
  | { kind: 'invalid-read'; ops: number[]; message: string }
  /** A cycle `ops[0] → ops[1] → … → ops[0]`, `edges[i]` the reason for ops[i] → ops[i+1]. */
  | { kind: 'cycle'; ops: number[]; edges: EdgeKind[] }
  | { kind: 'unknown'; reason: string };

export function checkSequentialConsistency(ops: readonly MemoryOp[], initial: RegisterValue): SequentialVerdict {
  const unversioned = ops.findIndex((op) => op.completeNs !== undefined && op.version === undefined);
  if (unversioned >= 0) return { kind: 'unknown', reason: `operation ${unversioned} (${ops[unversioned]!.kind} of page ${ops[unversioned]!.page}) reports no version, so the write order is not observable` };

  const writesByPage = new Map<string, Map<number, number>>(); // page → version → op
  const pendingWrites = new Map<string, number[]>(); // page → writes without an answer
  for (const [i, op] of ops.entries()) {
    if (op.kind !== 'write') continue;
    if (op.completeNs === undefined) {
      pendingWrites.get(op.page)?.push(i) ?? pendingWrites.set(op.page, [i]);
      continue;
    }
    const versions = writesByPage.get(op.page) ?? new Map<number, number>();
    writesByPage.set(op.page, versions);
    const other = versions.get(op.version!);
    if (op.version! < 1) return { kind: 'invalid-read', ops: [i], message: `a write of page ${op.page} reports version ${op.version}; writes are numbered from 1` };
    if (other !== undefined) return { kind: 'invalid-read', ops: [other, i], message: `two writes of page ${op.page} report version ${op.version}` };
    versions.set(op.version!, i);
  }

  // A write without an answer takes the version of a read that returned its value (values are unique per page in the suite's workloads).
  for (const [i, op] of ops.entries()) {
    if (op.kind !== 'read' || op.version === undefined || op.version === 0) continue;
    const versions = writesByPage.get(op.page) ?? new Map<number, number>();
    writesByPage.set(op.page, versions);
    if (versions.has(op.version)) continue;
    const pending = (pendingWrites.get(op.page) ?? []).find((w) => ops[w]!.value === op.value && ops[w]!.version === undefined);
    if (pending === undefined) return { kind: 'invalid-read', ops: [i], message: `a read of page ${op.page} returned ${JSON.stringify(op.value)} at version ${op.version}, which no write wrote` };
    versions.set(op.version, pending);
  }
  const graph = new ConflictGraph(ops.length);
  // Each page's writes in coherence order, as [version, op].
  const orderByPage = new Map([...writesByPage].map(([page, versions]) => [page, [...versions.entries()].sort((a, b) => a[0] - b[0])]));
  for (const order of orderByPage.values()) for (let k = 1; k < order.length; k++) graph.add(order[k - 1]![1], order[k]![1], 'coherence');
  for (const [i, op] of ops.entries()) {
    if (op.kind !== 'read' || op.version === undefined) continue;
    const order = orderByPage.get(op.page) ?? [];
    if (op.version === 0) {
      if (op.value !== initial) return { kind: 'invalid-read', ops: [i], message: `a read of page ${op.page} returned ${JSON.stringify(op.value)} at version 0; the initial value is ${JSON.stringify(initial)}` };
    } else {
      const write = writesByPage.get(op.page)!.get(op.version)!;
      if (ops[write]!.value !== op.value) {
        return { kind: 'invalid-read', ops: [write, i], message: `a read of page ${op.page} returned ${JSON.stringify(op.value)} at version ${op.version}; the write at that version wrote ${JSON.stringify(ops[write]!.value)}` };
      }
      graph.add(write, i, 'reads-from');
    }
    // The read precedes the first write after the version it read.
    const next = order[partitionPoint(order.length, (k) => order[k]![0] > op.version!)];
    if (next !== undefined) graph.add(i, next[1], 'from-reads');
  }
  addProgramOrder(ops, graph);
  const cycle = graph.findCycle();
  return cycle === undefined ? { kind: 'sequentially-consistent' } : { kind: 'cycle', ...cycle };
}

/**
 * a → b for ops of one process when a's answer came before b was issued. Only the edges not
 * implied by others: from a to the ops issued after a ended but no later than the earliest end
 * among them (anything issued later follows one of those).
 */
function addProgramOrder(ops: readonly MemoryOp[], graph: ConflictGraph): void {
  const byProcess = new Map<string, number[]>();
  for (const [i, op] of ops.entries()) byProcess.get(op.process)?.push(i) ?? byProcess.set(op.process, [i]);
  for (const mine of byProcess.values()) {
    mine.sort((a, b) => ops[a]!.invokeNs - ops[b]!.invokeNs || a - b);
    // suffixMinEnd[k]: the earliest answer among mine[k..]
    const suffixMinEnd = new Array<number>(mine.length + 1).fill(Number.POSITIVE_INFINITY);
    for (let k = mine.length - 1; k >= 0; k--) suffixMinEnd[k] = Math.min(suffixMinEnd[k + 1]!, ops[mine[k]!]!.completeNs ?? Number.POSITIVE_INFINITY);
    for (const a of mine) {
      const end = ops[a]!.completeNs;
      if (end === undefined) continue;
      let k = partitionPoint(mine.length, (j) => ops[mine[j]!]!.invokeNs > end);
      const horizon = suffixMinEnd[k]!;
      for (; k < mine.length && ops[mine[k]!]!.invokeNs <= horizon; k++) graph.add(a, mine[k]!, 'program-order');
    }
  }
}

/** The first index in 0..length at which `above` holds, for an `above` that holds from some index on. */
function partitionPoint(length: number, above: (k: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (above(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

class ConflictGraph {
  private readonly out: { to: number; kind: EdgeKind }[][];
  constructor(size: number) {
    this.out = Array.from({ length: size }, () => []);
  }
  add(from: number, to: number, kind: EdgeKind): void {
    this.out[from]!.push({ to, kind });
  }
  /** A cycle, by an iterative depth-first search (white, grey, black), or undefined. */
  findCycle(): { ops: number[]; edges: EdgeKind[] } | undefined {
    const colour = new Uint8Array(this.out.length); // 0 unvisited, 1 on the stack, 2 done
    const parent = new Int32Array(this.out.length).fill(-1);
    const parentEdge = new Array<EdgeKind | undefined>(this.out.length);
    for (let root = 0; root < this.out.length; root++) {
      if (colour[root] !== 0) continue;
      const stack: { node: number; next: number }[] = [{ node: root, next: 0 }];
      colour[root] = 1;
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        const edge = this.out[top.node]![top.next++];
        if (edge === undefined) {
          colour[top.node] = 2;
          stack.pop();
          continue;
        }
        if (colour[edge.to] === 1) {
          const ops = [edge.to];
          const edges: EdgeKind[] = [];
          for (let n = top.node; n !== edge.to; n = parent[n]!) {
            ops.push(n);
            edges.push(parentEdge[n]!);
          }
          // ops: edge.to, top.node, …back toward edge.to; reverse so each op points at the next.
          const cycleOps = [edge.to, ...ops.slice(1).reverse()];
          const cycleEdges = [...edges.reverse(), edge.kind];
          return { ops: cycleOps, edges: cycleEdges };
        }
        if (colour[edge.to] === 0) {
          colour[edge.to] = 1;
          parent[edge.to] = top.node;
          parentEdge[edge.to] = edge.kind;
          stack.push({ node: edge.to, next: 0 });
        }
      }
    }
    return undefined;
  }
}
