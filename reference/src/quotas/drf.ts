// Dominant Resource Fairness (Ghodsi et al., NSDI 2011): the allocator the quota subsystem uses
// between tenants for contended resources, and the divisible-task form the paper's theorems are
// about. A tenant's dominant share is the largest share of any resource it holds; DRF serves the
// tenant with the lowest one. Shares are exact rationals (rational.ts), never floats.
import { type Rational, ZERO, add, compare, div, max, min, mul, ratio, sub } from './rational.js';

/** A tenant's per-task demand, one amount per resource (same order as the pool's capacity). */
export interface DrfTenant {
  readonly name: string;
  readonly demand: readonly number[];
  /** Tasks the tenant wants at most (default: as many as fit). */
  readonly maxTasks?: number;
  /** Weighted DRF (the paper's section 4.3): the tenant's weight per resource (default 1 each). */
  readonly weights?: readonly number[];
}

/**
 * The dominant share of a holding: max over resources of holding / capacity, each divided by the
 * tenant's weight for that resource when weighted (section 4.3: s_i = max_j u_ij / w_ij), so a
 * tenant of weight 2 is served until its share is twice another's.
 */
export function dominantShare(holding: readonly number[], capacity: readonly number[], weights?: readonly number[]): Rational {
  return holding.reduce<Rational>((share, amount, r) => max(share, ratio(amount, capacity[r]! * (weights?.[r] ?? 1))), ZERO);
}

function fits(used: readonly number[], demand: readonly number[], capacity: readonly number[]): boolean {
  return demand.every((amount, r) => used[r]! + amount <= capacity[r]!);
}

/**
 * Progressive filling, one task at a time: among the candidates whose next task fits in what is
 * left, the one whose holding has the lowest dominant share (ties: the earlier candidate, so the
 * choice is deterministic). Undefined when no candidate's task fits.
 */
export function pickNext<T extends { readonly demand: readonly number[]; readonly holding: readonly number[]; readonly weights?: readonly number[] }>(
  capacity: readonly number[],
  used: readonly number[],
  candidates: readonly T[],
): T | undefined {
  let best: T | undefined;
  let bestShare: Rational | undefined;
  for (const candidate of candidates) {
    if (!fits(used, candidate.demand, capacity)) continue;
    const share = dominantShare(candidate.holding, capacity, candidate.weights);
    if (bestShare === undefined || compare(share, bestShare) < 0) [best, bestShare] = [candidate, share];
  }
  return best;
}

export interface DrfAllocation {
  /** Tasks given to each tenant, by name. */
  readonly tasks: Readonly<Record<string, number>>;
  /** The tenants in the order their tasks were given. */
  readonly order: readonly string[];
  /** What each tenant ends up holding, per resource. */
  readonly holdings: Readonly<Record<string, readonly number[]>>;
  readonly used: readonly number[];
}

/** The allocator run to completion on a pool: progressive filling until no wanted task fits. */
export function allocateDrf(capacity: readonly number[], tenants: readonly DrfTenant[]): DrfAllocation {
  checkShapes(capacity, tenants.map((t) => t.demand), tenants.map((t) => t.weights));
  const state = tenants.map((t) => ({ tenant: t, demand: t.demand, weights: t.weights, holding: capacity.map(() => 0), tasks: 0 }));
  const used = capacity.map(() => 0);
  const order: string[] = [];
  for (;;) {
    const next = pickNext(capacity, used, state.filter((s) => s.tasks < (s.tenant.maxTasks ?? Infinity) && s.demand.some((a) => a > 0)));
    if (next === undefined) break;
    next.demand.forEach((amount, r) => {
      next.holding[r]! += amount;
      used[r]! += amount;
    });
    next.tasks += 1;
    order.push(next.tenant.name);
  }
  return {
    tasks: Object.fromEntries(state.map((s) => [s.tenant.name, s.tasks])),
    order,
    holdings: Object.fromEntries(state.map((s) => [s.tenant.name, s.holding])),
    used,
  };
}

export interface DivisibleAllocation {
  /** Tasks (fractional) per tenant, in the order of the demands. */
  readonly tasks: readonly Rational[];
  readonly dominantShares: readonly Rational[];
  /** Capacity left per resource (zero where a resource is saturated). */
  readonly remaining: readonly Rational[];
}

