// The thread samplers attribute CPU time to the thread that spent it: a busy main thread, a busy
// worker, in this process and in a child process sampled by its pid.
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { measureThreadCpu, sampleThreadCpu, searchThreadCpu } from './thread-cpu.js';

// Spins until the process has used `ms` more CPU time (the other threads idle meanwhile), so that the
// test holds on an oversubscribed machine, where spinning for wall time may get little CPU.
const spinCpu = (ms: number) => {
  const start = process.cpuUsage();
  while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < ms);
};

const linux = { skip: existsSync('/proc/self/task') ? false : 'needs Linux /proc' };

t.test('the busiest thread is the one that worked', linux, async (t) => {
  const { result, cpu } = await measureThreadCpu(async () => {
    spinCpu(300);
    return 'done';
  });
  t.equal(result, 'done');
  t.ok(cpu!.busiestMs >= 200, `main thread busy ${cpu!.busiestMs} ms`);

  const inWorker = await measureThreadCpu(
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(`const spinCpu = ${spinCpu.toString()}; spinCpu(400); require("node:worker_threads").parentPort.postMessage(0);`, { eval: true });
        worker.once('message', () => setTimeout(() => void worker.terminate().then(() => resolve()), 60));
        worker.once('error', reject);
      }),
  );
  t.ok(inWorker.cpu!.busiestMs >= 250, `worker thread busy ${inWorker.cpu!.busiestMs} ms`);
});

t.test("a child process's threads, sampled by its pid while this process waits", linux, async (t) => {
  // The child's main thread spins 200 ms, then a worker 400 ms; it idles 150 ms before exiting so
  // that a sample sees each thread's last CPU time.
  const child = spawn(
    process.execPath,
    [
      '-e',
      `const spinCpu = ${spinCpu.toString()}; spinCpu(200);
       const { Worker } = require("node:worker_threads");
       const w = new Worker(\`const spinCpu = \${spinCpu.toString()}; spinCpu(400); require("node:worker_threads").parentPort.postMessage(0);\`, { eval: true });
       w.once("message", () => setTimeout(() => w.terminate(), 150));`,
    ],
    { stdio: 'inherit' },
  );
  const sampler = sampleThreadCpu(child.pid!, 20);
  await new Promise((resolve) => child.on('close', resolve));
  const times = sampler.stop()!;
  const threads = searchThreadCpu(times, 2);
  t.ok(threads.busiestMs >= 250 && threads.busiestMs < 1_000, `the worker is the busiest thread: ${threads.busiestMs} ms`);
  t.ok(threads.searchMs - threads.busiestMs >= 120, `the main thread is the other search thread: ${threads.searchMs - threads.busiestMs} ms`);
  t.ok(times.usedMs.size > 2, `the child's helper threads are seen too (${times.usedMs.size} threads)`);
});

const schedstat = { skip: existsSync('/proc/self/schedstat') ? false : 'needs scheduler statistics' };

/** A child process spinning `ms` of CPU, sampled from its start: its one busy thread's figures. */
async function spinningChild(script: string) {
  const child = spawn(process.execPath, ['-e', `const spinCpu = ${spinCpu.toString()}; ${script}`], { stdio: 'inherit' });
  const sampler = sampleThreadCpu(child.pid!, 20);
  await new Promise((resolve) => child.on('close', resolve));
  return searchThreadCpu(sampler.stop()!, 1);
}

t.test("a thread's wall time off the CPU asleep is told from its time waiting for a core", schedstat, async (t) => {
  const asleep = await spinningChild('spinCpu(100); setTimeout(() => spinCpu(100), 600);');
  t.ok(asleep.sleepMs! >= 500, `the 600 ms of sleep are counted: ${asleep.sleepMs} ms`);
  // More spinning processes than cores: each waits on a run queue for part of its time.
  const spinners = Array.from({ length: availableParallelism() + 1 }, () => spinningChild('spinCpu(400);'));
  const contended = await Promise.all(spinners);
  t.ok(Math.max(...contended.map((c) => c.runQueueMs!)) >= 100, `waiting for a core is counted: ${contended.map((c) => Math.round(c.runQueueMs!)).join(', ')} ms`);
});
