// Test support, not an implementation to copy: a tiny in-process implementation whose processes
// all live on the node that spawns them, with an optional planted bug. Tests of the runner,
// checkers and shrinking use it so that they need not import the reference kernel.
import { PROTOCOL_VERSION, type Effect, type FeatureName, type Implementation, type Input, type Step, type StepCost, type TraceEvent } from '../../protocol/index.js';

export interface FakeOptions {
  /** Planted bug: the third message a process sends is delivered twice. */
  duplicateThirdSend?: boolean;
  /** Declare these features (protocol version 2) at init; by default it declares nothing, as a version-1 port. */
  features?: FeatureName[];
  /** Report this cost on every step. */
  costPerStep?: StepCost;
}

export class SingleNodeFake implements Implementation {
  readonly name = 'single-node fake';
  private nextPid = 1;
  private readonly alive = new Set<string>();
  private readonly names = new Map<string, string>();
  private readonly sentBy = new Map<string, number>();

  constructor(private readonly options: FakeOptions = {}) {}

  step(input: Input): Step {
    const step = this.answer(input);
    return this.options.costPerStep === undefined ? step : { ...step, cost: this.options.costPerStep };
  }

  private answer(input: Input): Step {
    const effects: Effect[] = [];
    const event = (e: TraceEvent) => effects.push({ kind: 'event', event: e });
    if (input.kind === 'init' && this.options.features !== undefined) {
      return { kind: 'step', effects, declaration: { protocolVersion: PROTOCOL_VERSION, features: this.options.features } };
    }
    if (input.kind !== 'op') return { kind: 'step', effects };
    const { op, opId, node } = input;
    const reply = (value: unknown) => effects.push({ kind: 'reply', opId, value });
    const notFound = (what: string) => effects.push({ kind: 'error', opId, code: 'not_found', text: `no ${what}` });
    const resolve = (to: { kind: 'pid'; pid: string } | { kind: 'name'; name: string }) => (to.kind === 'pid' ? to.pid : this.names.get(to.name));
    switch (op.kind) {
      case 'spawn': {
        const pid = `p${this.nextPid++}@${node}`;
        this.alive.add(pid);
        event({ kind: 'Spawned', pid, node });
        reply({ pid, node });
        break;
      }
      case 'exit':
        this.alive.delete(op.pid);
        event({ kind: 'Exited', pid: op.pid });
        reply({});
        break;
      case 'register':
        this.names.set(op.name, op.pid);
        event({ kind: 'Registered', name: op.name, pid: op.pid });
        reply({});
        break;
      case 'lookup': {
        const pid = this.names.get(op.name);
        if (pid === undefined) notFound(`name ${op.name}`);
        else reply({ pid });
        break;
      }
      case 'locate':
        reply({ node, zone: 'z1' });
        break;
      case 'send': {
        const to = resolve(op.to);
        if (to === undefined || !this.alive.has(to)) {
          notFound('receiver');
          break;
        }
        const count = (this.sentBy.get(op.from) ?? 0) + 1;
        this.sentBy.set(op.from, count);
        event({ kind: 'Sent', msgId: op.msgId, from: op.from, to });
        event({ kind: 'Delivered', msgId: op.msgId, from: op.from, to, body: op.body });
        if (this.options.duplicateThirdSend && count === 3) event({ kind: 'Delivered', msgId: op.msgId, from: op.from, to, body: op.body });
        reply({});
        break;
      }
      case 'call': {
        const server = resolve(op.to);
        if (server === undefined) {
          notFound('server');
          break;
        }
        event({ kind: 'CallStarted', callId: op.callId, client: op.from, server, semantics: op.semantics });
        event({ kind: 'Executed', callId: op.callId, server });
        event({ kind: 'Replied', callId: op.callId, server });
        event({ kind: 'ReplyReceived', callId: op.callId, client: op.from, result: op.args });
        reply({ result: op.args });
        break;
      }
    }
    return { kind: 'step', effects };
  }
}
