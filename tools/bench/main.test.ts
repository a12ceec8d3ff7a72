// The benchmark harness: medians of each figure, ratios against the baseline variant, and a clear
// error when the baseline is missing.
import t from 'tap';
import { runBenchmark } from './main.js';
import type { Benchmark } from './benchmark.js';

t.test('each variant gets the median of its runs and its ratio to the baseline', async (t) => {
  const runs = (values: number[]) => {
    let i = 0;
    return async () => ({ figures: { speed: { value: values[i++]!, unit: 'ops/s' } } });
  };
  const benchmark: Benchmark = {
    name: 'test/ratio',
    description: 'two variants',
    compare: 'speed',
    baseline: 'slow',
    variants: [
      { label: 'slow', run: runs([10, 30, 20]) },
      { label: 'fast', run: runs([50, 70, 60]) },
    ],
  };
  const lines: string[] = [];
  const results = await runBenchmark(benchmark, 3, (l) => lines.push(l));
  t.same(results.map((r) => [r.label, r.medians.speed!.value, r.ratio]), [
    ['slow', 20, 1],
    ['fast', 60, 3],
  ]);
  t.equal(lines.length, 2);
});

t.test('a missing baseline is an error naming it', async (t) => {
  const benchmark: Benchmark = { name: 'test/none', description: '', compare: 'speed', baseline: 'nope', variants: [{ label: 'a', run: async () => ({ figures: { speed: { value: 1, unit: '' } } }) }] };
  await t.rejects(runBenchmark(benchmark, 1, () => {}), /no baseline variant 'nope'/);
});
