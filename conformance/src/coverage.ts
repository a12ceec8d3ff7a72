// What a run reached, read off its history, so that a report shows the gaps of a workload: the
// actions of spec/messaging and spec/rpc it exercised, and the implementation's behaviours — each
// operation kind with each way it ended, and each fault the network applied. The suite cannot see
// inside a port, so a branch of an implementation counts as reached when its observable outcome
// is in the history (a `not_found` answer to a lookup, a packet dropped by a partition). The
// in-process reference kernel's own branches, per run, are kernel-coverage.ts's.
import type { History } from './history.js';

/** Each spec action with the history evidence that it happened (the spec's names, spec/*.tla). */
export const specActions = {
  messaging: {
    Spawned: 'a Spawned event',
    Exited: 'an Exited event',
    Registered: 'a Registered event',
    Sent: 'a Sent event of a send to a pid',
    SentToName: 'a Sent event of a send to a name',
    Delivered: 'a Delivered event',
    Discarded: 'a message sent to a process that exited before it was delivered',
    Lost: 'a message never delivered whose receiver did not exit (lost in a crash)',
  },
  rpc: {
    CallStarted: 'a CallStarted event',
    CallRetried: 'a CallRetried event',
    ReplyReceived: 'a ReplyReceived event',
    CallFailed: "a CallFailed event with 'crashed' (the client took a refusal)",
    CallTimedOut: "a CallFailed event with 'timeout'",
    CallUnavailable: "a CallFailed event with 'unavailable'",
    Executed: 'an Executed event',
    DuplicateSuppressed: 'a DuplicateSuppressed event',
    Refused: "a call failed with 'crashed' (the server could not prove it new)",
    Lost: 'a packet dropped while a call was in progress',
    ClientCrashed: 'a crash of the node of a client with a call in progress',
    ClientRestarted: 'a restart of a node whose client crashed with a call in progress',
    ServerCrashed: 'a crash of the node of a server of a call started before',
    ServerRestarted: 'a restart of a node whose server crashed',
  },
} as const;
/** Spec actions no history shows: StaleAnswerDropped (a client ignoring a late answer) leaves no entry. */
export const unobservableActions = { messaging: [], rpc: ['StaleAnswerDropped'] } as const;

export type SpecModule = keyof typeof specActions;

/** RPC.tla ends a call without a reply three ways; a failure with another code is no spec action. */
const callFailedAction = new Map<string, keyof typeof specActions.rpc>([['crashed', 'CallFailed'], ['timeout', 'CallTimedOut'], ['unavailable', 'CallUnavailable']]);

/** Points reached, as sorted names: `messaging:Sent`, `rpc:Executed`; `lookup:ok`, `call:error:timeout`, `send:lost`; `fault:crash`, `drop:partition`. */
export interface Coverage {
  spec: string[];
  outcomes: string[];
  faults: string[];
}

export function emptyCoverage(): Coverage {
  return { spec: [], outcomes: [], faults: [] };
}

/** The points one history reached. */
export function historyCoverage(history: History): Coverage {
  const spec = new Set<string>();
  const outcomes = new Set<string>();
  const faults = new Set<string>();
  const opKind = new Map<number, string>();
  const sendTarget = new Map<string, 'pid' | 'name'>();
  const sent = new Map<string, string>(); // msgId → receiver
  const delivered = new Set<string>();
  const exitedAt = new Map<string, number>();
  const callNode = new Map<string, { client: string; serverNode: string | undefined }>();
  const pending = new Set<string>();
  const spawnedOn = new Map<string, string>();
  const clientsCrashed = new Set<string>();
  const serversCrashed = new Set<string>();
  for (const [i, e] of history.entries()) {
    switch (e.kind) {
      case 'invoke':
        opKind.set(e.opId, e.op.kind);
        if (e.op.kind === 'send') sendTarget.set(e.op.msgId, e.op.to.kind);
        break;
      case 'complete': {
        const kind = opKind.get(e.opId) ?? 'unknown';
        outcomes.add(e.outcome.kind === 'error' ? `${kind}:error:${e.outcome.code}` : `${kind}:${e.outcome.kind}`);
        break;
      }
      case 'event': {
        const ev = e.event;
        const module: SpecModule | undefined = ev.kind in specActions.messaging ? 'messaging' : ev.kind in specActions.rpc ? 'rpc' : undefined;
        if (ev.kind === 'Sent') {
          spec.add(`messaging:${sendTarget.get(ev.msgId) === 'name' ? 'SentToName' : 'Sent'}`);
          sent.set(ev.msgId, ev.to);
        } else if (ev.kind === 'CallFailed') {
          const action = callFailedAction.get(ev.code);
          if (action !== undefined) spec.add(`rpc:${action}`);
        } else if (module !== undefined) spec.add(`${module}:${ev.kind}`);
        if (ev.kind === 'Spawned') spawnedOn.set(ev.pid, ev.node);
        if (ev.kind === 'Delivered') delivered.add(ev.msgId);
        if (ev.kind === 'Exited') exitedAt.set(ev.pid, i);
        if (ev.kind === 'CallStarted') {
          callNode.set(ev.callId, { client: e.node, serverNode: spawnedOn.get(ev.server) });
          pending.add(ev.callId);
        }
        if (ev.kind === 'ReplyReceived' || ev.kind === 'CallFailed') pending.delete(ev.callId);
        if (ev.kind === 'CallFailed' && ev.code === 'crashed') spec.add('rpc:Refused');
        break;
      }
      case 'packet-dropped':
        faults.add(`drop:${e.reason}`);
        if (pending.size > 0) spec.add('rpc:Lost');
        break;
      case 'crash':
        faults.add('fault:crash');
        for (const id of pending) {
          const call = callNode.get(id)!;
          if (call.client === e.node) {
            spec.add('rpc:ClientCrashed');
            clientsCrashed.add(e.node);
          }
        }
        for (const call of callNode.values()) {
          if (call.serverNode === e.node) {
            spec.add('rpc:ServerCrashed');
            serversCrashed.add(e.node);
          }
        }
        break;
      case 'restart':
        faults.add('fault:restart');
        if (clientsCrashed.delete(e.node)) spec.add('rpc:ClientRestarted');
        if (serversCrashed.delete(e.node)) spec.add('rpc:ServerRestarted');
        break;
      case 'partition':
        faults.add('fault:partition');
        break;
      case 'heal':
        faults.add('fault:heal');
        break;
      case 'skipped':
        outcomes.add('skipped');
        break;
      case 'packet-sent':
      case 'packet-delivered':
        break;
    }
  }
  for (const [msgId, to] of sent) {
    if (delivered.has(msgId)) continue;
    spec.add(exitedAt.has(to) ? 'messaging:Discarded' : 'messaging:Lost');
  }
  return { spec: [...spec].sort(), outcomes: [...outcomes].sort(), faults: [...faults].sort() };
}

/** The points reached by any of the runs. */
export function mergeCoverage(a: Coverage, b: Coverage): Coverage {
  const union = (x: string[], y: string[]) => [...new Set([...x, ...y])].sort();
  return { spec: union(a.spec, b.spec), outcomes: union(a.outcomes, b.outcomes), faults: union(a.faults, b.faults) };
}

/** The spec actions of `module` a coverage did not reach (of those a history can show). */
export function missingActions(coverage: Coverage, module: SpecModule): string[] {
  return Object.keys(specActions[module]).filter((action) => !coverage.spec.includes(`${module}:${action}`));
}
