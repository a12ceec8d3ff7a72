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
import { threadCpuSeconds, threadIdCell } from './thread-clock.js';

/**
 * CPU seconds the thread running a seed may use on one seed before it counts as stalled. The
 * costliest seed at 1..12 takes 2.3 s (the first seed of a test, which loads its spec), so this is
 * over 10 times that. CPU time, not wall-clock time: a loaded machine slows a seed without making
 * it use more CPU, so load alone never trips it. The seed's thread only, not the process: a
 * subprocess port's driver runs a worker thread per run while the seed's thread waits for the
 * port's answers (under tap, before the driver's workers dropped tap's loader hooks, one Python
 * seed used 44 s of the process's CPU and 3.7 s of its own thread's).
 */
export const STALL_CPU_SECONDS = 30;

/** The thread that runs seeds, with where it publishes its thread id (thread-clock.ts). */
export interface SeedThread {
  worker: Worker;
  threadId: Int32Array;
}

export type SeedReply = { outcome: SeedOutcome } | { error: string } | { stalledAfterCpuSeconds: number; clock: 'thread' | 'process' };

/**
 * Sends one request to the seed thread and waits for its reply, or until that thread has used
 * `budgetCpuSeconds` of CPU since the request (polled every `pollMs`): then the seed is stalled
 * (the caller terminates the worker). Without /proc the whole process's CPU is counted instead.
 */
export function runSeedGuarded(thread: SeedThread, request: SweepRequest, budgetCpuSeconds: number, pollMs = 1000): Promise<SeedReply> {
  const { worker, threadId } = thread;
  return new Promise((resolve) => {
    // A thread not yet started is counted from its start (its loading counts against the seed).
    const threadStart = threadCpuSeconds(threadId) ?? 0;
    const processStart = process.cpuUsage();
    const used = (): { seconds: number; clock: 'thread' | 'process' } => {
      const threadNow = threadCpuSeconds(threadId);
      if (threadNow !== undefined) return { seconds: threadNow - threadStart, clock: 'thread' };
      const { user, system } = process.cpuUsage(processStart);
      return { seconds: (user + system) / 1e6, clock: 'process' };
    };
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
      const { seconds, clock } = used();
      if (seconds > budgetCpuSeconds) done({ stalledAfterCpuSeconds: seconds, clock });
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
  let seedThread: SeedThread | undefined;
  const thread = (): SeedThread => {
    if (seedThread) return seedThread;
    const threadId = threadIdCell();
    const workerData: SweepWorkerData = { cwd: process.cwd(), ...(impl !== undefined ? { impl } : {}), threadId };
    // execArgv: [], as the subprocess driver's: tap's loader hooks are not for our compiled modules.
    return (seedThread = { worker: new Worker(new URL('./generated-sweep-worker.js', import.meta.url), { workerData, execArgv: [] }), threadId });
  };
  t.teardown(() => seedThread?.worker.terminate());
  for (const test of generated) {
    t.test(`${name}: ${test.id} passes seeds ${formatRange(seeds)}`, async (t) => {
      for (let seed = seeds.from; seed <= seeds.to; seed++) {
        const replay = replayCommand(test.id, seed, impl !== undefined ? { impl } : {});
        const reply = await runSeedGuarded(thread(), { test: test.id, seed }, STALL_CPU_SECONDS);
        if ('outcome' in reply) {
          const failures = reply.outcome.failures.map((f) => `seed ${seed}: ${f.status}, ${f.property}: ${f.message} (replay: ${f.replay})`);
          t.same(failures, [], `seed ${seed} passes`);
          continue;
        }
        // The thread may be stuck in a computation: drop it, and the test's later seeds (each could cost as much).
        void seedThread?.worker.terminate();
        seedThread = undefined;
        const clock = 'error' in reply ? '' : reply.clock === 'thread' ? "of its thread's CPU" : "of the process's CPU (no /proc to read its thread's)";
        const why = 'error' in reply ? `internal error: ${reply.error}` : `still running after ${reply.stalledAfterCpuSeconds.toFixed(0)} s ${clock} (the budget of one seed is ${STALL_CPU_SECONDS} s): a hang, not a verdict`;
        t.fail(`${test.id} seed ${seed}: ${why} (replay: ${replay}); seeds ${seed + 1}..${seeds.to} not run`);
        return;
      }
    });
  }
}
