// Lookups over a history that several checkers share: operations by id with their outcome,
// trace events by kind, and whether (and when) each node crashed.
import type { History, HistoryEntry, Outcome } from '../history.js';
import type { Operation, TraceEvent } from '../../protocol/index.js';

export interface IndexedOp {
  opId: number;
  node: string;
  op: Operation;
  invokeIndex: number;
  invokeNs: number;
  outcome?: Outcome;
  completeIndex?: number;
  completeNs?: number;
}

export interface ProcessLife {
  /** Where it was spawned. */
  node: string;
  bornNs: number;
  /** Where it ran from when on: its spawn, then each Switched. */
  runsOn: { fromNs: number; node: string }[];
  /** When it stopped, if it did, and how (Messaging.tla Exited; a crash exits every process on the node). */
  diedNs?: number;
  diedBy?: 'exit' | 'crash';
}

export interface IndexedEvent<E extends TraceEvent = TraceEvent> {
  event: E;
  node: string;
  index: number;
  timeNs: number;
}

export class HistoryIndex {
  readonly ops = new Map<number, IndexedOp>();
  readonly events: IndexedEvent[] = [];
  readonly crashesByNode = new Map<string, number[]>();
  /** Any fault applied: message faults are known from the test, this covers scheduled ones and drops. */
  faulty = false;
  endNs = 0;
  /** Spans of simulated time with a fault: dropped packets (instants), nodes down until restarted, partitions until healed. */
  readonly faultSpans: { fromNs: number; toNs: number }[] = [];
  /** Faults still in effect, by 'partition' or node, since when. */
  private readonly openFaults = new Map<string, number>();
  /** Each call's CallStarted (its first), by call id. */
  private readonly callStarts = new Map<string, IndexedEvent<Extract<TraceEvent, { kind: 'CallStarted' }>>>();
  /** When each call's client sent it: its CallStarted, then each CallRetried, by call id. */
  readonly transmissions = new Map<string, number[]>();

  constructor(readonly history: History) {
    history.forEach((entry, index) => this.add(entry, index));
  }

  eventsOf<K extends TraceEvent['kind']>(kind: K): IndexedEvent<Extract<TraceEvent, { kind: K }>>[] {
    return this.events.filter((e) => e.event.kind === kind) as IndexedEvent<Extract<TraceEvent, { kind: K }>>[];
  }

  callStarted(callId: string): IndexedEvent<Extract<TraceEvent, { kind: 'CallStarted' }>> | undefined {
    return this.callStarts.get(callId);
  }

  opsOf<K extends Operation['kind']>(kind: K): (IndexedOp & { op: Extract<Operation, { kind: K }> })[] {
    return [...this.ops.values()].filter((o) => o.op.kind === kind) as (IndexedOp & { op: Extract<Operation, { kind: K }> })[];
  }

  /**
   * A process's life as the history shows it: where and when it was spawned (its first Spawned
   * event), the nodes it ran on (Switched moves it: PROTOCOL.md, "the destination runs the
   * process"), and the first time it stopped, by its Exited event or a crash of the node it ran on.
   */
  lifeOf(pid: string): ProcessLife | undefined {
    const spawned = this.events.find((e) => e.event.kind === 'Spawned' && e.event.pid === pid);
    if (spawned === undefined || spawned.event.kind !== 'Spawned') return undefined;
    const runsOn: ProcessLife['runsOn'] = [{ fromNs: spawned.timeNs, node: spawned.event.node }];
    for (const e of this.events) if (e.event.kind === 'Switched' && e.event.pid === pid && e.timeNs >= spawned.timeNs) runsOn.push({ fromNs: e.timeNs, node: e.event.to });
    const nodeAt = (atNs: number) => runsOn.filter((r) => r.fromNs <= atNs).at(-1)!.node;
    const exitNs = this.events.find((e) => e.event.kind === 'Exited' && e.event.pid === pid)?.timeNs;
    const crashNs = [...this.crashesByNode].flatMap(([node, times]) => times.filter((t) => t >= spawned.timeNs && nodeAt(t) === node)).sort((a, b) => a - b)[0];
    const diedNs = Math.min(exitNs ?? Infinity, crashNs ?? Infinity);
    const life = { node: spawned.event.node, bornNs: spawned.timeNs, runsOn };
    return diedNs === Infinity ? life : { ...life, diedNs, diedBy: diedNs === exitNs ? 'exit' : 'crash' };
  }

  /**
   * Did `node` crash at or after `fromNs` and restart before history entry `beforeIndex`? Nothing
   * tells the other nodes of a crash while the node is down (PROTOCOL.md has no failure detector),
   * so until it restarts its processes may as well be alive to every other node.
   */
  crashedAndRestarted(node: string, fromNs: number, beforeIndex: number): boolean {
    const crashNs = (this.crashesByNode.get(node) ?? []).filter((t) => t >= fromNs);
    if (crashNs.length === 0) return false;
    return this.history.some((e, i) => i < beforeIndex && e.kind === 'restart' && e.node === node && e.timeNs >= crashNs[0]!);
  }

