// History checkers of feature `quotas` (spec/quotas): usage and leases never above an account's
// quota, leases of lost holders returned in time, capabilities respected (forged, amplified,
// revoked and cross-tenant ones refused, genuine ones honoured), and bandwidth and CPU share
// within quota and within a stated tolerance of it.
import { quotaOf, rateResources, rights as allRights, type Capability, type NodeMachine, type Operation, type QuotaResource, type Quotas, type RateResource } from '../../protocol/index.js';
import type { HistoryIndex, IndexedOp } from './history-index.js';
import type { Violation } from './properties.js';
import type { HistoryEntry } from '../history.js';
import { cpuRateTimelines, worth, type RateSegment } from './quotas-cpu-share.js';

type QuotaOp = IndexedOp & { op: Extract<Operation, { capability: Capability }> | (Extract<Operation, { kind: 'spawn' }> & { capability: Capability }) };

/** The quotas of every account a createAccount opened, by account name. */
function accounts(index: HistoryIndex): Map<string, Quotas> {
  const opened = new Map<string, Quotas>();
  for (const o of index.opsOf('createAccount')) if (o.outcome?.kind === 'ok') opened.set(o.op.account, o.op.quotas);
  return opened;
}

/**
 * Tallies per (account, resource) and node, over the history in order; reports the first
 * instant the sum over nodes exceeds the quota.
 */
class Tally {
  private readonly byKey = new Map<string, Map<string, number>>();
  private readonly reported = new Set<string>();

  constructor(private readonly quotas: Map<string, Quotas>, private readonly property: Violation['property'], private readonly what: string) {}

  set(account: string, resource: QuotaResource, node: string, amount: (before: number) => number, at: { index: number; timeNs: number }, violations: Violation[], cause: number[]): void {
    const key = `${account}\u0000${resource}`;
    const perNode = this.byKey.get(key) ?? new Map<string, number>();
    this.byKey.set(key, perNode);
    perNode.set(node, Math.max(0, amount(perNode.get(node) ?? 0)));
    const quota = this.quotas.get(account)?.[resource];
    const total = [...perNode.values()].reduce((a, b) => a + b, 0);
    if (quota === undefined || total <= quota || this.reported.has(key)) return;
    this.reported.add(key);
    const spread = [...perNode].filter(([, n]) => n > 0).map(([node, n]) => `${node}: ${n}`).join(', ');
    violations.push({ property: this.property, message: `account '${account}' ${this.what} ${total} ${resource} at ${at.timeNs} ns (${spread}); its quota is ${quota}`, timeNs: at.timeNs, entries: [...cause, at.index] });
  }

  /** A crashed node's work and leases are gone. */
  crash(node: string): void {
    for (const perNode of this.byKey.values()) if (perNode.has(node)) perNode.set(node, 0);
  }
}

const refusedForSure = (o: IndexedOp) => o.outcome?.kind === 'error' && o.outcome.definite;

/**
 * Work certainly in use — from an acquire's reply until its node stops it (a release is asked,
 * the holder's lease expires, the node crashes) — never adds up to more than the quota. A spawn
 * charged to an account (`capability`) is one unit of its processes, in use on the node its reply
 * names from the reply until an exit of the process is asked.
 */
export function checkUsageWithinQuota(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const tally = new Tally(accounts(index), 'UsageWithinQuota', 'had work admitted for');
  // History index → the change of usage there, and the entry of the operation that makes it.
  const changes = new Map<number, { account: string; resource: QuotaResource; node: string; delta: number; cause: number }>();
  for (const o of index.opsOf('acquire')) {
    if (o.outcome?.kind === 'ok') changes.set(o.completeIndex!, { account: o.op.capability.object, resource: o.op.resource, node: o.node, delta: o.op.amount, cause: o.invokeIndex });
  }
  // A release may stop the work any time after it is asked, unless it was refused for sure.
  for (const o of index.opsOf('release')) {
    if (!refusedForSure(o)) changes.set(o.invokeIndex, { account: o.op.capability.object, resource: o.op.resource, node: o.node, delta: -o.op.amount, cause: o.invokeIndex });
  }
  const charged = new Map<string, { account: string; node: string }>(); // pid → where its unit is in use
  for (const o of index.opsOf('spawn')) {
    if (o.op.capability === undefined || o.outcome?.kind !== 'ok') continue;
    const { pid, node } = o.outcome.value as { pid: string; node: string };
    charged.set(pid, { account: o.op.capability.object, node });
    changes.set(o.completeIndex!, { account: o.op.capability.object, resource: 'processes', node, delta: 1, cause: o.invokeIndex });
  }
  for (const o of index.opsOf('exit').sort((a, b) => a.invokeIndex - b.invokeIndex)) {
    const unit = charged.get(o.op.pid);
    if (unit === undefined || refusedForSure(o)) continue;
    charged.delete(o.op.pid);
    changes.set(o.invokeIndex, { ...unit, resource: 'processes', delta: -1, cause: o.invokeIndex });
  }
  index.history.forEach((entry, i) => {
    const at = { index: i, timeNs: entry.timeNs };
    if (entry.kind === 'crash') return tally.crash(entry.node);
    if (entry.kind === 'event' && entry.event.kind === 'LeaseExpired' && entry.event.side === 'holder') {
      const e = entry.event;
      return tally.set(e.account, e.resource, e.node, () => 0, at, violations, []);
    }
    const change = changes.get(i);
    if (change !== undefined) tally.set(change.account, change.resource, change.node, (before) => before + change.delta, at, violations, [change.cause]);
  });
  return violations;
}

