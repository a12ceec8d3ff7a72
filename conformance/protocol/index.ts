// The adapter protocol, version 2: the contract between the conformance suite and any
// implementation (in-process or a program speaking JSON lines). PROTOCOL.md is the prose;
// these zod schemas are the law, and schema/*.json are generated from them.
import { z } from 'zod';
import { Capability, quotaErrorCodes, quotaOperations, quotaReplyValueSchemas, quotaTraceEvents } from './quotas.js';
import { dsmErrorCodes, dsmOperations, dsmReplyValueSchemas, dsmTraceEvents } from './dsm.js';

/** Bumped whenever a message changes shape or a pass/fail rule changes (Test262 style). */
export const PROTOCOL_VERSION = 2;
/** Every version the suite speaks; a run opens in version 1 and a port may answer with a later one. */
export const PROTOCOL_VERSIONS = [1, 2] as const;
export type ProtocolVersion = (typeof PROTOCOL_VERSIONS)[number];

// ---------------------------------------------------------------------------------------------
// Features: the abstractions a port declares it implements. A test names the features it needs;
// a test needing a feature the port lacks is not applicable. Adding an abstraction adds one line
// here (and its operations to operationFeature below).

export const features = {
  messaging: { sinceVersion: 1, meaning: 'processes, naming and messages: spawn, exit, send, register, lookup, locate' },
  rpc: { sinceVersion: 1, meaning: 'remote procedure calls with at-least-once, at-most-once and exactly-once semantics: call' },
  migration: { sinceVersion: 2, meaning: 'process migration (stop-and-copy, pre-copy, post-copy) and the memory it must preserve: migrate, read, write' },
  quotas: { sinceVersion: 2, meaning: 'time-share accounts: quotas admitted through leases, capabilities, bandwidth and CPU share per account' },
  dsm: { sinceVersion: 2, meaning: 'distributed shared memory, page-based write-invalidate coherence as in Ivy: attach, load, store' },
} as const satisfies Record<string, { sinceVersion: ProtocolVersion; meaning: string }>;
export type FeatureName = keyof typeof features;
export const featureNames = Object.keys(features) as [FeatureName, ...FeatureName[]];
export const FeatureNameSchema = z.enum(featureNames);

/** What a version-1 port implements: it cannot say, and version 1 had exactly these. */
export const VERSION_1_FEATURES: readonly FeatureName[] = featureNames.filter((f) => features[f].sinceVersion === 1);

/**
 * A port's answer to the suite's opening `init` (version 2 and later): the protocol version it
 * speaks and the features it implements. Feature names the suite does not know are allowed (a
 * port newer than the suite) and ignored.
 */
export const Declaration = z
  .object({
    protocolVersion: z.literal(PROTOCOL_VERSIONS.filter((v) => v > 1) as [ProtocolVersion, ...ProtocolVersion[]]),
    features: z.array(z.string().min(1)),
  })
  .strict()
  .describe('the protocol version the implementation speaks and the features it implements');
export type Declaration = z.infer<typeof Declaration>;

// ---------------------------------------------------------------------------------------------
// Identifiers and values

/** A machine of the simulated cluster, named by the suite: "n1", "n2", ... */
export const NodeId = z.string().min(1).describe('a node of the simulated cluster, named by the suite');
/** A process identifier chosen by the implementation; cluster-global, independent of location. */
export const Pid = z.string().min(1).describe('a cluster-global process identifier chosen by the implementation');
/** Any JSON value (payloads the suite never interprets). */
export const Json: z.ZodType<unknown> = z.json();

export const RpcSemantics = z
  .enum(['at-least-once', 'at-most-once', 'exactly-once'])
  .describe('the delivery promise of a call');
export type RpcSemantics = z.infer<typeof RpcSemantics>;

/** Where a message or call goes: a process identifier or a registered name. */
export const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pid'), pid: Pid }).strict(),
  z.object({ kind: z.literal('name'), name: z.string().min(1) }).strict(),
]);
export type Target = z.infer<typeof Target>;

