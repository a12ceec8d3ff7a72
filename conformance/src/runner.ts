// Runs one workload against one implementation on the hardware models' simulated network: the
// suite owns the clock, every packet between nodes, every timer and every fault, so the run
// replays from its seed. Produces the history the checkers read.
import { createHash } from 'node:crypto';
import {
  Network,
  Simulator,
  renameFaultNodes,
  type Component,
  type DeliveredMessage,
  type FaultAction,
  type Faults,
  type NodeBehavior,
  type NodeContext,
  type SimEvent,
  type TimerId,
  type TopologyGraph,
  type TraceSink,
} from '../../hardware-models/src/index.js';
import {
  VERSION_1_FEATURES,
  errorCodes,
  featureNames,
  replyValueSchemas,
  type DurableState,
  type Effect,
  type FeatureName,
  type Implementation,
  type Input,
  type Operation,
  type Capability,
  type ProtocolVersion,
  type RunParameters,
  type Step,
} from '../protocol/index.js';
import { ProtocolViolationError, truncate, type ProtocolViolation } from './drivers/protocol-violation.js';
import { formatIssues } from '../../conventions/index.js';
import { validateStep } from './drivers/validate-step.js';
import type { HistoryEntry } from './history.js';
import { clockSkewIssue, type WorkloadStep } from './test-case.js';
import { capabilityLabel, isQuotaWorkloadOp, notHandedOut, presented, resolveQuotaOp } from './quota-workload.js';
import { nodeMachines } from './hardware.js';

export interface RunSpec {
  /** Protocol node names n1..nK; node i runs on machine i of the topology. */
  nodes: string[];
  topology: TopologyGraph;
  params: RunParameters;
  faults: Faults;
  steps: WorkloadStep[];
  quietNs: number;
  seed: number;
  /** A bound on simulated events, so a run that never goes quiet still ends. */
  maxEvents?: number;
  /** Features the test needs; a port that does not declare them all ends the run at once, not applicable. */
  requiredFeatures?: readonly FeatureName[];
}

export type RunEnd =
  | { kind: 'finished' }
  | { kind: 'violation'; violation: ProtocolViolation }
  | { kind: 'event-limit'; events: number }
  | { kind: 'not-applicable'; missing: FeatureName[] };

/** What the port speaks and implements, from its answer to the first init (version 1: it said nothing). */
export interface PortDeclaration {
  protocolVersion: ProtocolVersion;
  features: FeatureName[];
}

/** Totals of the costs a port reported on its steps (see StepCost in the protocol). */
export interface RunCost {
  cycles: number;
  /** Bytes of the packets it sent, as charged to the network: its reported wireBytes, or the payload's JSON length. */
  wireBytes: number;
  persistedBytes: number;
  /** Steps that carried a cost. */
  steps: number;
}

export interface RunResult {
  history: HistoryEntry[];
  end: RunEnd;
  endNs: number;
  /** Absent when the run ended before the port answered its first init. */
  declaration?: PortDeclaration;
  /** Absent when no step reported a cost. */
  cost?: RunCost;
}

const DEFAULT_MAX_EVENTS = 2_000_000;

type TimerTag = { kind: 'workload'; step: number } | { kind: 'impl'; timerId: string };

/** Ends a run whose port lacks a feature the test needs, right after the handshake. */
class NotApplicable extends Error {
  constructor(readonly missing: FeatureName[]) {
    super(`not applicable: the implementation lacks ${missing.join(', ')}`);
  }
}

export function runWorkload(spec: RunSpec, impl: Implementation): RunResult {
  return new WorkloadRun(spec, impl).run();
}

