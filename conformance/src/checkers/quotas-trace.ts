// Trace validation of quota histories against spec/quotas/Quotas.tla. Each (account, resource) is
// one instance of the module (a part of the search): nodes n1..nK are the module's nodes 1..K, the
// quota and the lease size are counted in the greatest common divisor of the quota and every amount
// the run reports (Part.unit). Observed steps: LeaseGranted,
// LeaseReturned (ReturnLost when the ledger later reclaims the lease: the return never reached it),
// LeaseExpired on either side, Admitted and Released (one module step per unit),
// and each node's crash and restart. Time is not mapped: ttl is left to the search (Tick and
// LeaseRenewed change only ttl and a budget, so they are unobserved steps), which still demands
// what the module says about order — a lease is reclaimed only once its holder has stopped using
// it or crashed, a node is granted only what the ledger has free, work runs only within a lease.
// LeaseRenewed is unobserved too, within a budget of the renewals the run reports.
// Partitions are not observed either (with no partition budget the module's Reachable always
// holds, which only allows more). Rejected events are not steps of the module.
// Capability hand-ons and revocations are validated against spec/quotas/Capabilities.tla
// (quotas-capabilities-trace.ts); a run is explained when both modules explain what each observes.
import type { History } from '../history.js';
import { NO_CAPABILITY_STEPS, validateCapabilitiesTrace } from './quotas-capabilities-trace.js';
import { explainTrace, specModel, type Observation, type TraceValidation } from './trace-search.js';

const SPEC = 'spec/quotas/Quotas.tla';
const NO_LEASES = 'no leases';
/** The module takes one step per unit admitted or released; past this many the observed steps alone would exhaust the heap. */
const MAX_OBSERVED_UNITS = 100_000;

/** An observed step of one part: the module's action and its node (1..K); a grant carries its size. */
type Observed = Observation & { holder: number } & (
    | { kind: 'LeaseGranted'; size: number }
    | { kind: 'LeaseReturned' | 'ReturnLost' | 'HolderExpired' | 'LeaseReclaimed' | 'Admitted' | 'Released' | 'Crashed' | 'Restarted' }
  );

/** The module's variables the observed steps change, by node index 0..K-1. */
interface Projection {
  free: number;
  granted: number[];
  held: number[];
  used: number[];
  up: boolean[];
}

export interface QuotasTraceOptions {
  maxStates?: number;
}

/** A part: one account's quota of one resource, with what the module needs to know of it. */
interface Part {
  account: string;
  resource: string;
  quota: number;
  leaseSize: number | undefined;
  /**
   * The greatest common divisor of the part's quota and every amount the run reports: the module
   * counts in it, since scaling every amount by a common factor changes no step's enabling (a
   * memory quota in bytes leased and admitted in GiB is a handful of units, not 10^9).
   */
  unit: number;
  grants: number;
  renewals: number;
  admissions: number;
  crashes: number;
  /** What each node holds, as the events show it: for the scope checks. */
  held: Map<string, number>;
}

/** Leases against Quotas.tla and capabilities against Capabilities.tla; either may find nothing of its own to validate. */
export async function validateQuotasTrace(history: History, options: QuotasTraceOptions = {}): Promise<TraceValidation> {
  return combineValidations([await validateLeasesTrace(history, options), await validateCapabilitiesTrace(history, options)]);
}

const NOTHING_OBSERVED = new Set([NO_LEASES, NO_CAPABILITY_STEPS]);

/**
 * One verdict for a run validated by several modules: the earliest unexplained step; else unknown
 * if any search gave up; else not applicable if any module's part of the run is outside its scope,
 * or if no module observed anything; else explained.
 */
export function combineValidations(validations: readonly TraceValidation[]): TraceValidation {
  const unexplained = validations.filter((v): v is Extract<TraceValidation, { kind: 'unexplained' }> => v.kind === 'unexplained').sort((a, b) => a.entry - b.entry);
  if (unexplained.length > 0) return unexplained[0]!;
  const unknown = validations.find((v) => v.kind === 'unknown');
  if (unknown !== undefined) return unknown;
  const outOfScope = validations.find((v) => v.kind === 'not-applicable' && !NOTHING_OBSERVED.has(v.reason));
  if (outOfScope !== undefined) return outOfScope;
  const explained = validations.filter((v): v is Extract<TraceValidation, { kind: 'explained' }> => v.kind === 'explained');
  if (explained.length === 0) return { kind: 'not-applicable', reason: validations.map((v) => (v.kind === 'not-applicable' ? v.reason : v.kind)).join('; ') };
  return { kind: 'explained', events: explained.reduce((n, v) => n + v.events, 0), statesExplored: explained.reduce((n, v) => n + v.statesExplored, 0) };
}

