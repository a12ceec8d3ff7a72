// An account's ledger, kept by the node where the account was created (the `port` of its
// capabilities) in durable storage: the quotas, the epoch, and the leases booked to nodes with the
// time (on this node's clock) after which each may be reclaimed. Units free = quota - booked, so
// nothing can be credited twice. Each holder's requests are answered once (by Seq); a copy gets
// the same answer again.
import { quotaOf, quotaResources, type QuotaResource, type Quotas } from '../../../conformance/protocol/index.js';
import type { NodeId } from '../ids.js';
import { compareSeq, type LeaseAnswer, type Seq } from './quota-messages.js';

export interface BookedLease {
  amount: number;
  /** This node's local time after which the holder has surely stopped using the lease. */
  reclaimAtNs: number;
}

export interface LedgerRecord {
  account: string;
  quotas: Quotas;
  epoch: number;
  leases: Record<QuotaResource, Record<NodeId, BookedLease>>;
  /** The last request answered per resource and holder, and the answer, for copies. */
  answered: Record<QuotaResource, Record<NodeId, { seq: Seq; answer: LeaseAnswer }>>;
}

/** Lease terms: the holder stops at (1 - SKEW) terms after it asked, the ledger reclaims at (1 + SKEW) terms plus a margin after it granted. */
export const LEASE_TERM_NS = 100_000_000;
/** Twice the hardware model's bound on clock drift (1,000 ppm): durations measured on two clocks differ by less. */
export const DRIFT_ALLOWANCE = 0.002;
export const RECLAIM_MARGIN_NS = 1_000_000;

export const durableKey = (account: string) => `quota/${account}`;

export function newLedger(account: string, quotas: Quotas): LedgerRecord {
  const perResource = <T>() => Object.fromEntries(quotaResources.map((r) => [r, {}])) as Record<QuotaResource, Record<NodeId, T>>;
  return { account, quotas, epoch: 0, leases: perResource<BookedLease>(), answered: perResource() };
}

export function booked(ledger: LedgerRecord, resource: QuotaResource): number {
  return Object.values(ledger.leases[resource]).reduce((sum, lease) => sum + lease.amount, 0);
}

export function leasedTotals(ledger: LedgerRecord): Quotas {
  return Object.fromEntries(quotaResources.map((r) => [r, booked(ledger, r)])) as Quotas;
}

/** Whether this request is a copy (answer it again), stale (ignore it) or new. */
export function classifyRequest(ledger: LedgerRecord, resource: QuotaResource, holder: NodeId, seq: Seq): { kind: 'copy'; answer: LeaseAnswer } | { kind: 'stale' } | { kind: 'new' } {
  const last = ledger.answered[resource][holder];
  if (last === undefined) return { kind: 'new' };
  const order = compareSeq(seq, last.seq);
  return order === 0 ? { kind: 'copy', answer: last.answer } : order < 0 ? { kind: 'stale' } : { kind: 'new' };
}

export function remember(ledger: LedgerRecord, resource: QuotaResource, holder: NodeId, seq: Seq, answer: LeaseAnswer): LeaseAnswer {
  ledger.answered[resource][holder] = { seq, answer };
  return answer;
}

/** Books `amount` more to `holder` (at least `atLeast` of it), or refuses with quota_exceeded. */
export function grant(ledger: LedgerRecord, resource: QuotaResource, holder: NodeId, amount: number, atLeast: number, nowNs: number, reclaimAfterNs: number): LeaseAnswer {
  const free = quotaOf(ledger.quotas, resource) - booked(ledger, resource);
  const given = Math.min(amount, free);
  if (given < atLeast || given <= 0) {
    return { kind: 'refused', code: 'quota_exceeded', text: `account '${ledger.account}' has ${free} ${resource} left unleased of ${quotaOf(ledger.quotas, resource)}; ${atLeast} asked` };
  }
  const lease = ledger.leases[resource][holder] ?? { amount: 0, reclaimAtNs: 0 };
  ledger.leases[resource][holder] = { amount: lease.amount + given, reclaimAtNs: Math.max(lease.reclaimAtNs, nowNs + reclaimAfterNs) };
  return { kind: 'granted', amount: given, termNs: LEASE_TERM_NS, epoch: ledger.epoch };
}

/** Extends `holder`'s lease, keeping `keep` units of it; the rest returns to the account. */
export function renew(ledger: LedgerRecord, resource: QuotaResource, holder: NodeId, keep: number, nowNs: number, reclaimAfterNs: number): LeaseAnswer {
  const lease = ledger.leases[resource][holder];
  if (lease === undefined) return { kind: 'gone' };
  const kept = Math.min(keep, lease.amount);
  if (kept === 0) delete ledger.leases[resource][holder];
  else ledger.leases[resource][holder] = { amount: kept, reclaimAtNs: Math.max(lease.reclaimAtNs, nowNs + reclaimAfterNs) };
  return { kind: 'renewed', keep: kept, termNs: LEASE_TERM_NS, epoch: ledger.epoch };
}

/** Takes back a lease whose reclaim time has passed; the units it held, or 0. */
export function reclaim(ledger: LedgerRecord, resource: QuotaResource, holder: NodeId, nowNs: number): number {
  const lease = ledger.leases[resource][holder];
  if (lease === undefined || nowNs < lease.reclaimAtNs) return 0;
  delete ledger.leases[resource][holder];
  return lease.amount;
}

/** Nodes that hold any lease of the account (they must hear of a revocation before it completes). */
export function holders(ledger: LedgerRecord): Set<NodeId> {
  return new Set(quotaResources.flatMap((r) => Object.keys(ledger.leases[r])));
}
