// Runs one conformance test against one implementation and decides its verdict: a script runs
// once; a generated workload runs under fast-check, which shrinks a failure to the shortest
// operations and faults that still fail. The result carries everything a report needs.
import fc from 'fast-check';
import type { FaultAction, Faults } from '../../hardware-models/src/index.js';
import type { ImplementationFactory, RunParameters } from '../protocol/index.js';
import { checkHistory, type CheckContext } from './checkers/check-history.js';
import { checkDsmHistory } from './checkers/dsm.js';
import { validateRpcTrace } from './checkers/rpc-trace.js';
import { validateMessagingTrace } from './checkers/messaging-trace.js';
import { validateMigrationTrace } from './checkers/migration-trace.js';
import { validateDsmTrace } from './checkers/dsm-trace.js';
import { validateQuotasTrace } from './checkers/quotas-trace.js';
import type { Violation } from './checkers/properties.js';
import type { ProtocolViolation } from './drivers/protocol-violation.js';
import { generatedCaseArbitrary, type EnabledKinds } from './generate-workload.js';
import { emptyCoverage, historyCoverage, mergeCoverage, type Coverage } from './coverage.js';
import { takeKernelCoverage, type KernelCoverage } from './kernel-coverage.js';
import type { HistoryEntry } from './history.js';
import { nodeMachines, resolveTopology } from './hardware.js';
import { runWorkload, type PortDeclaration, type RunCost, type RunEnd } from './runner.js';
import type { FeatureName } from '../protocol/index.js';
import { nodeNames, type TestCase, type WorkloadStep } from './test-case.js';

/** pass: every asserted property holds; fail: a checker found a violation; broken: the
 * implementation broke the protocol; unknown: the run hit a bound before a verdict;
 * not-applicable: the implementation does not declare every feature the test needs (not run). */
export type Verdict = 'pass' | 'fail' | 'broken' | 'unknown' | 'not-applicable';

export interface TestResult {
  id: string;
  abstraction: string;
  description: string;
  /** What the implementation must implement to run the test. */
  features: FeatureName[];
  verdict: Verdict;
  /** The test's own expectation (Test262 `negative`). */
  expected: 'pass' | 'fail';
  seed: number;
  durationMs: number;
  violations: Violation[];
  protocolViolation?: ProtocolViolation;
  unknownReason?: string;
  /** For a test not applicable: the features it needs that the implementation does not declare. */
  missingFeatures?: FeatureName[];
  /** What the implementation declared in the run reported (absent if it never answered). */
  declaration?: PortDeclaration;
  /** What the implementation reported its steps cost in the run reported (absent if it reported none). */
  cost?: RunCost;
  /** The workload and fault schedule of the run reported (shrunk, for a generated test that failed). */
  steps: WorkloadStep[];
  faults: FaultAction[];
  /** For a generated test: the operation and fault kinds the reported run drew from (under swarm testing, a subset). */
  enabled?: EnabledKinds;
  /** Workloads fast-check tried (1 for a script), and shrinking steps taken. */
  runs: number;
  shrinks: number;
  /** Set when shrinking stopped at its budget of runs: the workload is short, not necessarily shortest. */
  shrinkingCutAfterRuns?: number;
  history: HistoryEntry[];
  nodes: string[];
  hardware: string;
  /** What every run of the test (shrinking included) reached: spec actions, outcomes, faults (coverage.ts). */
  coverage: Coverage;
  /** For a test asserting TraceExplainedBySpec: how trace validation ended, over every run (shrinking included). */
  traceValidation?: TraceValidationCounts;
  /** The reference kernel's branches every run of the test took (kernel-coverage.ts), or why they were not measured; absent when not asked. */
  kernelCoverage?: KernelCoverage;
}

/** Runs by how trace validation ended; `validated / runs` is the share of runs the spec was checked against. */
export interface TraceValidationCounts {
  runs: number;
  validated: number;
  unexplained: number;
  notApplicable: number;
  unknown: number;
  /** Why runs went unvalidated (not applicable or unknown): the first few distinct reasons. Such runs are never counted as checked. */
  unvalidatedReasons: string[];
}

const UNVALIDATED_REASONS_KEPT = 3;

function keepReason(reasons: string[], reason: string): void {
  if (!reasons.includes(reason) && reasons.length < UNVALIDATED_REASONS_KEPT) reasons.push(reason);
}

/** The counts of two sets of runs (a test's seeds), so that a multi-seed verdict says how many of all its runs were validated. */
export function mergeTraceValidation(a: TraceValidationCounts | undefined, b: TraceValidationCounts | undefined): TraceValidationCounts | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const unvalidatedReasons = [...a.unvalidatedReasons];
  for (const reason of b.unvalidatedReasons) keepReason(unvalidatedReasons, reason);
  return { runs: a.runs + b.runs, validated: a.validated + b.validated, unexplained: a.unexplained + b.unexplained, notApplicable: a.notApplicable + b.notApplicable, unknown: a.unknown + b.unknown, unvalidatedReasons };
}

