// A stop (time limit, Ctrl-C) is honoured inside a state whose evaluation takes long: polled inside
// the evaluation (EvaluationInterrupted), and between the successors or initial states of a slow
// state (the event loop turns, so the signal handler runs); the search stops between states and
// its checkpoint resumes to the counts of an uninterrupted run.
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkModel } from './check.js';
import { integerModel } from './hand-written-models.js';
import { readCheckpoint, type CheckpointIdentity } from './checkpoint.js';
import { resultCounts } from './result-counts.js';
import type { Model } from './model.js';
import type { CheckResult } from './check-result.js';
import { loadModelSource } from '../load.js';
import { pollInterrupt } from '../values/index.js';
import { fromRepoRoot } from '../../../conventions/index.js';

const spec = fromRepoRoot('tools/tla/check/fixtures/SlowState.tla');

for (const mode of ['compiled', 'interpreted'] as const) {
  for (const workers of [1, 2]) {
    t.test(`${mode}, ${workers} thread(s): a time limit stops the check inside an invariant that would take hours`, async (t) => {
      const loaded = await loadModelSource({ spec, mode });
      // x = 0, 1 and 2 found, x = 2 stopped in its invariant, unless the limit came first (a loaded
      // machine, or workers starting slowly): then the check is run again with 4 times the limit,
      // so that load delays the test rather than failing it.
      let r: CheckResult;
      for (let timeLimitMs = workers === 1 ? 300 : 3000; ; timeLimitMs *= 4) {
        r = await checkModel(loaded, { workers, waitForWorkers: true, timeLimitMs });
        t.match(r, { result: 'unknown', reason: 'time-limit' }, `stopped by the limit of ${timeLimitMs} ms`);
        if (r.stats.distinctStates === 3 || timeLimitMs >= 48_000) break;
        t.ok(r.stats.distinctStates < 3, `${r.stats.distinctStates} distinct states: the limit came first`);
      }
      t.equal(r.stats.distinctStates, 3, 'stopped inside the invariant of x = 2');
    });
  }
}

/** Waits `ms` on the clock: an invariant that takes at least a slice (SLICE_MS, 50 ms) on any machine. */
const busyWait = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

/**
 * A model whose states 1..200 each take 60 ms to check; checking state 1 schedules Ctrl-C, which
 * only an event-loop turn delivers. `initial`: those are its initial states; otherwise the successors of 0.
 */
function slowStates(initial: boolean, controller: AbortController, checked: number[]): Model {
  const slow = Array.from({ length: 200 }, (_, i) => [i + 1]);
  return integerModel({
    name: 'SlowStates',
    variables: ['x'],
    init: initial ? slow : [[0]],
    actions: [{ name: 'Spread', next: (s) => (s[0] === 0 ? slow : []) }],
    checkDeadlock: false,
    invariants: [
      {
        name: 'Slow',
        holds: (s) => {
          if (s[0] === 0) return true;
          checked.push(s[0]!);
          if (s[0] === 1) setImmediate(() => controller.abort());
          busyWait(60);
          return true;
        },
      },
    ],
  });
}

for (const initial of [true, false]) {
  t.test(`Ctrl-C between slow ${initial ? 'initial states' : 'successors of one state'} stops after a slice, not after all 200 (12 s)`, async (t) => {
    const controller = new AbortController();
    const checked: number[] = [];
    const r = await checkModel(slowStates(initial, controller, checked), { signal: controller.signal });
    t.match(r, { result: 'unknown', reason: 'interrupted' });
    t.ok(checked.length <= 3, `${checked.length} slow states checked`);
    if (!initial) {
      // The half-expanded state 0 is back on the queue, its successors out of the generated count;
      // those checked are queued for the next level.
      t.same([r.stats.statesGenerated, r.stats.queueLeft], [1, 1 + checked.length]);
    }
  });
}

t.test('a search stopped inside an invariant leaves a checkpoint that resumes to the counts of an uninterrupted run', async (t: Test) => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudos-interrupt-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const identity: CheckpointIdentity = { spec: 'hand-written', digest: 'd1' };
  const controller = new AbortController();
  let armed = false;
  let finished = false;
  // A 6x6 grid; the invariant of (2, 3), the second successor of (2, 2), asks to stop and then runs
  // for ever but for the poll.
  const grid = (): Model =>
    integerModel({
      name: 'Grid',
      variables: ['x', 'y'],
      init: [[0, 0]],
      actions: [
        { name: 'IncX', next: (s) => (s[0]! < 5 ? [[s[0]! + 1, s[1]!]] : []) },
        { name: 'IncY', next: (s) => (s[1]! < 5 ? [[s[0]!, s[1]! + 1]] : []) },
      ],
      checkDeadlock: false,
      invariants: [
        {
          name: 'StopAt23',
          holds: (s) => {
            if (!armed || s[0] !== 2 || s[1] !== 3) return true;
            armed = false;
            controller.abort();
            for (let i = 0; i < 1e12; i++) pollInterrupt();
            finished = true;
            return true;
          },
        },
      ],
    });
  const uninterrupted = await checkModel(grid(), {});
  t.equal(uninterrupted.stats.distinctStates, 36);
  armed = true;
  const stopped = await checkModel(grid(), { signal: controller.signal, checkpoint: { dir, intervalMs: 3_600_000, identity } });
  t.match(stopped, { result: 'unknown', reason: 'interrupted' });
  t.notOk(finished, 'the evaluation was interrupted');
  const model = grid();
  const resumed = await checkModel(model, { resume: readCheckpoint(model, dir, identity) });
  t.same(resultCounts(resumed, true), resultCounts(uninterrupted, true));
});