/** Where a spawned process should run (the escape hatch from location transparency). */
export const Placement = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('here') }).strict().describe('on the node that received the operation'),
  z.object({ kind: z.literal('node'), node: NodeId }).strict(),
  z.object({ kind: z.literal('near'), pid: Pid }).strict().describe('on the node where pid runs'),
  z.object({ kind: z.literal('far'), pid: Pid }).strict().describe('on any node other than where pid runs'),
  z.object({ kind: z.literal('zone'), zone: z.string().min(1) }).strict(),
]);
export type Placement = z.infer<typeof Placement>;

/** How a process moves (spec/migration/README.md): the protocol of one migration. */
export const MigrationMode = z
  .enum(['stop-and-copy', 'pre-copy', 'post-copy'])
  .describe('stop-and-copy: freeze, copy everything, switch; pre-copy: copy rounds while running, then freeze; post-copy: switch first, pages follow');
export type MigrationMode = z.infer<typeof MigrationMode>;

/** Where a migration goes: a node, or any node of a zone other than the process's own. */
export const MigrationTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('node'), node: NodeId }).strict(),
  z.object({ kind: z.literal('zone'), zone: z.string().min(1) }).strict(),
]);
export type MigrationTarget = z.infer<typeof MigrationTarget>;

/**
 * The memory of a spawned process, for migration (feature `migration`): how many pages of how many
 * bytes, and how fast the process's own work dirties them (the workload parameters a migration's
 * rounds, bytes and downtime depend on). Pages hold JSON values, `null` until written.
 */
export const ProcessMemory = z
  .object({
    pages: z.number().int().min(1).max(1 << 24),
    pageBytes: z.number().int().min(1),
    /** Pages the process's own work dirties per second while it runs (besides `write` operations). */
    dirtyPagesPerSec: z.number().min(0),
    /** The pages that work dirties are drawn from this many (the writable working set); default all. */
    writableWorkingSetPages: z.number().int().min(0).optional(),
    /** A second, disjoint set of pages that work rewrites at its own rate (the hot part of a two-tier writable working set). */
    hotSet: z.object({ pages: z.number().int().min(0), dirtyPagesPerSec: z.number().min(0) }).strict().optional(),
  })
  .strict()
  .describe('the memory of a process: pages, page size, and how fast its own work dirties them');
export type ProcessMemory = z.infer<typeof ProcessMemory>;

// ---------------------------------------------------------------------------------------------
// Operations the suite asks a node to perform (the client's side of the API)

