// Unit tests of the simulated network: latency arithmetic, queueing, each fault, crash/restart,
// timers, CPU charging, clock skew.
import t from 'tap';
import { Simulator } from '../engine/simulator.js';
import { MemoryTraceSink } from '../engine/trace.js';
import { FaultsSchema } from '../models/faults.js';
import { Network, type DeliveredMessage, type NodeBehavior, type NodeContext } from './network.js';
import { starTopology } from './star-topology.js';

interface Received { atNs: number; node: string; message: DeliveredMessage }

function listener(received: Received[], sim: Simulator, onStart?: (ctx: NodeContext) => void): (id: string) => NodeBehavior {
  return (id) => ({
    start: (ctx) => onStart?.(ctx),
    onMessage: (_ctx, message) => void received.push({ atNs: sim.nowNs, node: id, message }),
    onTimer: () => undefined,
  });
}

function setup(ids = ['a', 'b', 'c'], faults?: unknown, seed = 1) {
  const trace = new MemoryTraceSink();
  const sim = new Simulator({ seed, trace });
  const net = new Network(sim, starTopology(ids), faults === undefined ? {} : { faults: FaultsSchema.parse(faults) });
  const received: Received[] = [];
  for (const id of ids) net.attach(id, listener(received, sim));
  return { sim, net, received, trace };
}

t.test('latency = serialization + propagation per hop + forwarding', async (t) => {
  const { sim, net, received } = setup();
  net.send('a', 'b', 1250, 'x'); // 1250 B at 10 Gb/s = 1000 ns per link
  sim.run();
  t.equal(received.length, 1);
  t.equal(received[0]!.atNs, 1000 + 500 + 300 + 1000 + 500);
  t.same(received[0]!.message, { id: 0, copy: 0, from: 'a', to: 'b', bytes: 1250, payload: 'x', sentAtNs: 0 });
});

t.test('back-to-back messages queue on the sender link (FIFO, no overlap)', async (t) => {
  const { sim, net, received } = setup();
  net.send('a', 'b', 1250, 1);
  net.send('a', 'c', 1250, 2);
  sim.run();
  t.same(received.map((r) => r.atNs), [3300, 4300]);
});

t.test('NIC costs are paid on both sides', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const graph = starTopology(['a', 'b']);
  for (const m of graph.machines) m.nic = { txFixedNs: 100, txPerByteNs: 0.5, rxFixedNs: 200, rxPerByteNs: 0.25 };
  const net = new Network(sim, graph);
  const received: Received[] = [];
  net.attach('b', listener(received, sim));
  net.send('a', 'b', 1250, null);
  sim.run();
  t.equal(received[0]!.atNs, 3300 + 100 + 625 + 200 + 313);
});

t.test('a full buffer tail-drops', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim, starTopology(['a', 'b'], { bufferBytes: 2000 }));
  for (let i = 0; i < 4; i++) net.send('a', 'b', 1000, i);
  sim.run();
  const stats = net.stats();
  t.equal(stats.messagesDelivered, 2, 'the buffer holds 2000 B not yet on the wire, counting the one being sent');
  t.equal(stats.dropsByReason['buffer-overflow'], 2);
});

t.test('loss probability 1 drops everything; 0 drops nothing', async (t) => {
  const lossy = setup(['a', 'b'], { messages: { lossProbability: 1 } });
  for (let i = 0; i < 10; i++) lossy.net.send('a', 'b', 10, i);
  lossy.sim.run();
  t.equal(lossy.received.length, 0);
  t.equal(lossy.net.stats().dropsByReason.loss, 10);
  const clean = setup(['a', 'b']);
  for (let i = 0; i < 10; i++) clean.net.send('a', 'b', 10, i);
  clean.sim.run();
  t.equal(clean.received.length, 10);
});

t.test('duplication delivers a second copy with the same id', async (t) => {
  const { sim, net, received } = setup(['a', 'b'], { messages: { duplicationProbability: 1 } });
  net.send('a', 'b', 10, 'x');
  sim.run();
  t.same(received.map((r) => [r.message.id, r.message.copy]), [[0, 0], [0, 1]]);
  const stats = net.stats();
  t.equal(stats.messagesDuplicated, 1);
  t.equal(stats.bytesDelivered, 20);
});

t.test('reordering lets later messages overtake; without it order is FIFO', async (t) => {
  const ordered = setup(['a', 'b']);
  for (let i = 0; i < 50; i++) ordered.net.send('a', 'b', 10, i);
  ordered.sim.run();
  t.same(ordered.received.map((r) => r.message.payload), [...Array(50).keys()]);
  const shuffled = setup(['a', 'b'], { messages: { reorderProbability: 0.5, reorderMaxDelayNs: 100_000 } });
  for (let i = 0; i < 50; i++) shuffled.net.send('a', 'b', 10, i);
  shuffled.sim.run();
  const order = shuffled.received.map((r) => r.message.payload as number);
  t.equal(order.length, 50);
  t.notSame(order, [...Array(50).keys()], 'some message overtaken');
});

