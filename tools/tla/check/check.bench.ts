// Benchmarks of the model checker: distinct states per second on one worker and on all cores,
// the speedup, bytes per state of the fingerprint table; interpreted vs compiled on a TLA+ spec.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Benchmark, Sample } from '../../bench/benchmark.js';
import { checkModel } from './check.js';
import type { LoadedModel } from './model.js';
import { loadModel as loadHandWritten } from './hand-written-models.js';
import { loadModelSource } from '../load.js';
import { measureThreadCpu } from '../../bench/thread-cpu.js';

const cores = availableParallelism();
const repo = fileURLToPath(new URL('../../../../', import.meta.url));

async function measure(loaded: LoadedModel, workers: number): Promise<Sample> {
  // CPU time of every thread of the process: on a shared machine it shows the parallel overhead
  // (worker start-up, hand-over, barriers) even when wall-clock speedup cannot be measured.
  const cpuBefore = process.cpuUsage();
  const { result, cpu: threads } = await measureThreadCpu(() => checkModel(loaded, { workers }));
  const cpu = process.cpuUsage(cpuBefore);
  if (result.result !== 'holds') throw new Error(`benchmark model ${loaded.model.name} did not hold: ${result.result}`);
  const seconds = result.stats.durationMs / 1000;
  return {
    figures: {
      throughput: { value: result.stats.distinctStates / seconds, unit: 'distinct states/s' },
      distinct: { value: result.stats.distinctStates, unit: 'states' },
      fingerprintTable: { value: result.stats.fingerprintBytesPerState, unit: 'bytes/state' },
      duration: { value: result.stats.durationMs, unit: 'ms' },
      cpu: { value: (cpu.user + cpu.system) / 1000, unit: 'CPU ms' },
      threads: { value: result.stats.workers, unit: 'searching' },
      // Without contention the wall time of a run is at least its busiest thread's CPU time.
      ...(threads ? { busiestThread: { value: threads.busiestMs, unit: 'CPU ms' }, helperThreads: { value: threads.helpersMs, unit: 'CPU ms' } } : {}),
    },
  };
}

const counters = () => loadHandWritten({ kind: 'counters', count: 4, limit: 24 });
const twoPhase = (mode: 'compiled' | 'interpreted', rms: 5 | 7 = 5) =>
  loadModelSource({ spec: `${repo}tools/tla/corpus/TwoPhase.tla`, config: `${repo}tools/tla/check/fixtures/TwoPhase${rms}.cfg`, mode });

export const benchmarks: Benchmark[] = [
  {
    name: 'check/counters-hand-written',
    description: '4 counters 0..23 (331,776 states, wide levels), a hand-written Model: the search itself',
    compare: 'throughput',
    baseline: '1 worker',
    variants: [
      { label: '1 worker', run: () => measure(counters(), 1) },
      { label: `${cores} workers`, run: () => measure(counters(), cores) },
    ],
  },
  {
    name: 'check/two-phase-5rm',
    description: 'TwoPhase commit with 5 resource managers (tools/tla/corpus/TwoPhase.tla + check/fixtures/TwoPhase5.cfg)',
    compare: 'throughput',
    baseline: 'interpreted, 1 worker',
    variants: [
      { label: 'interpreted, 1 worker', run: async () => measure(await twoPhase('interpreted'), 1) },
      { label: 'compiled, 1 worker', run: async () => measure(await twoPhase('compiled'), 1) },
      { label: `compiled, ${cores} workers`, run: async () => measure(await twoPhase('compiled'), cores) },
    ],
  },
  {
    name: 'check/two-phase-7rm-workers',
    description: 'TwoPhase commit with 7 resource managers (296,448 states), compiled (check/fixtures/TwoPhase7.cfg): 1 worker vs all cores',
    compare: 'throughput',
    baseline: '1 worker',
    variants: [
      { label: '1 worker', run: async () => measure(await twoPhase('compiled', 7), 1) },
      { label: `${cores} workers`, run: async () => measure(await twoPhase('compiled', 7), cores) },
    ],
  },
];
