// fast-check arbitraries for generated workloads: processes spread over the nodes, then a
// sequence of operations and (optionally) crash/restart and partition/heal pairs. fast-check
// shrinks the sequence, so a failure comes back as the shortest operations and faults that still fail.
import fc from 'fast-check';
import type { FaultAction } from '../../hardware-models/src/index.js';
import type { GeneratorOptions, WorkloadOp, WorkloadStep } from './test-case.js';
import { isQuotaWorkloadOp } from './quota-workload.js';

/** One generated case: the workload, the extra faults, and the simulator's seed. */
export interface GeneratedCase {
  steps: WorkloadStep[];
  faults: FaultAction[];
  simSeed: number;
}

/** Spawns take place in the first millisecond; operations and faults come after. */
const SPAWN_PHASE_NS = 1_000_000;
const NAMES = ['alpha', 'beta'];
/** Pages of each generated process when the workload migrates (a small memory, so runs stay short). */
const GENERATED_PAGES = 8;
/** The shared segment every generated process attaches to when the workload loads or stores, and its pages (few, so faults contend). */
const SHARED_SEGMENT = 'shared';
const SHARED_PAGES = 2;
/** The account a workload with quota operations creates first (on n1), and its small quotas, so that limits are reached. */
const ACCOUNT = 'account';
const GENERATED_QUOTAS = { processes: 4, memoryBytes: 4, storageBytes: 4, bandwidthBytesPerSec: 1_000_000 };

