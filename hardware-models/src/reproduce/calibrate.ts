// Calibration of the stack parameters on the IX paper's 10GbE data only (Figure 4's curves, then
// Figure 3's churn panel for setup/teardown): deterministic coordinate descent on the simulated
// curves; the seed fixes the simulations. Run: node dist/hardware-models/src/reproduce/calibrate.js
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { simulateEcho } from './echo-simulation.js';
import { figure3, figure4, type PaperStack } from './ix-2014-data.js';
import { echoExperiment, type Ix2014Params } from './ix-2014-setup.js';
import { figure3Connections } from './ix-fig3.js';
import { stackParamsSchema } from '../stacks/stack-params.js';

/**
 * Where the search starts: hand-set values of the right order of magnitude (IX's kstats in the
 * authors' connection-scaling-kstats.txt give ~1,300 cycles of protocol work per message; Linux
 * costs from the usual syscall/softirq/wakeup microbenchmarks). Only the knobs below move.
 */
export const calibrationStart: Ix2014Params = {
  linux: {
    kind: 'linux',
    interruptModerationNs: 10_000,
    interruptNs: 1500,
    epollWakeupNs: 18_000,
    syscallNs: 300,
    rxPerPacketNs: 3000,
    txPerPacketNs: 3000,
    applicationPerMessageNs: 7000,
    copyNsPerByte: 0.1,
    connectionSetupNs: 10_000,
    connectionTeardownNs: 5000,
    maxPacketsPerInterrupt: 64,
    connectionState: { bytesPerConnection: 4096, linesPerMessage: 130, reuseExponent: 0.5 },
  },
  ix: {
    kind: 'ix',
    batchBound: 64,
    perBatchNs: 1000,
    pollPerQueueNs: 100,
    perMessageNs: 1200,
    perByteNs: 0.05,
    connectionSetupNs: 2000,
    connectionTeardownNs: 1000,
    connectionState: { bytesPerConnection: 2048, linesPerMessage: 20, reuseExponent: 0.7 },
  },
};

/** A tunable parameter: where it lives and the bounds that keep it physical. */
interface Knob {
  name: string;
  get: (p: Ix2014Params) => number;
  set: (p: Ix2014Params, value: number) => void;
  min: number;
  max: number;
}

const linuxKnobs: Knob[] = [
  knob('linux.epollWakeupNs', (p) => p.linux.epollWakeupNs, (p, v) => (p.linux.epollWakeupNs = v), 0, 100_000),
  knob('linux.applicationPerMessageNs', (p) => p.linux.applicationPerMessageNs, (p, v) => (p.linux.applicationPerMessageNs = v), 0, 50_000),
  knob('linux.interruptModerationNs', (p) => p.linux.interruptModerationNs, (p, v) => (p.linux.interruptModerationNs = v), 0, 100_000),
  knob('linux.state.linesPerMessage', (p) => p.linux.connectionState.linesPerMessage, (p, v) => (p.linux.connectionState.linesPerMessage = v), 0, 1000),
  knob('linux.state.bytesPerConnection', (p) => p.linux.connectionState.bytesPerConnection, (p, v) => (p.linux.connectionState.bytesPerConnection = v), 256, 65536),
  knob('linux.state.reuseExponent', (p) => p.linux.connectionState.reuseExponent, (p, v) => (p.linux.connectionState.reuseExponent = v), 0.05, 1),
];

const ixKnobs: Knob[] = [
  knob('ix.perMessageNs', (p) => p.ix.perMessageNs, (p, v) => (p.ix.perMessageNs = v), 100, 10_000),
  knob('ix.perBatchNs', (p) => p.ix.perBatchNs, (p, v) => (p.ix.perBatchNs = v), 0, 20_000),
  knob('ix.state.linesPerMessage', (p) => p.ix.connectionState.linesPerMessage, (p, v) => (p.ix.connectionState.linesPerMessage = v), 0, 1000),
  knob('ix.state.bytesPerConnection', (p) => p.ix.connectionState.bytesPerConnection, (p, v) => (p.ix.connectionState.bytesPerConnection = v), 256, 65536),
  knob('ix.state.reuseExponent', (p) => p.ix.connectionState.reuseExponent, (p, v) => (p.ix.connectionState.reuseExponent = v), 0.05, 1),
];

/** Connection setup and teardown, fitted on Figure 3's 10GbE churn panel (n = 1, 64 B, 1..16 threads). */
const churnKnobs: Record<PaperStack, Knob[]> = {
  linux: [
    knob('linux.connectionSetupNs', (p) => p.linux.connectionSetupNs, (p, v) => (p.linux.connectionSetupNs = v), 0, 1_000_000),
    knob('linux.connectionTeardownNs', (p) => p.linux.connectionTeardownNs, (p, v) => (p.linux.connectionTeardownNs = v), 0, 1_000_000),
  ],
  ix: [
    knob('ix.connectionSetupNs', (p) => p.ix.connectionSetupNs, (p, v) => (p.ix.connectionSetupNs = v), 0, 100_000),
    knob('ix.connectionTeardownNs', (p) => p.ix.connectionTeardownNs, (p, v) => (p.ix.connectionTeardownNs = v), 0, 100_000),
  ],
};

