// The parallel search gives exactly the sequential search's answers: same statistics and coverage
// when the model holds, the same statistics and a counterexample of the same length when it does not, on hand-written
// models and on TLA+ specs of the corpus (compiled: each worker compiles the spec again from the
// resolved module it is sent, without parsing it).
import t from 'tap';
import { fromRepoRoot } from '../../../conventions/index.js';
import { checkModel } from './check.js';
import { resultCounts } from './result-counts.js';
import type { LoadedModel } from './model.js';
import { loadModel as loadHandWritten } from './hand-written-models.js';
import { loadModel, loadModelSource, specLoaderModules, type LoadModelArgs } from '../load.js';
import { WorkerPool } from './parallel-check.js';

const corpusSpec = (spec: string, config: string) => () =>
  loadModelSource({ spec: fromRepoRoot('tools/tla/corpus', spec), config: fromRepoRoot('tools/tla', config) });


const holding: [string, () => LoadedModel | Promise<LoadedModel>][] = [
  ['grid 40x30', () => loadHandWritten({ kind: 'grid', width: 40, height: 30, checkDeadlock: false })],
  ['3 counters 0..14', () => loadHandWritten({ kind: 'counters', count: 3, limit: 15 })],
  ['grid 60x60 under CONSTRAINT x+y <= 50', () => loadHandWritten({ kind: 'grid', width: 60, height: 60, checkDeadlock: false, maxSum: 50 })],
  ['TwoPhase.tla, 5 RMs', corpusSpec('TwoPhase.tla', 'check/fixtures/TwoPhase5.cfg')],
  ['MSICoherence.tla', corpusSpec('MSICoherence.tla', 'corpus/MSICoherence.cfg')],
];

for (const [name, load] of holding) {
  t.test(`${name}: 2 threads count exactly as 1`, async (t) => {
    const loaded = await load();
    const one = await checkModel(loaded, { workers: 1 });
    const two = await checkModel(loaded, { workers: 2, waitForWorkers: true });
    t.equal(one.result, 'holds');
    t.equal(two.stats.workers, 2, 'the search ran on both threads');
    t.same(resultCounts(two, false), resultCounts(one, false));
  });
}

const violated: [string, () => LoadedModel | Promise<LoadedModel>, string][] = [
  ['DieHard (hand-written)', () => loadHandWritten({ kind: 'dieHard', invariant: true }), 'invariant'],
  ['grid 30x20 deadlock', () => loadHandWritten({ kind: 'grid', width: 30, height: 20, checkDeadlock: true }), 'deadlock'],
  ['DieHard.tla', corpusSpec('DieHard.tla', 'corpus/DieHard.cfg'), 'invariant'],
  ['MSICoherenceStale', corpusSpec('MSICoherence.tla', 'corpus/MSICoherenceStale.cfg'), 'invariant'],
];

for (const [name, load, kind] of violated) {
  t.test(`${name}: 2 threads find a counterexample as short as 1 thread's`, async (t) => {
    const loaded = await load();
    const one = await checkModel(loaded, { workers: 1 });
    const two = await checkModel(loaded, { workers: 2, waitForWorkers: true });
    if (!('violation' in one) || !('violation' in two)) return t.fail(`expected violations, got ${one.result} and ${two.result}`);
    t.equal(two.stats.workers, 2, 'the search ran on both threads');
    t.equal(one.violation.kind, kind);
    t.equal(two.violation.kind, one.violation.kind);
    t.equal(two.violation.trace.length, one.violation.trace.length, 'shortest on both');
    t.equal(two.stats.depth, one.stats.depth, 'stopped in the same level');
    t.same(resultCounts(two, false), resultCounts(one, false), "one thread's counts");
    if (one.violation.kind === 'invariant' && two.violation.kind === 'invariant') t.equal(two.violation.name, one.violation.name);
    // Each step of the parallel trace is a successor of the previous one by the named action.
    const model = loaded.model;
    const steps = two.violation.trace;
    for (let i = 1; i < steps.length; i++) {
      const from = steps[i - 1]!.state;
      const to = model.fingerprint(steps[i]!.state);
      t.ok(
        Array.from(model.successors(from)).some((s) => model.fingerprint(s.state) === to && model.actions[s.action]!.name === steps[i]!.action?.name),
        `step ${i + 1} follows from step ${i}`,
      );
    }
  });
}

