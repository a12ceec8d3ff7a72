// The client half of RPC: a pending call per call id, retransmitted every `retryIntervalNs`
// until a reply comes or `callTimeoutNs` passes. Calls are numbered per client process so that
// servers can keep bounded dedup state (see dedup-table.ts).
import type { RpcSemantics } from '../../../conformance/protocol/index.js';
import type { NodeId, Pid, JsonValue } from '../ids.js';
import type { KernelPacket } from '../packets.js';
import type { Requester } from '../quotas/tenants.js';
import type { StepContext } from '../step-context.js';

/** What the kernel asks the client to start: the call and where its server lives. */
export interface CallRequest {
  opId: number;
  callId: string;
  client: Pid;
  server: Pid;
  serverNode: NodeId;
  semantics: RpcSemantics;
  args: JsonValue;
  /** The server node's incarnation as this kernel knows it now. */
  serverInc: number;
  /** Tenant isolation: the client's account and the capability the call presented, judged where the server runs. */
  asker?: Requester;
}

/** A call in flight: the request and the client's retry state. */
export interface PendingCall extends Omit<CallRequest, 'serverInc'> {
  seq: number;
  attempt: number;
  serverIncSeen: number;
  deadlineNs: number;
}

export interface RpcClientState {
  /** In start order (Map iteration order), which the `reply-to-wrong-process` mutant abuses. */
  calls: Map<string, PendingCall>;
  nextSeq: Map<Pid, number>;
  /** Used only by the `done-below-from-highest-completed` bug: each client's highest completed seq. */
  highestDone: Map<Pid, number>;
}

export function emptyRpcClientState(): RpcClientState {
  return { calls: new Map(), nextSeq: new Map(), highestDone: new Map() };
}

export function rpcTimerId(callId: string): string {
  return `rpc/${callId}`;
}

/** The lowest seq among the client's calls still pending: the server may forget those below. */
function doneBelow(state: RpcClientState, ctx: StepContext, client: Pid): number {
  // The bug: the highest completed call is taken for the end of a completed prefix.
  if (ctx.mutantIs('done-below-from-highest-completed')) return (state.highestDone.get(client) ?? -1) + 1;
  let lowest = state.nextSeq.get(client) ?? 0;
  for (const call of state.calls.values()) if (call.client === client && call.seq < lowest) lowest = call.seq;
  return lowest;
}

function transmitRequest(state: RpcClientState, ctx: StepContext, call: PendingCall): void {
  ctx.transmit(call.serverNode, {
    kind: 'rpc-request', srcInc: ctx.incarnation, callId: call.callId, client: call.client, server: call.server,
    semantics: call.semantics, seq: call.seq, doneBelow: doneBelow(state, ctx, call.client),
    serverIncSeen: call.serverIncSeen, attempt: call.attempt, args: call.args, ...(call.asker ? { asker: call.asker } : {}),
  });
  // The `rpc-retry-timer-uses-deadline` bug arms the retry timer for the rest of the deadline (max for min): no retransmission.
  ctx.setTimer(rpcTimerId(call.callId), (ctx.mutantIs('rpc-retry-timer-uses-deadline') ? Math.max : Math.min)(ctx.params.retryIntervalNs, call.deadlineNs - ctx.nowNs));
}

export function startCall(state: RpcClientState, ctx: StepContext, request: CallRequest): void {
  if (state.calls.has(request.callId)) {
    ctx.fail(request.opId, 'bad_request', `call id '${request.callId}' is already in progress; call ids must be unique`);
    return;
  }
  const pendingOfClient = [...state.calls.values()].filter((c) => c.client === request.client).length;
  const seq = ctx.mutantIs('call-seq-from-pending-count') ? pendingOfClient : (state.nextSeq.get(request.client) ?? 0);
  if (!ctx.mutantIs('call-seq-from-pending-count')) state.nextSeq.set(request.client, seq + 1);
  const call: PendingCall = {
    opId: request.opId, callId: request.callId, client: request.client, server: request.server, serverNode: request.serverNode,
    semantics: request.semantics, seq, attempt: 1, serverIncSeen: request.serverInc,
    deadlineNs: ctx.nowNs + (ctx.mutantIs('deadline-uses-retry-interval') ? ctx.params.retryIntervalNs : ctx.params.callTimeoutNs), args: request.args,
    ...(request.asker ? { asker: request.asker } : {}),
  };
  state.calls.set(call.callId, call);
  ctx.event({ kind: 'CallStarted', callId: call.callId, client: call.client, server: call.server, semantics: call.semantics });
  transmitRequest(state, ctx, call);
}

export function onCallTimer(state: RpcClientState, ctx: StepContext, callId: string): void {
  const call = state.calls.get(callId);
  if (call === undefined) return;
  if (ctx.nowNs >= call.deadlineNs) {
    if (!ctx.mutantIs('late-reply-after-timeout')) state.calls.delete(callId);
    ctx.event({ kind: 'CallFailed', callId, code: 'timeout' });
    ctx.fail(call.opId, 'timeout', `no reply from ${call.server} within ${ctx.params.callTimeoutNs} ns after ${call.attempt} attempts; the call may have executed`);
    return;
  }
  call.attempt++;
  if (ctx.mutantIs('retry-gets-new-seq')) {
    // The bug: a retransmission is numbered as a new call, so the server cannot recognise it.
    call.seq = state.nextSeq.get(call.client) ?? 0;
    state.nextSeq.set(call.client, call.seq + 1);
  }
  if (ctx.mutantIs('deadline-restarts-each-retry')) call.deadlineNs = ctx.nowNs + ctx.params.callTimeoutNs;
  ctx.event({ kind: 'CallRetried', callId, attempt: call.attempt });
  transmitRequest(state, ctx, call);
}

export function onReply(state: RpcClientState, ctx: StepContext, reply: Extract<KernelPacket, { kind: 'rpc-reply' }>): void {
  const call = ctx.mutantIs('reply-to-wrong-process')
    ? [...state.calls.values()].find((c) => c.server === reply.server) // the bug: matches on the server, not the call id
    : state.calls.get(reply.callId);
  // No pending call: a duplicate reply, or an orphan reply for a call lost in this node's crash.
  if (call === undefined || (!ctx.mutantIs('reply-to-wrong-process') && call.client !== reply.client)) return;
  state.calls.delete(call.callId);
  state.highestDone.set(call.client, Math.max(call.seq, state.highestDone.get(call.client) ?? -1));
  const outcome = reply.outcome;
  switch (outcome.kind) {
    case 'result':
      ctx.event({ kind: 'ReplyReceived', callId: call.callId, client: call.client, result: outcome.result });
      ctx.reply(call.opId, { result: outcome.result });
      return;
    case 'error': {
      // After a retransmission, "no such process" may follow an execution of an earlier copy.
      const code = outcome.code === 'not_found' && call.attempt > 1 && !ctx.mutantIs('not-found-after-retry') ? 'unavailable' : outcome.code;
      ctx.event({ kind: 'CallFailed', callId: call.callId, code });
      ctx.fail(call.opId, code, outcome.text);
      return;
    }
  }
}
