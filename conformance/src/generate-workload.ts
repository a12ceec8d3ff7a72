// fast-check arbitraries for generated workloads: processes spread over the nodes, then bursts of
// operations of every kind the test enables and windows of faults (crash/restart, partition/heal,
// message loss/duplication/reordering) that may outlast the operations. Under swarm testing each
// workload enables only a random subset of the operation and fault kinds (Groce et al., "Swarm
// Testing", ISSTA 2012: leaving features out lets the others reach deeper). fast-check shrinks the
// whole record, so a failure comes back as the shortest operations and faults that still fail.
import fc from 'fast-check';
import type { FaultAction, MessageFaults } from '../../hardware-models/src/index.js';
import { forgeryArbitrary, isQuotaWorkloadOp } from './quota-workload.js';
import { generatorFaultKinds, type GeneratedFaultKind, type GeneratedOpKind, type GeneratorOptions, type WorkloadOp, type WorkloadPlacement, type WorkloadStep } from './test-case.js';

/** The operation and fault kinds one generated workload draws from. */
export interface EnabledKinds {
  operations: GeneratedOpKind[];
  faults: GeneratedFaultKind[];
}

/** One generated case: the workload, the extra faults, the simulator's seed, and what it enabled. */
export interface GeneratedCase {
  steps: WorkloadStep[];
  faults: FaultAction[];
  simSeed: number;
  /** All the test's kinds, or under swarm testing the subset this case drew. */
  enabled: EnabledKinds;
}

/** Spawns take place in the first millisecond; operations and faults come after. */
const SPAWN_PHASE_NS = 1_000_000;
/** Operations of a burst are at most this far apart: less than a round trip on the default hardware, so they overlap in flight. */
const BURST_GAP_NS = 3_000;
/** A crash, partition or message-fault window lasts at least this long (longer than a retransmission interval). */
const MIN_WINDOW_NS = 1_000_000;
/** A late-copies window opens up to this long before its crash (the copies sent in between are the ones held across the restart). */
const LATE_COPIES_LEAD_NS = 5_000_000;
/** A restarted node's processes are spawned again this long after the restart, one after the other. */
const RESPAWN_GAP_NS = 1_000;
/** Pages of each generated process when the workload migrates (a small memory, so runs stay short). */
const GENERATED_PAGES = 8;
/** The shared segment every generated process attaches to when the workload loads or stores, and its pages (few, so faults contend). */
const SHARED_SEGMENT = 'shared';
const SHARED_PAGES = 2;
/** The account a workload with quota operations creates first (on n1), and its small quotas, so that limits are reached. */
const ACCOUNT = 'account';
const GENERATED_QUOTAS = { processes: 4, memoryBytes: 4, storageBytes: 4, bandwidthBytesPerSec: 1_000_000, cpuNsPerSec: 100_000_000 };
/**
 * Under `tenants`: the second account (`other`), and the capabilities an operation may present —
 * each account's root and a read-only and a write-only one derived from it — or none.
 */
const OTHER = 'other-account';
const PRESENTED = [ACCOUNT, `${ACCOUNT}-r`, `${ACCOUNT}-w`, OTHER, `${OTHER}-r`, `${OTHER}-w`] as const;
/** Under `tenants`, the namespaces names and segments are drawn in: each account's (`tenant/…`, `other/…`) and the public one. */
const NAMESPACES = ['tenant/', 'other/', ''] as const;

/** The names workloads register and look up: `alpha`, `beta`, ... */
export function generatedNames(count: number): string[] {
  const greek = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa'];
  return greek.slice(0, count);
}

/**
 * Generated cases for a test: `nodes` are its nodes, `baseline` its own message faults (restored
 * when a generated message-fault window closes).
 */
