// The IX paper's testbed as simulator inputs: the server (8 cores / 16 hyperthreads, 20 MB L3,
// one or four 10GbE ports), 18 Linux client machines, and the calibrated stack parameters.
import type { EchoExperiment, EchoHostSpec } from './echo-simulation.js';
import type { PaperNic, PaperStack } from './ix-2014-data.js';
import type { IxStackParams, LinuxStackParams, MemoryParams } from '../stacks/stack-params.js';
import { calibratedIxParams, calibratedLinuxParams } from './ix-2014-calibrated.js';

/** Xeon E5-2665: 20 MB shared L3 (Intel ARK); ~80 ns per DRAM access (typical for that generation). */
export const ix2014Memory: MemoryParams = { llcBytes: 20 * 1024 * 1024, llcMissNs: 80 };

export const tenGigabitBitsPerSec = 10e9;
export const clientMachines = 18;
/** One-way cable + cut-through switch latency (Broadcom Trident+ class switch, ~1 µs). */
export const wireLatencyNs = 1000;

export interface Ix2014Params {
  ix: IxStackParams;
  linux: LinuxStackParams;
}

export const calibratedParams: Ix2014Params = { ix: calibratedIxParams, linux: calibratedLinuxParams };

export function nicPorts(nic: PaperNic): number {
  switch (nic) {
    case '10gbe':
      return 1;
    case '4x10gbe':
      return 4;
    default: {
      const unreachable: never = nic;
      throw new Error(`unknown NIC ${String(unreachable)}`);
    }
  }
}

export function serverSpec(stack: PaperStack, nic: PaperNic, params: Ix2014Params, hyperthreads = 16): EchoHostSpec {
  return {
    hyperthreads,
    ports: nicPorts(nic),
    portBitsPerSec: tenGigabitBitsPerSec,
    stack: stack === 'ix' ? params.ix : params.linux,
    memory: ix2014Memory,
  };
}

/** Clients run Linux with libevent on 16 hyperthreads and one 10GbE port; they share the Linux parameters. */
export function clientSpec(params: Ix2014Params): EchoHostSpec {
  return { hyperthreads: 16, ports: 1, portBitsPerSec: tenGigabitBitsPerSec, stack: params.linux, memory: ix2014Memory };
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

/** The experiment for one point of the paper's figures. */
export function echoExperiment(request: EchoPointRequest, params: Ix2014Params): EchoExperiment {
  return {
    server: serverSpec(request.stack, request.nic, params, request.hyperthreads),
    client: clientSpec(params),
    clientMachines,
    wireLatencyNs,
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
