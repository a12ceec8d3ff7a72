// The DSM consistency checker over all pages of a run: each page linearizable on its own (Wing–Gong
// with Lowe's memoization, dsm-linearizability.ts), and every process's reads and writes
// sequentially consistent across pages by the write order the implementation reports
// (dsm-sequential.ts). A page whose search exceeds its budget makes the verdict unknown, never passed.
import { checkRegisterLinearizable, DEFAULT_MAX_STEPS, type LinearizabilityVerdict, type RegisterValue } from './dsm-linearizability.js';
import { checkSequentialConsistency, type MemoryOp, type SequentialVerdict } from './dsm-sequential.js';

export interface MemoryVerdict {
  /** Per page, in the order pages first appear; `ops` maps the verdict's indices back to the input's. */
  pages: { page: string; ops: number[]; verdict: LinearizabilityVerdict }[];
  sequential: SequentialVerdict;
}

export interface MemoryCheckOptions {
  initial: RegisterValue;
  /** Search steps per page before its verdict is unknown. */
  maxStepsPerPage?: number;
}

export function checkMemory(ops: readonly MemoryOp[], options: MemoryCheckOptions): MemoryVerdict {
  const byPage = new Map<string, number[]>();
  ops.forEach((op, i) => {
    // A read without an answer returned nothing: there is nothing to explain.
    if (op.kind === 'read' && op.completeNs === undefined) return;
    byPage.get(op.page)?.push(i) ?? byPage.set(op.page, [i]);
  });
  const pages = [...byPage].map(([page, indices]) => {
    const verdict = checkRegisterLinearizable(
      indices.map((i) => ops[i]!),
      { initial: options.initial, maxSteps: options.maxStepsPerPage ?? DEFAULT_MAX_STEPS },
    );
    return { page, ops: indices, verdict: mapIndices(verdict, indices) };
  });
  const answered = ops.filter((op) => op.kind === 'write' || op.completeNs !== undefined);
  const answeredIndex = ops.map((_, i) => i).filter((i) => ops[i]!.kind === 'write' || ops[i]!.completeNs !== undefined);
  const sequential = checkSequentialConsistency(answered, options.initial);
  return { pages, sequential: 'ops' in sequential ? { ...sequential, ops: sequential.ops.map((i) => answeredIndex[i]!) } : sequential };
}

function mapIndices(verdict: LinearizabilityVerdict, indices: number[]): LinearizabilityVerdict {
  switch (verdict.kind) {
    case 'linearizable': return { kind: 'linearizable', order: verdict.order.map((i) => indices[i]!) };
    case 'not-linearizable': return { kind: 'not-linearizable', longestPrefix: verdict.longestPrefix.map((i) => indices[i]!), blocked: indices[verdict.blocked]! };
    case 'unknown': return verdict;
  }
}
