// The IX paper's testbed as simulator inputs, read from the simulator's presets ix-2014-10gbe and
// ix-2014-4x10gbe (machines, NIC ports, caches, switch latency, with their sources), plus the
// benchmark's own facts (18 client machines) and the calibrated stack parameters.
import type { EchoExperiment, EchoHostSpec } from './echo-simulation.js';
import type { PaperNic, PaperStack } from './ix-2014-data.js';
import type { IxStackParams, LinuxStackParams, MemoryParams } from '../stacks/stack-params.js';
import { calibratedIxParams, calibratedLinuxParams } from './ix-2014-calibrated.js';
import { loadPreset } from '../presets/presets.js';
import type { HardwareModel } from '../models/hardware-model.js';

/** IX §5.2: "18 clients connect to a single server" (the preset's switch has 24 client ports). */
export const clientMachines = 18;

export interface Ix2014Params {
  ix: IxStackParams;
  linux: LinuxStackParams;
}

export const calibratedParams: Ix2014Params = { ix: calibratedIxParams, linux: calibratedLinuxParams };

const presetName: Record<PaperNic, string> = { '10gbe': 'ix-2014-10gbe', '4x10gbe': 'ix-2014-4x10gbe' };
const presets = new Map<PaperNic, HardwareModel>();

function preset(nic: PaperNic): HardwareModel {
  let model = presets.get(nic);
  if (model === undefined) {
    model = loadPreset(presetName[nic]).model;
    presets.set(nic, model);
  }
  return model;
}

type MachineType = HardwareModel['machineTypes'][string];

function machineType(model: HardwareModel, name: 'server' | 'client'): MachineType {
  const machine = model.machineTypes[name];
  if (machine === undefined) throw new Error(`preset ${model.name} has no machine type '${name}'`);
  return machine;
}

/** The LLC and DRAM latency the cost models charge misses to. */
function memoryOf(machine: MachineType): MemoryParams {
  const llc = [...machine.caches].sort((a, b) => b.level - a.level)[0];
  if (llc === undefined) throw new Error('the IX testbed presets must describe the last-level cache');
  return { llcBytes: llc.sizeBytes, llcMissNs: machine.memory.latencyNs };
}

function hostSpec(model: HardwareModel, name: 'server' | 'client', stack: IxStackParams | LinuxStackParams, hyperthreads?: number): EchoHostSpec {
  const machine = machineType(model, name);
  const nic = model.nicTypes[machine.nic];
  if (nic === undefined) throw new Error(`preset ${model.name}: machine type '${name}' names unknown NIC '${machine.nic}'`);
  return {
    hyperthreads: hyperthreads ?? machine.cores * machine.threadsPerCore,
    ports: nic.ports,
    portBitsPerSec: nic.lineRateBitsPerSec,
    stack,
    memory: memoryOf(machine),
  };
}

/** Memory of the server (Xeon E5-2665: 20 MB L3), for tests and tools that price misses. */
export const ix2014Memory: MemoryParams = memoryOf(machineType(preset('10gbe'), 'server'));

/** Client link + switch forwarding + server link, one way, from the preset's topology. */
export function wireLatencyNs(nic: PaperNic): number {
  const topology = preset(nic).topology;
  if (topology.kind !== 'explicit') throw new Error(`preset ${presetName[nic]} must have an explicit topology`);
  const propagation = (machine: string) => topology.links.find((l) => l.a === machine || l.b === machine)?.propagationNs ?? 0;
  const forwarding = topology.switches[0]?.forwardingNs ?? 0;
  return propagation('client0') + forwarding + propagation('server');
}

export interface EchoPointRequest {
  stack: PaperStack;
  nic: PaperNic;
  connections: number;
  messageBytes?: number;
  roundTrips?: number;
  hyperthreads?: number;
  seed: number;
  /** Echoes measured per point; the figure uses 40,000, tests fewer. */
  measuredMessages: number;
}

/** The experiment for one point of the paper's figures. Clients run Linux with the same parameters. */
export function echoExperiment(request: EchoPointRequest, params: Ix2014Params): EchoExperiment {
  const model = preset(request.nic);
  return {
    server: hostSpec(model, 'server', request.stack === 'ix' ? params.ix : params.linux, request.hyperthreads),
    client: hostSpec(model, 'client', params.linux),
    clientMachines,
    wireLatencyNs: wireLatencyNs(request.nic),
    connections: request.connections,
    messageBytes: request.messageBytes ?? 64,
    roundTrips: request.roundTrips ?? Infinity,
    seed: request.seed,
    // Skip start-up: below saturation every connection has echoed once; above it the server is
    // busy from the first microseconds, so one window's worth of echoes is enough.
    warmupMessages: Math.max(request.measuredMessages / 4, Math.min(request.connections, request.measuredMessages)),
    measuredMessages: request.measuredMessages,
  };
}
