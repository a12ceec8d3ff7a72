// Hand transcriptions of spec/quotas/Quotas.tla, Capabilities.tla and DRF.tla (and the variants
// of QuotasBad.tla, CapabilitiesBad.tla and DRFBad.tla) into plain TypeScript transition
// systems, so that the specs' verdicts, counts and shortest counterexamples can be established
// without the TLA+ toolchain (see spec-counts.test.ts). Nodes and tenants are indices.
import type { TransitionSystem } from './state-graph.js';

type Checked<S> = TransitionSystem<S> & { violated: (s: S) => string | undefined };
type Live<S> = Checked<S> & { needsProgress: (s: S) => boolean; fairEnabled: (s: S) => boolean };

const setAt = <T>(array: readonly T[], index: number, value: T): T[] => array.map((old, i) => (i === index ? value : old));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const firstViolated = <S>(invariants: [string, (s: S) => boolean][], s: S): string | undefined => invariants.find(([, holds]) => !holds(s))?.[0];

// ---------------------------------------------------------------------------------------------
// Quotas.tla

export type QuotasVariant = 'correct' | 'renewed-after-expiry' | 'release-counted-twice' | 'reissued-early';

export interface QuotasParameters {
  nodes: number;
  quota: number;
  leaseSize: number;
  leaseTerm: number;
  maxSkew: number;
  maxGrants: number;
  maxRenewals: number;
  maxAdmissions: number;
  maxCrashes: number;
  maxPartitions: number;
}

export interface QuotasState {
  free: number;
  granted: number[];
  held: number[];
  used: number[];
  ttl: number[];
  up: boolean[];
  cut: boolean[];
  grants: number;
  renewals: number;
  admissions: number;
  crashes: number;
  partitions: number;
}

