// A worker thread of the parallel search: rebuilds the model from its source, then expands its own
// share of each BFS level on request, inserting into the fingerprint set shared with the others.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { DiagnosticError, type Diagnostic } from '../diagnostics.js';
import type { Model } from './model.js';
import { SharedFingerprintSet } from './fingerprint-set.js';
import { Explorer, type Finding } from './explorer.js';
import { packStates, unpackStates } from './state-batch.js';
import { STOP, type EncodedFinding, type FromWorker, type ToWorker, type WorkerSetup, type WorkerStart } from './worker-protocol.js';
import { actionPropertyChecks, graphChecks, helpGraphCheck, runGraphChecks } from './liveness.js';
import { packOutline, placePart, sharedStateGraph, type FragmentContents } from './graph-fragment.js';
import { threadCpuMs } from './component-split.js';

const start = workerData as WorkerStart;
const port = parentPort!;
const send = (message: FromWorker) => port.postMessage(message);
const moduleUrl = (path: string) => (path.startsWith('file:') ? path : pathToFileURL(path).href);
// Imported at once, while the coordinator may still be parsing the spec: the setup comes later.
const preloaded = Promise.all(start.preload.map((path) => import(moduleUrl(path))));
preloaded.catch(() => {}); // reported when the setup awaits it

/** States expanded between looks at the coordinator's request for work. */
const DONATION_CHECK_INTERVAL = 64;
/** Fewest states worth a donation. */
const MIN_DONATION = 32;

function encodeFinding(model: Model, finding: Finding): EncodedFinding {
  switch (finding.kind) {
    case 'invariant':
    case 'implied':
      return { ...finding, state: model.encodeState(finding.state) };
    case 'action':
      return { ...finding, state: model.encodeState(finding.state) };
    case 'deadlock':
      return finding;
    case 'error': {
      // Spread, so that every field of the finding crosses the thread (outsideModel decides TLC's depth).
      const { error, state, ...rest } = finding;
      return { ...rest, ...encodeError(error), state: state === null ? null : model.encodeState(state) };
    }
  }
}

