// Trace validation of RPC histories against spec/rpc/RPC.tla: the observed steps are the
// CallStarted, Executed, ReplyReceived and CallFailed events and the suite's crashes and
// restarts; packet moves, losses, duplications, retries, refusals and answers from the dedup
// table are unobserved spec steps (trace-search.ts does the search).
import type { History } from '../history.js';
import type { RpcSemantics } from '../../protocol/index.js';
import { explainTrace, specModel, type TraceValidation } from './trace-search.js';

/** A spec step the history reports, with the spec's call id (1, 2, ... in start order) and client. */
type Observed =
  | { kind: 'CallStarted'; entry: number; id: number; client: string }
  | { kind: 'Executed'; entry: number; id: number }
  | { kind: 'ReplyReceived'; entry: number; id: number; client: string }
  | { kind: 'CallFailed'; entry: number; id: number; client: string }
  | { kind: 'ServerCrashed' | 'ServerRestarted'; entry: number }
  | { kind: 'ClientCrashed' | 'ClientRestarted'; entry: number; client: string };

/** The spec's variables that observed steps change; internal steps leave all of them alone. */
interface Projection {
  calls: string[];
  callState: string[];
  outcome: number[];
  execCount: number[];
  current: Record<string, number>;
  clientUp: Record<string, boolean>;
  serverUp: boolean;
  crashes: number;
}

export interface TraceValidationOptions {
  dedupCapacity: number;
  /** Bound on spec states explored between two observed events; beyond it the result is unknown. */
  maxStates?: number;
}

const SPEC = 'spec/rpc/RPC.tla';
/** Arguments of call id in the spec (Args(id) == 100 + id). */
const specArgs = (id: number) => 100 + id;

export type { TraceValidation };

export async function validateRpcTrace(history: History, options: TraceValidationOptions): Promise<TraceValidation> {
  const scoped = scope(history);
  if (scoped.kind !== 'in-scope') return scoped;
  const { observed, clients, semantics, calls } = scoped;
  const crashes = observed.filter((o) => o.kind === 'ServerCrashed' || o.kind === 'ClientCrashed').length;
  const netFaults = Math.min(10, 1 + history.filter((e) => e.kind === 'event' && (e.event.kind === 'Executed' || e.event.kind === 'DuplicateSuppressed')).length);
  const model = await specModel(SPEC, {
    Semantics: JSON.stringify(semantics),
    Clients: `{${clients.join(', ')}}`,
    MaxCalls: calls,
    DedupCapacity: options.dedupCapacity,
    MaxNetFaults: netFaults,
    MaxCrashes: crashes,
  });
  return explainTrace(model, observed, { spec: `${SPEC} (Semantics = "${semantics}")`, project, expectedAfter, describe }, options.maxStates ?? 100_000);
}

type Scoped = { kind: 'in-scope'; observed: Observed[]; clients: string[]; semantics: RpcSemantics; calls: number } | { kind: 'not-applicable'; reason: string };

