// The DRF allocator: the paper's worked example exactly, and the properties the paper proves for
// DRF (Ghodsi et al., NSDI 2011, section 4: sharing incentive, strategy-proofness, envy-freeness,
// Pareto efficiency) checked by fast-check on the divisible-task form they are stated for. With
// indivisible tasks those theorems do not hold exactly (Parkes, Procaccia and Shah, EC 2012), so
// the one-task-at-a-time allocator is held to what it does promise: the pool is never exceeded,
// it stops only when no wanted task fits, and no tenant gets ahead (DRF.tla's DominantSharesBalanced).
import t from 'tap';
import fc from 'fast-check';
import { aggregateShare, allocateDrf, assetFairness, dominantShare, drfCpu, pickNext, progressiveFilling, type DrfTenant } from './drf.js';
import { add, compare, div, format, max, min, mul, ratio, toNumber, type Rational } from './rational.js';

const POOL = [9, 18]; // 9 CPUs, 18 GB
const A: DrfTenant = { name: 'A', demand: [1, 4] };
const B: DrfTenant = { name: 'B', demand: [3, 1] };

t.test("the paper's worked example: A gets 3 tasks, B 2, dominant shares 2/3 each", async (t) => {
  const allocation = allocateDrf(POOL, [A, B]);
  t.same(allocation.tasks, { A: 3, B: 2 });
  t.same(allocation.order, ['A', 'B', 'A', 'B', 'A'], 'ties go to the earlier tenant, then the lower share');
  t.equal(format(dominantShare(allocation.holdings.A!, POOL)), '2/3');
  t.equal(format(dominantShare(allocation.holdings.B!, POOL)), '2/3');
  t.same(allocation.used, [9, 14], 'CPUs saturated, 4 GB left');
  const divisible = progressiveFilling(POOL, [A.demand, B.demand]);
  t.same(divisible.tasks.map(format), ['3', '2'], 'the divisible form reaches the same point');
  t.same(divisible.dominantShares.map(format), ['2/3', '2/3']);
});

// Section 5.1 of the paper weighs DRF against Asset Fairness on the same example and states its
// allocation: x = 2.52 tasks for A and y = 2.16 for B, A holding <2.5 CPUs, 10.1 GB> and B <6.5 CPUs,
// 2.2 GB> (read from a transcription of the paper's section 5.1, not from the PDF itself:
// hardware-models/src/reproduce/README.md, "Ghodsi et al.").
t.test("Asset Fairness on the worked example: the paper's x = 2.52, y = 2.16, not DRF's point", async (t) => {
  const asset = assetFairness(POOL, [A.demand, B.demand]);
  t.same(asset.tasks.map(format), ['63/25', '54/25'], '2.52 and 2.16 tasks, exactly');
  t.same(asset.aggregateShares.map(format), ['21/25', '21/25'], 'equal aggregate shares');
  const holding = (tasks: Rational, demand: readonly number[]) => demand.map((d) => Math.round(toNumber(mul(tasks, ratio(d))) * 10) / 10);
  t.same(holding(asset.tasks[0]!, A.demand), [2.5, 10.1], "A's <2.5 CPUs, 10.1 GB>");
  t.same(holding(asset.tasks[1]!, B.demand), [6.5, 2.2], "B's <6.5 CPUs, 2.2 GB>");
  t.equal(format(aggregateShare([1, 4], POOL)), '1/3', 'a task of A: 1/9 of the CPUs and 2/9 of the memory');
  t.not(format(asset.tasks[0]!), format(progressiveFilling(POOL, [A.demand, B.demand]).tasks[0]!), 'DRF gives A 3 tasks');
});

