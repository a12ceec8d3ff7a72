// The Clark et al. (NSDI 2005) reproduction's own parts, without the kernel (tools/cli/clark-2005.test.ts
// runs it on the kernel): the calibration reaches its points, the closed form stops for the reasons
// the paper describes, and the outputs carry every point.
import t from 'tap';
import { calibrateClark2005, clark2005Start, formatClark2005Json, formatClark2005Text, logLoss, measuredFromPlan, planFor, renderClark2005Svg, reproduceClark2005, roleOf } from './clark-2005.js';
import { clark2005Points } from './clark-2005-data.js';

const params = calibrateClark2005();

t.test('the calibration lowers the loss on its own points by far', async (t) => {
  const used = clark2005Points.filter((p) => roleOf(p) === 'calibration');
  const before = logLoss(clark2005Start, used);
  const after = logLoss(params, used);
  t.ok(after < before / 10, `log loss ${before.toFixed(3)} → ${after.toFixed(3)}`);
});

t.test('the closed form stops for the reasons the paper describes', async (t) => {
  t.equal(planFor('specweb99', params).stoppedBy, 'rate-above-maximum', 'SPECweb99 stops when its dirtying outruns the 500 Mbit/s maximum (18 MB left)');
  t.equal(planFor('quake3', params).stoppedBy, 'little-left', 'Quake 3 stops with under 256 KB left');
});

t.test('the result takes every number from the migration it is handed; text, JSON and SVG carry every point', async (t) => {
  // A stand-in for the kernel that doubles the closed form's downtime: every downtime point must show it.
  const result = await reproduceClark2005(async (workload, _process, policy) => {
    const m = measuredFromPlan(planFor(workload, params, policy));
    return { ...m, downtimeNs: 2 * m.downtimeNs };
  }, 'a stand-in', params);
  t.equal(result.points.length, clark2005Points.length);
  for (const p of result.points) {
    const ratio = p.model / p.closedForm;
    t.ok(Math.abs(ratio - (p.quantity === 'downtimeMs' ? 2 : 1)) < 1e-9, `${p.workload}/${p.quantity}: model ${p.model}, closed form ${p.closedForm}`);
    t.ok(Math.abs(p.error - (p.model / p.value - 1)) < 1e-12);
  }
  const text = formatClark2005Text(result);
  for (const p of clark2005Points) t.match(text, new RegExp(`${p.workload} +${p.quantity}`));
  t.match(text, /model: a stand-in/);
  t.match(text, /prediction: \d\/3 points within 15%/);
  const json = JSON.parse(formatClark2005Json(result)) as { points: Record<string, unknown>[] };
  t.same(Object.keys(json.points[0]!).sort(), ['checked', 'closedForm', 'error', 'model', 'quantity', 'role', 'source', 'value', 'workload']);
  const svg = renderClark2005Svg(result);
  t.match(svg, /^<svg /);
  t.equal((svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="14"/g) ?? []).length, clark2005Points.length, 'a bar per point');
});
