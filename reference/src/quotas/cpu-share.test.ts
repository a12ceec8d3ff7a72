// The kernel's computes on one node share its CPU by DRF when the accounts' CPU shares add up to
// more than the node's hardware threads (NODE_CPU_NS_PER_SEC), each still held to its own share;
// when they fit, each account runs at its own share as before. Measured from the Computed events
// of backlogged tenants on the scripted cluster (virtual time, no wall clock).
import t from 'tap';
import type { Capability } from '../../../conformance/protocol/index.js';
import { perfect, ScriptedCluster } from '../testing/scripted-cluster.js';
import { allocateDrf, fairRates } from './drf.js';
import { NODE_CPU_NS_PER_SEC } from './quota-subsystem.js';

const CORE = 1e9; // ns of CPU per second
/** Measured over [FROM_NS, UNTIL_NS]: after the first lease and the buckets' first bursts. */
const FROM_NS = 100_000_000;
const UNTIL_NS = 600_000_000;
/** The token bucket's depth (10 ms at the rate) and a 1 ms slice at each end, over 500 ms: under 3%. */
const TOLERANCE = 0.03;

/** Tenants computing on n2 with these CPU shares (backlogged, or `work` ns each): the ns of CPU per second each gets from `fromNs`. */
function measure(shares: readonly number[], work: readonly number[] = shares.map(() => 10 * NODE_CPU_NS_PER_SEC), fromNs = FROM_NS): number[] {
  const cluster = new ScriptedCluster();
  const caps = shares.map((cpuNsPerSec, i) => {
    const answer = cluster.opSettled('n1', { kind: 'createAccount', account: `t${i}`, quotas: { processes: 0, memoryBytes: 0, storageBytes: 0, bandwidthBytesPerSec: 0, cpuNsPerSec } });
    if (answer?.kind !== 'reply') throw new Error(`createAccount t${i}: ${JSON.stringify(answer)}`);
    return (answer.value as { capability: Capability }).capability;
  });
  caps.forEach((cap, i) => cluster.op('n2', { kind: 'compute', capability: cap, cpuNs: work[i]! }));
  cluster.advance(fromNs, perfect);
  const before = cluster.events.length;
  cluster.advance(UNTIL_NS, perfect);
  const got = new Map<string, number>();
  for (const { event } of cluster.events.slice(before)) if (event.kind === 'Computed') got.set(event.account, (got.get(event.account) ?? 0) + event.cpuNs);
  return shares.map((_, i) => ((got.get(`t${i}`) ?? 0) * 1e9) / (UNTIL_NS - fromNs));
}

t.test('the node has the default hardware\'s 8 hardware threads', async (t) => {
  t.equal(NODE_CPU_NS_PER_SEC, 8 * CORE);
});

t.test('fairRates is DRF over one resource: the same rates as the task-by-task allocator', async (t) => {
  for (const caps of [[6, 6], [2, 8], [3, 4], [1, 5, 5], [1, 9, 9]]) {
    const byTasks = allocateDrf([8000], caps.map((cap, i) => ({ name: `t${i}`, demand: [1], maxTasks: cap * 1000 })));
    t.same(fairRates(8, caps).map((r) => Math.round(r * 1000)), caps.map((_, i) => byTasks.tasks[`t${i}`]), `caps ${caps.join(', ')} of 8`);
  }
});

const cases: { name: string; shares: number[]; expected: number[] }[] = [
  { name: 'oversubscribed, equal shares: half the node each', shares: [6 * CORE, 6 * CORE], expected: [4 * CORE, 4 * CORE] },
  { name: 'oversubscribed, unequal: the small share is met, the large one gets the rest', shares: [2 * CORE, 8 * CORE], expected: [2 * CORE, 6 * CORE] },
  { name: 'undersubscribed: each its own share, as before', shares: [3 * CORE, 4 * CORE], expected: [3 * CORE, 4 * CORE] },
];
for (const c of cases) {
  t.test(`two tenants computing on one node, ${c.name}`, async (t) => {
    const expected = fairRates(NODE_CPU_NS_PER_SEC, c.shares);
    t.same(expected, c.expected, 'the DRF allocation');
    const got = measure(c.shares);
    got.forEach((rate, i) => {
      const error = Math.abs(rate - expected[i]!) / expected[i]!;
      t.ok(error <= TOLERANCE, `tenant t${i} (share ${c.shares[i]! / CORE} cores): measured ${(rate / CORE).toFixed(4)} cores, DRF ${expected[i]! / CORE}, error ${(100 * error).toFixed(2)}% (tolerance ${100 * TOLERANCE}%)`);
    });
    t.ok(got.reduce((a, b) => a + b, 0) <= NODE_CPU_NS_PER_SEC * (1 + TOLERANCE), 'together within the node\'s threads');
  });
}

t.test('when one tenant\'s work ends, the other gets its whole share again', async (t) => {
  // t0's 0.8 s of CPU at 4 cores ends near 200 ms; from 300 ms t1 alone runs, at its own 6 cores.
  const [first, second] = measure([6 * CORE, 6 * CORE], [0.8 * CORE, 10 * NODE_CPU_NS_PER_SEC], 300_000_000);
  t.equal(first, 0, 't0 is done');
  t.ok(Math.abs(second! - 6 * CORE) / (6 * CORE) <= TOLERANCE, `t1 measured ${(second! / CORE).toFixed(4)} cores, its share 6`);
});
