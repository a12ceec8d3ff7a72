// The simulated network: machines attached to a topology exchange messages that pay NIC costs,
// serialization and queueing on every link, propagation and switch forwarding, with faults
// (loss, duplication, reordering, delay, partitions, crash/restart, clock skew) applied.
// This file follows a message from send to delivery and runs the nodes' handlers; the parts it
// uses are topology-index.ts, routing.ts, link-queues.ts, faults.ts and node-context.ts.
import type { Component, SimEvent, Simulator } from '../engine/simulator.js';
import { faultNodeReferences, type FaultAction, type Faults, type MessageFaults } from '../models/faults.js';
import { FaultState, RandomCrashGenerator, applyFault as applyFaultTo, type CrashTarget, type FaultTarget } from './faults.js';
import { LinkQueues, type TransmitObserver } from './link-queues.js';
import {
  MutableContext, earliestCore, localTimeOf, newNodeState, occupyCore,
  type ContextHost, type NodeBehaviorFactory, type NodeState, type TimerId,
} from './node-context.js';
import { Routing } from './routing.js';
import type { TopologyGraph } from './topology-graph.js';
import { TopologyIndex } from './topology-index.js';

export type { DeliveredMessage, NodeBehavior, NodeBehaviorFactory, NodeContext, TimerId } from './node-context.js';

export type DropReason = 'loss' | 'partition' | 'sender-down' | 'receiver-down' | 'buffer-overflow';

export interface NetworkStats {
  messagesSent: number;
  bytesSent: number;
  /** Extra copies made by duplication faults (they travel and are counted like messages). */
  messagesDuplicated: number;
  bytesDuplicated: number;
  messagesDelivered: number;
  bytesDelivered: number;
  messagesDropped: number;
  bytesDropped: number;
  dropsByReason: Record<DropReason, number>;
  messagesInFlight: number;
  bytesInFlight: number;
}

export interface NetworkOptions {
  faults?: Faults;
  /** Also write message payloads into the trace (they must then be JSON values). Default true. */
  tracePayloads?: boolean;
  /** Observes every link transmission; used by tests of the bandwidth law. */
  onTransmit?: TransmitObserver;
}

interface InFlight {
  id: number;
  copy: number;
  from: number;
  to: number;
  bytes: number;
  payload: unknown;
  sentAtNs: number;
  /** Receiver incarnation when it was queued for a busy CPU (-1: not queued); a crash in between drops it. */
  queuedAtEpoch: number;
  /** The link direction the message enters at its next 'hop' event (kept here to save an allocation per hop). */
  channel: number;
}

interface TimerFiring {
  node: number;
  timer: TimerId;
  epoch: number;
  tag: unknown;
}

export class Network implements Component, ContextHost, FaultTarget, CrashTarget {
  readonly name = 'network';
  private readonly index: TopologyIndex;
  private readonly routing: Routing;
  private readonly links: LinkQueues;
  private readonly faults: FaultState;
  private readonly factories: (NodeBehaviorFactory | undefined)[];
  private readonly nodes: NodeState[];
  private nextMessageId = 0;
  private nextTimerId = 0;
  private readonly counters: NetworkStats;
  private readonly context: MutableContext;

  constructor(readonly sim: Simulator, readonly topology: TopologyGraph, private readonly options: NetworkOptions = {}) {
    this.index = new TopologyIndex(topology);
    this.routing = new Routing(this.index);
    this.links = new LinkQueues(this.index, options.onTransmit);
    this.factories = topology.machines.map(() => undefined);
    this.nodes = topology.machines.map((m) => newNodeState(m.cores));
    this.counters = {
      messagesSent: 0, bytesSent: 0, messagesDuplicated: 0, bytesDuplicated: 0,
      messagesDelivered: 0, bytesDelivered: 0, messagesDropped: 0, bytesDropped: 0,
      dropsByReason: { loss: 0, partition: 0, 'sender-down': 0, 'receiver-down': 0, 'buffer-overflow': 0 },
      messagesInFlight: 0, bytesInFlight: 0,
    };
    this.faults = new FaultState(options.faults?.messages);
    this.context = new MutableContext(this);
    const faults = options.faults;
    if (faults !== undefined) {
      for (const action of faults.schedule) this.scheduleFault(action);
      if (faults.randomCrashes !== undefined) {
        faults.randomCrashes.nodes?.forEach((id) => this.machine(id));
        new RandomCrashGenerator(sim, this, faults.randomCrashes);
      }
    }
  }

