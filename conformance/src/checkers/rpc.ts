// Checkers for RPC: executions per call id against the promised semantics, replies that match
// their calls, no reply taken by the wrong client, completion without faults.
import type { HistoryIndex, IndexedOp } from './history-index.js';
import { jsonEqual } from './history-index.js';
import type { Violation } from './properties.js';
import type { Operation } from '../../protocol/index.js';

type IndexedCall = IndexedOp & { op: Extract<Operation, { kind: 'call' }> };

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
  // RPC.tla ReplyReceived(c) takes a reply "for its current call"; a call that failed is no longer
  // current, so its late reply is dropped (StaleAnswerDropped): a call ends once.
  const ends = [...index.eventsOf('ReplyReceived'), ...index.eventsOf('CallFailed')].sort((x, y) => x.index - y.index);
  const ended = new Map<string, (typeof ends)[number]>();
  for (const end of ends) {
    const first = ended.get(end.event.callId);
    if (first === undefined) ended.set(end.event.callId, end);
    // Two replies are reported above as accepted twice.
    else if (first.event.kind === 'CallFailed' || end.event.kind === 'CallFailed') {
      violations.push({ property: 'NoForeignReply', message: `call '${end.event.callId}' ended twice: ${first.event.kind}, then ${end.event.kind}`, timeNs: end.timeNs, entries: [first.index, end.index] });
    }
  }
  return violations;
}

