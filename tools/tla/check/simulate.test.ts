// Random simulation: deterministic from the seed, finds reachable violations, respects depth.
import t from 'tap';
import { simulateModel } from './simulate.js';
import { loadModel } from './hand-written-models.js';

t.test('the same seed gives the same behaviours; another seed other ones', async (t) => {
  const { model } = loadModel({ kind: 'dieHard', invariant: true });
  const a = await simulateModel(model, { seed: 7, depth: 30, num: 200 });
  const b = await simulateModel(model, { seed: 7, depth: 30, num: 200 });
  t.equal(a.result, 'violated', 'DieHard is solved by some random walk in 200 tries');
  t.same(JSON.stringify({ ...a, stats: { ...a.stats, durationMs: 0 } }), JSON.stringify({ ...b, stats: { ...b.stats, durationMs: 0 } }));
  const c = await simulateModel(model, { seed: 8, depth: 30, num: 200 });
  t.not(JSON.stringify('violation' in c && c.violation.trace), JSON.stringify('violation' in a && a.violation.trace));
});

t.test('a violating behaviour is a real behaviour ending in the bad state', async (t) => {
  const { model } = loadModel({ kind: 'dieHard', invariant: true });
  const r = await simulateModel(model, { seed: 1, depth: 50, num: 500 });
  if (r.result !== 'violated') throw new Error(`expected a violation, got ${r.result}`);
  const trace = r.violation.trace;
  t.same(trace[trace.length - 1]!.state[1], 4);
  for (let i = 1; i < trace.length; i++) {
    t.ok([...model.successors(trace[i - 1]!.state)].some((s) => s.state.join() === trace[i]!.state.join()), `step ${i}`);
  }
  t.ok(r.behaviour >= 1 && r.behaviour <= 500);
});

t.test('behaviours stop at the depth; a correct model passes', async (t) => {
  const { model } = loadModel({ kind: 'grid', width: 1000, height: 1000, checkDeadlock: true });
  const r = await simulateModel(model, { seed: 3, depth: 25, num: 20 });
  t.equal(r.result, 'holds');
  t.equal(r.stats.maxLength, 25);
  t.equal(r.stats.behaviours, 20);
});

t.test('deadlock is found by simulation', async (t) => {
  const { model } = loadModel({ kind: 'counter', limit: 3 });
  const r = await simulateModel(model, { seed: 3, depth: 100, num: 1 });
  t.equal(r.result === 'violated' && r.violation.kind, 'deadlock');
  t.equal('violation' in r && r.violation.trace.length, 4);
});

t.test('an aborted signal stops with unknown', async (t) => {
  const { model } = loadModel({ kind: 'dieHard', invariant: false });
  const controller = new AbortController();
  controller.abort();
  const r = await simulateModel(model, { seed: 3, signal: controller.signal });
  t.equal(r.result === 'unknown' && r.reason, 'interrupted');
});