export function generatedCaseArbitrary(options: GeneratorOptions, nodes: string[], baseline?: Partial<MessageFaults>): fc.Arbitrary<GeneratedCase> {
  const labels = Array.from({ length: options.processes }, (_, i) => `p${i}`);
  const memory = options.kinds.includes('migrate') ? { memory: { pages: GENERATED_PAGES, pageBytes: 4096, dirtyPagesPerSec: 0 } } : {};
  // Under `tenants`, processes are charged to the two accounts and to none in turn, once the accounts and their capabilities exist.
  const chargedTo = (i: number) => (options.tenants ? [{ capability: ACCOUNT }, { capability: OTHER }, {}][i % 3]! : {});
  const spawns: WorkloadStep[] = labels.map((label, i) => ({
    atNs: (options.tenants ? SPAWN_PHASE_NS / 2 : 0) + i * 1000,
    op: { kind: 'spawn', as: label, placement: { kind: 'node', node: nodes[i % nodes.length]! }, ...memory, ...chargedTo(i) },
  }));
  // Account operations need the account; process operations need nothing of it.
  if (options.tenants) spawns.unshift(...tenantAccounts());
  else if (options.kinds.some((kind) => isQuotaWorkloadOp({ kind }))) spawns.unshift({ atNs: 0, op: { kind: 'createAccount', as: ACCOUNT, account: 'tenant', quotas: GENERATED_QUOTAS } });
  // Attaching is set-up, like spawning: each process attaches once, right after the spawns.
  const attaches: WorkloadStep[] = options.kinds.some((k) => k === 'load' || k === 'store')
    ? labels.map((label, i) => ({ atNs: SPAWN_PHASE_NS / 2 + i * 1000, op: { kind: 'attach', process: label, segment: SHARED_SEGMENT, pages: SHARED_PAGES } }))
    : [];
  const faultKinds = generatorFaultKinds(options).filter((kind) => (kind !== 'partition' && kind !== 'crash-in-partition') || nodes.length > 1);
  const all: EnabledKinds = { operations: [...new Set(options.kinds)], faults: faultKinds };
  const enabled = options.swarm
    ? fc.record({ operations: fc.subarray(all.operations, { minLength: 1 }), faults: fc.subarray(all.faults) })
    : fc.constant(all);
  return enabled.chain((kinds) =>
    fc
      .record({
        bursts: fc.array(burstArbitrary(options, kinds.operations, labels, nodes), { minLength: 1, maxLength: options.maxOperations }),
        faults: kinds.faults.length === 0 ? fc.constant<FaultAction[][]>([]) : fc.array(fc.oneof(...kinds.faults.map((k) => faultWindow(k, options, nodes, baseline ?? {}))), { maxLength: options.maxFaults }),
        simSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      })
      .map(({ bursts, faults, simSeed }) => ({
        steps: [...spawns, ...attaches, ...[...bursts.flat().sort((a, b) => a.atNs - b.atNs).slice(0, options.maxOperations), ...respawns(options, spawns, bursts.flat(), faults.flat())].sort((a, b) => a.atNs - b.atNs)],
        faults: faults.flat().sort((a, b) => a.atNs - b.atNs),
        simSeed,
        enabled: kinds,
      })),
  );
}

/**
 * Under `respawn`: after each restart, the processes first spawned on that node, spawned there
 * again (issued there, a microsecond apart), each then registering again the names its label
 * was asked to register before, as a restarted service does in its init.
 */
function respawns(options: GeneratorOptions, spawns: WorkloadStep[], operations: WorkloadStep[], faults: FaultAction[]): WorkloadStep[] {
  if (!options.respawn) return [];
  return faults.flatMap((fault) => {
    if (fault.kind !== 'restart') return [];
    const children = spawns.filter((s) => s.op.kind === 'spawn' && s.op.placement.kind === 'node' && s.op.placement.node === fault.node);
    const again = children.flatMap((child) => {
      const label = child.op.kind === 'spawn' ? child.op.as : '';
      const names = new Set(operations.flatMap((s) => (s.atNs < fault.atNs && s.op.kind === 'register' && s.op.process === label ? [s.op.name] : [])));
      return [{ ...child, node: fault.node }, ...[...names].map((name): WorkloadStep => ({ atNs: 0, op: { kind: 'register', process: label, name } }))];
    });
    return again.map((step, i) => ({ ...step, atNs: fault.atNs + (i + 1) * RESPAWN_GAP_NS }));
  });
}

/** Under `tenants`: both accounts (on n1, their ledger) and, from each root, a read-only and a write-only capability. */
function tenantAccounts(): WorkloadStep[] {
  return [ACCOUNT, OTHER].flatMap((as, i): WorkloadStep[] => [
    { atNs: i * 1000, node: 'n1', op: { kind: 'createAccount', as, account: i === 0 ? 'tenant' : 'other', quotas: GENERATED_QUOTAS } },
    { atNs: SPAWN_PHASE_NS / 4 + i * 1000, node: 'n1', op: { kind: 'derive', capability: as, rights: ['read'], as: `${as}-r` } },
    { atNs: SPAWN_PHASE_NS / 4 + i * 1000 + 500, node: 'n1', op: { kind: 'derive', capability: as, rights: ['write'], as: `${as}-w` } },
  ]);
}

