// Percentiles from the log-linear histogram are within its stated 4.4 % bucket error.
import t from 'tap';
import { LatencyHistogram } from './latency-histogram.js';

t.test('percentiles within one bucket of the exact value', async (t) => {
  const histogram = new LatencyHistogram();
  for (let ns = 1; ns <= 10_000; ns++) histogram.record(ns);
  t.equal(histogram.count, 10_000);
  t.equal(histogram.max, 10_000);
  t.equal(histogram.meanNs, 5000.5);
  for (const [fraction, exact] of [[0.5, 5000], [0.9, 9000], [0.99, 9900]] as const) {
    const reported = histogram.percentileNs(fraction);
    t.ok(reported >= exact && reported <= exact * 1.045, `p${fraction * 100}: ${reported} vs ${exact}`);
  }
  t.equal(histogram.percentileNs(1), 10_000, 'never above the maximum');
});

t.test('empty histogram', async (t) => {
  const histogram = new LatencyHistogram();
  t.equal(histogram.percentileNs(0.5), 0);
  t.equal(histogram.meanNs, 0);
});