export function checkAtMostOnce(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const executions = executionsByCall(index);
  for (const call of index.opsOf('call')) {
    if (call.op.semantics === 'at-least-once') continue; // RPC.tla AtMostOnce: Semantics # "at-least-once" => ...
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

/**
 * Under exactly-once a call that returned a result executed exactly once (spec/rpc ExactlyOnce),
 * and a call ends without a result only for a reason the spec or the protocol gives. Every other
 * answer is wrong, whatever its error code.
 */
export function checkExactlyOnce(index: HistoryIndex, context: { callTimeoutNs: number }): Violation[] {
  const executions = executionsByCall(index);
  const violations: Violation[] = [];
  for (const call of index.opsOf('call')) {
    if (call.op.semantics !== 'exactly-once' || call.outcome === undefined) continue;
    const runs = executions.get(call.op.callId) ?? [];
    const server = index.callStarted(call.op.callId)?.event.server ?? (call.op.to.kind === 'pid' ? call.op.to.pid : undefined);
    const wrong = exactlyOnceWrongAnswer(index, call, runs.length, server, context.callTimeoutNs);
    if (wrong !== undefined) {
      violations.push({ property: 'ExactlyOnce', message: `exactly-once call '${call.op.callId}' ${wrong}`, timeNs: call.completeNs, entries: [call.invokeIndex, ...runs, call.completeIndex!] });
    }
  }
  return violations;
}

function exactlyOnceWrongAnswer(index: HistoryIndex, call: IndexedCall, runs: number, server: string | undefined, callTimeoutNs: number): string | undefined {
  const outcome = call.outcome!;
  const endNs = call.completeNs!;
  // spec/rpc/RPC.tla ExactlyOnce: "a completed call executed exactly once".
  if (outcome.kind === 'ok') return runs === 1 ? undefined : `returned a result after ${runs} executions`;
  // spec/rpc/README.md: "A call whose client crashed is an orphan: ... its reply is discarded".
  if (outcome.kind === 'lost') return undefined;
  // PROTOCOL.md, Errors: "definite: the operation certainly did not take effect".
  if (outcome.definite && runs > 0) return `failed with the definite error '${outcome.code}' after ${runs} execution(s)`;
  const serverGone = server === undefined ? undefined : serverStoppedBy(index, server, endNs);
  switch (outcome.code) {
    case 'crashed':
      // RPC.tla ExactlyOnceNeverFails excuses no failure while the server comes back (ServerRestarted),
      // and README: "the table survives; retries of executed calls are answered from it". But
      // PROTOCOL.md: "Processes on a crashed node are gone; a restart starts the node with no
      // processes", so a server lost in a crash never answers, and `crashed` ("the server crashed
      // during the call; it may have executed") is the answer for a call it had not executed.
      if (serverGone !== 'crash') return `failed with 'crashed', but its server's node did not crash before the call ended`;
      if (runs > 0) return `failed with 'crashed' after executing; the durable table must answer its retry with the result`;
      return undefined;
    case 'timeout':
      return timeoutTooEarly(call, callTimeoutNs);
    case 'unavailable':
      // PROTOCOL.md, Errors: "the peer is unreachable (partition, crash)".
      return index.faultBetween(call.invokeNs, endNs) ? undefined : `failed with 'unavailable' while no partition, crash or packet loss happened`;
    case 'not_found': {
      const live = liveThroughout(index, call, server);
      return live === undefined ? undefined : `failed with 'not_found', but ${live}`;
    }
    default:
      // name_taken, not_supported and bad_request answer no well-formed call of a port that declares rpc.
      return `failed with '${outcome.code}'`;
  }
}

/**
 * A timeout before callTimeoutNs has passed since the call was issued, described; undefined if in
 * time. PROTOCOL.md, RPC semantics: the client retransmits "until a reply arrives or callTimeoutNs passes".
 */
export function timeoutTooEarly(call: IndexedOp, callTimeoutNs: number): string | undefined {
  const afterNs = call.completeNs! - call.invokeNs;
  return afterNs >= callTimeoutNs ? undefined : `failed with 'timeout' after ${afterNs} ns, before its timeout of ${callTimeoutNs} ns`;
}

/**
 * Why a call that failed with `forgotten` could not have been evicted from its server's duplicate
 * table; undefined if it could. PROTOCOL.md, RPC semantics: only an at-most-once call, and only
 * once its server's table (dedupCapacity entries) overflowed: dedupCapacity other at-most-once calls
 * executed on that server before the answer (evicting the call itself, or a later call of its client,
 * which raises the floor past it: RPCSharedTable.tla). Counted per server, wherever it ran: RPC.tla's
 * table is its one server process's, so calls to another server on the same node never fill it (a
 * table shared by a node's servers forgets early: `rpc/neighbour-server-evicts-nothing`), and a migrating
 * server takes its table along.
 */
export function forgottenUnjustified(index: HistoryIndex, call: IndexedCall, dedupCapacity: number): string | undefined {
  if (call.op.semantics !== 'at-most-once') return `failed with 'forgotten', which answers only an at-most-once call, not ${call.op.semantics}`;
  const byNs = call.completeNs!;
  const server = index.callStarted(call.op.callId)?.event.server; // undefined: never started, any server
  const atMostOnce = new Set([
    ...index.opsOf('call').filter((c) => c.op.semantics === 'at-most-once').map((c) => c.op.callId),
    ...index.eventsOf('CallStarted').filter((e) => e.event.semantics === 'at-most-once').map((e) => e.event.callId),
  ]);
  const others = new Set(
    index.eventsOf('Executed').filter((e) => e.timeNs <= byNs && e.event.callId !== call.op.callId && atMostOnce.has(e.event.callId) && (server === undefined || e.event.server === server)).map((e) => e.event.callId),
  );
  if (others.size >= dedupCapacity) return undefined;
  const where = server === undefined ? 'any server' : `its server ${server}`;
  return `failed with 'forgotten', but only ${others.size} other at-most-once call(s) had executed on ${where} by then, fewer than dedupCapacity (${dedupCapacity}): its server's table had not overflowed`;
}

/**
 * PROTOCOL.md, Errors: `not_found` (definite) is "no process or name by that identifier". So a call
 * fails with not_found only if its server was not live at some instant of the call (a pid not yet
 * spawned, exited or lost in a crash; a name no live process held throughout). And in a run without
 * faults, a call to a server every node knows is gone before the call was issued (its exit
 * answered, its node restarted since its crash; a name never registered, or only to such processes)
 * fails with not_found: no partition, loss or crash explains another answer, and no server can
 * execute it (spec/rpc/README.md: a definite error is a call that never reached a server).
 */
export function checkCallNotFoundIffAbsent(index: HistoryIndex, faultFree: boolean): Violation[] {
  const violations: Violation[] = [];
  for (const call of index.opsOf('call')) {
    const outcome = call.outcome;
    if (outcome === undefined || outcome.kind === 'lost') continue;
    const to = call.op.to;
    const target = to.kind === 'pid' ? to.pid : `name '${to.name}'`;
    const notFound = outcome.kind === 'error' && outcome.code === 'not_found';
    const wrong = (why: string, entries: number[] = []) =>
      violations.push({ property: 'CallNotFoundIffAbsent', message: `call '${call.op.callId}' to ${target} ${why}`, timeNs: call.completeNs, entries: [call.invokeIndex, ...entries, call.completeIndex!] });
    const gone = (pid: string): boolean => {
      const life = index.lifeOf(pid);
      return life === undefined || (life.diedNs !== undefined && life.diedNs < call.invokeNs && index.knownStopped(pid, life, call.invokeIndex));
    };
    const live = notFound ? liveThroughout(index, call, index.callStarted(call.op.callId)?.event.server) : undefined;
    if (live !== undefined) wrong(`failed with not_found, but ${live}`);
    if (!faultFree || notFound) continue;
    const absent =
      to.kind === 'pid'
        ? gone(to.pid)
        : index.opsOf('register').every((r) => r.op.name !== to.name || r.invokeNs > call.completeNs! || (r.completeNs! < call.invokeNs && ((r.outcome?.kind === 'error' && r.outcome.definite) || gone(r.op.pid))));
    const answered = outcome.kind === 'ok' ? 'returned a result' : `failed with '${outcome.code}'`;
    if (absent) wrong(`${answered}, but ${to.kind === 'pid' ? 'it had stopped' : 'no live process held the name'} before the call was issued, in a run without faults: the answer is not_found`);
  }
  return violations;
}

/**
 * Why `call`'s server was live throughout the call, if it was: the pid it resolved to (CallStarted)
 * or was addressed to, live from before the call to its end; or, for a name never resolved, a
 * holder of the name throughout. Undefined if the server was not live at some instant of the call.
 */
function liveThroughout(index: HistoryIndex, call: IndexedCall, server: string | undefined): string | undefined {
  const to = call.op.to;
  const pid = server ?? (to.kind === 'pid' ? to.pid : undefined);
  if (pid !== undefined) {
    const life = index.lifeOf(pid);
    return life !== undefined && life.bornNs < call.invokeNs && (life.diedNs === undefined || life.diedNs > call.completeNs!) ? `its server ${pid} was live throughout` : undefined;
  }
  if (to.kind !== 'name') return undefined;
  const [holder] = index.registrationsHeldThroughout(to.name, call.invokeNs, call.completeNs!);
  return holder === undefined ? undefined : `${holder.op.pid} held the name '${to.name}' throughout (register, operation ${holder.opId})`;
}

/** How `pid` was stopped by `atNs`, if it was: never spawned, exited, or lost in its node's crash. */
function serverStoppedBy(index: HistoryIndex, pid: string, atNs: number): 'unborn' | 'exit' | 'crash' | undefined {
  const spawned = index.eventsOf('Spawned').find((e) => e.event.pid === pid);
  if (spawned === undefined || spawned.timeNs > atNs) return 'unborn';
  if (index.crashedBetween(spawned.event.node, spawned.timeNs, atNs)) return 'crash';
  if (index.eventsOf('Exited').some((e) => e.event.pid === pid && e.timeNs <= atNs)) return 'exit';
  return undefined;
}

/**
 * RPC.tla EveryCallEnds ("every call whose client does not crash ends"), with PROTOCOL.md's bound:
 * "a call with no reply by params.callTimeoutNs ends with timeout". The clock starts when the call
 * is accepted (CallStarted: a call to a name is accepted once the name is resolved) or, without
 * that event, when it was issued; one retry interval of slack covers the step that notices the
 * deadline. Only a crash of the client's node excuses a call that runs on (its outcome is lost).
 */
export function checkCallsEndInTime(index: HistoryIndex, context: { callTimeoutNs: number; retryIntervalNs: number }): Violation[] {
  const violations: Violation[] = [];
  for (const call of index.opsOf('call')) {
    if (call.outcome?.kind === 'lost') continue;
    const fromNs = index.callStarted(call.op.callId)?.timeNs ?? call.invokeNs;
    const deadlineNs = fromNs + context.callTimeoutNs + context.retryIntervalNs;
    const endNs = call.completeNs ?? index.endNs;
    if (endNs <= deadlineNs || index.crashedBetween(call.node, call.invokeNs, deadlineNs)) continue;
    violations.push({
      property: 'CallsEndInTime',
      message: `call '${call.op.callId}', accepted at ${fromNs} ns, ${call.completeNs === undefined ? `had not ended at ${endNs} ns, the end of the run` : `ended at ${endNs} ns`}: past its deadline of ${deadlineNs} ns (callTimeoutNs ${context.callTimeoutNs} + retryIntervalNs ${context.retryIntervalNs})`,
      timeNs: deadlineNs,
      entries: [call.invokeIndex, ...(call.completeIndex !== undefined ? [call.completeIndex] : [])],
    });
  }
  return violations;
}

/** RPC.tla: only the fault actions (Lost, crashes) lead to a refusal; without them every call ends with its reply. */
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
