// Trace validation of RPC histories against spec/rpc/RPC.tla. The spec has one server, one
// semantics and clients with one outstanding call each, so a run is split into parts, each an
// independent instance of the spec with one call and its client: calls share nothing but the
// server's crashes and its table, and the table ties them only where it overflows (at-least-once
// keeps none; exactly-once never evicts; at-most-once holds DedupCapacity calls). There, an
// at-most-once server with more calls than its table holds, each call is an instance of
// RPCSharedTable.tla: RPC.tla whose server may forget the call at any moment, its floor raised past
// it, since another call may evict it (whichever a correct server evicts: the reference kernel the
// entry it executed first, with a floor per client that also passes the client's earlier calls).
// One instance per server, where RPC.tla's own eviction would decide, had two faults: the search
// over every call's packets at once did not end in minutes (rpc/generated-small-dedup seed 1), and
// RPC.tla's policy (the lowest call id, one floor for every client) is not the only correct one.
// What is still checked there: a call executes at most once and never after a refusal, a reply
// follows an execution, a call ends once; a refusal itself is always safe at most once.
// The observed steps are the CallStarted, Executed, ReplyReceived and CallFailed events (a failure
// with `timeout` or `unavailable` is the client's give-up, CallTimedOut or CallUnavailable, and so is
// `crashed` for a call RPC.tla's restarted server would still serve: see scope; any other indefinite
// failure, `crashed` after a restart or `forgotten` after an eviction, is the server's refusal:
// RPC.tla names no error codes, only a `refused` packet and CallFailed) and the
// suite's crashes and restarts (a node's crash is the crash of every client and of every
// server on it); packet moves, losses, duplications, retries, refusals and answers from the dedup
// table are unobserved spec steps. A call that ended with a definite error (`not_found`) never reached
// a server (PROTOCOL.md, Errors: it "certainly did not take effect"), so it is no call of the spec: it
// is left out, and any step it still shows (an execution, a reply) is unexplained. trace-search.ts orders the steps by causality and searches.
import type { History } from '../history.js';
import { errorCodes, type RpcSemantics, type TraceEvent } from '../../protocol/index.js';
import { explainTrace, specModel, type Observation, type TraceValidation } from './trace-search.js';

/** A spec step the history reports, in its part: the spec's call 1 by client c1, or the server's crash or restart. */
type Observed = Observation &
  (
    | { kind: 'CallStarted'; id: number; client: string }
    | { kind: 'Executed'; id: number }
    | { kind: 'ReplyReceived'; id: number; client: string }
    | { kind: 'CallFailed' | 'CallTimedOut' | 'CallUnavailable'; id: number; client: string; serverGone?: true }
    | { kind: 'ServerCrashed' | 'ServerRestarted' }
    | { kind: 'ClientCrashed'; client: string }
  );

/** The spec's variables that observed steps change; internal steps leave all of them alone. */
interface Projection {
  calls: string[];
  callState: string[];
  outcome: number[];
  endings: number[];
  execCount: number[];
  current: Record<string, number>;
  clientUp: Record<string, boolean>;
  serverUp: boolean;
  crashes: number;
}

export interface TraceValidationOptions {
  dedupCapacity: number;
  /** Bound on spec states (per model) and on cuts of the run explored; beyond it the result is unknown. */
  maxStates?: number;
}

const SPEC = 'spec/rpc/RPC.tla';
/** The one client of an instance. */
const CLIENT = 'c1';
/** RPC.tla whose at-most-once server may forget a call at any moment (SharedNext). */
const SHARED_TABLE_SPEC = 'conformance/src/checkers/RPCSharedTable.tla';
/** Arguments of call id in the spec (Args(id) == 100 + id). */
const specArgs = (id: number) => 100 + id;

export type { TraceValidation };

/** One instance of the spec: one call, by spec client c1, call id 1. */
interface Part {
  server: string;
  semantics: RpcSemantics;
  /** At most once, to a server whose table may overflow (RPCSharedTable.tla). */
  sharedTable: boolean;
  /** Where its client runs, once the call started. */
  clientNode?: string;
  clientUp: boolean;
  serverUp: boolean;
  crashes: number;
  retries: number;
  /** Calls that ended with `timeout` or `unavailable`, or with `crashed` once their server was gone. */
  giveUps: number;
  /** Whether the server's node has crashed so far in the run (its process is then gone for good). */
  serverCrashed: boolean;
}

