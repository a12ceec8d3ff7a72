// Establishes spec/checks.json's expected results without the TLA+ toolchain: the hand
// transcriptions of Messaging and RPC are explored exhaustively; the CI configurations must
// satisfy every invariant, reach the recorded counts and satisfy their liveness property under
// the spec's fairness; each known-bad variant must first fail the recorded invariant at the
// recorded counterexample length. Nightly configurations run with CLOUDOS_NIGHTLY=1.
import t from 'tap';
import { checkFairTermination, exploreStateGraph, type TransitionSystem } from './state-graph.js';
import { loadSpecChecks } from './corpus-manifest.js';
import { messagingSystem, type MessagingParameters, type MessagingVariant } from './messaging-transcription.js';
import { rpcSystem, type RpcParameters, type RpcVariant, type Semantics } from './rpc-transcription.js';
import { dsmSystem, type DsmInvariant, type DsmManager, type DsmVariant } from './dsm-transcription.js';
import { capabilitiesSystem, drfSystem, quotasSystem, type QuotasVariant } from './quotas-transcription.js';
import { migrationSystem, type MigrationMode, type MigrationParameters, type MigrationVariant } from './migration-transcription.js';

interface Transcribed {
  system: TransitionSystem<any> & { violated: (s: any) => string | undefined };
  /** The liveness property as "no work left" plus the fair actions' enabledness (correct specs only). */
  liveness?: { needsProgress: (s: any) => boolean; fairEnabled: (s: any) => boolean };
  /** Why the liveness verdict is left to the checker (specs.test.ts): a graph with cycles, which checkFairTermination does not judge. */
  livenessLeftToChecker?: string;
}

// The constants of each .cfg, restated (the cfg files are the source; these must agree with them).
const messagingCi: MessagingParameters = { pids: 2, names: 1, zones: 2, machinesPerZone: 1, maxMessages: 2, maxLosses: 1 };
const messagingNightly: MessagingParameters = { pids: 3, names: 1, zones: 2, machinesPerZone: 1, maxMessages: 3, maxLosses: 1 };
const rpcCi = { clients: 1, maxCalls: 2, dedupCapacity: 1, maxNetFaults: 1, maxCrashes: 1, maxGiveUps: 1 };
const rpcNightly = { clients: 2, maxCalls: 3, dedupCapacity: 1, maxNetFaults: 2, maxCrashes: 2, maxGiveUps: 1 };
const migrationCi = { nodes: 2, senders: 1, numPages: 2, maxWrites: 2, maxMessages: 2, maxRounds: 2, dirtyThreshold: 1, maxMigrations: 2, maxCrashes: 1 };
const migrationNightly = { ...migrationCi, nodes: 3, senders: 2, maxMessages: 1, maxMigrations: 3, maxCrashes: 2 };
const dsmCi = { nodes: 3, pages: 1, maxWrites: 2, maxFailures: 0 };
const dsmNightly = { nodes: 3, pages: 2, maxWrites: 2, maxFailures: 0 };
const dsmCrash = { nodes: 3, pages: 1, maxWrites: 1, maxFailures: 1 };
const quotasCi = { nodes: 2, quota: 1, leaseSize: 1, leaseTerm: 2, maxSkew: 1, maxGrants: 2, maxRenewals: 1, maxAdmissions: 1, maxCrashes: 1, maxPartitions: 1 };
const quotasNightly = { ...quotasCi, nodes: 3, quota: 2, maxGrants: 3 };
const capabilitiesCi = { tenants: 2, objectsPerTenant: 1, shareRights: ['read', 'grant'] as ('read' | 'grant')[], maxDerivations: 2, maxRevocations: 1 };

function messaging(params: MessagingParameters, variant: MessagingVariant = 'correct'): Transcribed {
  const system = messagingSystem(params, variant);
  return { system, liveness: variant === 'correct' ? { needsProgress: (s) => system.inTransit(s) > 0, fairEnabled: system.fairEnabled } : undefined };
}
function rpc(base: Omit<RpcParameters, 'semantics'>, semantics: Semantics, variant: RpcVariant = 'correct'): Transcribed {
  const system = rpcSystem({ ...base, semantics }, variant);
  const checksLiveness = variant === 'correct' || variant === 'no-retry';
  return { system, liveness: checksLiveness ? { needsProgress: system.pending, fairEnabled: system.fairEnabled } : undefined };
}
function migration(base: Omit<MigrationParameters, 'mode'>, mode: MigrationMode, variant: MigrationVariant = 'correct'): Transcribed {
  const system = migrationSystem({ ...base, mode }, variant);
  return { system, liveness: variant === 'correct' ? { needsProgress: system.needsProgress, fairEnabled: system.fairEnabled } : undefined };
}
function dsm(base: typeof dsmCi, manager: DsmManager, variant: DsmVariant = 'correct', invariantOrder?: DsmInvariant[]): Transcribed {
  const system = dsmSystem({ ...base, manager }, variant, invariantOrder);
  // The failure model's graph has cycles: its liveness (EveryFaultEnds under FairSpec) is left to the checker.
  if (base.maxFailures > 0) return { system, livenessLeftToChecker: 'the DSM failure model, whose graph has cycles' };
  return { system, liveness: variant === 'correct' ? { needsProgress: system.needsProgress, fairEnabled: system.fairEnabled } : undefined };
}
function quotas(base: typeof quotasCi, variant: QuotasVariant = 'correct'): Transcribed {
  const system = quotasSystem(base, variant);
  return { system, liveness: variant === 'correct' ? { needsProgress: system.needsProgress, fairEnabled: system.fairEnabled } : undefined };
}

