// The checker on hand-written models whose counts are worked out by hand (in each test's comment),
// on one thread and on worker threads, with TLC's meaning for every statistic.
import t from 'tap';
import { checkModel, type CheckOptions } from './check.js';
import { loadModel, type HandWrittenModelArgs } from './hand-written-models.js';
import type { CheckResult } from './check-result.js';
import { fromRepoRoot } from '../../../conventions/index.js';
import { loadModelSource } from '../load.js';

const run = (args: HandWrittenModelArgs, options: CheckOptions = {}) => checkModel(loadModel(args), options);
const counts = (r: CheckResult) => [r.stats.statesGenerated, r.stats.distinctStates, r.stats.depth, r.stats.queueLeft];
const traceOf = (r: CheckResult) => ('violation' in r ? r.violation.trace.map((s) => `${s.action?.name ?? 'Init'}:${s.state.join(',')}`) : []);

// With 2 workers, wait for them, so that the parallel search (not the start-up phase) is tested.
const parallel = (workers: number): CheckOptions => ({ workers, waitForWorkers: true });

for (const workers of [1, 2]) {
  t.test(`grid ${workers} worker(s): w·h states, 1 + (w-1)h + w(h-1) generated, depth w+h-1`, async (t) => {
    const r = await run({ kind: 'grid', width: 10, height: 7, checkDeadlock: false }, parallel(workers));
    t.equal(r.result, 'holds');
    t.same(counts(r), [1 + 9 * 7 + 10 * 6, 70, 16, 0]);
    t.equal(r.stats.workers, workers);
    t.same(r.coverage.map((c) => [c.name, c.generated]), [['IncX', 9 * 7], ['IncY', 10 * 6]], 'generated per action');
    t.equal(r.coverage[0]!.distinct + r.coverage[1]!.distinct, 69, 'every state but the initial one is found first by one action');
    if (workers === 1) {
      // A level lists states by decreasing x, so (x, y-1) is expanded before (x-1, y): IncY finds
      // every state off the y = 0 row first.
      t.same(r.coverage.map((c) => c.distinct), [9, 60]);
    }
  });

  t.test(`DieHard ${workers} worker(s): the shortest solution is 6 steps`, async (t) => {
    const r = await run({ kind: 'dieHard', invariant: true }, parallel(workers));
    t.equal(r.result, 'violated');
    if (r.result !== 'violated' || r.violation.kind !== 'invariant') throw new Error('expected an invariant violation');
    t.equal(r.violation.name, 'NotSolved');
    t.equal(r.violation.trace.length, 7, 'BFS: no 5-step solution exists');
    t.same(r.violation.trace[6]!.state, [3, 4]);
    // Every step of the trace is a real successor of the one before.
    const model = loadModel({ kind: 'dieHard', invariant: true }).model;
    for (let i = 1; i < r.violation.trace.length; i++) {
      const step = r.violation.trace[i]!;
      const succ = [...model.successors(r.violation.trace[i - 1]!.state)].find((s) => model.actions[s.action]!.name === step.action!.name);
      t.same(succ?.state, step.state, `step ${i} is ${step.action!.name}`);
    }
  });

  t.test(`DieHard ${workers} worker(s) without the invariant: TLC's 97 generated, 16 distinct, depth 8`, async (t) => {
    const r = await run({ kind: 'dieHard', invariant: false }, parallel(workers));
    t.same([r.result, ...counts(r)], ['holds', 97, 16, 8, 0]);
  });

  t.test(`deadlock ${workers} worker(s): the far corner after w+h-1 states`, async (t) => {
    const r = await run({ kind: 'grid', width: 4, height: 3, checkDeadlock: true }, parallel(workers));
    t.equal(r.result, 'violated');
    t.equal('violation' in r && r.violation.kind, 'deadlock');
    const trace = traceOf(r);
    t.equal(trace.length, 6);
    t.equal(trace[5], 'IncY:3,2');
  });

  t.test(`evaluation error ${workers} worker(s): result error with the trace to the failing state`, async (t) => {
    const r = await run({ kind: 'counter', limit: 5, failAt: 3 }, parallel(workers));
    t.equal(r.result, 'error');
    if (r.result !== 'error') return;
    t.equal(r.violation.diagnostics[0]!.code, 'E3001');
    t.same(traceOf(r), ['Init:0', 'Inc:1', 'Inc:2', 'Inc:3']);
  });

  t.test(`table growth ${workers} worker(s): a 16-slot table grows to hold 200x200 states`, async (t) => {
    const r = await run({ kind: 'grid', width: 200, height: 200, checkDeadlock: false }, { ...parallel(workers), initialCapacity: 16 });
    t.same(counts(r), [1 + 2 * 199 * 200, 40_000, 399, 0]);
    t.ok(r.stats.fingerprintBytesPerState <= 16.5, `bytes per state ${r.stats.fingerprintBytesPerState}`);
  });
}

t.test('a counter stops in a deadlock after limit+1 states', async (t) => {
  const r = await run({ kind: 'counter', limit: 4 });
  t.same(traceOf(r), ['Init:0', 'Inc:1', 'Inc:2', 'Inc:3', 'Inc:4']);
});