async function validateLeasesTrace(history: History, options: QuotasTraceOptions): Promise<TraceValidation> {
  const quotas = new Map<string, Record<string, number | undefined>>();
  const nodes = new Set<string>();
  for (const e of history) {
    if ('node' in e && typeof e.node === 'string') nodes.add(e.node);
    if (e.kind === 'invoke' && e.op.kind === 'createAccount') quotas.set(e.op.account, e.op.quotas);
  }
  const nodeIndex = new Map([...nodes].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).map((n, i) => [n, i + 1]));
  const parts: Part[] = [];
  const partOf = new Map<string, number>();
  const part = (account: string, resource: string): number => {
    const key = JSON.stringify([account, resource]);
    let i = partOf.get(key);
    if (i === undefined) {
      partOf.set(key, (i = parts.length));
      const quota = quotas.get(account)?.[resource] ?? 0;
      parts.push({ account, resource, quota, leaseSize: undefined, unit: quota, grants: 0, renewals: 0, admissions: 0, crashes: 0, held: new Map() });
    }
    return i;
  };
  // First pass: the parts, so that a crash is observed in every one of them, and each part's unit.
  for (const e of history) {
    if (e.kind !== 'event' || !('resource' in e.event) || e.event.resource === undefined || e.event.kind === 'Rejected') continue;
    const p = parts[part(e.event.account, e.event.resource)]!;
    if ('amount' in e.event) p.unit = greatestCommonDivisor(p.unit, e.event.amount);
  }
  if (parts.length === 0) return { kind: 'not-applicable', reason: NO_LEASES };
  for (const p of parts) p.unit ||= 1;
  let observedUnits = 0;

  const observed: Observed[] = [];
  for (const [entry, e] of history.entries()) {
    if (e.kind === 'crash' || e.kind === 'restart') {
      for (const [i, p] of parts.entries()) {
        observed.push({ kind: e.kind === 'crash' ? 'Crashed' : 'Restarted', entry, node: e.node, part: i, holder: nodeIndex.get(e.node)! });
        if (e.kind !== 'crash') continue;
        p.crashes++;
        p.held.set(e.node, 0);
      }
      continue;
    }
    if (e.kind !== 'event') continue;
    const ev = e.event;
    if (ev.kind === 'LeaseRenewed') parts[part(ev.account, ev.resource)]!.renewals++;
    if (ev.kind !== 'LeaseGranted' && ev.kind !== 'LeaseReturned' && ev.kind !== 'LeaseExpired' && ev.kind !== 'Admitted' && ev.kind !== 'Released') continue;
    const i = part(ev.account, ev.resource);
    const p = parts[i]!;
    const at = { entry, node: e.node, part: i, holder: nodeIndex.get(ev.node)! };
    const held = p.held.get(ev.node) ?? 0;
    const units = ev.amount / p.unit;
    switch (ev.kind) {
      case 'LeaseGranted':
        if (p.leaseSize !== undefined && ev.amount !== p.leaseSize) return outOfScope(`leases of ${p.leaseSize} and ${ev.amount} ${ev.resource} of account '${ev.account}' (the module's leases are all LeaseSize)`);
        if (held > 0) return outOfScope(`a second lease of ${ev.resource} of account '${ev.account}' granted to ${ev.node}, which still holds one (the module's node holds one lease at a time)`);
        p.leaseSize = ev.amount;
        p.grants++;
        p.held.set(ev.node, ev.amount);
        observed.push({ kind: 'LeaseGranted', ...at, size: units });
        break;
      case 'LeaseReturned':
        if (ev.amount !== held) return outOfScope(`${ev.node} returned ${ev.amount} of the ${held} ${ev.resource} it held of account '${ev.account}' (the module returns a whole lease)`);
        p.held.set(ev.node, 0);
        observed.push({ kind: returnLost(history, entry, ev.account, ev.resource, ev.node) ? 'ReturnLost' : 'LeaseReturned', ...at });
        break;
      case 'LeaseExpired':
        if (ev.side === 'holder') p.held.set(ev.node, 0);
        observed.push({ kind: ev.side === 'holder' ? 'HolderExpired' : 'LeaseReclaimed', ...at });
        break;
      case 'Admitted':
      case 'Released':
        observedUnits += units;
        if (observedUnits > MAX_OBSERVED_UNITS) return outOfScope(`more than ${MAX_OBSERVED_UNITS.toLocaleString('en-US')} units admitted and released (${ev.resource} of account '${ev.account}' in units of ${p.unit}; the module takes one step per unit)`);
        if (ev.kind === 'Admitted') p.admissions += units;
        for (let unit = 0; unit < units; unit++) observed.push({ kind: ev.kind, ...at });
        break;
    }
  }
  const models = await Promise.all(
    parts.map((p) =>
      specModel(SPEC, {
        NumNodes: nodeIndex.size,
        Quota: p.quota / p.unit,
        LeaseSize: (p.leaseSize ?? p.unit) / p.unit,
        // Time is not observed: the shortest term and no skew keep the module's order of expiry and reclaim.
        LeaseTerm: 1,
        MaxSkew: 0,
        MaxGrants: p.grants,
        MaxRenewals: p.renewals,
        MaxAdmissions: p.admissions,
        MaxCrashes: p.crashes,
        MaxPartitions: 0,
      }),
    ),
  );
  const describe = (step: Observed) => {
    const p = parts[step.part]!;
    return `${step.kind}(${step.holder}) of account '${p.account}' ${p.resource} (history entry ${step.entry})`;
  };
  return explainTrace(history, models, observed, { spec: SPEC, variables: ['free', 'granted', 'held', 'used', 'up'], project, expectedAfter, describe }, options.maxStates ?? 100_000);
}

