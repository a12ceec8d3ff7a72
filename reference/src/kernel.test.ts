// The kernel with its subsystems together, driven through the in-process Implementation over a
// perfect network (every packet delivered at once, in order; timers never fire).
import t from 'tap';
import type { Effect, Operation } from '../../conformance/protocol/index.js';
import { directoryNode } from './naming/registry.js';
import { ReferenceImplementation } from './reference-implementation.js';
import { perfect, ScriptedCluster, type InFlight } from './testing/scripted-cluster.js';

const nodes = ['n1', 'n2', 'n3'];
const params = { zones: { n1: 'z1', n2: 'z2', n3: 'z3' }, retryIntervalNs: 1_000, callTimeoutNs: 100_000, dedupCapacity: 8 };

/** The correct kernel on a perfect network (every packet delivered at once, in order; no timer
 * fires), except packets a test holds back. */
class PerfectNetwork extends ScriptedCluster {
  private readonly held = new Set<InFlight>();

  /** Runs an operation and returns its first answer. */
  run(node: string, op: Operation): Effect | undefined {
    const opId = this.op(node, op);
    this.settle((p) => (this.held.has(p) ? 'hold' : 'deliver'));
    return this.answer(opId);
  }

  /** Runs an operation but holds back the packets it sends, so that later operations overtake
   * them; `release` delivers them. Returns the operation's id. */
  runHoldingPackets(node: string, op: Operation): { opId: number; release: () => void } {
    const before = new Set(this.inFlight);
    const opId = this.op(node, op);
    for (const p of this.inFlight) if (!before.has(p)) this.held.add(p);
    const release = () => {
      this.held.clear();
      this.settle(perfect);
    };
    return { opId, release };
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
  const net = new PerfectNetwork(undefined, params);
  const a = pidOf(net.run('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  const b = pidOf(net.run('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  const remote = nameOn('n3'); // its lookup from n1 is a request over the link
  net.run('n2', { kind: 'register', pid: b, name: remote });
  net.run('n1', { kind: 'send', from: a, to: { kind: 'name', name: remote }, msgId: 'first', body: 1 });
  net.run('n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'second', body: 2 });
  const sent = net.events.filter((e) => e.event.kind === 'Sent').map((e) => (e.event as { msgId: string }).msgId);
  const delivered = net.events.filter((e) => e.event.kind === 'Delivered').map((e) => (e.event as { msgId: string }).msgId);
  t.same(sent, ['first', 'second']);
  t.same(delivered, ['first', 'second']);
});

t.test('a send waiting for its name lookup fails when its sender exits, instead of going unanswered', async (t) => {
  const net = new PerfectNetwork(undefined, params);
  const a = pidOf(net.run('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  const b = pidOf(net.run('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  const remote = nameOn('n3');
  net.run('n2', { kind: 'register', pid: b, name: remote });
  const send = net.runHoldingPackets('n1', { kind: 'send', from: a, to: { kind: 'name', name: remote }, msgId: 'late', body: 0 });
  const exitAnswer = net.run('n1', { kind: 'exit', pid: a });
  t.match(net.answer(send.opId), { kind: 'error', code: 'not_found' }, 'the queued send is answered when its sender exits');
  t.equal(exitAnswer, undefined, 'the exit itself waits for n3, whose link is blocked behind the held lookup');
  send.release();
  t.same(net.answer(send.opId + 1), { kind: 'reply', opId: send.opId + 1, value: {} }, 'the exit completes once the link drains');
  t.equal(net.events.filter((e) => e.event.kind === 'Sent').length, 0, 'the send is never made');
});

t.test('names survive a crash of their directory; processes do not survive theirs', async (t) => {
  const net = new PerfectNetwork(undefined, params);
  const b = pidOf(net.run('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  const svc = nameOn('n3');
  net.run('n2', { kind: 'register', pid: b, name: svc });
  t.same(Object.keys(net.durable.get('n3')!), [`name/${svc}`], 'the directory holds the name durably');
  net.crash('n3');
  net.restart('n3');
  t.same(net.run('n1', { kind: 'lookup', name: svc }), { kind: 'reply', opId: 2, value: { pid: b } }, 'the restarted directory still knows it');
  net.crash('n2');
  net.restart('n2');
  t.match(net.run('n1', { kind: 'locate', pid: b }), { kind: 'error', code: 'not_found' });
  t.match(net.run('n1', { kind: 'lookup', name: svc }), { kind: 'error', code: 'not_found' }, 'a name of a process lost in a crash resolves to nothing');
});

t.test('an exit is answered only after every directory dropped the names', async (t) => {
  const net = new PerfectNetwork(undefined, params);
  const a = pidOf(net.run('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  for (const name of ['x', 'y', 'z', 'w']) net.run('n3', { kind: 'register', pid: a, name });
  t.same(net.run('n2', { kind: 'exit', pid: a }), { kind: 'reply', opId: 5, value: {} });
  for (const node of nodes) t.same(Object.entries(net.durable.get(node)!).filter(([, v]) => v !== null), [], `${node} holds no binding`);
  t.match(net.run('n2', { kind: 'exit', pid: a }), { kind: 'error', code: 'not_found' });
});

t.test('an input for a node that is not running, or a foreign packet, is an error naming it', async (t) => {
  const implementation = new ReferenceImplementation();
  t.throws(() => implementation.step({ kind: 'timer', node: 'n7', timeNs: 0, timerId: 'x' }), /node n7, which is not running/);
  implementation.step({ kind: 'init', protocolVersion: 1, node: 'n1', nodes, incarnation: 0, timeNs: 0, params, durable: {} });
  t.throws(() => implementation.step({ kind: 'packet', node: 'n1', timeNs: 0, from: 'n2', payload: { hello: 1 } }), /packet from n2 is not a reference-kernel packet: \{"hello":1\}/);
});

t.test('a send to an unbound name fails without blocking the sends behind it; a call by name reaches the bound process', async (t) => {
  const net = new PerfectNetwork(undefined, params);
  const a = pidOf(net.run('n1', { kind: 'spawn', placement: { kind: 'here' } }));
  const b = pidOf(net.run('n2', { kind: 'spawn', placement: { kind: 'here' } }));
  t.match(net.run('n1', { kind: 'send', from: a, to: { kind: 'name', name: nameOn('n2') }, msgId: 'lost', body: 0 }), { kind: 'error', code: 'not_found' });
  t.same(net.run('n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'next', body: 1 }), { kind: 'reply', opId: 3, value: {} });
  net.run('n3', { kind: 'register', pid: b, name: 'echo' });
  t.same(net.run('n1', { kind: 'call', from: a, to: { kind: 'name', name: 'echo' }, callId: 'c1', semantics: 'exactly-once', args: [1, 2] }), { kind: 'reply', opId: 5, value: { result: [1, 2] } });
  t.match(net.events.find((e) => e.event.kind === 'CallStarted')?.event, { server: b });
  t.match(net.run('n1', { kind: 'call', from: b, to: { kind: 'pid', pid: a }, callId: 'c2', semantics: 'at-least-once', args: 0 }), { kind: 'error', code: 'not_found' }, 'a call is issued at the client\'s node');
});

// Messaging.tla NamesHeldByLive: a name held by a process lost in a crash resolves to nothing,
// even where the directory has not heard of the crash (issue 8: a restarted directory forgot the
// incarnations of its peers, and a directory cannot hear of a crash while the node is down).

/** p on n1 holds a name whose directory is n2. */
function holderOnN1(): { net: PerfectNetwork; p: string; name: string } {
  const net = new PerfectNetwork(undefined, params);
  const p = net.spawn('n1');
  const name = nameOn('n2');
  t.same(net.run('n1', { kind: 'register', pid: p, name }), { kind: 'reply', opId: 1, value: {} });
  return { net, p, name };
}

t.test('a restarted directory does not answer a process lost in an earlier crash of another node', async (t) => {
  const { net, name } = holderOnN1();
  net.crash('n1');
  net.restart('n1');
  net.crash('n2');
  net.restart('n2');
  t.match(net.run('n3', { kind: 'lookup', name }), { kind: 'error', code: 'not_found' });
  const sender = net.spawn('n3');
  t.match(net.run('n3', { kind: 'send', from: sender, to: { kind: 'name', name }, msgId: 'm1', body: 1 }), { kind: 'error', code: 'not_found' }, 'a send to the name too');
  t.equal(net.events.filter((e) => e.event.kind === 'Sent').length, 0);
});

t.test('a node restarted after a peer did delivers its first messages to the peer\'s new processes (found by messaging/generated-restarts, seed 1)', async (t) => {
  // n1 comes back knowing no peer's incarnation, so its first packets to n3 are addressed to n3's
  // first one; learning of n3's restart must not drop a message to a process n3 runs now.
  const net = new PerfectNetwork(undefined, params);
  net.crash('n3');
  net.restart('n3');
  const q = net.spawn('n3');
  net.crash('n1');
  net.restart('n1');
  const p = net.spawn('n1');
  t.match(net.run('n1', { kind: 'send', from: p, to: { kind: 'pid', pid: q }, msgId: 'm1', body: 1 }), { kind: 'reply' });
  net.advance(2 * params.callTimeoutNs, perfect);
  t.same(net.delivered('m1'), [q]);
});

t.test('while the holder\'s node is down, lookup does not answer the holder, and register does not answer name_taken', async (t) => {
  const { net, name } = holderOnN1();
  net.crash('n1');
  const lookup = net.op('n3', { kind: 'lookup', name });
  net.advance(2 * params.callTimeoutNs, perfect);
  t.match(net.answer(lookup), { kind: 'error', code: 'unavailable' }, 'n1 cannot confirm: the answer is indefinite');
  const q = net.spawn('n3');
  const register = net.op('n3', { kind: 'register', pid: q, name });
  net.advance(4 * params.callTimeoutNs, perfect);
  t.match(net.answer(register), { kind: 'error', code: 'unavailable' });
  net.restart('n1');
  t.match(net.run('n3', { kind: 'register', pid: q, name }), { kind: 'reply', value: {} }, 'once n1 answers, the name is free');
  t.match(net.run('n2', { kind: 'lookup', name }), { kind: 'reply', value: { pid: q } });
});

t.test('register answers name_taken for a live holder on another node, confirmed there', async (t) => {
  const { net, p, name } = holderOnN1();
  const q = net.spawn('n3');
  t.match(net.run('n3', { kind: 'register', pid: q, name }), { kind: 'error', code: 'name_taken' });
  t.same(net.run('n3', { kind: 'lookup', name }), { kind: 'reply', opId: 4, value: { pid: p } });
});

t.test('a call to a process of the server node\'s new incarnation, its restart unheard of, is served, not refused as crashed (found by rpc/generated-late-copies, seed 6)', async (t) => {
  // The server's pid proves its node restarted before the call began: no earlier incarnation can have run it.
  const net = new PerfectNetwork(undefined, params);
  const client = net.spawn('n2');
  net.crash('n3');
  net.restart('n3');
  net.settle(() => 'drop'); // whatever would tell n2 of the restart is lost
  const server = net.spawn('n3');
  t.match(net.run('n2', { kind: 'call', from: client, to: { kind: 'pid', pid: server }, callId: 'c1', semantics: 'at-most-once', args: 'a' }), { kind: 'reply', value: { result: 'a' } });
});
