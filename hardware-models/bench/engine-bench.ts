// Events per second of the discrete-event engine on one core, against the bare event queue
// (engine-measure.ts). Rates are per CPU second of this process (process.cpuUsage), which is what
// one core delivers even when the machine is shared; wall-clock rates are printed beside them.
// Run: node dist/hardware-models/bench/engine-bench.js [--runs 5] [--quick]
import { benchArgs, type Rates } from './bench-stats.js';
import { median } from '../../conventions/index.js';
import { measureBareQueue, measureEngine } from './engine-measure.js';

const { runs, quick } = benchArgs(5);
const events = quick ? 1_000_000 : 5_000_000;
const engine: Rates[] = [];
const bare: Rates[] = [];
for (let r = 0; r < runs; r++) {
  engine.push(measureEngine(r + 1, events));
  bare.push(measureBareQueue(r + 1, events));
}
const engineCpu = median(engine.map((r) => r.perCpuSecond));
const bareCpu = median(bare.map((r) => r.perCpuSecond));
process.stdout.write(
  `engine: ${(engineCpu / 1e6).toFixed(2)} M events per CPU second (wall: ${(median(engine.map((r) => r.perWallSecond)) / 1e6).toFixed(2)} M/s); median of ${runs} runs of ${events.toLocaleString('en-US')} events; goal ≥ 2 M\n` +
  `baseline, bare event queue: ${(bareCpu / 1e6).toFixed(2)} M per CPU second; engine/baseline = ${(engineCpu / bareCpu).toFixed(2)}\n` +
  `command: node dist/hardware-models/bench/engine-bench.js --runs ${runs}${quick ? ' --quick' : ''}\n`,
);