function encodeError(error: unknown): { diagnostics: Diagnostic[] | null; message: string } {
  return { diagnostics: error instanceof DiagnosticError ? error.diagnostics : null, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** Requests after 'setup', once the model is loaded. */
let handle: ((message: ToWorker) => void) | null = null;
let setupReceived: (setup: WorkerSetup) => void;
/** The first message: what to search with (the model's source, the shared table and flags). */
const setupMessage = new Promise<WorkerSetup>((resolve) => (setupReceived = resolve));
// One listener for the thread's life (the coordinator sends nothing between 'setup' and 'ready').
port.on('message', (message: ToWorker) => {
  if (message.kind === 'setup') setupReceived(message.setup);
  else handle!(message);
});

async function main(): Promise<void> {
  const setup = await setupMessage;
  let model: Model;
  try {
    await preloaded;
    const loaded = await (await import(moduleUrl(setup.source.module))).loadModel(setup.source.args);
    model = 'model' in loaded ? loaded.model : loaded;
  } catch (error) {
    send({ kind: 'failed', ...encodeError(error) });
    return;
  }
  const stopFlag = new Int32Array(setup.stopFlag);
  const wantsWork = new Int32Array(setup.wantsWork);
  const counters = new Float64Array(setup.counters);
  const posted = new Int32Array(setup.posted);
  /** A message the coordinator's search must see soon: posted, then counted (so that it is queued when the count is seen). */
  const post = (message: FromWorker) => {
    send(message);
    Atomics.add(posted, 0, 1);
  };
  const shouldStop = () => Atomics.load(stopFlag, 0) === STOP;
  const explorer = new Explorer(model, new SharedFingerprintSet(setup.table), {
    stopFlag,
    shouldStop,
    memory: setup.memory,
    actionProperties: actionPropertyChecks(model),
    collectFragment: setup.collectFragment,
    countValues: setup.countValues,
  });
  /** Per variable, how many of this thread's values were sent to the coordinator (a Set iterates in insertion order). */
  const valuesSent = model.variables.map(() => 0);
  const newValues = () =>
    explorer.valueCounts?.map((values, i) => {
      const fresh = [...values].slice(valuesSent[i]);
      valuesSent[i] = values.size;
      return fresh;
    }) ?? null;
  const publish = () => {
    counters[2 * setup.index] = explorer.statesGenerated;
    counters[2 * setup.index + 1] = explorer.queueLeft;
  };

  /** This thread's part of the state graph, from 'graph' until it is placed. */
  let part: FragmentContents | null = null;
  handle = (message: ToWorker) => {
    switch (message.kind) {
      case 'take': {
        const states = unpackStates(model, message.states);
        const mismatch = explorer.add(states, message.fps, message.level, message.verify);
        if (mismatch >= 0) {
          const state = model.formatState(states[mismatch]!).map((v) => `${v.variable} = ${v.value}`).join(', ').slice(0, 200);
          send({ kind: 'failed', diagnostics: null, message: `worker ${setup.index} computes another fingerprint than the coordinator for the state ${state}: the model's fingerprints must not depend on the thread (was dist/ rebuilt during the run?)` });
        } else send({ kind: 'ok' });
        return;
      }
      case 'level': {
        let status;
        do {
          status = explorer.expandLevel(DONATION_CHECK_INTERVAL);
          publish();
          // The coordinator's thread is idle: the first worker to claim its request gives it half of what is left.
          if (status === 'paused' && Atomics.load(wantsWork, 0) === 1 && explorer.frontierSize >= 2 * MIN_DONATION && Atomics.compareExchange(wantsWork, 0, 1, 0) === 1) {
            const given = explorer.give(Math.floor(explorer.frontierSize / 2));
            post({ kind: 'donation', states: packStates(model, given.map((e) => e.state)), fps: given.map((e) => e.fp) });
          }
        } while (status === 'paused');
        post({
          kind: 'level',
          status,
          statesGenerated: explorer.statesGenerated,
          generatedByAction: explorer.generatedByAction,
          distinctByAction: explorer.distinctByAction,
          finding: status === 'finding' ? encodeFinding(model, explorer.finding!) : null,
          queue: explorer.queueBudget.statistics(),
          newValues: newValues(),
        });
        return;
      }
      case 'advance':
        explorer.advanceLevel();
        publish();
        send({ kind: 'advanced', frontier: explorer.frontierSize });
        return;
      case 'give': {
        // The coordinator balances levels: states from the end of this unexpanded level.
        const given = explorer.give(message.count);
        send({ kind: 'given', states: packStates(model, given.map((e) => e.state)), fps: given.map((e) => e.fp) });
        return;
      }
      case 'table':
        explorer.fingerprints = new SharedFingerprintSet(message.table);
        send({ kind: 'ok' });
        return;
      case 'log': {
        const { fps, parents } = explorer.log.entries();
        send({ kind: 'log', fps, parents });
        return;
      }
      case 'graph': {
        part = explorer.fragment!.contents(explorer.fingerprints as SharedFingerprintSet);
        send({ kind: 'graph', part: packOutline(model, part) });
        return;
      }
      case 'place':
        send({ kind: 'placed', count: placePart(part!, message.layout, message.renumbered, explorer.fingerprints as SharedFingerprintSet) });
        part = null;
        return;
      case 'liveness': {
        const start = performance.now();
        const cpuStart = threadCpuMs();
        const graph = sharedStateGraph(model, message.graph);
        const checks = graphChecks(model);
        if (message.split) helpGraphCheck(model, graph, checks[0]!, message.split);
        const outcomes = message.split ? [] : runGraphChecks(model, graph, checks, new Int32Array(message.claims));
        send({
          kind: 'liveness',
          outcomes: outcomes.map((o) => ('finding' in o ? o : { index: o.index, error: encodeError(o.error) })),
          ms: performance.now() - start,
          cpuMs: cpuStart === null ? null : threadCpuMs()! - cpuStart,
        });
        return;
      }
      case 'snapshot': {
        // A spilled queue is read back whole here: checkpoints with workers are bounded by memory.
        const queues = explorer.queueCopies();
        const current = [...queues.current.chunks].flat();
        const next = [...queues.next.chunks].flat();
        const { fps, parents } = explorer.log.entries();
        send({
          kind: 'snapshot',
          current: packStates(model, current.map((e) => e.state)),
          currentFps: current.map((e) => e.fp),
          next: packStates(model, next.map((e) => e.state)),
          nextFps: next.map((e) => e.fp),
          fps,
          parents,
        });
        return;
      }
      case 'setup':
        throw new Error('worker protocol: a second setup');
      default: {
        const unreachable: never = message;
        throw new Error(`unknown message ${JSON.stringify(unreachable)}`);
      }
    }
  };
  send({ kind: 'ready' });
}

void main();