/** Leases the nodes report holding (granted, less returned, until expiry or crash) never add up to more than the quota. */
export function checkLeasesWithinQuota(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const tally = new Tally(accounts(index), 'LeasesWithinQuota', 'had leases held for');
  index.history.forEach((entry, i) => {
    const at = { index: i, timeNs: entry.timeNs };
    if (entry.kind === 'crash') return tally.crash(entry.node);
    if (entry.kind !== 'event') return;
    const e = entry.event;
    switch (e.kind) {
      case 'LeaseGranted':
        return tally.set(e.account, e.resource, e.node, (before) => before + e.amount, at, violations, []);
      case 'LeaseReturned':
        return tally.set(e.account, e.resource, e.node, (before) => before - e.amount, at, violations, []);
      case 'LeaseExpired':
        if (e.side === 'holder') tally.set(e.account, e.resource, e.node, () => 0, at, violations, []);
        return;
      default:
        return;
    }
  });
  return violations;
}

/**
 * Spec/quotas `Rejected`: an acquire refused with `quota_exceeded` was refused while the account
 * could not admit it — at some instant while it was pending, what the ledger may have booked plus
 * its amount exceeded the quota. What the ledger may have booked is bounded from above by the
 * history, so that the property never rejects a refusal a correct ledger could make: every lease
 * a node reported granted counts until the ledger reports reclaiming it (a returned one too: the
 * ledger may not have heard of the return yet), and every other acquire still waiting counts its
 * amount (its request may have been granted with the grant still on its way) unless it ends
 * refused for sure (a definite error: it booked nothing, even while it waited), until it ends with
 * a reply or a definite error, or, if it ended otherwise, until the ledger reclaims that node's
 * lease. A returned lease counts until a term after the return (with LeasesReturn's slack; after
 * the ledger's restart if it was down then): by then the ledger has heard the return, or has
 * reclaimed the lease, which LeasesReturn holds it to. Rate resources (leased whole) are not judged. A spawn charged to an account asks for one
 * unit of its processes.
 *
 * And locally, however much churn went before: a node refuses (its `Rejected {code:
 * "quota_exceeded"}`) only while its own lease, as its events show it (granted, less returned,
 * until it expired there or the node crashed), lacks room — held less in use (admitted, less
 * released) — for what is asked there: Quotas.tla's Rejected needs `Admitted(n)` disabled. The
 * exit of a process charged there gives its unit back: once exits answered outnumber the Released
 * events no release operation accounts for, the difference is not in use either.
 */