// Weighted DRF (section 4.3): s_i = max_j u_ij / w_ij, the definition as Hadoop's YARN-326 quotes
// it from the paper ("per section 4.3 in the paper: The definition of a dominant share for user i
// changes to s_i = max_j{ u_i,j / w_i,j }", Eli Collins, yarn-issues, mail-archive.com). The paper
// states no allocation of the worked example under weights; these are computed exactly from it.
t.test('weighted DRF on the worked example: A of weight 2 gets 4 tasks, B 1; divisibly 54/13 and 18/13', async (t) => {
  const heavyA = { ...A, weights: [2, 2] };
  const allocation = allocateDrf(POOL, [heavyA, B]);
  t.same(allocation.tasks, { A: 4, B: 1 });
  t.same(allocation.order, ['A', 'B', 'A', 'A', 'A'], "A's weighted share after 3 tasks is 12/18 / 2 = 1/3, B's 1/3: the tie goes to A");
  t.equal(format(dominantShare(allocation.holdings.A!, POOL, heavyA.weights)), '4/9', 'A holds 16 of 18 GB: 8/9, halved');
  const divisible = progressiveFilling(POOL, [A.demand, B.demand], [[2, 2], undefined]);
  t.same(divisible.tasks.map(format), ['54/13', '18/13'], 'memory runs out first: 4x + y = 18 with x = 3y');
  t.same(divisible.dominantShares.map(format), ['6/13', '6/13'], 'equal weighted shares: A holds 12/13 of the memory, B 6/13 of the CPUs');
  t.same(divisible.remaining.map(format), ['9/13', '0'], '108/13 CPUs used');
  t.same(progressiveFilling(POOL, [A.demand, B.demand], [[3, 3], [3, 3]]).tasks.map(format), ['3', '2'], 'equal weights are plain DRF');
  t.same(allocateDrf(POOL, [A, { ...B, weights: [2, 2] }]).order, ['A', 'B', 'B', 'A', 'A'], 'B of weight 2 one task at a time: its third task does not fit (9 CPUs), so A 3, B 2 as unweighted');
  t.same(progressiveFilling(POOL, [A.demand, B.demand], [undefined, [2, 2]]).tasks.map(format), ['9/5', '12/5'], 'B of weight 2, divisibly: the CPUs run out first, x + 3y = 9 with y = 4x/3');
  t.throws(() => progressiveFilling(POOL, [A.demand], [[0, 1]]), /weights\[0\]\[0\]: 0 is not a positive integer/);
  t.throws(() => allocateDrf(POOL, [{ ...A, weights: [1] }]), /weights\[0\]: 1 weights for 2 resources/);
});

t.test('a tenant that wants fewer tasks leaves the rest to the others', async (t) => {
  t.same(allocateDrf(POOL, [{ ...A, maxTasks: 1 }, B]).tasks, { A: 1, B: 2 }, 'B stops at the CPUs: 1 + 3 + 3 = 7, one more needs 10');
  t.same(allocateDrf(POOL, [A, { ...B, maxTasks: 0 }]).tasks, { A: 4, B: 0 }, 'memory bounds A at 4');
});

t.test('bad input names the field', async (t) => {
  t.throws(() => allocateDrf([9, 0], [A]), /capacity\[1\]: 0 is not a positive integer/);
  t.throws(() => allocateDrf(POOL, [{ name: 'C', demand: [1] }]), /demands\[0\]: 1 amounts for 2 resources/);
  t.throws(() => progressiveFilling(POOL, [[0, 0]]), /demands\[0\]: a task must need some resource/);
});

// Small pools and tenants with integer demands (a zero amount: the tenant does not use that resource).
const pools = fc.integer({ min: 1, max: 3 }).chain((resources) =>
  fc.record({
    capacity: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: resources, maxLength: resources }),
    demands: fc.array(
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: resources, maxLength: resources }).filter((d) => d.some((a) => a > 0)),
      { minLength: 1, maxLength: 4 },
    ),
  }),
);

/** Tasks of demand `d` that a holding of resources allows (Leontief: the scarcest resource decides). */
function tasksFrom(holding: readonly Rational[], d: readonly number[]): Rational {
  return d.reduce<Rational | undefined>((m, a, r) => (a === 0 ? m : m === undefined ? div(holding[r]!, ratio(a)) : min(m, div(holding[r]!, ratio(a)))), undefined)!;
}
const holdingOf = (tasks: Rational, d: readonly number[]) => d.map((a) => mul(tasks, ratio(a)));

