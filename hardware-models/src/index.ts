// Public API of the hardware models: the discrete-event engine, the simulated network that nodes
// run on, the model schemas, presets and topology builders. Other parts import only this file.
export { Simulator } from './engine/simulator.js';
export type { Component, SimEvent, SimulatorOptions, RunLimits, RunOutcome } from './engine/simulator.js';
export { MAX_SEED, MIN_SEED, SeededRandom, isSeed } from './engine/seeded-random.js';
export { MemoryTraceSink, traceLine } from './engine/trace.js';
export type { TraceSink, TraceFields } from './engine/trace.js';
export { Network } from './network/network.js';
export type {
  DeliveredMessage, DropReason, NetworkOptions, NetworkStats, NodeBehavior, NodeBehaviorFactory, NodeContext, TimerId,
} from './network/network.js';
export { renameFaultNodes } from './network/faults.js';
export type { TopologyGraph, MachineVertex, DeviceVertex, LinkEdge, NicCosts } from './network/topology-graph.js';
export { FaultsSchema, FaultActionSchema, MessageFaultsSchema, RandomCrashesSchema, faultNodeReferences, noFaults } from './models/faults.js';
export type { Faults, FaultAction, FaultNodeReference, MessageFaults, RandomCrashes } from './models/faults.js';
export { starTopology } from './network/star-topology.js';
export type { StarTopologyOptions } from './network/star-topology.js';
export { HardwareModelSchema, parseHardwareModel } from './models/hardware-model.js';
export type { HardwareModel, ModelIssue, ParseResult, FieldPath } from './models/hardware-model.js';
export { MachineSchema } from './models/machine.js';
export type { Machine } from './models/machine.js';
export { NicSchema, PooledNicSchema, nicCosts } from './models/nic.js';
export type { Nic, PooledNic } from './models/nic.js';
export { NvmSchema } from './models/nvm.js';
export type { Nvm } from './models/nvm.js';
export { LinkSchema, SwitchSchema } from './models/link.js';
export type { Link, Switch } from './models/link.js';
export { TopologySchema, buildTopology } from './models/topology.js';
export type { Topology, BuiltTopology } from './models/topology.js';
export { NvmDevice } from './nvm/nvm-device.js';
export type { NvmRead, NvmCrashReport } from './nvm/nvm-device.js';
export { cyclesToNs, operationNs, memoryTransferNs, accessLatencyNs, hardwareThreads } from './machine/machine-costs.js';
export { runTenantCores } from './machine/tenant-cores.js';
export type { CoreTenant, DrfAllocator, DrfCandidate, TenantCoresOptions, TenantCoresResult, TenantUsage } from './machine/tenant-cores.js';
export { listPresets, loadPreset, presetPath, presetDirectory, loadModelFile, parseModelText } from './presets/presets.js';
export type { ModelFileResult } from './presets/presets.js';
export { jsonSchemaFiles } from './schema/json-schemas.js';
export { workloads, findWorkload } from './workloads/workloads.js';
export type { Workload, WorkloadSummary } from './workloads/workload.js';
export { LatencyHistogram } from './workloads/latency-histogram.js';
export { runWorkload, checkWorkloadParams } from './run/run-workload.js';
export type { RunRequest, RunReport } from './run/run-workload.js';
/** The IX (OSDI 2014) reproductions and the network-stack cost models (src/reproduce, src/stacks). */
export * as reproduce from './reproduce/index.js';
export {
  XEN_PRECOPY_POLICY, XEN_2005_PRECOPY_POLICY, distinctPagesDirtied, pagesDirtiedIn, preCopyPlan, stopAndCopyPlan, transferNs,
} from './migration/precopy-model.js';
export type { DirtyingWorkload, MigrationLink, PreCopyPlan, PreCopyPolicy, PreCopyRateLimit, PreCopyRound } from './migration/precopy-model.js';
export { saturatedPreCopyPlan } from './migration/saturated-precopy.js';
export type { SaturatedMemory, SaturatedPlan } from './migration/saturated-precopy.js';
