// The queue spills past its memory budget and gives the same states back in the same order; a
// search with a tiny budget counts exactly as one that holds everything in memory.
import t, { type Test } from 'tap';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueBudget, estimateHeapBytes, type QueueEntry } from './state-queue.js';
import { checkModel } from './check.js';
import { resultCounts } from './result-counts.js';
import { loadModel } from './hand-written-models.js';
import { readCheckpoint } from './checkpoint.js';

/** A temporary directory removed when test `t` ends. */
function scratchDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudos-queue-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const codec = loadModel({ kind: 'counters', count: 2, limit: 100 }).model;
const entry = (i: number): QueueEntry => ({ state: [i, i + 1], fp: BigInt(i + 1) });

t.test('past the budget whole chunks go to disk, and come back first in, first out', async (t) => {
  const spillDir = scratchDir(t);
  const budget = new QueueBudget(codec, { budgetBytes: 1, chunkStates: 4, spillDir });
  const queue = budget.newQueue();
  for (let i = 0; i < 50; i++) queue.push(entry(i));
  const stats = budget.statistics();
  t.ok(stats.spilledStates >= 40, `spilled ${stats.spilledStates}`);
  t.ok(budget.inMemory <= 8, 'at most two chunks in memory');
  t.ok(stats.diskBytesPerState > 0 && stats.memoryBytesPerState > 0);
  t.equal(queue.length, 50);
  t.same(queue.takeFromEnd(6).map((e) => e.state[0]), [44, 45, 46, 47, 48, 49], 'the end, in order');
  t.same([...queue.chunksInOrder()].flat().map((e) => e.state[0]), Array.from({ length: 44 }, (_, i) => i), 'read without removing');
  const out: number[] = [];
  for (let i = 0; i < 20; i++) out.push(queue.shift()!.state[0] as number);
  for (let i = 50; i < 60; i++) queue.push(entry(i));
  let fingerprintsTravel = true;
  for (let e = queue.shift(); e; e = queue.shift()) {
    out.push(e.state[0] as number);
    fingerprintsTravel &&= e.fp === BigInt((e.state[0] as number) + 1);
  }
  t.ok(fingerprintsTravel, 'fingerprints travel with their states');
  t.same(out, [...Array.from({ length: 44 }, (_, i) => i), ...Array.from({ length: 10 }, (_, i) => 50 + i)]);
  t.equal(queue.length, 0);
  t.ok(readdirSync(spillDir).length > 0, 'spill files exist while the queue is in use');
  budget.close();
  t.same(readdirSync(spillDir), [], 'closing removes them');
});

t.test('without pressure nothing is written', async (t) => {
  const budget = new QueueBudget(codec, { budgetBytes: 1e9, chunkStates: 4 });
  const queue = budget.newQueue();
  for (let i = 0; i < 100; i++) queue.push(entry(i));
  t.equal(budget.statistics().spilledStates, 0);
  budget.close();
});

t.test('estimated heap bytes per state grow with the state and count shared parts once', async (t) => {
  const shared = Array.from({ length: 100 }, (_, i) => i);
  const small = estimateHeapBytes([{ state: [1, 2], fp: 1n }]);
  const big = estimateHeapBytes([{ state: [Array.from({ length: 100 }, (_, i) => i)], fp: 1n }]);
  const sharing = estimateHeapBytes([{ state: [shared], fp: 1n }, { state: [shared], fp: 2n }]);
  t.ok(small > 64 && small < 200, `small ${small}`);
  t.ok(big > small + 700, `big ${big}`);
  t.ok(sharing < big * 0.6, `sharing ${sharing}`);
});


for (const workers of [1, 2]) {
  t.test(`a tiny budget on ${workers} thread(s): the same counts as in memory, states spilled, no file left`, async (t) => {
    const loaded = loadModel({ kind: 'counters', count: 4, limit: 12 });
    const spillDir = scratchDir(t);
    const options = { workers, waitForWorkers: true };
    const inMemory = await checkModel(loaded, options);
    const spilled = await checkModel(loaded, { ...options, memory: { budgetBytes: 1, chunkStates: 64, spillDir } });
    t.equal(inMemory.stats.queue?.spilledStates, 0);
    t.ok(spilled.stats.queue!.spilledStates > 1000, `spilled ${spilled.stats.queue!.spilledStates}`);
    t.same(resultCounts(spilled, workers === 1), resultCounts(inMemory, workers === 1));
    t.same(readdirSync(spillDir), [], 'spill files removed');
  });
}

t.test('a tiny budget: the counterexample is as short, and a checkpoint of a spilled queue resumes', async (t) => {
  const deadlock = loadModel({ kind: 'grid', width: 40, height: 30, checkDeadlock: true });
  const memory = { budgetBytes: 1, chunkStates: 8 };
  const inMemory = await checkModel(deadlock, { workers: 1 });
  const spilled = await checkModel(deadlock, { workers: 1, memory });
  if (!('violation' in inMemory) || !('violation' in spilled)) return t.fail('expected deadlocks');
  t.ok(spilled.stats.queue!.spilledStates > 0, 'the queue spilled');
  t.equal(spilled.violation.trace.length, inMemory.violation.trace.length);

  const loaded = loadModel({ kind: 'counters', count: 4, limit: 12 });
  const dir = scratchDir(t);
  const identity = { spec: 'counters', digest: 'x' };
  const stopped = await checkModel(loaded, { workers: 1, memory, maxStates: 10_000, checkpoint: { dir, intervalMs: 3_600_000, identity } });
  t.ok(stopped.stats.queue!.spilledStates > 0, 'the queue had spilled when the checkpoint was written');
  const resumed = await checkModel(loaded, { workers: 1, memory, resume: readCheckpoint(loaded.model, dir, identity) });
  t.match(resumed, { result: 'holds', stats: { distinctStates: 12 ** 4 } });
});