t.test('divisible DRF: sharing incentive (at least what 1/n of every resource gives)', async (t) => {
  fc.assert(
    fc.property(pools, ({ capacity, demands }) => {
      const { tasks } = progressiveFilling(capacity, demands);
      const slice = capacity.map((c) => ratio(c, demands.length));
      return demands.every((d, i) => compare(tasks[i]!, tasksFrom(slice, d)) >= 0);
    }),
    { seed: 11, numRuns: 300 },
  );
  t.pass('300 pools (fc.assert throws with the seed and the shrunk pool otherwise)');
});

t.test('weighted divisible DRF: each tenant at least what its weight\'s slice (w_i / sum of weights of every resource) gives', async (t) => {
  const weighted = pools.chain((pool) => fc.record({ pool: fc.constant(pool), w: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: pool.demands.length, maxLength: pool.demands.length }) }));
  fc.assert(
    fc.property(weighted, ({ pool: { capacity, demands }, w }) => {
      const total = w.reduce((a, b) => a + b, 0);
      const { tasks } = progressiveFilling(capacity, demands, w.map((x) => capacity.map(() => x)));
      return demands.every((d, i) => compare(tasks[i]!, tasksFrom(capacity.map((c) => ratio(c * w[i]!, total)), d)) >= 0);
    }),
    { seed: 16, numRuns: 300 },
  );
  t.pass('300 weighted pools');
});

t.test('divisible DRF: envy-freeness (no tenant could run more tasks with another tenant’s holding)', async (t) => {
  fc.assert(
    fc.property(pools, ({ capacity, demands }) => {
      const { tasks } = progressiveFilling(capacity, demands);
      return demands.every((d, i) => demands.every((other, k) => compare(tasksFrom(holdingOf(tasks[k]!, other), d), tasks[i]!) <= 0));
    }),
    { seed: 12, numRuns: 300 },
  );
  t.pass('300 pools');
});

t.test('divisible DRF: Pareto efficiency (every tenant is held back by a saturated resource it needs)', async (t) => {
  // With Leontief demands a tenant's tasks grow only if every resource it needs grows; a saturated
  // one can grow only by taking from another tenant that needs it. So this is Pareto efficiency.
  fc.assert(
    fc.property(pools, ({ capacity, demands }) => {
      const { remaining } = progressiveFilling(capacity, demands);
      return demands.every((d) => d.some((a, r) => a > 0 && remaining[r]!.num === 0n)) && remaining.every((x) => x.num >= 0n);
    }),
    { seed: 13, numRuns: 300 },
  );
  t.pass('300 pools');
});

t.test('divisible DRF: strategy-proofness (misreporting a demand never yields more real tasks)', async (t) => {
  const lies = pools.chain((pool) =>
    fc.record({
      pool: fc.constant(pool),
      liar: fc.nat({ max: pool.demands.length - 1 }),
      reported: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: pool.capacity.length, maxLength: pool.capacity.length }).filter((d) => d.some((a) => a > 0)),
    }),
  );
  fc.assert(
    fc.property(lies, ({ pool: { capacity, demands }, liar, reported }) => {
      const truthful = progressiveFilling(capacity, demands).tasks[liar]!;
      const told = demands.map((d, i) => (i === liar ? reported : d));
      const gotByLying = progressiveFilling(capacity, told).tasks[liar]!;
      return compare(tasksFrom(holdingOf(gotByLying, reported), demands[liar]!), truthful) <= 0;
    }),
    { seed: 14, numRuns: 300 },
  );
  t.pass('300 (pool, liar, reported demand) triples');
});

