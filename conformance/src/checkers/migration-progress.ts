// Progress of migrations when nothing disturbs them, as CallsComplete is for calls: spec/migration
// lets a migration abort at any step, which is what a port does when a node or the network fails
// it; when neither did, an abort is a port that got stuck (a destination still holding an earlier
// aborted migration, a handshake that waits for an answer nobody sends).
import type { HistoryIndex } from './history-index.js';
import type { Violation } from './properties.js';

/** How a migrate ends when it gives up: aborted, or its node could not reach the other side. */
const GAVE_UP = new Set(['migration_aborted', 'unavailable', 'timeout']);

/**
 * A migrate that gave up (migration_aborted, unavailable, timeout) although no fault was in effect
 * from `settleCalls` call timeouts before it was issued until it was answered (no crash or
 * restart, no partition, no packet dropped), in a run with no message faults configured, and no
 * other migrate of the process overlapped it. The settling time lets a port finish with what an
 * earlier fault left behind (an abort it had to retransmit, a timer of an earlier migration).
 */
export function checkMigrationsCommitUndisturbed(index: HistoryIndex, context: { messageFaultFree?: boolean; callTimeoutNs: number }, settleCalls = 2): Violation[] {
  if (context.messageFaultFree !== true) return [];
  const migrates = index.opsOf('migrate');
  const violations: Violation[] = [];
  for (const m of migrates) {
    if (m.outcome?.kind !== 'error' || !GAVE_UP.has(m.outcome.code) || m.completeNs === undefined) continue;
    const sinceNs = m.invokeNs - settleCalls * context.callTimeoutNs;
    if (index.faultBetween(sinceNs, m.completeNs)) continue;
    const overlapping = migrates.some((other) => other !== m && other.op.pid === m.op.pid && other.invokeNs <= m.completeNs! && (other.completeNs ?? Infinity) >= m.invokeNs);
    if (overlapping) continue;
    violations.push({
      property: 'MigrationsCommitUndisturbed',
      message: `operation ${m.opId} (migrate ${m.op.pid} ${m.op.mode} to ${JSON.stringify(m.op.to)}) answered ${m.outcome.code} at ${m.completeNs} ns, though no node crashed or restarted, no partition was in effect and no packet was dropped from ${sinceNs} ns (${settleCalls} call timeouts before it was issued) until then, and no other migration of the process overlapped it: a migration between live, connected nodes ends in a switch`,
      timeNs: m.completeNs,
      entries: [m.invokeIndex, m.completeIndex!],
    });
  }
  return violations;
}