class WorkloadRun implements Component {
  readonly name = 'conformance-runner';
  private readonly history: HistoryEntry[] = [];
  private readonly sim: Simulator;
  private readonly network: Network;
  private readonly machineOf = new Map<string, string>();
  private readonly nodeOfMachine = new Map<string, string>();
  private readonly incarnations = new Map<string, number>();
  private readonly durable = new Map<string, DurableState>();
  private readonly pending = new Map<number, { node: string; op: Operation; step: number }>();
  private readonly labels = new Map<string, string>();
  /** Capabilities the implementation handed out, by the label the workload gave them. */
  private readonly capabilities = new Map<string, Capability>();
  private readonly nodeOfPid = new Map<string, string>();
  private readonly packets = new Map<number, { from: string; to: string; sentNs: number }>();
  /** The first packet of each (from, to, payload): a later packet with the same payload is a resend of it. */
  private readonly firstWithPayload = new Map<string, number>();
  private readonly handledSteps = new Set<number>();
  /** Why the network dropped the packet being sent right now, if it did (see dropObserver). */
  private dropAtSend: string | undefined;
  private nextOpId = 0;
  private nextMessage = 1;
  private nextCall = 1;
  private nextWrite = 1;
  private nextStore = 1;
  private readonly endOfActivityNs: number;
  private declaration: PortDeclaration | undefined;
  private readonly cost: RunCost = { cycles: 0, wireBytes: 0, persistedBytes: 0, steps: 0 };

  constructor(private readonly spec: RunSpec, private readonly impl: Implementation) {
    if (spec.topology.machines.length < spec.nodes.length) {
      throw new RangeError(`the hardware has ${spec.topology.machines.length} machines; the test needs ${spec.nodes.length}`);
    }
    const skew = clockSkewIssue(spec.faults.schedule);
    if (skew !== undefined) throw new RangeError(skew);
    spec.nodes.forEach((node, i) => {
      const machine = spec.topology.machines[i]!.id;
      this.machineOf.set(node, machine);
      this.nodeOfMachine.set(machine, node);
    });
    this.sim = new Simulator({ seed: spec.seed, trace: this.dropObserver() });
    this.network = new Network(this.sim, spec.topology, { faults: { messages: spec.faults.messages, schedule: [] }, tracePayloads: false });
    const lastStep = Math.max(0, ...spec.steps.map((s) => s.atNs));
    const lastFault = Math.max(0, ...spec.faults.schedule.map((f) => f.atNs));
    this.endOfActivityNs = Math.max(lastStep, lastFault) + 1;
  }

  run(): RunResult {
    for (const node of this.spec.nodes) this.network.attach(this.machine(node), () => new NodeAdapter(this, node));
    for (const action of this.spec.faults.schedule) this.sim.scheduleAt(action.atNs, this, 'fault', action);
    this.spec.steps.forEach((step, i) => this.sim.scheduleAt(step.atNs, this, 'step-check', i));
    this.sim.scheduleAt(this.endOfActivityNs, this, 'settle');
    let end: RunEnd = { kind: 'finished' };
    try {
      const outcome = this.sim.run({ untilNs: this.endOfActivityNs + this.spec.quietNs, maxEvents: this.spec.maxEvents ?? DEFAULT_MAX_EVENTS });
      if (outcome.kind === 'event-limit') end = { kind: 'event-limit', events: outcome.events };
    } catch (error) {
      if (error instanceof NotApplicable) end = { kind: 'not-applicable', missing: error.missing };
      else if (error instanceof ProtocolViolationError) end = { kind: 'violation', violation: error.violation };
      else throw error;
    }
    return {
      history: this.history,
      end,
      endNs: this.sim.nowNs,
      ...(this.declaration ? { declaration: this.declaration } : {}),
      ...(this.cost.steps > 0 ? { cost: this.cost } : {}),
    };
  }

  handle(event: SimEvent): void {
    switch (event.kind) {
      case 'fault':
        return this.applyFault(event.data as FaultAction);
      case 'step-check': {
        const index = event.data as number;
        if (this.handledSteps.has(index)) return;
        const resolved = this.resolveStep(index);
        if (resolved.kind === 'skip') return this.skip(index, resolved.reason);
        if (!this.network.isUp(this.machine(resolved.node))) return this.skip(index, `node ${resolved.node} is down`);
        return; // the node's own workload timer issues it
      }
      case 'settle': {
        // Faults heal so that the quiet period shows whether the system recovers by itself.
        const atNs = this.sim.nowNs;
        this.applyFault({ kind: 'heal', atNs });
        this.applyFault({ kind: 'message-faults', atNs, faults: { lossProbability: 0, duplicationProbability: 0, reorderProbability: 0, extraDelayNs: 0, extraDelayJitterNs: 0 } });
        return;
      }
      default:
        throw new Error(`conformance runner: unknown event '${event.kind}'`);
    }
  }

