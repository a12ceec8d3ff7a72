// Trace validation of messaging histories against spec/messaging/Messaging.tla: the observed
// steps are the Spawned, Exited, Registered, Sent and Delivered events, and a node's crash, which
// the spec sees as the exit of every process live on the node (processes die with their node;
// pids are never reused); messages discarded at an exited receiver are unobserved spec steps.
// The network may not lose a message (the spec's fault budget is 0): the suite's losses must be
// hidden by the implementation. trace-search.ts orders the steps by causality and searches.
import type { History } from '../history.js';
import { explainTrace, specModel, type Observation, type TraceValidation } from './trace-search.js';

const SPEC = 'spec/messaging/Messaging.tla';

type Observed = Observation &
  (
    | { kind: 'Spawned'; pid: string; machine: [string, number] }
    | { kind: 'Exited'; pid: string; crash: boolean }
    | { kind: 'Registered'; name: string; pid: string }
    | { kind: 'Sent'; id: number; from: string; to: string }
    | { kind: 'Delivered'; id: number; from: string; to: string }
  );

interface SpecMessage {
  id: number;
  from: string;
  to: string;
}

/** The spec's variables the observed steps change (chan and discarded are the network's). */
interface Projection {
  status: Record<string, string>;
  location: Record<string, unknown>;
  registry: [string, string][];
  received: Record<string, SpecMessage[]>;
  sent: SpecMessage[];
}

export interface MessagingTraceOptions {
  /** Zone of each node: a node is the spec machine <<zone, index within the zone>>. */
  zones: Record<string, string>;
  maxStates?: number;
}

export async function validateMessagingTrace(history: History, options: MessagingTraceOptions): Promise<TraceValidation> {
  const machineOf = machines(options.zones);
  const pidName = new Map<string, string>();
  const nameName = new Map<string, string>();
  // Spec message ids follow the history's order of Sent events (the spec numbers messages in send order).
  const msgId = new Map<string, number>();
  for (const e of history) if (e.kind === 'event' && e.event.kind === 'Sent' && !msgId.has(e.event.msgId)) msgId.set(e.event.msgId, msgId.size + 1);
  const live = new Map<string, string>(); // pid → node
  const bound = new Map<string, string>(); // name → the pid of its last Registered event
  const observed: Observed[] = [];
  const pid = (p: string) => pidName.get(p) ?? '?';
  for (const [entry, e] of history.entries()) {
    if (e.kind === 'crash') {
      for (const [p, node] of live) {
        if (node !== e.node) continue;
        live.delete(p);
        observed.push({ kind: 'Exited', entry, node: e.node, part: 0, pid: pid(p), crash: true });
      }
      continue;
    }
    if (e.kind !== 'event') continue;
    const event = e.event;
    const at = { entry, node: e.node, part: 0 };
    switch (event.kind) {
      case 'Spawned':
        pidName.set(event.pid, `p${pidName.size + 1}`);
        live.set(event.pid, event.node);
        observed.push({ kind: 'Spawned', ...at, pid: pid(event.pid), machine: machineOf.get(event.node) ?? ['?', 0] });
        break;
      case 'Exited':
        live.delete(event.pid);
        observed.push({ kind: 'Exited', ...at, pid: pid(event.pid), crash: false });
        break;
      case 'Registered':
        // Registering the name a process already holds changes nothing (PROTOCOL.md: name_taken only
        // for another live holder): a stutter, not a spec step. Its holder's exit does not end this,
        // since the exit may be concurrent with the second register; a process that exited can
        // never be bound again, and LookupFindsRegistered judges a lookup that answers it.
        if (bound.get(event.name) === event.pid) break;
        // A directory may bind a name to a process that has already stopped: a register request
        // sent while it lived, retransmitted after its exit, arrives before the exit's unbinding
        // (messaging/generated-swarm seed 33, where an ack from a third node that had heard of the
        // exit orders it after the exit). A binding to a process that is not live counts as unbound
        // (Messaging.tla NamesHeldByLive; reference/src/naming/registry.ts), so the spec's registry
        // does not change: a stutter, unless it displaces a live holder. What such a binding answers
        // is judged by the history checkers (LookupFindsRegistered, NameBoundOnce).
        const holder = bound.get(event.name);
        if (!live.has(event.pid) && (holder === undefined || !live.has(holder))) break;
        bound.set(event.name, event.pid);
        if (!nameName.has(event.name)) nameName.set(event.name, `k${nameName.size + 1}`);
        observed.push({ kind: 'Registered', ...at, name: nameName.get(event.name)!, pid: pid(event.pid) });
        break;
      case 'Sent':
        observed.push({ kind: 'Sent', ...at, id: msgId.get(event.msgId)!, from: pid(event.from), to: pid(event.to) });
        break;
      case 'Delivered':
        observed.push({ kind: 'Delivered', ...at, id: msgId.get(event.msgId) ?? 0, from: pid(event.from), to: pid(event.to) });
        break;
      default:
        break;
    }
  }
  if (pidName.size === 0) return { kind: 'not-applicable', reason: 'no processes' };
  const zones = [...new Set(Object.values(options.zones))];
  const perZone = Math.max(...zones.map((z) => Object.values(options.zones).filter((x) => x === z).length));
  const model = await specModel(SPEC, {
    Pids: `{${[...pidName.values()].join(', ')}}`,
    Names: `{${[...nameName.values(), 'kUnused'].join(', ')}}`,
    Zones: `{${zones.map((z) => JSON.stringify(z)).join(', ')}}`,
    MachinesPerZone: perZone,
    MaxMessages: msgId.size,
    MaxLosses: 0,
  });
  return explainTrace(history, [model], observed, { spec: SPEC, variables: ['status', 'location', 'registry', 'received', 'sent'], project, expectedAfter, describe }, options.maxStates ?? 100_000);
}

