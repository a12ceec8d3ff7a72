// Random simulation: deterministic from the seed, finds reachable violations, respects depth.
import t from 'tap';
import { simulateModel } from './simulate.js';
import { loadModel } from './hand-written-models.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { loadModelSource } from '../load.js';
import { fromRepoRoot, temporaryFolder } from '../../../conventions/index.js';

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
    // threadsAfterWorkMs 0: the other threads start at once, not only once the work left is worth it.
    for (const workers of [2, 3]) t.equal(withoutTime(await simulateModel(loaded, { ...options, workers, threadsAfterWorkMs: 0 })), withoutTime(one), `${loaded.model.name} on ${workers} threads`);
  }
});

// Specs through the front end, whose models build one random successor (Model.randomSuccessors).
const pickSpec = `---- MODULE Pick ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\\ y = 0
Big == \\E i \\in 1..10 : i > 5 /\\ x' = i /\\ y' = y
Side == y' \\in {100, 200} /\\ x' = x
Next == Big \\/ Side
====
`;

async function loadSpec(text: string, cfg: string, mode: 'compiled' | 'interpreted' = 'compiled') {
  const dir = temporaryFolder('cloudos-simulate-');
  const name = /MODULE (\w+)/.exec(text)![1]!;
  writeFileSync(join(dir, `${name}.tla`), text);
  return loadModelSource({ spec: join(dir, `${name}.tla`), configText: cfg, mode });
}

t.test('a random successor is drawn branch by branch: every successor reachable, each branch uniform among the enabled ones', async (t) => {
  for (const mode of ['compiled', 'interpreted'] as const) {
    const { model } = await loadSpec(pickSpec, 'INIT Init\nNEXT Next\n', mode);
    const init = [...model.initialStates()][0]!;
    const rng = xoroshiro128plus(42);
    const random = (n: number) => uniformInt(rng, 0, n - 1);
    // Refusing every successor visits each exactly once: the random order is a whole enumeration.
    const visited: string[] = [];
    t.notOk(model.randomSuccessors!(init, random, (s) => (visited.push(`${s.action}:${s.state.join()}`), false)));
    t.same(visited.sort(), [...model.successors(init)].map((s) => `${s.action}:${s.state.join()}`).sort(), `${mode}: the same successors as successors()`);
    const counts = new Map<string, number>();
    const draws = 4000;
    for (let i = 0; i < draws; i++) {
      model.randomSuccessors!(init, random, (s) => (counts.set(s.state.join(), (counts.get(s.state.join()) ?? 0) + 1), true));
    }
    // Big and Side each half the time; Big's i uniform over the five enabled values, Side's y' over two.
    const expected = new Map([...[6, 7, 8, 9, 10].map((i) => [`${i},0`, draws / 10] as const), ['0,100', draws / 4], ['0,200', draws / 4]]);
    t.same([...counts.keys()].sort(), [...expected.keys()].sort(), `${mode}: only enabled branches are taken`);
    for (const [state, n] of expected) t.ok(Math.abs(counts.get(state)! - n) < n * 0.2, `${mode}: ${state} drawn ${counts.get(state)} times, expected ≈${n}`);
  }
});

t.test('simulating a spec: real steps, the same behaviours compiled and interpreted, deadlock and ACTION_CONSTRAINT as before', async (t) => {
  const counter = `---- MODULE Counter ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == \\E d \\in 1..3 : x + d <= 12 /\\ x' = x + d
Small == x < 11
====
`;
  const results = [];
  for (const mode of ['compiled', 'interpreted'] as const) {
    const { model } = await loadSpec(counter, 'INIT Init\nNEXT Next\nINVARIANT Small\n', mode);
    const r = await simulateModel(model, { seed: 4, depth: 30, num: 100 });
    if (r.result !== 'violated') throw new Error(`expected a violation, got ${r.result}`);
    const trace = r.violation.trace;
    t.ok((trace[trace.length - 1]!.state[0] as number) >= 11);
    for (let i = 1; i < trace.length; i++) t.ok([...model.successors(trace[i - 1]!.state)].some((s) => s.state.join() === trace[i]!.state.join()), `${mode}: step ${i} is a step of Next`);
    results.push(JSON.stringify({ behaviour: r.behaviour, states: trace.map((s) => s.state), stats: { ...r.stats, durationMs: 0 } }));
  }
  t.equal(results[0], results[1], 'compiled and interpreted draw the same behaviours from the seed');

  // No invariant: every behaviour ends in the deadlock at 12 (depth permitting).
  const { model: deadlocking } = await loadSpec(counter, 'INIT Init\nNEXT Next\n');
  const dead = await simulateModel(deadlocking, { seed: 4, depth: 30, num: 10 });
  t.match(dead, { result: 'violated', behaviour: 1, violation: { kind: 'deadlock' } });
  if (dead.result === 'violated') t.equal(dead.violation.trace[dead.violation.trace.length - 1]!.state[0], 12);

  // Steps of 1 are outside the ACTION_CONSTRAINT: none is taken, and at 11 (only +1 left) the behaviour ends without deadlock.
  const { model: constrained } = await loadSpec(counter.replace('====', "BigSteps == x' - x >= 2\nAtEleven == x # 11\n===="), 'INIT Init\nNEXT Next\nINVARIANT AtEleven\nACTION_CONSTRAINT BigSteps\nCHECK_DEADLOCK FALSE\n');
  const r = await simulateModel(constrained, { seed: 4, depth: 30, num: 200 });
  if (r.result !== 'violated') throw new Error(`expected some behaviour to reach 11, got ${r.result}`);
  const trace = r.violation.trace;
  for (let i = 1; i < trace.length; i++) t.ok((trace[i]!.state[0] as number) - (trace[i - 1]!.state[0] as number) >= 2, `step ${i} satisfies the ACTION_CONSTRAINT`);
});

t.test('the bank of the benchmark: one successor built per step of 132, and the same run on 1 and 2 threads', async (t) => {
  // Bank.tla: every state has 132 successors (4 x 3 account pairs, amounts 0..balance summing to 40).
  const loaded = await loadModelSource({ spec: fromRepoRoot('tools/tla/check/fixtures/Bank.tla'), config: fromRepoRoot('tools/tla/check/fixtures/Bank.cfg') });
  const init = [...loaded.model.initialStates()][0]!;
  t.equal([...loaded.model.successors(init)].length, 132);
  const withoutTime = (r: Awaited<ReturnType<typeof simulateModel>>) => JSON.stringify({ ...r, stats: { ...r.stats, durationMs: 0 } });
  const one = await simulateModel(loaded, { seed: 3, depth: 21, num: 200, workers: 1 });
  t.match(one, { result: 'holds', stats: { behaviours: 200, statesGenerated: 1 + 200 * 20, maxLength: 21 } }, 'the initial state, then one successor per step');
  t.equal(withoutTime(await simulateModel(loaded, { seed: 3, depth: 21, num: 200, workers: 2, threadsAfterWorkMs: 0 })), withoutTime(one), 'a worker thread running the spec gives the one-thread result');
});