/** DRF.tla's DominantSharesBalanced after every grant of an allocation order. */
function balancedThroughout(capacity: readonly number[], tenants: readonly DrfTenant[], order: readonly string[]): boolean {
  const holding = new Map(tenants.map((x) => [x.name, capacity.map(() => 0)]));
  const tasks = new Map(tenants.map((x) => [x.name, 0]));
  const used = capacity.map(() => 0);
  const share = (name: string) => dominantShare(holding.get(name)!, capacity);
  const fitsMore = (u: DrfTenant) => tasks.get(u.name)! < (u.maxTasks ?? Infinity) && u.demand.every((a, r) => used[r]! + a <= capacity[r]!);
  // Share(x) <= Share(u) + Step(x) for every x and every u that could still be served.
  const balanced = () =>
    tenants.every((x) => tenants.every((u) => !fitsMore(u) || compare(share(x.name), add(share(u.name), dominantShare(x.demand, capacity))) <= 0));
  if (!balanced()) return false;
  for (const name of order) {
    tenants.find((x) => x.name === name)!.demand.forEach((a, r) => {
      holding.get(name)![r]! += a;
      used[r]! += a;
    });
    tasks.set(name, tasks.get(name)! + 1);
    if (!balanced()) return false;
  }
  return true;
}

const tenantsOf = (demands: readonly (readonly number[])[], wants: readonly number[]): DrfTenant[] =>
  demands.map((demand, i) => ({ name: `t${i}`, demand, maxTasks: wants[i] }));
const discretePools = pools.chain((pool) =>
  fc.record({ pool: fc.constant(pool), wants: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: pool.demands.length, maxLength: pool.demands.length }) }),
);

t.test('one task at a time: within the pool, stops only when no wanted task fits, never unbalanced', async (t) => {
  fc.assert(
    fc.property(discretePools, ({ pool: { capacity, demands }, wants }) => {
      const tenants = tenantsOf(demands, wants);
      const { tasks, used, order } = allocateDrf(capacity, tenants);
      const within = used.every((u, r) => u <= capacity[r]!);
      const nothingFits = tenants.every((x) => tasks[x.name]! >= x.maxTasks! || x.demand.some((a, r) => used[r]! + a > capacity[r]!));
      return within && nothingFits && balancedThroughout(capacity, tenants, order);
    }),
    { seed: 15, numRuns: 300 },
  );
  t.pass('300 pools');
});

t.test('the balance check rejects a first-fit allocator (DRFBad.tla) on the worked example', async (t) => {
  // First fit: serve A while its tasks fit, then B.
  const firstFit = ['A', 'A', 'A', 'A', 'B'];
  t.notOk(balancedThroughout(POOL, [A, B], firstFit), 'A at 8/9 of memory while B, at 0, could still run');
  t.ok(balancedThroughout(POOL, [A, B], allocateDrf(POOL, [A, B]).order));
});

t.test('pickNext: the lowest dominant share among those that fit, ties to the earlier', async (t) => {
  const c = (name: string, demand: number[], holding: number[]) => ({ name, demand, holding });
  t.equal(pickNext(POOL, [8, 4], [c('A', [1, 4], [1, 4]), c('B', [3, 1], [0, 0])])?.name, 'A', 'B does not fit: 8 + 3 > 9');
  t.equal(pickNext(POOL, [3, 6], [c('A', [1, 4], [0, 0]), c('B', [3, 1], [0, 0])])?.name, 'A', 'a tie');
  t.equal(pickNext(POOL, [3, 6], [c('A', [1, 4], [1, 4]), c('B', [3, 1], [0, 0])])?.name, 'B');
  t.equal(pickNext(POOL, [9, 18], [c('A', [1, 4], [0, 0])]), undefined, 'nothing fits');
});

// drfCpu: a node's CPU divided between accounts that already hold memory there (the kernel's DRF).
t.test('drfCpu on the worked example: holding its allocation\'s memory (A 12 GB, B 2 GB), A gets 3 CPUs, B 6', async (t) => {
  const shares = drfCpu(9, 18, [{ cap: 9, memoryBytes: 12 }, { cap: 9, memoryBytes: 2 }]);
  t.same(shares.map(format), ['3', '6'], "the paper's 3 and 2 tasks' CPUs");
  t.same(shares.map((cpu, i) => format(dominantShare([Number(cpu.num / cpu.den), [12, 2][i]!], POOL))), ['2/3', '2/3'], 'dominant shares 2/3 each');
  t.same(drfCpu(9e9, 18e9, [{ cap: 9e9, memoryBytes: 12e9 }, { cap: 9e9, memoryBytes: 2e9 }]).map(format), ['3000000000', '6000000000'], 'in ns per second and bytes');
  t.same(drfCpu(9, 18, [{ cap: 9, memoryBytes: 0 }, { cap: 9, memoryBytes: 0 }]).map(format), ['9/2', '9/2'], 'no memory held: max-min over CPU');
});

