// Calibration of the stack parameters on the IX paper's 10GbE curves of Figure 4 only: a
// deterministic coordinate descent (in log space) on the simulated curves; the seed fixes the
// simulations. Run: node dist/hardware-models/src/reproduce/calibrate.js [--seed 1]
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { simulateEcho } from './echo-simulation.js';
import { figure4, type PaperStack } from './ix-2014-data.js';
import { calibratedParams, echoExperiment, type Ix2014Params } from './ix-2014-setup.js';
import { stackParamsSchema } from '../stacks/stack-params.js';

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

/** Mean squared log error of the simulated 10GbE curve of `stack` against the paper. */
export function calibrationLoss(stack: PaperStack, params: Ix2014Params, seed: number, measuredMessages: number): number {
  const points = figure4[`${stack}/10gbe`];
  let sum = 0;
  for (const point of points) {
    const result = simulateEcho(
      echoExperiment({ stack, nic: '10gbe', connections: point.connections, seed, measuredMessages }, params),
    );
    sum += Math.log(result.messagesPerSec / point.messagesPerSec) ** 2;
  }
  return sum / points.length;
}

/**
 * Fits Linux first (the clients run Linux too, so IX's curve depends on it), then IX, each on
 * its own 10GbE curve. Returns new parameters; the input is not changed.
 */
export function calibrate(start: Ix2014Params, options: CalibrationOptions): Ix2014Params {
  const params: Ix2014Params = structuredClone(start);
  for (const [stack, knobs] of [['linux', linuxKnobs], ['ix', ixKnobs]] as const) {
    let loss = calibrationLoss(stack, params, options.seed, options.measuredMessages);
    let step = 0.3;
    for (let pass = 0; pass < options.passes; pass++) {
      let improved = false;
      for (const k of knobs) {
        for (const factor of [1 + step, 1 / (1 + step)]) {
          const old = k.get(params);
          const candidate = Math.min(k.max, Math.max(k.min, old * factor));
          if (candidate === old) continue;
          k.set(params, candidate);
          const trial = calibrationLoss(stack, params, options.seed, options.measuredMessages);
          if (trial < loss) {
            loss = trial;
            improved = true;
            break;
          }
          k.set(params, old);
        }
      }
      options.log?.(`${stack} pass ${pass + 1}: rms log error ${Math.sqrt(loss).toFixed(4)} (step ${step.toFixed(3)})`);
      if (!improved) step /= 2;
    }
  }
  stackParamsSchema.parse(params.linux);
  stackParamsSchema.parse(params.ix);
  return params;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { seed: { type: 'string', default: '1' }, passes: { type: 'string', default: '8' }, messages: { type: 'string', default: '5000' } },
  });
  const fitted = calibrate(calibratedParams, {
    seed: Number(values.seed),
    passes: Number(values.passes),
    measuredMessages: Number(values.messages),
    log: (line) => process.stderr.write(line + '\n'),
  });
  process.stdout.write(JSON.stringify(fitted, (_key, value: unknown) => (typeof value === 'number' ? Math.round(value * 1000) / 1000 : value), 2) + '\n');
}
