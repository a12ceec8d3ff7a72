// `cloudos hw reproduce clark-2005`: Clark et al., "Live Migration of Virtual Machines" (NSDI 2005)
// re-run on the reference kernel (issue 9, item 4). Each workload is one conformance run on the
// clark-2005 hardware preset: a process with the workload's memory and dirtying is spawned on one
// machine and migrated by pre-copy to the other, by a kernel whose migration policy is Xen 2005's
// (rate-limited rounds, its stopping rules, the calibrated resume time). The rounds, dirty pages,
// bytes and downtime are read from the run's trace and the migrate's reply; the suite's checkers
// judge the run like any other. The workloads, calibration and comparison are
// hardware-models/src/reproduce/clark-2005.ts; this file lives in tools/cli because it drives the
// kernel and the suite (hardware-models imports neither).
import { parseTestCase, runTest, type TestResult } from '../../conformance/src/index.js';
import { ReferenceImplementation } from '../../reference/src/index.js';
import type { DirtyingWorkload, PreCopyPolicy, reproduce } from '../../hardware-models/src/index.js';

type MeasuredMigration = reproduce.MeasuredMigration;

/** Long enough that no round's acknowledgement is overtaken by a retransmission (800 MB at 1 Gb/s is 6.7 s). */
const RETRY_INTERVAL_NS = 60e9;
const CALL_TIMEOUT_NS = 600e9;
const MIGRATE_AT_NS = 1_000_000;
const QUIET_NS = 300e9;
/** Copies go in segments, as over the paper's TCP connection, so that the testbed's switch pipelines them (hardware-models/presets/clark-2005.json). */
const SEGMENT_BYTES = 256 * 1024;

export class ClarkRunError extends Error {}

/** The conformance test of one migration: spawn on n1 with the workload's memory, migrate to n2 by pre-copy. */
export function clarkMigrationTest(workload: string, process: DirtyingWorkload) {
  const memory = {
    pages: process.memoryPages,
    pageBytes: process.pageBytes,
    dirtyPagesPerSec: process.dirtyPagesPerSec,
    writableWorkingSetPages: process.writableWorkingSetPages,
    ...(process.hotSet === undefined ? {} : { hotSet: process.hotSet }),
  };
  const test = {
    id: `migration/clark-2005-${workload}`,
    abstraction: 'migration',
    description: `Clark et al. 2005, ${workload}: one pre-copy migration between the two machines of the paper's testbed`,
    features: ['messaging', 'migration'],
    properties: ['OperationsAnswered', 'OneActiveCopy', 'MemoryPreserved', 'IdentityPreserved', 'OneMigrationAtATime'],
    nodes: 2,
    hardware: 'clark-2005',
    retryIntervalNs: RETRY_INTERVAL_NS,
    callTimeoutNs: CALL_TIMEOUT_NS,
    // The run ends this long after the last operation is issued: longer than any migration here (SPECweb99's takes about 75 s).
    quietNs: QUIET_NS,
    workload: {
      kind: 'script',
      steps: [
        { atNs: 0, op: { kind: 'spawn', as: 'vm', placement: { kind: 'node', node: 'n1' }, memory } },
        { atNs: MIGRATE_AT_NS, op: { kind: 'migrate', process: 'vm', to: { kind: 'node', node: 'n2' }, mode: 'pre-copy' } },
      ],
    },
  };
  return parseTestCase(JSON.stringify(test), 'tools/cli/clark-2005.ts');
}

/** The paper's quantities from a run: round spans from the trace's times, the rest from the events and the migrate's reply. */
export function measuredFromRun(result: Pick<TestResult, 'history' | 'verdict' | 'violations' | 'id'>): MeasuredMigration {
  if (result.verdict !== 'pass') throw new ClarkRunError(`${result.id}: the suite rejected the kernel's run (${result.verdict}): ${result.violations.map((v) => v.message).join('; ')}`);
  const events = result.history.flatMap((h) => (h.kind === 'event' ? [{ timeNs: h.timeNs, event: h.event }] : []));
  const started = events.find((e) => e.event.kind === 'MigrationStarted');
  const rounds = events.filter((e) => e.event.kind === 'RoundCopied');
  const frozen = events.find((e) => e.event.kind === 'Frozen');
  const reply = result.history.find((h) => h.kind === 'complete' && h.outcome.kind === 'ok' && typeof (h.outcome.value as { downtimeNs?: unknown }).downtimeNs === 'number');
  if (started === undefined || rounds.length === 0 || frozen === undefined || reply?.kind !== 'complete' || reply.outcome.kind !== 'ok') {
    throw new ClarkRunError(`${result.id}: the run has no complete pre-copy migration (MigrationStarted, RoundCopied, Frozen and the migrate's reply)`);
  }
  const answer = reply.outcome.value as { rounds: number; bytesMoved: number; downtimeNs: number };
  const frozenEvent = frozen.event as Extract<typeof frozen.event, { kind: 'Frozen' }>;
  return {
    rounds: answer.rounds,
    firstRoundNs: rounds[0]!.timeNs - started.timeNs,
    laterRoundsNs: frozen.timeNs - rounds[0]!.timeNs,
    bytesMoved: answer.bytesMoved,
    stopAndCopyPages: frozenEvent.dirtyPages,
    downtimeNs: answer.downtimeNs,
  };
}

/** One workload's migration on the reference kernel under `policy`. */
export async function migrateOnKernel(workload: string, process: DirtyingWorkload, policy: PreCopyPolicy, resumeNs: number): Promise<MeasuredMigration> {
  const result = await runTest(clarkMigrationTest(workload, process), () => new ReferenceImplementation({ migrationPolicy: { preCopy: policy, resumeNs: Math.round(resumeNs), segmentBytes: SEGMENT_BYTES } }), { seed: 1 });
  return measuredFromRun(result);
}

export const clarkEngine = 'the reference kernel (reference/src/migration) through the conformance runner on the clark-2005 preset';
