// The generated sweep's stall guard: a seed whose thread never answers is reported stalled once that
// thread has used the CPU budget (never on wall-clock time, nor on other threads' CPU); an answer or
// an exit ends the wait.
import t from 'tap';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { runSeedGuarded, type SeedThread } from './generated-sweep.js';
import { threadIdCell } from './thread-clock.js';

const request = { test: 'rpc/generated-faults', seed: 7 };
const clockModule = JSON.stringify(new URL('./thread-clock.js', import.meta.url).href);
/** A seed thread that publishes its thread id, as the sweep's does, then runs `onMessage` per request. */
const thread = (onMessage: string): SeedThread => {
  const threadId = threadIdCell();
  const code = `const { parentPort, workerData } = require('node:worker_threads');
    import(${clockModule}).then((clock) => { clock.publishThreadId(workerData.threadId); parentPort.on('message', async (request) => { ${onMessage} }); });`;
  return { worker: new Worker(code, { eval: true, workerData: { threadId } }), threadId };
};
const linuxOnly = { skip: existsSync('/proc/thread-self') ? false : 'reads threads in /proc (Linux)' };

t.test('a seed that never ends is stalled after the CPU budget of its thread, however long that takes', linuxOnly, async (t) => {
  const spinning = thread('for (;;) {}');
  t.teardown(() => spinning.worker.terminate());
  const reply = await runSeedGuarded(spinning, request, 0.3, 20);
  t.ok('stalledAfterCpuSeconds' in reply && reply.stalledAfterCpuSeconds > 0.3, `stalled (${JSON.stringify(reply)})`);
  t.match(reply, { clock: 'thread' }, "counted on the seed's thread");
});

t.test("a seed that waits while other threads work (a subprocess port's driver) is not stalled, however much CPU they use", linuxOnly, async (t) => {
  // The seed's thread starts a helper that spins until it has used 5 times the budget, waits for it
  // (no CPU, as the sweep's thread waits for a driver's answer), then answers.
  const waiting = thread(`
    const { Worker } = require('node:worker_threads');
    const threadId = clock.threadIdCell();
    const helper = new Worker(\`const { workerData } = require('node:worker_threads'); import(${clockModule.replace(/"/g, "'")}).then((clock) => { clock.publishThreadId(workerData.threadId); while ((clock.threadCpuSeconds(workerData.threadId) ?? Infinity) < 1.5) {} });\`, { eval: true, workerData: { threadId } });
    await new Promise((resolve) => helper.once('exit', resolve));
    parentPort.postMessage({ outcome: { record: { seed: request.seed, verdicts: {} }, failures: [] } });`);
  t.teardown(() => waiting.worker.terminate());
  const before = process.cpuUsage();
  const reply = await runSeedGuarded(waiting, request, 0.3, 20);
  const { user, system } = process.cpuUsage(before);
  t.ok((user + system) / 1e6 > 1.5, `the process used more than 5 times the budget meanwhile (${((user + system) / 1e6).toFixed(2)} s)`);
  t.same(reply, { outcome: { record: { seed: 7, verdicts: {} }, failures: [] } }, 'the answer, not a stall');
});

t.test('an answer ends the wait with the outcome', async (t) => {
  const answering = thread(`parentPort.postMessage({ outcome: { record: { seed: request.seed, verdicts: {} }, failures: [] } });`);
  t.teardown(() => answering.worker.terminate());
  t.same(await runSeedGuarded(answering, request, 1000), { outcome: { record: { seed: 7, verdicts: {} }, failures: [] } });
});

t.test('a thread that exits without answering is an internal error, not a wait', async (t) => {
  const reply = await runSeedGuarded(thread('process.exit(3)'), request, 1000);
  t.match(reply, { error: /exited \(code 3\) before answering/ });
});
