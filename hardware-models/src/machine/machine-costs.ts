// Costs derived from a machine model: cycles to time, named operations, memory transfers, and the
// latency of touching a working set of a given size (which cache level holds it).
import type { Machine } from '../models/machine.js';

export function cyclesToNs(machine: Machine, cycles: number): number {
  return Math.ceil((cycles * 1e9) / machine.clockHz);
}

/** Time for `count` of a named operation from machine.operationCycles. */
export function operationNs(machine: Machine, operation: string, count = 1): number {
  const cycles = machine.operationCycles[operation];
  if (cycles === undefined) {
    const known = Object.keys(machine.operationCycles);
    throw new RangeError(`unknown machine operation '${operation}'; operationCycles defines ${known.length === 0 ? 'none' : known.join(', ')}`);
  }
  return cyclesToNs(machine, cycles * count);
}

/** Copying or streaming `bytes` through DRAM: one access latency plus the transfer at memory bandwidth. */
export function memoryTransferNs(machine: Machine, bytes: number): number {
  return Math.ceil(machine.memory.latencyNs + (bytes * 1e9) / machine.memory.bandwidthBytesPerSec);
}

/** Load latency for data drawn uniformly from a working set: the smallest cache whose per-core share holds it, else DRAM. */
export function accessLatencyNs(machine: Machine, workingSetBytes: number): number {
  const levels = [...machine.caches].sort((a, b) => a.level - b.level);
  for (const cache of levels) {
    if (workingSetBytes <= cache.sizeBytes) return cyclesToNs(machine, cache.latencyCycles);
  }
  return Math.ceil(machine.memory.latencyNs);
}

/** Hardware threads the simulator schedules handlers on. */
export function hardwareThreads(machine: Machine): number {
  return machine.cores * machine.threadsPerCore;
}
