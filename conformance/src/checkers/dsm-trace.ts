// Trace validation of DSM histories against spec/dsm/DSM.tla. Each page of each segment is one
// instance of the spec (a part, NumPages = 1): the spec's one fault per node is its model of a
// blocked process, while a port's node faults on several pages at once; nodes map to 1 .. NumNodes in the test's order, the
// first owning every page at first. The observed steps are the events of spec/dsm/README.md's
// table (Fault, CopyGranted, OwnershipTransferred, FaultServed, OwnershipReceived, Invalidated,
// InvalidationAcked, Stored, PageLost), a fault giving up (the first `unavailable` answer of a load or store of the
// page at that instant: the reference reports no event for it), and the suite's crashes,
// restarts, partitions and heals (in every part). A dynamic manager's fault must go along its
// node's hint (`Fault.to` is probOwner, read but not part of the key: forwarding moves hints
// unobserved). A give-up is explained only where the spec
// allows one: its fault was stalled by a crash, restart or partition while pending (or one was
// under way when it began), or its request met hints leading nowhere (an unobserved
// RequestDropped, possible only after failures). The spec's Partition is any episode in which the
// network holds messages (it only delays what crosses it): a give-up while the network dropped a
// message, or held one a long time (slowNetwork), is replayed after a Partition and Heal of its
// page's instance; in a run where nothing failed and no message was dropped or held, no fault gives up. Loaded is a check, not a step: the loading node must hold a right and
// the value of the store it names. Request forwarding, dropped requests and unused copies are
// unobserved spec steps (they change no projected variable). Acknowledgements are observed
// (waitAcks is projected), so a write granted before its last acknowledgement is unexplained. An
// InvalidationAcked that only counts a restarted reader (none of its new incarnation's
// Invalidated is unacknowledged) is either the spec's Restart, already replayed, or, when the
// owner took the page after the restart with a copy set still naming the reader (a port learns of
// a restart late and counts the invalidation it sent to the dead incarnation), the spec's
// AckReceived of an invalidation the new incarnation, holding no copy, acknowledged unobserved. Writes are numbered
// as the spec numbers them, in the history's order of Stored hits and write faults; a store's
// (page, version) names its number for the loads. trace-search.ts orders the steps and searches.
import type { History } from '../history.js';
import { explainTrace, specModel, type Observation, type TraceValidation } from './trace-search.js';

const SPEC = 'spec/dsm/DSM.tla';

/** The spec's page in every part (NumPages = 1); an observation's `page` is the run's, for messages. */
const PAGE = 1;

type Observed = Observation & { n: number } & (
    | { kind: 'ReadFault'; page: number; to: number }
    | { kind: 'FaultServedRead' | 'OwnershipReceived' | 'Invalidated' | 'WriteGranted' | 'FaultLost' | 'FaultUnavailable'; page: number }
    | { kind: 'WriteFault'; page: number; value: number; to: number }
    | { kind: 'Written'; page: number; value: number }
    | { kind: 'CopyGranted' | 'OwnershipTransferred'; page: number; to: number }
    | { kind: 'AckReceived'; page: number; from: number; mayBeRestart?: boolean }
    | { kind: 'Loaded'; page: number; value: number; version: number }
    | { kind: 'Crash' | 'Restart' }
  | { kind: 'Partition' | 'Heal'; slow?: true }
  );

interface Fault {
  kind: string;
  page: number;
  value: number;
}

/** The spec's variables the observed steps change, arrays indexed from 0 (node - 1, page - 1). */
interface Projection {
  access: string[][];
  val: number[][];
  latest: number[];
  owner: number[];
  holding: boolean[];
  copyset: number[][];
  pending: Fault[];
  waitAcks: number[][][];
  up: number[];
  lost: number[];
  partitioned: boolean;
  /** probOwner: not part of the key (forwarding moves hints unobserved); a dynamic manager's fault must go to its node's hint. */
  hints: number[][];
}

export interface DsmTraceOptions {
  /** The run's nodes in the test's order (node i + 1 of the spec). */
  nodes: readonly string[];
  /** Bound on spec states (per model) and on cuts of the run explored; beyond it the result is unknown. */
  maxStates?: number;
}

interface Part {
  segment: string;
  page: number;
  writes: number;
  failures: number;
}

