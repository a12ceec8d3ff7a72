// Benchmarks of seed sweeps: the RPC tests of the conformance suite against the in-process
// reference kernel over many seeds, on one thread and on two; seeds per second and their ratio.
import type { Benchmark, Sample } from '../bench/benchmark.js';
import { measureThreadCpu } from '../bench/thread-cpu.js';
import { discoverTests } from '../../conformance/src/index.js';
import { runSeeds, type SweepJob } from './sweep-run.js';
import { repoRoot } from '../../conventions/index.js';

const job: SweepJob = { kind: 'conform', cwd: repoRoot, tests: discoverTests('rpc/*').map((t) => t.id) };

async function measure(seeds: number, workers: number): Promise<Sample> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { result: run, cpu: threads } = await measureThreadCpu(() => runSeeds(job, { from: 0, to: seeds - 1 }, workers, new AbortController().signal, () => undefined));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  if (run.error !== undefined) throw run.error;
  const failing = [...run.outcomes.values()].filter((o) => o.failures.length > 0).length;
  return {
    figures: {
      throughput: { value: run.outcomes.size / seconds, unit: 'seeds/s' },
      duration: { value: seconds, unit: 's' },
      // Every thread of the process: on a shared machine it shows what the wall time cannot.
      cpuPerSeed: { value: (cpu.user + cpu.system) / 1000 / run.outcomes.size, unit: 'CPU ms/seed' },
      failingSeeds: { value: failing, unit: 'seeds' },
      // Without contention the wall time is at least the busiest thread's CPU time: the speedup free cores would give.
      ...(threads ? { freeCoreThroughput: { value: run.outcomes.size / (threads.busiestMs / 1000), unit: 'seeds per busiest-thread CPU s' } } : {}),
    },
  };
}

const sweep = (seeds: number): Benchmark => ({
  name: `conform/sweep-rpc-${seeds}-seeds`,
  description: `cloudos conform --tests 'rpc/*' --seeds 0..${seeds - 1} against the in-process reference kernel, on 1 and on 2 threads`,
  compare: 'throughput',
  baseline: '1 worker',
  variants: [
    { label: '1 worker', run: () => measure(seeds, 1) },
    { label: '2 workers', run: () => measure(seeds, 2) },
  ],
});

/** 1,000 seeds is the sweep asked for; 50 seeds gives the same figures in minutes on a loaded machine. */
export const benchmarks: Benchmark[] = [sweep(1000), sweep(50)];
