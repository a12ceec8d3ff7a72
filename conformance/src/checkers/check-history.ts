// Runs the checkers a test asks for over one history and returns every violation found.
import type { History } from '../history.js';
import type { NodeMachine } from '../../protocol/index.js';
import { HistoryIndex } from './history-index.js';
import type { PropertyName, Violation } from './properties.js';
import { checkErrorsAsPromised, checkLocatedIffLive, checkLookupFindsRegistered, checkNameBoundOnce, checkOperationsAnswered, checkPlacementHonoured, checkTraceAgreesWithReplies } from './operations.js';
import { checkDeliveredToAddressee, checkNoCreation, checkNoDuplication, checkNoLossWithoutCrash, checkPerPairFIFO } from './messaging.js';
import { checkAtLeastOnce, checkAtMostOnce, checkCallNotFoundIffAbsent, checkCallsComplete, checkCallsEndInTime, checkExactlyOnce, checkNoForeignReply, checkReplyMatchesCall } from './rpc.js';
import { RATE_METERS, checkCapabilitiesRespected, checkLeasesReturn, checkLeasesWithinQuota, checkQuotaExceededJustified, checkRateShared, checkRateWithinQuota, checkUsageWithinQuota } from './quotas.js';
import { checkIdleLeasesReturn, checkReleasesWithinUse } from './quotas-use.js';
import { checkChargesFollowProcesses } from './quotas-charges.js';
import { checkTenantsIsolated } from './quotas-tenants.js';
import { checkMigrationsCommitUndisturbed } from './migration-progress.js';
import { checkEveryFaultServed } from './dsm.js';
import { checkCrashedReadersNotAwaited } from './dsm-acknowledgements.js';
import { checkAbortLeavesSourceRunning, checkIdentityPreserved, checkMemoryPreserved, checkOneActiveCopy, checkOneMigrationAtATime, checkNoResidualDependency, checkPagesCopiedAsRounds, checkPostCopyLoss } from './migration.js';

export interface CheckContext {
  zones: Record<string, string>;
  /** No message faults and no fault schedule were configured for the run. */
  faultFree: boolean;
  /** No message faults (loss, duplication, reordering, extra delay) configured, at the start or scheduled. */
  messageFaultFree?: boolean;
  /**
   * When the run's only faults are crashes, each followed by a restart of the node, and message faults
   * that slow messages without losing or duplicating any, until a time: the time from which every
   * node runs, nothing is slow, and every fault pending before has been served or given up (the
   * last restart, or the end of the slow messages plus their longest hold and a fault's timeout);
   * and the node that owns every DSM page at first.
   */
  recovered?: { atNs: number; firstNode: string };
  /** When a call gives up with `timeout` (the test's callTimeoutNs, PROTOCOL.md params). */
  callTimeoutNs: number;
  /** How often a client retransmits (the test's retryIntervalNs). */
  retryIntervalNs: number;
  /** How many entries a server's at-most-once duplicate table holds (the test's dedupCapacity). */
  dedupCapacity: number;
  /** Each node's machine as the port was told it (init.machines); absent: the default machine. */
  machines?: Readonly<Record<string, NodeMachine>>;
}

export function checkHistory(history: History, asserted: readonly PropertyName[], context: CheckContext): Violation[] {
  const index = new HistoryIndex(history);
  return asserted.flatMap((property) => checkProperty(property, index, context));
}

function checkProperty(property: PropertyName, index: HistoryIndex, context: CheckContext): Violation[] {
  switch (property) {
    case 'OperationsAnswered': return checkOperationsAnswered(index);
    case 'TraceAgreesWithReplies': return checkTraceAgreesWithReplies(index);
    case 'NoCreation': return checkNoCreation(index);
    case 'DeliveredToAddressee': return checkDeliveredToAddressee(index);
    case 'NoDuplication': return checkNoDuplication(index);
    case 'PerPairFIFO': return checkPerPairFIFO(index);
    case 'NoLossWithoutCrash': return checkNoLossWithoutCrash(index, context);
    case 'LookupFindsRegistered': return checkLookupFindsRegistered(index);
    case 'NameBoundOnce': return checkNameBoundOnce(index);
    case 'PlacementHonoured': return checkPlacementHonoured(index, context);
    case 'LocatedIffLive': return checkLocatedIffLive(index, context);
    case 'ReplyMatchesCall': return checkReplyMatchesCall(index);
    case 'NoForeignReply': return checkNoForeignReply(index);
    case 'AtMostOnce': return checkAtMostOnce(index);
    case 'AtLeastOnce': return checkAtLeastOnce(index);
    case 'ExactlyOnce': return checkExactlyOnce(index, context);
    case 'CallsComplete': return checkCallsComplete(index, context.faultFree);
    case 'CallsEndInTime': return checkCallsEndInTime(index, context);
    case 'CallNotFoundIffAbsent': return checkCallNotFoundIffAbsent(index, context.faultFree);
    case 'ErrorsAsPromised': return checkErrorsAsPromised(index, context);
    // Decided together, with an unknown verdict of their own: run-test.ts calls dsm.ts for them.
    case 'EveryFaultServed': return checkEveryFaultServed(index, context);
    case 'CrashedReadersNotAwaited': return checkCrashedReadersNotAwaited(index.history);
    case 'PageLinearizable':
    case 'SequentiallyConsistent':
      return [];
    case 'UsageWithinQuota': return checkUsageWithinQuota(index);
    case 'LeasesWithinQuota': return checkLeasesWithinQuota(index);
    case 'LeasesReturn': return checkLeasesReturn(index);
    case 'QuotaExceededJustified': return checkQuotaExceededJustified(index);
    case 'ReleasesWithinUse': return checkReleasesWithinUse(index);
    case 'IdleLeasesReturn': return checkIdleLeasesReturn(index);
    case 'ChargesFollowProcesses': return checkChargesFollowProcesses(index);
    case 'CapabilitiesRespected': return checkCapabilitiesRespected(index);
    case 'TenantsIsolated': return checkTenantsIsolated(index);
    case 'BandwidthWithinQuota': return checkRateWithinQuota(index, RATE_METERS.bandwidthBytesPerSec);
    case 'BandwidthShared': return checkRateShared(index, RATE_METERS.bandwidthBytesPerSec);
    case 'ComputeWithinShare': return checkRateWithinQuota(index, RATE_METERS.cpuNsPerSec);
    case 'ComputeShared': return checkRateShared(index, RATE_METERS.cpuNsPerSec, context.machines);
    case 'OneActiveCopy': return checkOneActiveCopy(index);
    case 'MemoryPreserved': return checkMemoryPreserved(index);
    case 'OneMigrationAtATime': return checkOneMigrationAtATime(index);
    case 'PagesCopiedAsRounds': return checkPagesCopiedAsRounds(index);
    case 'NoResidualDependency': return checkNoResidualDependency(index);
    case 'AbortLeavesSourceRunning': return checkAbortLeavesSourceRunning(index);
    case 'MigrationsCommitUndisturbed': return checkMigrationsCommitUndisturbed(index, context);
    case 'IdentityPreserved': return checkIdentityPreserved(index);
    case 'PostCopyLossOnlyInPostCopy': return checkPostCopyLoss(index);
    // Needs the spec loaded (asynchronous): run-test.ts calls rpc-trace.ts, messaging-trace.ts or migration-trace.ts for it.
    case 'TraceExplainedBySpec': return [];
    default: {
      const unreachable: never = property;
      throw new Error(`unknown property ${String(unreachable)}`);
    }
  }
}