/**
 * DRF with divisible tasks, the setting of the paper's theorems (section 4): every tenant's dominant
 * share (weighted, when `weights` gives each tenant's per resource) rises at the same rate; when a
 * resource runs out, the tenants that need it stop. Exact.
 */
export function progressiveFilling(capacity: readonly number[], demands: readonly (readonly number[])[], weights?: readonly (readonly number[] | undefined)[]): DivisibleAllocation {
  const { tasks, shares, remaining } = fill(capacity, demands, (holding, capacity, i) => dominantShare(holding, capacity, weights?.[i]), weights);
  return { tasks, dominantShares: shares, remaining };
}

/** The aggregate share of a holding: the sum over resources of holding / capacity. */
export function aggregateShare(holding: readonly number[], capacity: readonly number[]): Rational {
  return holding.reduce<Rational>((sum, amount, r) => add(sum, ratio(amount, capacity[r]!)), ZERO);
}

/**
 * Asset Fairness, the first alternative the paper weighs DRF against (section 5.1): the same
 * filling, but equalising each tenant's aggregate share (every resource's share counted, as if a
 * percent of CPU were worth a percent of memory) instead of its dominant share. Exact.
 */
export function assetFairness(capacity: readonly number[], demands: readonly (readonly number[])[]): { tasks: readonly Rational[]; aggregateShares: readonly Rational[] } {
  const { tasks, shares } = fill(capacity, demands, aggregateShare);
  return { tasks, aggregateShares: shares };
}

/** Every active tenant's share (by `shareOf`) rises at the same rate; a tenant stops when a resource it needs runs out. */
function fill(
  capacity: readonly number[],
  demands: readonly (readonly number[])[],
  shareOf: (holding: readonly number[], capacity: readonly number[], tenant: number) => Rational,
  weights?: readonly (readonly number[] | undefined)[],
) {
  checkShapes(capacity, demands, weights);
  demands.forEach((d, i) => {
    if (!d.some((a) => a > 0)) throw new RangeError(`demands[${i}]: a task must need some resource`);
  });
  const step = demands.map((d, i) => shareOf(d, capacity, i)); // the share of one task
  const shares = demands.map(() => ZERO);
  const remaining = capacity.map((c) => ratio(c));
  const active = demands.map(() => true);
  while (active.some((a) => a)) {
    // Resource r drains at sum over active tenants of demand / step per unit of share.
    const rate = capacity.map((_, r) => demands.reduce((sum, d, i) => (active[i] ? add(sum, div(ratio(d[r]!), step[i]!)) : sum), ZERO));
    let rise: Rational | undefined;
    rate.forEach((rt, r) => {
      if (rt.num === 0n) return;
      const until = div(remaining[r]!, rt);
      if (rise === undefined || compare(until, rise) < 0) rise = until;
    });
    const by = rise!; // every active tenant needs some resource, so some rate is positive
    demands.forEach((_, i) => {
      if (active[i]) shares[i] = add(shares[i]!, by);
    });
    rate.forEach((rt, r) => {
      remaining[r] = sub(remaining[r]!, mul(rt, by));
    });
    demands.forEach((d, i) => {
      if (active[i] && d.some((a, r) => a > 0 && remaining[r]!.num === 0n)) active[i] = false;
    });
  }
  return { tasks: shares.map((s, i) => div(s, step[i]!)), shares, remaining };
}

function checkShapes(capacity: readonly number[], demands: readonly (readonly number[])[], weights?: readonly (readonly number[] | undefined)[]): void {
  capacity.forEach((c, r) => {
    if (!Number.isInteger(c) || c <= 0) throw new RangeError(`capacity[${r}]: ${c} is not a positive integer`);
  });
  demands.forEach((d, i) => {
    if (d.length !== capacity.length) throw new RangeError(`demands[${i}]: ${d.length} amounts for ${capacity.length} resources`);
    d.forEach((a, r) => {
      if (!Number.isInteger(a) || a < 0) throw new RangeError(`demands[${i}][${r}]: ${a} is not a non-negative integer`);
    });
  });
  weights?.forEach((w, i) => {
    if (w === undefined) return;
    if (w.length !== capacity.length) throw new RangeError(`weights[${i}]: ${w.length} weights for ${capacity.length} resources`);
    w.forEach((x, r) => {
      if (!Number.isInteger(x) || x <= 0) throw new RangeError(`weights[${i}][${r}]: ${x} is not a positive integer`);
    });
  });
}

