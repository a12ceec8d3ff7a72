// Checkpoints: a search stopped after a checkpoint and resumed from it ends with exactly the counts
// of an uninterrupted search (and the same counterexample length), on 1 and 2 threads; a missing,
// corrupt or foreign checkpoint is refused with the file named.
import t, { type Test } from 'tap';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkModel, type CheckOptions } from './check.js';
import type { CheckResult } from './check-result.js';
import { resultCounts } from './result-counts.js';
import type { LoadedModel } from './model.js';
import { loadModel } from './hand-written-models.js';
import { CheckpointError, readCheckpoint, type CheckpointIdentity } from './checkpoint.js';

const identity: CheckpointIdentity = { spec: 'hand-written', digest: 'd1' };
/** A temporary directory removed when test `t` ends. */
function freshDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'cloudos-checkpoint-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}


/** Checks `loaded`, stopping it (as Ctrl-C does) after its `stopAfter`-th checkpoint; returns the result and how many were written. */
async function runUntilCheckpoint(loaded: LoadedModel, dir: string, stopAfter: number, options: CheckOptions): Promise<{ result: CheckResult; written: number }> {
  const controller = new AbortController();
  let written = 0;
  const result = await checkModel(loaded, {
    ...options,
    signal: controller.signal,
    checkpoint: {
      dir,
      intervalMs: 0,
      identity,
      onWritten: () => {
        if (++written === stopAfter) controller.abort();
      },
    },
  });
  return { result, written };
}

const cases: [string, () => LoadedModel, CheckOptions][] = [
  ['4 counters 0..13, 1 thread', () => loadModel({ kind: 'counters', count: 4, limit: 14 }), { workers: 1 }],
  ['4 counters 0..13, 2 threads', () => loadModel({ kind: 'counters', count: 4, limit: 14 }), { workers: 2, waitForWorkers: true }],
  ['grid 60x60 under CONSTRAINT x+y <= 50, 1 thread', () => loadModel({ kind: 'grid', width: 60, height: 60, checkDeadlock: false, maxSum: 50 }), { workers: 1 }],
];

for (const [name, load, options] of cases) {
  t.test(`${name}: stopped after a checkpoint, twice, and resumed, it counts as an uninterrupted run`, async (t) => {
    const loaded = load();
    const uninterrupted = await checkModel(loaded, options);
    t.equal(uninterrupted.result, 'holds');
    const dir = freshDir(t);
    const first = await runUntilCheckpoint(loaded, dir, 2, options);
    t.match(first.result, { result: 'unknown', reason: 'interrupted' });
    t.ok(first.written >= 3, 'a checkpoint was written when the run was stopped');
    const resumedOnce = readCheckpoint(loaded.model, dir, identity);
    t.equal(resumedOnce.log.fps.length, first.result.stats.distinctStates, 'the checkpoint holds every distinct state found');
    t.ok(resumedOnce.log.fps.length < uninterrupted.stats.distinctStates, 'stopped mid-way');
    const second = await runUntilCheckpoint(loaded, dir, 1, { ...options, resume: resumedOnce });
    t.match(second.result, { result: 'unknown', reason: 'interrupted' });
    const resumed = await checkModel(loaded, { ...options, resume: readCheckpoint(loaded.model, dir, identity) });
    t.same(resultCounts(resumed, options.workers === 1), resultCounts(uninterrupted, options.workers === 1));
    t.same(readdirSync(dir).sort().map((f) => f.replace(/-.*\.bin$/, '')), ['checkpoint.json', 'log', 'queue'], 'earlier checkpoints are removed');
  });
}

t.test('a run stopped by --max-states leaves a checkpoint that resumes to the full count', async (t) => {
  const loaded = loadModel({ kind: 'counters', count: 3, limit: 15 });
  const dir = freshDir(t);
  const stopped = await checkModel(loaded, { workers: 1, maxStates: 1000, checkpoint: { dir, intervalMs: 3_600_000, identity } });
  t.match(stopped, { result: 'unknown', reason: 'max-states' });
  const resumed = await checkModel(loaded, { workers: 1, resume: readCheckpoint(loaded.model, dir, identity) });
  t.match(resumed, { result: 'holds', stats: { distinctStates: 15 ** 3 } });
});

t.test('after resuming, a counterexample is as short as without the interruption (the trace log is restored)', async (t) => {
  const loaded = loadModel({ kind: 'grid', width: 30, height: 20, checkDeadlock: true });
  const uninterrupted = await checkModel(loaded, { workers: 1 });
  const dir = freshDir(t);
  await runUntilCheckpoint(loaded, dir, 1, { workers: 1, initialCapacity: 16 });
  const resumed = await checkModel(loaded, { workers: 1, resume: readCheckpoint(loaded.model, dir, identity) });
  if (!('violation' in uninterrupted) || !('violation' in resumed)) return t.fail('expected deadlocks');
  t.equal(resumed.violation.kind, 'deadlock');
  t.equal(resumed.violation.trace.length, uninterrupted.violation.trace.length);
  t.same(resultCounts(resumed, true), resultCounts(uninterrupted, true));
});

t.test('missing, corrupt and foreign checkpoints are refused, naming the file and the fix', async (t) => {
  const loaded = loadModel({ kind: 'counters', count: 3, limit: 15 });
  const refusal = (dir: string, model = loaded.model, id = identity): CheckpointError => {
    try {
      readCheckpoint(model, dir, id);
    } catch (error) {
      if (error instanceof CheckpointError) return error;
      throw error;
    }
    throw new Error('the checkpoint was accepted');
  };
  const empty = freshDir(t);
  t.match(refusal(empty).message, `${join(empty, 'checkpoint.json')}: not found; pass the directory given to --checkpoint`);
  t.match(refusal(join(empty, 'nope')).message, /no directory .*nope/);

  const dir = freshDir(t);
  await checkModel(loaded, { workers: 1, maxStates: 1000, checkpoint: { dir, intervalMs: 3_600_000, identity } });
  t.match(refusal(dir, loaded.model, { ...identity, digest: 'd2' }).message, /written for another model: .*; recover with the same spec and configuration/);
  t.match(refusal(dir, loadModel({ kind: 'counters', count: 4, limit: 15 }).model).message, /written for another model/);
  t.match(refusal(dir, loadModel({ kind: 'grid', width: 3, height: 3, checkDeadlock: false }).model).message, /written for another model/);

  const queueFile = join(dir, readdirSync(dir).find((f) => f.startsWith('queue-'))!);
  const bytes = readFileSync(queueFile);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(queueFile, bytes);
  t.match(refusal(dir).message, `${queueFile}: corrupt: its size or SHA-256 differs`);
  rmSync(queueFile);
  t.match(refusal(dir).message, `${queueFile}: missing`);

  writeFileSync(join(dir, 'checkpoint.json'), '{"format": "cloudos-checkpoint", "ver');
  t.match(refusal(dir).message, /checkpoint\.json: corrupt: not a cloudos checkpoint manifest; start afresh without --recover/);
  const manifest = { format: 'cloudos-checkpoint', version: 99, log: { name: 'x' }, queue: { name: 'y' } };
  writeFileSync(join(dir, 'checkpoint.json'), JSON.stringify(manifest));
  t.match(refusal(dir).message, /written in checkpoint format 99; this cloudos reads format 3/);
});
