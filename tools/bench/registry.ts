// Every part's benchmarks: add one line here pointing at your `*.bench.ts` (exporting `benchmarks`).
import type { Benchmark } from './benchmark.js';

export const registry: (() => Promise<Benchmark[]>)[] = [
  async () => (await import('../tla/check/check.bench.js')).benchmarks,
  async () => (await import('../../hardware-models/bench/hardware-models.bench.js')).benchmarks,
  async () => (await import('../cli/sweep.bench.js')).benchmarks,
  async () => (await import('../cli/trace-validation.bench.js')).benchmarks,
  async () => (await import('../../conformance/src/checkers/dsm-memory.bench.js')).benchmarks,
  async () => (await import('../cli/dsm-managers.bench.js')).benchmarks,
];