export function checkQuotaExceededJustified(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const quotas = accounts(index);
  const key = (account: string, resource: QuotaResource) => `${account}\u0000${resource}`;
  const isRate = (resource: QuotaResource) => (rateResources as readonly QuotaResource[]).includes(resource);
  // (account, resource, node) → what the node holds and has in use by its events; Released events
  // of release operations answered; exits answered of processes charged there.
  interface Local {
    held: number;
    used: number;
    released: number;
    releasedByOps: number;
    exited: number;
  }
  const local = new Map<string, Local>();
  const fresh = (): Local => ({ held: 0, used: 0, released: 0, releasedByOps: 0, exited: 0 });
  const at = (k: string, node: string) => local.get(`${k}\u0000${node}`) ?? local.set(`${k}\u0000${node}`, fresh()).get(`${k}\u0000${node}`)!;
  const charged = new Map<string, { key: string; node: string }>(); // pid → the account's processes on its node
  // Admissions pending, by opId: where they are admitted (undefined: a spawn placed by the kernel) and how much.
  const asking = new Map<number, { key: string; node: string | undefined; amount: number }>();
  const revoked = new Set<string>();
  const ledgerOf = new Map(index.opsOf('createAccount').filter((o) => o.outcome?.kind === 'ok').map((o) => [o.op.account, o.node]));
  const down = new Set<string>();
  const termOf = new Map<string, number>(); // (account, resource, node) → the term of its last grant or renewal
  let returns: { key: string; node: string; amount: number; dueNs: number }[] = [];
  const settleReturns = (nowNs: number) => {
    returns = returns.filter((r) => {
      if (r.dueNs >= nowNs || down.has(ledgerOf.get(r.key.split('\u0000')[0]!) ?? '')) return true;
      const perNode = booked.get(r.key);
      perNode?.set(r.node, Math.max(0, (perNode.get(r.node) ?? 0) - r.amount));
      return false;
    });
  };
  const booked = new Map<string, Map<string, number>>(); // (account, resource) → node → upper bound of what the ledger books to it
  const waiting = new Map<number, { key: string; node: string; amount: number }>(); // acquire opId → what its request may have booked
  const judged = new Map<number, { key: string; amount: number; most: number }>(); // refused acquires pending: the highest bound seen
  // An admission refused for sure (a definite error) booked nothing, even while it was still waiting.
  const mayBook = (id: number) => !refusedForSure(index.ops.get(id)!);
  const bound = (k: string, except: number) =>
    [...(booked.get(k)?.values() ?? [])].reduce((a, b) => a + b, 0) + [...waiting].filter(([id, w]) => w.key === k && id !== except && mayBook(id)).reduce((sum, [, w]) => sum + w.amount, 0);
  const judgeLocally = (e: Extract<HistoryEntry, { kind: 'event' }>, i: number) => {
    const r = e.event;
    if (r.kind !== 'Rejected' || r.code !== 'quota_exceeded' || r.resource === undefined || isRate(r.resource) || revoked.has(r.account)) return;
    const k = key(r.account, r.resource);
    const here = [...asking.values()].filter((a) => a.key === k && (a.node === r.node || a.node === undefined));
    if (here.length === 0 || here.some((a) => a.node === undefined)) return;
    const need = Math.max(...here.map((a) => a.amount));
    const mine = at(k, r.node);
    const { held, used } = mine;
    const exitsUnreleased = Math.max(0, mine.exited - (mine.released - mine.releasedByOps));
    if (held - used + exitsUnreleased < need) return;
    violations.push({
      property: 'QuotaExceededJustified',
      message: `${r.node} refused ${r.resource} of '${r.account}' with quota_exceeded at ${e.timeNs} ns while its own lease had room: it held ${held} with ${used - exitsUnreleased} in use (its LeaseGranted, LeaseReturned, Admitted and Released events${exitsUnreleased > 0 ? `, less ${exitsUnreleased} charged process(es) whose exit was answered without a Released` : ''}), and what was asked there is at most ${need}`,
      timeNs: e.timeNs,
      entries: [i],
    });
  };
  index.history.forEach((entry, i) => {
    settleReturns(entry.timeNs);
    if (entry.kind === 'crash') down.add(entry.node);
    if (entry.kind === 'restart') {
      down.delete(entry.node);
      for (const r of returns) if (ledgerOf.get(r.key.split('\u0000')[0]!) === entry.node) r.dueNs = Math.max(r.dueNs, entry.timeNs + LEASE_RETURN_SLACK_NS);
    }
    if (entry.kind === 'crash') for (const [k, v] of local) if (k.endsWith(`\u0000${entry.node}`)) Object.assign(v, fresh());
    if (entry.kind === 'event') {
      const e = entry.event;
      if (e.kind === 'LeaseGranted' || e.kind === 'LeaseReturned' || e.kind === 'Admitted' || e.kind === 'Released' || (e.kind === 'LeaseExpired' && e.side === 'holder')) {
        const mine = at(key(e.account, e.resource), e.node);
        if (e.kind === 'LeaseGranted') mine.held += e.amount;
        if (e.kind === 'LeaseReturned') mine.held -= e.amount;
        if (e.kind === 'Admitted') mine.used += e.amount;
        if (e.kind === 'Released') [mine.used, mine.released] = [mine.used - e.amount, mine.released + e.amount];
        if (e.kind === 'LeaseExpired') Object.assign(mine, fresh());
      }
      if (e.kind === 'CapabilityRevoked') revoked.add(e.object);
      if (e.kind === 'LeaseGranted' || e.kind === 'LeaseRenewed') termOf.set(`${key(e.account, e.resource)}\u0000${e.node}`, e.termNs);
      if (e.kind === 'LeaseReturned') {
        const termNs = termOf.get(`${key(e.account, e.resource)}\u0000${e.node}`) ?? 0;
        returns.push({ key: key(e.account, e.resource), node: e.node, amount: e.amount, dueNs: Math.ceil(entry.timeNs + termNs * (1 + LEASE_RETURN_SLACK_FRACTION) + LEASE_RETURN_SLACK_NS) });
      }
      judgeLocally(entry, i);
      if (e.kind === 'LeaseGranted' || (e.kind === 'LeaseExpired' && e.side === 'ledger')) {
        const perNode = booked.get(key(e.account, e.resource)) ?? new Map<string, number>();
        booked.set(key(e.account, e.resource), perNode);
        if (e.kind === 'LeaseGranted') perNode.set(e.node, (perNode.get(e.node) ?? 0) + e.amount);
        else {
          perNode.delete(e.node);
          returns = returns.filter((r) => r.key !== key(e.account, e.resource) || r.node !== e.node);
          for (const [id, w] of waiting) if (w.key === key(e.account, e.resource) && w.node === e.node && index.ops.get(id)!.outcome !== undefined) waiting.delete(id);
        }
      }
    } else if (entry.kind === 'invoke' && admission(entry.op, entry.node) !== undefined) {
      const { account, resource, amount, node } = admission(entry.op, entry.node)!;
      const k = key(account, resource);
      waiting.set(entry.opId, { key: k, node: entry.node, amount });
      asking.set(entry.opId, { key: k, node, amount });
      const o = index.ops.get(entry.opId)!;
      if (o.outcome?.kind === 'error' && o.outcome.code === 'quota_exceeded') judged.set(entry.opId, { key: k, amount, most: 0 });
    } else if (entry.kind === 'complete' && entry.outcome.kind === 'ok' && !waiting.has(entry.opId)) {
      const o = index.ops.get(entry.opId)!;
      if (o.op.kind === 'release') at(key(o.op.capability.object, o.op.resource), o.node).releasedByOps += o.op.amount;
      const unit = o.op.kind === 'exit' ? charged.get(o.op.pid) : undefined;
      if (o.op.kind === 'exit' && unit !== undefined) {
        charged.delete(o.op.pid);
        local.get(`${unit.key}\u0000${unit.node}`)!.exited += 1;
      }
    } else if (entry.kind === 'complete' && waiting.has(entry.opId)) {
      asking.delete(entry.opId);
      const o = index.ops.get(entry.opId)!;
      if (o.op.kind === 'spawn' && o.op.capability !== undefined && entry.outcome.kind === 'ok') {
        const { pid, node } = entry.outcome.value as { pid: string; node: string };
        charged.set(pid, { key: key(o.op.capability.object, 'processes'), node });
        at(key(o.op.capability.object, 'processes'), node);
      }
      const outcome = entry.outcome;
      if (outcome.kind === 'ok' || (outcome.kind === 'error' && outcome.definite)) waiting.delete(entry.opId);
      const refused = judged.get(entry.opId);
      if (refused !== undefined) {
        judged.delete(entry.opId);
        refused.most = Math.max(refused.most, bound(refused.key, entry.opId));
        const o = index.ops.get(entry.opId)!;
        const [account, resource] = refused.key.split('\u0000') as [string, QuotaResource];
        const quota = quotas.get(account)?.[resource];
        if (quota !== undefined && refused.most + refused.amount <= quota) {
          violations.push({
            property: 'QuotaExceededJustified',
            message: `operation ${o.opId} (${o.op.kind} ${refused.amount} ${resource} of '${account}' at ${o.node}) was refused with quota_exceeded, but while it was pending at most ${refused.most} of the account's ${quota} ${resource} can have been leased (granted and neither reclaimed nor returned a term ago, or asked for by admissions still waiting), so ${quota - refused.most} more fit`,
            timeNs: o.completeNs!,
            entries: [o.invokeIndex, o.completeIndex!],
          });
        }
      }
    }
    for (const [id, refused] of judged) refused.most = Math.max(refused.most, bound(refused.key, id));
  });
  return violations;
}

