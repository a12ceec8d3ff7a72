// A worker thread of a seed sweep (sweep-run.ts): rebuilds the run from the job once, then runs
// each seed it is sent and posts back that seed's outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { seedRunner, type SweepJob } from './sweep-run.js';

const port = parentPort!;
const runSeed = seedRunner(workerData as SweepJob);
// Reported with the first seed (below), not as an unhandled rejection.
runSeed.catch(() => undefined);
port.on('message', (seed: number) => {
  runSeed
    .then((run) => run(seed))
    .then(
      (outcome) => port.postMessage({ seed, outcome }),
      (error: unknown) => port.postMessage({ seed, error: (error as Error)?.stack ?? String(error) }),
    );
});
