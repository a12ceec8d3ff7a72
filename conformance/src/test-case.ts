// A conformance test as plain data (conformance/tests/<abstraction>/<name>.json), with Test262-
// style metadata: what it checks, on which hardware, under which faults, and what result is
// expected. The workload is a script of operations on process labels, or a generator whose
// workloads fast-check produces and shrinks.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { FaultsSchema, faultNodeReferences, type FaultAction } from '../../hardware-models/src/index.js';
import { DsmPage, DsmValue, SegmentName, FeatureNameSchema, MigrationMode, MigrationTarget, ProcessMemory, RpcSemantics, Json, featureNames, features, operationFeature, type FeatureName } from '../protocol/index.js';
import { propertyNames } from './checkers/properties.js';
import { Forgery, quotaWorkloadOpKinds, quotaWorkloadOps } from './quota-workload.js';
import { formatFieldPath, formatIssues } from '../../conventions/index.js';

/** A name the workload gives a process it spawns; the implementation chooses the real pid. */
export const Label = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a label is lower-case letters, digits, - and _, starting with a letter');
/** A process label, or `@name` for a registered name. */
export const Recipient = z.string().regex(/^(@.+|[a-z][a-z0-9_-]*)$/, 'a process label, or @name for a registered name');

export const WorkloadPlacement = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('here') }).strict(),
  z.object({ kind: z.literal('node'), node: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('near'), of: Label }).strict(),
  z.object({ kind: z.literal('far'), of: Label }).strict(),
  z.object({ kind: z.literal('zone'), zone: z.string().min(1) }).strict(),
]);
export type WorkloadPlacement = z.infer<typeof WorkloadPlacement>;

const presenting = { capability: Label.optional(), forge: Forgery.optional() };

/** Operations on labels; the runner turns them into protocol operations with real pids and fresh msgIds/callIds. */
export const WorkloadOp = z.discriminatedUnion('kind', [
  /** `capability`: the label of an account's capability; the spawn is charged to its processes quota (feature quotas). */
  z.object({ kind: z.literal('spawn'), as: Label, placement: WorkloadPlacement.default({ kind: 'here' }), memory: ProcessMemory.optional(), capability: Label.optional() }).strict(),
  /**
   * `capability` (feature quotas), on exit, send, call, migrate, read, write, register, lookup and attach: the label of a capability
   * on the account of the process, name or segment the operation reaches, as another tenant (or a client) presents it (tenant
   * isolation); `forge` tampers with it.
   */
  z.object({ kind: z.literal('exit'), process: Label, ...presenting }).strict(),
  z.object({ kind: z.literal('send'), from: Label, to: Recipient, body: Json.optional(), ...presenting }).strict(),
  z.object({ kind: z.literal('register'), process: Label, name: z.string().min(1), ...presenting }).strict(),
  z.object({ kind: z.literal('lookup'), name: z.string().min(1), ...presenting }).strict(),
  z.object({ kind: z.literal('locate'), process: Label }).strict(),
  z.object({ kind: z.literal('call'), from: Label, to: Recipient, semantics: RpcSemantics, ...presenting }).strict(),
  z.object({ kind: z.literal('migrate'), process: Label, to: MigrationTarget, mode: MigrationMode, ...presenting }).strict(),
  z.object({ kind: z.literal('read'), process: Label, page: z.number().int().min(0), ...presenting }).strict(),
  /** Without `value`, the runner writes a fresh value (`w1`, `w2`, ...), so every write is told apart; `null` clears the page. */
  z.object({ kind: z.literal('write'), process: Label, page: z.number().int().min(0), value: Json.optional(), ...presenting }).strict(),
  z.object({ kind: z.literal('attach'), process: Label, segment: SegmentName, pages: z.number().int().min(1), ...presenting }).strict(),
  z.object({ kind: z.literal('load'), process: Label, segment: SegmentName, page: DsmPage }).strict(),
  /** Without `value`, the runner stores a fresh integer (1, 2, ...), so every store is told apart. */
  z.object({ kind: z.literal('store'), process: Label, segment: SegmentName, page: DsmPage, value: DsmValue.optional() }).strict(),
  // Time-share accounts: capabilities by label (quota-workload.ts).
  ...quotaWorkloadOps,
]);
export type WorkloadOp = z.infer<typeof WorkloadOp>;

