// The engine: ordering and tie-break, run limits, scheduling errors, cancellation, trace bytes.
import t from 'tap';
import fc from 'fast-check';
import { Simulator, type Component, type SimEvent } from './simulator.js';
import { MemoryTraceSink } from './trace.js';

function recorder(log: string[]): Component {
  return { name: 'recorder', handle: (e: SimEvent, sim) => void log.push(`${sim.nowNs}:${e.kind}`) };
}

t.test('same-time events run in scheduling order; times ascend', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const log: string[] = [];
  const c = recorder(log);
  sim.schedule(10, c, 'b');
  sim.schedule(5, c, 'a');
  sim.schedule(10, c, 'c');
  sim.scheduleAt(10, c, 'd');
  t.same(sim.run(), { kind: 'idle', nowNs: 10, events: 4 });
  t.same(log, ['5:a', '10:b', '10:c', '10:d']);
});

t.test('a handler scheduling at delay 0 runs after everything already due now', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const log: string[] = [];
  const c: Component = {
    name: 'c',
    handle(e, s) {
      log.push(e.kind);
      if (e.kind === 'first') s.schedule(0, c, 'spawned');
    },
  };
  sim.schedule(1, c, 'first');
  sim.schedule(1, c, 'second');
  sim.run();
  t.same(log, ['first', 'second', 'spawned']);
});

t.test('run limits: time, events, interruption', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const ticker: Component = { name: 'ticker', handle: (_e, s) => void s.schedule(100, ticker, 'tick') };
  sim.schedule(0, ticker, 'tick');
  t.same(sim.run({ untilNs: 250 }), { kind: 'time-limit', nowNs: 250, events: 3 });
  t.same(sim.run({ maxEvents: 2 }), { kind: 'event-limit', nowNs: 400, events: 2 });
  const controller = new AbortController();
  controller.abort();
  t.equal(sim.run({ signal: controller.signal }).kind, 'interrupted');
  t.equal(sim.eventsHandled, 5);
});

t.test('run until a time with nothing to do advances the clock', async (t) => {
  const sim = new Simulator({ seed: 1 });
  t.same(sim.run({ untilNs: 1000 }), { kind: 'idle', nowNs: 1000, events: 0 });
});

t.test('progress is reported every progressEvery events', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const ticker: Component = { name: 'ticker', handle: (_e, s) => void s.schedule(1, ticker, 'tick') };
  sim.schedule(0, ticker, 'tick');
  const reports: number[] = [];
  sim.run({ maxEvents: 10, progressEvery: 4, onProgress: (n) => reports.push(n) });
  t.same(reports, [4, 8]);
});

t.test('scheduling in the past or with a bad delay throws, naming the component', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const c = recorder([]);
  sim.schedule(10, c, 'x');
  sim.run();
  t.throws(() => sim.scheduleAt(5, c, 'late'), /recorder: cannot schedule 'late' at 5 ns; the clock reads 10 ns/);
  t.throws(() => sim.schedule(-1, c, 'neg'), /non-negative integer/);
  t.throws(() => sim.schedule(1.5, c, 'frac'), /non-negative integer/);
});

t.test('cancelled events do not run and do not count', async (t) => {
  const sim = new Simulator({ seed: 1 });
  const log: string[] = [];
  const c = recorder(log);
  const e = sim.schedule(5, c, 'cancelled');
  sim.schedule(6, c, 'kept');
  sim.cancel(e);
  t.same(sim.run(), { kind: 'idle', nowNs: 6, events: 1 });
  t.same(log, ['6:kept']);
});

t.test('trace lines: t and event first, then fields in written order', async (t) => {
  const trace = new MemoryTraceSink();
  const sim = new Simulator({ seed: 1, trace });
  const c: Component = { name: 'c', handle: (_e, s) => s.record('hello', { b: 1, a: [true, null] }) };
  sim.schedule(7, c, 'x');
  sim.run();
  t.equal(trace.text(), '{"t":7,"event":"hello","b":1,"a":[true,null]}\n');
  t.equal(trace.lineCount, 1);
});

t.test('seeded random: same seed same draws, bad seed rejected', async (t) => {
  const a = new Simulator({ seed: 99 }).random;
  const b = new Simulator({ seed: 99 }).random;
  const drawsA = [a.int(0, 1000), a.float(), a.chance(0.5)];
  t.same([b.int(0, 1000), b.float(), b.chance(0.5)], drawsA);
  t.equal(a.chance(0), false);
  t.equal(a.chance(1), true);
  t.throws(() => new Simulator({ seed: 1.5 }), /seed must be a 32-bit integer/);
  t.throws(() => new Simulator({ seed: 2 ** 32 + 99 }), /seed must be a 32-bit integer \(-2147483648 to 2147483647\)/, 'a wider seed would replay seed 99');
});

t.test('property: handlers never see time go back, and same-time events keep scheduling order', async (t) => {
  fc.assert(
    fc.property(fc.integer(), fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 50 }), (seed, initialDelays) => {
      const sim = new Simulator({ seed });
      let lastTime = 0;
      let lastSeq = -1;
      let ok = true;
      const c: Component = {
        name: 'c',
        handle(e, s) {
          if (s.nowNs < lastTime || (s.nowNs === lastTime && e.seq < lastSeq) || e.timeNs !== s.nowNs) ok = false;
          lastTime = s.nowNs;
          lastSeq = e.seq;
          if (s.random.chance(0.7)) s.schedule(s.random.int(0, 20), c, 'child');
        },
      };
      for (const d of initialDelays) sim.schedule(d, c, 'root');
      sim.run({ maxEvents: 2000 });
      return ok;
    }),
    { seed: 7 },
  );
  t.pass('random scheduling (fast-check seed 7)');
});
