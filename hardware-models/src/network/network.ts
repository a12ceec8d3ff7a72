// The simulated network: machines attached to a topology exchange messages that pay NIC costs,
// serialization and queueing on every link, propagation and switch forwarding, with faults
// (loss, duplication, reordering, delay, partitions, crash/restart, clock skew) applied.
import type { Component, SimEvent, Simulator } from '../engine/simulator.js';
import type { SeededRandom } from '../engine/seeded-random.js';
import type { FaultAction, Faults, MessageFaults, RandomCrashes } from '../models/faults.js';
import type { TopologyGraph } from './topology-graph.js';

export type TimerId = number;

/** A message as the receiver sees it. `payload` is passed by reference: treat it as immutable. */
export interface DeliveredMessage {
  /** Unique per send; a duplicate carries the same id and copy = 1. */
  id: number;
  copy: number;
  from: string;
  to: string;
  bytes: number;
  payload: unknown;
  /** Global simulated time of the send (not the sender's skewed clock). */
  sentAtNs: number;
}

/** What a node's code can do while it handles an event. */
export interface NodeContext {
  readonly nodeId: string;
  /** The node's local clock: simulated time with this node's skew applied. */
  readonly localTimeNs: number;
  readonly random: SeededRandom;
  /** Sends after the CPU time charged so far in this handler; returns the message id (-1 if dropped at once). */
  send(to: string, bytes: number, payload: unknown): number;
  /** Fires after delayNs of this node's local time, unless the node crashes first. */
  setTimer(delayNs: number, tag: unknown): TimerId;
  cancelTimer(timer: TimerId): void;
  /** Occupies one core for `cycles` at the machine's clock; later sends and timers start after it. */
  chargeCycles(cycles: number): void;
  chargeNs(ns: number): void;
}

/** A node's code: a state machine driven by start, messages and timers. A restart builds a new one. */
export interface NodeBehavior {
  start(ctx: NodeContext): void;
  onMessage(ctx: NodeContext, message: DeliveredMessage): void;
  onTimer(ctx: NodeContext, timer: TimerId, tag: unknown): void;
}

export type NodeBehaviorFactory = (nodeId: string) => NodeBehavior;

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
  onTransmit?: (link: string, startNs: number, endNs: number, bytes: number) => void;
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

interface NodeState {
  up: boolean;
  epoch: number;
  behavior: NodeBehavior | undefined;
  timers: Map<TimerId, SimEvent>;
  coreFreeAtNs: number[];
  /** Max of coreFreeAtNs: from then on every core is idle, so dispatch needs no scan. */
  allCoresFreeAtNs: number;
  clockOffsetNs: number;
  clockRate: number;
}

interface TimerFiring {
  node: number;
  timer: TimerId;
  epoch: number;
  tag: unknown;
}

const noMessageFaults: MessageFaults = {
  lossProbability: 0,
  duplicationProbability: 0,
  reorderProbability: 0,
  reorderMaxDelayNs: 0,
  extraDelayNs: 0,
  extraDelayJitterNs: 0,
};

export class Network implements Component {
  readonly name = 'network';
  private readonly machineIndex = new Map<string, number>();
  private readonly vertexIndex = new Map<string, number>();
  private readonly machineCount: number;
  private readonly factories: (NodeBehaviorFactory | undefined)[];
  private readonly nodes: NodeState[];
  /** Channel 2i carries link i from a to b, channel 2i+1 from b to a. */
  private readonly channelTo: Int32Array;
  private readonly channelBusyUntilNs: Float64Array;
  private readonly channelBandwidth: Float64Array;
  private readonly channelPropagationNs: Float64Array;
  private readonly channelBufferBytes: Float64Array;
  private readonly channelName: string[];
  /** Per machine: its access channel up and down, and the device it hangs off. */
  private readonly upChannel: Int32Array;
  private readonly downChannel: Int32Array;
  private readonly attachedDevice: Int32Array;
  private readonly forwardingNs: Float64Array;
  /** deviceAdjacency[d] = channels leaving device d towards other devices. */
  private readonly deviceAdjacency: number[][];
  /** nextChannelsTo[dstDevice][device]: the equal-cost next hops, lazily computed per destination. */
  private readonly nextChannelsTo: (number[][] | undefined)[];
  private messageFaults: MessageFaults;
  /** Directed blocking rules; a from×to matrix would not scale to 10,000 machines, and partitions are few. */
  private partitions: { from: Set<number>; to: Set<number> }[] = [];
  private nextMessageId = 0;
  private nextTimerId = 0;
  private readonly counters: NetworkStats;
  private readonly context: MutableContext;

