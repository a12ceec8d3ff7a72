// A scripted cluster for the kernel's own tests and the bug catalogue's scenarios: the reference
// kernel (or one of its flagged bugs) on three nodes, on a network the script controls packet by
// packet, with virtual time and crashes. It is not the conformance suite: no checker, no
// generator, only the kernel's own inputs and effects, so that a scenario proves a bug real
// independently of the tests that may catch it.
import type { Effect, NodeMachine, Operation, RunParameters, TraceEvent } from '../../../conformance/protocol/index.js';
import type { KernelPacket } from '../packets.js';
import { ReferenceImplementation, type ReferenceOptions } from '../reference-implementation.js';

export interface InFlight {
  from: string;
  to: string;
  packet: KernelPacket;
}

/** What the script does with a packet in flight: deliver it now, lose it, or keep it for later. */
export type Fate = 'deliver' | 'drop' | 'hold';
export type Network = (p: InFlight) => Fate;
export const perfect: Network = () => 'deliver';

interface Timer {
  node: string;
  incarnation: number;
  timerId: string;
  atNs: number;
}

export const defaultParams: RunParameters = { zones: { n1: 'z1', n2: 'z2', n3: 'z3' }, retryIntervalNs: 1_000, callTimeoutNs: 10_000, dedupCapacity: 8 };

export class ScriptedCluster {
  readonly nodes = ['n1', 'n2', 'n3'];
  private readonly implementation: ReferenceImplementation;
  /** What each node persisted (survives its crashes). */
  readonly durable = new Map<string, Record<string, unknown>>(this.nodes.map((n) => [n, {}]));
  private readonly incarnation = new Map<string, number>(this.nodes.map((n) => [n, 0]));
  private readonly up = new Set(this.nodes);
  private timers: Timer[] = [];
  /** Packets sent and not yet delivered or dropped. */
  inFlight: InFlight[] = [];
  /** Every answer (reply or error) per operation, in order: more than one is a bug. */
  readonly answers = new Map<number, Effect[]>();
  readonly events: { node: string; event: TraceEvent }[] = [];
  nowNs = 0;
  private nextOp = 0;

  /** `machines`: every node's machine, told at each init as protocol version 2 does (default: none, version 1). */
  constructor(flag?: ReferenceOptions['mutant'], readonly params: RunParameters = defaultParams, private readonly machines?: Record<string, NodeMachine>) {
    this.implementation = new ReferenceImplementation(flag === undefined ? {} : { mutant: flag });
    for (const node of this.nodes) this.boot(node);
  }

  /** Issues an operation at `node`; returns its opId. */
  op(node: string, op: Operation): number {
    const opId = this.nextOp++;
    this.apply(node, this.implementation.step({ kind: 'op', node, timeNs: this.nowNs, opId, op }).effects);
    return opId;
  }

  /** Issues an operation at `node`, settles a perfect network, and returns its first answer. */
  opSettled(node: string, op: Operation): Effect | undefined {
    const opId = this.op(node, op);
    this.settle(perfect);
    return this.answer(opId);
  }

  /** Spawns a process on `node` over a perfect network and returns its pid. */
  spawn(node: string): string {
    const answer = this.opSettled(node, { kind: 'spawn', placement: { kind: 'here' } });
    if (answer?.kind !== 'reply') throw new Error(`spawn on ${node} was not answered: ${JSON.stringify(answer)}`);
    return String((answer.value as { pid: string }).pid);
  }

  /** The first answer of an operation. */
  answer(opId: number): Effect | undefined {
    return this.answers.get(opId)?.[0];
  }