export const WorkloadStep = z
  .object({
    atNs: z.number().int().min(0),
    /** Where the operation is issued; by default the node of the process it names (spawn and account operations: n1). */
    node: z.string().min(1).optional(),
    op: WorkloadOp,
  })
  .strict();
export type WorkloadStep = z.infer<typeof WorkloadStep>;

export const OpKind = z.enum(['spawn', 'exit', 'send', 'register', 'lookup', 'locate', 'call', 'migrate', 'read', 'write', 'attach', 'load', 'store', ...quotaWorkloadOpKinds]);

/** What a generator may issue: every operation kind, with sends to a name apart from sends to a pid. */
export const GeneratedOpKind = z.enum(['spawn', 'exit', 'send', 'send-to-name', 'register', 'lookup', 'locate', 'call', 'migrate', 'read', 'write', 'attach', 'load', 'store', ...quotaWorkloadOpKinds]);
export type GeneratedOpKind = z.infer<typeof GeneratedOpKind>;
/** The faults a generator may inject, each as a window that opens and closes (possibly after the last operation). */
export const GeneratedFaultKind = z.enum(['crash', 'partition', 'message-faults', 'late-copies', 'crash-in-partition']);
export type GeneratedFaultKind = z.infer<typeof GeneratedFaultKind>;

export const GeneratorOptions = z
  .object({
    /** Most operations in one generated workload (after the processes are spawned). */
    maxOperations: z.number().int().min(1).max(200).default(20),
    processes: z.number().int().min(1).max(10).default(3),
    kinds: z.array(GeneratedOpKind).min(1).default(['send']),
    semantics: z.array(RpcSemantics).min(1).default(['at-most-once']),
    /** Migration modes a generated `migrate` draws from. */
    modes: z.array(MigrationMode).min(1).default(['stop-and-copy', 'pre-copy', 'post-copy']),
    /** Names register, lookup and sends to a name choose from. */
    names: z.number().int().min(1).max(10).default(2),
    /** Also generate crash/restart, partition/heal and message-fault windows, shrunk with the operations. */
    crashes: z.boolean().default(false),
    partitions: z.boolean().default(false),
    messageFaults: z.boolean().default(false),
    /**
     * Copies of an old incarnation's packets delivered to the new one: a window of duplication, loss
     * and holds longer than a crash's downtime, around a crash and restart of one node, so that copies
     * sent before the crash (requests, replies, acks) arrive after the restart, as TCP's quiet time
     * and TIME-WAIT exist to prevent.
     */
    lateCopies: z.boolean().default(false),
    /**
     * Failures that overlap: a node crashes and restarts while the network is split (Jepsen's
     * composed nemeses), so that a node restarts while another is cut off and work awaiting both
     * (an owner's invalidations, a quorum) sees one answer and not the other.
     */
    crashesInPartitions: z.boolean().default(false),
    /** Fault windows per workload, and the longest one (a crash's downtime, a partition, a burst of message faults). */
    maxFaults: z.number().int().min(1).max(10).default(2),
    maxDownNs: z.number().int().positive().default(50_000_000),
    /**
     * Supervision: when a crashed node restarts, the processes first placed there are spawned again
     * there under the same labels, as a supervisor restarts its children (Erlang/OTP, systemd), so
     * that workloads reach new processes of a restarted node talking to the peers of the old ones.
     */
    respawn: z.boolean().default(false),
    /** Operations come in bursts of up to this many, a few microseconds apart (many messages in flight per link). */
    maxBurst: z.number().int().min(1).max(50).default(1),
    /**
     * Floods: a burst may also be one operation repeated this many times a few microseconds apart,
     * so that one link holds more unacked bodies than it retransmits per tick (64 in the reference
     * kernel) while a loss leaves a hole behind them.
     */
    flood: z.number().int().min(2).max(200).optional(),
    /** Quota operations: one in three presents its capability forged (every shape of `Forgery`, conformance/src/quota-workload.ts). */
    forgeries: z.boolean().default(false),
    /**
     * Tenant isolation: two accounts, processes charged to each and to none in turn, names and
     * segments drawn from each account's namespace and the public one, and every operation that
     * reaches a process, name or segment presenting one of the accounts' capabilities (root,
     * read-only, write-only) or none.
     */
    tenants: z.boolean().default(false),
    /** Swarm testing: each workload enables a random subset of `kinds` and of the fault kinds, reported with the result. */
    swarm: z.boolean().default(false),
    /** fast-check runs (workloads tried) per seed. */
    runs: z.number().int().min(1).max(1000).default(20),
    /** Operations are spread over this much simulated time. */
    spanNs: z.number().int().positive().default(100_000_000),
  })
  .strict();
