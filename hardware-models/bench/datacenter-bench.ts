// A datacenter of 10,000 machines (250 racks × 40, one spine layer) with all-to-all RPC traffic
// (open loop, Poisson, --rate calls per second per machine) for one simulated second. Reports wall
// CPU and wall time, events, events per CPU second and memory (CPU time is what one core costs
// when the machine is shared). Baseline in the same invocation: a 1,000-machine run.
// Run: node dist/hardware-models/bench/datacenter-bench.js [--runs 3] [--rate 500] [--quick]
import { loadPreset } from '../src/presets/presets.js';
import { parseHardwareModel } from '../src/models/hardware-model.js';
import { runWorkload } from '../src/run/run-workload.js';
import { rpcAllToAll } from '../src/workloads/rpc-all-to-all.js';
import { benchArgs, median, startClocks } from './bench-stats.js';

const { runs, quick } = benchArgs(3);
const argv = process.argv.slice(2);
const rateAt = argv.indexOf('--rate');
const ratePerMachine = rateAt >= 0 ? Number(argv[rateAt + 1]) : 500;
const simulatedNs = quick ? 50_000_000 : 1_000_000_000;

function datacenter(racks: number) {
  const base = loadPreset('datacenter-100gbe').model;
  if (base.topology.kind !== 'datacenter') throw new Error('datacenter-100gbe is expected to be a datacenter topology');
  const parsed = parseHardwareModel({ ...base, topology: { ...base.topology, racks, rack: { ...base.topology.rack, machines: 40 }, spines: 1 } });
  if (parsed.kind !== 'ok') throw new Error(JSON.stringify(parsed));
  return parsed;
}

interface Measurement { wallSeconds: number; cpuSeconds: number; events: number; calls: number; heapMiB: number; rssMiB: number }

function measure(racks: number, seed: number): Measurement {
  const { model, built } = datacenter(racks);
  let peakHeap = 0;
  const start = performance.now();
  const clocks = startClocks();
  const report = runWorkload({
    model, built, workload: rpcAllToAll, params: { ratePerMachine }, seed, durationNs: simulatedNs,
    progressEvery: 2_000_000,
    onProgress: (events, nowNs) => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      process.stderr.write(`  ${racks * 40} machines: ${(nowNs / 1e6).toFixed(0)} ms simulated, ${(events / 1e6).toFixed(0)} M events, ${((performance.now() - start) / 1000).toFixed(1)} s\n`);
    },
  });
  const { wallSeconds, cpuSeconds } = clocks.rates(report.outcome.events);
  const memory = process.memoryUsage();
  return { wallSeconds, cpuSeconds, events: report.outcome.events, calls: report.figures.callsCompleted!, heapMiB: Math.max(peakHeap, memory.heapUsed) / 2 ** 20, rssMiB: memory.rss / 2 ** 20 };
}

function line(label: string, ms: Measurement[]): string {
  const wall = median(ms.map((m) => m.wallSeconds));
  const cpu = median(ms.map((m) => m.cpuSeconds));
  const events = median(ms.map((m) => m.events));
  return `${label}: ${cpu.toFixed(1)} CPU s (${wall.toFixed(1)} s wall) for ${(simulatedNs / 1e9).toFixed(2)} s simulated (median of ${ms.length}); ` +
    `${(events / 1e6).toFixed(1)} M events, ${(events / cpu / 1e6).toFixed(2)} M events per CPU second, ${(median(ms.map((m) => m.calls)) / 1e6).toFixed(2)} M calls; ` +
    `peak heap ${median(ms.map((m) => m.heapMiB)).toFixed(0)} MiB, rss ${median(ms.map((m) => m.rssMiB)).toFixed(0)} MiB\n`;
}

const baseline: Measurement[] = [];
const full: Measurement[] = [];
for (let r = 0; r < runs; r++) {
  baseline.push(measure(25, r + 1));
  full.push(measure(250, r + 1));
}
process.stdout.write(
  line('baseline, 1,000 machines', baseline) +
  line('10,000 machines', full) +
  `goal: ≤ 60 s on one core for 1 simulated second at 10,000 machines; ratio 10,000/1,000 machines CPU time = ${(median(full.map((m) => m.cpuSeconds)) / median(baseline.map((m) => m.cpuSeconds))).toFixed(1)}\n` +
  `workload: rpc-all-to-all, open loop, ${ratePerMachine} calls/s per machine, 64 B requests and responses\n` +
  `command: node dist/hardware-models/bench/datacenter-bench.js --runs ${runs} --rate ${ratePerMachine}${quick ? ' --quick' : ''}\n`,
);