export async function validateDsmTrace(history: History, options: DsmTraceOptions): Promise<TraceValidation> {
  const nodeIndex = new Map(options.nodes.map((node, i) => [node, i + 1]));
  const parts: Part[] = [];
  const partOf = new Map<string, number>(); // `${segment}/${page}` → its part
  const attached = new Set<string>();
  for (const e of history) {
    if (e.kind === 'invoke' && e.op.kind === 'attach' && !attached.has(e.op.segment)) {
      attached.add(e.op.segment);
      for (let page = 1; page <= e.op.pages; page++) {
        partOf.set(`${e.op.segment}/${page}`, parts.length);
        parts.push({ segment: e.op.segment, page, writes: 0, failures: 0 });
      }
    }
  }
  if (parts.length === 0) return { kind: 'not-applicable', reason: 'no shared segment attached' };
  const manager = managerOf(history, options.nodes);

  const observed: Observed[] = [];
  const opPage = new Map<number, { segment: string; page: number }>();
  const writeValue = new Map<string, number>(); // `${segment}/${page}/${version}` → the spec's write number
  const pendingWrite = new Map<string, number>(); // `${node}/${segment}/${page}` → the number of its write fault
  const granted = new Set<string>(); // nodes/pages whose next Stored is the write a fault was granted for
  const restarted = new Set<string>();
  let lastGaveUp = '';
  let partitioned = false;
  // Partitions and heals are the network's, on no node: their own chain in the causal order, which
  // ties them to no node's steps (a give-up may be explained by a partition it preceded, if nothing
  // orders the two).
  const network = (kind: 'Partition' | 'Heal', entry: number) => parts.forEach((part, p) => {
    if (kind === 'Partition') part.failures++;
    observed.push({ kind, entry, node: NETWORK, part: p, n: 0 });
  });
  const slow = slowNetwork(history, options.nodes.length);
  const faultBegan = new Map<string, number>(); // `${node}/${segment}/${page}` → the time its last fault began
  // `${owner}/${segment}/${page}/${reader}` → Invalidated events of the reader's incarnation not yet acknowledged.
  const unacknowledged = new Map<string, number>();
  for (const [entry, e] of history.entries()) {
    if (e.kind === 'partition' || e.kind === 'heal') {
      // A new partition while one is in place: the spec heals before it splits again.
      if (partitioned) network('Heal', entry);
      partitioned = e.kind === 'partition';
      if (partitioned) network('Partition', entry);
      continue;
    }
    if (e.kind === 'crash' || e.kind === 'restart') {
      if (e.kind === 'restart') restarted.add(e.node);
      // A restarted reader owes nothing (spec/dsm Restart); a crashed owner awaits nothing (Crash).
      for (const key of unacknowledged.keys()) {
        if (e.kind === 'restart' ? key.endsWith(`/${e.node}`) : key.startsWith(`${e.node}/`)) unacknowledged.delete(key);
      }
      parts.forEach((part, p) => {
        if (e.kind === 'crash') part.failures++;
        observed.push({ kind: e.kind === 'crash' ? 'Crash' : 'Restart', entry, node: e.node, part: p, n: nodeIndex.get(e.node)! });
      });
      continue;
    }
    if (e.kind === 'invoke' && (e.op.kind === 'load' || e.op.kind === 'store')) opPage.set(e.opId, { segment: e.op.segment, page: e.op.page });
    if (e.kind === 'complete' && e.outcome.kind === 'error' && e.outcome.code === 'unavailable') {
      const where = opPage.get(e.opId);
      const p = where && partOf.get(`${where.segment}/${where.page}`);
      // The waiting loads and stores of one fault fail together: one give-up.
      const key = `${e.node}/${where?.segment}/${where?.page}/${e.timeNs}`;
      if (where && p !== undefined && key !== lastGaveUp) {
        const began = faultBegan.get(`${e.node}/${where.segment}/${where.page}`);
        // Messages dropped or held while the fault waited: the spec's Partition and Heal, in this page's instance only.
        if (!partitioned && began !== undefined && slow(began, e.timeNs)) {
          parts[p]!.failures++;
          for (const kind of ['Partition', 'Heal'] as const) observed.push({ kind, entry, node: NETWORK, part: p, n: 0, slow: true });
        }
        observed.push({ kind: 'FaultUnavailable', entry, node: e.node, part: p, n: nodeIndex.get(e.node)!, page: where.page });
      }
      lastGaveUp = key;
      continue;
    }
    if (e.kind !== 'event' || !('segment' in e.event)) continue;
    const event = e.event;
    const page = `${event.segment}/${event.page}`;
    const p = partOf.get(page);
    if (p === undefined) continue;
    const part = parts[p]!;
    const at = { entry, node: e.node, part: p, n: nodeIndex.get(e.node)!, page: event.page };
    const here = `${e.node}/${page}`;
    switch (event.kind) {
      case 'Fault':
        faultBegan.set(here, e.timeNs);
        if (event.access === 'read') observed.push({ kind: 'ReadFault', ...at, to: nodeIndex.get(event.to) ?? 0 });
        else {
          pendingWrite.set(here, ++part.writes);
          observed.push({ kind: 'WriteFault', ...at, value: part.writes, to: nodeIndex.get(event.to) ?? 0 });
        }
        break;
      case 'CopyGranted':
      case 'OwnershipTransferred':
        observed.push({ kind: event.kind, ...at, to: nodeIndex.get(event.to) ?? 0 });
        break;
      case 'FaultServed':
        if (event.access === 'read') observed.push({ kind: 'FaultServedRead', ...at });
        else {
          granted.add(here);
          observed.push({ kind: 'WriteGranted', ...at });
        }
        break;
      case 'Invalidated': {
        const key = `${event.by}/${page}/${e.node}`;
        unacknowledged.set(key, (unacknowledged.get(key) ?? 0) + 1);
        observed.push({ kind: event.kind, ...at });
        break;
      }
      case 'OwnershipReceived':
        observed.push({ kind: event.kind, ...at });
        break;
      case 'InvalidationAcked': {
        const key = `${e.node}/${page}/${event.from}`;
        const owed = unacknowledged.get(key) ?? 0;
        // Counted at the reader's restart (spec/dsm Restart), or an acknowledgement its new incarnation owed.
        if (owed === 0 && restarted.has(event.from)) observed.push({ kind: 'AckReceived', ...at, from: nodeIndex.get(event.from) ?? 0, mayBeRestart: true });
        if (owed === 0) break;
        unacknowledged.set(key, owed - 1);
        observed.push({ kind: 'AckReceived', ...at, from: nodeIndex.get(event.from) ?? 0 });
        break;
      }
      case 'PageLost':
        observed.push({ kind: 'FaultLost', ...at });
        break;
      case 'Stored': {
        // The store a granted write fault performs is part of WriteGranted; any other is a hit.
        const grantedWrite = granted.delete(here);
        const value = grantedWrite ? pendingWrite.get(here)! : ++part.writes;
        writeValue.set(`${event.segment}/${event.page}/${event.version}`, value);
        if (!grantedWrite) observed.push({ kind: 'Written', ...at, value });
        break;
      }
      case 'Loaded':
        observed.push({ kind: 'Loaded', ...at, version: event.version, value: event.version === 0 ? 0 : (writeValue.get(`${event.segment}/${event.page}/${event.version}`) ?? -1) });
        break;
      default:
        break;
    }
  }
  const models = await Promise.all(
    parts.map((part) =>
      specModel(SPEC, { Manager: JSON.stringify(manager), NumNodes: options.nodes.length, NumPages: 1, MaxWrites: part.writes, MaxFailures: part.failures }),
    ),
  );
  const noValue = (p: number) => parts[p]!.writes + 1;
  const what = parts.length === 1 ? `(Manager = "${manager}")` : `(${parts.length} pages, each an instance; Manager = "${manager}")`;
  return explainTrace(
    history,
    models,
    observed,
    { spec: `${SPEC} ${what}`, variables: PROJECTED, project, key, expectedAfter: (before, step) => expectedAfter(before, step, noValue(step.part), manager === 'dynamic'), check, mayBeNoStep, describe },
    options.maxStates ?? 100_000,
  );
}

