// A worker thread of a parallel simulation: rebuilds the model from its source, runs behaviours,
// claiming each in turn (see simulateInParallel), and sends back each run, violations with encoded
// states.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import type { Model } from './model.js';
import { claimBehaviour, encodeRun, lowerTo, prepareSimulation, runBehaviour, type EncodedBehaviourRun, type SimulationWorkerSetup } from './simulate.js';

const setup = workerData as SimulationWorkerSetup;
const moduleUrl = setup.source.module.startsWith('file:') ? setup.source.module : pathToFileURL(setup.source.module).href;
const loaded = await (await import(moduleUrl)).loadModel(setup.source.args);
const model: Model = 'model' in loaded ? loaded.model : loaded;
const simulation = prepareSimulation(model);
const flags = new Int32Array(setup.shared);
const runs: { index: number; run: EncodedBehaviourRun }[] = [];
for (let index = claimBehaviour(flags, setup.num); index !== 0; index = claimBehaviour(flags, setup.num)) {
  const run = runBehaviour(simulation, setup.seed, index, setup.depth);
  runs.push({ index, run: encodeRun(model, run) });
  if (run.violation) lowerTo(flags, index);
}
parentPort!.postMessage(runs);
