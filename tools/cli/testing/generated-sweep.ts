// Correct implementations pass every generated test over many seeds (issue 8: the suite must never
// fail a correct port). One file per port and block of seeds (generated-sweep-*.test.ts), so that
// each stays well inside tap's per-file limit on a loaded machine; heavier sweeps belong to
// `cloudos conform --seeds`. Seeds run on a worker thread under a CPU budget, so that a seed that
// does not end fails by name, with its replay command, instead of the whole file timing out unnamed.
import type { Test } from 'tap';
import { Worker } from 'node:worker_threads';
import { discoverTests, replayCommand } from '../../../conformance/src/index.js';
import { formatRange, shardSeeds, type SeedRange, type Shard } from '../sweep-file.js';
import type { SeedOutcome } from '../sweep-run.js';
import type { SweepRequest, SweepWorkerData } from './generated-sweep-worker.js';
import { shardOf } from './shard-of.js';

/**
 * CPU seconds (of this process, every thread) one seed of one test may use before it counts as
 * stalled. The costliest seed at 1..12 takes 2.3 s (the first seed of a test, which loads its spec),
 * so this is over 10 times that. CPU time, not wall-clock time: a loaded machine slows a seed
 * without making it use more CPU, so load alone never trips it.
 */
export const STALL_CPU_SECONDS = 30;
/**
 * The same for a port run as a subprocess: this process then also starts, drives and ends a driver
 * worker thread per run, which under CI's coverage (c8) used 24-38 s of this process's CPU per
 * seed, over the in-process budget, while the same seed without coverage takes under 9 s.
 */
export const SUBPROCESS_STALL_CPU_SECONDS = 150;

export type SeedReply = { outcome: SeedOutcome } | { error: string } | { stalledAfterCpuSeconds: number };

/**
 * Sends one request to `worker` and waits for its reply, or until this process has used
 * `budgetCpuSeconds` of CPU since the request (polled every `pollMs`): then the seed is stalled
 * (the caller terminates the worker).
 */
export function runSeedGuarded(worker: Worker, request: SweepRequest, budgetCpuSeconds: number, pollMs = 1000): Promise<SeedReply> {
  return new Promise((resolve) => {
    const start = process.cpuUsage();
    const done = (reply: SeedReply) => {
      clearInterval(watch);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      resolve(reply);
    };
    const onMessage = (reply: SeedReply) => done(reply);
    const onError = (error: Error) => done({ error: error.stack ?? String(error) });
    const onExit = (code: number) => done({ error: `the worker thread exited (code ${code}) before answering` });
    const watch = setInterval(() => {
      const used = process.cpuUsage(start);
      const seconds = (used.user + used.system) / 1e6;
      if (seconds > budgetCpuSeconds) done({ stalledAfterCpuSeconds: seconds });
    }, pollMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(request);
  });
}

export interface SweepOptions {
  /** Names the port in test titles. */
  name: string;
  /** The port's command (`--impl`); the in-process reference kernel when absent. */
  impl?: string;
  seeds: SeedRange;
  /** Only the i-th of N blocks of `seeds` (one file per block). */
  shard?: Shard;
  /** Only every N-th generated test, from the i-th (one file per shard, when one seed is too costly for one file). */
  testShard?: Shard;
}

/** One subtest per generated test, one per seed inside it: every seed passes, none stalls. */
export function sweepGeneratedTests(t: Test, { name, impl, seeds: range, shard, testShard }: SweepOptions): void {
  const seeds = shard ? shardSeeds(range, shard) : range;
  const everyGenerated = discoverTests().filter((test) => test.workload.kind === 'generated');
  t.ok(everyGenerated.length >= 3, `generated tests found (${everyGenerated.length})`);
  const generated = shardOf(everyGenerated, testShard);
  const data: SweepWorkerData = { cwd: process.cwd(), ...(impl !== undefined ? { impl } : {}) };
  const stallCpuSeconds = impl === undefined ? STALL_CPU_SECONDS : SUBPROCESS_STALL_CPU_SECONDS;
  let worker: Worker | undefined;
  const thread = () => (worker ??= new Worker(new URL('./generated-sweep-worker.js', import.meta.url), { workerData: data }));
  t.teardown(() => worker?.terminate());
  for (const test of generated) {
    t.test(`${name}: ${test.id} passes seeds ${formatRange(seeds)}`, async (t) => {
      for (let seed = seeds.from; seed <= seeds.to; seed++) {
        const replay = replayCommand(test.id, seed, impl !== undefined ? { impl } : {});
        const reply = await runSeedGuarded(thread(), { test: test.id, seed }, stallCpuSeconds);
        if ('outcome' in reply) {
          const failures = reply.outcome.failures.map((f) => `seed ${seed}: ${f.status}, ${f.property}: ${f.message} (replay: ${f.replay})`);
          t.same(failures, [], `seed ${seed} passes`);
          continue;
        }
        // The thread may be stuck in a computation: drop it, and the test's later seeds (each could cost as much).
        void worker?.terminate();
        worker = undefined;
        const why = 'error' in reply ? `internal error: ${reply.error}` : `still running after ${reply.stalledAfterCpuSeconds.toFixed(0)} s of CPU (the budget of one seed is ${stallCpuSeconds} s): a hang, not a verdict`;
        t.fail(`${test.id} seed ${seed}: ${why} (replay: ${replay}); seeds ${seed + 1}..${seeds.to} not run`);
        return;
      }
    });
  }
}