/**
 * Whether the network dropped a message, or held one a long time, while a fault waited from
 * `fromNs` to `toNs`: the evidence that lets a fault give up with no crash or partition (a timeout
 * cannot tell a slow network from a split one). Held long: in flight for at least a (2N + 4)-th of
 * the wait, since a fault's answer follows at most that many messages one after the other (its
 * request, 2N forwards at the hop bound, the copy or ownership, an invalidation and its
 * acknowledgement); on a network that held none of them that long it would have come in time.
 */
function slowNetwork(history: History, numNodes: number): (fromNs: number, toNs: number) => boolean {
  const dropped: number[] = [];
  const flights: { sentNs: number; arrivedNs: number }[] = [];
  const sent = new Map<number, number>();
  for (const e of history) {
    if (e.kind === 'packet-sent') sent.set(e.packetId, e.timeNs);
    else if (e.kind === 'packet-dropped') {
      sent.delete(e.packetId);
      dropped.push(e.timeNs);
    }
    else if (e.kind === 'packet-delivered') {
      sent.delete(e.packetId);
      flights.push({ sentNs: e.sentNs, arrivedNs: e.timeNs });
    }
  }
  const endNs = history.at(-1)?.timeNs ?? 0;
  // Sent and never delivered: in flight until the run ended.
  for (const sentNs of sent.values()) flights.push({ sentNs, arrivedNs: endNs });
  return (fromNs, toNs) => {
    const held = (toNs - fromNs) / (2 * numNodes + 4);
    return (
      dropped.some((t) => t >= fromNs && t <= toNs) ||
      flights.some((f) => f.sentNs <= toNs && f.arrivedNs >= fromNs && f.arrivedNs - f.sentNs >= held)
    );
  };
}