export function generatedCaseArbitrary(options: GeneratorOptions, nodes: string[]): fc.Arbitrary<GeneratedCase> {
  const labels = Array.from({ length: options.processes }, (_, i) => `p${i}`);
  const spawns: WorkloadStep[] = labels.map((label, i) => ({
    atNs: i * 1000,
    op: {
      kind: 'spawn',
      as: label,
      placement: { kind: 'node', node: nodes[i % nodes.length]! },
      ...(options.kinds.includes('migrate') ? { memory: { pages: GENERATED_PAGES, pageBytes: 4096, dirtyPagesPerSec: 0 } } : {}),
    },
  }));
  // Attaching is set-up, like spawning: each process attaches once, right after the spawns.
  const attaches: WorkloadStep[] = options.kinds.some((k) => k === 'load' || k === 'store')
    ? labels.map((label, i) => ({ atNs: SPAWN_PHASE_NS / 2 + i * 1000, op: { kind: 'attach', process: label, segment: SHARED_SEGMENT, pages: SHARED_PAGES } }))
    : [];
  // Account operations need the account; process operations need nothing of it.
  if (options.kinds.some((kind) => isQuotaWorkloadOp({ kind }))) spawns.unshift({ atNs: 0, op: { kind: 'createAccount', as: ACCOUNT, account: 'tenant', quotas: GENERATED_QUOTAS } });
  const label = fc.constantFrom(...labels);
  const sharedPage = fc.integer({ min: 1, max: SHARED_PAGES });
  const page = fc.integer({ min: 0, max: GENERATED_PAGES - 1 });
  const time = fc.integer({ min: SPAWN_PHASE_NS, max: SPAWN_PHASE_NS + options.spanNs });
  const opArbitraries: Record<WorkloadOp['kind'], fc.Arbitrary<WorkloadOp>> = {
    spawn: fc.constantFrom(...nodes).map((node) => ({ kind: 'spawn' as const, as: 'extra', placement: { kind: 'node' as const, node } })),
    exit: label.map((process) => ({ kind: 'exit' as const, process })),
    send: fc.tuple(label, label).map(([from, to]) => ({ kind: 'send' as const, from, to })),
    register: fc.tuple(label, fc.constantFrom(...NAMES)).map(([process, name]) => ({ kind: 'register' as const, process, name })),
    lookup: fc.constantFrom(...NAMES).map((name) => ({ kind: 'lookup' as const, name })),
    locate: label.map((process) => ({ kind: 'locate' as const, process })),
    call: fc.tuple(label, label, fc.constantFrom(...options.semantics)).map(([from, to, semantics]) => ({ kind: 'call' as const, from, to, semantics })),
    migrate: fc.tuple(label, fc.constantFrom(...nodes), fc.constantFrom(...options.modes)).map(([process, node, mode]) => ({ kind: 'migrate' as const, process, to: { kind: 'node' as const, node }, mode })),
    read: fc.tuple(label, page).map(([process, page]) => ({ kind: 'read' as const, process, page })),
    write: fc.tuple(label, page).map(([process, page]) => ({ kind: 'write' as const, process, page })),
    attach: label.map((process) => ({ kind: 'attach' as const, process, segment: SHARED_SEGMENT, pages: SHARED_PAGES })),
    load: fc.tuple(label, sharedPage).map(([process, page]) => ({ kind: 'load' as const, process, segment: SHARED_SEGMENT, page })),
    store: fc.tuple(label, sharedPage).map(([process, page]) => ({ kind: 'store' as const, process, segment: SHARED_SEGMENT, page })),
    createAccount: fc.constant({ kind: 'createAccount' as const, as: 'second', account: 'second', quotas: GENERATED_QUOTAS }),
    acquire: fc.integer({ min: 1, max: 3 }).map((amount) => ({ kind: 'acquire' as const, capability: ACCOUNT, resource: 'processes' as const, amount })),
    release: fc.integer({ min: 1, max: 3 }).map((amount) => ({ kind: 'release' as const, capability: ACCOUNT, resource: 'processes' as const, amount })),
    usage: fc.constant({ kind: 'usage' as const, capability: ACCOUNT }),
    derive: fc.subarray(['read', 'write', 'grant'] as const).map((rights) => ({ kind: 'derive' as const, capability: ACCOUNT, rights: [...rights], as: 'derived' })),
    revoke: fc.constant({ kind: 'revoke' as const, capability: ACCOUNT, as: ACCOUNT }),
    transmit: fc.tuple(fc.constantFrom(...nodes), fc.integer({ min: 1000, max: 20_000 })).map(([to, bytes]) => ({ kind: 'transmit' as const, capability: ACCOUNT, to, bytes })),
  };
  const op = fc.oneof(...options.kinds.map((k) => opArbitraries[k]));
  // Account operations are issued on any node (the ledger is n1); process operations where their process runs.
  const step = fc.record({ atNs: time, op, node: fc.constantFrom(...nodes) }).map(({ atNs, op, node }): WorkloadStep => (isQuotaWorkloadOp(op) ? { atNs, node, op } : { atNs, op }));
  const node = fc.constantFrom(...nodes);
  const downNs = fc.integer({ min: 1_000_000, max: 50_000_000 });
  const crash = fc.record({ node, atNs: time, downNs }).map(({ node, atNs, downNs }): FaultAction[] => [
    { kind: 'crash', node, atNs },
    { kind: 'restart', node, atNs: atNs + downNs },
  ]);
  const partition = fc
    .record({ atNs: time, downNs, cut: fc.integer({ min: 1, max: Math.max(1, nodes.length - 1) }) })
    .map(({ atNs, downNs, cut }): FaultAction[] => [
      { kind: 'partition', atNs, groups: [nodes.slice(0, cut), nodes.slice(cut)], direction: 'symmetric' },
      { kind: 'heal', atNs: atNs + downNs },
    ]);
  const faultKinds = [...(options.crashes ? [crash] : []), ...(options.partitions && nodes.length > 1 ? [partition] : [])];
  const faults = faultKinds.length === 0 ? fc.constant<FaultAction[][]>([]) : fc.array(fc.oneof(...faultKinds), { maxLength: 2 });
  return fc
    .record({
      ops: fc.array(step, { minLength: 1, maxLength: options.maxOperations }),
      faults,
      simSeed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    })
    .map(({ ops, faults, simSeed }) => ({
      steps: [...spawns, ...attaches, ...[...ops].sort((a, b) => a.atNs - b.atNs)],
      faults: faults.flat().sort((a, b) => a.atNs - b.atNs),
      simSeed,
    }));
}