function knob(name: string, get: Knob['get'], set: Knob['set'], min: number, max: number): Knob {
  return { name, get, set, min, max };
}

export interface CalibrationOptions {
  seed: number;
  /** Echoes measured per simulated point during the search (the figure uses more). */
  measuredMessages: number;
  /** Coordinate-descent passes over all knobs. */
  passes: number;
  log?: (line: string) => void;
}

export type CalibrationTarget = 'figure4' | 'figure3-churn';

/** Mean squared log error of the simulated 10GbE curve of `stack` against the paper. */
export function calibrationLoss(
  stack: PaperStack,
  params: Ix2014Params,
  seed: number,
  measuredMessages: number,
  target: CalibrationTarget = 'figure4',
): number {
  const requests =
    target === 'figure4'
      ? figure4[`${stack}/10gbe`].map((p) => ({ paper: p.messagesPerSec, connections: p.connections, hyperthreads: 16, roundTrips: Infinity }))
      : figure3[`${stack}/10gbe`]
          .filter((p) => p.roundTrips === 1 && p.messageBytes === 64)
          .map((p) => ({ paper: p.messagesPerSec, connections: figure3Connections, hyperthreads: p.hyperthreads, roundTrips: 1 }));
  let sum = 0;
  for (const r of requests) {
    const result = simulateEcho(
      echoExperiment(
        { stack, nic: '10gbe', connections: r.connections, hyperthreads: r.hyperthreads, roundTrips: r.roundTrips, seed, measuredMessages },
        params,
      ),
    );
    sum += Math.log(result.messagesPerSec / r.paper) ** 2;
  }
  return sum / requests.length;
}

/**
 * Fits Linux first (the clients run Linux too, so IX's curve depends on it), then IX, each on
 * its own 10GbE curve. Returns new parameters; the input is not changed.
 */
export function calibrate(start: Ix2014Params, options: CalibrationOptions): Ix2014Params {
  const params: Ix2014Params = structuredClone(start);
  const phases = [
    ['linux', linuxKnobs, 'figure4'],
    ['ix', ixKnobs, 'figure4'],
    ['linux', churnKnobs.linux, 'figure3-churn'],
    ['ix', churnKnobs.ix, 'figure3-churn'],
  ] as const;
  for (const [stack, knobs, target] of phases) {
    const lossOf = () => calibrationLoss(stack, params, options.seed, options.measuredMessages, target);
    let loss = lossOf();
    let step = 0.3;
    for (let pass = 0; pass < options.passes; pass++) {
      let improved = false;
      for (const k of knobs) {
        for (const factor of [1 + step, 1 / (1 + step)]) {
          const old = k.get(params);
          const candidate = Math.min(k.max, Math.max(k.min, old * factor));
          if (candidate === old) continue;
          k.set(params, candidate);
          const trial = lossOf();
          if (trial < loss) {
            loss = trial;
            improved = true;
            break;
          }
          k.set(params, old);
        }
      }
      options.log?.(`${stack} ${target} pass ${pass + 1}: rms log error ${Math.sqrt(loss).toFixed(4)} (step ${step.toFixed(3)})`);
      if (!improved) step /= 2;
    }
  }
  stackParamsSchema.parse(params.linux);
  stackParamsSchema.parse(params.ix);
  return params;
}

/** An integer flag of at least `min`, or an exit with the flag's name and what was wrong (usage error, 64). */
function integerFlag(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    process.stderr.write(`calibrate: --${name} expects an integer >= ${min}, got '${text}'\n`);
    process.exit(64);
  }
  return value;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const usage = 'usage: node dist/hardware-models/src/reproduce/calibrate.js [--seed S] [--passes P] [--messages N]';
  let values: { seed: string; passes: string; messages: string };
  try {
    values = parseArgs({
      options: { seed: { type: 'string', default: '1' }, passes: { type: 'string', default: '8' }, messages: { type: 'string', default: '5000' } },
    }).values;
  } catch (error) {
    process.stderr.write(`calibrate: ${(error as Error).message}\n${usage}\n`);
    process.exit(64);
  }
  const fitted = calibrate(calibrationStart, {
    seed: integerFlag('seed', values.seed, 0),
    passes: integerFlag('passes', values.passes, 1),
    measuredMessages: integerFlag('messages', values.messages, 100),
    log: (line) => process.stderr.write(line + '\n'),
  });
  process.stdout.write(JSON.stringify(fitted, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 1000) / 1000 : value), 2) + '\n');
}