  /**
   * Must every node know, before history entry `beforeIndex`, that a process had stopped? In
   * Messaging.tla a process stops in one step (Exited; a crash exits every process on its node)
   * that also removes its names, so from then on a send to it is Discarded, never an error, and
   * no lookup finds it. A port spreads that step over time, and the suite takes it as done when
   * the cluster has been told: an exit once an exit of the process was answered (PROTOCOL.md: a
   * reply once the operation took effect; until then a directory may still hold its names, as a
   * lookup concurrent with the exit may), a crash once the node restarted (PROTOCOL.md has no
   * failure detector: until the node is back its processes may as well be alive to other nodes).
   */
  knownStopped(pid: string, life: ProcessLife, beforeIndex: number): boolean {
    if (life.diedNs === undefined) return false;
    if (this.opsOf('exit').some((e) => e.op.pid === pid && e.outcome?.kind === 'ok' && e.completeIndex! < beforeIndex)) return true;
    return life.diedBy === 'crash' && this.crashedAndRestarted(life.runsOn.filter((run) => run.fromNs <= life.diedNs!).at(-1)!.node, life.diedNs, beforeIndex);
  }

  /**
   * The successful registrations of `name` that held it throughout [fromNs, toNs]: answered before
   * fromNs, of a holder live until toNs with no exit of it issued by then. Messaging.tla: a binding
   * leaves the registry only when its holder exits (Exited; a crash exits every process on its node).
   */
  registrationsHeldThroughout(name: string, fromNs: number, toNs: number): (IndexedOp & { op: Extract<Operation, { kind: 'register' }> })[] {
    return this.opsOf('register').filter((r) => {
      if (r.op.name !== name || r.outcome?.kind !== 'ok' || r.completeNs! >= fromNs) return false;
      const diedNs = this.lifeOf(r.op.pid)?.diedNs;
      return (diedNs === undefined || diedNs > toNs) && !this.opsOf('exit').some((e) => e.op.pid === r.op.pid && e.invokeNs <= toNs);
    });
  }

  /** The nodes a process ran on at some instant of [fromNs, toNs]. */
  nodesDuring(life: ProcessLife, fromNs: number, toNs: number): string[] {
    const atStart = life.runsOn.filter((r) => r.fromNs <= fromNs).at(-1)?.node ?? life.node;
    return [...new Set([atStart, ...life.runsOn.filter((r) => r.fromNs > fromNs && r.fromNs <= toNs).map((r) => r.node)])];
  }

  /** Did `node` crash in the interval [fromNs, toNs]? */
  crashedBetween(node: string, fromNs: number, toNs: number): boolean {
    return (this.crashesByNode.get(node) ?? []).some((t) => t >= fromNs && t <= toNs);
  }

  /** Was any fault (crash, restart, dropped packet, partition in effect) present in [fromNs, toNs]? */
  faultBetween(fromNs: number, toNs: number): boolean {
    const open = [...this.openFaults.values()].some((sinceNs) => sinceNs <= toNs);
    return open || this.faultSpans.some((span) => span.fromNs <= toNs && span.toNs >= fromNs);
  }

  /**
   * The first time after `fromNs` by which the network has been free of faults for `quietNs`
   * (Infinity if a fault in that stretch is still in effect at the end of the run).
   */
  deliveryDeadline(fromNs: number, quietNs: number): number {
    const open = [...this.openFaults.values()].map((sinceNs) => ({ fromNs: sinceNs, toNs: Infinity }));
    let deadline = fromNs + quietNs;
    for (const span of [...this.faultSpans, ...open].sort((a, b) => a.fromNs - b.fromNs)) {
      if (span.fromNs <= deadline && span.toNs > deadline - quietNs) deadline = Math.max(deadline, span.toNs + quietNs);
    }
    return deadline;
  }

  private add(entry: HistoryEntry, index: number): void {
    this.endNs = Math.max(this.endNs, entry.timeNs);
    switch (entry.kind) {
      case 'invoke':
        this.ops.set(entry.opId, { opId: entry.opId, node: entry.node, op: entry.op, invokeIndex: index, invokeNs: entry.timeNs });
        return;
      case 'complete': {
        const op = this.ops.get(entry.opId);
        if (op) Object.assign(op, { outcome: entry.outcome, completeIndex: index, completeNs: entry.timeNs });
        return;
      }
      case 'event': {
        const indexed = { event: entry.event, node: entry.node, index, timeNs: entry.timeNs };
        this.events.push(indexed);
        const event = entry.event;
        if (event.kind === 'CallStarted' && !this.callStarts.has(event.callId)) this.callStarts.set(event.callId, indexed as IndexedEvent<typeof event>);
        if (event.kind === 'CallStarted' || event.kind === 'CallRetried') {
          const sent = this.transmissions.get(event.callId);
          if (sent === undefined) this.transmissions.set(event.callId, [entry.timeNs]);
          else sent.push(entry.timeNs);
        }
        return;
      }
      case 'crash':
        this.faulty = true;
        this.openFaults.set(entry.node, entry.timeNs);
        this.crashesByNode.set(entry.node, [...(this.crashesByNode.get(entry.node) ?? []), entry.timeNs]);
        return;
      case 'packet-dropped':
        this.faulty = true;
        this.faultSpans.push({ fromNs: entry.timeNs, toNs: entry.timeNs });
        return;
      case 'restart':
        this.faulty = true;
        this.closeFault(entry.node, entry.timeNs);
        return;
      case 'partition':
        this.faulty = true;
        if (!this.openFaults.has('partition')) this.openFaults.set('partition', entry.timeNs);
        return;
      case 'heal':
        this.closeFault('partition', entry.timeNs);
        return;
      case 'packet-sent':
      case 'packet-delivered':
      case 'skipped':
        return;
      default: {
        const unreachable: never = entry;
        throw new Error(`unknown history entry ${JSON.stringify(unreachable)}`);
      }
    }
  }

  private closeFault(key: string, atNs: number): void {
    const sinceNs = this.openFaults.get(key);
    this.faultSpans.push({ fromNs: sinceNs ?? atNs, toNs: atNs });
    this.openFaults.delete(key);
  }
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