const transcriptions: Record<string, () => Transcribed> = {
  Messaging: () => messaging(messagingCi),
  MessagingNightly: () => messaging(messagingNightly),
  MessagingReordering: () => messaging(messagingCi, 'reordering'),
  MessagingDuplicating: () => messaging(messagingCi, 'duplicating'),
  MessagingNameRace: () => messaging(messagingCi, 'name-race'),
  RPCAtLeastOnce: () => rpc(rpcCi, 'at-least-once'),
  RPCAtMostOnce: () => rpc(rpcCi, 'at-most-once'),
  RPCExactlyOnce: () => rpc(rpcCi, 'exactly-once'),
  RPCAtLeastOnceNightly: () => rpc(rpcNightly, 'at-least-once'),
  RPCAtMostOnceNightly: () => rpc(rpcNightly, 'at-most-once'),
  RPCExactlyOnceNightly: () => rpc(rpcNightly, 'exactly-once'),
  RPCRetryWithoutDedup: () => rpc(rpcCi, 'at-most-once', 'retry-without-dedup'),
  RPCVolatileDedup: () => rpc(rpcCi, 'exactly-once', 'volatile-dedup'),
  RPCForeignReply: () => rpc(rpcCi, 'at-least-once', 'foreign-reply'),
  RPCNoRetry: () => rpc(rpcCi, 'at-least-once', 'no-retry'),
  RPCLateReply: () => rpc(rpcCi, 'at-least-once', 'late-reply'),
  MigrationStopAndCopy: () => migration(migrationCi, 'stop-and-copy'),
  MigrationPreCopy: () => migration(migrationCi, 'pre-copy'),
  MigrationPostCopy: () => migration(migrationCi, 'post-copy'),
  MigrationStopAndCopyNightly: () => migration(migrationNightly, 'stop-and-copy'),
  MigrationPreCopyNightly: () => migration(migrationNightly, 'pre-copy'),
  MigrationPostCopyNightly: () => migration(migrationNightly, 'post-copy'),
  MigrationEarlySwitch: () => migration(migrationCi, 'pre-copy', 'early-switch'),
  MigrationForwardingDropped: () => migration(migrationCi, 'stop-and-copy', 'forwarding-dropped'),
  MigrationAbortRace: () => migration(migrationCi, 'post-copy', 'abort-race'),
  MigrationStalePage: () => migration(migrationCi, 'post-copy', 'stale-page'),
  DSMCentralized: () => dsm(dsmCi, 'centralized'),
  DSMFixed: () => dsm(dsmCi, 'fixed'),
  DSMDynamic: () => dsm(dsmCi, 'dynamic'),
  DSMCentralizedNightly: () => dsm(dsmNightly, 'centralized'),
  DSMFixedNightly: () => dsm(dsmNightly, 'fixed'),
  DSMDynamicNightly: () => dsm(dsmNightly, 'dynamic'),
  DSMEarlyGrant: () => dsm(dsmCi, 'centralized', 'early-grant'),
  DSMCopysetKept: () => dsm(dsmCi, 'centralized', 'copyset-kept'),
  DSMHintNotUpdated: () => dsm(dsmCi, 'dynamic', 'hint-not-updated'),
  // Its cfg lists DataValue first and leaves CopysetExact out (spec/dsm/README.md says why).
  Quotas: () => quotas(quotasCi),
  QuotasNightly: () => quotas(quotasNightly),
  QuotasRenewedAfterExpiry: () => quotas(quotasCi, 'renewed-after-expiry'),
  QuotasReleaseCountedTwice: () => quotas(quotasCi, 'release-counted-twice'),
  QuotasReissuedEarly: () => quotas(quotasCi, 'reissued-early'),
  Capabilities: () => ({ system: capabilitiesSystem(capabilitiesCi) }),
  CapabilitiesNightly: () => ({ system: capabilitiesSystem({ ...capabilitiesCi, tenants: 3, maxDerivations: 3 }) }),
  CapabilitiesAmplified: () => ({ system: capabilitiesSystem(capabilitiesCi, 'amplified') }),
  DRF: () => ({ system: drfSystem() }),
  DRFFirstFit: () => ({ system: drfSystem('first-fit') }),
  DSMCentralizedCrash: () => dsm({ ...dsmCrash, nodes: 2 }, 'centralized'),
  DSMDynamicCrash: () => dsm({ ...dsmCrash, nodes: 2 }, 'dynamic'),
  DSMDynamicCrashNightly: () => dsm(dsmCrash, 'dynamic'),
  DSMRestartAsAtBoot: () => dsm(dsmCrash, 'centralized', 'restart-as-at-boot'),
  DSMPendingReadWaits: () => dsm({ ...dsmCrash, nodes: 2 }, 'dynamic', 'pending-read-waits'),
  DSMNoRelearn: () => dsm({ ...dsmCrash, nodes: 2 }, 'dynamic'), // FairSpec's steps, less Relearning's fairness
  DSMSelfHintRelearn: () => dsm(dsmCrash, 'dynamic', 'self-hint-relearn'),
  DSMReorderedInvalidation: () => dsm(dsmCi, 'dynamic', 'reordered-invalidation', ['DataValue', 'SingleWriter', 'HintsReachOwner']),
};