  // ---- called by NodeAdapter, inside the node's handler ----

  start(node: string, ctx: NodeContext): void {
    const incarnation = this.incarnations.get(node) ?? 0;
    this.incarnations.set(node, incarnation + 1);
    if (incarnation > 0) this.history.push({ kind: 'restart', timeNs: this.sim.nowNs, node, incarnation });
    // The opening init is version 1, which every port reads; its answer says what the port speaks.
    const opening = this.declaration === undefined ? this.answer(this.init(node, ctx, incarnation)) : undefined;
    if (opening !== undefined && this.declaration!.protocolVersion === 1) this.applyStep(node, ctx, opening.step, opening.inputLine);
    // A version-2 port gets the same init again in its version, with the machines, before anything
    // else, and the opening answer's effects are dropped: the repeated init replaces what that one
    // set up (its timers would run twice). PROTOCOL.md, "Versions and features".
    else this.deliverInput(node, ctx, this.init(node, ctx, incarnation));
    const nowNs = this.sim.nowNs;
    this.spec.steps.forEach((step, i) => {
      if (step.atNs >= nowNs && !this.handledSteps.has(i)) ctx.setTimer(step.atNs - nowNs, { kind: 'workload', step: i } satisfies TimerTag);
    });
  }

  /** A node's init in the version the run speaks: 1 until the port has declared, with the machines from version 2. */
  private init(node: string, ctx: NodeContext, incarnation: number): Input {
    const protocolVersion = this.declaration?.protocolVersion ?? 1;
    return {
      kind: 'init',
      protocolVersion,
      node,
      nodes: this.spec.nodes,
      incarnation,
      timeNs: ctx.localTimeNs,
      params: this.spec.params,
      durable: structuredClone(this.durable.get(node) ?? {}),
      // Version 1 has no field for the machines (a version-1 program may refuse fields it does not know).
      ...(protocolVersion >= 2 ? { machines: nodeMachines(this.spec.topology, this.spec.nodes) } : {}),
    };
  }

  packet(node: string, ctx: NodeContext, message: DeliveredMessage): void {
    const from = this.nodeOfMachine.get(message.from)!;
    this.history.push({ kind: 'packet-delivered', timeNs: this.sim.nowNs, from, to: node, packetId: message.id, sentNs: message.sentAtNs });
    this.deliverInput(node, ctx, { kind: 'packet', node, timeNs: ctx.localTimeNs, from, payload: message.payload });
  }

  timer(node: string, ctx: NodeContext, tag: TimerTag): void {
    switch (tag.kind) {
      case 'impl':
        return this.deliverInput(node, ctx, { kind: 'timer', node, timeNs: ctx.localTimeNs, timerId: tag.timerId });
      case 'workload': {
        if (this.handledSteps.has(tag.step)) return;
        const resolved = this.resolveStep(tag.step);
        if (resolved.kind === 'skip' || resolved.node !== node) return;
        this.handledSteps.add(tag.step);
        const opId = this.nextOpId++;
        this.pending.set(opId, { node, op: resolved.op, step: tag.step });
        this.history.push({ kind: 'invoke', timeNs: this.sim.nowNs, node, opId, op: resolved.op });
        return this.deliverInput(node, ctx, { kind: 'op', node, timeNs: ctx.localTimeNs, opId, op: resolved.op });
      }
    }
  }

  // ---- internals ----

  private deliverInput(node: string, ctx: NodeContext | undefined, input: Input): void {
    const { step, inputLine } = this.answer(input);
    if (ctx === undefined) return; // a crashed node's answer has no effect
    this.applyStep(node, ctx, step, inputLine);
  }

  /** The port's step for `input`, held to the protocol's schema and the run's handshake. */
  private answer(input: Input): { step: Step; inputLine: string } {
    const inputLine = JSON.stringify(input);
    let step: Step;
    try {
      // In-process implementations are held to the same schema as subprocesses.
      step = validateStep(this.impl.step(input), inputLine);
    } catch (error) {
      if (error instanceof ProtocolViolationError) throw error;
      throw new ProtocolViolationError({ kind: 'exception', input: truncate(inputLine), detail: `step() threw: ${(error as Error)?.stack ?? String(error)}` });
    }
    this.handshake(step, inputLine);
    return { step, inputLine };
  }

