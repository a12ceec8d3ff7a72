// What CPU rate an account computing on a node may expect over time (ComputeShared): its CPU
// quota, or — while the accounts computing on its node have quotas adding up to more than the
// node's hardware threads — its DRF share of the node's CPU and memory (PROTOCOL.md, "CPU on a
// shared node"), computed here from the history and the machines the suite told the port, not by
// any port's code.
import { DEFAULT_NODE_MACHINE, quotaOf, type NodeMachine, type Quotas } from '../../protocol/index.js';
import type { HistoryIndex } from './history-index.js';

/** From `fromNs` on (until the next segment), an account may expect `rate`; `shared`: its DRF share of an oversubscribed node. */
export interface RateSegment {
  fromNs: number;
  rate: number;
  shared: boolean;
}

/**
 * DRF of one node's CPU (ns per second) between accounts each capped by its CPU quota and holding
 * memory there: the water level of dominant shares (the larger of an account's CPU share and its
 * memory share) rises; an account takes CPU up to the level's worth (within its cap) once the level
 * reaches its memory share; the accounts whose memory share is where the CPU runs out share what is
 * left equally (within their caps). Found by bisection on the level: floats are plenty for a
 * checker whose tolerance is 20 %.
 */
export function drfShares(cpu: number, memoryBytes: number, claims: readonly { cap: number; memoryBytes: number }[]): number[] {
  if (claims.reduce((sum, c) => sum + c.cap, 0) <= cpu) return claims.map((c) => c.cap);
  const held = claims.map((c) => c.memoryBytes / memoryBytes);
  const allowance = (i: number, level: number) => Math.min(claims[i]!.cap, level * cpu);
  const total = (level: number) => claims.reduce((sum, _, i) => sum + (held[i]! <= level ? allowance(i, level) : 0), 0);
  let [lo, hi] = [0, Math.max(1, ...held, ...claims.map((c) => c.cap / cpu))];
  for (let k = 0; k < 200 && hi - lo > 1e-15 * hi; k++) {
    const mid = (lo + hi) / 2;
    if (total(mid) >= cpu) hi = mid;
    else lo = mid;
  }
  const shares = claims.map((_, i) => (held[i]! <= lo ? allowance(i, hi) : 0));
  const entering = claims.map((_, i) => i).filter((i) => held[i]! > lo && held[i]! <= hi).sort((a, b) => allowance(a, hi) - allowance(b, hi));
  let left = cpu - shares.reduce((sum, s) => sum + s, 0);
  entering.forEach((i, k) => {
    shares[i] = Math.max(0, Math.min(allowance(i, hi), left / (entering.length - k)));
    left -= shares[i]!;
  });
  return shares;
}

/**
 * Each account's expected CPU rate over time, from the computes outstanding on each node (invoked,
 * not yet answered), the memory each account holds there (`acquire`d less `release`d, none after
 * its holder lease ran out or the node crashed) and the node's machine. An account computing on
 * two nodes at once may expect its quota (its lease there is unknown), and so may every account on
 * those nodes at that time.
 */
export function cpuRateTimelines(index: HistoryIndex, quotas: ReadonlyMap<string, Quotas>, machines: Readonly<Record<string, NodeMachine>> = {}): Map<string, RateSegment[]> {
  type Change = { atNs: number; apply: () => void };
  const changes: Change[] = [];
  const computing = new Map<string, Map<string, number>>(); // node → account → computes outstanding
  const memory = new Map<string, Map<string, number>>(); // node → account → bytes held
  const on = <V>(byNode: Map<string, Map<string, V>>, node: string) => byNode.get(node) ?? byNode.set(node, new Map()).get(node)!;
  for (const o of index.opsOf('compute')) {
    const account = o.op.capability.object;
    const count = (by: number) => () => on(computing, o.node).set(account, (on(computing, o.node).get(account) ?? 0) + by);
    changes.push({ atNs: o.invokeNs, apply: count(1) });
    if (o.completeNs !== undefined) changes.push({ atNs: o.completeNs, apply: count(-1) });
  }
  for (const kind of ['acquire', 'release'] as const) {
    for (const o of index.opsOf(kind)) {
      if (o.op.resource !== 'memoryBytes' || o.outcome?.kind !== 'ok') continue;
      const [account, bytes] = [o.op.capability.object, kind === 'acquire' ? o.op.amount : -o.op.amount];
      changes.push({ atNs: o.completeNs!, apply: () => on(memory, o.node).set(account, Math.max(0, (on(memory, o.node).get(account) ?? 0) + bytes)) });
    }
  }
  for (const e of index.eventsOf('LeaseExpired')) {
    if (e.event.side === 'holder' && e.event.resource === 'memoryBytes') changes.push({ atNs: e.timeNs, apply: () => on(memory, e.event.node).delete(e.event.account) });
  }
  for (const [node, times] of index.crashesByNode) for (const atNs of times) changes.push({ atNs, apply: () => memory.delete(node) });
  changes.sort((a, b) => a.atNs - b.atNs);
  const cpuQuota = (account: string) => {
    const opened = quotas.get(account);
    return opened === undefined ? 0 : quotaOf(opened, 'cpuNsPerSec');
  };
  const timelines = new Map<string, RateSegment[]>();
  for (let k = 0; k < changes.length; ) {
    const atNs = changes[k]!.atNs;
    for (; k < changes.length && changes[k]!.atNs === atNs; k++) changes[k]!.apply();
    const nodesOf = new Map<string, number>();
    for (const accounts of computing.values()) for (const [account, n] of accounts) if (n > 0) nodesOf.set(account, (nodesOf.get(account) ?? 0) + 1);
    for (const [node, accounts] of computing) {
      const here = [...accounts].filter(([account, n]) => n > 0 && cpuQuota(account) > 0).map(([account]) => account);
      const caps = here.map(cpuQuota);
      const machine = machines[node] ?? DEFAULT_NODE_MACHINE;
      const alone = here.every((account) => nodesOf.get(account) === 1);
      const oversubscribed = alone && caps.reduce((sum, c) => sum + c, 0) > machine.hardwareThreads * 1e9;
      const rates = oversubscribed ? drfShares(machine.hardwareThreads * 1e9, machine.memoryBytes, here.map((account, i) => ({ cap: caps[i]!, memoryBytes: memory.get(node)?.get(account) ?? 0 }))) : caps;
      here.forEach((account, i) => {
        const timeline = timelines.get(account) ?? timelines.set(account, []).get(account)!;
        const last = timeline.at(-1);
        if (last === undefined || last.rate !== rates[i] || last.shared !== oversubscribed) timeline.push({ fromNs: atNs, rate: rates[i]!, shared: oversubscribed });
      });
    }
  }
  return timelines;
}

/** The units a timeline allows between two times (rates are per second). */
export function worth(timeline: readonly RateSegment[], fromNs: number, toNs: number): number {
  let sum = 0;
  timeline.forEach((segment, i) => {
    const [from, to] = [Math.max(fromNs, segment.fromNs), Math.min(toNs, timeline[i + 1]?.fromNs ?? Infinity)];
    if (to > from) sum += (segment.rate * (to - from)) / 1e9;
  });
  return sum;
}
