// The generated sweep's stall guard: a seed whose thread never answers is reported stalled once the
// process has used the CPU budget (never on wall-clock time); an answer or an exit ends the wait.
import t from 'tap';
import { Worker } from 'node:worker_threads';
import { runSeedGuarded } from './generated-sweep.js';

const request = { test: 'rpc/generated-faults', seed: 7 };
const thread = (onMessage: string) => new Worker(`require('node:worker_threads').parentPort.on('message', (request) => { ${onMessage} });`, { eval: true });

t.test('a seed that never ends is stalled after the CPU budget, however long that takes', async (t) => {
  const spinning = thread('for (;;) {}');
  t.teardown(() => spinning.terminate());
  const reply = await runSeedGuarded(spinning, request, 0.3, 20);
  t.ok('stalledAfterCpuSeconds' in reply && reply.stalledAfterCpuSeconds > 0.3, `stalled (${JSON.stringify(reply)})`);
});

t.test('an answer ends the wait with the outcome', async (t) => {
  const answering = thread(`require('node:worker_threads').parentPort.postMessage({ outcome: { record: { seed: request.seed, verdicts: {} }, failures: [] } });`);
  t.teardown(() => answering.terminate());
  t.same(await runSeedGuarded(answering, request, 1000), { outcome: { record: { seed: 7, verdicts: {} }, failures: [] } });
});

t.test('a thread that exits without answering is an internal error, not a wait', async (t) => {
  const reply = await runSeedGuarded(thread('process.exit(3)'), request, 1000);
  t.match(reply, { error: /exited \(code 3\) before answering/ });
});
