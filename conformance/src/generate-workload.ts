// fast-check arbitraries for generated workloads: processes spread over the nodes, then a
// sequence of operations and (optionally) crash/restart and partition/heal pairs. fast-check
// shrinks the sequence, so a failure comes back as the shortest operations and faults that still fail.
import fc from 'fast-check';
import type { FaultAction } from '../../hardware-models/src/index.js';
import type { GeneratorOptions, WorkloadOp, WorkloadStep } from './test-case.js';

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
  };
  const op = fc.oneof(...options.kinds.map((k) => opArbitraries[k]));
  const step = fc.record({ atNs: time, op });
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