export type GeneratorOptions = z.infer<typeof GeneratorOptions>;

/** The fault kinds a generator's options enable. */
export function generatorFaultKinds(options: GeneratorOptions): GeneratedFaultKind[] {
  const enabled: Record<GeneratedFaultKind, boolean> = { crash: options.crashes, partition: options.partitions, 'message-faults': options.messageFaults, 'late-copies': options.lateCopies, 'crash-in-partition': options.crashesInPartitions };
  return GeneratedFaultKind.options.filter((kind) => enabled[kind]);
}

export const Workload = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('script'), steps: z.array(WorkloadStep).min(1) }).strict(),
  z.object({ kind: z.literal('generated'), generator: GeneratorOptions }).strict(),
]);
export type Workload = z.infer<typeof Workload>;

const TestCaseFields = z
  .object({
    $schema: z.string().optional(),
    id: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, 'an id is <abstraction>/<name>, e.g. rpc/at-most-once-duplicates'),
    abstraction: FeatureNameSchema,
    description: z.string().min(1),
    /**
     * Test262's `features`: what the implementation must implement to run this test (every
     * feature of the operations the workload uses). A port that lacks one gets "not applicable".
     * When omitted, the features of the workload's operations.
     */
    features: z.array(FeatureNameSchema).min(1).optional(),
    /** Checker properties this test asserts (see checkers/properties.ts). */
    properties: z.array(z.enum(propertyNames)).min(1),
    /** A hardware preset name (`cloudos conform --hardware` overrides it). */
    hardware: z.string().min(1).default('star'),
    nodes: z.number().int().min(1).max(16).default(3),
    /** Zone of each node; by default node nI is in zone zI. */
    zones: z.record(z.string(), z.string()).optional(),
    /** Network faults from time 0 and a schedule of crashes, restarts, partitions (the hardware models' fault format). */
    faults: FaultsSchema.default(FaultsSchema.parse({})),
    workload: Workload,
    /** Test262's `negative`: `fail` marks a test that documents a behaviour the suite must reject. */
    expected: z.enum(['pass', 'fail']).default('pass'),
    /** The per-input timeout; past it the subprocess driver gives up on a program that loops or sleeps waiting (drivers/step-timeout.ts). */
    stepTimeoutMs: z.number().int().positive().default(5000),
    /** Simulated time after the last operation and fault, with faults healed, for the system to settle. */
    quietNs: z.number().int().positive().default(1_000_000_000),
    retryIntervalNs: z.number().int().positive().default(2_000_000),
    callTimeoutNs: z.number().int().positive().default(500_000_000),
    dedupCapacity: z.number().int().positive().default(64),
  })
  .strict();

/** A test as data; `features` comes out filled in, and must cover every operation the workload uses. */
export const TestCaseSchema = TestCaseFields.superRefine((test, ctx) => {
  const undeclared = workloadFeatures(test.workload).filter((f) => test.features !== undefined && !test.features.includes(f));
  if (undeclared.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['features'],
      message: `the workload uses ${undeclared.map((f) => `'${f}' (${features[f].meaning})`).join(', ')}; add ${undeclared.length === 1 ? 'it' : 'them'} to features`,
    });
  }
}).transform((test) => ({ ...test, features: test.features ?? workloadFeatures(test.workload) }));
export type TestCase = z.infer<typeof TestCaseSchema>;

