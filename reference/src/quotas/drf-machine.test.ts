// The kernel's DRF allocator scheduling tenants on a machine model's cores and memory
// (hardware-models/src/machine/tenant-cores.ts): backlogged tenants' tasks of seeded durations,
// the allocator asked again whenever one ends. What each tenant gets is measured on the machine
// (thread-ns of its tasks, bytes held, time-averaged) and must match what allocateDrf gives the
// same pool within 1 % per tenant and resource: DRF holds on the cores over time, not only as an
// allocation computed once. A first-fit allocator on the same machine misses, so the test can fail.
import t from 'tap';
import fc from 'fast-check';
import { MachineSchema, Simulator, runTenantCores, type CoreTenant, type DrfAllocator } from '../../../hardware-models/src/index.js';
import { allocateDrf, pickNext } from './drf.js';

const TOLERANCE = 0.01;
const machine = (cores: number, threadsPerCore: number, memoryBytes: number) =>
  MachineSchema.parse({ cores, threadsPerCore, clockHz: 1e9, nic: 'none', memory: { capacityBytes: memoryBytes, bandwidthBytesPerSec: 1e10, latencyNs: 100 } });
const run = (m: ReturnType<typeof machine>, tenants: readonly CoreTenant[], allocator: DrfAllocator, seed: number) =>
  runTenantCores(new Simulator({ seed }), m, tenants, { allocator, durationNs: 600_000_000_000, taskNs: [1_000_000_000, 10_000_000_000] });

/** Per tenant: [threads, bytes] measured on the machine against DRF's holding; the worst relative gap to the capacity. */
function worstGap(m: ReturnType<typeof machine>, tenants: readonly CoreTenant[], allocator: DrfAllocator, seed: number): number {
  const capacity = [m.cores * m.threadsPerCore, m.memory.capacityBytes];
  const drf = allocateDrf(capacity, tenants.map((x) => ({ name: x.name, demand: [x.threads, x.memoryBytes], weights: x.weights })));
  const measured = run(m, tenants, allocator, seed).usage;
  return Math.max(
    ...tenants.flatMap((x, i) => [
      Math.abs(measured[i]!.threads - drf.holdings[x.name]![0]!) / capacity[0]!,
      Math.abs(measured[i]!.memoryBytes - drf.holdings[x.name]![1]!) / capacity[1]!,
    ]),
  );
}

const GB = 1_000_000_000;

t.test("the worked example on a 9-core, 18 GB machine: the kernel's DRF measured at A 3 tasks, B 2", async (t) => {
  const m = machine(9, 1, 18 * GB);
  const tenants = [{ name: 'A', threads: 1, memoryBytes: 4 * GB }, { name: 'B', threads: 3, memoryBytes: GB }];
  const result = run(m, tenants, pickNext, 1);
  t.same(result.usage.map((u) => [u.name, u.tasks, u.threads, u.memoryBytes / GB]), [['A', 3, 3, 12], ['B', 2, 6, 2]]);
  t.same(result.usage.map((u) => u.dominantShare.toFixed(4)), ['0.6667', '0.6667']);
  t.equal(result.timeAtNs['3,2'], result.durationNs, 'at the paper\'s allocation the whole time');
  t.ok(result.tasksLaunched > 500, `${result.tasksLaunched} tasks launched`);
});

t.test('weighted DRF on the machine: A of weight 2 holds 4 tasks, B 1, as allocateDrf says', async (t) => {
  const m = machine(9, 1, 18 * GB);
  const tenants = [{ name: 'A', threads: 1, memoryBytes: 4 * GB, weights: [2, 2] }, { name: 'B', threads: 3, memoryBytes: GB }];
  const result = run(m, tenants, pickNext, 2);
  t.same(result.usage.map((u) => [u.name, u.tasks, u.threads, u.memoryBytes / GB]), [['A', 4, 4, 16], ['B', 1, 3, 1]]);
  t.equal(result.timeAtNs['4,1'], result.durationNs);
  t.equal(worstGap(m, tenants, pickNext, 2), 0);
});

// Machines of 2..16 cores with 1 or 2 hardware threads each and 2..40 units of memory; 2 to 4
// backlogged tenants, some weighted. Seeded, so a failure replays (fast-check prints the seed).
const pools = fc.record({
  cores: fc.integer({ min: 2, max: 16 }),
  threadsPerCore: fc.integer({ min: 1, max: 2 }),
  memory: fc.integer({ min: 2, max: 40 }),
  seed: fc.integer({ min: 1, max: 1000 }),
  tenants: fc.array(fc.record({ threads: fc.integer({ min: 1, max: 4 }), memory: fc.integer({ min: 0, max: 8 }), weight: fc.integer({ min: 1, max: 3 }) }), { minLength: 2, maxLength: 4 }),
});
const setUp = (p: { cores: number; threadsPerCore: number; memory: number; tenants: { threads: number; memory: number; weight: number }[] }) => {
  const m = machine(p.cores, p.threadsPerCore, p.memory);
  const threads = p.cores * p.threadsPerCore;
  const tenants: CoreTenant[] = p.tenants.map((x, i) => ({ name: `t${i}`, threads: Math.min(x.threads, threads), memoryBytes: Math.min(x.memory, p.memory), weights: x.weight === 1 ? undefined : [x.weight, x.weight] }));
  return { m, tenants };
};

t.test("random machines and tenants: each tenant's measured CPUs and memory within 1 % of allocateDrf's", async (t) => {
  fc.assert(
    fc.property(pools, (p) => {
      const { m, tenants } = setUp(p);
      return worstGap(m, tenants, pickNext, p.seed) <= TOLERANCE;
    }),
    { seed: 21, numRuns: 60 },
  );
  t.pass('60 machines');
});

t.test('first fit on the same machines misses DRF (the comparison can fail)', async (t) => {
  const firstFit: DrfAllocator = (capacity, used, candidates) => candidates.find((c) => c.demand.every((d, r) => used[r]! + d <= capacity[r]!));
  const m = machine(9, 1, 18 * GB);
  const tenants = [{ name: 'A', threads: 1, memoryBytes: 4 * GB }, { name: 'B', threads: 3, memoryBytes: GB }];
  t.ok(worstGap(m, tenants, firstFit, 1) > TOLERANCE, 'A 4 tasks, B 1: 1/9 of the CPUs and 4/18 of the memory off');
  const missed = fc.sample(pools, { seed: 22, numRuns: 60 }).filter((p) => {
    const { m, tenants } = setUp(p);
    return worstGap(m, tenants, firstFit, p.seed) > TOLERANCE;
  }).length;
  t.ok(missed > 10, `first fit off by more than 1 % on ${missed} of 60 machines`);
});

t.test('bad tenants name the field', async (t) => {
  const m = machine(4, 1, 8);
  t.throws(() => run(m, [{ name: 'A', threads: 5, memoryBytes: 1 }], pickNext, 1), /tenants\[0\]\.threads: 5 is not a whole number of the machine's 1\.\.4 hardware threads/);
  t.throws(() => run(m, [{ name: 'A', threads: 1, memoryBytes: 9 }], pickNext, 1), /tenants\[0\]\.memoryBytes: 9 is not within the machine's 0\.\.8 bytes/);
});
