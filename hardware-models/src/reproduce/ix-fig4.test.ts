// The Figure 4 reproduction: the calibrated model stays within the stated error bound on every
// 10GbE point of the paper's data, the JSON has the documented shape, and the plot is drawn.
import t from 'tap';
import { reproduceIxFig4, formatIxFig4Json, formatIxFig4Text, errorGoal } from './ix-fig4.js';
import { renderIxFig4Svg } from './ix-fig4-svg.js';
import { figure4 } from './ix-2014-data.js';

const seed = 1;
// 20,000 echoes per point: shorter windows still carry start-up transients (10,000 puts Linux at 2,160
// connections at +16 %).
const calibrated = reproduceIxFig4({ seed, measuredMessages: 20_000, curves: ['ix/10gbe', 'linux/10gbe'] });

t.test(`every 10GbE point is within ${errorGoal * 100}% of the paper (seed ${seed})`, async (t) => {
  t.equal(calibrated.points.length, figure4['ix/10gbe'].length + figure4['linux/10gbe'].length);
  for (const p of calibrated.points) {
    t.ok(
      Math.abs(p.error) <= errorGoal,
      `${p.stack}/${p.nic} at ${p.connections} connections: model ${p.model}, paper ${p.paper}, error ${(p.error * 100).toFixed(1)}% (seed ${seed})`,
    );
  }
});

t.test('the JSON output is one object whose points carry the documented fields', async (t) => {
  const parsed = JSON.parse(formatIxFig4Json(calibrated)) as { points: Record<string, unknown>[] };
  t.same(Object.keys(parsed.points[0]!).sort(), ['connections', 'error', 'model', 'nic', 'paper', 'role', 'stack']);
  t.ok(parsed.points.every((p) => p.role === 'calibration'));
});

t.test('the text table has one row per connection count and a summary per curve', async (t) => {
  const text = formatIxFig4Text(calibrated);
  t.match(text, /250,992 +5,979,416/);
  t.match(text, /ix\/10gbe \(calibrated\): \d+\/21 points within 15%/);
});

t.test('the SVG has both stacks, both NICs in the legend, and a marker per paper point', async (t) => {
  const full = { ...calibrated, points: [...calibrated.points, ...calibrated.points.map((p) => ({ ...p, nic: '4x10gbe' as const }))] };
  const svg = renderIxFig4Svg(full);
  t.match(svg, /^<svg /);
  for (const label of ['IX 10GbE', 'IX 4x10GbE', 'Linux 10GbE', 'Linux 4x10GbE']) t.match(svg, label);
  t.equal((svg.match(/<circle /g) ?? []).length, 42 + 2, '42 points + 2 legend markers for 10GbE');
  t.equal((svg.match(/<rect x=/g) ?? []).length, 42 + 2 + 1, '42 points + 2 legend markers for 4x10GbE + the frame');
});

t.test('an aborted run returns the points done so far', async (t) => {
  const controller = new AbortController();
  controller.abort();
  t.same(reproduceIxFig4({ seed, measuredMessages: 1000, signal: controller.signal }).points, []);
});
