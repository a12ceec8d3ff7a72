// The Clark et al. (NSDI 2005) reproduction: the calibration reaches its points, every point is
// within the 15 % goal except the misses README.md explains (listed here, so a fix or a new miss
// fails the test), the outputs carry every point, and the plot has a bar per point.
import t from 'tap';
import { calibrateClark2005, clark2005ErrorGoal, formatClark2005Json, formatClark2005Text, logLoss, clark2005Start, renderClark2005Svg, reproduceClark2005, roleOf } from './clark-2005.js';
import { clark2005Points } from './clark-2005-data.js';

const params = calibrateClark2005();
const result = reproduceClark2005(params);
/** Explained in README.md: the discrete stop of Quake 3's rounds, Quake 3's start-up and the diabolical workload's final copy. */
const knownMisses = ['quake3/stopAndCopyMiB', 'quake3/downtimeMs', 'diabolical/downtimeMs'];

t.test('the calibration lowers the loss on its own points by far', async (t) => {
  const used = clark2005Points.filter((p) => roleOf(p) === 'calibration');
  const before = logLoss(clark2005Start, used);
  const after = logLoss(params, used);
  t.ok(after < before / 10, `log loss ${before.toFixed(3)} → ${after.toFixed(3)}`);
});

t.test(`every point is within ${clark2005ErrorGoal * 100}% except the explained misses`, async (t) => {
  t.equal(result.points.length, clark2005Points.length);
  for (const p of result.points) {
    const id = `${p.workload}/${p.quantity}`;
    const within = Math.abs(p.error) <= clark2005ErrorGoal;
    t.equal(within, !knownMisses.includes(id), `${id} (${p.role}): paper ${p.value}, model ${p.model.toFixed(4)}, error ${(p.error * 100).toFixed(1)}%`);
  }
  t.ok(result.points.some((p) => p.role === 'prediction' && Math.abs(p.error) <= clark2005ErrorGoal), 'at least one prediction lands');
});

t.test('the plans stop for the reasons the paper describes', async (t) => {
  t.equal(result.plans.specweb99.stoppedBy, 'rate-above-maximum', 'SPECweb99 stops when its dirtying outruns the 500 Mbit/s maximum (18 MB left)');
  t.equal(result.plans.quake3.stoppedBy, 'little-left', 'Quake 3 stops with under 256 KB left');
});

t.test('text, JSON and SVG carry every point', async (t) => {
  const text = formatClark2005Text(result);
  for (const p of clark2005Points) t.match(text, new RegExp(`${p.workload} +${p.quantity}`));
  t.match(text, /prediction: \d\/3 points within 15%/);
  const json = JSON.parse(formatClark2005Json(result)) as { points: Record<string, unknown>[] };
  t.same(Object.keys(json.points[0]!).sort(), ['checked', 'error', 'model', 'quantity', 'role', 'source', 'value', 'workload']);
  const svg = renderClark2005Svg(result);
  t.match(svg, /^<svg /);
  t.equal((svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="14"/g) ?? []).length, clark2005Points.length, 'a bar per point');
});