/** The manager the run shows: forwarding by a manager (at the first node only: centralized), or none (dynamic). */
function managerOf(history: History, nodes: readonly string[]): 'centralized' | 'fixed' | 'dynamic' {
  let byManager = false;
  for (const e of history) {
    if (e.kind !== 'event' || e.event.kind !== 'RequestForwarded' || !e.event.byManager) continue;
    if (e.node !== nodes[0]) return 'fixed';
    byManager = true;
  }
  return byManager ? 'centralized' : 'dynamic';
}

/** A TLA+ function over 1 .. n as plain JSON (an array, or an object keyed by number) to an array. */
function seq<T>(f: unknown): T[] {
  if (Array.isArray(f)) return f as T[];
  const o = f as Record<string, T>;
  return Object.keys(o)
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => o[k]!);
}

const PROJECTED = ['access', 'val', 'latest', 'owner', 'holding', 'copyset', 'pending', 'waitAcks', 'up', 'lost', 'partitioned', 'probOwner'] as const;
/** The node name of partitions and heals in the causal order (no node of a run is named so: names are n1, n2, …). */
const NETWORK = '(network)';

function project(v: Record<string, unknown>): Projection {
  return {
    access: seq<unknown>(v.access).map((row) => seq<string>(row)),
    val: seq<unknown>(v.val).map((row) => seq<number>(row)),
    latest: seq<number>(v.latest),
    owner: seq<number>(v.owner),
    holding: seq<boolean>(v.holding),
    copyset: seq<number[]>(v.copyset).map((s) => [...s].sort((a, b) => a - b)),
    pending: seq<Fault>(v.pending).map((f) => ({ kind: f.kind, page: f.page, value: f.value })),
    waitAcks: seq<unknown>(v.waitAcks).map((row) => seq<number[]>(row).map((s) => [...s].sort((a, b) => a - b))),
    up: [...(v.up as number[])].sort((a, b) => a - b),
    lost: [...(v.lost as number[])].sort((a, b) => a - b),
    partitioned: v.partitioned as boolean,
    hints: seq<unknown>(v.probOwner).map((row) => seq<number>(row)),
  };
}

/** What steps must produce: the projection without the hints. */
function key({ hints: _, ...observable }: Projection): unknown {
  return observable;
}