  get machineIds(): string[] {
    return this.index.machineIds;
  }

  /** Runs `factory(nodeId)` now (start is called at the current time) and again after every restart. */
  attach(nodeId: string, factory: NodeBehaviorFactory): void {
    const node = this.machine(nodeId);
    this.factories[node] = factory;
    this.sim.schedule(0, this, 'start', { node, epoch: this.nodes[node]!.epoch });
  }

  isUp(nodeId: string): boolean {
    return this.nodes[this.machine(nodeId)]!.up;
  }

  /** Sends from outside any node's handler (e.g. a workload driver), at the current time. */
  send(from: string, to: string, bytes: number, payload: unknown): number {
    return this.sendAt(this.machine(from), this.machine(to), bytes, payload, this.sim.nowNs);
  }

  stats(): NetworkStats {
    return { ...this.counters, dropsByReason: { ...this.counters.dropsByReason } };
  }

  localTimeNs(nodeId: string): number {
    return this.localTime(this.machine(nodeId));
  }

  /** Returns false when the node was already down. */
  crash(nodeId: string): boolean {
    const node = this.nodes[this.machine(nodeId)]!;
    if (!node.up) return false;
    node.up = false;
    node.epoch++;
    node.behavior = undefined;
    for (const timer of node.timers.values()) this.sim.cancel(timer);
    node.timers.clear();
    this.sim.record('crash', { node: nodeId });
    return true;
  }

  /** Returns false when the node was already up. */
  restart(nodeId: string): boolean {
    const index = this.machine(nodeId);
    const node = this.nodes[index]!;
    if (node.up) return false;
    node.up = true;
    node.coreFreeAtNs.fill(this.sim.nowNs);
    node.allCoresFreeAtNs = this.sim.nowNs;
    this.sim.record('restart', { node: nodeId });
    this.startNode(index);
    return true;
  }

  /** symmetric: nothing crosses between any two groups; one-way: groups[0] cannot reach the others. */
  partition(groups: string[][], direction: 'symmetric' | 'one-way'): void {
    this.faults.partition(groups.map((g) => new Set(g.map((id) => this.machine(id)))), direction);
    this.sim.record('partition', { groups, direction });
  }

  heal(): void {
    this.faults.heal();
    this.sim.record('heal', {});
  }

  setMessageFaults(faults: Partial<MessageFaults>): void {
    this.sim.record('message-faults', { ...this.faults.setMessageFaults(faults) });
  }

  setClockSkew(nodeId: string, offsetNs: number, driftPpm: number): void {
    const node = this.nodes[this.machine(nodeId)]!;
    node.clockOffsetNs = offsetNs;
    node.clockRate = 1 + driftPpm / 1e6;
    this.sim.record('clock-skew', { node: nodeId, offsetNs, driftPpm });
  }

  /** Applies a fault now (its `atNs` is not looked at); false when it changed nothing (see `applyFault` in faults.ts). */
  applyFault(action: FaultAction): boolean {
    return applyFaultTo(this, action);
  }

  /** Schedules a fault at its absolute time (which must not be in the past); unknown nodes throw now, not then. */
  scheduleFault(action: FaultAction): void {
    for (const { node } of faultNodeReferences(action)) this.machine(node);
    this.sim.scheduleAt(action.atNs, this, 'fault', action);
  }

  handle(event: SimEvent, sim: Simulator): void {
    switch (event.kind) {
      case 'hop': return this.arrive(event.data as InFlight);
      case 'deliver': return this.deliver(event.data as InFlight);
      case 'timer': return this.fireTimer(event.data as TimerFiring);
      case 'start': {
        const { node, epoch } = event.data as { node: number; epoch: number };
        if (this.nodes[node]!.epoch === epoch && this.nodes[node]!.up) this.startNode(node);
        return;
      }
      case 'fault': {
        this.applyFault(event.data as FaultAction);
        return;
      }
      default: throw new Error(`network: unknown event kind '${event.kind}' at ${sim.nowNs} ns`);
    }
  }

