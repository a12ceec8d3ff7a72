// Direct checks of the messaging and RPC guarantees on one run's observed events: what the
// kernel promises, stated as code. (The conformance suite has the full checkers; these are the
// reference kernel's own, used by its end-to-end and mutant tests.)
import type { ObservedEvent, ClusterRunResult, ScheduledOperation } from './simulated-cluster.js';

export type Violation =
  | { kind: 'duplicate-delivery'; msgId: string }
  | { kind: 'fifo'; from: string; to: string; msgId: string; expectedAfter: string }
  | { kind: 'lost'; msgId: string }
  | { kind: 'executed-twice'; callId: string; semantics: string; times: number }
  | { kind: 'wrong-reply'; callId: string; expected: unknown; got: unknown }
  | { kind: 'reply-without-execution'; callId: string }
  | { kind: 'definite-error-after-execution'; callId: string; code: string };

export function describeViolation(v: Violation): string {
  switch (v.kind) {
    case 'duplicate-delivery': return `message ${v.msgId} delivered more than once`;
    case 'fifo': return `${v.from}→${v.to}: ${v.msgId} delivered before ${v.expectedAfter}, which was sent earlier`;
    case 'lost': return `message ${v.msgId} was sent but never delivered`;
    case 'executed-twice': return `${v.semantics} call ${v.callId} executed ${v.times} times`;
    case 'wrong-reply': return `call ${v.callId} got ${JSON.stringify(v.got)}, expected ${JSON.stringify(v.expected)}`;
    case 'reply-without-execution': return `call ${v.callId} completed but never executed`;
    case 'definite-error-after-execution': return `call ${v.callId} failed with definite ${v.code} although it executed`;
  }
}

const definiteCodes = new Set(['not_found', 'name_taken', 'not_supported', 'bad_request']);

/**
 * Per (from, to): delivered messages are a subsequence of sent ones in send order, each at most
 * once; with `expectAllDelivered` (no crash of either end, network healed), none is missing.
 */
export function checkMessaging(events: readonly ObservedEvent[], expectAllDelivered: boolean): Violation[] {
  const violations: Violation[] = [];
  const sentOrder = new Map<string, number>();
  const sentBy = new Map<string, { from: string; to: string }>();
  const lastDeliveredIndex = new Map<string, { index: number; msgId: string }>();
  const delivered = new Set<string>();
  for (const { event } of events) {
    if (event.kind === 'Sent') {
      sentOrder.set(event.msgId, sentOrder.size);
      sentBy.set(event.msgId, { from: event.from, to: event.to });
    } else if (event.kind === 'Delivered') {
      if (delivered.has(event.msgId)) violations.push({ kind: 'duplicate-delivery', msgId: event.msgId });
      delivered.add(event.msgId);
      const pair = `${event.from}→${event.to}`;
      const index = sentOrder.get(event.msgId) ?? -1;
      const last = lastDeliveredIndex.get(pair);
      if (last !== undefined && index < last.index) violations.push({ kind: 'fifo', from: event.from, to: event.to, msgId: last.msgId, expectedAfter: event.msgId });
      else lastDeliveredIndex.set(pair, { index, msgId: event.msgId });
    }
  }
  if (expectAllDelivered) for (const msgId of sentBy.keys()) if (!delivered.has(msgId)) violations.push({ kind: 'lost', msgId });
  return violations;
}

/** Execution counts per call id against each call's semantics, and replies against arguments (echo). */
export function checkRpc(result: ClusterRunResult, workload: readonly ScheduledOperation[]): Violation[] {
  const violations: Violation[] = [];
  const executions = new Map<string, number>();
  for (const { event } of result.events) if (event.kind === 'Executed') executions.set(event.callId, (executions.get(event.callId) ?? 0) + 1);
  workload.forEach(({ op }, opId) => {
    if (op.kind !== 'call') return;
    const times = executions.get(op.callId) ?? 0;
    if (op.semantics !== 'at-least-once' && times > 1) violations.push({ kind: 'executed-twice', callId: op.callId, semantics: op.semantics, times });
    const outcome = result.outcomes.get(opId);
    if (outcome?.kind === 'reply') {
      const got = (outcome.value as { result: unknown }).result;
      if (JSON.stringify(got) !== JSON.stringify(op.args)) violations.push({ kind: 'wrong-reply', callId: op.callId, expected: op.args, got });
      if (times === 0) violations.push({ kind: 'reply-without-execution', callId: op.callId });
    } else if (outcome?.kind === 'error' && definiteCodes.has(outcome.code) && times > 0) {
      violations.push({ kind: 'definite-error-after-execution', callId: op.callId, code: outcome.code });
    }
  });
  return violations;
}
