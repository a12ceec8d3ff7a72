// `hw reproduce ivy-managers` at a small size: Li and Hudak's bound holds on generated workloads and
// on the round robin of writers on the reference kernel's dynamic manager, the comparison measures
// every manager in both places, and a row over the bound is reported as such.
import t from 'tap';
import { boundWorkloads, formatIvyManagersText, locateBound, reproduceIvyManagers } from './ivy-managers.js';
import { reproduce } from '../../hardware-models/src/index.js';

t.test('the bound with constant 1: N + K·⌈log2 N⌉', async (t) => {
  t.equal(locateBound(8, 10), 8 + 10 * 3);
  t.equal(locateBound(9, 10), 9 + 10 * 4, '⌈log2 9⌉ = 4');
  t.equal(locateBound(2, 0), 2);
});

t.test('generated workloads are a function of the seed and end with the round robin of writers', async (t) => {
  const a = boundWorkloads(7, 5);
  t.same(a, boundWorkloads(7, 5));
  t.notSame(a, boundWorkloads(8, 5));
  t.equal(a.length, 6);
  t.equal(a.at(-1)!.name, 'round-robin-writers');
  t.ok(a.every((w) => w.nodes >= 2 && w.nodes <= 16 && w.accesses.every((x) => x.process < w.nodes)));
});

t.test('seed 1, 4 generated workloads: every one within the bound, every run passes the suite, 3 managers × 2 places', async (t) => {
  const result = await reproduceIvyManagers({ seed: 1, workloads: 4 });
  t.same(result.failures, [], 'no run rejected by the checkers (seed 1)');
  t.equal(result.bound.rows.length, 5);
  for (const r of result.bound.rows) {
    t.ok(r.faults > 0 || r.accesses <= 2, `${r.workload}: ${r.faults} faults`);
    t.ok(r.withinBound && r.locateMessages <= r.bound, `${r.workload}: ${r.locateMessages} locate messages ≤ ${r.bound} (N ${r.nodes}, K ${r.faults}; seed 1)`);
  }
  const roundRobin = result.bound.rows.at(-1)!;
  t.ok(roundRobin.locateMessages < roundRobin.faults * (roundRobin.nodes - 1), 'path compression: far below the K·(N − 1) of a ring without it');
  t.equal(result.comparison.rows.length, 6);
  for (const manager of ['centralized', 'fixed', 'dynamic']) {
    const [rack, far] = ['rack', 'two datacenters'].map((place) => result.comparison.rows.find((r) => r.manager === manager && r.place === place)!);
    t.ok(rack!.messagesPerFault >= 1 && rack!.faults > 0, `${manager}: ${rack!.messagesPerFault.toFixed(2)} messages per fault`);
    t.ok(far!.meanLatencyUs > 1000 * rack!.meanLatencyUs, `${manager}: a fault across datacenters (${far!.meanLatencyUs.toFixed(0)} µs) costs > 1000× one in a rack (${rack!.meanLatencyUs.toFixed(1)} µs)`);
    t.equal(far!.messagesPerFault, rack!.messagesPerFault, `${manager}: the same messages in both places (the protocol does not depend on the latency)`);
  }
  const text = formatIvyManagersText(result);
  t.match(text, /5\/5 workloads within the bound/);
  t.notMatch(text, /EXCEEDS/);
  const svg = reproduce.renderIvyManagersSvg(result.bound.rows, result.comparison.rows);
  t.equal((svg.match(/<circle /g) ?? []).length, 5, 'a point per workload');
  t.match(svg, /two datacenters: mean fault latency/);
});

t.test('a workload over the bound is reported', async (t) => {
  const over = { workload: 'synthetic', nodes: 4, accesses: 3, faults: 3, locateMessages: 99, bound: locateBound(4, 3), withinBound: false };
  const text = formatIvyManagersText({ reproduction: 'ivy-managers', seed: 1, bound: { statement: 's', source: 's', rows: [over] }, comparison: { note: 'n', rows: [] }, failures: [] });
  t.match(text, /synthetic .* 99 +10 .*EXCEEDS THE BOUND/);
  t.match(text, /0\/1 workloads within the bound/);
  t.match(reproduce.renderIvyManagersSvg([over], []), /fill="#d62728"/, 'drawn red');
});