/**
 * Whether the return the holder reported at `entry` never reached the ledger: the ledger reclaims
 * that node's lease before it grants the node another. (A return the ledger heard leaves it
 * nothing to reclaim, and a reclaim reports only units it took back.)
 */
function returnLost(history: History, entry: number, account: string, resource: string, node: string): boolean {
  for (const e of history.slice(entry + 1)) {
    if (e.kind !== 'event') continue;
    const ev = e.event;
    if (!('resource' in ev) || ev.account !== account || ev.resource !== resource || !('node' in ev) || ev.node !== node) continue;
    if (ev.kind === 'LeaseGranted') return false;
    if (ev.kind === 'LeaseExpired' && ev.side === 'ledger') return true;
  }
  return false;
}

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function outOfScope(reason: string): TraceValidation {
  return { kind: 'not-applicable', reason };
}

/** A function on 1..K as an array (ITF renders it as a sequence or as a map with keys "1".."K"). */
function byNode<T>(value: unknown): T[] {
  if (Array.isArray(value)) return value as T[];
  const map = value as Record<string, T>;
  return Object.keys(map).sort((a, b) => Number(a) - Number(b)).map((k) => map[k]!);
}

function project(v: Record<string, unknown>): Projection {
  return { free: v.free as number, granted: byNode(v.granted), held: byNode(v.held), used: byNode(v.used), up: byNode(v.up) };
}

function expectedAfter(b: Projection, step: Observed): Projection | undefined {
  const n = step.holder - 1;
  if (n < 0 || n >= b.held.length) return undefined;
  const a: Projection = { free: b.free, granted: [...b.granted], held: [...b.held], used: [...b.used], up: [...b.up] };
  switch (step.kind) {
    case 'LeaseGranted':
      a.free -= step.size;
      a.granted[n] = a.held[n] = step.size;
      return a;
    case 'LeaseReturned':
      a.free += b.granted[n]!;
      a.granted[n] = a.held[n] = 0;
      return a;
    case 'ReturnLost':
      a.held[n] = 0;
      return a;
    case 'HolderExpired':
      a.held[n] = a.used[n] = 0;
      return a;
    case 'LeaseReclaimed':
      a.free += b.granted[n]!;
      a.granted[n] = 0;
      return a;
    case 'Admitted':
      a.used[n]!++;
      return a;
    case 'Released':
      a.used[n]!--;
      return a;
    case 'Crashed':
      a.up[n] = false;
      a.held[n] = a.used[n] = 0;
      return a;
    case 'Restarted':
      a.up[n] = true;
      return a;
  }
}