/**
 * What an operation asks to admit against a quota: an acquire (of an amount resource), or a spawn
 * charged to an account (one process, where its placement puts it: `node` undefined when the kernel chooses).
 */
function admission(op: Operation, issuedAt: string): { account: string; resource: QuotaResource; amount: number; node: string | undefined } | undefined {
  if (op.kind === 'acquire') return (rateResources as readonly QuotaResource[]).includes(op.resource) ? undefined : { account: op.capability.object, resource: op.resource, amount: op.amount, node: issuedAt };
  if (op.kind !== 'spawn' || op.capability === undefined) return undefined;
  return { account: op.capability.object, resource: 'processes', amount: 1, node: op.placement.kind === 'node' ? op.placement.node : op.placement.kind === 'here' ? issuedAt : undefined };
}

const capabilityKey = (c: Capability) => JSON.stringify([c.port, c.object, [...c.rights].sort(), c.epoch, c.check]);
const rightNeeded = { acquire: 'write', release: 'write', transmit: 'write', spawn: 'write', usage: 'read', derive: 'grant', revoke: 'grant' } as const;

/**
 * Capabilities.tla's Permits, checked on operations: an operation succeeds only with a capability
 * the implementation handed out (never a forged or edited one), carrying the right it needs, not
 * revoked by a revocation completed before it was asked; `derive` only shrinks rights; `revoke`
 * needs every right. Such an operation is refused with `forbidden`; and a genuine capability that
 * permits the operation is never refused with `forbidden`.
 */
/** What the history shows of capabilities: which were handed out when, and the revocations. */
export interface CapabilityRecord {
  /** Why `cap` permits nothing at history entry `at` (never handed out before, or revoked by a revoke completed before), or nothing. */
  invalidAt(cap: Capability, at: number): string[];
  /** Whether a revocation of `account` was asked before entry `at` (one in flight may refuse older capabilities). */
  revokeAskedBefore(account: string, at: number): boolean;
}

export function capabilityRecord(index: HistoryIndex): CapabilityRecord {
  const handedOut = new Map<string, number>(); // capability → history index of the reply that carried it
  const revocations: { account: string; epoch: number; invokeIndex: number; completeIndex: number | undefined }[] = [];
  for (const o of [...index.opsOf('createAccount'), ...index.opsOf('derive'), ...index.opsOf('revoke')]) {
    if (o.outcome?.kind !== 'ok') continue;
    const cap = (o.outcome.value as { capability: Capability }).capability;
    if (!handedOut.has(capabilityKey(cap)) || handedOut.get(capabilityKey(cap))! > o.completeIndex!) handedOut.set(capabilityKey(cap), o.completeIndex!);
  }
  for (const o of index.opsOf('revoke')) {
    const epoch = o.outcome?.kind === 'ok' ? (o.outcome.value as { capability: Capability }).capability.epoch : Infinity;
    revocations.push({ account: o.op.capability.object, epoch, invokeIndex: o.invokeIndex, completeIndex: o.outcome?.kind === 'ok' ? o.completeIndex : undefined });
  }
  return {
    invalidAt(cap, at) {
      const given = handedOut.get(capabilityKey(cap));
      const revokedBy = revocations.find((r) => r.account === cap.object && r.completeIndex !== undefined && r.completeIndex < at && cap.epoch < r.epoch);
      return [
        ...(given === undefined || given > at ? ['the capability was never handed out (forged or edited)'] : []),
        ...(revokedBy ? [`the capability was revoked (epoch ${cap.epoch}; a revoke completed before, to epoch ${revokedBy.epoch})`] : []),
      ];
    },
    revokeAskedBefore: (account, at) => revocations.some((r) => r.account === account && r.invokeIndex < at),
  };
}