export async function validateRpcTrace(history: History, options: TraceValidationOptions): Promise<TraceValidation> {
  const scoped = scope(history, options.dedupCapacity);
  if (scoped.kind !== 'in-scope') return scoped;
  const { observed, parts } = scoped;
  const duplicates = duplicatedDeliveries(history);
  const models = await Promise.all(
    parts.map((part) =>
      specModel(part.sharedTable ? SHARED_TABLE_SPEC : SPEC, {
        Semantics: JSON.stringify(part.semantics),
        Clients: `{${CLIENT}}`,
        MaxCalls: 1,
        DedupCapacity: options.dedupCapacity,
        // A retransmission the spec explains by a loss or an early timeout, and each duplicated packet, cost one fault.
        MaxNetFaults: part.retries + duplicates,
        MaxCrashes: part.crashes,
        MaxGiveUps: part.giveUps,
      }, part.sharedTable ? { next: 'SharedNext', searchPath: ['spec/rpc'] } : {}),
    ),
  );
  const semantics = [...new Set(parts.map((p) => p.semantics))];
  const shared = parts.filter((p) => p.sharedTable).length;
  const what = (parts.length === 1 ? `(Semantics = "${semantics[0]}")` : `(${parts.length} instances; ${semantics.join(', ')})`) + (shared > 0 ? `, ${shared} of a table that may overflow (${SHARED_TABLE_SPEC})` : '');
  return explainTrace(history, models, observed, { spec: `${SPEC} ${what}`, variables: PROJECTED, project, expectedAfter, describe }, options.maxStates ?? 100_000);
}

type Scoped = { kind: 'in-scope'; observed: Observed[]; parts: Part[] } | { kind: 'not-applicable'; reason: string } | Extract<TraceValidation, { kind: 'unexplained' }>;

function scope(history: History, dedupCapacity: number): Scoped {
  // First pass: the calls that may have reached a server, and how many at most once each server has.
  const definite = new Map<string, string>(); // callId → the definite error it ended with
  for (const e of history) if (e.kind === 'event' && e.event.kind === 'CallFailed' && errorCodes[e.event.code].definite) definite.set(e.event.callId, e.event.code);
  const isDefinite = (event: TraceEvent) => event.kind === 'CallFailed' && errorCodes[event.code].definite;
  // A table is its server's (RPC.tla: one server process, one table; PROTOCOL.md: dedupCapacity per
  // server), so only calls to the same server can fill it, whatever else runs on its node.
  const atMostOnce = new Map<string, number>(); // server → its at-most-once calls
  for (const e of history) if (e.kind === 'event' && e.event.kind === 'CallStarted' && !definite.has(e.event.callId) && e.event.semantics === 'at-most-once') atMostOnce.set(e.event.server, (atMostOnce.get(e.event.server) ?? 0) + 1);
  const parts: Part[] = [];
  const partOf = new Map<string, number>(); // callId → its part
  for (const e of history) {
    if (e.kind !== 'event' || e.event.kind !== 'CallStarted' || definite.has(e.event.callId)) continue;
    const { callId, server, semantics } = e.event;
    partOf.set(callId, parts.length);
    const sharedTable = semantics === 'at-most-once' && atMostOnce.get(server)! > dedupCapacity;
    parts.push({ server, semantics, sharedTable, clientUp: true, serverUp: true, crashes: 0, retries: 0, giveUps: 0, serverCrashed: false });
  }

  // Second pass: the observed steps of each part.
  const nodeOfPid = new Map<string, string>();
  const executed = new Set<string>();
  const observed: Observed[] = [];
  for (const [entry, e] of history.entries()) {
    if (e.kind === 'crash' || e.kind === 'restart') {
      const crash = e.kind === 'crash';
      parts.forEach((part, p) => {
        if (nodeOfPid.get(part.server) === e.node && part.serverUp === crash) {
          part.serverUp = !crash;
          if (crash) {
            part.crashes++;
            part.serverCrashed = true;
          }
          observed.push({ kind: crash ? 'ServerCrashed' : 'ServerRestarted', entry, node: e.node, part: p });
        }
        // Client processes die with their node (pids are never reused), so they never restart.
        if (!crash || part.clientNode !== e.node || !part.clientUp) return;
        part.clientUp = false;
        part.crashes++;
        observed.push({ kind: 'ClientCrashed', entry, node: e.node, part: p, client: CLIENT });
      });
      continue;
    }
    if (e.kind !== 'event') continue;
    const event = e.event;
    switch (event.kind) {
      case 'Spawned':
        nodeOfPid.set(event.pid, event.node);
        break;
      case 'CallStarted': {
        const p = partOf.get(event.callId);
        if (p === undefined) break;
        parts[p]!.clientNode = e.node;
        observed.push({ kind: 'CallStarted', entry, node: e.node, part: p, id: 1, client: CLIENT });
        break;
      }
      case 'CallRetried': {
        const p = partOf.get(event.callId);
        if (p !== undefined) parts[p]!.retries++;
        break;
      }
      case 'Executed':
      case 'ReplyReceived':
      case 'CallFailed': {
        const failedDefinitely = definite.get(event.callId);
        if (isDefinite(event)) break;
        const p = partOf.get(event.callId);
        if (p === undefined) {
          const why = failedDefinitely === undefined ? 'a call that was never started' : `a call that failed with the definite error '${failedDefinitely}', so never reached a server`;
          return { kind: 'unexplained', entry, explained: 0, message: `${event.kind} of '${event.callId}' (history entry ${entry}), ${why}` };
        }
        if (event.kind === 'Executed') {
          executed.add(event.callId);
          observed.push({ kind: 'Executed', entry, node: e.node, part: p, id: 1 });
          break;
        }
        const part = parts[p]!;
        if (event.kind === 'CallFailed' && (event.code === 'timeout' || event.code === 'unavailable')) {
          // The client gave up (RPC.tla GiveUp): indefinite, whether or not the call executed.
          part.giveUps++;
          observed.push({ kind: event.code === 'timeout' ? 'CallTimedOut' : 'CallUnavailable', entry, node: e.node, part: p, id: 1, client: CLIENT });
          break;
        }
        // RPC.tla's server comes back after a restart and serves every call, while a cloudOS server
        // process dies with its node and never comes back (pids are never reused). So `crashed` for a
        // call the spec would serve, once the server's node has crashed, is the client learning that
        // its server is gone: the spec's CallUnavailable, indefinite like `crashed`. Any other refusal
        // of such a call is outside the spec.
        if (event.kind === 'CallFailed' && (part.semantics === 'at-least-once' || (part.semantics === 'exactly-once' && !executed.has(event.callId)))) {
          if (event.code !== 'crashed' || !part.serverCrashed) {
            return { kind: 'not-applicable', reason: `${part.semantics} call '${event.callId}' was refused ('${event.code}')${part.serverCrashed ? '' : ' though its server never crashed'}; RPC.tla's server serves every such call` };
          }
          part.giveUps++;
          observed.push({ kind: 'CallUnavailable', entry, node: e.node, part: p, id: 1, client: CLIENT, serverGone: true });
          break;
        }
        observed.push({ kind: event.kind, entry, node: e.node, part: p, id: 1, client: CLIENT });
        break;
      }
      default:
        break;
    }
  }
  return parts.length === 0 ? { kind: 'not-applicable', reason: 'no calls' } : { kind: 'in-scope', observed, parts };
}

