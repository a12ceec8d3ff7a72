// Benchmark of trace validation: every conformance test against the in-process reference kernel
// over a few seeds, with and without TraceExplainedBySpec, so the ratio is what validation costs.
import type { Benchmark, Sample } from '../bench/benchmark.js';
import { discoverTests, runTest, type TestCase } from '../../conformance/src/index.js';
import { referenceFactory } from '../../reference/src/index.js';

const SEEDS = 5;

async function measure(validate: boolean): Promise<Sample> {
  const tests = discoverTests().map((test): TestCase => ({ ...test, properties: test.properties.filter((p) => validate || p !== 'TraceExplainedBySpec') }));
  const cpuBefore = process.cpuUsage();
  let runs = 0;
  let validated = 0;
  for (const test of tests) {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const result = await runTest(test, referenceFactory(), { seed });
      runs += result.runs;
      validated += result.traceValidation?.validated ?? 0;
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    figures: {
      throughput: { value: runs / cpuSeconds, unit: 'runs per CPU s' },
      cpuPerRun: { value: (cpuSeconds * 1000) / runs, unit: 'CPU ms/run' },
      validatedRuns: { value: validated, unit: 'runs' },
    },
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'conform/trace-validation',
    description: `every conformance test, seeds 1..${SEEDS}, against the in-process reference kernel: runs checked by the history checkers alone, and with trace validation`,
    compare: 'throughput',
    baseline: 'history checkers only',
    variants: [
      { label: 'history checkers only', run: () => measure(false) },
      { label: 'with trace validation', run: () => measure(true) },
    ],
  },
];
