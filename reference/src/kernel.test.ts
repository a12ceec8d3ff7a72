// The kernel with its subsystems together, driven through the in-process Implementation over a
// perfect network (every packet delivered at once, in order; timers never fire).
import t from 'tap';
import type { Effect, Operation, TraceEvent } from '../../conformance/protocol/index.js';
import { directoryNode } from './naming/registry.js';
import { ReferenceImplementation } from './reference-implementation.js';

const nodes = ['n1', 'n2', 'n3'];
const params = { zones: { n1: 'z1', n2: 'z2', n3: 'z3' }, retryIntervalNs: 1_000, callTimeoutNs: 100_000, dedupCapacity: 8 };

class PerfectNetwork {
  readonly implementation = new ReferenceImplementation();
  readonly durable = new Map<string, Record<string, unknown>>(nodes.map((n) => [n, {}]));
  readonly answers = new Map<number, Effect>();
  readonly log: { node: string; event: TraceEvent }[] = [];
  private nextOp = 0;

  constructor() {
    for (const node of nodes) this.boot(node, 0);
  }

  boot(node: string, incarnation: number): void {
    this.drain(node, this.implementation.step({ kind: 'init', protocolVersion: 1, node, nodes, incarnation, timeNs: 0, params, durable: { ...this.durable.get(node)! } }).effects);
  }

  crash(node: string): void {
    this.implementation.step({ kind: 'crash', node, timeNs: 0 });
  }

  op(node: string, op: Operation): Effect | undefined {
    const opId = this.nextOp++;
    this.drain(node, this.implementation.step({ kind: 'op', node, timeNs: 0, opId, op }).effects);
    return this.answers.get(opId);
  }

  /** Runs an operation but holds back the packets it sends, so that a later `op` overtakes them;
   * `release` delivers them. Returns the operation's id. */
  opHoldingPackets(node: string, op: Operation): { opId: number; release: () => void } {
    const opId = this.nextOp++;
    const effects = this.implementation.step({ kind: 'op', node, timeNs: 0, opId, op }).effects;
    this.drain(node, effects.filter((e) => e.kind !== 'send'));
    return { opId, release: () => this.drain(node, effects.filter((e) => e.kind === 'send')) };
  }

  answer(opId: number): Effect | undefined {
    return this.answers.get(opId);
  }

  private drain(node: string, first: Effect[]): void {
    const queue: { node: string; effects: Effect[] }[] = [{ node, effects: first }];
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
      for (const effect of item.effects) {
        switch (effect.kind) {
          case 'send':
            queue.push({ node: effect.to, effects: this.implementation.step({ kind: 'packet', node: effect.to, timeNs: 0, from: item.node, payload: effect.payload }).effects });
            break;
          case 'persist':
            this.durable.get(item.node)![effect.key] = effect.value;
            break;
          case 'reply':
          case 'error':
            this.answers.set(effect.opId, effect);
            break;
          case 'event':
            this.log.push({ node: item.node, event: effect.event });
            break;
          case 'setTimer':
            break;
        }
      }
    }
  }
}

/** A name whose directory is `node` (names are spread by hash, so search a few). */
function nameOn(node: string): string {
  const name = Array.from({ length: 100 }, (_, i) => `name-${i}`).find((n) => directoryNode(n, nodes) === node);
  if (name === undefined) throw new Error(`no name hashes to ${node}`);
  return name;
}

const pidOf = (answer: Effect | undefined) => (answer as { value: { pid: string } }).value.pid;