/**
 * The trace search's bound (spec states, and cuts of the run) once the history checkers have
 * already failed a run. Proving a broken run unexplained means trying every order causality
 * allows: ~30 s of CPU per failing seed on a migration test at the full 100,000, where the
 * verdict is already known; a port with a bug would pay it on every failing seed and shrink.
 */
const TRACE_STATES_AFTER_FAILURE = 5_000;

/**
 * Runs fast-check may spend shrinking one failure. A count, not a time, so that the shrunk
 * workload is a function of the seed alone, on any machine; it bounds slow subprocess runs.
 */
export const DEFAULT_SHRINK_BUDGET_RUNS = 100;

export interface TestOptions {
  seed: number;
  shrinkBudgetRuns?: number;
  /** Overrides the test's hardware preset. */
  hardware?: string;
  /** Measure the in-process reference kernel's branches (after startKernelCoverage), or say why they are not measured. */
  kernelCoverage?: KernelCoverageOption;
}

export type KernelCoverageOption = { measure: true } | { measure: false; reason: string };

interface SingleRun {
  verdict: Verdict;
  violations: Violation[];
  end: RunEnd;
  history: HistoryEntry[];
  declaration?: PortDeclaration;
  cost?: RunCost;
  /** Why a checker could decide neither way (the run's end is `finished`). */
  unknownReason?: string;
}

export async function runTest(test: TestCase, factory: ImplementationFactory, options: TestOptions): Promise<TestResult> {
  const asked = options.kernelCoverage;
  if (asked === undefined) return runChecked(test, factory, options);
  if (!asked.measure) return { ...(await runChecked(test, factory, options)), kernelCoverage: { measured: false, reason: asked.reason } };
  takeKernelCoverage(); // the counts so far are no run of this test's
  const result = await runChecked(test, factory, options);
  return { ...result, kernelCoverage: takeKernelCoverage() };
}

