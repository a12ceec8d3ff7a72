// measureThreadCpu attributes CPU time to the thread that spent it: a busy main thread, a busy worker.
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { measureThreadCpu } from './thread-cpu.js';

const spin = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end);
};

t.test('the busiest thread is the one that worked', { skip: existsSync('/proc/self/task') ? false : 'needs Linux /proc' }, async (t) => {
  const { result, cpu } = await measureThreadCpu(async () => {
    spin(300);
    return 'done';
  });
  t.equal(result, 'done');
  // Wall time spent spinning is CPU time unless the machine is oversubscribed; allow for that.
  t.ok(cpu!.busiestMs >= 100, `main thread busy ${cpu!.busiestMs} ms`);

  const inWorker = await measureThreadCpu(
    () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker('const end = Date.now() + 400; while (Date.now() < end); require("node:worker_threads").parentPort.postMessage(0);', { eval: true });
        worker.once('message', () => setTimeout(() => void worker.terminate().then(() => resolve()), 60));
        worker.once('error', reject);
      }),
  );
  t.ok(inWorker.cpu!.busiestMs >= 150, `worker thread busy ${inWorker.cpu!.busiestMs} ms`);
});
