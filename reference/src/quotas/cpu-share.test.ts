// The kernel's computes on one node share its CPU by DRF when the accounts' CPU shares add up to
// more than the node's hardware threads (init.machines; 8 when told none), each still held to its own share;
// when they fit, each account runs at its own share as before. Measured from the Computed events
// of backlogged tenants on the scripted cluster (virtual time, no wall clock).
import t from 'tap';
import { DEFAULT_NODE_MACHINE, type Capability, type NodeMachine } from '../../../conformance/protocol/index.js';
import { perfect, ScriptedCluster } from '../testing/scripted-cluster.js';
import { allocateDrf, drfCpu } from './drf.js';
import { toNumber } from './rational.js';

const CORE = 1e9; // ns of CPU per second
/** The default machine's CPU, in ns per second: a node told no machine has 8 hardware threads. */
const NODE_CPU_NS_PER_SEC = DEFAULT_NODE_MACHINE.hardwareThreads * CORE;
/** Measured over [FROM_NS, UNTIL_NS]: after the first lease and the buckets' first bursts. */
const FROM_NS = 100_000_000;
const UNTIL_NS = 600_000_000;
/** The token bucket's depth (10 ms at the rate) and a 1 ms slice at each end, over 500 ms: under 3%. */
const TOLERANCE = 0.03;

interface Options {
  /** ns of CPU each tenant's compute asks (default: more than it can get in the run). */
  work?: readonly number[];
  fromNs?: number;
  /** The machine every node is told of (default: none, so the default machine). */
  machine?: NodeMachine;
  /** Bytes of memory each tenant acquires on n2 before computing (default: none). */
  memoryBytes?: readonly number[];
}

/** Tenants computing on n2 with these CPU shares (backlogged, or `work` ns each): the ns of CPU per second each gets from `fromNs`. */
function measure(shares: readonly number[], { work = shares.map(() => 10 * NODE_CPU_NS_PER_SEC), fromNs = FROM_NS, machine, memoryBytes = [] }: Options = {}): number[] {
  const cluster = new ScriptedCluster(undefined, undefined, machine === undefined ? undefined : { n1: machine, n2: machine, n3: machine });
  const caps = shares.map((cpuNsPerSec, i) => {
    const memory = memoryBytes[i] ?? 0;
    const answer = cluster.opSettled('n1', { kind: 'createAccount', account: `t${i}`, quotas: { processes: 0, memoryBytes: memory, storageBytes: 0, bandwidthBytesPerSec: 0, cpuNsPerSec } });
    if (answer?.kind !== 'reply') throw new Error(`createAccount t${i}: ${JSON.stringify(answer)}`);
    const capability = (answer.value as { capability: Capability }).capability;
    if (memory > 0) {
      const acquired = cluster.opSettled('n2', { kind: 'acquire', capability, resource: 'memoryBytes', amount: memory });
      if (acquired?.kind !== 'reply') throw new Error(`acquire t${i}: ${JSON.stringify(acquired)}`);
    }
    return capability;
  });
  const startNs = cluster.nowNs;
  caps.forEach((cap, i) => cluster.op('n2', { kind: 'compute', capability: cap, cpuNs: work[i]! }));
  cluster.advance(startNs + fromNs, perfect);
  const before = cluster.events.length;
  cluster.advance(startNs + UNTIL_NS, perfect);
  const got = new Map<string, number>();
  for (const { event } of cluster.events.slice(before)) if (event.kind === 'Computed') got.set(event.account, (got.get(event.account) ?? 0) + event.cpuNs);
  return shares.map((_, i) => ((got.get(`t${i}`) ?? 0) * 1e9) / (UNTIL_NS - fromNs));
}