const nightly = process.env.CLOUDOS_NIGHTLY === '1';

t.test('checkFairTermination notices a cycle and a state stuck with work left', async (t) => {
  // 0 -> 1 -> 2 -> 1: a cycle; state 3 (from 0) needs progress but nothing fair is enabled.
  const edges: Record<number, number[]> = { 0: [1, 3], 1: [2], 2: [1], 3: [] };
  const system = { initialStates: [0], successors: (s: number) => edges[s]!, key: String };
  t.same(checkFairTermination(system, (s) => s === 3, () => false), { acyclic: false, stuckStates: 1 });
  t.same(checkFairTermination({ ...system, successors: (s: number) => (s === 2 ? [] : edges[s]!) }, () => false, () => true), { acyclic: true, stuckStates: 0 });
});

for (const check of loadSpecChecks()) {
  const run = check.tier === 'ci' || nightly;
  t.test(`${check.name}: the independent enumeration gives spec/checks.json's result`, { skip: run ? false : 'nightly (set CLOUDOS_NIGHTLY=1)' }, async (t) => {
    const build = transcriptions[check.name];
    if (!build) return t.fail(`spec/checks.json lists '${check.name}', which spec-counts.test.ts has no transcription for`);
    const { system, liveness, livenessLeftToChecker } = build();
    const { expected } = check;
    const bad = expected.result === 'invariant-violated';
    const counts = exploreStateGraph(system, { stopAtBad: bad, maxDistinctStates: 3_000_000 });
    switch (expected.result) {
      case 'holds':
        t.equal(counts.shortestBadTrace, 0, 'every invariant holds in every reachable state');
        t.equal(counts.distinctStates, expected.distinctStates, 'distinct states');
        t.equal(counts.statesGenerated, expected.statesGenerated, 'states generated');
        t.equal(counts.depth, expected.depth, 'depth');
        if (liveness && check.tier === 'ci') {
          t.same(checkFairTermination(system, liveness.needsProgress, liveness.fairEnabled), { acyclic: true, stuckStates: 0 }, 'the liveness property holds under the fairness of Spec');
        }
        break;
      case 'invariant-violated': {
        t.equal(counts.shortestBadTrace, expected.traceLength, 'shortest counterexample length (states)');
        // Among the states at that depth, the first invariant of the cfg's order each violates.
        const names = violationsAtDepth(system, counts.shortestBadTrace);
        t.same([...names], [expected.property], 'the property every shortest counterexample violates first');
        break;
      }
      case 'property-violated': {
        // The invariants still hold; on this acyclic graph, a state with work left where every
        // fair action is disabled is a behaviour that stutters there forever: the property fails.
        t.equal(counts.shortestBadTrace, 0, 'every invariant holds in every reachable state');
        t.equal(counts.distinctStates, expected.distinctStates, 'distinct states');
        t.equal(counts.statesGenerated, expected.statesGenerated, 'states generated');
        t.equal(counts.depth, expected.depth, 'depth');
        if (livenessLeftToChecker) return t.comment(`the property's failure is left to the checker: ${livenessLeftToChecker}`);
        if (!liveness) return t.fail(`${check.name}: no liveness transcription`);
        const report = checkFairTermination(system, liveness.needsProgress, liveness.fairEnabled);
        t.ok(report.acyclic && report.stuckStates > 0, 'the liveness property fails under the fairness of the spec', { report });
        break;
      }
      case 'deadlock':
        t.fail(`spec-counts.test.ts has no transcription check for expected result '${expected.result}'`);
        break;
    }
  });
}

/** The names of the first invariant violated by each bad state at BFS depth `depth` (1-based). */
function violationsAtDepth(system: Transcribed['system'], depth: number): Set<string> {
  const seen = new Set<string>();
  let frontier = system.initialStates.filter((s) => {
    const key = system.key(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  for (let level = 1; level < depth; level++) {
    const next: unknown[] = [];
    for (const state of frontier) {
      if (system.violated(state) !== undefined) continue; // a checker stops there; do not expand
      for (const successor of system.successors(state)) {
        const key = system.key(successor);
        if (!seen.has(key)) {
          seen.add(key);
          next.push(successor);
        }
      }
    }
    frontier = next;
  }
  return new Set(frontier.map((s) => system.violated(s)).filter((name): name is string => name !== undefined));
}
