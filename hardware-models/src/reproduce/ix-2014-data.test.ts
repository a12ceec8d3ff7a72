// The paper data file: complete curves on the same connection counts, and the values the issue
// quotes from the paper, so that a typo in the data cannot go unnoticed.
import t from 'tap';
import { figure3, figure4 } from './ix-2014-data.js';

t.test('Figure 4 has 21 points per curve on the same connection counts, 18 to 250,992', async (t) => {
  const counts = figure4['ix/10gbe'].map((p) => p.connections);
  t.equal(counts.length, 21);
  t.equal(counts[0], 18);
  t.equal(counts[20], 250_992);
  for (const curve of Object.values(figure4)) t.same(curve.map((p) => p.connections), counts);
});

t.test('the 10GbE points quoted in the issue match the data file', async (t) => {
  const quoted = [18, 144, 1296, 9936, 39744, 250992];
  const ix = [517_088, 3_826_024, 8_802_580, 8_802_545, 6_751_441, 5_979_416];
  const linux = [260_571, 1_042_236, 1_137_878, 795_653, 634_736, 648_115];
  const at = (key: 'ix/10gbe' | 'linux/10gbe', c: number) => figure4[key].find((p) => p.connections === c)?.messagesPerSec;
  t.same(quoted.map((c) => at('ix/10gbe', c)), ix);
  t.same(quoted.map((c) => at('linux/10gbe', c)), linux);
});

t.test('the paper text agrees: 47% of peak at 250,000 connections, 3.8M connections/s', async (t) => {
  const ix40 = figure4['ix/4x10gbe'];
  const peak = Math.max(...ix40.map((p) => p.messagesPerSec));
  t.equal(Math.floor((100 * ix40[20]!.messagesPerSec) / peak), 47);
  const churn16 = figure3['ix/4x10gbe'].find((p) => p.hyperthreads === 16 && p.roundTrips === 1 && p.messageBytes === 64);
  t.equal((churn16!.messagesPerSec / 1e6).toFixed(1), '3.8');
});

t.test('Figure 3 has the three panels for every curve', async (t) => {
  for (const [key, curve] of Object.entries(figure3)) {
    t.equal(curve.filter((p) => p.roundTrips === 1 && p.messageBytes === 64).length, 16, `${key} threads 1..16`);
    t.equal(curve.filter((p) => p.roundTrips !== 1).length, 8, `${key} n = 2..1024`);
    t.equal(curve.filter((p) => p.messageBytes !== 64).length, 4, `${key} sizes 256..8192`);
  }
});
