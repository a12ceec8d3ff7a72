// What a node's code sees (NodeBehavior, NodeContext) and the per-machine state behind it: up or
// down and its incarnation, its timers, its cores' CPU accounting and its skewed clock.
import type { SimEvent, Simulator } from '../engine/simulator.js';
import type { SeededRandom } from '../engine/seeded-random.js';

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

/** One machine as the network runs it. */
export interface NodeState {
  up: boolean;
  /** The incarnation: raised at every crash, so events meant for an earlier one are dropped. */
  epoch: number;
  behavior: NodeBehavior | undefined;
  timers: Map<TimerId, SimEvent>;
  coreFreeAtNs: number[];
  /** Max of coreFreeAtNs: from then on every core is idle, so dispatch needs no scan. */
  allCoresFreeAtNs: number;
  clockOffsetNs: number;
  clockRate: number;
}

export function newNodeState(cores: number): NodeState {
  return {
    up: true,
    epoch: 0,
    behavior: undefined,
    timers: new Map(),
    coreFreeAtNs: new Array<number>(cores).fill(0),
    allCoresFreeAtNs: 0,
    clockOffsetNs: 0,
    clockRate: 1,
  };
}

/** The node's clock: `floor(now·(1+drift/1e6)) + offset`. */
export function localTimeOf(node: NodeState, nowNs: number): number {
  return Math.floor(nowNs * node.clockRate) + node.clockOffsetNs;
}

/** The core that frees up first (0 when all are idle). */
export function earliestCore(node: NodeState, nowNs: number): number {
  if (nowNs >= node.allCoresFreeAtNs) return 0;
  const freeAtNs = node.coreFreeAtNs;
  let best = 0;
  for (let i = 1; i < freeAtNs.length; i++) if (freeAtNs[i]! < freeAtNs[best]!) best = i;
  return best;
}

/** Marks the core busy until the end of the CPU time a handler charged. */
export function occupyCore(node: NodeState, core: number, untilNs: number): void {
  if (node.up && untilNs > node.coreFreeAtNs[core]!) {
    node.coreFreeAtNs[core] = untilNs;
    if (untilNs > node.allCoresFreeAtNs) node.allCoresFreeAtNs = untilNs;
  }
}

/** What a NodeContext acts through; machines are topology indices. */
export interface ContextHost {
  readonly sim: Simulator;
  machine(nodeId: string): number;
  machineId(machine: number): string;
  machineClockHz(machine: number): number;
  localTime(machine: number): number;
  sendAt(from: number, to: number, bytes: number, payload: unknown, atNs: number): number;
  setTimerAt(machine: number, delayLocalNs: number, tag: unknown, atNs: number): TimerId;
  cancelTimerOn(machine: number, timer: TimerId): void;
  /** Called when the handler ends, with the end of the CPU time it charged. */
  occupyCore(machine: number, core: number, untilNs: number): void;
}

/** The one NodeContext object, re-pointed at the node whose handler runs (handlers do not nest). */
export class MutableContext implements NodeContext {
  private node = -1;
  private core = 0;
  private cursorNs = 0;

  constructor(private readonly host: ContextHost) {}

  enter(node: number, core: number): NodeContext {
    this.node = node;
    this.core = core;
    this.cursorNs = this.host.sim.nowNs;
    return this;
  }

  leave(): void {
    this.host.occupyCore(this.node, this.core, this.cursorNs);
    this.node = -1;
  }

  get nodeId(): string {
    return this.host.machineId(this.current());
  }

  get localTimeNs(): number {
    return this.host.localTime(this.current());
  }

  get random(): SeededRandom {
    return this.host.sim.random;
  }

  send(to: string, bytes: number, payload: unknown): number {
    return this.host.sendAt(this.current(), this.host.machine(to), bytes, payload, this.cursorNs);
  }

  setTimer(delayNs: number, tag: unknown): TimerId {
    return this.host.setTimerAt(this.current(), delayNs, tag, this.cursorNs);
  }

  cancelTimer(timer: TimerId): void {
    this.host.cancelTimerOn(this.current(), timer);
  }

  chargeCycles(cycles: number): void {
    this.chargeNs(Math.ceil((cycles * 1e9) / this.host.machineClockHz(this.current())));
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
