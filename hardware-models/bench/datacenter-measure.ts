// One measured run of a datacenter of `racks` × 40 machines (datacenter-100gbe with one spine)
// under rpc-all-to-all, open loop at `ratePerMachine` calls/s, for `simulatedNs`.
import { loadPreset } from '../src/presets/presets.js';
import { parseHardwareModel } from '../src/models/hardware-model.js';
import { runWorkload } from '../src/run/run-workload.js';
import { rpcAllToAll } from '../src/workloads/rpc-all-to-all.js';
import { startClocks } from './bench-stats.js';

export interface DatacenterMeasurement {
  wallSeconds: number;
  cpuSeconds: number;
  events: number;
  calls: number;
  heapMiB: number;
  rssMiB: number;
}

export interface DatacenterRun {
  racks: number;
  ratePerMachine: number;
  simulatedNs: number;
  seed: number;
  onProgress?: (line: string) => void;
}

function datacenter(racks: number) {
  const base = loadPreset('datacenter-100gbe').model;
  if (base.topology.kind !== 'datacenter') throw new Error('datacenter-100gbe is expected to be a datacenter topology');
  const parsed = parseHardwareModel({ ...base, topology: { ...base.topology, racks, rack: { ...base.topology.rack, machines: 40 }, spines: 1 } });
  if (parsed.kind !== 'ok') throw new Error(JSON.stringify(parsed));
  return parsed;
}

export function measureDatacenter(run: DatacenterRun): DatacenterMeasurement {
  const { model, built } = datacenter(run.racks);
  let peakHeap = 0;
  const clocks = startClocks();
  const report = runWorkload({
    model, built, workload: rpcAllToAll, params: { ratePerMachine: run.ratePerMachine }, seed: run.seed, durationNs: run.simulatedNs,
    progressEvery: 2_000_000,
    onProgress: (events, nowNs) => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      run.onProgress?.(`  ${run.racks * 40} machines: ${(nowNs / 1e6).toFixed(0)} ms simulated, ${(events / 1e6).toFixed(0)} M events, ${clocks.rates(events).wallSeconds.toFixed(1)} s`);
    },
  });
  const { wallSeconds, cpuSeconds } = clocks.rates(report.outcome.events);
  const memory = process.memoryUsage();
  return {
    wallSeconds, cpuSeconds, events: report.outcome.events, calls: report.figures.callsCompleted!,
    heapMiB: Math.max(peakHeap, memory.heapUsed) / 2 ** 20, rssMiB: memory.rss / 2 ** 20,
  };
}