  constructor(readonly sim: Simulator, readonly topology: TopologyGraph, private readonly options: NetworkOptions = {}) {
    const machines = topology.machines;
    this.machineCount = machines.length;
    machines.forEach((m, i) => {
      this.machineIndex.set(m.id, i);
      this.vertexIndex.set(m.id, i);
    });
    topology.devices.forEach((d, i) => this.vertexIndex.set(d.id, machines.length + i));
    const linkCount = topology.links.length;
    this.channelTo = new Int32Array(2 * linkCount);
    this.channelBusyUntilNs = new Float64Array(2 * linkCount);
    this.channelBandwidth = new Float64Array(2 * linkCount);
    this.channelPropagationNs = new Float64Array(2 * linkCount);
    this.channelBufferBytes = new Float64Array(2 * linkCount);
    this.channelName = [];
    this.upChannel = new Int32Array(machines.length).fill(-1);
    this.downChannel = new Int32Array(machines.length).fill(-1);
    this.attachedDevice = new Int32Array(machines.length).fill(-1);
    this.forwardingNs = Float64Array.from(topology.devices, (d) => d.forwardingNs);
    this.deviceAdjacency = topology.devices.map(() => []);
    this.nextChannelsTo = topology.devices.map(() => undefined);
    topology.links.forEach((link, i) => {
      const a = this.vertex(link.a, `link ${i}`);
      const b = this.vertex(link.b, `link ${i}`);
      for (const [channel, from, to] of [[2 * i, a, b], [2 * i + 1, b, a]] as const) {
        this.channelTo[channel] = to;
        this.channelBandwidth[channel] = link.bandwidthBitsPerSec;
        this.channelPropagationNs[channel] = link.propagationNs;
        this.channelBufferBytes[channel] = link.bufferBytes;
        this.channelName[channel] = `${from < this.machineCount ? machines[from]!.id : topology.devices[from - this.machineCount]!.id}->${to < this.machineCount ? machines[to]!.id : topology.devices[to - this.machineCount]!.id}`;
        if (from < this.machineCount) {
          if (to < this.machineCount) throw new Error(`link ${i} joins two machines (${link.a}, ${link.b}); machines attach to a switch or pooled NIC`);
          if (this.upChannel[from] !== -1) throw new Error(`machine ${machines[from]!.id} has more than one link; bond ports in its NIC instead`);
          this.upChannel[from] = channel;
          this.downChannel[from] = channel ^ 1;
          this.attachedDevice[from] = to - this.machineCount;
        } else if (to >= this.machineCount) {
          this.deviceAdjacency[from - this.machineCount]!.push(channel);
        }
      }
    });
    machines.forEach((m, i) => {
      if (this.upChannel[i] === -1 && machines.length > 1) throw new Error(`machine ${m.id} has no link`);
    });
    this.factories = machines.map(() => undefined);
    this.nodes = machines.map((m) => ({
      up: true,
      epoch: 0,
      behavior: undefined,
      timers: new Map(),
      coreFreeAtNs: new Array<number>(m.cores).fill(0),
      allCoresFreeAtNs: 0,
      clockOffsetNs: 0,
      clockRate: 1,
    }));
    this.counters = {
      messagesSent: 0, bytesSent: 0, messagesDuplicated: 0, bytesDuplicated: 0,
      messagesDelivered: 0, bytesDelivered: 0, messagesDropped: 0, bytesDropped: 0,
      dropsByReason: { loss: 0, partition: 0, 'sender-down': 0, 'receiver-down': 0, 'buffer-overflow': 0 },
      messagesInFlight: 0, bytesInFlight: 0,
    };
    this.messageFaults = { ...noMessageFaults, ...options.faults?.messages };
    this.context = new MutableContext(this);
    const faults = options.faults;
    if (faults !== undefined) {
      for (const action of faults.schedule) this.scheduleFault(action);
      if (faults.randomCrashes !== undefined) this.startRandomCrashes(faults.randomCrashes);
    }
  }