t.test('a node told no machine has the default hardware\'s 8 hardware threads; one told has its own', async (t) => {
  const within = (got: number[], cores: number[], what: string) =>
    t.ok(got.every((rate, i) => Math.abs(rate - cores[i]! * CORE) <= TOLERANCE * cores[i]! * CORE), `${what}: measured ${got.map((r) => (r / CORE).toFixed(4)).join(' / ')} cores`);
  within(measure([6 * CORE, 6 * CORE]), [4, 4], '8 threads (none told), 6 + 6 cores: 4 each');
  within(measure([6 * CORE, 6 * CORE], { machine: { ...DEFAULT_NODE_MACHINE, hardwareThreads: 9 } }), [4.5, 4.5], '9 threads (init.machines): 4.5 each');
  within(measure([6 * CORE, 6 * CORE], { machine: { ...DEFAULT_NODE_MACHINE, hardwareThreads: 16 } }), [6, 6], '16 threads: not oversubscribed, each its own share');
});

/** The kernel's DRF with no memory held: DRF over one resource, CPU. */
const cpuOnly = (cpu: number, caps: readonly number[]) => drfCpu(cpu, 1, caps.map((cap) => ({ cap, memoryBytes: 0 }))).map(toNumber);

t.test('with no memory held, drfCpu is DRF over one resource: the same rates as the task-by-task allocator', async (t) => {
  for (const caps of [[6, 6], [2, 8], [3, 4], [1, 5, 5], [1, 9, 9]]) {
    const byTasks = allocateDrf([8000], caps.map((cap, i) => ({ name: `t${i}`, demand: [1], maxTasks: cap * 1000 })));
    t.same(cpuOnly(8, caps).map((r) => Math.round(r * 1000)), caps.map((_, i) => byTasks.tasks[`t${i}`]), `caps ${caps.join(', ')} of 8`);
  }
});

const cases: { name: string; shares: number[]; expected: number[] }[] = [
  { name: 'oversubscribed, equal shares: half the node each', shares: [6 * CORE, 6 * CORE], expected: [4 * CORE, 4 * CORE] },
  { name: 'oversubscribed, unequal: the small share is met, the large one gets the rest', shares: [2 * CORE, 8 * CORE], expected: [2 * CORE, 6 * CORE] },
  { name: 'undersubscribed: each its own share, as before', shares: [3 * CORE, 4 * CORE], expected: [3 * CORE, 4 * CORE] },
];
for (const c of cases) {
  t.test(`two tenants computing on one node, ${c.name}`, async (t) => {
    const expected = cpuOnly(NODE_CPU_NS_PER_SEC, c.shares);
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
  const [first, second] = measure([6 * CORE, 6 * CORE], { work: [0.8 * CORE, 10 * NODE_CPU_NS_PER_SEC], fromNs: 300_000_000 });
  t.equal(first, 0, 't0 is done');
  t.ok(Math.abs(second! - 6 * CORE) / (6 * CORE) <= TOLERANCE, `t1 measured ${(second! / CORE).toFixed(4)} cores, its share 6`);
});

// The paper's worked example as a node: 9 threads and 18 GB; A holds 12 GB there (its 3 tasks' 4 GB
// each), B 2 GB (2 tasks' 1 GB), and both would use all 9 threads. DRF over CPU and memory gives
// A 3 threads and B 6 — dominant shares 2/3 each, as in the paper — where CPU alone would give 4.5 each.
t.test("the worked example on a node of 9 threads and 18 GB: A (12 GB held) gets 3 threads, B (2 GB) 6", async (t) => {
  const GB = 1e9;
  const machine = { ...DEFAULT_NODE_MACHINE, hardwareThreads: 9, memoryBytes: 18 * GB };
  const got = measure([9 * CORE, 9 * CORE], { machine, memoryBytes: [12 * GB, 2 * GB] });
  [3, 6].forEach((cores, i) => {
    const error = Math.abs(got[i]! - cores * CORE) / (cores * CORE);
    t.ok(error <= TOLERANCE, `${i === 0 ? 'A' : 'B'}: measured ${(got[i]! / CORE).toFixed(4)} threads, DRF ${cores}, error ${(100 * error).toFixed(2)}%`);
  });
});
