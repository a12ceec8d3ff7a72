// measureThreadCpu attributes CPU time to the thread that spent it: a busy main thread, a busy worker.
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { measureThreadCpu } from './thread-cpu.js';

// Spins until the process has used `ms` more CPU time (the other threads idle meanwhile), so that the
// test holds on an oversubscribed machine, where spinning for wall time may get little CPU.
const spinCpu = (ms: number) => {
  const start = process.cpuUsage();
  while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < ms);
};

t.test('the busiest thread is the one that worked', { skip: existsSync('/proc/self/task') ? false : 'needs Linux /proc' }, async (t) => {
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