  private applyStep(node: string, ctx: NodeContext, step: Step, inputLine: string): void {
    // The step's CPU time comes first: its packets leave and its timers start after it.
    if (step.cost?.cycles) ctx.chargeCycles(step.cost.cycles);
    if (step.cost?.cpuNs) ctx.chargeNs(step.cost.cpuNs); // a tenant's work (quotas, compute) occupies the core too
    const sizes = packetSizes(step);
    this.countCost(step, sizes);
    for (const [i, effect] of step.effects.entries()) this.applyEffect(node, ctx, effect, `effects[${i}]`, inputLine, sizes[i] ?? 0);
  }

  /**
   * The first answer of a run (to the opening init) says what the port speaks: a declaration, or
   * nothing for version 1. A later declaration must not contradict it.
   */
  private handshake(step: Step, inputLine: string): void {
    const declared = step.declaration;
    if (this.declaration !== undefined) {
      if (declared === undefined || (declared.protocolVersion === this.declaration.protocolVersion && sameFeatures(knownFeatures(declared.features), this.declaration.features))) return;
      throw new ProtocolViolationError({
        kind: 'declaration',
        input: truncate(inputLine),
        output: truncate(JSON.stringify(declared)),
        expected: `the declaration of the first answer, ${JSON.stringify(this.declaration)}`,
        detail: 'declaration: this contradicts the first answer; a port declares one protocol version and one set of features for the whole run',
      });
    }
    this.declaration = declared === undefined ? { protocolVersion: 1, features: [...VERSION_1_FEATURES] } : { protocolVersion: declared.protocolVersion, features: knownFeatures(declared.features) };
    const missing = (this.spec.requiredFeatures ?? []).filter((f) => !this.declaration!.features.includes(f));
    if (missing.length > 0) throw new NotApplicable(missing);
  }

  private countCost(step: Step, sizes: readonly number[]): void {
    if (step.cost === undefined) return;
    this.cost.steps++;
    this.cost.cycles += step.cost.cycles ?? 0;
    this.cost.persistedBytes += step.cost.persistedBytes ?? 0;
    this.cost.wireBytes += sizes.reduce((sum, bytes) => sum + bytes, 0);
  }

