// The echo simulation: same seed gives the same result, NIC line rate is never exceeded, IX
// batches never exceed the bound B, and Linux loses throughput as connections grow.
import t from 'tap';
import fc from 'fast-check';
import { simulateEcho } from './echo-simulation.js';
import { calibratedParams, echoExperiment, type EchoPointRequest } from './ix-2014-setup.js';

const run = (request: Partial<EchoPointRequest>) =>
  simulateEcho(
    echoExperiment({ stack: 'ix', nic: '10gbe', connections: 1296, seed: 1, measuredMessages: 4000, ...request }, calibratedParams),
  );

/** 10GbE carries at most 10e9 / (8 * 142) 64-byte echoes per second (142 bytes per frame on the wire). */
const tenGbeEchoesPerSec = 10e9 / (8 * 142);

t.test('same seed, same result; the seed is printed on failure', async (t) => {
  for (const seed of [1, 2, 99]) {
    t.same(run({ seed }), run({ seed }), `seed ${seed}`);
  }
});

t.test('the NIC line rate is never exceeded', async (t) => {
  for (const connections of [432, 1296, 9936]) {
    for (const seed of [1, 5]) {
      const result = run({ connections, seed });
      t.ok(result.messagesPerSec <= tenGbeEchoesPerSec * 1.0001, `${connections} connections, seed ${seed}: ${result.messagesPerSec}`);
    }
  }
});

t.test('property: no stack, NIC, load or seed pushes more echoes than the wire carries', async (t) => {
  const propertySeed = 2014;
  const details = fc.check(
    fc.property(
      fc.constantFrom('ix' as const, 'linux' as const),
      fc.constantFrom('10gbe' as const, '4x10gbe' as const),
      fc.integer({ min: 18, max: 20_000 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      (stack, nic, connections, seed) => {
        const result = run({ stack, nic, connections, seed, measuredMessages: 2000 });
        return result.messagesPerSec <= (nic === '10gbe' ? 1 : 4) * tenGbeEchoesPerSec * 1.0001;
      },
    ),
    { seed: propertySeed, numRuns: 6 },
  );
  t.notOk(details.failed, `counterexample ${JSON.stringify(details.counterexample)}; replay with fast-check seed ${propertySeed}`);
});

t.test('churn: SYN, SYN-ACK and RST frames count against the line rate', async (t) => {
  // Per 32 round trips the server receives 32 requests (142 B) plus a SYN and an RST (84 B each).
  const bound = (32 * 10e9) / (8 * (32 * 142 + 2 * 84));
  const result = run({ connections: 900, roundTrips: 32, measuredMessages: 10_000 });
  t.ok(result.messagesPerSec <= bound * 1.0001, `${result.messagesPerSec} <= ${bound}`);
  t.ok(result.messagesPerSec > 0.9 * bound, 'and IX gets close to it');
});

t.test('IX batches adaptively, up to the bound B and never beyond', async (t) => {
  const light = run({ connections: 18 });
  const heavy = run({ connections: 99_792 });
  t.ok(light.meanServerBatch < 1.5, `light load: mean batch ${light.meanServerBatch}`);
  t.ok(heavy.maxServerBatch <= calibratedParams.ix.batchBound);
  t.ok(heavy.meanServerBatch > 32, `overload: mean batch ${heavy.meanServerBatch}`);
  const bounded = simulateEcho(
    echoExperiment(
      { stack: 'ix', nic: '10gbe', connections: 20_000, seed: 3, measuredMessages: 4000 },
      { ...calibratedParams, ix: { ...calibratedParams.ix, batchBound: 8 } },
    ),
  );
  t.ok(bounded.maxServerBatch <= 8, `B = 8: largest batch ${bounded.maxServerBatch}`);
});

t.test('Linux throughput falls once connection state outgrows the LLC', async (t) => {
  const peak = run({ stack: 'linux', connections: 1296 });
  const many = run({ stack: 'linux', connections: 250_992 });
  t.ok(many.messagesPerSec < 0.8 * peak.messagesPerSec, `${many.messagesPerSec} vs ${peak.messagesPerSec}`);
});

t.test('4x10GbE lifts IX above the 10GbE line rate', async (t) => {
  const bonded = run({ nic: '4x10gbe', connections: 2160 });
  t.ok(bonded.messagesPerSec > 1.2 * tenGbeEchoesPerSec, `${bonded.messagesPerSec}`);
});