t.test('extra delay and jitter', async (t) => {
  const { sim, net, received } = setup(['a', 'b'], { messages: { extraDelayNs: 1_000_000 } });
  net.send('a', 'b', 1250, null);
  sim.run();
  t.equal(received[0]!.atNs, 1_003_300);
  const jittery = setup(['a', 'b'], { messages: { extraDelayJitterNs: 1000 } });
  for (let i = 0; i < 20; i++) jittery.net.send('a', 'b', 1, i);
  jittery.sim.run();
  t.ok(jittery.received.every((r) => r.atNs >= 1302 && r.atNs <= 1302 + 1000 + 20));
});

t.test('symmetric partition blocks both ways; heal restores', async (t) => {
  const { sim, net, received } = setup();
  net.partition([['a'], ['b', 'c']], 'symmetric');
  net.send('a', 'b', 10, 1);
  net.send('b', 'a', 10, 2);
  net.send('b', 'c', 10, 3);
  sim.run();
  t.same(received.map((r) => r.message.payload), [3]);
  net.heal();
  net.send('a', 'b', 10, 4);
  sim.run();
  t.same(received.map((r) => r.message.payload), [3, 4]);
  t.equal(net.stats().dropsByReason.partition, 2);
});

t.test('one-way partition blocks only groups[0] → others', async (t) => {
  const { sim, net, received } = setup();
  net.partition([['a'], ['b']], 'one-way');
  net.send('a', 'b', 10, 'blocked');
  net.send('b', 'a', 10, 'flows');
  sim.run();
  t.same(received.map((r) => r.message.payload), ['flows']);
});

t.test('a partition that starts while a message is in flight drops it at delivery', async (t) => {
  const { sim, net, received } = setup(['a', 'b'], { schedule: [{ kind: 'partition', atNs: 100, groups: [['a'], ['b']] }] });
  net.send('a', 'b', 10, 'x');
  sim.run();
  t.equal(received.length, 0);
  t.equal(net.stats().dropsByReason.partition, 1);
});

t.test('crash: receives nothing, timers dropped; restart rebuilds the node and calls start', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim, starTopology(['a', 'b']));
  const log: string[] = [];
  let incarnation = 0;
  net.attach('b', () => {
    const mine = ++incarnation;
    return {
      start: (ctx) => {
        log.push(`start ${mine}`);
        ctx.setTimer(1000, 'tick');
      },
      onMessage: (_ctx, m) => void log.push(`msg ${String(m.payload)} in ${mine}`),
      onTimer: (_ctx, _id, tag) => void log.push(`timer ${String(tag)} in ${mine}`),
    };
  });
  sim.run({ untilNs: 10 });
  net.crash('b');
  t.equal(net.isUp('b'), false);
  net.send('a', 'b', 10, 'lost');
  sim.run({ untilNs: 5000 });
  net.restart('b');
  net.send('a', 'b', 10, 'after');
  sim.run();
  t.same(log, ['start 1', 'start 2', 'timer tick in 2', 'msg after in 2'], 'timer of incarnation 1 (at 1000) dropped; the new one fires at 6000, the message lands at 6316');
  t.equal(net.stats().dropsByReason['receiver-down'], 1);
  net.crash('b');
  net.crash('b');
  t.equal(net.isUp('b'), false, 'crashing twice is harmless');
});

t.test('a crashed sender sends nothing', async (t) => {
  const { sim, net, received } = setup(['a', 'b']);
  net.crash('a');
  t.equal(net.send('a', 'b', 10, 'x'), -1);
  sim.run();
  t.equal(received.length, 0);
  t.equal(net.stats().dropsByReason['sender-down'], 1);
});

t.test('timers fire in local time; cancel works', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim, starTopology(['a', 'b']));
  const fired: [string, number][] = [];
  net.attach('a', () => ({
    start: (ctx) => {
      ctx.setTimer(1_000_000, 'kept');
      const doomed = ctx.setTimer(500, 'cancelled');
      ctx.cancelTimer(doomed);
    },
    onMessage: () => undefined,
    onTimer: (_ctx, _id, tag) => void fired.push([String(tag), sim.nowNs]),
  }));
  net.setClockSkew('a', 0, 1000); // local clock 0.1 % fast: 1,000,000 local ns elapse in 999,001 ns
  sim.run();
  t.same(fired, [['kept', 999_001]]);
});