export const Operation = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('spawn'), placement: Placement, memory: ProcessMemory.optional(), capability: Capability.optional() })
    .strict()
    .describe(
      "start a process; reply {pid, node}; `memory` (feature migration) sizes its pages; `capability` (feature quotas, right write) charges it to the account's processes quota on the node where it runs, until it exits (or quota_exceeded / forbidden)",
    ),
  z
    .object({ kind: z.literal('exit'), pid: Pid, capability: Capability.optional() })
    .strict()
    .describe("stop a process; reply {}; a process charged to an account needs `capability` (feature quotas, right write) on that account, else forbidden"),
  z
    .object({ kind: z.literal('send'), from: Pid, to: Target, msgId: z.string().min(1), body: Json, capability: Capability.optional() })
    .strict()
    .describe(
      "send a message; reply {} once accepted (delivery is reported by a Delivered event); a process charged to an account receives only from its account's processes or with `capability` (feature quotas, right write) on that account, else the message is Dropped with reason 'forbidden: …'",
    ),
  z
    .object({ kind: z.literal('register'), pid: Pid, name: z.string().min(1), capability: Capability.optional() })
    .strict()
    .describe("bind a name; reply {}; a name 'A/…' is in account A's namespace (feature quotas) and needs `capability` on A with write, else forbidden"),
  z
    .object({ kind: z.literal('lookup'), name: z.string().min(1), capability: Capability.optional() })
    .strict()
    .describe("resolve a name; reply {pid}; a name 'A/…' needs `capability` on account A with read, else forbidden (a send or call to it, from a process not of A: the capability it presents, with write)"),
  z.object({ kind: z.literal('locate'), pid: Pid }).strict().describe('where a process runs; reply {node, zone}'),
  z
    .object({
      kind: z.literal('call'),
      from: Pid,
      to: Target,
      callId: z.string().min(1),
      semantics: RpcSemantics,
      args: Json,
      capability: Capability.optional(),
    })
    .strict()
    .describe(
      "an RPC to the echo procedure; reply {result} where result equals args; a server charged to an account executes only calls from its account's processes or with `capability` (feature quotas, right write) on that account, else the call fails forbidden (unavailable when the refused copy was a retransmission: an earlier one may have executed)",
    ),
  z
    .object({ kind: z.literal('migrate'), pid: Pid, to: MigrationTarget, mode: MigrationMode, capability: Capability.optional() })
    .strict()
    .describe('move a running process; reply {node, rounds, bytesMoved, downtimeNs, totalNs} once it runs at node; a process charged to an account needs `capability` (feature quotas, right write), else forbidden'),
  z
    .object({ kind: z.literal('read'), pid: Pid, page: z.number().int().min(0), capability: Capability.optional() })
    .strict()
    .describe("read a page of a process's memory; reply {value}; a process charged to an account needs `capability` (feature quotas, right read), else forbidden"),
  z
    .object({ kind: z.literal('write'), pid: Pid, page: z.number().int().min(0), value: Json, capability: Capability.optional() })
    .strict()
    .describe("write a page of a process's memory; reply {}; a process charged to an account needs `capability` (feature quotas, right write), else forbidden"),
  ...quotaOperations,
  ...dsmOperations,
]);
export type Operation = z.infer<typeof Operation>;
export type OperationKind = Operation['kind'];

/** The feature each operation belongs to: a test using an operation needs its feature. */
export const operationFeature = {
  spawn: 'messaging',
  exit: 'messaging',
  send: 'messaging',
  register: 'messaging',
  lookup: 'messaging',
  locate: 'messaging',
  call: 'rpc',
  migrate: 'migration',
  read: 'migration',
  write: 'migration',
  createAccount: 'quotas',
  acquire: 'quotas',
  release: 'quotas',
  usage: 'quotas',
  derive: 'quotas',
  revoke: 'quotas',
  transmit: 'quotas',
  compute: 'quotas',
  attach: 'dsm',
  load: 'dsm',
  store: 'dsm',
} as const satisfies Record<OperationKind, FeatureName>;

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * Every error code an implementation may return. Definite: the operation certainly did not take
 * effect. Indefinite: it may or may not have (a checker must allow both).
 */
export const errorCodes = {
  not_found: { definite: true, meaning: 'no process or name by that identifier' },
  name_taken: { definite: true, meaning: 'the name is already registered to another process' },
  not_supported: { definite: true, meaning: 'the implementation does not offer this operation or semantics' },
  bad_request: { definite: true, meaning: 'the operation is malformed for this implementation' },
  timeout: { definite: false, meaning: 'no answer in time; the call may have executed' },
  unavailable: { definite: false, meaning: 'the peer is unreachable (partition, crash); the call may have executed' },
  crashed: { definite: false, meaning: 'the server crashed during the call; it may have executed' },
  forgotten: { definite: false, meaning: "the server's duplicate table no longer holds the at-most-once call (evicted to stay within dedupCapacity); it may have executed" },
  migration_in_progress: { definite: true, meaning: 'the process is already migrating; the second migration was refused' },
  migration_aborted: { definite: true, meaning: 'the migration aborted before the switch (destination down or unreachable); the process runs on at its source' },
  ...quotaErrorCodes,
  ...dsmErrorCodes,
} as const;
export type ErrorCode = keyof typeof errorCodes;
export const ErrorCodeSchema = z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]);

// ---------------------------------------------------------------------------------------------
// Trace events the implementation reports (the trace vocabulary of spec/messaging, spec/rpc, spec/migration, spec/quotas and spec/dsm)

