// Laws of the simulator checked on random scenarios (fast-check; each failure prints its seed):
// same seed → same trace, conservation of bytes, time never goes back, links never exceed bandwidth.
import t from 'tap';
import fc from 'fast-check';
import { Simulator } from '../engine/simulator.js';
import { MemoryTraceSink } from '../engine/trace.js';
import { FaultsSchema, type FaultAction } from '../models/faults.js';
import { Network, type NetworkStats } from './network.js';
import { starTopology } from './star-topology.js';

const nodeIds = ['n0', 'n1', 'n2', 'n3'];
const node = fc.constantFrom(...nodeIds);
const atNs = fc.integer({ min: 0, max: 200_000 });

const faultAction: fc.Arbitrary<FaultAction> = fc.oneof(
  fc.record({ kind: fc.constant('crash' as const), atNs, node }),
  fc.record({ kind: fc.constant('restart' as const), atNs, node }),
  fc.record({ kind: fc.constant('partition' as const), atNs, groups: fc.constant<string[][]>([['n0', 'n1'], ['n2']]), direction: fc.constantFrom('symmetric' as const, 'one-way' as const) }),
  fc.record({ kind: fc.constant('heal' as const), atNs }),
  fc.record({ kind: fc.constant('clock-skew' as const), atNs, node, offsetNs: fc.integer({ min: -10_000, max: 10_000 }), driftPpm: fc.integer({ min: -100, max: 100 }) }),
);