  // ---- ContextHost: what MutableContext acts through; machines are topology indices ----

  /** @internal */
  machine(nodeId: string): number {
    return this.index.machine(nodeId);
  }

  /** @internal */
  machineId(machine: number): string {
    return this.index.machineId(machine);
  }

  /** @internal */
  machineClockHz(machine: number): number {
    return this.topology.machines[machine]!.clockHz;
  }

  /** @internal */
  localTime(machine: number): number {
    return localTimeOf(this.nodes[machine]!, this.sim.nowNs);
  }

  /** @internal */
  sendAt(from: number, to: number, bytes: number, payload: unknown, atNs: number): number {
    if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new RangeError(`send from ${this.machineId(from)}: bytes must be a positive integer, got ${bytes}`);
    const id = this.nextMessageId++;
    this.counters.messagesSent++;
    this.counters.bytesSent += bytes;
    const message: InFlight = { id, copy: 0, from, to, bytes, payload, sentAtNs: atNs, queuedAtEpoch: -1, channel: -1 };
    if (this.sim.tracing) {
      const fields: Record<string, unknown> = { id, from: this.machineId(from), to: this.machineId(to), bytes };
      // A send issued after CPU time charged in a handler leaves later than the line's time.
      if (atNs > this.sim.nowNs) fields['cpuDelayNs'] = atNs - this.sim.nowNs;
      if (this.options.tracePayloads !== false) fields['payload'] = payload;
      this.sim.record('send', fields);
    }
    this.counters.messagesInFlight++;
    this.counters.bytesInFlight += bytes;
    if (!this.nodes[from]!.up) {
      this.drop(message, 'sender-down');
      return -1;
    }
    const faults = this.faults.messages;
    const random = this.sim.random;
    if (random.chance(faults.lossProbability)) {
      this.drop(message, 'loss');
      return id;
    }
    if (this.faults.isPartitioned(from, to)) {
      this.drop(message, 'partition');
      return id;
    }
    this.inject(message, atNs);
    if (random.chance(faults.duplicationProbability)) {
      const copy: InFlight = { ...message, copy: 1 };
      this.counters.messagesDuplicated++;
      this.counters.bytesDuplicated += bytes;
      this.counters.messagesInFlight++;
      this.counters.bytesInFlight += bytes;
      this.sim.record('duplicate', { id });
      this.inject(copy, atNs);
    }
    return id;
  }

  /** @internal */
  setTimerAt(machine: number, delayLocalNs: number, tag: unknown, atNs: number): TimerId {
    if (!Number.isSafeInteger(delayLocalNs) || delayLocalNs < 0) throw new RangeError(`timer on ${this.machineId(machine)}: delay must be a non-negative integer of ns, got ${delayLocalNs}`);
    const state = this.nodes[machine]!;
    const timer = this.nextTimerId++;
    const delayNs = Math.ceil(delayLocalNs / state.clockRate);
    const event = this.sim.scheduleAt(atNs + delayNs, this, 'timer', { node: machine, timer, epoch: state.epoch, tag } satisfies TimerFiring);
    state.timers.set(timer, event);
    return timer;
  }

  /** @internal */
  cancelTimerOn(machine: number, timer: TimerId): void {
    const state = this.nodes[machine]!;
    const event = state.timers.get(timer);
    if (event === undefined) return;
    this.sim.cancel(event);
    state.timers.delete(timer);
  }

  /** @internal */
  occupyCore(machine: number, core: number, untilNs: number): void {
    occupyCore(this.nodes[machine]!, core, untilNs);
  }

  // ---- a message's way: sender NIC, links and devices, receiver NIC, a free core ----

  private inject(message: InFlight, atNs: number): void {
    const holdNs = this.faults.holdNs(this.sim.random);
    const nic = this.topology.machines[message.from]!.nic;
    const txNs = Math.ceil(nic.txFixedNs + nic.txPerByteNs * message.bytes);
    if (message.from === message.to) {
      this.sim.scheduleAt(atNs + holdNs + txNs, this, 'deliver', message);
      return;
    }
    message.channel = this.index.upChannel[message.from]!;
    // Entering the sender's own link now needs no event: only this machine's messages use it.
    if (atNs + holdNs + txNs === this.sim.nowNs) this.arrive(message);
    else this.sim.scheduleAt(atNs + holdNs + txNs, this, 'hop', message);
  }