/** An account computing on a node: the CPU it may use (its lease, ns per second) and the memory it holds there. */
export interface CpuClaim {
  readonly cap: number;
  readonly memoryBytes: number;
}

/**
 * DRF on one node between the accounts computing there, over its CPU and memory, as Mesos's
 * allocator offers what it has (the paper, section 6): memory an account holds is held, CPU is
 * what the node divides. An account's dominant share is max(its CPU / the node's, its memory /
 * the node's); progressive filling gives CPU to the lowest dominant share, each account capped by
 * its lease. So an account whose memory share is above the others' water level gets CPU only once
 * the level reaches it — and then up to the level's worth without its share rising; where several
 * enter at the same level, the CPU left is divided between them max-min. Undersubscribed (the
 * leases fit), each gets its lease. With no memory held this is max-min fairness: DRF over one
 * resource. Exact: CPU in ns per second, each account's as a rational.
 */
export function drfCpu(cpu: number, memoryBytes: number, claims: readonly CpuClaim[]): Rational[] {
  checkShapes([cpu, memoryBytes], claims.map((c) => [c.cap, c.memoryBytes]));
  const caps = claims.map((c) => ratio(c.cap));
  const capacity = ratio(cpu);
  if (compare(caps.reduce(add, ZERO), capacity) <= 0) return caps;
  const held = claims.map((c) => dominantShare([0, c.memoryBytes], [cpu, memoryBytes]));
  const allowance = (i: number, level: Rational) => min(caps[i]!, mul(level, capacity));
  const given = (level: Rational, entered: (i: number) => boolean) => claims.reduce((sum, _, i) => (entered(i) ? add(sum, allowance(i, level)) : sum), ZERO);
  // Where the allowances bend: a share held in memory (an account enters) or a cap reached.
  const points = [...held, ...caps.map((cap) => div(cap, capacity))].sort(compare);
  let below = ZERO;
  for (const point of points) {
    const enteredBefore = (i: number) => compare(held[i]!, point) < 0;
    if (compare(given(point, enteredBefore), capacity) >= 0) {
      // The level is reached between `below` and `point`, where the uncapped allowances rise linearly.
      const capped = claims.flatMap((_, i) => (enteredBefore(i) && compare(caps[i]!, mul(below, capacity)) <= 0 ? [i] : []));
      const open = claims.filter((_, i) => enteredBefore(i) && !capped.includes(i)).length;
      const level = div(sub(capacity, capped.reduce((sum, i) => add(sum, caps[i]!), ZERO)), mul(ratio(open), capacity));
      return claims.map((_, i) => (enteredBefore(i) ? allowance(i, level) : ZERO));
    }
    const entering = claims.flatMap((_, i) => (compare(held[i]!, point) === 0 ? [i] : []));
    const left = sub(capacity, given(point, enteredBefore));
    if (compare(given(point, (i) => compare(held[i]!, point) <= 0), capacity) >= 0) {
      const shares = maxMin(left, entering.map((i) => allowance(i, point)));
      return claims.map((_, i) => (enteredBefore(i) ? allowance(i, point) : entering.includes(i) ? shares[entering.indexOf(i)]! : ZERO));
    }
    below = point;
  }
  throw new Error('drfCpu: the leases exceed the CPU, so some level reaches it'); // unreachable: at the last point every lease is given
}

/** Max-min fairness: `capacity` divided equally, each capped by `caps[i]`, what a capped one leaves going to the others. */
function maxMin(capacity: Rational, caps: readonly Rational[]): Rational[] {
  const shares = caps.map(() => ZERO);
  let left = capacity;
  const order = caps.map((_, i) => i).sort((a, b) => compare(caps[a]!, caps[b]!) || a - b);
  order.forEach((i, k) => {
    shares[i] = min(caps[i]!, div(left, ratio(order.length - k)));
    left = sub(left, shares[i]!);
  });
  return shares;
}