t.test('CONSTRAINT: states outside are not kept (TLC), but their generation counts', async (t) => {
  // x + y <= 3 keeps 1+2+3+4 = 10 states; each of them generates 2 successors.
  const r = await run({ kind: 'grid', width: 10, height: 10, checkDeadlock: false, maxSum: 3 });
  t.same(counts(r), [1 + 10 * 2, 10, 4, 0]);
});

t.test('ACTION_CONSTRAINT: the step (0,0) -> (0,1) is discarded', async (t) => {
  // (0,1) is still reached through (1,1)? No: only IncX/IncY, so (0,y>0) is unreachable: 3x3 minus 2.
  const r = await run({ kind: 'grid', width: 3, height: 3, checkDeadlock: false, noDiagonalFromOrigin: true });
  t.equal(r.stats.distinctStates, 7);
});

t.test('VIEW: states with the same x are one state', async (t) => {
  // Only (x, 0) states are expanded: 10 of them; each generates IncY and all but the last IncX.
  const r = await run({ kind: 'grid', width: 10, height: 7, checkDeadlock: false, viewXOnly: true });
  t.same(counts(r), [1 + 10 + 9, 10, 10, 0]);
});

t.test('max-states and time limit stop with unknown and partial statistics', async (t) => {
  const byStates = await run({ kind: 'grid', width: 500, height: 500, checkDeadlock: false }, { maxStates: 1000 });
  t.equal(byStates.result, 'unknown');
  t.equal(byStates.result === 'unknown' && byStates.reason, 'max-states');
  t.ok(byStates.stats.distinctStates >= 1000 && byStates.stats.queueLeft > 0);
  const cpuBefore = process.cpuUsage();
  const byTime = await run({ kind: 'grid', width: 3000, height: 3000, checkDeadlock: false }, { timeLimitMs: 100 });
  const { user, system } = process.cpuUsage(cpuBefore);
  t.equal(byTime.result === 'unknown' && byTime.reason, 'time-limit');
  // CPU time, not the run's wall-clock duration, which load inflates: a search that ignored the
  // limit would spend minutes of CPU on the 9,000,000 states.
  t.ok((user + system) / 1000 < 2000, `stopped after ${((user + system) / 1000).toFixed(0)} ms of CPU (${byTime.stats.durationMs} ms of wall-clock time)`);
});

for (const workers of [1, 2]) {
  t.test(`an AbortSignal (Ctrl-C) stops ${workers} worker(s) with 'interrupted'`, async (t) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await run({ kind: 'grid', width: 3000, height: 3000, checkDeadlock: false }, { ...parallel(workers), signal: controller.signal });
    t.equal(r.result === 'unknown' && r.reason, 'interrupted');
    t.ok(r.stats.distinctStates > 0);
  });
}

t.test('progress is reported with TLC-meaning counters', async (t) => {
  const reports: number[] = [];
  await run({ kind: 'grid', width: 200, height: 200, checkDeadlock: false }, { progressIntervalMs: 0, onProgress: (p) => reports.push(p.distinctStates) });
  t.ok(reports.length > 1);
  t.ok(reports.every((n, i) => i === 0 || n >= reports[i - 1]!), 'distinct states never decrease');
});

t.test('default parallel mode: this thread starts, workers take over mid-search, same counts', async (t) => {
  // 4 counters 0..17: 18^4 states; each state generates one successor per counter below 17, so
  // 4·17·18^3 successors in all, plus the initial state; depth 4·17 + 1.
  const r = await run({ kind: 'counters', count: 4, limit: 18 }, { workers: 2 });
  t.same([r.result, ...counts(r)], ['holds', 1 + 4 * 17 * 18 ** 3, 18 ** 4, 4 * 17 + 1, 0]);
  t.same(
    r.coverage.map((c) => c.generated),
    [0, 1, 2, 3].map(() => 17 * 18 ** 3),
  );
  t.equal(r.coverage.reduce((sum, c) => sum + c.distinct, 0), 18 ** 4 - 1);
});

t.test('a worker whose fingerprints differ from the coordinator\'s fails loudly instead of miscounting', async (t) => {
  // 200x200: levels grow past the size at which states move between threads.
  const error = await run({ kind: 'grid', width: 200, height: 200, checkDeadlock: false, fingerprintDependsOnThread: true }, parallel(2)).then(
    () => null,
    (e: unknown) => e as Error,
  );
  t.match(error?.message, /computes another fingerprint than the coordinator/);
});

t.test('the hand-written TwoPhase (the benchmarks baseline) explores what TwoPhase.tla does', async (t) => {
  // TLC's published figures for 3 RMs (tlaplus/Examples manifest): 288 distinct, 1146 generated, depth 11.
  const three = await run({ kind: 'twoPhase', rms: 3 });
  t.equal(three.result, 'holds');
  t.same(counts(three), [1146, 288, 11, 0]);
  // 5 RMs against the spec itself, per action.
  const spec = await checkModel(await loadModelSource({ spec: fromRepoRoot('tools/tla/corpus/TwoPhase.tla'), config: fromRepoRoot('tools/tla/check/fixtures/TwoPhase5.cfg') }));
  const hand = await run({ kind: 'twoPhase', rms: 5 });
  t.same(counts(hand), counts(spec));
  t.same(hand.coverage.map((c) => [c.name, c.generated]), spec.coverage.map((c) => [c.name, c.generated]));
});
