// One simulation run: a validated model, a workload with its parameters, a seed and a duration.
// Returns plain data (outcome, network counters, workload figures); the CLI prints it.
import { Simulator, type RunOutcome } from '../engine/simulator.js';
import type { TraceSink } from '../engine/trace.js';
import type { HardwareModel } from '../models/hardware-model.js';
import type { BuiltTopology } from '../models/topology.js';
import { Network, type NetworkStats } from '../network/network.js';
import type { ParamIssue, Workload } from '../workloads/workload.js';

export type { ParamIssue };

export interface RunRequest {
  model: HardwareModel;
  built: BuiltTopology;
  workload: Workload;
  /** Raw parameters (strings from the command line are coerced); validated by the workload's schema. */
  params: Record<string, unknown>;
  seed: number;
  durationNs: number;
  maxEvents?: number;
  trace?: TraceSink;
  signal?: AbortSignal;
  onProgress?: (eventsHandled: number, nowNs: number) => void;
  progressEvery?: number;
}

export interface RunReport {
  model: string;
  workload: string;
  seed: number;
  durationNs: number;
  outcome: RunOutcome;
  network: NetworkStats;
  figures: Record<string, number>;
}

/** Validates the workload parameters, alone and against the model's machines, first, so that
 * nothing runs half-configured. */
export function checkWorkloadParams(workload: Workload, params: Record<string, unknown>, built: BuiltTopology): { kind: 'ok'; value: Record<string, unknown> } | { kind: 'invalid'; issues: ParamIssue[] } {
  const parsed = workload.params.safeParse(params);
  if (!parsed.success) return { kind: 'invalid', issues: parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message })) };
  const issues = workload.checkOnModel?.(built.graph.machines.map((m) => m.id), parsed.data) ?? [];
  return issues.length === 0 ? { kind: 'ok', value: parsed.data } : { kind: 'invalid', issues };
}

export function runWorkload(request: RunRequest): RunReport {
  const checked = checkWorkloadParams(request.workload, request.params, request.built);
  if (checked.kind === 'invalid') throw new RangeError(`invalid ${request.workload.name} parameters: ${JSON.stringify(checked.issues)}`);
  const sim = new Simulator({ seed: request.seed, trace: request.trace });
  const network = new Network(sim, request.built.graph, { faults: request.model.faults });
  const summarize = request.workload.install(network, checked.value);
  const outcome = sim.run({ untilNs: request.durationNs, maxEvents: request.maxEvents, signal: request.signal, onProgress: request.onProgress, progressEvery: request.progressEvery });
  return {
    model: request.model.name,
    workload: request.workload.name,
    seed: request.seed,
    durationNs: request.durationNs,
    outcome,
    network: network.stats(),
    figures: summarize().figures,
  };
}