export function checkCapabilitiesRespected(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const record = capabilityRecord(index);
  // A spawn presents a capability only when it is charged to an account.
  const quotaOps = [...index.ops.values()].filter((o): o is QuotaOp => o.op.kind in rightNeeded && (o.op as { capability?: Capability }).capability !== undefined);
  for (const o of quotaOps) {
    const cap = o.op.capability;
    const kind = o.op.kind as keyof typeof rightNeeded;
    // Capabilities.tla judges a capability (Permits) when the kernel performs the operation. An
    // acquire is performed when it is admitted, in the step that answers it — possibly long after it
    // was asked, queued for a lease — so a revocation completed before its answer forbids it; any
    // other operation is judged when it was asked (its effect may be answered later, from elsewhere).
    const judgedAt = o.op.kind === 'acquire' && o.outcome?.kind === 'ok' ? o.completeIndex! : o.invokeIndex;
    const reasons = [
      ...record.invalidAt(cap, judgedAt),
      ...(!cap.rights.includes(rightNeeded[kind]) ? [`the capability lacks '${rightNeeded[kind]}'`] : []),
      ...(o.op.kind === 'derive' && o.op.rights.some((r) => !cap.rights.includes(r)) ? [`derive asks for ${o.op.rights.filter((r) => !cap.rights.includes(r)).join(', ')}, which the capability lacks`] : []),
      ...(o.op.kind === 'revoke' && !allRights.every((r) => cap.rights.includes(r)) ? ['only a capability with every right may revoke'] : []),
    ];
    const outcome = o.outcome;
    const where = { timeNs: o.completeNs ?? o.invokeNs, entries: [o.invokeIndex, ...(o.completeIndex !== undefined ? [o.completeIndex] : [])] };
    const name = `operation ${o.opId} (${kind} on '${cap.object}' at ${o.node})`;
    if (reasons.length > 0) {
      if (outcome?.kind === 'ok') violations.push({ property: 'CapabilitiesRespected', message: `${name} succeeded although ${reasons.join('; ')}`, ...where });
      else if (outcome?.kind === 'error' && outcome.definite && outcome.code !== 'forbidden') {
        violations.push({ property: 'CapabilitiesRespected', message: `${name} was refused with ${outcome.code}; expected forbidden, because ${reasons.join('; ')}`, ...where });
      }
      continue;
    }
    if (outcome?.kind === 'error' && outcome.code === 'forbidden') {
      // A revocation still in flight while the operation ran may refuse it.
      const racing = record.revokeAskedBefore(cap.object, o.completeIndex ?? Infinity);
      if (!racing) violations.push({ property: 'CapabilitiesRespected', message: `${name} was refused with forbidden, but its capability is genuine, current and carries '${rightNeeded[kind]}'`, ...where });
    }
    if (outcome?.kind === 'ok' && o.op.kind === 'derive') {
      const derived = (outcome.value as { capability: Capability }).capability;
      const extra = derived.rights.filter((r) => !cap.rights.includes(r) || !(o.op as { rights: string[] }).rights.includes(r));
      if (extra.length > 0) violations.push({ property: 'CapabilitiesRespected', message: `${name} handed on ${extra.join(', ')}, which were not both held and asked for: rights only shrink`, ...where });
    }
  }
  return violations;
}

/**
 * The resources a quota limits by rate, as the history shows them: what arrives (bytes received,
 * CPU time run) and the operations that wait for it (transmit, compute).
 */
interface RateMeter {
  resource: RateResource;
  within: 'BandwidthWithinQuota' | 'ComputeWithinShare';
  shared: 'BandwidthShared' | 'ComputeShared';
  unit: string;
  /** The largest piece that arrives at once (a packet, a CPU slice): the slack of every bound. */
  chunk: number;
  arrivals(index: HistoryIndex): { account: string; timeNs: number; amount: number; index: number }[];
  work(index: HistoryIndex): { account: string; amount: number; op: IndexedOp }[];
}

export const RATE_METERS: Record<RateResource, RateMeter> = {
  bandwidthBytesPerSec: {
    resource: 'bandwidthBytesPerSec',
    within: 'BandwidthWithinQuota',
    shared: 'BandwidthShared',
    unit: 'bytes',
    chunk: 1500,
    arrivals: (index) => index.eventsOf('BytesReceived').map((e) => ({ account: e.event.account, timeNs: e.timeNs, amount: e.event.bytes, index: e.index })),
    work: (index) => index.opsOf('transmit').map((o) => ({ account: o.op.capability.object, amount: o.op.bytes, op: o })),
  },
  cpuNsPerSec: {
    resource: 'cpuNsPerSec',
    within: 'ComputeWithinShare',
    shared: 'ComputeShared',
    unit: 'ns of CPU',
    chunk: 2_000_000,
    arrivals: (index) => index.eventsOf('Computed').map((e) => ({ account: e.event.account, timeNs: e.timeNs, amount: e.event.cpuNs, index: e.index })),
    work: (index) => index.opsOf('compute').map((o) => ({ account: o.op.capability.object, amount: o.op.cpuNs, op: o })),
  },
};

