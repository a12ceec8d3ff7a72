// Trace validation of RPC histories against the executable spec (spec/rpc/RPC.tla, through the
// TLA+ toolchain's loadModel): does some behaviour of the spec explain the reported events, in
// the order the suite observed them? Unreported spec steps (packet moves, losses, duplications,
// retries, refusals, answers from the dedup table) may happen between observed events; each
// observed event (CallStarted, Executed, ReplyReceived, CallFailed, and the suite's crashes and
// restarts) must be a spec step with exactly the effect it reports on the observable variables.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../../tools/tla/load.js';
import type { Model, State } from '../../../tools/tla/check/model.js';
import type { History } from '../history.js';
import type { RpcSemantics } from '../../protocol/index.js';
import { jsonEqual } from './history-index.js';
import { sourceDir } from '../source-dir.js';

export type TraceValidation =
  | { kind: 'explained'; events: number; statesExplored: number }
  | { kind: 'unexplained'; entry: number; explained: number; message: string }
  | { kind: 'not-applicable'; reason: string }
  | { kind: 'unknown'; reason: string };

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
const models = new Map<string, Promise<Model>>();

export async function validateRpcTrace(history: History, options: TraceValidationOptions): Promise<TraceValidation> {
  const scoped = scope(history);
  if (scoped.kind !== 'in-scope') return scoped;
  const { observed, clients, semantics, calls } = scoped;
  const crashes = observed.filter((o) => o.kind === 'ServerCrashed' || o.kind === 'ClientCrashed').length;
  const netFaults = Math.min(10, 1 + history.filter((e) => e.kind === 'event' && (e.event.kind === 'Executed' || e.event.kind === 'DuplicateSuppressed')).length);
  const config = [
    'CONSTANTS',
    `  Semantics = "${semantics}"`,
    `  Clients = {${clients.join(', ')}}`,
    `  MaxCalls = ${calls}`,
    `  DedupCapacity = ${options.dedupCapacity}`,
    `  MaxNetFaults = ${netFaults}`,
    `  MaxCrashes = ${crashes}`,
    'INIT Init',
    'NEXT Next',
    'CHECK_DEADLOCK FALSE',
    '',
  ].join('\n');
  const model = await specModel(config);
  const maxStates = options.maxStates ?? 100_000;
  let frontier = new Map<bigint, State>();
  for (const s of model.initialStates()) frontier.set(model.fingerprint(s), s);
  let explored = 0;
  for (const [k, step] of observed.entries()) {
    const closure = internalClosure(model, frontier, maxStates);
    if (closure === undefined) return { kind: 'unknown', reason: `more than ${maxStates} spec states before history entry ${step.entry}` };
    explored += closure.size;
    const next = new Map<bigint, State>();
    for (const s of closure.values()) {
      const before = project(model, s);
      const expected = expectedAfter(before, step);
      if (expected === undefined) continue;
      for (const succ of model.successors(s)) {
        if (jsonEqual(project(model, succ.state), expected)) next.set(model.fingerprint(succ.state), succ.state);
      }
    }
    if (next.size === 0) {
      return {
        kind: 'unexplained',
        entry: step.entry,
        explained: k,
        message: `no behaviour of ${SPEC} (Semantics = "${semantics}") explains ${describe(step)} after the ${k} events before it`,
      };
    }
    frontier = next;
  }
  return { kind: 'explained', events: observed.length, statesExplored: explored };
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

/** Every state reachable from `frontier` by steps that change no observable variable. */
function internalClosure(model: Model, frontier: Map<bigint, State>, maxStates: number): Map<bigint, State> | undefined {
  const seen = new Map(frontier);
  const queue = [...frontier.values()];
  while (queue.length > 0) {
    const s = queue.pop()!;
    const before = project(model, s);
    for (const succ of model.successors(s)) {
      const fp = model.fingerprint(succ.state);
      if (seen.has(fp) || !jsonEqual(project(model, succ.state), before)) continue;
      seen.set(fp, succ.state);
      if (seen.size > maxStates) return undefined;
      queue.push(succ.state);
    }
  }
  return seen;
}

function project(model: Model, state: State): Projection {
  const itf = model.stateToITF(state);
  const v = (name: string) => plain(itf[name]);
  return {
    calls: v('calls') as string[],
    callState: v('callState') as string[],
    outcome: v('outcome') as number[],
    execCount: v('execCount') as number[],
    current: v('current') as Record<string, number>,
    clientUp: v('clientUp') as Record<string, boolean>,
    serverUp: v('serverUp') as boolean,
    crashes: v('crashes') as number,
  };
}

/** ITF JSON to plain values: tuples to arrays, maps to objects, bigints to numbers, model values to names. */
function plain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const o = value as Record<string, unknown>;
  if ('#bigint' in o) return Number(o['#bigint']);
  if ('#unserializable' in o) return o['#unserializable'];
  if ('#tup' in o) return (o['#tup'] as unknown[]).map(plain);
  if ('#set' in o) return (o['#set'] as unknown[]).map(plain);
  if ('#map' in o) return Object.fromEntries((o['#map'] as [unknown, unknown][]).map(([k, x]) => [String(plain(k)), plain(x)]));
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, plain(x)]));
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

/** Models are cached by configuration: tests with the same constants share one. */
function specModel(config: string): Promise<Model> {
  let model = models.get(config);
  if (model === undefined) {
    const dir = mkdtempSync(join(tmpdir(), 'cloudos-trace-'));
    const file = join(dir, 'RPC.cfg');
    writeFileSync(file, config);
    model = loadModel({ spec: sourceDir(SPEC), config: file, mode: 'interpreted' });
    models.set(config, model);
  }
  return model;
}
