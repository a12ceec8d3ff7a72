// The thread that runs the generated sweep's seeds (generated-sweep.ts), so that the test file's own
// thread stays free to notice a seed that does not end, and to name it. Sent a test id and a seed,
// it posts back that seed's outcome, as `cloudos conform --seeds` reports it (sweep-run.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { conformSeedRunner } from '../conform.js';
import type { SeedRunner } from '../sweep-run.js';
import { publishThreadId } from './thread-clock.js';

/** What the worker is started with: the port's command (the in-process reference kernel when absent), and where to publish its thread id for the stall guard. */
export interface SweepWorkerData {
  cwd: string;
  impl?: string;
  threadId: Int32Array;
}
export interface SweepRequest {
  test: string;
  seed: number;
}

const port = parentPort!;
const { cwd, impl, threadId } = workerData as SweepWorkerData;
publishThreadId(threadId);
const runners = new Map<string, SeedRunner>();
port.on('message', ({ test, seed }: SweepRequest) => {
  let run = runners.get(test);
  if (run === undefined) runners.set(test, (run = conformSeedRunner({ kind: 'conform', cwd, tests: [test], ...(impl !== undefined ? { impl } : {}) })));
  run(seed).then(
    (outcome) => port.postMessage({ outcome }),
    (error: unknown) => port.postMessage({ error: (error as Error)?.stack ?? String(error) }),
  );
});