/** Over any interval an account may get its rate's worth for the interval plus this much time, plus one chunk. */
export const RATE_SLACK_NS = 20_000_000;
/** While work waits, an account gets no less than this fraction of its rate, after a start-up allowance, over every window of this length. */
export const RATE_MIN_FRACTION = 0.8;
export const RATE_STARTUP_NS = 50_000_000;
export const RATE_WINDOW_NS = 50_000_000;
/** How long after an operation's reply what it sent may still arrive (a packet in flight). */
export const ARRIVAL_GRACE_NS = 5_000_000;

/** What an account gets over any interval (bytes received, CPU time run) stays within its rate for the interval (plus the stated slack). */
export function checkRateWithinQuota(index: HistoryIndex, meter: RateMeter): Violation[] {
  const violations: Violation[] = [];
  const byAccount = new Map<string, ReturnType<RateMeter['arrivals']>>();
  for (const a of meter.arrivals(index)) byAccount.set(a.account, [...(byAccount.get(a.account) ?? []), a]);
  const quotas = accounts(index);
  for (const [account, arrivals] of byAccount) {
    const opened = quotas.get(account);
    if (opened === undefined) continue;
    const rate = quotaOf(opened, meter.resource);
    // max over i <= j of sum(i..j) - rate * (t_j - t_i): keep the least (amount before i - rate * t_i).
    let before = 0;
    let least = Infinity;
    let leastAt = 0;
    for (const [j, a] of arrivals.entries()) {
      const candidate = before - (rate * a.timeNs) / 1e9;
      if (candidate < least) [least, leastAt] = [candidate, j];
      before += a.amount;
      const excess = before - (rate * a.timeNs) / 1e9 - least;
      if (excess > (rate * RATE_SLACK_NS) / 1e9 + meter.chunk) {
        const from = arrivals[leastAt]!;
        const got = arrivals.slice(leastAt, j + 1).reduce((sum, x) => sum + x.amount, 0);
        violations.push({
          property: meter.within,
          message: `account '${account}' got ${got} ${meter.unit} between ${from.timeNs} and ${a.timeNs} ns; its quota of ${rate} ${meter.resource} allows ${Math.floor((rate * (a.timeNs - from.timeNs + RATE_SLACK_NS)) / 1e9) + meter.chunk} (with ${RATE_SLACK_NS / 1e6} ms and ${meter.chunk} ${meter.unit} of slack)`,
          timeNs: a.timeNs,
          entries: [from.index, a.index],
        });
        break;
      }
    }
  }
  return violations;
}

/**
 * While an account has work waiting (overlapping transmits or computes: one busy period), it gets
 * its rate within a stated tolerance, measured by what arrives, not by the replies: (a) the
 * period lasts no longer than its work at RATE_MIN_FRACTION of the rate, after RATE_STARTUP_NS;
 * (b) what arrives by ARRIVAL_GRACE_NS after the period is all its work, less one chunk (no reply
 * before the work was done); (c) every RATE_WINDOW_NS window of the period after the start-up
 * gets at least RATE_MIN_FRACTION of the rate's worth, less one chunk — a busy neighbour does not
 * starve it at any time. The upper side of the tolerance is the WithinQuota property. An account's
 * rate is its quota, but CPU on an oversubscribed node is its DRF share (quotas-cpu-share.ts), and
 * there (d) no window after RATE_STARTUP_NS from the last change of the node's computes gets more
 * than (2 - RATE_MIN_FRACTION) of the share's worth, plus one chunk: the share is held both ways.
 */