/** Node → spec machine <<zone, i>>, numbering the nodes of each zone in order. */
function machines(zones: Record<string, string>): Map<string, [string, number]> {
  const count = new Map<string, number>();
  const result = new Map<string, [string, number]>();
  for (const node of Object.keys(zones).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
    const zone = zones[node]!;
    const index = (count.get(zone) ?? 0) + 1;
    count.set(zone, index);
    result.set(node, [zone, index]);
  }
  return result;
}

function project(v: Record<string, unknown>): Projection {
  return {
    status: v.status as Record<string, string>,
    location: v.location as Record<string, unknown>,
    registry: (v.registry as [string, string][]).map((b) => [b[0], b[1]] as [string, string]).sort(),
    received: v.received as Record<string, SpecMessage[]>,
    sent: [...(v.sent as SpecMessage[])].sort((a, b) => a.id - b.id),
  };
}

function expectedAfter(b: Projection, step: Observed): Projection | undefined {
  const a: Projection = structuredClone(b);
  switch (step.kind) {
    case 'Spawned':
      if (!(step.pid in a.status)) return undefined;
      a.status[step.pid] = 'live';
      a.location[step.pid] = step.machine;
      return a;
    case 'Exited':
      if (!(step.pid in a.status)) return undefined;
      a.status[step.pid] = 'exited';
      a.location[step.pid] = [];
      a.registry = a.registry.filter(([, p]) => p !== step.pid);
      return a;
    case 'Registered':
      a.registry = [...a.registry, [step.name, step.pid] as [string, string]].sort();
      return a;
    case 'Sent':
      a.sent = [...a.sent, { id: step.id, from: step.from, to: step.to }];
      return a;
    case 'Delivered':
      if (step.id === 0 || !(step.to in a.received)) return undefined;
      a.received[step.to] = [...a.received[step.to]!, { id: step.id, from: step.from, to: step.to }];
      return a;
  }
}

function describe(step: Observed): string {
  const at = `(history entry ${step.entry})`;
  switch (step.kind) {
    case 'Spawned': return `Spawned ${step.pid} on <<${step.machine.join(', ')}>> ${at}`;
    case 'Exited': return `${step.crash ? 'the crash of the node of' : 'Exited'} ${step.pid} ${at}`;
    case 'Registered': return `Registered ${step.name} to ${step.pid} ${at}`;
    case 'Sent': return `Sent of message ${step.id} from ${step.from} to ${step.to} ${at}`;
    case 'Delivered': return step.id === 0 ? `a Delivered event for a message never sent ${at}` : `Delivered of message ${step.id} from ${step.from} to ${step.to} ${at}`;
  }
}
