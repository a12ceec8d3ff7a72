// What one kernel step sees and produces: the inputs every subsystem reads (node, time, params)
// and the effects it writes, in order, with the costs to charge to the hardware model.
import type { Effect, ErrorCode, RunParameters, StepCost as ProtocolStepCost, TraceEvent } from '../../conformance/protocol/index.js';
import type { NodeId } from './ids.js';
import type { KernelFlag } from './bug-catalogue/catalogue.js';
import type { KernelPacket } from './packets.js';

/**
 * Costs of one step, reported to the suite in the step's `cost`, which charges them to the hardware
 * model. A tenant's CPU work (quotas, `compute`) is reported only by the steps that run some.
 */
export type StepCost = Required<Omit<ProtocolStepCost, 'cpuNs'>> & Pick<ProtocolStepCost, 'cpuNs'>;

/** Cycle costs of kernel work: round figures for a software kernel path, there to make load visible. */
export const cycleCost = {
  stepBase: 2_000,
  perPacketSent: 1_500,
  perEvent: 200,
  perPersist: 5_000,
} as const;

export class StepContext {
  readonly effects: Effect[] = [];
  readonly cost: StepCost = { cycles: cycleCost.stepBase, wireBytes: 0, persistedBytes: 0 };
  /** Packets a node sends to itself are handled inside the same step, after the current handler. */
  readonly loopback: KernelPacket[] = [];

  constructor(
    readonly node: NodeId,
    readonly incarnation: number,
    readonly nowNs: number,
    readonly nodes: readonly NodeId[],
    readonly params: RunParameters,
    readonly mutant: KernelFlag | undefined,
  ) {}

  event(event: TraceEvent): void {
    this.effects.push({ kind: 'event', event });
    this.cost.cycles += cycleCost.perEvent;
  }

  transmit(to: NodeId, packet: KernelPacket): void {
    if (to === this.node) {
      this.loopback.push(packet);
      return;
    }
    this.effects.push({ kind: 'send', to, payload: packet });
    this.cost.cycles += cycleCost.perPacketSent;
    this.cost.wireBytes += JSON.stringify(packet).length;
  }

  setTimer(timerId: string, afterNs: number): void {
    this.effects.push({ kind: 'setTimer', timerId, afterNs: Math.max(1, Math.ceil(afterNs)) });
  }

  /** `value === null` deletes the key (the suite keeps it as null; loaders skip nulls). */
  persist(key: string, value: unknown): void {
    this.effects.push({ kind: 'persist', key, value });
    this.cost.cycles += cycleCost.perPersist;
    this.cost.persistedBytes += key.length + JSON.stringify(value).length;
  }

  reply(opId: number, value: unknown): void {
    this.effects.push({ kind: 'reply', opId, value });
  }

  fail(opId: number, code: ErrorCode, text: string): void {
    this.effects.push({ kind: 'error', opId, code, text });
  }

  /** Whether this kernel runs the given mutant or catalogued bug (mutants.ts, bug-catalogue/); the correct kernel runs none. */
  mutantIs(mutant: KernelFlag): boolean {
    return this.mutant === mutant;
  }
}