/** The spec covers one server, one semantics, and clients with one outstanding call each. */
function scope(history: History): Scoped {
  const specId = new Map<string, number>();
  const clientName = new Map<string, string>();
  const servers = new Set<string>();
  const semantics = new Set<RpcSemantics>();
  const nodeOfPid = new Map<string, string>();
  const waiting = new Map<string, string>();
  const observed: Observed[] = [];
  const onNode = (node: string) => [...clientName].filter(([pid]) => nodeOfPid.get(pid) === node).map(([, name]) => name);
  let server: string | undefined;
  let serverDown = false;
  const downClients = new Set<string>();
  for (const [entry, e] of history.entries()) {
    if (e.kind === 'crash' || e.kind === 'restart') {
      const crash = e.kind === 'crash';
      if (server !== undefined && nodeOfPid.get(server) === e.node && serverDown !== crash) {
        serverDown = crash;
        observed.push({ kind: crash ? 'ServerCrashed' : 'ServerRestarted', entry });
      }
      for (const client of onNode(e.node)) {
        if (downClients.has(client) === crash) continue;
        if (crash) downClients.add(client);
        else downClients.delete(client);
        observed.push({ kind: crash ? 'ClientCrashed' : 'ClientRestarted', entry, client });
      }
      continue;
    }
    if (e.kind !== 'event') continue;
    const event = e.event;
    switch (event.kind) {
      case 'Spawned':
        nodeOfPid.set(event.pid, event.node);
        break;
      case 'CallStarted': {
        servers.add(event.server);
        semantics.add(event.semantics);
        server = event.server;
        if (waiting.has(event.client)) return { kind: 'not-applicable', reason: `${event.client} started '${event.callId}' while '${waiting.get(event.client)}' was outstanding; the spec allows one call per client at a time` };
        if (!clientName.has(event.client)) clientName.set(event.client, `c${clientName.size + 1}`);
        specId.set(event.callId, specId.size + 1);
        waiting.set(event.client, event.callId);
        observed.push({ kind: 'CallStarted', entry, id: specId.get(event.callId)!, client: clientName.get(event.client)! });
        break;
      }
      case 'Executed':
        observed.push({ kind: 'Executed', entry, id: specId.get(event.callId) ?? 0 });
        break;
      case 'ReplyReceived':
      case 'CallFailed': {
        const client = [...waiting].find(([, callId]) => callId === event.callId)?.[0];
        if (event.kind === 'CallFailed' && event.code !== 'crashed') {
          return { kind: 'not-applicable', reason: `'${event.callId}' failed with '${event.code}'; the spec ends calls only with a reply or a refusal ('crashed')` };
        }
        if (client !== undefined) waiting.delete(client);
        const name = client === undefined ? '?' : clientName.get(client)!;
        observed.push({ kind: event.kind, entry, id: specId.get(event.callId) ?? 0, client: name });
        break;
      }
      default:
        break;
    }
  }
  if (specId.size === 0) return { kind: 'not-applicable', reason: 'no calls' };
  if (servers.size > 1) return { kind: 'not-applicable', reason: `calls to ${servers.size} servers; the spec has one` };
  if (semantics.size > 1) return { kind: 'not-applicable', reason: `calls with ${[...semantics].join(' and ')}; the spec checks one semantics per run` };
  // Crashes before the server or a client existed leave the spec alone; drop steps on unknown processes.
  return { kind: 'in-scope', observed, clients: [...clientName.values()], semantics: [...semantics][0]!, calls: specId.size };
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
      if (step.id === 0) return undefined;
      a.execCount[step.id - 1]! += 1;
      return a;
    case 'ReplyReceived':
    case 'CallFailed':
      if (step.id === 0 || !(step.client in a.current)) return undefined;
      a.callState[step.id - 1] = step.kind === 'ReplyReceived' ? 'done' : 'failed';
      if (step.kind === 'ReplyReceived') a.outcome[step.id - 1] = specArgs(step.id);
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
    case 'ClientRestarted':
      a.clientUp[step.client] = true;
      return a;
  }
}

function project(v: Record<string, unknown>): Projection {
  return {
    calls: v.calls as string[],
    callState: v.callState as string[],
    outcome: v.outcome as number[],
    execCount: v.execCount as number[],
    current: v.current as Record<string, number>,
    clientUp: v.clientUp as Record<string, boolean>,
    serverUp: v.serverUp as boolean,
    crashes: v.crashes as number,
  };
}

function describe(step: Observed): string {
  const at = `(history entry ${step.entry})`;
  switch (step.kind) {
    case 'CallStarted': return `CallStarted of call ${step.id} by ${step.client} ${at}`;
    case 'Executed': return step.id === 0 ? `an Executed event for a call never started ${at}` : `Executed of call ${step.id} ${at}`;
    case 'ReplyReceived':
    case 'CallFailed': return `${step.kind} of call ${step.id} by ${step.client} ${at}`;
    case 'ServerCrashed':
    case 'ServerRestarted': return `${step.kind} ${at}`;
    case 'ClientCrashed':
    case 'ClientRestarted': return `${step.kind} of ${step.client} ${at}`;
  }
}