export function quotasSystem(params: QuotasParameters, variant: QuotasVariant = 'correct'): Live<QuotasState> {
  const { quota, leaseSize, leaseTerm, maxSkew } = params;
  const nodes = range(params.nodes);
  const expired = -maxSkew - 1;
  const reachable = (s: QuotasState, n: number): boolean => s.up[n]! && !s.cut[n];
  const counting = (s: QuotasState, n: number): boolean => (s.granted[n]! > 0 || s.held[n]! > 0) && s.ttl[n]! > expired;
  type Action = (s: QuotasState, n: number) => QuotasState | undefined;

  const granted: Action = (s, n) =>
    reachable(s, n) && s.held[n] === 0 && s.granted[n] === 0 && s.free >= leaseSize && s.grants < params.maxGrants
      ? { ...s, free: s.free - leaseSize, granted: setAt(s.granted, n, leaseSize), held: setAt(s.held, n, leaseSize), ttl: setAt(s.ttl, n, leaseTerm), grants: s.grants + 1 }
      : undefined;
  const renewed: Action = (s, n) => {
    if (!reachable(s, n) || s.held[n]! === 0 || s.renewals >= params.maxRenewals) return undefined;
    if (variant === 'renewed-after-expiry') {
      return { ...s, free: s.free - (s.held[n]! - s.granted[n]!), granted: setAt(s.granted, n, s.held[n]!), ttl: setAt(s.ttl, n, leaseTerm), renewals: s.renewals + 1 };
    }
    return s.granted[n] === s.held[n] ? { ...s, ttl: setAt(s.ttl, n, leaseTerm), renewals: s.renewals + 1 } : undefined;
  };
  const returned: Action = (s, n) =>
    reachable(s, n) && s.held[n]! > 0 && s.used[n] === 0
      ? { ...s, free: s.free + (variant === 'release-counted-twice' ? 2 : 1) * s.granted[n]!, granted: setAt(s.granted, n, 0), held: setAt(s.held, n, 0), ttl: setAt(s.ttl, n, expired) }
      : undefined;
  // Quotas' ReturnLost: the known-bad variants' Next leaves it out.
  const returnLost: Action = (s, n) =>
    variant === 'correct' && s.up[n] && s.held[n]! > 0 && s.used[n] === 0 ? { ...s, held: setAt(s.held, n, 0) } : undefined;
  const holderExpired: Action = (s, n) =>
    s.up[n] && s.held[n]! > 0 && s.ttl[n]! <= maxSkew && !(variant === 'renewed-after-expiry' && s.cut[n]) ? { ...s, held: setAt(s.held, n, 0), used: setAt(s.used, n, 0) } : undefined;
  const reclaimed: Action = (s, n) => {
    if (s.granted[n]! === 0) return undefined;
    const due = s.ttl[n] === expired || (variant === 'reissued-early' && !reachable(s, n));
    return due ? { ...s, free: s.free + s.granted[n]!, granted: setAt(s.granted, n, 0) } : undefined;
  };
  const tick = (s: QuotasState): QuotasState | undefined => {
    if (!nodes.some((n) => counting(s, n))) return undefined;
    const mustStop = (n: number): boolean => s.held[n]! > 0 && !(variant === 'renewed-after-expiry' && s.cut[n]);
    if (!nodes.every((n) => !mustStop(n) || s.ttl[n]! > -maxSkew)) return undefined;
    return { ...s, ttl: nodes.map((n) => (counting(s, n) ? s.ttl[n]! - 1 : s.ttl[n]!)) };
  };
  const admitted: Action = (s, n) => (s.up[n] && s.used[n]! < s.held[n]! && s.admissions < params.maxAdmissions ? { ...s, used: setAt(s.used, n, s.used[n]! + 1), admissions: s.admissions + 1 } : undefined);
  const released: Action = (s, n) => (s.up[n] && s.used[n]! > 0 ? { ...s, used: setAt(s.used, n, s.used[n]! - 1) } : undefined);
  const crashed: Action = (s, n) =>
    s.up[n] && s.crashes < params.maxCrashes ? { ...s, up: setAt(s.up, n, false), held: setAt(s.held, n, 0), used: setAt(s.used, n, 0), crashes: s.crashes + 1 } : undefined;
  const restarted: Action = (s, n) => (!s.up[n] ? { ...s, up: setAt(s.up, n, true) } : undefined);
  const partitioned: Action = (s, n) => (!s.cut[n] && s.partitions < params.maxPartitions ? { ...s, cut: setAt(s.cut, n, true), partitions: s.partitions + 1 } : undefined);
  const healed: Action = (s, n) => (s.cut[n] ? { ...s, cut: setAt(s.cut, n, false) } : undefined);

  const perNode = (actions: Action[], s: QuotasState): QuotasState[] =>
    actions.flatMap((action) => nodes.map((n) => action(s, n))).filter((x): x is QuotasState => x !== undefined);
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const invariants: [string, (s: QuotasState) => boolean][] = [
    ['TypeOK', (s) => s.free >= 0],
    ['LedgerBalanced', (s) => s.free + sum(s.granted) === quota],
    ['WithinQuota', (s) => sum(nodes.map((n) => Math.max(s.granted[n]!, s.held[n]!))) <= quota],
    ['UsageLeased', (s) => nodes.every((n) => s.used[n]! <= s.held[n]! && (s.held[n]! === 0 || s.granted[n] === s.held[n]))],
  ];
  // The known-bad configurations leave UsageLeased out (spec/quotas/README.md says why).
  const checked = variant === 'correct' ? invariants : invariants.slice(0, 3);
  const violated = (s: QuotasState): string | undefined => firstViolated(checked, s);

  return {
    initialStates: [
      {
        free: quota,
        granted: nodes.map(() => 0),
        held: nodes.map(() => 0),
        used: nodes.map(() => 0),
        ttl: nodes.map(() => expired),
        up: nodes.map(() => true),
        cut: nodes.map(() => false),
        grants: 0,
        renewals: 0,
        admissions: 0,
        crashes: 0,
        partitions: 0,
      },
    ],
    successors: (s) => {
      const next = perNode([granted, renewed, returned, returnLost, holderExpired, reclaimed, admitted, released, crashed, restarted, partitioned, healed], s);
      const t = tick(s);
      return t ? [...next, t] : next;
    },
    key: (s) => JSON.stringify(s),
    isBad: (s) => violated(s) !== undefined,
    violated,
    needsProgress: (s) => nodes.some((n) => s.granted[n]! > 0 && s.held[n]! === 0),
    fairEnabled: (s) => tick(s) !== undefined || perNode([reclaimed, holderExpired], s).length > 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Capabilities.tla: objects are <<tenant, 1 .. objectsPerTenant>>, identified here as tenant * k + index.

export interface CapabilitiesParameters {
  tenants: number;
  objectsPerTenant: number;
  shareRights: Right[];
  maxDerivations: number;
  maxRevocations: number;
}
type Right = 'read' | 'write' | 'grant';
const RIGHTS: Right[] = ['grant', 'read', 'write'];
interface Capability {
  holder: number;
  object: number;
  rights: Right[]; // sorted
  epoch: number;
}
export interface CapabilitiesState {
  caps: Capability[]; // sorted by key
  epoch: number[];
  derivations: number;
  revocations: number;
}

export function capabilitiesSystem(params: CapabilitiesParameters, variant: 'correct' | 'amplified' = 'correct'): Checked<CapabilitiesState> {
  const tenants = range(params.tenants);
  const objects = range(params.tenants * params.objectsPerTenant);
  const ownerOf = (o: number): number => Math.floor(o / params.objectsPerTenant);
  const capKey = (c: Capability): string => `${c.holder}/${c.object}/${c.rights.join('+')}/${c.epoch}`;
  const withCap = (caps: Capability[], c: Capability): Capability[] => {
    const byKey = new Map([...caps, c].map((x) => [capKey(x), x]));
    return [...byKey.keys()].sort().map((k) => byKey.get(k)!);
  };
  const subsets: Right[][] = range(1 << RIGHTS.length).map((mask) => RIGHTS.filter((_, i) => mask & (1 << i)));
  const within = (rs: Right[], of: readonly Right[]): boolean => rs.every((r) => of.includes(r));
  const root = (o: number, epoch: number): Capability => ({ holder: ownerOf(o), object: o, rights: [...RIGHTS], epoch });

  const successors = (s: CapabilitiesState): CapabilitiesState[] => {
    const next: CapabilitiesState[] = [];
    if (s.derivations < params.maxDerivations) {
      for (const c of s.caps) {
        if (c.epoch !== s.epoch[c.object] || !c.rights.includes('grant')) continue;
        for (const t of tenants) {
          for (const rs of subsets) {
            const owner = ownerOf(c.object);
            const allowed =
              variant === 'amplified'
                ? !(c.holder === owner && t !== owner) || within(rs, params.shareRights)
                : within(rs, c.rights) && (t === owner || within(rs, params.shareRights));
            if (allowed) next.push({ ...s, caps: withCap(s.caps, { holder: t, object: c.object, rights: rs, epoch: c.epoch }), derivations: s.derivations + 1 });
          }
        }
      }
    }
    for (const o of objects) {
      if (s.revocations < params.maxRevocations && s.epoch[o]! < params.maxRevocations) {
        next.push({ ...s, epoch: setAt(s.epoch, o, s.epoch[o]! + 1), caps: withCap(s.caps, root(o, s.epoch[o]! + 1)), revocations: s.revocations + 1 });
      }
    }
    return next;
  };

  const permitted = (s: CapabilitiesState, t: number, o: number, r: Right): boolean => s.caps.some((c) => c.holder === t && c.object === o && c.rights.includes(r) && c.epoch === s.epoch[o]);
  const invariants: [string, (s: CapabilitiesState) => boolean][] = [
    ['Isolation', (s) => tenants.every((t) => objects.every((o) => RIGHTS.every((r) => !permitted(s, t, o, r) || t === ownerOf(o) || params.shareRights.includes(r))))],
    ['RightsOnlyShrink', (s) => s.caps.every((c) => c.holder === ownerOf(c.object) || within(c.rights, params.shareRights))],
  ];
  const violated = (s: CapabilitiesState): string | undefined => firstViolated(invariants, s);
  return {
    initialStates: [{ caps: objects.map((o) => root(o, 0)).reduce(withCap, [] as Capability[]), epoch: objects.map(() => 0), derivations: 0, revocations: 0 }],
    successors,
    key: (s) => JSON.stringify({ ...s, caps: s.caps.map(capKey) }),
    isBad: (s) => violated(s) !== undefined,
    violated,
  };
}

// ---------------------------------------------------------------------------------------------
// DRF.tla: the worked example of Ghodsi et al., shares scaled by 9 * 18.

export interface DrfState {
  tasks: [number, number]; // A, B
}

export function drfSystem(variant: 'correct' | 'first-fit' = 'correct'): Checked<DrfState> {
  const capacity = { cpu: 9, mem: 18 };
  const demand = [
    { cpu: 1, mem: 4 },
    { cpu: 3, mem: 1 },
  ];
  const scale = capacity.cpu * capacity.mem;
  const dominant = (v: { cpu: number; mem: number }): number => Math.max(v.cpu * (scale / capacity.cpu), v.mem * (scale / capacity.mem));
  const used = (s: DrfState, r: 'cpu' | 'mem'): number => s.tasks[0] * demand[0]![r] + s.tasks[1] * demand[1]![r];
  const fits = (s: DrfState, t: number): boolean => (['cpu', 'mem'] as const).every((r) => used(s, r) + demand[t]![r] <= capacity[r]);
  const share = (s: DrfState, t: number): number => dominant({ cpu: s.tasks[t]! * demand[t]!.cpu, mem: s.tasks[t]! * demand[t]!.mem });
  const tenants = [0, 1];
  const successors = (s: DrfState): DrfState[] =>
    tenants
      .filter((t) => fits(s, t))
      .filter((t) => (variant === 'first-fit' ? t === 0 || !fits(s, 0) : tenants.every((u) => !fits(s, u) || share(s, t) <= share(s, u))))
      .map((t) => ({ tasks: setAt(s.tasks, t, s.tasks[t]! + 1) as [number, number] }));
  const invariants: [string, (s: DrfState) => boolean][] = [
    ['WithinCapacity', (s) => used(s, 'cpu') <= capacity.cpu && used(s, 'mem') <= capacity.mem],
    ['DominantSharesBalanced', (s) => tenants.every((t) => tenants.every((u) => !fits(s, u) || share(s, t) <= share(s, u) + dominant(demand[t]!)))],
    ['WorkedExample', (s) => tenants.some((t) => fits(s, t)) || (s.tasks[0] === 3 && s.tasks[1] === 2)],
  ];
  const violated = (s: DrfState): string | undefined => firstViolated(invariants, s);
  return { initialStates: [{ tasks: [0, 0] }], successors, key: (s) => s.tasks.join(','), isBad: (s) => violated(s) !== undefined, violated };
}