async function runChecked(test: TestCase, factory: ImplementationFactory, options: TestOptions): Promise<TestResult> {
  const started = Date.now();
  const nodes = nodeNames(test);
  const hardware = options.hardware ?? test.hardware;
  const shrinkBudgetRuns = options.shrinkBudgetRuns ?? DEFAULT_SHRINK_BUDGET_RUNS;
  const topology = resolveTopology(hardware, nodes);
  const zones = test.zones ?? Object.fromEntries(nodes.map((n, i) => [n, `z${i + 1}`]));
  const params: RunParameters = { zones, retryIntervalNs: test.retryIntervalNs, callTimeoutNs: test.callTimeoutNs, dedupCapacity: test.dedupCapacity };

  const counts: TraceValidationCounts = { runs: 0, validated: 0, unexplained: 0, notApplicable: 0, unknown: 0, unvalidatedReasons: [] };
  const traceViolations = async (history: HistoryEntry[], failedAlready: readonly Violation[] = []): Promise<Violation[]> => {
    const maxStates = failedAlready.length > 0 ? TRACE_STATES_AFTER_FAILURE : undefined;
    const bound = maxStates === undefined ? {} : { maxStates };
    const validation =
      test.abstraction === 'rpc' ? await validateRpcTrace(history, { dedupCapacity: test.dedupCapacity, ...bound })
      : test.abstraction === 'migration' ? await validateMigrationTrace(history, bound)
      : test.abstraction === 'dsm' ? await validateDsmTrace(history, { nodes, ...bound })
      : test.abstraction === 'quotas' ? await validateQuotasTrace(history, bound)
      : await validateMessagingTrace(history, { zones, ...bound });
    counts.runs++;
    counts[validationCount[validation.kind]]++;
    if (validation.kind === 'not-applicable' || validation.kind === 'unknown') {
      const cutShort = validation.kind === 'unknown' && maxStates !== undefined;
      const reason = cutShort
        ? `not finished: the run had already failed ${[...new Set(failedAlready.map((v) => v.property))].join(', ')}, so the search stopped at ${maxStates} states`
        : `${validation.kind === 'unknown' ? 'unknown' : 'not in the spec\'s scope'}: ${validation.reason}`;
      keepReason(counts.unvalidatedReasons, reason);
    }
    if (validation.kind !== 'unexplained') return []; // outside the spec's scope, or too large: not a violation
    return [{ property: 'TraceExplainedBySpec', message: validation.message, timeNs: history[validation.entry]?.timeNs, entries: [validation.entry] }];
  };

  let coverage = emptyCoverage();
  const runOnce = async (steps: WorkloadStep[], extraFaults: FaultAction[], simSeed: number): Promise<SingleRun> => {
    const faults: Faults = { ...test.faults, schedule: [...test.faults.schedule, ...extraFaults].sort((a, b) => a.atNs - b.atNs) };
    const impl = factory({ testId: test.id, stepTimeoutMs: test.stepTimeoutMs });
    let result;
    try {
      result = runWorkload({ nodes, topology, params, faults, steps, quietNs: test.quietNs, seed: simSeed, requiredFeatures: test.features }, impl);
    } finally {
      impl.close?.();
    }
    const faultFree = isFaultFree(faults);
    const messageFaultFree = messageFaultsNone(faults);
    coverage = mergeCoverage(coverage, historyCoverage(result.history));
    const ran = { end: result.end, history: result.history, ...(result.declaration ? { declaration: result.declaration } : {}), ...(result.cost ? { cost: result.cost } : {}) };
    switch (result.end.kind) {
      case 'violation': {
        // The history up to the violation is a prefix of the run, and a spec explains every prefix of
        // a run it explains: validation judges what the port did before it broke the protocol, so a
        // bug the runner rejects (a call answered twice) is also caught against the spec.
        const violations = test.properties.includes('TraceExplainedBySpec') ? await traceViolations(result.history) : [];
        return { verdict: 'broken', violations, ...ran };
      }
      case 'event-limit':
        return { verdict: 'unknown', violations: [], ...ran };
      case 'not-applicable':
        return { verdict: 'not-applicable', violations: [], ...ran };
      case 'finished': {
        const recovered = recoveredAt(faults, nodes, test.callTimeoutNs);
        const violations = checkHistory(result.history, test.properties, { zones, faultFree, messageFaultFree, ...(recovered ? { recovered } : {}), callTimeoutNs: test.callTimeoutNs, retryIntervalNs: test.retryIntervalNs, dedupCapacity: test.dedupCapacity, machines: nodeMachines(topology, nodes) });
        const memory = checkDsmHistory(result.history, test.properties);
        violations.push(...memory.violations);
        if (test.properties.includes('TraceExplainedBySpec')) violations.push(...(await traceViolations(result.history, [...violations])));
        if (violations.length === 0 && memory.unknown !== undefined) return { verdict: 'unknown', violations, unknownReason: memory.unknown, ...ran };
        return { verdict: violations.length === 0 ? 'pass' : 'fail', violations, ...ran };
      }
    }
  };

  const base = { id: test.id, abstraction: test.abstraction, description: test.description, features: test.features, expected: test.expected, seed: options.seed, nodes, hardware };
  const finish = (run: SingleRun, steps: WorkloadStep[], faults: FaultAction[], runs: number, shrinks: number, enabled?: EnabledKinds): TestResult => ({
    ...base,
    verdict: run.verdict,
    durationMs: Date.now() - started,
    violations: run.violations,
    ...(run.end.kind === 'violation' ? { protocolViolation: run.end.violation } : {}),
    ...(run.end.kind === 'event-limit' ? { unknownReason: `the run reached the bound of ${run.end.events} simulated events before going quiet` } : {}),
    ...(run.unknownReason !== undefined ? { unknownReason: run.unknownReason } : {}),
    ...(run.end.kind === 'not-applicable' ? { missingFeatures: run.end.missing } : {}),
    ...(run.declaration ? { declaration: run.declaration } : {}),
    ...(run.cost ? { cost: run.cost } : {}),
    steps,
    // The test's own faults too: a report that left them out would misstate the failing run.
    faults: [...testFaults(test.faults), ...faults].sort((a, b) => a.atNs - b.atNs),
    ...(enabled ? { enabled } : {}),
    runs,
    shrinks,
    history: run.history,
    coverage,
    ...(counts.runs > 0 ? { traceValidation: { ...counts, unvalidatedReasons: [...counts.unvalidatedReasons] } } : {}),
  });

  const workload = test.workload;
  switch (workload.kind) {
    case 'script':
      return finish(await runOnce(workload.steps, [], options.seed), workload.steps, [], 1, 0);
    case 'generated': {
      let last: { run: SingleRun; steps: WorkloadStep[]; faults: FaultAction[]; enabled: EnabledKinds } | undefined;
      let shrinkRuns: number | undefined; // runs since the first failure
      let shrinkingCut = false;
      let notApplicable = false;
      const details = await fc.check(
        fc.asyncProperty(generatedCaseArbitrary(workload.generator, nodes, test.faults.messages), async (generated) => {
          // Past the budget every candidate "passes", so fast-check stops at the smallest failure so far.
          if (shrinkRuns !== undefined && shrinkRuns++ >= shrinkBudgetRuns) return (shrinkingCut = true);
          // The port's features do not change between runs: once one says not applicable, none runs.
          if (notApplicable) return true;
          const run = await runOnce(generated.steps, generated.faults, generated.simSeed);
          last = { run, steps: generated.steps, faults: generated.faults, enabled: generated.enabled };
          if (run.verdict === 'not-applicable') return (notApplicable = true);
          const ok = run.verdict === 'pass' || run.verdict === 'unknown';
          if (!ok) shrinkRuns ??= 0;
          return ok;
        }),
        { seed: options.seed, numRuns: workload.generator.runs },
      );
      if (details.failed && details.counterexample) {
        // Run the shrunk case again so that the history reported is the shrunk one's.
        const [shrunk] = details.counterexample;
        const run = await runOnce(shrunk.steps, shrunk.faults, shrunk.simSeed);
        return { ...finish(run, shrunk.steps, shrunk.faults, details.numRuns, details.numShrinks, shrunk.enabled), ...(shrinkingCut ? { shrinkingCutAfterRuns: shrinkBudgetRuns } : {}) };
      }
      if (details.failed) throw details.errorInstance ?? new Error(`fast-check failed without a counterexample for ${test.id}`);
      return finish(last!.run, last!.steps, last!.faults, details.numRuns, 0, last!.enabled);
    }
  }
}

