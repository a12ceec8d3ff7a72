// The server half of RPC: every process serves the echo procedure. At-least-once executes each
// request that arrives; at-most-once suppresses duplicates with a volatile table and refuses
// calls that began before this node's last restart (its table was lost); exactly-once keeps the
// table in durable storage, persisted in the step that executes, so it needs no such refusal.
// Processes die with their node and pids are never reused, so after a restart the only question
// is how to answer: from the durable table (exactly-once) or with an indefinite `crashed`.
import type { NodeId, Pid } from '../ids.js';
import type { KernelPacket, RpcOutcome } from '../packets.js';
import type { StepContext } from '../step-context.js';
import { dedupLookup, dedupRecord, type DedupTable } from './dedup-table.js';

type RpcRequest = Extract<KernelPacket, { kind: 'rpc-request' }>;

export interface RpcServerState {
  atMostOnce: DedupTable;
  exactlyOnce: DedupTable;
}

function sendReply(ctx: StepContext, to: NodeId, request: RpcRequest, outcome: RpcOutcome): void {
  if (outcome.kind === 'result') ctx.event({ kind: 'Replied', callId: request.callId, server: request.server });
  ctx.transmit(to, { kind: 'rpc-reply', srcInc: ctx.incarnation, callId: request.callId, client: request.client, server: request.server, seq: request.seq, outcome });
}

function execute(ctx: StepContext, request: RpcRequest): RpcOutcome {
  ctx.event({ kind: 'Executed', callId: request.callId, server: request.server });
  return { kind: 'result', result: request.args };
}

/**
 * Handles one request copy from node `from`. `isLive` says whether the server process runs
 * here; `clientNodeInc` is the newest incarnation of the client's node this kernel has heard of.
 */
export function serveRequest(state: RpcServerState, ctx: StepContext, from: NodeId, request: RpcRequest, isLive: (pid: Pid) => boolean, clientNodeInc: number): void {
  // Orphan handling: a request from an incarnation of the client's node that has since
  // restarted can never be answered to anyone; executing it would only repeat a side effect.
  if (request.srcInc < clientNodeInc && !ctx.mutantIs('rpc-orphan-executed')) return;
  // The `rpc-restart-check-on-retries-only` bug trusts a first attempt to be new, though the network may have delayed a copy of it.
  const restartedSinceCallBegan = request.serverIncSeen < ctx.incarnation && !(request.attempt === 1 && ctx.mutantIs('rpc-restart-check-on-retries-only'));
  const crashed: RpcOutcome = {
    kind: 'error', code: 'crashed',
    text: `node ${ctx.node} restarted (incarnation ${ctx.incarnation}) since the call began; the call may have executed before the crash`,
  };
  // Not found is definite, so it is only said when no earlier incarnation could have run the call.
  const absent: RpcOutcome = restartedSinceCallBegan ? crashed : { kind: 'error', code: 'not_found', text: `no process ${request.server} on node ${ctx.node}` };
  switch (request.semantics) {
    case 'at-least-once':
      sendReply(ctx, from, request, isLive(request.server) ? execute(ctx, request) : absent);
      return;
    case 'at-most-once':
      // The volatile table died with the earlier incarnation: this request cannot be proved new.
      if (restartedSinceCallBegan) return sendReply(ctx, from, request, crashed);
      serveWithDedup(state.atMostOnce, ctx, from, request, isLive, absent);
      return;
    case 'exactly-once':
      serveWithDedup(ctx.mutantIs('exactly-once-dedup-volatile') ? state.atMostOnce : state.exactlyOnce, ctx, from, request, isLive, absent);
      return;
  }
}

function serveWithDedup(table: DedupTable, ctx: StepContext, from: NodeId, request: RpcRequest, isLive: (pid: Pid) => boolean, notFound: RpcOutcome): void {
  const { server, client, srcInc, seq } = request;
  const seen = dedupLookup(table, ctx, server, client, srcInc, seq, request.doneBelow);
  if (!ctx.mutantIs('rpc-retry-without-dedup')) {
    switch (seen.kind) {
      case 'done':
        ctx.event({ kind: 'DuplicateSuppressed', callId: request.callId, server });
        sendReply(ctx, from, request, { kind: 'result', result: seen.result });
        return;
      case 'below-floor':
        ctx.event({ kind: 'DuplicateSuppressed', callId: request.callId, server });
        // The `rpc-forgotten-call-answered-null` bug answers a call it no longer remembers with an empty result.
        sendReply(ctx, from, request, ctx.mutantIs('rpc-forgotten-call-answered-null') ? { kind: 'result', result: null } : { kind: 'error', code: 'forgotten', text: `server ${server} no longer remembers call ${request.callId}; it may have executed` });
        return;
      case 'new':
        break;
    }
  }
  if (!isLive(server)) {
    sendReply(ctx, from, request, notFound);
    return;
  }
  const outcome = execute(ctx, request);
  if (outcome.kind === 'result') dedupRecord(table, ctx, server, client, srcInc, seq, request.callId, outcome.result, ctx.params.dedupCapacity);
  sendReply(ctx, from, request, outcome);
}