export const TraceEvent = z.discriminatedUnion('kind', [
  // messaging and naming
  z.object({ kind: z.literal('Spawned'), pid: Pid, node: NodeId }).strict(),
  z.object({ kind: z.literal('Exited'), pid: Pid }).strict(),
  z.object({ kind: z.literal('Registered'), name: z.string().min(1), pid: Pid }).strict(),
  z.object({ kind: z.literal('Sent'), msgId: z.string().min(1), from: Pid, to: Pid }).strict(),
  z.object({ kind: z.literal('Delivered'), msgId: z.string().min(1), from: Pid, to: Pid, body: Json }).strict(),
  // RPC
  z.object({ kind: z.literal('CallStarted'), callId: z.string().min(1), client: Pid, server: Pid, semantics: RpcSemantics }).strict(),
  z.object({ kind: z.literal('CallRetried'), callId: z.string().min(1), attempt: z.number().int().min(2) }).strict(),
  z.object({ kind: z.literal('Executed'), callId: z.string().min(1), server: Pid }).strict(),
  z.object({ kind: z.literal('DuplicateSuppressed'), callId: z.string().min(1), server: Pid }).strict(),
  z.object({ kind: z.literal('Replied'), callId: z.string().min(1), server: Pid }).strict(),
  z.object({ kind: z.literal('ReplyReceived'), callId: z.string().min(1), client: Pid, result: Json }).strict(),
  z.object({ kind: z.literal('CallFailed'), callId: z.string().min(1), code: ErrorCodeSchema }).strict(),
  // migration (spec/migration/README.md, "Actions and the trace vocabulary")
  z.object({ kind: z.literal('Written'), pid: Pid, page: z.number().int().min(0), value: Json }).strict(),
  z.object({ kind: z.literal('Read'), pid: Pid, page: z.number().int().min(0), value: Json }).strict(),
  z.object({ kind: z.literal('MigrationStarted'), pid: Pid, from: NodeId, to: NodeId, mode: MigrationMode }).strict(),
  z.object({ kind: z.literal('RoundCopied'), pid: Pid, round: z.number().int().min(1), pages: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('Frozen'), pid: Pid, node: NodeId, dirtyPages: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('Switched'), pid: Pid, from: NodeId, to: NodeId, pagesCopied: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal('PageFetched'), pid: Pid, page: z.number().int().min(0), cause: z.enum(['fault', 'push']) }).strict(),
  z.object({ kind: z.literal('MigrationAborted'), pid: Pid, reason: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('ForwardingRetired'), pid: Pid, node: NodeId }).strict(),
  z.object({ kind: z.literal('Forwarded'), msgId: z.string().min(1), at: NodeId, to: NodeId }).strict(),
  z.object({ kind: z.literal('Dropped'), msgId: z.string().min(1), at: NodeId, reason: z.string().min(1) }).strict(),
  // quotas (spec/quotas)
  ...quotaTraceEvents,
  // DSM (spec/dsm)
  ...dsmTraceEvents,
]);
export type TraceEvent = z.infer<typeof TraceEvent>;
export type TraceEventKind = TraceEvent['kind'];

// ---------------------------------------------------------------------------------------------
// Suite → implementation: inputs, one JSON line each, each answered by exactly one Step

/** Parameters of a run, given at init and identical on every node. */
export const RunParameters = z
  .object({
    /** Zones by node (for placement and locate). */
    zones: z.record(z.string(), z.string()),
    /** The retry interval the implementation should use for retransmissions, in ns. */
    retryIntervalNs: z.number().int().positive(),
    /** A call that has no reply after this long ends with an indefinite `timeout` error. */
    callTimeoutNs: z.number().int().positive(),
    /** Bound on entries kept for duplicate suppression per server (at-most-once). */
    dedupCapacity: z.number().int().positive(),
  })
  .strict();
export type RunParameters = z.infer<typeof RunParameters>;