const validationCount = { explained: 'validated', unexplained: 'unexplained', 'not-applicable': 'notApplicable', unknown: 'unknown' } as const;

/** The faults a test configures itself, as fault actions: its message faults (if any) from the start, and its schedule. */
function testFaults(faults: Faults): FaultAction[] {
  const m = faults.messages;
  const messageFaults = m.lossProbability > 0 || m.duplicationProbability > 0 || m.reorderProbability > 0 ? [{ kind: 'message-faults' as const, atNs: 0, faults: m }] : [];
  return [...messageFaults, ...faults.schedule];
}

/** When the only faults are crashes each followed by a restart of its node, and windows of slow messages: when they are over (CheckContext.recovered). */
function recoveredAt(faults: Faults, nodes: readonly string[], callTimeoutNs: number): CheckContext['recovered'] {
  if (faults.randomCrashes !== undefined) return undefined;
  // Message faults that only slow messages (held back or delayed, never lost nor duplicated) end once
  // their last setting is clean and its longest hold has passed, plus a timeout for the faults then pending.
  let messages = faults.messages;
  let longestHoldNs = holdNs(messages);
  let slowUntilNs = 0;
  const down = new Set<string>();
  let atNs = 0;
  for (const action of faults.schedule) {
    if (action.kind === 'message-faults') {
      messages = { ...messages, ...action.faults };
      longestHoldNs = Math.max(longestHoldNs, holdNs(messages));
      slowUntilNs = action.atNs;
      continue;
    }
    if (action.kind !== 'crash' && action.kind !== 'restart') return undefined;
    if (action.kind === 'crash') down.add(action.node);
    else down.delete(action.node);
    atNs = Math.max(atNs, action.atNs);
  }
  if (!Number.isFinite(longestHoldNs) || holdNs(messages) > 0 || messages.reorderProbability !== 0) return undefined;
  if (longestHoldNs > 0) atNs = Math.max(atNs, slowUntilNs + longestHoldNs + callTimeoutNs);
  return faults.schedule.length > 0 && down.size === 0 ? { atNs, firstNode: nodes[0]! } : undefined;
}

/** The longest a message may be held back or delayed under these message faults; Infinity if one may be lost or duplicated (never delivered, or again later). */
function holdNs(m: Faults['messages']): number {
  if (m.lossProbability !== 0 || m.duplicationProbability !== 0) return Infinity;
  return m.extraDelayNs + m.extraDelayJitterNs + (m.reorderProbability === 0 ? 0 : m.reorderMaxDelayNs);
}

function isFaultFree(faults: Faults): boolean {
  const m = faults.messages;
  return faults.schedule.length === 0 && faults.randomCrashes === undefined && m.lossProbability === 0 && m.duplicationProbability === 0 && m.reorderProbability === 0;
}

/** No message is lost, duplicated, held back or delayed beyond the topology's latency, ever in the run. */
function messageFaultsNone(faults: Faults): boolean {
  const m = faults.messages;
  const clean = m.lossProbability === 0 && m.duplicationProbability === 0 && m.reorderProbability === 0 && m.extraDelayNs === 0 && m.extraDelayJitterNs === 0;
  return clean && !faults.schedule.some((f) => f.kind === 'message-faults');
}
