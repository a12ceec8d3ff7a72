// Scenarios for end-to-end runs of the reference kernel on the hardware models: a three-node
// cluster, workload builders, and a run function; used by the end-to-end and mutant tests.
import { FaultsSchema, type FaultAction } from '../../hardware-models/src/index.js';
import type { RpcSemantics } from '../../conformance/protocol/index.js';
import { ReferenceImplementation } from './reference-implementation.js';
import { runOnSimulator, type ClusterRunResult, type ScheduledOperation } from './simulated-cluster.js';
import type { MutantName } from './mutants.js';

export const nodes = ['n1', 'n2', 'n3'];
export const params = { zones: { n1: 'z1', n2: 'z2', n3: 'z1' }, retryIntervalNs: 200_000, callTimeoutNs: 80_000_000, dedupCapacity: 64 };
/** The first process spawned on node n at incarnation 0 (pids are deterministic). */
export const first = (node: string) => `p1.0@${node}`;

export const spawnEverywhere: ScheduledOperation[] = nodes.map((node) => ({ atNs: 1_000, node, op: { kind: 'spawn', placement: { kind: 'here' } } }));

export function messages(count: number, from: string, to: string, startNs: number, gapNs: number, viaName?: string): ScheduledOperation[] {
  return Array.from({ length: count }, (_, i): ScheduledOperation => ({
    atNs: startNs + i * gapNs,
    node: from,
    op: {
      kind: 'send', from: first(from), msgId: `${from}-${to}-${i}`, body: { i },
      to: viaName !== undefined && i % 2 === 1 ? { kind: 'name', name: viaName } : { kind: 'pid', pid: first(to) },
    },
  }));
}

export function calls(count: number, from: string, to: string, startNs: number, gapNs: number, semantics: (i: number) => RpcSemantics): ScheduledOperation[] {
  return Array.from({ length: count }, (_, i): ScheduledOperation => ({
    atNs: startNs + i * gapNs,
    node: from,
    op: { kind: 'call', from: first(from), to: { kind: 'pid', pid: first(to) }, callId: `${from}-c${i}`, semantics: semantics(i), args: { i, from } },
  }));
}

export const allSemantics: RpcSemantics[] = ['at-least-once', 'at-most-once', 'exactly-once'];

export interface RunSpec {
  seed: number;
  workload: ScheduledOperation[];
  messageFaults?: Partial<{ lossProbability: number; duplicationProbability: number; reorderProbability: number; reorderMaxDelayNs: number }>;
  schedule?: FaultAction[];
  untilNs?: number;
  mutant?: MutantName;
}

export function run(spec: RunSpec): ClusterRunResult {
  let lastCycles = 0;
  const implementation = new ReferenceImplementation({ ...(spec.mutant === undefined ? {} : { mutant: spec.mutant }), onCost: (_node, cost) => { lastCycles = cost.cycles; } });
  return runOnSimulator(implementation, {
    nodes, params, seed: spec.seed, workload: spec.workload, untilNs: spec.untilNs ?? 400_000_000,
    faults: FaultsSchema.parse({ messages: spec.messageFaults ?? {}, schedule: spec.schedule ?? [] }),
    lastStepCycles: () => lastCycles,
  });
}

export const lossy = { lossProbability: 0.2, duplicationProbability: 0.2, reorderProbability: 0.3, reorderMaxDelayNs: 300_000 };

/** A call whose replies are cut off (one-way partition n2 → n1) while its server node crashes and restarts. */
export function callAcrossServerCrash(semantics: RpcSemantics, mutant?: MutantName): { result: ClusterRunResult; workload: ScheduledOperation[] } {
  const workload: ScheduledOperation[] = [...spawnEverywhere, { atNs: 200_000, node: 'n1', op: { kind: 'call', from: first('n1'), to: { kind: 'pid', pid: first('n2') }, callId: 'c1', semantics, args: 'payload' } }];
  const schedule: FaultAction[] = [
    { kind: 'partition', atNs: 100_000, groups: [['n2'], ['n1']], direction: 'one-way' },
    { kind: 'crash', atNs: 1_000_000, node: 'n2' },
    { kind: 'restart', atNs: 2_000_000, node: 'n2' },
    { kind: 'heal', atNs: 3_000_000 },
  ];
  return { result: run({ seed: 3, workload, schedule, ...(mutant === undefined ? {} : { mutant }) }), workload };
}

