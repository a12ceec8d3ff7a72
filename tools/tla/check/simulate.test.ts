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

t.test('temporal properties are checked on each behaviour: a lasso or a stuttering end that violates one is reported', async (t) => {
  // x cycles 0 → 1 → 2 → 0: every behaviour of 5 or more states comes back to 0 (a lasso).
  const unfair = loadModel({ kind: 'cycle', fair: false, property: 'infinitelyOften' }).model;
  const r = await simulateModel(unfair, { seed: 1, depth: 10, num: 5 });
  t.equal(r.result, 'violated', 'without fairness, stuttering in 1 forever is a behaviour that leaves 0');
  if (r.result === 'violated' && r.violation.kind === 'property') {
    t.equal(r.violation.form, 'liveness');
    t.equal(r.violation.name, 'Prop');
    t.same(r.violation.loop, { kind: 'stuttering' });
  }
  const fair = await simulateModel(loadModel({ kind: 'cycle', fair: true, property: 'infinitelyOften' }).model, { seed: 1, depth: 10, num: 50 });
  t.match(fair, { result: 'holds', stats: { behaviours: 50, lassos: 50 } }, 'under WF(Inc) every behaviour is the fair 3-cycle');
  const always = await simulateModel(loadModel({ kind: 'cycle', fair: true, property: 'eventuallyAlways' }).model, { seed: 1, depth: 10, num: 5 });
  t.equal(always.result === 'violated' && always.violation.kind === 'property' && always.violation.loop?.kind, 'back', '<>[](x = 0) fails on the cycle itself');
  // Too short to come back: no lasso, and under fairness the end may not stutter, so no verdict.
  const short = await simulateModel(loadModel({ kind: 'cycle', fair: true, property: 'eventuallyAlways' }).model, { seed: 1, depth: 3, num: 5 });
  t.match(short, { result: 'holds', stats: { lassos: 0 } });
});

t.test('a temporal property is checked under strong fairness only on behaviours where it can fail', async (t) => {
  // <>(y = 1) fails under WF(Grant) (Grant is enabled every other state) and holds under SF(Grant).
  const weak = await simulateModel(loadModel({ kind: 'toggle', grantFairness: 'weakFair' }).model, { seed: 2, depth: 30, num: 200 });
  const strong = await simulateModel(loadModel({ kind: 'toggle', grantFairness: 'strongFair' }).model, { seed: 2, depth: 30, num: 200 });
  t.equal(weak.result, 'violated');
  t.equal(strong.result, 'holds');
});

t.test('unsupported temporal forms are refused before simulating, as by check', async (t) => {
  await t.rejects(simulateModel(loadModel({ kind: 'cycle', fair: false, property: 'unsupported' }).model, { seed: 1 }), /E5001/);
});

t.test('on 2 and 3 threads the result is the one-thread result: same violation, behaviour number and counts', async (t) => {
  const withoutTime = (r: Awaited<ReturnType<typeof simulateModel>>) => JSON.stringify({ ...r, stats: { ...r.stats, durationMs: 0 } });
  const cases = [
    loadModel({ kind: 'dieHard', invariant: true }),
    loadModel({ kind: 'grid', width: 50, height: 50, checkDeadlock: false }),
    loadModel({ kind: 'toggle', grantFairness: 'weakFair' }),
  ];
  for (const loaded of cases) {
    const options = { seed: 5, depth: 30, num: 300 };
    const one = await simulateModel(loaded, { ...options, workers: 1 });
    for (const workers of [2, 3]) t.equal(withoutTime(await simulateModel(loaded, { ...options, workers })), withoutTime(one), `${loaded.model.name} on ${workers} threads`);
  }
});