t.test('sends of one process leave in operation order even when a name must be looked up remotely', async (t) => {
  const net = new PerfectNetwork();
  const a = pidOf(net.op('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  const b = pidOf(net.op('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  const remote = nameOn('n3'); // its lookup from n1 is a request over the link
  net.op('n2', { kind: 'register', pid: b, name: remote });
  net.op('n1', { kind: 'send', from: a, to: { kind: 'name', name: remote }, msgId: 'first', body: 1 });
  net.op('n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'second', body: 2 });
  const sent = net.log.filter((e) => e.event.kind === 'Sent').map((e) => (e.event as { msgId: string }).msgId);
  const delivered = net.log.filter((e) => e.event.kind === 'Delivered').map((e) => (e.event as { msgId: string }).msgId);
  t.same(sent, ['first', 'second']);
  t.same(delivered, ['first', 'second']);
});

t.test('a send waiting for its name lookup fails when its sender exits, instead of going unanswered', async (t) => {
  const net = new PerfectNetwork();
  const a = pidOf(net.op('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  const b = pidOf(net.op('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  const remote = nameOn('n3');
  net.op('n2', { kind: 'register', pid: b, name: remote });
  const send = net.opHoldingPackets('n1', { kind: 'send', from: a, to: { kind: 'name', name: remote }, msgId: 'late', body: 0 });
  const exitAnswer = net.op('n1', { kind: 'exit', pid: a });
  t.match(net.answer(send.opId), { kind: 'error', code: 'not_found' }, 'the queued send is answered when its sender exits');
  t.equal(exitAnswer, undefined, 'the exit itself waits for n3, whose link is blocked behind the held lookup');
  send.release();
  t.same(net.answer(send.opId + 1), { kind: 'reply', opId: send.opId + 1, value: {} }, 'the exit completes once the link drains');
  t.equal(net.log.filter((e) => e.event.kind === 'Sent').length, 0, 'the send is never made');
});

t.test('names survive a crash of their directory; processes do not survive theirs', async (t) => {
  const net = new PerfectNetwork();
  const b = pidOf(net.op('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  const svc = nameOn('n3');
  net.op('n2', { kind: 'register', pid: b, name: svc });
  t.same(Object.keys(net.durable.get('n3')!), [`name/${svc}`], 'the directory holds the name durably');
  net.crash('n3');
  net.boot('n3', 1);
  t.same(net.op('n1', { kind: 'lookup', name: svc }), { kind: 'reply', opId: 2, value: { pid: b } }, 'the restarted directory still knows it');
  net.crash('n2');
  net.boot('n2', 1);
  t.match(net.op('n1', { kind: 'locate', pid: b }), { kind: 'error', code: 'not_found' });
  t.match(net.op('n1', { kind: 'lookup', name: svc }), { kind: 'error', code: 'not_found' }, 'a name of a process lost in a crash resolves to nothing');
});

t.test('an exit is answered only after every directory dropped the names', async (t) => {
  const net = new PerfectNetwork();
  const a = pidOf(net.op('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  for (const name of ['x', 'y', 'z', 'w']) net.op('n3', { kind: 'register', pid: a, name });
  t.same(net.op('n2', { kind: 'exit', pid: a }), { kind: 'reply', opId: 5, value: {} });
  for (const node of nodes) t.same(Object.entries(net.durable.get(node)!).filter(([, v]) => v !== null), [], `${node} holds no binding`);
  t.match(net.op('n2', { kind: 'exit', pid: a }), { kind: 'error', code: 'not_found' });
});

t.test('an input for a node that is not running, or a foreign packet, is an error naming it', async (t) => {
  const implementation = new ReferenceImplementation();
  t.throws(() => implementation.step({ kind: 'timer', node: 'n7', timeNs: 0, timerId: 'x' }), /node n7, which is not running/);
  implementation.step({ kind: 'init', protocolVersion: 1, node: 'n1', nodes, incarnation: 0, timeNs: 0, params, durable: {} });
  t.throws(() => implementation.step({ kind: 'packet', node: 'n1', timeNs: 0, from: 'n2', payload: { hello: 1 } }), /packet from n2 is not a reference-kernel packet: \{"hello":1\}/);
});

t.test('a send to an unbound name fails without blocking the sends behind it; a call by name reaches the bound process', async (t) => {
  const net = new PerfectNetwork();
  const a = pidOf(net.op('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  const b = pidOf(net.op('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  t.match(net.op('n1', { kind: 'send', from: a, to: { kind: 'name', name: nameOn('n2') }, msgId: 'lost', body: 0 }), { kind: 'error', code: 'not_found' });
  t.same(net.op('n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'next', body: 1 }), { kind: 'reply', opId: 3, value: {} });
  net.op('n3', { kind: 'register', pid: b, name: 'echo' });
  t.same(net.op('n1', { kind: 'call', from: a, to: { kind: 'name', name: 'echo' }, callId: 'c1', semantics: 'exactly-once', args: [1, 2] }), { kind: 'reply', opId: 5, value: { result: [1, 2] } });
  t.match(net.log.find((e) => e.event.kind === 'CallStarted')?.event, { server: b });
  t.match(net.op('n1', { kind: 'call', from: b, to: { kind: 'pid', pid: a }, callId: 'c2', semantics: 'at-least-once', args: 0 }), { kind: 'error', code: 'not_found' }, 'a call is issued at the client\'s node');
});