export function checkRateShared(index: HistoryIndex, meter: RateMeter, machines?: Readonly<Record<string, NodeMachine>>): Violation[] {
  const quotas = accounts(index);
  const timelines = meter.resource === 'cpuNsPerSec' ? cpuRateTimelines(index, quotas, machines) : new Map<string, RateSegment[]>();
  const violations: Violation[] = [];
  const arrivalsOf = new Map<string, ReturnType<RateMeter['arrivals']>>();
  for (const a of meter.arrivals(index)) arrivalsOf.set(a.account, [...(arrivalsOf.get(a.account) ?? []), a]);
  const byAccount = new Map<string, ReturnType<RateMeter['work']>>();
  for (const w of meter.work(index)) if (w.op.outcome?.kind === 'ok') byAccount.set(w.account, [...(byAccount.get(w.account) ?? []), w]);
  for (const [account, work] of byAccount) {
    const opened = quotas.get(account);
    const rate = opened === undefined ? 0 : quotaOf(opened, meter.resource);
    if (rate === 0) continue;
    const timeline = timelines.get(account) ?? [{ fromNs: 0, rate, shared: false }];
    const arrivals = arrivalsOf.get(account) ?? [];
    const got = (fromNs: number, toNs: number) => arrivals.filter((a) => a.timeNs >= fromNs && a.timeNs < toNs).reduce((sum, a) => sum + a.amount, 0);
    work.sort((a, b) => a.op.invokeNs - b.op.invokeNs);
    let busy: { fromNs: number; toNs: number; amount: number; work: typeof work } | undefined;
    const judge = () => {
      if (busy === undefined) return;
      const ops = `operations ${busy.work.map((w) => w.op.opId).join(', ')}`;
      const entries = busy.work.flatMap((w) => [w.op.invokeIndex, w.op.completeIndex!]);
      const fail = (message: string, timeNs: number) => violations.push({ property: meter.shared, message: `account '${account}' ${message}`, timeNs, entries });
      const shared = timeline.some((s, i) => s.shared && s.fromNs < busy!.toNs && (timeline[i + 1]?.fromNs ?? Infinity) > busy!.fromNs);
      const its = shared ? `its DRF share of an oversubscribed node (${describe(timeline, busy.fromNs, busy.toNs)} ${meter.resource})` : `its ${rate} ${meter.resource}`;
      const boundNs = paceNs(timeline, busy.fromNs, busy.amount / RATE_MIN_FRACTION) + RATE_STARTUP_NS;
      if (busy.toNs - busy.fromNs > boundNs) {
        return fail(`took ${((busy.toNs - busy.fromNs) / 1e6).toFixed(1)} ms for ${busy.amount} ${meter.unit} (${ops}); at ${RATE_MIN_FRACTION * 100}% of ${its} it may take ${(boundNs / 1e6).toFixed(1)} ms`, busy.toNs);
      }
      const arrived = got(busy.fromNs, busy.toNs + ARRIVAL_GRACE_NS);
      if (arrived < busy.amount - meter.chunk) {
        return fail(`was answered for ${busy.amount} ${meter.unit} (${ops}) by ${busy.toNs} ns, but only ${arrived} arrived by ${ARRIVAL_GRACE_NS / 1e6} ms later`, busy.toNs);
      }
      for (let from = busy.fromNs + RATE_STARTUP_NS; from + RATE_WINDOW_NS <= busy.toNs; from += RATE_WINDOW_NS) {
        const [inWindow, due] = [got(from, from + RATE_WINDOW_NS), worth(timeline, from, from + RATE_WINDOW_NS)];
        const least = RATE_MIN_FRACTION * due - meter.chunk;
        if (inWindow < least) {
          return fail(`got ${inWindow} ${meter.unit} between ${from} and ${from + RATE_WINDOW_NS} ns while it had work waiting (${ops}); ${RATE_MIN_FRACTION * 100}% of ${its} is ${Math.ceil(least + meter.chunk)} per ${RATE_WINDOW_NS / 1e6} ms`, from + RATE_WINDOW_NS);
        }
        const most = (2 - RATE_MIN_FRACTION) * due + meter.chunk;
        if (settledShare(timeline, from, from + RATE_WINDOW_NS) && inWindow > most) {
          return fail(`got ${inWindow} ${meter.unit} between ${from} and ${from + RATE_WINDOW_NS} ns on an oversubscribed node (${ops}); ${its} allows ${Math.floor(most - meter.chunk)} per ${RATE_WINDOW_NS / 1e6} ms (+${Math.round((1 - RATE_MIN_FRACTION) * 100)}%)`, from + RATE_WINDOW_NS);
        }
      }
    };
    for (const w of work) {
      if (busy !== undefined && w.op.invokeNs <= busy.toNs) {
        busy.toNs = Math.max(busy.toNs, w.op.completeNs!);
        busy.amount += w.amount;
        busy.work.push(w);
        continue;
      }
      judge();
      busy = { fromNs: w.op.invokeNs, toNs: w.op.completeNs!, amount: w.amount, work: [w] };
    }
    judge();
  }
  return violations;
}

/** How long from `fromNs` until the timeline allows `amount` (Infinity if it never does). */
function paceNs(timeline: readonly RateSegment[], fromNs: number, amount: number): number {
  let [atNs, left] = [fromNs, amount];
  for (const [i, segment] of timeline.entries()) {
    const endNs = timeline[i + 1]?.fromNs ?? Infinity;
    if (endNs <= atNs) continue;
    const startNs = Math.max(atNs, segment.fromNs);
    const needNs = segment.rate > 0 ? (left * 1e9) / segment.rate : Infinity;
    if (startNs + needNs <= endNs) return startNs + needNs - fromNs;
    left -= (segment.rate * (endNs - startNs)) / 1e9;
    atNs = endNs;
  }
  return Infinity;
}

/** A DRF share held through the window, since at least RATE_STARTUP_NS before it (the node's computes unchanged). */
function settledShare(timeline: readonly RateSegment[], fromNs: number, toNs: number): boolean {
  const at = timeline.findLastIndex((s) => s.fromNs <= fromNs);
  const segment = timeline[at];
  return segment !== undefined && segment.shared && segment.fromNs + RATE_STARTUP_NS <= fromNs && (timeline[at + 1]?.fromNs ?? Infinity) >= toNs;
}

/** The rates a timeline gives between two times, for a message ("2000000000, then 500000000"). */
function describe(timeline: readonly RateSegment[], fromNs: number, toNs: number): string {
  return timeline.filter((s, i) => s.fromNs < toNs && (timeline[i + 1]?.fromNs ?? Infinity) > fromNs).map((s) => Math.round(s.rate)).join(', then ');
}

/**
 * How late a lease may come back after its holder lost touch with the ledger, beyond one term:
 * the ledger reclaims once the term has surely run out on the holder's clock (spec/quotas `ttl <
 * -MaxSkew`); 1% of the term covers the clocks' drift (at most 1,000 ppm each in the hardware
 * model) and this much more the ledger's timer and the packet that carried the last renewal.
 */
export const LEASE_RETURN_SLACK_FRACTION = 0.01;
export const LEASE_RETURN_SLACK_NS = 5_000_000;

interface Booking {
  account: string;
  resource: QuotaResource;
  holder: string;
  /** What the ledger books to the holder, as the holder's events show it (granted less returned). */
  amount: number;
  termNs: number;
  /** Since when the holder has been out of touch (crashed, or cut off from the ledger), and the entry that says so. */
  lostTouch?: { atNs: number; index: number; why: string; dueNs: number };
}