/**
 * A node's machine in the hardware model under test, as a port sees it: what a kernel divides
 * between tenants (feature `quotas`: DRF over a node's CPU and memory). A port told none takes
 * DEFAULT_NODE_MACHINE, the default `star` hardware's machine.
 */
export const NodeMachine = z
  .object({
    /** Hardware threads the simulator schedules the node's steps on (cores × threads per core). */
    hardwareThreads: z.number().int().positive(),
    /** The machine's memory capacity. */
    memoryBytes: z.number().int().positive(),
    /** The line rate of the machine's link to the network. */
    nicBitsPerSec: z.number().positive(),
  })
  .strict()
  .describe("a node's machine: hardware threads, memory, NIC line rate");
export type NodeMachine = z.infer<typeof NodeMachine>;
/** The machine of the default hardware (`star`: 8 threads, 16 GiB, 10 Gbit/s), for a port told none. */
export const DEFAULT_NODE_MACHINE: NodeMachine = { hardwareThreads: 8, memoryBytes: 16 * 2 ** 30, nicBitsPerSec: 10e9 };

/** Durable storage of one node: what it persisted before a crash, handed back at restart. */
export const DurableState = z.record(z.string(), Json);
export type DurableState = z.infer<typeof DurableState>;

export const Input = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('init'),
      /** 1 in the run's opening init; after it, the version the port declared in its answer. */
      protocolVersion: z.literal(PROTOCOL_VERSIONS),
      node: NodeId,
      nodes: z.array(NodeId).min(1),
      /** 0 at the first start, +1 at every restart after a crash. */
      incarnation: z.number().int().min(0),
      timeNs: z.number().int().min(0),
      params: RunParameters,
      durable: DurableState,
      /**
       * Version 2 and later: every node's machine, by node (like `params.zones`). The opening init
       * (version 1) cannot carry it; a port that declares version 2 gets that init again, in
       * version 2 with this field, before any other input (PROTOCOL.md, "Versions and features").
       */
      machines: z.record(NodeId, NodeMachine).optional(),
    })
    .strict()
    .describe('start (or restart) a node, replacing whatever state it had; answer with a step (it may set timers)'),
  z
    .object({ kind: z.literal('op'), node: NodeId, timeNs: z.number().int().min(0), opId: z.number().int().min(0), op: Operation })
    .strict()
    .describe('a client operation; its reply or error comes as an effect of this or a later step'),
  z
    .object({ kind: z.literal('packet'), node: NodeId, timeNs: z.number().int().min(0), from: NodeId, payload: Json })
    .strict()
    .describe('a packet another node sent, delivered by the simulated network'),
  z
    .object({ kind: z.literal('timer'), node: NodeId, timeNs: z.number().int().min(0), timerId: z.string().min(1) })
    .strict()
    .describe('a timer the node set has fired'),
  z
    .object({ kind: z.literal('crash'), node: NodeId, timeNs: z.number().int().min(0) })
    .strict()
    .describe('the node crashes: forget all its state except what it persisted; answer with an empty step'),
]);
export type Input = z.infer<typeof Input>;
export type InputKind = Input['kind'];

// ---------------------------------------------------------------------------------------------
// Implementation → suite: effects of a step

export const Effect = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('send'), to: NodeId, payload: Json }).strict().describe('hand a packet to the network'),
  z.object({ kind: z.literal('setTimer'), timerId: z.string().min(1), afterNs: z.number().int().positive() }).strict(),
  z.object({ kind: z.literal('persist'), key: z.string().min(1), value: Json }).strict().describe('write durable storage (survives crashes)'),
  z.object({ kind: z.literal('reply'), opId: z.number().int().min(0), value: Json }).strict().describe('an operation succeeded'),
  z
    .object({ kind: z.literal('error'), opId: z.number().int().min(0), code: ErrorCodeSchema, text: z.string() })
    .strict()
    .describe('an operation failed'),
  z.object({ kind: z.literal('event'), event: TraceEvent }).strict().describe('a trace event'),
]);
export type Effect = z.infer<typeof Effect>;
export type EffectKind = Effect['kind'];