const NO_FAULT: Fault = { kind: 'none', page: 0, value: 0 };
const sortedSet = (xs: number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

function expectedAfter(b: Projection, step: Observed, noValue: number, dynamic: boolean): Projection | undefined {
  const a: Projection = structuredClone(b);
  const n = step.n - 1;
  if (step.kind === 'Partition' || step.kind === 'Heal') {
    a.partitioned = step.kind === 'Partition';
    return a;
  }
  if (step.kind === 'Crash' || step.kind === 'Restart') {
    // Both lose the pages owned by the node, or travelling to it (a restart: those that reached it while it was down).
    a.lost = sortedSet([...a.lost, ...b.owner.flatMap((o, i) => (o === step.n ? [i + 1] : []))]);
    if (step.kind === 'Restart') {
      a.up = sortedSet([...a.up, step.n]);
      a.waitAcks = b.waitAcks.map((row) => row.map((s) => s.filter((k) => k !== step.n)));
      return a;
    }
    a.up = a.up.filter((k) => k !== step.n);
    a.access[n] = a.access[n]!.map(() => 'none');
    a.val[n] = a.val[n]!.map(() => noValue);
    a.pending[n] = NO_FAULT;
    a.waitAcks[n] = a.waitAcks[n]!.map(() => []);
    return a;
  }
  if (step.kind === 'Loaded' || !('page' in step)) return undefined; // a check, not a step
  const p = PAGE - 1;
  const owns = b.owner[p] === step.n && b.holding[p]! && !b.lost.includes(PAGE);
  // A dynamic manager's fault goes along the faulting node's hint (spec/dsm Request); an owner's stays home.
  if ((step.kind === 'ReadFault' || step.kind === 'WriteFault') && dynamic && !owns && b.hints[n]![p] !== step.to) return undefined;
  switch (step.kind) {
    case 'ReadFault':
      a.pending[n] = { kind: 'read', page: PAGE, value: 0 };
      return a;
    case 'WriteFault':
      a.pending[n] = { kind: 'write', page: PAGE, value: step.value };
      if (owns) {
        a.waitAcks[n]![p] = sortedSet([...b.waitAcks[n]![p]!, ...b.copyset[p]!]);
        a.copyset[p] = [];
      }
      return a;
    case 'CopyGranted':
      a.copyset[p] = sortedSet([...b.copyset[p]!, step.to]);
      a.access[n]![p] = 'read';
      return a;
    case 'OwnershipTransferred':
      a.owner[p] = step.to;
      a.holding[p] = false;
      a.copyset[p] = b.copyset[p]!.filter((k) => k !== step.to);
      a.access[n]![p] = 'none';
      a.val[n]![p] = noValue;
      return a;
    case 'FaultServedRead':
      // Every copy a node may read holds the page's latest write (DataValue holds in the spec).
      a.access[n]![p] = 'read';
      a.val[n]![p] = b.latest[p]!;
      a.pending[n] = NO_FAULT;
      return a;
    case 'OwnershipReceived':
      a.holding[p] = true;
      a.access[n]![p] = 'read';
      a.val[n]![p] = b.latest[p]!;
      a.copyset[p] = [];
      a.waitAcks[n]![p] = sortedSet([...b.waitAcks[n]![p]!, ...b.copyset[p]!]);
      if (b.pending[n]!.kind === 'read') a.pending[n] = NO_FAULT;
      return a;
    case 'Invalidated':
      a.access[n]![p] = 'none';
      a.val[n]![p] = noValue;
      return a;
    case 'AckReceived':
      if (!b.waitAcks[n]![p]!.includes(step.from)) return step.mayBeRestart ? a : undefined;
      a.waitAcks[n]![p] = b.waitAcks[n]![p]!.filter((k) => k !== step.from);
      return a;
    case 'WriteGranted': {
      const fault = b.pending[n]!;
      if (fault.kind !== 'write') return undefined;
      a.access[n]![p] = 'write';
      a.val[n]![p] = fault.value;
      a.latest[p] = fault.value;
      a.pending[n] = NO_FAULT;
      return a;
    }
    case 'Written':
      a.val[n]![p] = step.value;
      a.latest[p] = step.value;
      return a;
    case 'FaultLost':
      // FaultUnavailable ends a fault with the same effect: page_lost must name a page the spec lost.
      if (!b.lost.includes(PAGE)) return undefined;
      a.pending[n] = NO_FAULT;
      return a;
    case 'FaultUnavailable':
      a.pending[n] = NO_FAULT;
      return a;
  }
}

function mayBeNoStep(step: Observed): boolean {
  return step.kind === 'AckReceived' && step.mayBeRestart === true;
}

function check(step: Observed): ((state: Projection) => boolean) | undefined {
  if (step.kind !== 'Loaded') return undefined;
  const n = step.n - 1;
  const p = PAGE - 1;
  return (s) => s.access[n]![p] !== 'none' && s.val[n]![p] === step.value;
}

function describe(step: Observed): string {
  const at = `(history entry ${step.entry})`;
  switch (step.kind) {
    case 'Crash':
    case 'Restart':
      return `the ${step.kind.toLowerCase()} of node ${step.node} ${at}`;
    case 'Partition':
    case 'Heal':
      return `the network's ${step.kind === 'Partition' ? 'partition' : 'heal'}${step.slow ? ' (messages dropped or held while a fault waited)' : ''} ${at}`;
    case 'Loaded':
      return `a load on ${step.node} of page ${step.page} returning version ${step.version}${step.value < 0 ? ', which no store wrote' : ` (write ${step.value})`} ${at}`;
    case 'ReadFault':
      return `ReadFault(${step.n}, ${step.page}) on ${step.node}, its request to node ${step.to} ${at}`;
    case 'WriteFault':
      return `WriteFault(${step.n}, ${step.page}) on ${step.node}, write ${step.value}, its request to node ${step.to} ${at}`;
    case 'Written':
      return `Written(${step.n}, ${step.page}) on ${step.node}, write ${step.value} ${at}`;
    case 'CopyGranted':
    case 'OwnershipTransferred':
      return `${step.kind} on ${step.node} of page ${step.page} to node ${step.to} ${at}`;
    case 'AckReceived':
      return `AckReceived on ${step.node} of page ${step.page} from node ${step.from} (InvalidationAcked) ${at}`;
    default:
      return `${step.kind}(${step.n}) on ${step.node} for page ${step.page} ${at}`;
  }
}