/** The operations that reach a process, name or segment, which under `tenants` may present a capability (tenant isolation). */
const reaching = new Set<WorkloadOp['kind']>(['exit', 'send', 'call', 'register', 'lookup', 'migrate', 'read', 'write', 'attach']);

/** Under `tenants`, an operation that reaches another tenant's objects presents one of the workload's capabilities, or none. */
function presentingSometimes(issued: fc.Arbitrary<Issued>, options: GeneratorOptions): fc.Arbitrary<Issued> {
  if (!options.tenants) return issued;
  return fc.tuple(issued, fc.constantFrom(undefined, ...PRESENTED)).map(([i, capability]) => (capability === undefined || !reaching.has(i.op.kind) ? i : { ...i, op: { ...i.op, capability } as WorkloadOp }));
}

/** One operation and, for those not tied to a process's node, the node that issues it. */
type Issued = { node?: string; op: WorkloadOp };

/** A burst: one operation, or several a few microseconds apart, each fresh or a repeat of the one before (same link); under `flood`, or one operation many times. */
function burstArbitrary(options: GeneratorOptions, kinds: GeneratedOpKind[], labels: string[], nodes: string[]): fc.Arbitrary<WorkloadStep[]> {
  const op = fc.oneof(...kinds.map((kind) => forgedSometimes(presentingSometimes(operationArbitrary(kind, options, labels, nodes), options), options)));
  const time = fc.integer({ min: SPAWN_PHASE_NS, max: SPAWN_PHASE_NS + options.spanNs });
  const gap = fc.integer({ min: 0, max: BURST_GAP_NS });
  const spaced = (atNs: number, gapNs: number, issued: Issued[]) => issued.map((i, n) => ({ atNs: atNs + n * gapNs, ...i }));
  const burst =
    options.maxBurst === 1
      ? fc.record({ atNs: time, issued: op }).map(({ atNs, issued }) => [{ atNs, ...issued }])
      : fc.record({ atNs: time, gapNs: gap, first: op, rest: fc.array(fc.option(op, { freq: 2 }), { maxLength: options.maxBurst - 1 }) }).map(({ atNs, gapNs, first, rest }) => {
          const issued: Issued[] = [first];
          for (const next of rest) issued.push(next ?? issued[issued.length - 1]!); // null: the previous operation again
          return spaced(atNs, gapNs, issued);
        });
  if (options.flood === undefined) return burst;
  const count = options.flood;
  const flood = fc.record({ atNs: time, gapNs: gap, issued: op }).map(({ atNs, gapNs, issued }) => spaced(atNs, gapNs, Array.from({ length: count }, () => issued)));
  return fc.oneof(burst, flood);
}

/** With `forgeries`, one in three operations that present a capability presents it forged, in any of the ways quota-workload.ts knows. */
function forgedSometimes(issued: fc.Arbitrary<Issued>, options: GeneratorOptions): fc.Arbitrary<Issued> {
  if (!options.forgeries) return issued;
  const forge = fc.oneof({ arbitrary: fc.constant(undefined), weight: 2 }, { arbitrary: forgeryArbitrary('second'), weight: 1 });
  return fc.tuple(issued, forge).map(([i, f]) => (f === undefined || !('capability' in i.op) ? i : { ...i, op: { ...i.op, forge: f } as WorkloadOp }));
}

