// Runs an implementation's nodes on the hardware models: each node is a NodeBehavior that
// feeds the network's messages and timers to `step`, charges each step's CPU cycles, sends its
// packets through the simulated network and keeps its durable storage across crashes.
// This is how the reference kernel runs "on the hardware"; tests use it for end-to-end runs.
import { Network, Simulator, starTopology, type Faults, type NodeBehavior, type NodeContext } from '../../hardware-models/src/index.js';
import type { Implementation, Input, Operation, RunParameters, Step, TraceEvent } from '../../conformance/protocol/index.js';
import type { NodeId } from './ids.js';

export interface ScheduledOperation {
  atNs: number;
  node: NodeId;
  op: Operation;
}

export interface ClusterRunOptions {
  nodes: NodeId[];
  params: RunParameters;
  seed: number;
  faults?: Faults;
  /** Operations in any order; opId is the index in this array. */
  workload: ScheduledOperation[];
  untilNs: number;
  /** CPU cycles the step just taken used (e.g. from ReferenceOptions.onCost); charged to the node's core before its sends leave. */
  lastStepCycles?: () => number;
}

export type OperationOutcome = { kind: 'reply'; value: unknown } | { kind: 'error'; code: string; text: string };

export interface ObservedEvent {
  timeNs: number;
  node: NodeId;
  event: TraceEvent;
}

export interface ClusterRunResult {
  events: ObservedEvent[];
  /** By opId; absent when the operation never completed (its node crashed, or the run ended). */
  outcomes: Map<number, OperationOutcome>;
  packetsSent: number;
  /** Bytes of packet payloads (as JSON) the kernels handed to the network. */
  wireBytes: number;
  packetsDropped: number;
  cyclesCharged: number;
}

type Tag = { kind: 'kernel'; timerId: string } | { kind: 'op'; opId: number };

function synchronous(step: Step | Promise<Step>): Step {
  if (step instanceof Promise) throw new Error('runOnSimulator needs an implementation whose step() returns synchronously');
  return step;
}

export function runOnSimulator(implementation: Implementation, options: ClusterRunOptions): ClusterRunResult {
  const sim = new Simulator({ seed: options.seed });
  const net = new Network(sim, starTopology(options.nodes), options.faults === undefined ? {} : { faults: options.faults, tracePayloads: false });
  const result: ClusterRunResult = { events: [], outcomes: new Map(), packetsSent: 0, wireBytes: 0, packetsDropped: 0, cyclesCharged: 0 };
  const durable = new Map<NodeId, Record<string, unknown>>(options.nodes.map((n) => [n, {}]));
  const incarnations = new Map<NodeId, number>();

  const apply = (ctx: NodeContext, step: Step): void => {
    for (const effect of step.effects) {
      switch (effect.kind) {
        case 'send': {
          const bytes = JSON.stringify(effect.payload).length;
          ctx.send(effect.to, bytes, effect.payload);
          result.packetsSent++;
          result.wireBytes += bytes;
          break;
        }
        case 'setTimer':
          ctx.setTimer(effect.afterNs, { kind: 'kernel', timerId: effect.timerId } satisfies Tag);
          break;
        case 'persist':
          durable.get(ctx.nodeId)![effect.key] = effect.value;
          break;
        case 'reply':
          result.outcomes.set(effect.opId, { kind: 'reply', value: effect.value });
          break;
        case 'error':
          result.outcomes.set(effect.opId, { kind: 'error', code: effect.code, text: effect.text });
          break;
        case 'event':
          result.events.push({ timeNs: sim.nowNs, node: ctx.nodeId, event: effect.event });
          break;
      }
    }
  };
  const run = (ctx: NodeContext, input: Input): void => {
    const step = synchronous(implementation.step(input));
    if (options.lastStepCycles !== undefined) {
      const cycles = options.lastStepCycles();
      result.cyclesCharged += cycles;
      ctx.chargeCycles(cycles);
    }
    apply(ctx, step);
  };

  const behavior = (node: NodeId): NodeBehavior => ({
    start(ctx) {
      const incarnation = incarnations.has(node) ? incarnations.get(node)! + 1 : 0;
      incarnations.set(node, incarnation);
      if (incarnation > 0) synchronous(implementation.step({ kind: 'crash', node, timeNs: ctx.localTimeNs }));
      run(ctx, {
        kind: 'init', protocolVersion: 1, node, nodes: options.nodes, incarnation, timeNs: ctx.localTimeNs,
        params: options.params, durable: { ...durable.get(node)! },
      });
      options.workload.forEach((scheduled, opId) => {
        if (scheduled.node === node && scheduled.atNs >= ctx.localTimeNs) {
          ctx.setTimer(Math.max(0, scheduled.atNs - ctx.localTimeNs), { kind: 'op', opId } satisfies Tag);
        }
      });
    },
    onMessage(ctx, message) {
      run(ctx, { kind: 'packet', node, timeNs: ctx.localTimeNs, from: message.from, payload: message.payload });
    },
    onTimer(ctx, _timer, tag) {
      const t = tag as Tag;
      switch (t.kind) {
        case 'kernel':
          return run(ctx, { kind: 'timer', node, timeNs: ctx.localTimeNs, timerId: t.timerId });
        case 'op':
          return run(ctx, { kind: 'op', node, timeNs: ctx.localTimeNs, opId: t.opId, op: options.workload[t.opId]!.op });
      }
    },
  });
  for (const node of options.nodes) net.attach(node, behavior);
  sim.run({ untilNs: options.untilNs, maxEvents: 5_000_000 });
  result.packetsDropped = net.stats().messagesDropped;
  return result;
}