  /** A message is ready to enter `message.channel`: queue behind what is there, or drop if the buffer is full. */
  private arrive(message: InFlight): void {
    const arrivalNs = this.links.transmit(message.channel, message.bytes, this.sim.nowNs);
    if (arrivalNs < 0) {
      this.drop(message, 'buffer-overflow');
      return;
    }
    const vertex = this.index.channelTo[message.channel]!;
    if (vertex < this.index.machineCount) {
      const nic = this.topology.machines[vertex]!.nic;
      this.sim.scheduleAt(arrivalNs + Math.ceil(nic.rxFixedNs + nic.rxPerByteNs * message.bytes), this, 'deliver', message);
      return;
    }
    const device = vertex - this.index.machineCount;
    const destinationDevice = this.index.attachedDevice[message.to]!;
    message.channel = device === destinationDevice
      ? this.index.downChannel[message.to]!
      : this.routing.nextHop(device, destinationDevice, message.from, message.to);
    this.sim.scheduleAt(arrivalNs + this.index.forwardingNs[device]!, this, 'hop', message);
  }

  private deliver(message: InFlight): void {
    const node = this.nodes[message.to]!;
    if (!node.up || (message.queuedAtEpoch !== -1 && message.queuedAtEpoch !== node.epoch)) {
      this.drop(message, 'receiver-down');
      return;
    }
    if (this.faults.isPartitioned(message.from, message.to)) {
      this.drop(message, 'partition');
      return;
    }
    // A busy machine handles the message when a core frees up; the epoch marks the incarnation.
    const core = earliestCore(node, this.sim.nowNs);
    if (node.coreFreeAtNs[core]! > this.sim.nowNs) {
      message.queuedAtEpoch = node.epoch;
      this.sim.scheduleAt(node.coreFreeAtNs[core]!, this, 'deliver', message);
      return;
    }
    this.counters.messagesInFlight--;
    this.counters.bytesInFlight -= message.bytes;
    this.counters.messagesDelivered++;
    this.counters.bytesDelivered += message.bytes;
    if (this.sim.tracing) this.sim.record('deliver', { id: message.id, copy: message.copy, from: this.machineId(message.from), to: this.machineId(message.to) });
    const behavior = node.behavior;
    if (behavior === undefined) return;
    const ctx = this.context.enter(message.to, core);
    behavior.onMessage(ctx, {
      id: message.id, copy: message.copy, from: this.machineId(message.from),
      to: this.machineId(message.to), bytes: message.bytes, payload: message.payload, sentAtNs: message.sentAtNs,
    });
    this.context.leave();
  }

  private drop(message: InFlight, reason: DropReason): void {
    this.counters.messagesInFlight--;
    this.counters.bytesInFlight -= message.bytes;
    this.counters.messagesDropped++;
    this.counters.bytesDropped += message.bytes;
    this.counters.dropsByReason[reason]++;
    if (this.sim.tracing) this.sim.record('drop', { id: message.id, copy: message.copy, reason });
  }

  // ---- the nodes' handlers ----

  private fireTimer(firing: TimerFiring): void {
    const node = this.nodes[firing.node]!;
    if (!node.up || node.epoch !== firing.epoch) return;
    const core = earliestCore(node, this.sim.nowNs);
    if (node.coreFreeAtNs[core]! > this.sim.nowNs) {
      const event = this.sim.scheduleAt(node.coreFreeAtNs[core]!, this, 'timer', firing);
      node.timers.set(firing.timer, event);
      return;
    }
    node.timers.delete(firing.timer);
    if (this.sim.tracing) this.sim.record('timer', { node: this.machineId(firing.node), timer: firing.timer });
    const behavior = node.behavior;
    if (behavior === undefined) return;
    behavior.onTimer(this.context.enter(firing.node, core), firing.timer, firing.tag);
    this.context.leave();
  }

  private startNode(index: number): void {
    const factory = this.factories[index];
    if (factory === undefined) return;
    const node = this.nodes[index]!;
    node.behavior = factory(this.machineId(index));
    const core = earliestCore(node, this.sim.nowNs);
    node.behavior.start(this.context.enter(index, core));
    this.context.leave();
  }
}