// At a finding, one thread's counts are those of the states before it in one thread's order; two
// threads that both expand part of the finding's level must not count what one thread never reached.
// This thread waits for the worker to expand its root first (`workerFirst`): both meet a finding.
const rootsCounts = { invariant: [4, 4, 2, 2], deadlock: [2, 2, 1, 1], error: [2, 2, 1, 1] } as const;
for (const [finding, [generated, distinct, left, depth]] of Object.entries(rootsCounts)) {
  t.test(`the roots' level, where both threads meet a finding (${finding}): one thread's counts, worked out by hand`, async (t) => {
    const one = await checkModel(loadHandWritten({ kind: 'twoRoots', finding: finding as keyof typeof rootsCounts }), { workers: 1 });
    const two = await checkModel(loadHandWritten({ kind: 'twoRoots', finding: finding as keyof typeof rootsCounts, workerFirst: new SharedArrayBuffer(4) }), { workers: 2, waitForWorkers: true });
    t.equal(two.stats.workers, 2, 'the search ran on both threads');
    for (const result of [one, two]) {
      t.equal(result.result, finding === 'error' ? 'error' : 'violated');
      t.same([result.stats.statesGenerated, result.stats.distinctStates, result.stats.queueLeft, result.stats.depth], [generated, distinct, left, depth], `${result.stats.workers} thread(s)`);
    }
    // Root 0's, the first one thread meets.
    t.same(two.result !== 'holds' && 'violation' in two ? two.violation.trace[0]?.state : null, [0, 0]);
  });
}

t.test("an invariant violated in a wide level: TLC's counts on 2 threads, every time", async (t) => {
  // TwoPhase with 5 RMs and NotMany == Cardinality({r \in RM : rmState[r] = "prepared"}) < 4:
  // TLC (-workers 1): 1222 states generated, 403 distinct states found, 279 states left on queue, depth 5.
  const loaded = loadHandWritten({ kind: 'twoPhase', rms: 5, preparedBelow: 4 });
  for (let run = 1; run <= 4; run++) {
    const two = await checkModel(loaded, { workers: 2, waitForWorkers: true });
    t.equal(two.stats.workers, 2, 'the search ran on both threads');
    t.same([two.result, two.stats.statesGenerated, two.stats.distinctStates, two.stats.queueLeft, two.stats.depth], ['violated', 1222, 403, 279, 5], `run ${run}`);
  }
});

t.test('workers are sent the resolved spec, and a model rebuilt from a structured clone of it checks the same', async (t) => {
  const loaded = await corpusSpec('TwoPhase.tla', 'check/fixtures/TwoPhase5.cfg')();
  const args = structuredClone(loaded.source.args) as LoadModelArgs;
  t.ok(args.resolved, 'the resolved module travels with the args');
  // The spec path is made unreadable: the rebuilt model must come from the resolved module alone.
  const rebuilt = await loadModel({ ...args, spec: '/nonexistent/TwoPhase.tla' });
  const original = await checkModel(loaded, { workers: 1 });
  const fromClone = await checkModel({ model: rebuilt, source: loaded.source }, { workers: 1 });
  t.same(resultCounts(fromClone, false), resultCounts(original, false));
});

t.test('a thread of a WorkerPool is given the model before the initial states are computed, so that it loads it meanwhile', async (t) => {
  const workerLoads = new SharedArrayBuffer(4);
  const loaded = loadHandWritten({ kind: 'grid', width: 40, height: 30, checkDeadlock: false, workerLoads });
  const one = await checkModel(loaded, { workers: 1 });
  // This thread's initial states wait (up to 10 s) for the worker to have built the model.
  let loadedMeanwhile = false;
  const model = {
    ...loaded.model,
    *initialStates() {
      loadedMeanwhile = Atomics.wait(new Int32Array(workerLoads), 0, 0, 10_000) !== 'timed-out';
      yield* loaded.model.initialStates();
    },
  };
  const pool = new WorkerPool(1, [loaded.source.module]);
  try {
    const two = await checkModel({ model, source: loaded.source }, { workers: 2, workerPool: pool });
    t.ok(loadedMeanwhile, 'the worker built the model while this thread computed the initial states');
    t.same(resultCounts(two, false), resultCounts(one, false));
  } finally {
    await pool.close();
  }
});

t.test('threads of a WorkerPool started before the spec is loaded search it, with the counts of 1 thread; the pool closes what was not taken', async (t) => {
  const pool = new WorkerPool(2, specLoaderModules);
  try {
    const loaded = await corpusSpec('TwoPhase.tla', 'check/fixtures/TwoPhase5.cfg')();
    const one = await checkModel(loaded, { workers: 1 });
    const two = await checkModel(loaded, { workers: 2, waitForWorkers: true, workerPool: pool });
    t.equal(two.stats.workers, 2, 'the search ran on both threads');
    t.same(resultCounts(two, false), resultCounts(one, false));
    const left = pool.take(2);
    t.equal(left.length, 1, 'the search took one thread of two');
    await Promise.all(left.map((w) => w.thread.terminate()));
  } finally {
    await pool.close();
  }
});