/** The features the operations of a workload use, in registry order (a spawn with `memory` uses migration, an operation presenting a `capability` quotas). */
export function workloadFeatures(workload: Workload): FeatureName[] {
  const kinds = workload.kind === 'script' ? workload.steps.map((s) => s.op.kind) : workload.generator.kinds.map((k) => (k === 'send-to-name' ? 'send' : k));
  const used = new Set<FeatureName>(kinds.map((kind) => operationFeature[kind]));
  if (workload.kind === 'script' && workload.steps.some((s) => s.op.kind === 'spawn' && s.op.memory !== undefined)) used.add('migration');
  if (workload.kind === 'script' && workload.steps.some((s) => 'capability' in s.op && s.op.capability !== undefined)) used.add('quotas');
  return featureNames.filter((f) => used.has(f));
}


/** Bad test data, with the file and the JSON field at fault. */
export class TestCaseError extends Error {
  constructor(readonly file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'TestCaseError';
  }
}

export function parseTestCase(text: string, file: string): TestCase {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new TestCaseError(file, `not JSON: ${(error as Error).message}`);
  }
  const parsed = TestCaseSchema.safeParse(raw);
  if (!parsed.success) {
    throw new TestCaseError(file, `${formatIssues(parsed.error.issues)} (see conformance/tests/README.md for the format)`);
  }
  const test = parsed.data;
  const expectedId = file.replace(/\\/g, '/').match(/([a-z]+\/[a-z0-9-]+)\.json$/)?.[1];
  if (expectedId !== undefined && expectedId !== test.id) {
    throw new TestCaseError(file, `id: '${test.id}' does not match the file's place; it should be '${expectedId}'`);
  }
  if (test.faults.randomCrashes !== undefined) {
    // The runner must hand every crash to the implementation as a `crash` input, so crashes are scheduled.
    throw new TestCaseError(file, 'faults.randomCrashes: not supported by the conformance runner; list crashes and restarts in faults.schedule');
  }
  const nodes = Array.from({ length: test.nodes }, (_, i) => `n${i + 1}`);
  const known = new Set(nodes);
  const steps = test.workload.kind === 'script' ? test.workload.steps : [];
  steps.forEach((step, i) => {
    if (step.node !== undefined && !known.has(step.node)) {
      throw new TestCaseError(file, `${formatFieldPath(['workload', 'steps', i, 'node'])}: unknown node '${step.node}'; this test has ${nodes.join(', ')}`);
    }
  });
  test.faults.schedule.forEach((action, i) => {
    for (const { node, path } of faultNodeReferences(action)) {
      if (!known.has(node)) throw new TestCaseError(file, `${formatFieldPath(['faults', 'schedule', i, ...path])}: unknown node '${node}'; this test has ${nodes.join(', ')}`);
    }
  });
  const skew = clockSkewIssue(test.faults.schedule);
  if (skew !== undefined) throw new TestCaseError(file, skew);
  return test;
}

/**
 * Why a clock skew in the schedule cannot be run, if one cannot: a node's local clock is
 * `floor(t × (1 + driftPpm/1e6)) + offsetNs`, and every input carries it as `timeNs`, which the
 * protocol requires to be at least 0; a negative offset applied too early would break that.
 */
export function clockSkewIssue(schedule: readonly FaultAction[]): string | undefined {
  for (const [i, action] of schedule.entries()) {
    if (action.kind !== 'clock-skew') continue;
    const elapsed = Math.floor(action.atNs * (1 + action.driftPpm / 1e6));
    if (elapsed + action.offsetNs >= 0) continue;
    return (
      `${formatFieldPath(['faults', 'schedule', i, 'offsetNs'])}: ${action.offsetNs} would set node ${action.node}'s clock to ${elapsed + action.offsetNs} ns at ${action.atNs} ns, ` +
      `but every input's timeNs must be at least 0 (conformance/protocol/PROTOCOL.md); use an offset of at least ${-elapsed} here, or apply the skew later`
    );
  }
  return undefined;
}

export function loadTestCase(file: string): TestCase {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    // Listed a moment before (the suite lists conformance/tests, then reads each file): removed or renamed since, or unreadable.
    throw new TestCaseError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); if it was removed or renamed while the tests were being listed, run again`);
  }
  return parseTestCase(text, file);
}

export function nodeNames(test: Pick<TestCase, 'nodes'>): string[] {
  return Array.from({ length: test.nodes }, (_, i) => `n${i + 1}`);
}
