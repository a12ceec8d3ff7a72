// Events per second of the discrete-event engine on one core: 1,000 components, each event
// schedules the next one a random 1–1000 ns later, so the heap holds ~1,000 events. Baseline in
// the same invocation: the bare event queue (push/pop of the same events without dispatch).
// Rates are per CPU second of this process (process.cpuUsage), which is what one core delivers
// even when the machine is shared; wall-clock rates are printed beside them.
// Run: node dist/hardware-models/bench/engine-bench.js [--runs 5] [--quick]
import { EventQueue, type QueuedEvent } from '../src/engine/event-queue.js';
import { SeededRandom } from '../src/engine/seeded-random.js';
import { Simulator, type Component } from '../src/engine/simulator.js';
import { benchArgs, median, startClocks, type Rates } from './bench-stats.js';

const { runs, quick } = benchArgs(5);
const events = quick ? 1_000_000 : 5_000_000;
const components = 1000;

function engineRun(seed: number): Rates {
  const sim = new Simulator({ seed });
  const random = sim.random;
  const ticker: Component = { name: 'ticker', handle: (_e, s) => void s.schedule(random.int(1, 1000), ticker, 'tick') };
  for (let i = 0; i < components; i++) sim.schedule(random.int(1, 1000), ticker, 'tick');
  const clocks = startClocks();
  const outcome = sim.run({ maxEvents: events });
  if (outcome.events !== events) throw new Error(`expected ${events} events, ran ${outcome.events}`);
  return clocks.rates(events);
}

function bareQueueRun(seed: number): Rates {
  const random = new SeededRandom(seed);
  const queue = new EventQueue<QueuedEvent>();
  let seq = 0;
  for (let i = 0; i < components; i++) queue.push({ timeNs: random.int(1, 1000), seq: seq++, cancelled: false });
  const clocks = startClocks();
  for (let i = 0; i < events; i++) {
    const e = queue.pop()!;
    queue.push({ timeNs: e.timeNs + random.int(1, 1000), seq: seq++, cancelled: false });
  }
  return clocks.rates(events);
}

const engine: Rates[] = [];
const bare: Rates[] = [];
for (let r = 0; r < runs; r++) {
  engine.push(engineRun(r + 1));
  bare.push(bareQueueRun(r + 1));
}
const engineCpu = median(engine.map((r) => r.perCpuSecond));
const bareCpu = median(bare.map((r) => r.perCpuSecond));
process.stdout.write(
  `engine: ${(engineCpu / 1e6).toFixed(2)} M events per CPU second (wall: ${(median(engine.map((r) => r.perWallSecond)) / 1e6).toFixed(2)} M/s); median of ${runs} runs of ${events.toLocaleString('en-US')} events; goal ≥ 2 M\n` +
  `baseline, bare event queue: ${(bareCpu / 1e6).toFixed(2)} M per CPU second; engine/baseline = ${(engineCpu / bareCpu).toFixed(2)}\n` +
  `command: node dist/hardware-models/bench/engine-bench.js --runs ${runs}${quick ? ' --quick' : ''}\n`,
);
