// Checkers for RPC: executions per call id against the promised semantics, replies that match
// their calls, no reply taken by the wrong client, completion without faults.
import type { HistoryIndex } from './history-index.js';
import { jsonEqual } from './history-index.js';
import type { Violation } from './properties.js';

function executionsByCall(index: HistoryIndex): Map<string, number[]> {
  const executions = new Map<string, number[]>();
  for (const e of index.eventsOf('Executed')) executions.set(e.event.callId, [...(executions.get(e.event.callId) ?? []), e.index]);
  return executions;
}

export function checkReplyMatchesCall(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const calls = new Map(index.opsOf('call').map((c) => [c.op.callId, c]));
  for (const call of calls.values()) {
    if (call.outcome?.kind !== 'ok') continue;
    const result = (call.outcome.value as { result: unknown }).result;
    if (!jsonEqual(result, call.op.args)) {
      violations.push({
        property: 'ReplyMatchesCall',
        message: `call '${call.op.callId}' returned ${JSON.stringify(result)}; the echo of its arguments is ${JSON.stringify(call.op.args)}`,
        timeNs: call.completeNs,
        entries: [call.invokeIndex, call.completeIndex!],
      });
    }
  }
  for (const r of index.eventsOf('ReplyReceived')) {
    const call = calls.get(r.event.callId);
    if (call && !jsonEqual(r.event.result, call.op.args)) {
      violations.push({
        property: 'ReplyMatchesCall',
        message: `ReplyReceived for '${r.event.callId}' carries ${JSON.stringify(r.event.result)}; the call's arguments are ${JSON.stringify(call.op.args)}`,
        timeNs: r.timeNs,
        entries: [call.invokeIndex, r.index],
      });
    }
  }
  return violations;
}

export function checkNoForeignReply(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const calls = new Map(index.opsOf('call').map((c) => [c.op.callId, c]));
  const accepted = new Map<string, number>();
  for (const r of index.eventsOf('ReplyReceived')) {
    const call = calls.get(r.event.callId);
    const at = { timeNs: r.timeNs, entries: [r.index] };
    if (!call) violations.push({ property: 'NoForeignReply', message: `${r.event.client} accepted a reply to '${r.event.callId}', which no client called`, ...at });
    else if (call.op.from !== r.event.client) {
      violations.push({ property: 'NoForeignReply', message: `${r.event.client} accepted the reply to '${r.event.callId}', a call made by ${call.op.from}`, ...at, entries: [call.invokeIndex, r.index] });
    }
    const earlier = accepted.get(r.event.callId);
    if (earlier !== undefined) violations.push({ property: 'NoForeignReply', message: `the reply to '${r.event.callId}' was accepted twice`, ...at, entries: [earlier, r.index] });
    else accepted.set(r.event.callId, r.index);
  }
  return violations;
}

export function checkAtMostOnce(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const executions = executionsByCall(index);
  for (const call of index.opsOf('call')) {
    if (call.op.semantics === 'at-least-once') continue;
    const runs = executions.get(call.op.callId) ?? [];
    if (runs.length > 1) {
      violations.push({
        property: 'AtMostOnce',
        message: `${call.op.semantics} call '${call.op.callId}' executed ${runs.length} times`,
        timeNs: call.invokeNs,
        entries: [call.invokeIndex, ...runs],
      });
    }
  }
  return violations;
}

export function checkAtLeastOnce(index: HistoryIndex): Violation[] {
  const executions = executionsByCall(index);
  return index
    .opsOf('call')
    .filter((call) => call.outcome?.kind === 'ok' && (executions.get(call.op.callId) ?? []).length === 0)
    .map((call) => ({
      property: 'AtLeastOnce' as const,
      message: `call '${call.op.callId}' returned a result but was never executed`,
      timeNs: call.completeNs,
      entries: [call.invokeIndex, call.completeIndex!],
    }));
}

export function checkExactlyOnce(index: HistoryIndex): Violation[] {
  const executions = executionsByCall(index);
  const violations: Violation[] = [];
  for (const call of index.opsOf('call')) {
    if (call.op.semantics !== 'exactly-once' || call.outcome === undefined) continue;
    const runs = executions.get(call.op.callId) ?? [];
    const at = { timeNs: call.completeNs, entries: [call.invokeIndex, ...runs, call.completeIndex!] };
    if (call.outcome.kind === 'ok' && runs.length !== 1) {
      violations.push({ property: 'ExactlyOnce', message: `exactly-once call '${call.op.callId}' returned a result after ${runs.length} executions`, ...at });
    }
    // Durable dedup state is the point of exactly-once: a server restart must not end the call.
    if (call.outcome.kind === 'error' && call.outcome.code === 'crashed') {
      violations.push({ property: 'ExactlyOnce', message: `exactly-once call '${call.op.callId}' failed with 'crashed'; with durable dedup state the restarted server must answer the retry`, ...at });
    }
  }
  return violations;
}

export function checkCallsComplete(index: HistoryIndex, faultFree: boolean): Violation[] {
  if (!faultFree || index.faulty) return [];
  return index
    .opsOf('call')
    .filter((call) => call.outcome !== undefined && call.outcome.kind !== 'ok')
    .map((call) => ({
      property: 'CallsComplete' as const,
      message: `call '${call.op.callId}' ended with ${call.outcome!.kind === 'error' ? call.outcome!.code : call.outcome!.kind} in a run without faults`,
      timeNs: call.completeNs,
      entries: [call.invokeIndex, call.completeIndex!],
    }));
}