/** Deliveries of a packet beyond its first: the network's duplications. */
function duplicatedDeliveries(history: History): number {
  const seen = new Set<number>();
  let duplicates = 0;
  for (const e of history) {
    if (e.kind !== 'packet-delivered') continue;
    if (seen.has(e.packetId)) duplicates++;
    seen.add(e.packetId);
  }
  return duplicates;
}

function expectedAfter(b: Projection, step: Observed): Projection | undefined {
  const a: Projection = structuredClone(b);
  switch (step.kind) {
    case 'CallStarted':
      a.calls.push(step.client);
      a.callState[step.id - 1] = 'pending';
      a.current[step.client] = step.id;
      return a;
    case 'Executed':
      a.execCount[step.id - 1]! += 1;
      return a;
    case 'ReplyReceived':
    case 'CallFailed':
    case 'CallTimedOut':
    case 'CallUnavailable':
      if (!(step.client in a.current)) return undefined;
      a.callState[step.id - 1] = END_STATE[step.kind];
      if (step.kind === 'ReplyReceived') a.outcome[step.id - 1] = specArgs(step.id);
      a.endings[step.id - 1]! += 1;
      a.current[step.client] = 0;
      return a;
    case 'ServerCrashed':
      a.serverUp = false;
      a.crashes += 1;
      return a;
    case 'ServerRestarted':
      a.serverUp = true;
      return a;
    case 'ClientCrashed': {
      const call = a.current[step.client] ?? 0;
      if (call !== 0) a.callState[call - 1] = 'orphan';
      a.current[step.client] = 0;
      a.clientUp[step.client] = false;
      a.crashes += 1;
      return a;
    }
  }
}

/** The spec's callState after each way a call ends at its client. */
const END_STATE = { ReplyReceived: 'done', CallFailed: 'failed', CallTimedOut: 'timeout', CallUnavailable: 'unavailable' } as const;

const PROJECTED = ['calls', 'callState', 'outcome', 'endings', 'execCount', 'current', 'clientUp', 'serverUp', 'crashes'];

function project(v: Record<string, unknown>): Projection {
  return {
    calls: v.calls as string[],
    callState: v.callState as string[],
    outcome: v.outcome as number[],
    endings: v.endings as number[],
    execCount: v.execCount as number[],
    current: v.current as Record<string, number>,
    clientUp: v.clientUp as Record<string, boolean>,
    serverUp: v.serverUp as boolean,
    crashes: v.crashes as number,
  };
}

function describe(step: Observed): string {
  const at = `(history entry ${step.entry}${step.part > 0 ? `, instance ${step.part + 1}` : ''})`;
  switch (step.kind) {
    case 'CallStarted': return `CallStarted of call ${step.id} by ${step.client} ${at}`;
    case 'Executed': return `Executed of call ${step.id} ${at}`;
    case 'ReplyReceived':
    case 'CallFailed':
    case 'CallTimedOut': return `${step.kind} of call ${step.id} by ${step.client} ${at}`;
    case 'CallUnavailable': return `${step.kind} of call ${step.id} by ${step.client}${step.serverGone ? " (answered 'crashed': its server died with its node)" : ''} ${at}`;
    case 'ServerCrashed':
    case 'ServerRestarted': return `${step.kind} ${at}`;
    case 'ClientCrashed': return `${step.kind} of ${step.client} ${at}`;
  }
}
