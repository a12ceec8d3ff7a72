// A datacenter of 10,000 machines (250 racks × 40, one spine layer) with all-to-all RPC traffic
// (open loop, Poisson, --rate calls per second per machine) for one simulated second. Reports
// CPU and wall time, events, events per CPU second and memory (CPU time is what one core costs
// when the machine is shared). Baseline in the same invocation: a 1,000-machine run.
// Run: node dist/hardware-models/bench/datacenter-bench.js [--runs 3] [--rate 500] [--quick | --simulated-ms N]
import { benchArgs } from './bench-stats.js';
import { median } from '../../conventions/index.js';
import { measureDatacenter, type DatacenterMeasurement } from './datacenter-measure.js';

const { runs, quick } = benchArgs(3);
const argv = process.argv.slice(2);
const rateAt = argv.indexOf('--rate');
const ratePerMachine = rateAt >= 0 ? Number(argv[rateAt + 1]) : 500;
if (!(ratePerMachine > 0)) throw new RangeError(`--rate expects a positive number of calls per second, got ${argv[rateAt + 1]}`);
const simulatedAt = argv.indexOf('--simulated-ms');
const simulatedNs = simulatedAt >= 0 ? Number(argv[simulatedAt + 1]) * 1e6 : quick ? 50_000_000 : 1_000_000_000;
if (!Number.isSafeInteger(simulatedNs) || simulatedNs <= 0) throw new RangeError(`--simulated-ms expects a positive whole number of milliseconds, got ${argv[simulatedAt + 1]}`);
const onProgress = (line: string) => void process.stderr.write(line + '\n');

function line(label: string, ms: DatacenterMeasurement[]): string {
  const wall = median(ms.map((m) => m.wallSeconds));
  const cpu = median(ms.map((m) => m.cpuSeconds));
  const events = median(ms.map((m) => m.events));
  return `${label}: ${cpu.toFixed(1)} CPU s (${wall.toFixed(1)} s wall) for ${(simulatedNs / 1e9).toFixed(2)} s simulated (median of ${ms.length}); ` +
    `${(events / 1e6).toFixed(1)} M events, ${(events / cpu / 1e6).toFixed(2)} M events per CPU second, ${(median(ms.map((m) => m.calls)) / 1e6).toFixed(2)} M calls; ` +
    `peak heap ${median(ms.map((m) => m.heapMiB)).toFixed(0)} MiB, rss ${median(ms.map((m) => m.rssMiB)).toFixed(0)} MiB\n`;
}

const baseline: DatacenterMeasurement[] = [];
const full: DatacenterMeasurement[] = [];
for (let r = 0; r < runs; r++) {
  baseline.push(measureDatacenter({ racks: 25, ratePerMachine, simulatedNs, seed: r + 1, onProgress }));
  full.push(measureDatacenter({ racks: 250, ratePerMachine, simulatedNs, seed: r + 1, onProgress }));
}
process.stdout.write(
  line('baseline, 1,000 machines', baseline) +
  line('10,000 machines', full) +
  `goal: ≤ 60 s on one core for 1 simulated second at 10,000 machines; ratio 10,000/1,000 machines CPU time = ${(median(full.map((m) => m.cpuSeconds)) / median(baseline.map((m) => m.cpuSeconds))).toFixed(1)}\n` +
  `workload: rpc-all-to-all, open loop, ${ratePerMachine} calls/s per machine, 64 B requests and responses\n` +
  `command: node dist/hardware-models/bench/datacenter-bench.js --runs ${runs} --rate ${ratePerMachine}${simulatedAt >= 0 ? ` --simulated-ms ${simulatedNs / 1e6}` : quick ? ' --quick' : ''}\n`,
);
