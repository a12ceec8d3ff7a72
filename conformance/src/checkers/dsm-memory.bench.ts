// Benchmark of the DSM consistency checker: operations checked per CPU second on a 10,000-operation
// history of 8 processes on 4 pages that is consistent, and on the same history with one stale read.
import type { Benchmark, Sample } from '../../../tools/bench/benchmark.js';
import { checkMemory } from './dsm-memory.js';
import { atomicMemoryHistory, withStaleRead } from './dsm-generated-history.js';
import type { MemoryOp } from './dsm-sequential.js';

const OPERATIONS = 10_000;
const consistent = () => atomicMemoryHistory({ seed: 1, operations: OPERATIONS, processes: 8, pages: 4 });

async function measure(ops: MemoryOp[], expectConsistent: boolean): Promise<Sample> {
  const cpuBefore = process.cpuUsage();
  const verdict = checkMemory(ops, { initial: 0 });
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const linearizable = verdict.pages.every((p) => p.verdict.kind === 'linearizable');
  const sequential = verdict.sequential.kind === 'sequentially-consistent';
  if (linearizable !== expectConsistent || sequential !== expectConsistent) throw new Error(`the checker's verdict on the ${expectConsistent ? 'consistent' : 'inconsistent'} history is wrong: ${JSON.stringify(verdict.sequential.kind)}`);
  return { figures: { throughput: { value: ops.length / cpuSeconds, unit: 'ops per CPU s' }, cpu: { value: cpuSeconds * 1000, unit: 'CPU ms' } } };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'conform/dsm-checker',
    description: `per-page linearizability and cross-page sequential consistency of a ${OPERATIONS}-operation history (8 processes, 4 pages): consistent, and with one stale read`,
    compare: 'throughput',
    baseline: 'consistent',
    variants: [
      { label: 'consistent', run: () => measure(consistent(), true) },
      { label: 'one stale read', run: () => measure(withStaleRead(consistent()).ops, false) },
    ],
  },
];