t.test('drfCpu: leases that fit are given; a cap bounds an account; accounts entering at one level share what is left', async (t) => {
  t.same(drfCpu(8, 16, [{ cap: 3, memoryBytes: 15 }, { cap: 4, memoryBytes: 0 }]).map(format), ['3', '4'], 'undersubscribed: memory does not matter');
  t.same(drfCpu(8, 16, [{ cap: 1, memoryBytes: 12 }, { cap: 8, memoryBytes: 0 }]).map(format), ['1', '7'], 'A enters at 3/4 with a cap of 1');
  t.same(drfCpu(8, 16, [{ cap: 8, memoryBytes: 8 }, { cap: 8, memoryBytes: 8 }, { cap: 8, memoryBytes: 0 }]).map(format), ['2', '2', '4'], 'two enter at 1/2: the 4 left, 2 each');
  t.same(drfCpu(8, 16, [{ cap: 8, memoryBytes: 4 }, { cap: 2, memoryBytes: 0 }, { cap: 8, memoryBytes: 0 }]).map(format), ['3', '2', '3'], 'A enters at 1/4, level rises to 3/8');
  t.throws(() => drfCpu(8, 16, [{ cap: 1.5, memoryBytes: 0 }]), /demands\[0\]\[0\]: 1.5 is not a non-negative integer/);
});

// DRF's allocation, stated as properties of the result (exact): the node's CPU is all given unless
// every lease is met (Pareto efficiency on the one divisible resource); no account gets more than
// its lease; and no account that has CPU has a higher dominant share than one still wanting some
// (progressive filling's balance, the property DRF.tla's DominantSharesBalanced states per task).
function drfCpuHolds(cpu: number, memory: number, claims: readonly { cap: number; memoryBytes: number }[], got: readonly Rational[]): boolean {
  const leases = claims.reduce((sum, c) => sum + c.cap, 0);
  if (compare(got.reduce(add, ratio(0)), ratio(Math.min(cpu, leases))) !== 0) return false;
  if (got.some((g, i) => compare(g, ratio(claims[i]!.cap)) > 0)) return false;
  const share = (i: number) => max(div(got[i]!, ratio(cpu)), ratio(claims[i]!.memoryBytes, memory));
  return claims.every((_, i) => compare(got[i]!, ratio(claims[i]!.cap)) === 0 || claims.every((_, j) => got[j]!.num === 0n || compare(share(j), share(i)) <= 0));
}

t.test('drfCpu: work-conserving, within each lease, and no account with CPU ahead of one still wanting', async (t) => {
  const example = [{ cap: 9, memoryBytes: 12 }, { cap: 9, memoryBytes: 2 }];
  t.notOk(drfCpuHolds(9, 18, example, [ratio(9, 2), ratio(9, 2)]), 'rejects CPU alone on the worked example (A at 2/3 of memory, B wanting at 1/2)');
  t.notOk(drfCpuHolds(9, 18, example, [ratio(3), ratio(5)]), 'rejects a thread left idle');
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 12 }), fc.array(fc.record({ cap: fc.integer({ min: 1, max: 12 }), memoryBytes: fc.integer({ min: 0, max: 8 }) }), { minLength: 1, maxLength: 4 }), (cpu, claims) => {
      const memory = Math.max(1, claims.reduce((sum, c) => sum + c.memoryBytes, 0));
      return drfCpuHolds(cpu, memory, claims, drfCpu(cpu, memory, claims));
    }),
    { seed: 11, numRuns: 300 },
  );
  t.pass('300 nodes');
});