function operationArbitrary(kind: GeneratedOpKind, options: GeneratorOptions, labels: string[], nodes: string[]): fc.Arbitrary<Issued> {
  const process = fc.constantFrom(...labels);
  const names = generatedNames(options.names);
  const name = fc.constantFrom(...(options.tenants ? names.map((n, i) => `${NAMESPACES[i % NAMESPACES.length]}${n}`) : names));
  const segment = options.tenants ? fc.constantFrom(...NAMESPACES.map((ns) => `${ns}${SHARED_SEGMENT}`)) : fc.constant(SHARED_SEGMENT);
  const node = fc.constantFrom(...nodes);
  switch (kind) {
    case 'spawn': {
      // A label spawned again names the new process: workloads reach processes started after a crash.
      const placement: fc.Arbitrary<WorkloadPlacement> = fc.oneof(
        node.map((n) => ({ kind: 'node' as const, node: n })),
        fc.constant({ kind: 'here' as const }),
        process.map((of) => ({ kind: 'near' as const, of })),
        process.map((of) => ({ kind: 'far' as const, of })),
      );
      const memory = options.kinds.includes('migrate') ? { memory: { pages: GENERATED_PAGES, pageBytes: 4096, dirtyPagesPerSec: 0 } } : {};
      return fc.record({ node, as: process, placement }).map(({ node, as, placement }) => ({ node, op: { kind: 'spawn', as, placement, ...memory } }));
    }
    case 'exit':
      return process.map((p) => ({ op: { kind: 'exit', process: p } }));
    case 'send':
      return fc.tuple(process, process).map(([from, to]) => ({ op: { kind: 'send', from, to } }));
    case 'send-to-name':
      return fc.tuple(process, name).map(([from, to]) => ({ op: { kind: 'send', from, to: `@${to}` } }));
    case 'register':
      return fc.tuple(process, name).map(([p, n]) => ({ op: { kind: 'register', process: p, name: n } }));
    case 'lookup':
      return fc.tuple(node, name).map(([at, n]) => ({ node: at, op: { kind: 'lookup', name: n } }));
    case 'locate':
      return fc.tuple(node, process).map(([at, p]) => ({ node: at, op: { kind: 'locate', process: p } }));
    case 'call':
      return fc.tuple(process, process, fc.constantFrom(...options.semantics)).map(([from, to, semantics]) => ({ op: { kind: 'call', from, to, semantics } }));
    case 'migrate':
      return fc.tuple(process, node, fc.constantFrom(...options.modes)).map(([p, n, mode]) => ({ op: { kind: 'migrate', process: p, to: { kind: 'node', node: n }, mode } }));
    case 'read':
    case 'write':
      return fc.tuple(process, fc.integer({ min: 0, max: GENERATED_PAGES - 1 })).map(([p, page]) => ({ op: { kind, process: p, page } }));
    case 'attach':
      return fc.tuple(process, segment).map(([p, seg]) => ({ op: { kind: 'attach', process: p, segment: seg, pages: SHARED_PAGES } }));
    case 'load':
    case 'store':
      return fc.tuple(process, fc.integer({ min: 1, max: SHARED_PAGES })).map(([p, page]) => ({ op: { kind, process: p, segment: SHARED_SEGMENT, page } }));
    // Account operations are issued on any node (the ledger is n1).
    case 'createAccount':
      return node.map((at) => ({ node: at, op: { kind: 'createAccount', as: 'second', account: 'second', quotas: GENERATED_QUOTAS } }));
    case 'acquire':
    case 'release':
      return fc.tuple(node, fc.integer({ min: 1, max: 3 })).map(([at, amount]) => ({ node: at, op: { kind, capability: ACCOUNT, resource: 'processes' as const, amount } }));
    case 'usage':
      return node.map((at) => ({ node: at, op: { kind: 'usage', capability: ACCOUNT } }));
    case 'derive':
      return fc.tuple(node, fc.subarray(['read', 'write', 'grant'] as const)).map(([at, rights]) => ({ node: at, op: { kind: 'derive', capability: ACCOUNT, rights: [...rights], as: 'derived' } }));
    case 'revoke':
      return node.map((at) => ({ node: at, op: { kind: 'revoke', capability: ACCOUNT, as: ACCOUNT } }));
    case 'transmit':
      return fc.tuple(node, node, fc.integer({ min: 1000, max: 20_000 })).map(([at, to, bytes]) => ({ node: at, op: { kind: 'transmit', capability: ACCOUNT, to, bytes } }));
    case 'compute':
      return fc.tuple(node, fc.integer({ min: 100_000, max: 5_000_000 })).map(([at, cpuNs]) => ({ node: at, op: { kind: 'compute', capability: ACCOUNT, cpuNs } }));
  }
}

