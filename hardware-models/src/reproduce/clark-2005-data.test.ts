// The transcription of Clark et al. (NSDI 2005) is consistent with itself: the ratios the figures
// print beside the totals, the downtimes' split into copy and start-up, a source on every number.
import t from 'tap';
import { clark2005DowntimeSplit, clark2005Points, clark2005Setups } from './clark-2005-data.js';

const value = (workload: string, quantity: string) => clark2005Points.find((p) => p.workload === workload && p.quantity === quantity)!.value;
const memory = (workload: string) => clark2005Setups.find((s) => s.workload === workload)!.memoryMiB;

t.test('every point names its source and belongs to a workload with a setup', async (t) => {
  for (const p of clark2005Points) {
    t.ok(p.source.length > 10, `${p.workload}/${p.quantity} has a source`);
    t.ok(clark2005Setups.some((s) => s.workload === p.workload), `${p.workload} has a setup`);
  }
  t.same(clark2005Points.filter((p) => p.checked).map((p) => `${p.workload}/${p.quantity}`), ['specweb99/downtimeMs', 'quake3/downtimeMs'], 'only the two downtimes of section 1 were checked against a copy of the text');
});

t.test('the totals match the multiples of the memory the figures print beside them (x1.20, x1.37)', async (t) => {
  t.equal((value('specweb99', 'totalMiB') / memory('specweb99')).toFixed(2), '1.20');
  t.equal((value('quake3', 'totalMiB') / memory('quake3')).toFixed(2), '1.38', '88/64 = 1.375, printed as x1.37');
});

t.test("the downtimes are the figures' copy plus start-up times", async (t) => {
  t.equal(clark2005DowntimeSplit.specweb99.copyMs + clark2005DowntimeSplit.specweb99.startupMs, value('specweb99', 'downtimeMs'));
  t.equal(clark2005DowntimeSplit.quake3.copyMs + clark2005DowntimeSplit.quake3.startupMs, value('quake3', 'downtimeMs'));
});
