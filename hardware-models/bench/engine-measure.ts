// Measurements of the bare engine: 1,000 components, each event schedules the next one a random
// 1–1000 ns later (the heap holds ~1,000 events), and the same traffic on the bare event queue.
import { EventQueue, type QueuedEvent } from '../src/engine/event-queue.js';
import { SeededRandom } from '../src/engine/seeded-random.js';
import { Simulator, type Component } from '../src/engine/simulator.js';
import { startClocks, type Rates } from './bench-stats.js';

const components = 1000;

export function measureEngine(seed: number, events: number): Rates {
  const sim = new Simulator({ seed });
  const random = sim.random;
  const ticker: Component = { name: 'ticker', handle: (_e, s) => void s.schedule(random.int(1, 1000), ticker, 'tick') };
  for (let i = 0; i < components; i++) sim.schedule(random.int(1, 1000), ticker, 'tick');
  const clocks = startClocks();
  const outcome = sim.run({ maxEvents: events });
  if (outcome.events !== events) throw new Error(`expected ${events} events, ran ${outcome.events}`);
  return clocks.rates(events);
}

export function measureBareQueue(seed: number, events: number): Rates {
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