  /** Delivers and drops packets as `network` says until every packet left in flight is held. */
  settle(network: Network): void {
    // The network is asked once per packet and per pass, so a script may count (e.g. lose the first copy only).
    for (;;) {
      let chosen: { index: number; fate: Fate } | undefined;
      for (const [index, p] of this.inFlight.entries()) {
        const fate = network(p);
        if (fate !== 'hold') {
          chosen = { index, fate };
          break;
        }
      }
      if (chosen === undefined) return;
      const p = this.inFlight.splice(chosen.index, 1)[0]!;
      if (chosen.fate === 'drop' || !this.up.has(p.to)) continue;
      this.apply(p.to, this.implementation.step({ kind: 'packet', node: p.to, timeNs: this.nowNs, from: p.from, payload: p.packet }).effects);
    }
  }

  /** Moves time to `untilNs`, firing due timers in order, with the network settled before each. */
  advance(untilNs: number, network: Network): void {
    for (;;) {
      this.settle(network);
      const next = this.timers.filter((t) => t.atNs <= untilNs).sort((a, b) => a.atNs - b.atNs)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.nowNs = Math.max(this.nowNs, next.atNs);
      if (this.up.has(next.node) && this.incarnation.get(next.node) === next.incarnation) {
        this.apply(next.node, this.implementation.step({ kind: 'timer', node: next.node, timeNs: this.nowNs, timerId: next.timerId }).effects);
      }
    }
    this.nowNs = Math.max(this.nowNs, untilNs);
  }

  crash(node: string): void {
    this.implementation.step({ kind: 'crash', node, timeNs: this.nowNs });
    this.up.delete(node);
    this.timers = this.timers.filter((t) => t.node !== node);
  }

  restart(node: string): void {
    this.incarnation.set(node, this.incarnation.get(node)! + 1);
    this.up.add(node);
    this.boot(node);
  }

  delivered(msgId: string): string[] {
    return this.events.flatMap(({ event }) => (event.kind === 'Delivered' && event.msgId === msgId ? [event.to] : []));
  }

  /** The msgIds delivered, in order. */
  deliveries(): string[] {
    return this.events.flatMap(({ event }) => (event.kind === 'Delivered' ? [event.msgId] : []));
  }

  executions(callId: string): number {
    return this.events.filter(({ event }) => event.kind === 'Executed' && event.callId === callId).length;
  }

  private boot(node: string): void {
    const told = this.machines === undefined ? { protocolVersion: 1 as const } : { protocolVersion: 2 as const, machines: this.machines };
    const init = { kind: 'init', ...told, node, nodes: this.nodes, incarnation: this.incarnation.get(node)!, timeNs: this.nowNs, params: this.params, durable: { ...this.durable.get(node)! } } as const;
    this.apply(node, this.implementation.step(init).effects);
  }

  private apply(node: string, effects: Effect[]): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'send':
          this.inFlight.push({ from: node, to: effect.to, packet: effect.payload as KernelPacket });
          break;
        case 'persist':
          this.durable.get(node)![effect.key] = effect.value;
          break;
        case 'reply':
        case 'error':
          this.answers.set(effect.opId, [...(this.answers.get(effect.opId) ?? []), effect]);
          break;
        case 'event':
          this.events.push({ node, event: effect.event });
          break;
        case 'setTimer':
          this.timers.push({ node, incarnation: this.incarnation.get(node)!, timerId: effect.timerId, atNs: this.nowNs + effect.afterNs });
          break;
      }
    }
  }
}

/** Packet predicates for scripts. */
export const is = {
  message: (msgId: string) => (p: InFlight) => p.packet.kind === 'link-data' && p.packet.body.kind === 'message' && p.packet.body.msgId === msgId,
  linkAck: (p: InFlight) => p.packet.kind === 'link-ack',
  rpcRequest: (callId: string) => (p: InFlight) => p.packet.kind === 'rpc-request' && p.packet.callId === callId,
  rpcReply: (callId: string) => (p: InFlight) => p.packet.kind === 'rpc-reply' && p.packet.callId === callId,
  kernelRequest: (kind: string) => (p: InFlight) => p.packet.kind === 'link-data' && p.packet.body.kind === 'request' && p.packet.body.request.kind === kind,
  kernelResponse: (p: InFlight) => p.packet.kind === 'link-data' && p.packet.body.kind === 'response',
};