  get machineIds(): string[] {
    return this.topology.machines.map((m) => m.id);
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

  crash(nodeId: string): void {
    const index = this.machine(nodeId);
    const node = this.nodes[index]!;
    if (!node.up) return;
    node.up = false;
    node.epoch++;
    node.behavior = undefined;
    for (const timer of node.timers.values()) this.sim.cancel(timer);
    node.timers.clear();
    this.sim.record('crash', { node: nodeId });
  }

  restart(nodeId: string): void {
    const index = this.machine(nodeId);
    const node = this.nodes[index]!;
    if (node.up) return;
    node.up = true;
    node.coreFreeAtNs.fill(this.sim.nowNs);
    node.allCoresFreeAtNs = this.sim.nowNs;
    this.sim.record('restart', { node: nodeId });
    this.startNode(index);
  }

  /** symmetric: nothing crosses between any two groups; one-way: groups[0] cannot reach the others. */
  partition(groups: string[][], direction: 'symmetric' | 'one-way'): void {
    const sets = groups.map((g) => new Set(g.map((id) => this.machine(id))));
    if (direction === 'one-way') {
      const rest = new Set(sets.slice(1).flatMap((s) => [...s]));
      this.partitions.push({ from: sets[0]!, to: rest });
    } else {
      sets.forEach((from, i) => sets.forEach((to, j) => {
        if (i !== j) this.partitions.push({ from, to });
      }));
    }
    this.sim.record('partition', { groups, direction });
  }

  heal(): void {
    this.partitions = [];
    this.sim.record('heal', {});
  }

  setMessageFaults(faults: Partial<MessageFaults>): void {
    this.messageFaults = { ...this.messageFaults, ...faults };
    this.sim.record('message-faults', { ...this.messageFaults });
  }

  setClockSkew(nodeId: string, offsetNs: number, driftPpm: number): void {
    const node = this.nodes[this.machine(nodeId)]!;
    node.clockOffsetNs = offsetNs;
    node.clockRate = 1 + driftPpm / 1e6;
    this.sim.record('clock-skew', { node: nodeId, offsetNs, driftPpm });
  }

  applyFault(action: FaultAction): void {
    switch (action.kind) {
      case 'crash': return this.crash(action.node);
      case 'restart': return this.restart(action.node);
      case 'partition': return this.partition(action.groups, action.direction);
      case 'heal': return this.heal();
      case 'message-faults': return this.setMessageFaults(action.faults);
      case 'clock-skew': return this.setClockSkew(action.node, action.offsetNs, action.driftPpm);
      default: {
        const unreachable: never = action;
        throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Schedules a fault at its absolute time (which must not be in the past); unknown nodes throw now, not then. */
  scheduleFault(action: FaultAction): void {
    for (const node of nodesNamedBy(action)) this.machine(node);
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
      case 'fault': return this.applyFault(event.data as FaultAction);
      case 'random-crash': return this.randomCrash(event.data as RandomCrashState);
      case 'random-restart': return this.restart(event.data as string);
      default: throw new Error(`network: unknown event kind '${event.kind}' at ${sim.nowNs} ns`);
    }
  }

  // ---- internals used by MutableContext ----

  /** @internal */
  sendAt(from: number, to: number, bytes: number, payload: unknown, atNs: number): number {
    if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new RangeError(`send from ${this.topology.machines[from]!.id}: bytes must be a positive integer, got ${bytes}`);
    const id = this.nextMessageId++;
    this.counters.messagesSent++;
    this.counters.bytesSent += bytes;
    const message: InFlight = { id, copy: 0, from, to, bytes, payload, sentAtNs: atNs, queuedAtEpoch: -1, channel: -1 };
    if (this.sim.tracing) {
      const fields: Record<string, unknown> = { id, from: this.topology.machines[from]!.id, to: this.topology.machines[to]!.id, bytes };
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
    const faults = this.messageFaults;
    const random = this.sim.random;
    if (random.chance(faults.lossProbability)) {
      this.drop(message, 'loss');
      return id;
    }
    if (this.isPartitioned(from, to)) {
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
  localTime(node: number): number {
    const state = this.nodes[node]!;
    return Math.floor(this.sim.nowNs * state.clockRate) + state.clockOffsetNs;
  }

  /** @internal */
  setTimerAt(node: number, delayLocalNs: number, tag: unknown, atNs: number): TimerId {
    if (!Number.isSafeInteger(delayLocalNs) || delayLocalNs < 0) throw new RangeError(`timer on ${this.topology.machines[node]!.id}: delay must be a non-negative integer of ns, got ${delayLocalNs}`);
    const state = this.nodes[node]!;
    const timer = this.nextTimerId++;
    const delayNs = Math.ceil(delayLocalNs / state.clockRate);
    const event = this.sim.scheduleAt(atNs + delayNs, this, 'timer', { node, timer, epoch: state.epoch, tag } satisfies TimerFiring);
    state.timers.set(timer, event);
    return timer;
  }

  /** @internal */
  cancelTimer(node: number, timer: TimerId): void {
    const state = this.nodes[node]!;
    const event = state.timers.get(timer);
    if (event === undefined) return;
    this.sim.cancel(event);
    state.timers.delete(timer);
  }

  /** @internal Marks the core busy until the end of the CPU time a handler charged. */
  occupyCore(node: number, core: number, untilNs: number): void {
    const state = this.nodes[node]!;
    if (state.up && untilNs > state.coreFreeAtNs[core]!) {
      state.coreFreeAtNs[core] = untilNs;
      if (untilNs > state.allCoresFreeAtNs) state.allCoresFreeAtNs = untilNs;
    }
  }

  /** @internal */
  machineClockHz(node: number): number {
    return this.topology.machines[node]!.clockHz;
  }

  /** @internal */
  machine(nodeId: string): number {
    const index = this.machineIndex.get(nodeId);
    if (index === undefined) throw new RangeError(`unknown node '${nodeId}'; the topology's machines are ${this.describeMachines()}`);
    return index;
  }

  private describeMachines(): string {
    const ids = this.topology.machines.map((m) => m.id);
    return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')}, … (${ids.length} in all)`;
  }

  private vertex(id: string, where: string): number {
    const index = this.vertexIndex.get(id);
    if (index === undefined) throw new RangeError(`${where}: unknown machine or device '${id}'`);
    return index;
  }

  private isPartitioned(from: number, to: number): boolean {
    for (const rule of this.partitions) if (rule.from.has(from) && rule.to.has(to)) return true;
    return false;
  }

  private inject(message: InFlight, atNs: number): void {
    const faults = this.messageFaults;
    const random = this.sim.random;
    let holdNs = faults.extraDelayNs;
    if (faults.extraDelayJitterNs > 0) holdNs += random.int(0, faults.extraDelayJitterNs);
    if (faults.reorderMaxDelayNs > 0 && random.chance(faults.reorderProbability)) holdNs += random.int(1, faults.reorderMaxDelayNs);
    const nic = this.topology.machines[message.from]!.nic;
    const txNs = Math.ceil(nic.txFixedNs + nic.txPerByteNs * message.bytes);
    if (message.from === message.to) {
      this.sim.scheduleAt(atNs + holdNs + txNs, this, 'deliver', message);
      return;
    }
    message.channel = this.upChannel[message.from]!;
    // Entering the sender's own link now needs no event: only this machine's messages use it.
    if (atNs + holdNs + txNs === this.sim.nowNs) this.arrive(message);
    else this.sim.scheduleAt(atNs + holdNs + txNs, this, 'hop', message);
  }

  /** A message is ready to enter `channel`: queue behind what is there, or drop if the buffer is full. */
  private arrive(message: InFlight): void {
    const channel = message.channel;
    const now = this.sim.nowNs;
    const busyUntil = this.channelBusyUntilNs[channel]!;
    const bandwidth = this.channelBandwidth[channel]!;
    const startNs = busyUntil > now ? busyUntil : now;
    if (busyUntil > now) {
      const backlogBytes = ((busyUntil - now) * bandwidth) / 8e9;
      if (backlogBytes + message.bytes > this.channelBufferBytes[channel]!) {
        this.drop(message, 'buffer-overflow');
        return;
      }
    }
    const endNs = startNs + Math.ceil((message.bytes * 8e9) / bandwidth);
    this.channelBusyUntilNs[channel] = endNs;
    this.options.onTransmit?.(this.channelName[channel]!, startNs, endNs, message.bytes);
    const arrivalNs = endNs + this.channelPropagationNs[channel]!;
    const vertex = this.channelTo[channel]!;
    if (vertex < this.machineCount) {
      const nic = this.topology.machines[vertex]!.nic;
      this.sim.scheduleAt(arrivalNs + Math.ceil(nic.rxFixedNs + nic.rxPerByteNs * message.bytes), this, 'deliver', message);
      return;
    }
    const device = vertex - this.machineCount;
    const destinationDevice = this.attachedDevice[message.to]!;
    const next = device === destinationDevice ? this.downChannel[message.to]! : this.nextHop(device, destinationDevice, message);
    message.channel = next;
    this.sim.scheduleAt(arrivalNs + this.forwardingNs[device]!, this, 'hop', message);
  }

  private deliver(message: InFlight): void {
    const node = this.nodes[message.to]!;
    if (!node.up || (message.queuedAtEpoch !== -1 && message.queuedAtEpoch !== node.epoch)) {
      this.drop(message, 'receiver-down');
      return;
    }
    if (this.isPartitioned(message.from, message.to)) {
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
    if (this.sim.tracing) this.sim.record('deliver', { id: message.id, copy: message.copy, from: this.topology.machines[message.from]!.id, to: this.topology.machines[message.to]!.id });
    const behavior = node.behavior;
    if (behavior === undefined) return;
    const ctx = this.context.enter(message.to, core);
    behavior.onMessage(ctx, {
      id: message.id, copy: message.copy, from: this.topology.machines[message.from]!.id,
      to: this.topology.machines[message.to]!.id, bytes: message.bytes, payload: message.payload, sentAtNs: message.sentAtNs,
    });
    this.context.leave();
  }

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
    if (this.sim.tracing) this.sim.record('timer', { node: this.topology.machines[firing.node]!.id, timer: firing.timer });
    const behavior = node.behavior;
    if (behavior === undefined) return;
    behavior.onTimer(this.context.enter(firing.node, core), firing.timer, firing.tag);
    this.context.leave();
  }

  private startNode(index: number): void {
    const factory = this.factories[index];
    if (factory === undefined) return;
    const node = this.nodes[index]!;
    node.behavior = factory(this.topology.machines[index]!.id);
    const core = earliestCore(node, this.sim.nowNs);
    node.behavior.start(this.context.enter(index, core));
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

  /** ECMP with flow-consistent hashing: every message of a (from, to) pair takes the same path, so
   * the network keeps per-pair FIFO order, while different pairs spread over equal-cost paths. */
  private nextHop(device: number, destinationDevice: number, message: InFlight): number {
    const choices = this.routes(destinationDevice)[device]!;
    if (choices.length === 0) throw new Error(`no route from ${this.topology.devices[device]!.id} to ${this.topology.machines[message.to]!.id}`);
    if (choices.length === 1) return choices[0]!;
    return choices[flowHash(message.from, message.to) % choices.length]!;
  }

  /** Shortest paths towards one device by propagation delay plus forwarding, then hop count; all
   * ties are kept as equal-cost choices, listed in link order (deterministic). */
  private routes(destinationDevice: number): number[][] {
    const cached = this.nextChannelsTo[destinationDevice];
    if (cached !== undefined) return cached;
    const deviceCount = this.topology.devices.length;
    const distance = new Float64Array(deviceCount).fill(Infinity);
    const hops = new Float64Array(deviceCount).fill(Infinity);
    const next: number[][] = Array.from({ length: deviceCount }, () => []);
    const done = new Uint8Array(deviceCount);
    distance[destinationDevice] = 0;
    hops[destinationDevice] = 0;
    for (;;) {
      let best = -1;
      for (let d = 0; d < deviceCount; d++) {
        if (done[d] || distance[d] === Infinity) continue;
        if (best === -1 || distance[d]! < distance[best]! || (distance[d] === distance[best] && hops[d]! < hops[best]!)) best = d;
      }
      if (best === -1) break;
      done[best] = 1;
      // Links are symmetric, so walking channels out of `best` and reversing them gives the way in.
      for (const channel of this.deviceAdjacency[best]!) {
        const neighbour = this.channelTo[channel]! - this.machineCount;
        if (done[neighbour]) continue;
        const viaDistance = distance[best]! + this.channelPropagationNs[channel]! + this.forwardingNs[neighbour]!;
        const viaHops = hops[best]! + 1;
        if (viaDistance < distance[neighbour]! || (viaDistance === distance[neighbour] && viaHops < hops[neighbour]!)) {
          distance[neighbour] = viaDistance;
          hops[neighbour] = viaHops;
          next[neighbour] = [channel ^ 1];
        } else if (viaDistance === distance[neighbour] && viaHops === hops[neighbour]) {
          next[neighbour]!.push(channel ^ 1);
        }
      }
    }
    this.nextChannelsTo[destinationDevice] = next;
    return next;
  }

  private startRandomCrashes(config: RandomCrashes): void {
    const candidates = config.nodes ?? this.machineIds;
    candidates.forEach((id) => this.machine(id));
    this.scheduleNextRandomCrash({ config, candidates });
  }

  private scheduleNextRandomCrash(state: RandomCrashState): void {
    // Exponential inter-arrival time: a Poisson process with the stated mean.
    const gapNs = Math.max(1, Math.round(-Math.log(1 - this.sim.random.float()) * state.config.meanTimeBetweenCrashesNs));
    this.sim.schedule(gapNs, this, 'random-crash', state);
  }

  private randomCrash(state: RandomCrashState): void {
    const up = state.candidates.filter((id) => this.isUp(id));
    if (up.length > 0) {
      const victim = up[this.sim.random.int(0, up.length - 1)]!;
      this.crash(victim);
      this.sim.schedule(state.config.restartAfterNs, this, 'random-restart', victim);
    }
    this.scheduleNextRandomCrash(state);
  }
}

interface RandomCrashState {
  config: RandomCrashes;
  candidates: string[];
}

/** A well-mixed 32-bit hash of a (from, to) pair (murmur3's finalizer), so that any modulus spreads pairs evenly. */
function flowHash(from: number, to: number): number {
  let h = Math.imul(from, 0x9e3779b1) ^ (to + 0x7f4a7c15);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function nodesNamedBy(action: FaultAction): string[] {
  switch (action.kind) {
    case 'crash':
    case 'restart':
    case 'clock-skew':
      return [action.node];
    case 'partition':
      return action.groups.flat();
    case 'heal':
    case 'message-faults':
      return [];
    default: {
      const unreachable: never = action;
      throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
    }
  }
}

function earliestCore(node: NodeState, nowNs: number): number {
  if (nowNs >= node.allCoresFreeAtNs) return 0;
  const freeAtNs = node.coreFreeAtNs;
  let best = 0;
  for (let i = 1; i < freeAtNs.length; i++) if (freeAtNs[i]! < freeAtNs[best]!) best = i;
  return best;
}

/** The one NodeContext object, re-pointed at the node whose handler runs (handlers do not nest). */
class MutableContext implements NodeContext {
  private node = -1;
  private core = 0;
  private cursorNs = 0;

  constructor(private readonly network: Network) {}

  enter(node: number, core: number): NodeContext {
    this.node = node;
    this.core = core;
    this.cursorNs = this.network.sim.nowNs;
    return this;
  }

  leave(): void {
    this.network.occupyCore(this.node, this.core, this.cursorNs);
    this.node = -1;
  }

  get nodeId(): string {
    return this.network.topology.machines[this.current()]!.id;
  }

  get localTimeNs(): number {
    return this.network.localTime(this.current());
  }

  get random(): SeededRandom {
    return this.network.sim.random;
  }

  send(to: string, bytes: number, payload: unknown): number {
    return this.network.sendAt(this.current(), this.network.machine(to), bytes, payload, this.cursorNs);
  }

  setTimer(delayNs: number, tag: unknown): TimerId {
    return this.network.setTimerAt(this.current(), delayNs, tag, this.cursorNs);
  }

  cancelTimer(timer: TimerId): void {
    this.network.cancelTimer(this.current(), timer);
  }

  chargeCycles(cycles: number): void {
    this.chargeNs(Math.ceil((cycles * 1e9) / this.network.machineClockHz(this.current())));
  }

  chargeNs(ns: number): void {
    if (!Number.isFinite(ns) || ns < 0) throw new RangeError(`chargeNs: expected a non-negative duration, got ${ns}`);
    this.cursorNs += Math.ceil(ns);
  }

  private current(): number {
    if (this.node < 0) throw new Error('a NodeContext was used outside its handler; keep work inside onMessage/onTimer/start');
    return this.node;
  }
}