const scenario = fc.record({
  seed: fc.integer(),
  bandwidthBitsPerSec: fc.constantFrom(1e9, 10e9, 40e9),
  bufferBytes: fc.integer({ min: 0, max: 20_000 }),
  cores: fc.integer({ min: 1, max: 4 }),
  sends: fc.array(fc.record({ from: node, to: node, bytes: fc.integer({ min: 1, max: 9000 }), atNs }), { maxLength: 30 }),
  messages: fc.record({
    lossProbability: fc.double({ min: 0, max: 0.3, noNaN: true }),
    duplicationProbability: fc.double({ min: 0, max: 0.3, noNaN: true }),
    reorderProbability: fc.double({ min: 0, max: 0.5, noNaN: true }),
    reorderMaxDelayNs: fc.integer({ min: 0, max: 50_000 }),
    extraDelayJitterNs: fc.integer({ min: 0, max: 5_000 }),
  }),
  schedule: fc.array(faultAction, { maxLength: 6 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

interface Transmission { startNs: number; endNs: number; bytes: number }

/** Nodes echo each message back up to 3 hops, charge some CPU and keep a periodic timer. */
function runScenario(s: Scenario, checkpoints: (stats: NetworkStats) => void = () => undefined) {
  const trace = new MemoryTraceSink();
  const sim = new Simulator({ seed: s.seed, trace });
  const transmissions = new Map<string, Transmission[]>();
  const net = new Network(sim, starTopology(nodeIds, { bandwidthBitsPerSec: s.bandwidthBitsPerSec, bufferBytes: s.bufferBytes, cores: s.cores }), {
    faults: FaultsSchema.parse({ messages: s.messages, schedule: s.schedule }),
    onTransmit: (link, startNs, endNs, bytes) => {
      const list = transmissions.get(link) ?? [];
      list.push({ startNs, endNs, bytes });
      transmissions.set(link, list);
    },
  });
  for (const id of nodeIds) {
    net.attach(id, () => ({
      start: (ctx) => void ctx.setTimer(30_000, 'tick'),
      onMessage: (ctx, m) => {
        ctx.chargeCycles(ctx.random.int(0, 5000));
        const hops = m.payload as number;
        if (hops < 3) ctx.send(m.from, m.bytes, hops + 1);
      },
      onTimer: (ctx) => {
        ctx.send(nodeIds[ctx.random.int(0, nodeIds.length - 1)]!, 100, 3);
        ctx.setTimer(30_000, 'tick');
      },
    }));
  }
  const driver = { name: 'driver', handle: (e: { data: unknown }) => {
    const send = e.data as Scenario['sends'][number];
    net.send(send.from, send.to, send.bytes, 0);
  } };
  for (const send of s.sends) sim.scheduleAt(send.atNs, driver, 'send', send);
  for (let until = 50_000; until <= 400_000; until += 50_000) {
    sim.run({ untilNs: until, maxEvents: 1_000_000 });
    checkpoints(net.stats());
  }
  return { trace: trace.text(), stats: net.stats(), transmissions, bandwidth: s.bandwidthBitsPerSec };
}

t.test('same seed and inputs → byte-identical trace', async (t) => {
  fc.assert(fc.property(scenario, (s) => runScenario(s).trace === runScenario(s).trace), { seed: 42, numRuns: 60 });
  t.pass('60 random scenarios replayed identically (fast-check seed 42)');
});

t.test('different seeds with random faults give different traces', async (t) => {
  const base = fc.sample(scenario, { seed: 5, numRuns: 1 })[0]!;
  const faulty = { ...base, messages: { ...base.messages, lossProbability: 0.3, reorderProbability: 0.5, reorderMaxDelayNs: 50_000 }, sends: Array.from({ length: 20 }, (_, i) => ({ from: 'n0', to: 'n1', bytes: 100, atNs: i })) };
  t.not(runScenario({ ...faulty, seed: 1 }).trace, runScenario({ ...faulty, seed: 2 }).trace);
});

t.test('conservation: sent + duplicated = delivered + dropped + in flight, at every checkpoint', async (t) => {
  fc.assert(fc.property(scenario, (s) => {
    const check = (stats: NetworkStats) => {
      if (stats.bytesSent + stats.bytesDuplicated !== stats.bytesDelivered + stats.bytesDropped + stats.bytesInFlight) throw new Error(`bytes not conserved: ${JSON.stringify(stats)}`);
      if (stats.messagesSent + stats.messagesDuplicated !== stats.messagesDelivered + stats.messagesDropped + stats.messagesInFlight) throw new Error(`messages not conserved: ${JSON.stringify(stats)}`);
      if (stats.bytesInFlight < 0) throw new Error('negative bytes in flight');
    };
    runScenario(s, check);
  }), { seed: 43, numRuns: 60 });
  t.pass('conserved in 60 random scenarios (fast-check seed 43)');
});

t.test('time never goes back: trace times ascend and nothing is delivered before it was sent', async (t) => {
  fc.assert(fc.property(scenario, (s) => {
    const lines = runScenario(s).trace.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as { t: number; event: string; id?: number });
    const sentAt = new Map<number, number>();
    let previous = 0;
    for (const line of lines) {
      if (line.t < previous) return false;
      previous = line.t;
      if (line.event === 'send') sentAt.set(line.id!, line.t);
      // >=: a message to oneself with free NICs arrives in the same nanosecond.
      if (line.event === 'deliver' && !(line.t >= sentAt.get(line.id!)!)) return false;
    }
    return true;
  }), { seed: 44, numRuns: 60 });
  t.pass('60 random scenarios (fast-check seed 44)');
});

t.test('a link never exceeds its bandwidth: transmissions do not overlap and last bytes·8/bandwidth', async (t) => {
  fc.assert(fc.property(scenario, (s) => {
    const run = runScenario(s);
    for (const list of run.transmissions.values()) {
      for (let i = 0; i < list.length; i++) {
        const x = list[i]!;
        if (x.endNs - x.startNs < (x.bytes * 8e9) / run.bandwidth) return false;
        if (i > 0 && x.startNs < list[i - 1]!.endNs) return false;
      }
    }
    return true;
  }), { seed: 45, numRuns: 60 });
  t.pass('60 random scenarios (fast-check seed 45)');
});