/** Bounds that keep a runaway implementation from exhausting the suite (a flood is a violation). */
export const MAX_LINE_BYTES = 1 << 20;
export const MAX_EFFECTS_PER_STEP = 10_000;

/**
 * What a step cost the node, for the suite to charge to the hardware model. A cost model
 * computed from the inputs (like the reference kernel's cycle table), never a measurement of the
 * port's own machine: a run must replay exactly from its seed.
 */
export const StepCost = z
  .object({
    /** CPU work, in cycles of the node's machine: its core is busy this long before the step's packets leave. */
    cycles: z.number().int().min(0).optional(),
    /** Bytes the step's packets take on the wire in the port's own encoding; the suite sizes them by it. */
    wireBytes: z.number().int().min(0).optional(),
    /** Bytes the step wrote to durable storage. */
    persistedBytes: z.number().int().min(0).optional(),
    /** CPU time a tenant's work ran for in this step (feature quotas, `compute`): a core of the node is busy this much longer. */
    cpuNs: z.number().int().min(0).optional(),
  })
  .strict()
  .describe("what one step cost: CPU cycles, bytes on the wire, bytes written to durable storage, ns of a tenant's CPU work");
export type StepCost = z.infer<typeof StepCost>;

/** The one answer to every input line. */
export const Step = z
  .object({
    kind: z.literal('step'),
    effects: z.array(Effect),
    /** Version 2: in the answer to the first init, what the port speaks and implements. */
    declaration: Declaration.optional(),
    /** Version 2: what the step cost; absent means unknown (nothing is charged). */
    cost: StepCost.optional(),
  })
  .strict()
  .describe('the answer to one input: what the node does in response, in order');
export type Step = z.infer<typeof Step>;

// Reply values per operation, checked by the suite when a reply arrives.
export const replyValueSchemas = {
  spawn: z.object({ pid: Pid, node: NodeId }).strict(),
  exit: z.object({}).strict(),
  send: z.object({}).strict(),
  register: z.object({}).strict(),
  lookup: z.object({ pid: Pid }).strict(),
  locate: z.object({ node: NodeId, zone: z.string() }).strict(),
  call: z.object({ result: Json }).strict(),
  migrate: z
    .object({
      node: NodeId,
      rounds: z.number().int().min(0),
      bytesMoved: z.number().int().min(0),
      downtimeNs: z.number().int().min(0),
      totalNs: z.number().int().min(0),
    })
    .strict(),
  read: z.object({ value: Json }).strict(),
  write: z.object({}).strict(),
  ...quotaReplyValueSchemas,
  ...dsmReplyValueSchemas,
} as const satisfies Record<OperationKind, z.ZodType>;

// ---------------------------------------------------------------------------------------------
// The in-process interface: the same messages as function calls

/**
 * An implementation linked into the suite's process. `step` receives exactly the inputs a
 * JSON-lines implementation reads and returns exactly the step it would write. The suite
 * validates every step with the same schemas, so an in-process implementation is held to the
 * same contract as a subprocess.
 */
export interface Implementation {
  /** Shown in reports, e.g. "reference kernel" or a mutant's name. */
  readonly name: string;
  /**
   * Synchronous, because the simulated network calls nodes synchronously; the subprocess driver
   * makes a child process look synchronous too. Throwing is a protocol violation (verdict broken).
   */
  step(input: Input): Step;
  /** Called once when the run ends; release resources. */
  close?(): void;
}

/** What the suite tells a factory about the run it makes an implementation for. */
export interface RunContext {
  testId: string;
  /** Wall-clock time the implementation has to answer one input (the test's stated timeout). */
  stepTimeoutMs: number;
}

/** A way to make a fresh implementation for each test run (state never leaks between tests). */
export type ImplementationFactory = (run: RunContext) => Implementation;

export { Capability, QuotaResource, Quotas, Right, namespaceOf, quotaOf, quotaResources, rateResources, rights, type RateResource } from './quotas.js';
export { DsmPage, DsmValue, DsmVersion, SegmentName } from './dsm.js';