/** A fault that opens within the workload's span and closes up to maxDownNs later, possibly after the last operation. */
function faultWindow(kind: GeneratedFaultKind, options: GeneratorOptions, nodes: string[], baseline: Partial<MessageFaults>): fc.Arbitrary<FaultAction[]> {
  const atNs = fc.integer({ min: SPAWN_PHASE_NS, max: SPAWN_PHASE_NS + options.spanNs });
  const downNs = fc.integer({ min: MIN_WINDOW_NS, max: Math.max(MIN_WINDOW_NS, options.maxDownNs) });
  // Any split into two groups: one node cut off, or any other.
  const side = fc.subarray(nodes, { minLength: 1, maxLength: nodes.length - 1 });
  const split = (atNs: number, side: string[]): FaultAction => ({ kind: 'partition', atNs, groups: [side, nodes.filter((n) => !side.includes(n))], direction: 'symmetric' });
  switch (kind) {
    case 'crash':
      return fc.record({ node: fc.constantFrom(...nodes), atNs, downNs }).map(({ node, atNs, downNs }): FaultAction[] => [
        { kind: 'crash', node, atNs },
        { kind: 'restart', node, atNs: atNs + downNs },
      ]);
    case 'partition':
      return fc.record({ atNs, downNs, side }).map(({ atNs, downNs, side }): FaultAction[] => [split(atNs, side), { kind: 'heal', atNs: atNs + downNs }]);
    case 'crash-in-partition':
      // The crash comes up to half the split's length after it, and the restart before the heal.
      return fc
        .record({ atNs, downNs, side, node: fc.constantFrom(...nodes), crashAt: fc.double({ min: 0, max: 0.5, noNaN: true }), upAt: fc.double({ min: 0.6, max: 0.95, noNaN: true }) })
        .map(({ atNs, downNs, side, node, crashAt, upAt }): FaultAction[] => [
          split(atNs, side),
          { kind: 'crash', node, atNs: atNs + Math.floor(downNs * crashAt) },
          { kind: 'restart', node, atNs: atNs + Math.floor(downNs * upAt) },
          { kind: 'heal', atNs: atNs + downNs },
        ]);
    case 'message-faults': {
      const probability = fc.integer({ min: 0, max: 50 }).map((p) => p / 100);
      return fc
        .record({
          atNs,
          downNs,
          lossProbability: probability,
          duplicationProbability: probability,
          reorderProbability: probability,
          // Long holds too: a copy delayed past later calls' completion reaches the dedup table late.
          reorderMaxDelayNs: fc.integer({ min: 1_000, max: Math.max(1_000, Math.floor(options.maxDownNs / 2)) }),
        })
        .map(({ atNs, downNs, ...faults }): FaultAction[] => [
          { kind: 'message-faults', atNs, faults },
          { kind: 'message-faults', atNs: atNs + downNs, faults: restored(baseline) },
        ]);
    }
    case 'late-copies':
      // Copies sent in the lead-up to the crash are held up to the downtime plus `overNs`, so many
      // reach the restarted node (or leave the restarted node's peers) after the restart; the window
      // stays open a while after it, so the new incarnation's first packets are lost or copied too.
      return fc
        .record({
          atNs,
          node: fc.constantFrom(...nodes),
          leadNs: fc.integer({ min: 0, max: LATE_COPIES_LEAD_NS }),
          downNs: fc.integer({ min: MIN_WINDOW_NS / 2, max: Math.max(MIN_WINDOW_NS, options.maxDownNs) }),
          overNs: fc.integer({ min: MIN_WINDOW_NS / 2, max: 2 * MIN_WINDOW_NS }),
          afterNs: fc.integer({ min: 0, max: 2 * MIN_WINDOW_NS }),
          lossProbability: fc.integer({ min: 0, max: 30 }).map((p) => p / 100),
          copyProbability: fc.integer({ min: 30, max: 80 }).map((p) => p / 100),
        })
        .map(({ atNs, node, leadNs, downNs, overNs, afterNs, lossProbability, copyProbability }): FaultAction[] => {
          const crashNs = atNs + leadNs;
          const restartNs = crashNs + downNs;
          const faults = { lossProbability, duplicationProbability: copyProbability, reorderProbability: copyProbability, reorderMaxDelayNs: leadNs + downNs + overNs };
          return [
            { kind: 'message-faults', atNs, faults },
            { kind: 'crash', node, atNs: crashNs },
            { kind: 'restart', node, atNs: restartNs },
            { kind: 'message-faults', atNs: restartNs + afterNs, faults: restored(baseline) },
          ];
        });
  }
}

/** The message faults a generated window leaves behind: the test's own. */
function restored(baseline: Partial<MessageFaults>): Partial<MessageFaults> {
  return { lossProbability: 0, duplicationProbability: 0, reorderProbability: 0, reorderMaxDelayNs: 0, ...baseline };
}