/**
 * Spec/quotas `LeasesReturn`, with the bound the spec's `ttl` gives: a lease booked to a node
 * that crashed, or that stays cut off from the account's ledger, comes back to the account —
 * the ledger reports `LeaseExpired {side: "ledger"}` for it — within one lease term (plus
 * LEASE_RETURN_SLACK) of the moment the holder lost touch: no renewal sent later can have reached
 * the ledger. A holder back in touch first (a later grant or renewal to it) settles it; so does
 * a partition healed before the bound (the holder may then return the lease silently, by renewing
 * with nothing kept). A ledger down at the bound has until just after it restarts; one that never
 * restarts, and a run that ends before the bound, decide nothing.
 */
export function checkLeasesReturn(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const ledgerOf = new Map<string, string>();
  for (const o of index.opsOf('createAccount')) if (o.outcome?.kind === 'ok') ledgerOf.set(o.op.account, o.node);
  const bookings = new Map<string, Booking>();
  const down = new Map<string, number>(); // node → when it crashed, while it is down
  let groups: string[][] | undefined;
  const cutOff = (a: string, b: string) => groups !== undefined && groups.some((g) => g.includes(a) !== g.includes(b));
  const booking = (account: string, resource: QuotaResource, holder: string) => {
    const key = JSON.stringify([account, resource, holder]);
    const found = bookings.get(key) ?? { account, resource, holder, amount: 0, termNs: 0 };
    bookings.set(key, found);
    return found;
  };
  const lost = (b: Booking, atNs: number, index: number, why: string) => {
    b.lostTouch = { atNs, index, why, dueNs: Math.ceil(atNs + b.termNs * (1 + LEASE_RETURN_SLACK_FRACTION) + LEASE_RETURN_SLACK_NS) };
  };
  /** Judges every booking whose bound has passed by `nowNs` (its ledger up). */
  const judge = (nowNs: number) => {
    for (const b of bookings.values()) {
      if (b.lostTouch === undefined || b.amount <= 0 || nowNs <= b.lostTouch.dueNs || down.has(ledgerOf.get(b.account)!)) continue;
      const ledger = ledgerOf.get(b.account)!;
      violations.push({
        property: 'LeasesReturn',
        message: `account '${b.account}': ${b.amount} ${b.resource} booked to ${b.holder}, which ${b.lostTouch.why} at ${b.lostTouch.atNs} ns, had not come back by ${b.lostTouch.dueNs} ns (one ${b.termNs} ns term and ${LEASE_RETURN_SLACK_FRACTION * 100}% plus ${LEASE_RETURN_SLACK_NS / 1e6} ms later, or ${LEASE_RETURN_SLACK_NS / 1e6} ms after the ledger restarted): the ledger on ${ledger} never reported LeaseExpired {side: "ledger"} for it`,
        timeNs: b.lostTouch.dueNs,
        entries: [b.lostTouch.index],
      });
      b.lostTouch = undefined;
      b.amount = 0;
    }
  };
  index.history.forEach((entry, i) => {
    judge(entry.timeNs);
    switch (entry.kind) {
      case 'crash':
        down.set(entry.node, entry.timeNs);
        for (const b of bookings.values()) if (b.holder === entry.node && b.amount > 0 && b.lostTouch === undefined) lost(b, entry.timeNs, i, 'crashed');
        return;
      case 'restart': {
        down.delete(entry.node);
        // A restarted ledger reclaims what fell due while it was down at once: give it the slack from now.
        for (const b of bookings.values()) {
          if (ledgerOf.get(b.account) === entry.node && b.lostTouch !== undefined) b.lostTouch.dueNs = Math.max(b.lostTouch.dueNs, entry.timeNs + LEASE_RETURN_SLACK_NS);
        }
        return;
      }
      case 'partition':
        groups = entry.groups;
        for (const b of bookings.values()) {
          const ledger = ledgerOf.get(b.account)!;
          if (b.amount > 0 && b.lostTouch === undefined && cutOff(b.holder, ledger)) lost(b, entry.timeNs, i, `was cut off from the ledger on ${ledger}`);
        }
        return;
      case 'heal':
        groups = undefined;
        for (const b of bookings.values()) if (b.lostTouch?.why.startsWith('was cut off')) b.lostTouch = undefined;
        return;
      case 'event': {
        const e = entry.event;
        if (e.kind !== 'LeaseGranted' && e.kind !== 'LeaseRenewed' && e.kind !== 'LeaseReturned' && e.kind !== 'LeaseExpired') return;
        const b = booking(e.account, e.resource, e.node);
        if (e.kind === 'LeaseGranted') [b.amount, b.termNs, b.lostTouch] = [b.amount + e.amount, e.termNs, undefined];
        if (e.kind === 'LeaseRenewed') [b.termNs, b.lostTouch] = [e.termNs, undefined];
        if (e.kind === 'LeaseReturned') b.amount = Math.max(0, b.amount - e.amount);
        if (e.kind === 'LeaseExpired' && e.side === 'ledger') [b.amount, b.lostTouch] = [0, undefined];
        return;
      }
      default:
        return;
    }
  });
  judge(index.history.length > 0 ? index.history[index.history.length - 1]!.timeNs : 0);
  return violations;
}