  private applyEffect(node: string, ctx: NodeContext, effect: Effect, where: string, inputLine: string, packetBytes: number): void {
    const bad = (detail: string, expected?: string): never => {
      throw new ProtocolViolationError({ kind: 'bad-effect', input: truncate(inputLine), output: truncate(JSON.stringify(effect)), detail: `${where}: ${detail}`, ...(expected ? { expected } : {}) });
    };
    switch (effect.kind) {
      case 'send': {
        const machine = this.machineOf.get(effect.to);
        if (machine === undefined) return bad(`send to unknown node '${effect.to}'; the nodes are ${this.spec.nodes.join(', ')}`);
        // A deep copy: in-process implementations must not share objects between nodes.
        const payload = structuredClone(effect.payload);
        const id = ctx.send(machine, packetBytes, payload);
        const timeNs = this.sim.nowNs;
        // A resend carries nothing its first copy did not, so causality (trace validation) counts from the first.
        const payloadKey = `${node} ${effect.to} ${createHash('sha1').update(JSON.stringify(payload) ?? '').digest('base64')}`;
        const first = this.firstWithPayload.get(payloadKey);
        if (first === undefined) this.firstWithPayload.set(payloadKey, id);
        this.history.push({ kind: 'packet-sent', timeNs, from: node, to: effect.to, packetId: id, ...(first !== undefined ? { resendOf: first } : {}) });
        const droppedAtSend = this.dropAtSend;
        this.dropAtSend = undefined;
        if (droppedAtSend !== undefined) this.history.push({ kind: 'packet-dropped', timeNs, from: node, to: effect.to, packetId: id, reason: droppedAtSend });
        else this.packets.set(id, { from: node, to: effect.to, sentNs: timeNs });
        return;
      }
      case 'setTimer':
        ctx.setTimer(effect.afterNs, { kind: 'impl', timerId: effect.timerId } satisfies TimerTag);
        return;
      case 'persist': {
        const store = this.durable.get(node) ?? {};
        store[effect.key] = structuredClone(effect.value);
        this.durable.set(node, store);
        return;
      }
      case 'reply':
      case 'error': {
        const pending = this.pending.get(effect.opId);
        if (pending === undefined) return bad(`${effect.kind} for opId ${effect.opId}, which is not an outstanding operation (unknown, or already answered)`);
        if (pending.node !== node) return bad(`${effect.kind} for opId ${effect.opId} from ${node}; the operation was issued at ${pending.node} and must be answered there`);
        this.pending.delete(effect.opId);
        const timeNs = this.sim.nowNs;
        if (effect.kind === 'error') {
          this.history.push({ kind: 'complete', timeNs, node, opId: effect.opId, outcome: { kind: 'error', code: effect.code, definite: errorCodes[effect.code].definite, text: effect.text } });
          return;
        }
        const parsed = replyValueSchemas[pending.op.kind].safeParse(effect.value);
        if (!parsed.success) return bad(`reply to a ${pending.op.kind}: ${formatIssues(parsed.error.issues, { max: 5 })}`, `replyValueSchemas.${pending.op.kind} in conformance/protocol/index.ts (PROTOCOL.md, Operations)`);
        if (pending.op.kind === 'spawn') {
          const { pid, node: placed } = parsed.data as { pid: string; node: string };
          const step = this.spec.steps[pending.step]!.op;
          if (step.kind === 'spawn') this.labels.set(step.as, pid);
          this.nodeOfPid.set(pid, placed);
        }
        const capabilityAs = capabilityLabel(this.spec.steps[pending.step]!.op);
        if (capabilityAs !== undefined) this.capabilities.set(capabilityAs, (parsed.data as { capability: Capability }).capability);
        this.history.push({ kind: 'complete', timeNs, node, opId: effect.opId, outcome: { kind: 'ok', value: parsed.data } });
        return;
      }
      case 'event':
        this.history.push({ kind: 'event', timeNs: this.sim.nowNs, node, event: effect.event });
        // A migrated process's operations are issued where it runs now.
        if (effect.event.kind === 'Switched' && this.nodeOfPid.has(effect.event.pid)) this.nodeOfPid.set(effect.event.pid, effect.event.to);
        return;
      default: {
        const unreachable: never = effect;
        throw new Error(`unknown effect ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Applies a fault through the hardware models' one fault path and records what it did. */
  private applyFault(action: FaultAction): void {
    if (!this.network.applyFault(renameFaultNodes(action, (node) => this.machine(node)))) return;
    const timeNs = this.sim.nowNs;
    switch (action.kind) {
      case 'crash': {
        this.history.push({ kind: 'crash', timeNs, node: action.node });
        for (const [opId, pending] of this.pending) {
          if (pending.node !== action.node) continue;
          this.pending.delete(opId);
          this.history.push({ kind: 'complete', timeNs, node: action.node, opId, outcome: { kind: 'lost' } });
        }
        // Processes die with their node: later steps naming them are skipped.
        for (const [pid, node] of this.nodeOfPid) if (node === action.node) this.nodeOfPid.delete(pid);
        for (const [label, pid] of this.labels) if (!this.nodeOfPid.has(pid)) this.labels.delete(label);
        this.deliverInput(action.node, undefined, { kind: 'crash', node: action.node, timeNs });
        return;
      }
      case 'partition':
        this.history.push({ kind: 'partition', timeNs, groups: action.groups });
        return;
      case 'heal':
        this.history.push({ kind: 'heal', timeNs });
        return;
      case 'restart': // recorded when the node starts again, with its incarnation
      case 'message-faults':
      case 'clock-skew':
        return;
    }
  }

  /** The protocol operation for a workload step, with labels resolved to the pids the implementation chose. */
  private resolveStep(index: number): { kind: 'issue'; node: string; op: Operation } | { kind: 'skip'; reason: string } {
    const step = this.spec.steps[index]!;
    const op = step.op;
    const pidOf = (label: string): string | undefined => this.labels.get(label);
    const missing = (label: string) => ({ kind: 'skip' as const, reason: `process '${label}' has no pid (its spawn failed or has not completed, or its node crashed)` });
    const nodeFor = (pid?: string) => step.node ?? (pid !== undefined ? this.nodeOfPid.get(pid) : undefined) ?? this.spec.nodes[0]!;
    const target = (recipient: string) => (recipient.startsWith('@') ? { kind: 'name' as const, name: recipient.slice(1) } : { kind: 'pid' as const, pid: pidOf(recipient)! });
    const unresolved = (recipient: string) => !recipient.startsWith('@') && pidOf(recipient) === undefined;
    if (isQuotaWorkloadOp(op)) {
      const resolved = resolveQuotaOp(op, this.capabilities, this.spec.nodes);
      return resolved.kind === 'op' ? { kind: 'issue', node: nodeFor(), op: resolved.op } : { kind: 'skip', reason: resolved.reason };
    }
    // The capability an operation reaching another tenant's process, name or segment presents (tenant isolation), as `{ capability }` to spread into the operation.
    const asking = 'capability' in op && op.kind !== 'spawn' ? op : undefined;
    const presenting = asking?.capability === undefined ? undefined : presented(asking.capability, asking.forge, this.capabilities, this.spec.nodes);
    if (asking?.capability !== undefined && presenting === undefined) return { kind: 'skip', reason: notHandedOut(asking.capability) };
    const shown = presenting !== undefined ? { capability: presenting } : {};
    switch (op.kind) {
      case 'spawn': {
        const placement = op.placement;
        const held = op.capability === undefined ? undefined : this.capabilities.get(op.capability);
        if (op.capability !== undefined && held === undefined) return { kind: 'skip', reason: notHandedOut(op.capability) };
        const charged = held === undefined ? {} : { capability: held };
        switch (placement.kind) {
          case 'near':
          case 'far': {
            const pid = pidOf(placement.of);
            if (pid === undefined) return missing(placement.of);
            return { kind: 'issue', node: nodeFor(), op: { kind: 'spawn', placement: { kind: placement.kind, pid }, ...charged } };
          }
          case 'here':
          case 'node':
          case 'zone':
            return { kind: 'issue', node: nodeFor(), op: { kind: 'spawn', placement: placement, ...(op.memory ? { memory: op.memory } : {}), ...charged } };
        }
        break;
      }
      case 'migrate':
      case 'read':
      case 'write': {
        const pid = pidOf(op.process);
        if (pid === undefined) return missing(op.process);
        if (op.kind === 'migrate') return { kind: 'issue', node: nodeFor(pid), op: { kind: 'migrate', pid, to: op.to, mode: op.mode, ...shown } };
        if (op.kind === 'read') return { kind: 'issue', node: nodeFor(pid), op: { kind: 'read', pid, page: op.page, ...shown } };
        // An explicit null clears the page (it is written as null), so only an absent value is made up.
        const value = op.value !== undefined ? op.value : `w${this.stepSerial(index, () => this.nextWrite++)}`;
        return { kind: 'issue', node: nodeFor(pid), op: { kind: 'write', pid, page: op.page, value, ...shown } };
      }
      case 'attach':
      case 'load':
      case 'store': {
        const pid = pidOf(op.process);
        if (pid === undefined) return missing(op.process);
        const { segment } = op;
        if (op.kind === 'attach') return { kind: 'issue', node: nodeFor(pid), op: { kind: 'attach', pid, segment, pages: op.pages, ...shown } };
        if (op.kind === 'load') return { kind: 'issue', node: nodeFor(pid), op: { kind: 'load', pid, segment, page: op.page } };
        const value = op.value ?? this.stepSerial(index, () => this.nextStore++);
        return { kind: 'issue', node: nodeFor(pid), op: { kind: 'store', pid, segment, page: op.page, value } };
      }
      case 'exit':
      case 'locate': {
        const pid = pidOf(op.process);
        if (pid === undefined) return missing(op.process);
        return op.kind === 'exit' ? { kind: 'issue', node: nodeFor(pid), op: { kind: 'exit', pid, ...shown } } : { kind: 'issue', node: nodeFor(), op: { kind: 'locate', pid } };
      }
      case 'register': {
        const pid = pidOf(op.process);
        if (pid === undefined) return missing(op.process);
        return { kind: 'issue', node: nodeFor(pid), op: { kind: 'register', pid, name: op.name, ...shown } };
      }
      case 'lookup':
        return { kind: 'issue', node: nodeFor(), op: { kind: 'lookup', name: op.name, ...shown } };
      case 'send':
      case 'call': {
        const from = pidOf(op.from);
        if (from === undefined) return missing(op.from);
        if (unresolved(op.to)) return missing(op.to);
        if (op.kind === 'send') {
          const n = this.stepSerial(index, () => this.nextMessage++);
          return { kind: 'issue', node: nodeFor(from), op: { kind: 'send', from, to: target(op.to), msgId: `m${n}`, body: op.body ?? `message ${n}`, ...shown } };
        }
        const n = this.stepSerial(index, () => this.nextCall++);
        return { kind: 'issue', node: nodeFor(from), op: { kind: 'call', from, to: target(op.to), callId: `c${n}`, semantics: op.semantics, args: { call: `c${n}`, n }, ...shown } };
      }
    }
    throw new Error(`unknown workload operation ${JSON.stringify(op)}`);
  }

  /** Message and call numbers are fixed per step the first time it is resolved, so re-resolving is stable. */
  private readonly serials = new Map<number, number>();
  private stepSerial(step: number, next: () => number): number {
    let n = this.serials.get(step);
    if (n === undefined) this.serials.set(step, (n = next()));
    return n;
  }

  private skip(step: number, reason: string): void {
    this.handledSteps.add(step);
    this.history.push({ kind: 'skipped', timeNs: this.sim.nowNs, step, reason });
  }

  private machine(node: string): string {
    const machine = this.machineOf.get(node);
    if (machine === undefined) throw new RangeError(`unknown node '${node}'; the nodes are ${this.spec.nodes.join(', ')}`);
    return machine;
  }

  /** The network reports drops only in its trace; this sink turns them into history entries. */
  private dropObserver(): TraceSink {
    return {
      write: (line: string) => {
        if (!line.includes('"event":"drop"')) return;
        const record = JSON.parse(line) as { t: number; id: number; reason: string };
        const packet = this.packets.get(record.id);
        if (packet) this.history.push({ kind: 'packet-dropped', timeNs: record.t, from: packet.from, to: packet.to, packetId: record.id, reason: record.reason });
        // A packet dropped as it is sent (loss, partition, a sender that is down) is reported
        // inside ctx.send, before the send returns its id; the send records it.
        else this.dropAtSend = record.reason;
      },
    };
  }
}

/** Feature names this suite knows, in registry order (a port newer than the suite may declare others). */
function knownFeatures(declared: readonly string[]): FeatureName[] {
  return featureNames.filter((f) => declared.includes(f));
}

function sameFeatures(a: readonly FeatureName[], b: readonly FeatureName[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/**
 * The size on the wire of each packet of a step, by effect index: the payload's JSON length, or,
 * when the step reports `cost.wireBytes`, that total split over its packets in proportion to it.
 */
function packetSizes(step: Step): number[] {
  const jsonBytes = step.effects.map((e) => (e.kind === 'send' ? Math.max(1, JSON.stringify(e.payload)?.length ?? 1) : 0));
  const reported = step.cost?.wireBytes;
  const total = jsonBytes.reduce((sum, bytes) => sum + bytes, 0);
  if (reported === undefined || total === 0) return jsonBytes;
  let left = reported;
  let remainingJson = total;
  return jsonBytes.map((bytes) => {
    if (bytes === 0) return 0;
    // The last packet takes what is left, so the sizes add up to what the port reported.
    const share = remainingJson === bytes ? left : Math.floor((reported * bytes) / total);
    left -= share;
    remainingJson -= bytes;
    return Math.max(1, share);
  });
}

/** The hardware model's view of one node: start, packets and timers, forwarded to the run. */
class NodeAdapter implements NodeBehavior {
  constructor(private readonly run: WorkloadRun, private readonly node: string) {}

  start(ctx: NodeContext): void {
    this.run.start(this.node, ctx);
  }

  onMessage(ctx: NodeContext, message: DeliveredMessage): void {
    this.run.packet(this.node, ctx, message);
  }

  onTimer(ctx: NodeContext, _timer: TimerId, tag: unknown): void {
    this.run.timer(this.node, ctx, tag as TimerTag);
  }
}