t.test('clock skew: offset and drift on the local clock', async (t) => {
  const { sim, net } = setup(['a', 'b']);
  net.setClockSkew('a', 5000, 100);
  sim.run({ untilNs: 1_000_000 });
  t.equal(net.localTimeNs('a'), 1_000_100 + 5000);
  t.equal(net.localTimeNs('b'), 1_000_000);
});

t.test('charged CPU time delays sends and queues later events behind a busy core', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim, starTopology(['a', 'b'], { cores: 1, clockHz: 1e9 }));
  const handledAt: number[] = [];
  net.attach('b', () => ({
    start: () => undefined,
    onMessage: (ctx, m) => {
      handledAt.push(sim.nowNs);
      ctx.chargeCycles(10_000);
      ctx.send(m.from, 10, 'reply');
    },
    onTimer: () => undefined,
  }));
  const replies: number[] = [];
  net.attach('a', () => ({ start: () => undefined, onMessage: () => void replies.push(sim.nowNs), onTimer: () => undefined }));
  net.send('a', 'b', 10, 1);
  net.send('a', 'b', 10, 2);
  sim.run();
  t.equal(handledAt.length, 2);
  t.equal(handledAt[1]! - handledAt[0]!, 10_000, 'second message waits for the one core');
  t.equal(replies[0]! - handledAt[0]!, 10_000 + 1316, 'reply leaves after the charged CPU time');
});

t.test('context used outside a handler is an error', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const net = new Network(sim, starTopology(['a']));
  let saved: NodeContext | undefined;
  net.attach('a', () => ({ start: (ctx) => void (saved = ctx), onMessage: () => undefined, onTimer: () => undefined }));
  sim.run();
  t.throws(() => saved!.send('a', 1, null), /outside its handler/);
});

t.test('bad arguments name the problem', async (t) => {
  const { net } = setup(['a', 'b']);
  t.throws(() => net.send('a', 'zz', 10, null), /unknown node 'zz'; the topology's machines are a, b/);
  t.throws(() => net.send('a', 'b', 0, null), /bytes must be a positive integer/);
  t.throws(() => new Network(new Simulator({ seed: 1 }), { machines: starTopology(['a']).machines, devices: [], links: [{ a: 'a', b: 'nowhere', bandwidthBitsPerSec: 1, propagationNs: 0, bufferBytes: 0 }] }), /unknown machine or device 'nowhere'/);
});

t.test('a scheduled fault naming an unknown node is rejected when scheduled', async (t) => {
  const { net } = setup(['a', 'b']);
  t.throws(() => net.scheduleFault({ kind: 'partition', atNs: 5, groups: [['a'], ['b', 'zz']], direction: 'symmetric' }), /unknown node 'zz'/);
  t.throws(() => net.scheduleFault({ kind: 'restart', atNs: 5, node: 'q' }), /unknown node 'q'/);
});

t.test('random crashes follow the seed and restart nodes', async (t) => {
  const run = () => {
    const s = setup(['a', 'b', 'c'], { randomCrashes: { meanTimeBetweenCrashesNs: 1_000_000, restartAfterNs: 200_000 } }, 7);
    s.sim.run({ untilNs: 10_000_000 });
    return s.trace.text();
  };
  const text = run();
  t.equal(run(), text);
  const crashes = text.split('\n').filter((l) => l.includes('"event":"crash"')).length;
  t.ok(crashes >= 3 && crashes <= 25, `about 10 crashes in 10 ms, got ${crashes}`);
  t.ok(text.includes('"event":"restart"'));
});

t.test('messages route across switches by latency', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const nic = { txFixedNs: 0, txPerByteNs: 0, rxFixedNs: 0, rxPerByteNs: 0 };
  const link = (a: string, b: string, propagationNs: number) => ({ a, b, bandwidthBitsPerSec: 8e9, propagationNs, bufferBytes: 1e6 });
  const net = new Network(sim, {
    machines: [{ id: 'x', cores: 1, clockHz: 1e9, nic }, { id: 'y', cores: 1, clockHz: 1e9, nic }],
    devices: ['s1', 's2', 's3'].map((id) => ({ id, kind: 'switch' as const, forwardingNs: 0 })),
    links: [link('x', 's1', 0), link('y', 's3', 0), link('s1', 's3', 1000), link('s1', 's2', 100), link('s2', 's3', 100)],
  });
  const received: Received[] = [];
  net.attach('y', listener(received, sim));
  net.send('x', 'y', 8, null); // 8 B at 8 Gb/s = 8 ns per link
  sim.run();
  t.equal(received[0]!.atNs, 4 * 8 + 200, 'via s2 (200 ns) rather than the direct 1000 ns link');
});
