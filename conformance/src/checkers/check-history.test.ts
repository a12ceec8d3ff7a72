// Checkers on hand-written histories: each property accepts a history that keeps it and rejects
// one that breaks it, naming the offending entries.
import t from 'tap';
import type { HistoryEntry, Outcome } from '../history.js';
import { errorCodes, type ErrorCode, type Operation, type TraceEvent } from '../../protocol/index.js';
import { checkHistory, type CheckContext } from './check-history.js';
import type { PropertyName } from './properties.js';

const context: CheckContext = { zones: { n1: 'z1', n2: 'z2' }, faultFree: true, callTimeoutNs: 1000, retryIntervalNs: 100, dedupCapacity: 2 };

/** Builds a history with increasing times: ops get ids in order of invocation. */
class H {
  readonly entries: HistoryEntry[] = [];
  private time = 0;
  private nextOp = 0;
  invoke(node: string, op: Operation): number {
    const opId = this.nextOp++;
    this.entries.push({ kind: 'invoke', timeNs: (this.time += 10), node, opId, op });
    return opId;
  }
  complete(node: string, opId: number, outcome: Outcome): this {
    this.entries.push({ kind: 'complete', timeNs: (this.time += 10), node, opId, outcome });
    return this;
  }
  ok(node: string, op: Operation, value: unknown = {}): this {
    return this.complete(node, this.invoke(node, op), { kind: 'ok', value });
  }
  event(node: string, event: TraceEvent): this {
    this.entries.push({ kind: 'event', timeNs: (this.time += 10), node, event });
    return this;
  }
  crash(node: string): this {
    this.entries.push({ kind: 'crash', timeNs: (this.time += 10), node });
    return this;
  }
  restart(node: string, incarnation = 1): this {
    this.entries.push({ kind: 'restart', timeNs: (this.time += 10), node, incarnation });
    return this;
  }
  partition(): this {
    this.entries.push({ kind: 'partition', timeNs: (this.time += 10), groups: [['n1'], ['n2']] });
    return this;
  }
  heal(): this {
    this.entries.push({ kind: 'heal', timeNs: (this.time += 10) });
    return this;
  }
  drop(from: string, to: string): this {
    this.entries.push({ kind: 'packet-dropped', timeNs: (this.time += 10), from, to, packetId: this.entries.length, reason: 'loss' });
    return this;
  }
  wait(ns: number): this {
    this.time += ns;
    return this;
  }
}

const a = 'pa@n1';
const b = 'pb@n2';
const spawned = () => new H().event('n1', { kind: 'Spawned', pid: a, node: 'n1' }).event('n2', { kind: 'Spawned', pid: b, node: 'n2' });
const send = (h: H, msgId: string, body: unknown = msgId) =>
  h.ok('n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId, body }).event('n1', { kind: 'Sent', msgId, from: a, to: b });
const deliver = (h: H, msgId: string, body: unknown = msgId) => h.event('n2', { kind: 'Delivered', msgId, from: a, to: b, body });
const violated = (h: H, properties: PropertyName[], ctx = context) => checkHistory(h.entries, properties, ctx).map((v) => v.property);

const MESSAGING: PropertyName[] = ['OperationsAnswered', 'TraceAgreesWithReplies', 'NoCreation', 'NoDuplication', 'PerPairFIFO', 'NoLossWithoutCrash'];

t.test('messaging: a clean history passes every property', async (t) => {
  const h = spawned();
  send(h, 'm1');
  send(h, 'm2');
  deliver(h, 'm1');
  deliver(h, 'm2');
  t.same(violated(h, MESSAGING), []);
});

t.test('PerPairFIFO rejects a later message delivered first, and names the entries', async (t) => {
  const h = spawned();
  send(h, 'm1');
  send(h, 'm2');
  deliver(h, 'm2');
  deliver(h, 'm1');
  const violations = checkHistory(h.entries, ['PerPairFIFO'], context);
  t.equal(violations.length, 1);
  t.match(violations[0]!.message, /sent 'm1' before 'm2'/);
  t.ok(violations[0]!.entries.length >= 2);
});

t.test('PerPairFIFO takes send order from the operations, not from the Sent events (issue 8)', async (t) => {
  // m1's send was answered before m2's was issued; the port's Sent events claim the opposite order.
  const sendOp = (msgId: string): Operation => ({ kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId, body: msgId });
  const h = spawned().ok('n1', sendOp('m1')).ok('n1', sendOp('m2'));
  h.event('n1', { kind: 'Sent', msgId: 'm2', from: a, to: b }).event('n1', { kind: 'Sent', msgId: 'm1', from: a, to: b });
  deliver(h, 'm2');
  deliver(h, 'm1');
  const violations = checkHistory(h.entries, ['PerPairFIFO'], context);
  t.same(violations.map((v) => v.property), ['PerPairFIFO']);
  t.match(violations[0]?.message, /sent 'm1' before 'm2' to pb@n2 \(its send was issued first/);
  // The same order whatever Sent says, when delivered in issue order.
  const inOrder = spawned().ok('n1', sendOp('m1')).ok('n1', sendOp('m2'));
  inOrder.event('n1', { kind: 'Sent', msgId: 'm2', from: a, to: b }).event('n1', { kind: 'Sent', msgId: 'm1', from: a, to: b });
  deliver(inOrder, 'm1');
  deliver(inOrder, 'm2');
  t.same(violated(inOrder, ['PerPairFIFO']), []);
});

t.test('PerPairFIFO orders overlapping sends of one process by issue: a send to a pid waits for an earlier send to a name (PROTOCOL.md)', async (t) => {
  const toName: Operation = { kind: 'send', from: a, to: { kind: 'name', name: 'svc' }, msgId: 'm1', body: 'm1' };
  const toPid: Operation = { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'm2', body: 'm2' };
  const overlapping = (sentFirst: string, deliveredFirst: string) => {
    const h = spawned();
    const first = h.invoke('n1', toName);
    const second = h.invoke('n1', toPid);
    const other = sentFirst === 'm1' ? 'm2' : 'm1';
    h.event('n1', { kind: 'Sent', msgId: sentFirst, from: a, to: b }).event('n1', { kind: 'Sent', msgId: other, from: a, to: b });
    h.complete('n1', second, { kind: 'ok', value: {} }).complete('n1', first, { kind: 'ok', value: {} });
    deliver(h, deliveredFirst);
    deliver(h, deliveredFirst === 'm1' ? 'm2' : 'm1');
    return h;
  };
  // The send to the pid overtook the send to the name, though it was issued after it.
  t.same(violated(overlapping('m2', 'm2'), ['PerPairFIFO']), ['PerPairFIFO']);
  t.same(violated(overlapping('m1', 'm1'), ['PerPairFIFO']), []);
  // Sends of two different processes to one receiver are not ordered by their issue.
  const c = 'pc@n1';
  const h = spawned().event('n1', { kind: 'Spawned', pid: c, node: 'n1' });
  const fromA = h.invoke('n1', toPid);
  const fromC = h.invoke('n1', { kind: 'send', from: c, to: { kind: 'pid', pid: b }, msgId: 'm3', body: 'm3' });
  h.event('n1', { kind: 'Sent', msgId: 'm3', from: c, to: b }).event('n1', { kind: 'Sent', msgId: 'm2', from: a, to: b });
  h.complete('n1', fromC, { kind: 'ok', value: {} }).complete('n1', fromA, { kind: 'ok', value: {} });
  h.event('n2', { kind: 'Delivered', msgId: 'm3', from: c, to: b, body: 'm3' });
  deliver(h, 'm2');
  t.same(violated(h, ['PerPairFIFO']), []);
});

t.test('NoDuplication rejects a message delivered twice', async (t) => {
  const h = spawned();
  send(h, 'm1');
  deliver(h, 'm1');
  deliver(h, 'm1');
  t.same(violated(h, MESSAGING), ['NoDuplication']);
});

t.test('NoCreation rejects a message nobody sent, and a body changed in transit', async (t) => {
  const h = spawned();
  deliver(h, 'm9');
  t.same(violated(h, ['NoCreation']), ['NoCreation']);
  const changed = spawned();
  send(changed, 'm1', 'hello');
  deliver(changed, 'm1', 'HELLO');
  t.same(violated(changed, ['NoCreation']), ['NoCreation']);
});

t.test('NoLossWithoutCrash rejects a lost message unless a node crashed', async (t) => {
  const lost = spawned();
  send(lost, 'm1');
  t.same(violated(lost, ['NoLossWithoutCrash']), ['NoLossWithoutCrash']);
  const crashed = spawned();
  send(crashed, 'm1');
  crashed.crash('n2');
  t.same(violated(crashed, ['NoLossWithoutCrash']), []);
  // A receiver refusing a message for tenant isolation is TenantsIsolated's to judge; any other drop is a loss.
  const refused = spawned();
  send(refused, 'm1');
  refused.event('n2', { kind: 'Dropped', msgId: 'm1', at: 'n2', reason: 'forbidden: no capability' });
  t.same(violated(refused, ['NoLossWithoutCrash']), []);
  const dropped = spawned();
  send(dropped, 'm1');
  dropped.event('n2', { kind: 'Dropped', msgId: 'm1', at: 'n2', reason: 'no pointer' });
  t.same(violated(dropped, ['NoLossWithoutCrash']), ['NoLossWithoutCrash']);
});

t.test('NoLossWithoutCrash: a crash or exit long after the send, on a fault-free network, excuses nothing (issue 8)', async (t) => {
  const lateCrash = spawned();
  send(lateCrash, 'm1');
  lateCrash.wait(5000).crash('n2');
  t.same(violated(lateCrash, ['NoLossWithoutCrash']), ['NoLossWithoutCrash'], 'receiver node crashed long after');
  const lateSenderCrash = spawned();
  send(lateSenderCrash, 'm1');
  lateSenderCrash.wait(5000).crash('n1');
  t.same(violated(lateSenderCrash, ['NoLossWithoutCrash']), ['NoLossWithoutCrash'], 'sender node crashed long after');
  const lateExit = spawned();
  send(lateExit, 'm1');
  lateExit.wait(5000).event('n2', { kind: 'Exited', pid: b });
  t.same(violated(lateExit, ['NoLossWithoutCrash']), ['NoLossWithoutCrash'], 'receiver exited long after');
  const soonExit = spawned();
  send(soonExit, 'm1');
  soonExit.event('n2', { kind: 'Exited', pid: b });
  t.same(violated(soonExit, ['NoLossWithoutCrash']), [], 'receiver exited while the message could be in transit');
  const partitioned = spawned();
  send(partitioned, 'm1');
  partitioned.partition().wait(5000).heal().crash('n2');
  t.same(violated(partitioned, ['NoLossWithoutCrash']), [], 'a partition keeps the message in transit until after the heal');
});

t.test('TraceAgreesWithReplies: a successful exit is reported and stops the process (issue 8)', async (t) => {
  const exitOp: Operation = { kind: 'exit', pid: b };
  const stopped = spawned().event('n2', { kind: 'Exited', pid: b }).ok('n2', exitOp);
  t.same(violated(stopped, ['TraceAgreesWithReplies']), []);
  const unreported = spawned().ok('n2', exitOp);
  t.same(violated(unreported, ['TraceAgreesWithReplies']), ['TraceAgreesWithReplies']);
  const stillReceiving = spawned().event('n2', { kind: 'Exited', pid: b }).ok('n2', exitOp);
  deliver(stillReceiving, 'm1');
  t.match(checkHistory(stillReceiving.entries, ['TraceAgreesWithReplies'], context)[0]?.message, /still acted after its exit: Delivered/);
  const stillSending = spawned().event('n1', { kind: 'Exited', pid: a }).ok('n1', { kind: 'exit', pid: a });
  send(stillSending, 'm1');
  t.same(violated(stillSending, ['TraceAgreesWithReplies']), ['TraceAgreesWithReplies']);
});

t.test('OperationsAnswered rejects an unanswered operation, and accepts one lost in a crash', async (t) => {
  const h = spawned();
  h.invoke('n1', { kind: 'lookup', name: 'x' });
  t.same(violated(h, ['OperationsAnswered']), ['OperationsAnswered']);
  const lost = spawned();
  lost.complete('n1', lost.invoke('n1', { kind: 'lookup', name: 'x' }), { kind: 'lost' });
  t.same(violated(lost, ['OperationsAnswered']), []);
});

t.test('TraceAgreesWithReplies rejects a successful send without its Sent event', async (t) => {
  const h = spawned().ok('n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'm1', body: 1 });
  t.same(violated(h, ['TraceAgreesWithReplies']), ['TraceAgreesWithReplies']);
});

// ---- RPC

const RPC: PropertyName[] = ['OperationsAnswered', 'TraceAgreesWithReplies', 'ReplyMatchesCall', 'NoForeignReply', 'AtMostOnce', 'AtLeastOnce', 'ExactlyOnce', 'CallsComplete'];
const callOp = (callId: string, semantics: 'at-least-once' | 'at-most-once' | 'exactly-once'): Operation => ({
  kind: 'call',
  from: a,
  to: { kind: 'pid', pid: b },
  callId,
  semantics,
  args: { call: callId },
});

function call(h: H, callId: string, semantics: 'at-least-once' | 'at-most-once' | 'exactly-once', executions: number, result: unknown = { call: callId }): H {
  const opId = h.invoke('n1', callOp(callId, semantics));
  h.event('n1', { kind: 'CallStarted', callId, client: a, server: b, semantics });
  for (let i = 0; i < executions; i++) h.event('n2', { kind: 'Executed', callId, server: b });
  h.event('n1', { kind: 'ReplyReceived', callId, client: a, result });
  return h.complete('n1', opId, { kind: 'ok', value: { result } });
}

t.test('rpc: calls executed as their semantics promise pass', async (t) => {
  const h = spawned();
  call(h, 'c1', 'at-least-once', 2);
  call(h, 'c2', 'at-most-once', 1);
  call(h, 'c3', 'exactly-once', 1);
  t.same(violated(h, RPC), []);
});

t.test('AtMostOnce rejects an at-most-once call executed twice', async (t) => {
  t.same(violated(call(spawned(), 'c1', 'at-most-once', 2), RPC), ['AtMostOnce']);
});

t.test('AtLeastOnce and ExactlyOnce reject a result without an execution', async (t) => {
  t.same(violated(call(spawned(), 'c1', 'exactly-once', 0), RPC), ['AtLeastOnce', 'ExactlyOnce']);
});

/** An exactly-once call from a to b that ends with `code`; `between` runs after it started. */
function failedCall(code: ErrorCode, between: (h: H) => void = () => {}, semantics: 'at-most-once' | 'exactly-once' = 'exactly-once'): H {
  const h = spawned();
  const opId = h.invoke('n1', callOp('c1', semantics));
  h.event('n1', { kind: 'CallStarted', callId: 'c1', client: a, server: b, semantics });
  between(h);
  return h.complete('n1', opId, { kind: 'error', code, definite: errorCodes[code].definite, text: '' });
}

t.test('ExactlyOnce accepts crashed when the server was lost in its node crash before executing (issue 8: seed 21 of rpc/generated-faults)', async (t) => {
  t.same(violated(failedCall('crashed', (h) => h.crash('n2').restart('n2')), ['ExactlyOnce']), []);
});

t.test('ExactlyOnce rejects crashed without a crash of the server node, and after the call executed', async (t) => {
  t.same(violated(failedCall('crashed'), ['ExactlyOnce']), ['ExactlyOnce']);
  t.same(violated(failedCall('crashed', (h) => h.crash('n1').restart('n1')), ['ExactlyOnce']), ['ExactlyOnce'], "the client's node crashing is not the server's");
  const executed = failedCall('crashed', (h) => h.event('n2', { kind: 'Executed', callId: 'c1', server: b }).crash('n2').restart('n2'));
  t.match(checkHistory(executed.entries, ['ExactlyOnce'], context)[0]?.message, /durable table must answer/);
  t.same(violated(failedCall('crashed', () => {}, 'at-most-once'), ['ExactlyOnce']), [], 'at-most-once is not held to exactly-once');
});

t.test('ExactlyOnce rejects a timeout before the call timeout and accepts one after it', async (t) => {
  t.same(violated(failedCall('timeout', (h) => h.wait(100)), ['ExactlyOnce']), ['ExactlyOnce']);
  t.same(violated(failedCall('timeout', (h) => h.wait(1000)), ['ExactlyOnce']), []);
});

t.test('ExactlyOnce rejects unavailable without a fault during the call and accepts it across a partition', async (t) => {
  t.same(violated(failedCall('unavailable'), ['ExactlyOnce']), ['ExactlyOnce']);
  t.same(violated(failedCall('unavailable', (h) => h.partition().heal()), ['ExactlyOnce']), []);
  const stillPartitioned = spawned().partition();
  const opId = stillPartitioned.invoke('n1', callOp('c1', 'exactly-once'));
  stillPartitioned.complete('n1', opId, { kind: 'error', code: 'unavailable', definite: false, text: '' });
  t.same(violated(stillPartitioned, ['ExactlyOnce']), [], 'a partition made before the call and not yet healed');
});

t.test('ExactlyOnce rejects not_found for a live server, a definite error after an execution, and codes no call may end with', async (t) => {
  t.same(violated(failedCall('not_found'), ['ExactlyOnce']), ['ExactlyOnce']);
  t.same(violated(failedCall('not_found', (h) => h.ok('n2', { kind: 'exit', pid: b }).event('n2', { kind: 'Exited', pid: b })), ['ExactlyOnce']), []);
  const executedThenExited = failedCall('not_found', (h) => h.event('n2', { kind: 'Executed', callId: 'c1', server: b }).event('n2', { kind: 'Exited', pid: b }));
  t.match(checkHistory(executedThenExited.entries, ['ExactlyOnce'], context)[0]?.message, /definite error 'not_found' after 1 execution/);
  t.same(violated(failedCall('name_taken'), ['ExactlyOnce']), ['ExactlyOnce']);
});

t.test('ReplyMatchesCall rejects a result that is not the echo of the arguments', async (t) => {
  t.same(violated(call(spawned(), 'c1', 'at-least-once', 1, { call: 'c2' }), ['ReplyMatchesCall']), ['ReplyMatchesCall', 'ReplyMatchesCall']);
});

t.test('NoForeignReply rejects a reply taken by another client, or taken twice', async (t) => {
  const h = call(spawned(), 'c1', 'at-least-once', 1);
  h.event('n2', { kind: 'ReplyReceived', callId: 'c1', client: b, result: { call: 'c1' } });
  t.same(violated(h, ['NoForeignReply']), ['NoForeignReply', 'NoForeignReply']);
});

t.test('NoForeignReply rejects a call that ends twice: failed, then a late reply accepted (issue 8)', async (t) => {
  const h = spawned();
  const opId = h.invoke('n1', callOp('c1', 'at-least-once'));
  h.event('n1', { kind: 'CallStarted', callId: 'c1', client: a, server: b, semantics: 'at-least-once' });
  h.event('n1', { kind: 'CallFailed', callId: 'c1', code: 'timeout' }).complete('n1', opId, { kind: 'error', code: 'timeout', definite: false, text: '' });
  t.same(violated(h, ['NoForeignReply']), [], 'a timed-out call');
  h.event('n2', { kind: 'Executed', callId: 'c1', server: b }).event('n1', { kind: 'ReplyReceived', callId: 'c1', client: a, result: { call: 'c1' } });
  t.match(checkHistory(h.entries, ['NoForeignReply'], context)[0]?.message, /call 'c1' ended twice: CallFailed, then ReplyReceived/);
});

t.test('CallsComplete applies only to runs without faults', async (t) => {
  const h = spawned();
  h.complete('n1', h.invoke('n1', callOp('c1', 'at-most-once')), { kind: 'error', code: 'timeout', definite: false, text: '' });
  t.same(violated(h, ['CallsComplete']), ['CallsComplete']);
  t.same(violated(h, ['CallsComplete'], { ...context, faultFree: false }), []);
});

// ---- naming and placement

t.test('LookupFindsRegistered rejects an unregistered or exited answer and a missed registration', async (t) => {
  const bogus = spawned().ok('n1', { kind: 'lookup', name: 'svc' }, { pid: b });
  t.same(violated(bogus, ['LookupFindsRegistered']), ['LookupFindsRegistered']);

  const exited = spawned().ok('n2', { kind: 'register', pid: b, name: 'svc' }).event('n2', { kind: 'Registered', name: 'svc', pid: b });
  exited.ok('n2', { kind: 'exit', pid: b }).ok('n1', { kind: 'lookup', name: 'svc' }, { pid: b });
  t.same(violated(exited, ['LookupFindsRegistered']), ['LookupFindsRegistered']);

  const missed = spawned().ok('n2', { kind: 'register', pid: b, name: 'svc' }).event('n2', { kind: 'Registered', name: 'svc', pid: b });
  missed.complete('n1', missed.invoke('n1', { kind: 'lookup', name: 'svc' }), { kind: 'error', code: 'not_found', definite: true, text: '' });
  t.same(violated(missed, ['LookupFindsRegistered']), ['LookupFindsRegistered']);
});

t.test('LookupFindsRegistered rejects a process lost in a crash (issue 8)', async (t) => {
  const h = spawned().ok('n2', { kind: 'register', pid: b, name: 'svc' }).event('n2', { kind: 'Registered', name: 'svc', pid: b });
  t.same(violated(h.ok('n1', { kind: 'lookup', name: 'svc' }, { pid: b }), ['LookupFindsRegistered']), []);
  h.crash('n2');
  t.same(violated(h.ok('n1', { kind: 'lookup', name: 'svc' }, { pid: b }), ['LookupFindsRegistered']), [], 'while n2 is down, nothing can tell the directory');
  h.restart('n2').ok('n1', { kind: 'lookup', name: 'svc' }, { pid: b });
  t.match(checkHistory(h.entries, ['LookupFindsRegistered'], context)[0]?.message, /lost in the crash of n2 at \d+ ns, and n2 restarted before the lookup began/);
});

t.test('a send to a name whose holder was lost in a crash goes to that holder until its node restarts, and is discarded', async (t) => {
  const h = spawned().ok('n2', { kind: 'register', pid: b, name: 'svc' }).event('n2', { kind: 'Registered', name: 'svc', pid: b }).crash('n2');
  const sendToName = (h: H, msgId: string) => h.ok('n1', { kind: 'send', from: a, to: { kind: 'name', name: 'svc' }, msgId, body: msgId }).event('n1', { kind: 'Sent', msgId, from: a, to: b });
  t.same(violated(sendToName(h, 'm1'), ['DeliveredToAddressee', 'NoLossWithoutCrash']), [], 'n2 is down: nothing can tell n1 that b is gone');
  h.restart('n2');
  t.match(checkHistory(sendToName(h, 'm2').entries, ['DeliveredToAddressee'], context)[0]?.message, /went to pb@n2, which had stopped \(its crash/);
});

t.test('NameBoundOnce allows name_taken for a holder lost in a crash until its node restarts', async (t) => {
  const h = spawned().ok('n2', { kind: 'register', pid: b, name: 'svc' }).event('n2', { kind: 'Registered', name: 'svc', pid: b }).crash('n2');
  const taken = (h: H) => {
    const opId = h.invoke('n1', { kind: 'register', pid: a, name: 'svc' });
    return h.complete('n1', opId, { kind: 'error', code: 'name_taken', definite: true, text: 'taken' });
  };
  t.same(violated(taken(h), ['NameBoundOnce']), [], 'n2 is down: the directory cannot know');
  h.restart('n2');
  t.match(checkHistory(taken(h).entries, ['NameBoundOnce'], context)[0]?.message, /answered name_taken, but every process that held it had stopped/);
});

t.test('NameBoundOnce rejects a name taken from a live process, and allows it after an exit', async (t) => {
  const taken = spawned().ok('n1', { kind: 'register', pid: a, name: 'svc' }).ok('n2', { kind: 'register', pid: b, name: 'svc' });
  t.same(violated(taken, ['NameBoundOnce']), ['NameBoundOnce']);
  const afterExit = spawned().ok('n1', { kind: 'register', pid: a, name: 'svc' }).ok('n1', { kind: 'exit', pid: a }).ok('n2', { kind: 'register', pid: b, name: 'svc' });
  t.same(violated(afterExit, ['NameBoundOnce']), []);
});

t.test('PlacementHonoured rejects a spawn placed elsewhere than asked', async (t) => {
  const wrong = new H().ok('n1', { kind: 'spawn', placement: { kind: 'here' } }, { pid: a, node: 'n2' });
  t.same(violated(wrong, ['PlacementHonoured']), ['PlacementHonoured']);
  const right = new H().ok('n1', { kind: 'spawn', placement: { kind: 'zone', zone: 'z2' } }, { pid: b, node: 'n2' });
  t.same(violated(right, ['PlacementHonoured']), []);
  const wrongZone = new H().ok('n1', { kind: 'spawn', placement: { kind: 'zone', zone: 'z2' } }, { pid: b, node: 'n1' });
  t.same(violated(wrongZone, ['PlacementHonoured']), ['PlacementHonoured']);
});

t.test('TraceAgreesWithReplies rejects a pid handed out twice (PROTOCOL.md: unique in the cluster forever)', async (t) => {
  const once = new H().event('n2', { kind: 'Spawned', pid: b, node: 'n2' }).ok('n2', { kind: 'spawn', placement: { kind: 'here' } }, { pid: b, node: 'n2' });
  t.same(violated(once, ['TraceAgreesWithReplies']), []);
  once.crash('n2').restart('n2').event('n2', { kind: 'Spawned', pid: b, node: 'n2' }).ok('n2', { kind: 'spawn', placement: { kind: 'here' } }, { pid: b, node: 'n2' });
  t.match(checkHistory(once.entries, ['TraceAgreesWithReplies'], context)[0]?.message, /returned pid 'pb@n2', which spawn \(operation 0\) already handed out/);
});

// ---- issue 8: a checker for every property of spec/messaging and spec/rpc

const exitB = (h: H) => h.event('n2', { kind: 'Exited', pid: b }).ok('n2', { kind: 'exit', pid: b });
const registerB = (h: H, name = 'svc') => h.event('n2', { kind: 'Registered', name, pid: b }).ok('n2', { kind: 'register', pid: b, name });
const failWith = (h: H, node: string, op: Operation, code: ErrorCode, between: (h: H) => void = () => {}) => {
  const opId = h.invoke(node, op);
  between(h);
  return h.complete(node, opId, { kind: 'error', code, definite: errorCodes[code].definite, text: '' });
};

t.test('DeliveredToAddressee rejects a message delivered to another process than its addressee', async (t) => {
  const h = spawned();
  send(h, 'm1');
  h.event('n1', { kind: 'Delivered', msgId: 'm1', from: a, to: a, body: 'm1' });
  t.same(violated(h, ['NoCreation', 'DeliveredToAddressee']), ['DeliveredToAddressee']);
  t.match(checkHistory(h.entries, ['DeliveredToAddressee'], context)[0]?.message, /sent to pb@n2 but delivered to pa@n1/);
});

t.test('DeliveredToAddressee rejects a delivery to a process that exited or was lost in a crash, and accepts one before', async (t) => {
  const before = spawned();
  send(before, 'm1');
  deliver(before, 'm1');
  exitB(before);
  t.same(violated(before, ['DeliveredToAddressee']), []);
  const afterExit = spawned();
  send(afterExit, 'm1');
  exitB(afterExit);
  deliver(afterExit, 'm1');
  t.match(checkHistory(afterExit.entries, ['DeliveredToAddressee'], context)[0]?.message, /after pb@n2 stopped \(its exit at/);
  const afterCrash = spawned();
  send(afterCrash, 'm1');
  afterCrash.crash('n2').restart('n2');
  deliver(afterCrash, 'm1');
  t.match(checkHistory(afterCrash.entries, ['DeliveredToAddressee'], context)[0]?.message, /after pb@n2 stopped \(its crash at/);
});

t.test('DeliveredToAddressee: a send to a name goes to a live holder of the name (Messaging.tla SentToName)', async (t) => {
  const sendToName = (h: H, msgId: string, resolvedTo: string) =>
    h.ok('n1', { kind: 'send', from: a, to: { kind: 'name', name: 'svc' }, msgId, body: msgId }).event('n1', { kind: 'Sent', msgId, from: a, to: resolvedTo });
  const held = registerB(spawned());
  sendToName(held, 'm1', b);
  t.same(violated(held, ['DeliveredToAddressee']), []);
  const notHolder = registerB(spawned());
  sendToName(notHolder, 'm1', a);
  t.match(checkHistory(notHolder.entries, ['DeliveredToAddressee'], context)[0]?.message, /went to pa@n1, which had not registered that name/);
  const deadHolder = registerB(spawned()).crash('n2').restart('n2');
  sendToName(deadHolder, 'm1', b);
  t.match(checkHistory(deadHolder.entries, ['DeliveredToAddressee'], context)[0]?.message, /had stopped \(its crash at \d+ ns\) and was known to have stopped \(its exit answered, or its node back\) before the send was issued/);
});

t.test('a stop is known to the cluster once an exit is answered or a crashed node is back (HistoryIndex.knownStopped), each way', async (t) => {
  const sendToName = (h: H, msgId: string) => h.ok('n1', { kind: 'send', from: a, to: { kind: 'name', name: 'svc' }, msgId, body: msgId }).event('n1', { kind: 'Sent', msgId, from: a, to: b });
  const takenFromB = (h: H) => failWith(h, 'n1', { kind: 'register', pid: a, name: 'svc' }, 'name_taken');
  // Exit: b stopped (Exited) but its exit is not answered yet, so a directory may still hold its name.
  const exiting = () => {
    const h = registerB(spawned());
    const exitOp = h.invoke('n2', { kind: 'exit', pid: b });
    h.event('n2', { kind: 'Exited', pid: b });
    return { h, answer: () => h.complete('n2', exitOp, { kind: 'ok', value: {} }) };
  };
  const duringExit = exiting();
  sendToName(duringExit.h, 'm1');
  takenFromB(duringExit.h);
  duringExit.answer();
  t.same(violated(duringExit.h, ['DeliveredToAddressee', 'NameBoundOnce', 'NoLossWithoutCrash']), [], 'issued before the exit was answered: the old binding may answer');
  const afterExit = exiting();
  afterExit.answer();
  sendToName(afterExit.h, 'm1');
  takenFromB(afterExit.h);
  t.same(violated(afterExit.h, ['DeliveredToAddressee', 'NameBoundOnce']).sort(), ['DeliveredToAddressee', 'NameBoundOnce'], 'issued after the exit was answered');
  // Crash: no exit to answer; the stop is known once the node is back.
  const downNode = registerB(spawned()).crash('n2');
  sendToName(downNode, 'm1');
  takenFromB(downNode);
  t.same(violated(downNode, ['DeliveredToAddressee', 'NameBoundOnce', 'NoLossWithoutCrash']), [], 'issued while n2 is down');
  const backNode = registerB(spawned()).crash('n2').restart('n2');
  sendToName(backNode, 'm1');
  takenFromB(backNode);
  t.same(violated(backNode, ['DeliveredToAddressee', 'NameBoundOnce']).sort(), ['DeliveredToAddressee', 'NameBoundOnce'], 'issued after n2 restarted');
});

t.test('a message to a stopped process is discarded, not an error and not a loss (Messaging.tla SendTo, Discarded), after an exit or a crash', async (t) => {
  for (const [how, stop] of [['exit', exitB], ['crash', (h: H) => h.crash('n2').restart('n2')]] as const) {
    const accepted = send(stop(spawned()), 'm1');
    t.same(violated(accepted, ['NoLossWithoutCrash', 'ErrorsAsPromised', 'DeliveredToAddressee']), [], `${how}: the send is accepted and the message discarded`);
    const refused = failWith(stop(spawned()), 'n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'm1', body: 'm1' }, 'not_found');
    t.same(violated(refused, ['NoLossWithoutCrash', 'ErrorsAsPromised']), [], `${how}: refusing it (definite, no effect) is the spec not taking the step`);
    const deliveredAnyway = deliver(send(stop(spawned()), 'm1'), 'm1');
    t.same(violated(deliveredAnyway, ['DeliveredToAddressee']), ['DeliveredToAddressee'], `${how}: never delivered`);
  }
});

t.test('LocatedIffLive accepts where a live process runs, and not_found for one not live', async (t) => {
  const h = spawned().ok('n1', { kind: 'locate', pid: b }, { node: 'n2', zone: 'z2' });
  failWith(h, 'n1', { kind: 'locate', pid: 'unborn@n1' }, 'not_found');
  exitB(h);
  failWith(h, 'n1', { kind: 'locate', pid: b }, 'not_found');
  t.same(violated(h, ['LocatedIffLive']), []);
  const racing = spawned();
  const opId = racing.invoke('n1', { kind: 'locate', pid: b });
  exitB(racing).complete('n1', opId, { kind: 'ok', value: { node: 'n2', zone: 'z2' } });
  t.same(violated(racing, ['LocatedIffLive']), [], 'an exit during the locate: either answer is right');
});

t.test('LocatedIffLive rejects a location for a stopped process, a wrong node or zone, and not_found for a live one', async (t) => {
  const exited = exitB(spawned()).ok('n1', { kind: 'locate', pid: b }, { node: 'n2', zone: 'z2' });
  t.match(checkHistory(exited.entries, ['LocatedIffLive'], context)[0]?.message, /not live during the locate \(stopped by its exit/);
  const crashed = spawned().crash('n2').restart('n2').ok('n1', { kind: 'locate', pid: b }, { node: 'n2', zone: 'z2' });
  t.match(checkHistory(crashed.entries, ['LocatedIffLive'], context)[0]?.message, /stopped by its crash/);
  const wrongNode = spawned().ok('n1', { kind: 'locate', pid: b }, { node: 'n1', zone: 'z1' });
  t.match(checkHistory(wrongNode.entries, ['LocatedIffLive'], context)[0]?.message, /answered n1; pb@n2 runs on n2/);
  const wrongZone = spawned().ok('n1', { kind: 'locate', pid: b }, { node: 'n2', zone: 'z1' });
  t.match(checkHistory(wrongZone.entries, ['LocatedIffLive'], context)[0]?.message, /answered zone z1; n2 is in z2/);
  const live = failWith(spawned(), 'n1', { kind: 'locate', pid: b }, 'not_found');
  t.match(checkHistory(live.entries, ['LocatedIffLive'], context)[0]?.message, /not_found, but pb@n2 was live throughout \(on n2\)/);
});

t.test('NameBoundOnce accepts name_taken while another live process holds the name, or may still hold it', async (t) => {
  const held = registerB(spawned());
  failWith(held, 'n1', { kind: 'register', pid: a, name: 'svc' }, 'name_taken');
  t.same(violated(held, ['NameBoundOnce']), []);
  const exitDuring = registerB(spawned());
  failWith(exitDuring, 'n1', { kind: 'register', pid: a, name: 'svc' }, 'name_taken', exitB);
  t.same(violated(exitDuring, ['NameBoundOnce']), [], 'the holder exited while the register was in flight');
});

t.test('NameBoundOnce rejects name_taken for a free name or one whose holder died, and a name bound to a stopped process', async (t) => {
  const free = failWith(spawned(), 'n1', { kind: 'register', pid: a, name: 'svc' }, 'name_taken');
  t.match(checkHistory(free.entries, ['NameBoundOnce'], context)[0]?.message, /answered name_taken, but no other process had registered it/);
  const holderExited = exitB(registerB(spawned()));
  failWith(holderExited, 'n1', { kind: 'register', pid: a, name: 'svc' }, 'name_taken');
  t.match(checkHistory(holderExited.entries, ['NameBoundOnce'], context)[0]?.message, /every process that held it had stopped before the register was issued \(pb@n2\)/);
  const holderCrashed = registerB(spawned()).crash('n2').restart('n2');
  failWith(holderCrashed, 'n1', { kind: 'register', pid: a, name: 'svc' }, 'name_taken');
  t.same(violated(holderCrashed, ['NameBoundOnce']), ['NameBoundOnce']);
  const stoppedProcess = exitB(spawned()).ok('n2', { kind: 'register', pid: b, name: 'svc' });
  t.match(checkHistory(stoppedProcess.entries, ['NameBoundOnce'], context)[0]?.message, /succeeded, but pb@n2 had stopped/);
});

t.test('ErrorsAsPromised rejects a definite error for an operation that took effect', async (t) => {
  const executed = failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'not_found', (h) => h.event('n2', { kind: 'Executed', callId: 'c1', server: b }));
  t.match(checkHistory(executed.entries, ['ErrorsAsPromised'], context)[0]?.message, /definite error 'not_found', but it took effect: Executed/);
  const delivered = failWith(spawned(), 'n1', { kind: 'send', from: a, to: { kind: 'pid', pid: b }, msgId: 'm1', body: 1 }, 'not_found', (h) => deliver(h, 'm1', 1));
  t.same(violated(delivered, ['ErrorsAsPromised']), ['ErrorsAsPromised']);
  const bound = failWith(spawned(), 'n2', { kind: 'register', pid: b, name: 'svc' }, 'name_taken', (h) => h.event('n2', { kind: 'Registered', name: 'svc', pid: b }));
  t.same(violated(bound, ['ErrorsAsPromised']), ['ErrorsAsPromised']);
  const exited = failWith(spawned(), 'n2', { kind: 'exit', pid: b }, 'not_found', (h) => h.event('n2', { kind: 'Exited', pid: b }));
  t.same(violated(exited, ['ErrorsAsPromised']), ['ErrorsAsPromised']);
});

t.test('ErrorsAsPromised accepts indefinite errors after an execution, and definite ones without effect', async (t) => {
  const execute = (h: H) => h.event('n2', { kind: 'Executed', callId: 'c1', server: b }).wait(1000);
  t.same(violated(failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'timeout', execute), ['ErrorsAsPromised']), []);
  t.same(violated(failWith(spawned(), 'n1', callOp('c1', 'at-most-once'), 'unavailable', execute), ['ErrorsAsPromised']), []);
  t.same(violated(failWith(spawned(), 'n1', callOp('c1', 'at-most-once'), 'not_found'), ['ErrorsAsPromised']), []);
  const reregister = registerB(spawned());
  failWith(reregister, 'n1', { kind: 'register', pid: a, name: 'svc' }, 'name_taken');
  t.same(violated(reregister, ['ErrorsAsPromised']), [], "another process's binding is not the failed register's effect");
  const twice = spawned();
  const first = twice.invoke('n2', { kind: 'exit', pid: b });
  const second = twice.invoke('n2', { kind: 'exit', pid: b });
  twice.event('n2', { kind: 'Exited', pid: b }).complete('n2', first, { kind: 'ok', value: {} }).complete('n2', second, { kind: 'error', code: 'not_found', definite: true, text: 'gone' });
  t.same(violated(twice, ['ErrorsAsPromised']), [], 'of two exits of one process at once, the one that succeeded stopped it');
});

t.test('ErrorsAsPromised rejects an early timeout of any call, and a call that both failed and was answered', async (t) => {
  t.match(checkHistory(failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'timeout').entries, ['ErrorsAsPromised'], context)[0]?.message, /failed with 'timeout' after \d+ ns, before its timeout of 1000 ns/);
  const answeredToo = failWith(spawned(), 'n1', callOp('c1', 'at-most-once'), 'timeout', (h) => h.wait(1000));
  answeredToo.event('n1', { kind: 'ReplyReceived', callId: 'c1', client: a, result: { call: 'c1' } });
  t.match(checkHistory(answeredToo.entries, ['ErrorsAsPromised'], context)[0]?.message, /failed with 'timeout', but its call 'c1' also ended with ReplyReceived/);
  const failedToo = call(spawned(), 'c1', 'at-least-once', 1).event('n1', { kind: 'CallFailed', callId: 'c1', code: 'timeout' });
  t.match(checkHistory(failedToo.entries, ['ErrorsAsPromised'], context)[0]?.message, /returned a result, but its call 'c1' also ended with CallFailed/);
});

t.test('ErrorsAsPromised accepts forgotten only once its server\'s table overflowed (dedupCapacity other at-most-once calls to that server executed), never for other semantics', async (t) => {
  // Call c1 from a to b (on n2) executes, its reply is lost, and its retransmission is answered `forgotten`;
  // before that, `others` at-most-once calls execute at server `at` (pb@n2 itself, pd@n2 beside it, or pc@n1)
  // on node `on`, then `then` happens.
  const c = 'pc@n1';
  const d = 'pd@n2';
  const nodeOf = (pid: string) => pid.slice(pid.indexOf('@') + 1);
  const forgotten = (semantics: 'at-least-once' | 'at-most-once' | 'exactly-once', others: number, at = b, on = nodeOf(at), then: (h: H) => void = () => {}) =>
    failWith(spawned().event('n1', { kind: 'Spawned', pid: c, node: 'n1' }).event('n2', { kind: 'Spawned', pid: d, node: 'n2' }), 'n1', callOp('c1', semantics), 'forgotten', (h) => {
      h.event('n1', { kind: 'CallStarted', callId: 'c1', client: a, server: b, semantics }).event('n2', { kind: 'Executed', callId: 'c1', server: b });
      for (let i = 2; i < 2 + others; i++) {
        const id = h.invoke('n1', { kind: 'call', from: a, to: { kind: 'pid', pid: at }, callId: `c${i}`, semantics: 'at-most-once', args: { call: `c${i}` } });
        h.event('n1', { kind: 'CallStarted', callId: `c${i}`, client: a, server: at, semantics: 'at-most-once' })
          .event(on, { kind: 'Executed', callId: `c${i}`, server: at })
          .complete('n1', id, { kind: 'ok', value: { call: `c${i}` } });
      }
      then(h);
      h.event('n1', { kind: 'CallRetried', callId: 'c1', attempt: 2 }).event('n2', { kind: 'DuplicateSuppressed', callId: 'c1', server: b });
    });
  const message = (h: H) => checkHistory(h.entries, ['ErrorsAsPromised'], context).map((v) => v.message);
  t.same(violated(forgotten('at-most-once', 2), ['ErrorsAsPromised']), [], 'evicted by two later calls on its server (dedupCapacity 2)');
  t.same(violated(forgotten('at-most-once', 3), ['ErrorsAsPromised']), [], 'and by more');
  t.same(violated(forgotten('at-most-once', 2, b, 'n3'), ['ErrorsAsPromised']), [], 'its server\'s calls count wherever it ran them (its table moves with it)');
  // The bug: a server that answers every retransmission `forgotten`, its table never full.
  t.match(message(forgotten('at-most-once', 0)), [/failed with 'forgotten', but only 0 other at-most-once call\(s\) had executed on its server pb@n2 by then, fewer than dedupCapacity \(2\): its server's table had not overflowed/]);
  t.match(message(forgotten('at-most-once', 1)), [/only 1 other at-most-once call\(s\) had executed on its server pb@n2/], 'one short of overflowing');
  t.match(message(forgotten('at-most-once', 2, c)), [/only 0 other at-most-once call\(s\) had executed on its server pb@n2/], 'calls to a server on another node fill another table');
  // A table shared by a node's servers: the server beside it on n2 was busy, its own table was not full.
  t.match(message(forgotten('at-most-once', 2, d)), [/only 0 other at-most-once call\(s\) had executed on its server pb@n2/], 'calls to another server of the same node fill another table');
  t.match(message(forgotten('exactly-once', 2)), [/failed with 'forgotten', which answers only an at-most-once call, not exactly-once/]);
  t.match(message(forgotten('at-least-once', 2)), [/not at-least-once/]);
});

t.test('ErrorsAsPromised rejects a timeout whose client stopped retransmitting on a network that lost nothing, and accepts one that kept retransmitting to a slow server or that a fault explains', async (t) => {
  // Issued at 30 ns and accepted (CallStarted) at 40 ns; sent again every `gapNs` (CallRetried) up to `lastNs` after that; gives up at its deadline.
  const timedOut = (gapNs: number, lastNs: number, around: { first?: (h: H) => void; last?: (h: H) => void } = {}) =>
    failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'timeout', (h) => {
      h.event('n1', { kind: 'CallStarted', callId: 'c1', client: a, server: b, semantics: 'at-least-once' });
      around.first?.(h);
      for (let attempt = 2; (attempt - 1) * gapNs <= lastNs; attempt++) h.wait(gapNs - 10).event('n1', { kind: 'CallRetried', callId: 'c1', attempt });
      h.wait(1000 - Math.floor(lastNs / gapNs) * gapNs);
      around.last?.(h);
    });
  // The stretch: twice the retry interval (100 ns), or twice the run's longest gap between two transmissions of a call.
  t.match(checkHistory(timedOut(100, 0).entries, ['ErrorsAsPromised'], context)[0]?.message, /failed with 'timeout' at 1050 ns, but its client last sent it at 40 ns \(CallStarted or CallRetried\): nothing in the 200 ns before it gave up \(twice the retry interval, 100 ns\)/);
  t.match(checkHistory(timedOut(100, 300).entries, ['ErrorsAsPromised'], context)[0]?.message, /its client last sent it at 340 ns/, 'a client that retransmitted three times, then stopped');
  t.same(violated(timedOut(100, 900), ['ErrorsAsPromised']), [], 'retransmitted to the end: not the client kept the answer');
  // A correct port whose server step is slow: the request arrives 50 ns after it left, the server executes the call only after the deadline.
  const slowServer = timedOut(100, 900, {
    first: (h) => h.entries.push({ kind: 'packet-delivered', timeNs: 90, from: 'n1', to: 'n2', packetId: 0, sentNs: 40 }),
    last: (h) => h.event('n2', { kind: 'Executed', callId: 'c1', server: b }),
  });
  t.same(violated(slowServer, ['ErrorsAsPromised']), [], 'a slow server step on a network that lost nothing');
  t.same(violated(timedOut(300, 900), ['ErrorsAsPromised']), [], 'a client whose timers fire late all run long (gaps of 300 ns: a stretch of 600 ns)');
  t.match(checkHistory(timedOut(300, 300).entries, ['ErrorsAsPromised'], context)[0]?.message, /nothing in the 600 ns before it gave up \(twice the run's longest gap between two transmissions of a call, 300 ns\)/);
  t.same(violated(timedOut(100, 0, { last: (h) => h.drop('n2', 'n1') }), ['ErrorsAsPromised']), [], 'a packet lost in the stretch');
  t.same(violated(timedOut(100, 0, { last: (h) => h.partition() }), ['ErrorsAsPromised']), [], 'a partition in the stretch');
  t.same(violated(timedOut(100, 0, { last: (h) => h.crash('n2') }), ['ErrorsAsPromised']), [], 'a node down in the stretch');
  t.same(violated(timedOut(100, 0, { first: (h) => h.drop('n1', 'n2') }), ['ErrorsAsPromised']), ['ErrorsAsPromised'], 'its first request lost long before the deadline, never sent again');
  const lateStart = failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'timeout', (h) => h.wait(1000).event('n1', { kind: 'CallStarted', callId: 'c1', client: a, server: b, semantics: 'at-least-once' }));
  t.same(violated(lateStart, ['ErrorsAsPromised']), [], 'accepted too late in the stretch to have retransmitted');
});

t.test('CallsEndInTime accepts a call that ends by its deadline or whose node crashed, and rejects one that runs on (RPC.tla EveryCallEnds)', async (t) => {
  t.same(violated(failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'timeout', (h) => h.wait(1000)), ['CallsEndInTime']), []);
  const late = failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'timeout', (h) => h.wait(1200));
  t.match(checkHistory(late.entries, ['CallsEndInTime'], context)[0]?.message, /call 'c1', accepted at \d+ ns, ended at \d+ ns: past its deadline/);
  const endless = spawned();
  endless.invoke('n1', callOp('c1', 'exactly-once'));
  endless.wait(2000).partition();
  t.match(checkHistory(endless.entries, ['CallsEndInTime'], context)[0]?.message, /had not ended at \d+ ns, the end of the run/);
  const clientCrashed = spawned();
  clientCrashed.invoke('n1', callOp('c1', 'exactly-once'));
  clientCrashed.crash('n1').wait(2000).restart('n1');
  t.same(violated(clientCrashed, ['CallsEndInTime']), []);
});

t.test('LocatedIffLive follows a migrated process (Switched), and its death by a crash of the node it moved to', async (t) => {
  const moved = spawned().event('n1', { kind: 'Switched', pid: b, from: 'n2', to: 'n1', pagesCopied: 0 });
  moved.ok('n2', { kind: 'locate', pid: b }, { node: 'n1', zone: 'z1' });
  t.same(violated(moved, ['LocatedIffLive']), []);
  moved.ok('n2', { kind: 'locate', pid: b }, { node: 'n2', zone: 'z2' });
  t.match(checkHistory(moved.entries, ['LocatedIffLive'], context)[0]?.message, /answered n2; pb@n2 runs on n1/);
  const oldHomeCrashed = spawned().event('n1', { kind: 'Switched', pid: b, from: 'n2', to: 'n1', pagesCopied: 0 }).crash('n2').restart('n2');
  oldHomeCrashed.ok('n2', { kind: 'locate', pid: b }, { node: 'n1', zone: 'z1' });
  t.same(violated(oldHomeCrashed, ['LocatedIffLive']), [], 'a crash of the node it left does not stop it');
  const newHomeCrashed = spawned().event('n1', { kind: 'Switched', pid: b, from: 'n2', to: 'n1', pagesCopied: 0 }).crash('n1').restart('n1');
  newHomeCrashed.ok('n2', { kind: 'locate', pid: b }, { node: 'n1', zone: 'z1' });
  t.match(checkHistory(newHomeCrashed.entries, ['LocatedIffLive'], context)[0]?.message, /stopped by its crash/);
});

t.test('LookupFindsRegistered: a holder that lives on must be found, whatever crashed elsewhere (a directory restart loses no binding)', async (t) => {
  const notFound = (h: H) => failWith(h, 'n1', { kind: 'lookup', name: 'svc' }, 'not_found');
  const directoryRestarted = registerB(spawned()).crash('n1').restart('n1');
  notFound(directoryRestarted);
  t.match(checkHistory(directoryRestarted.entries, ['LookupFindsRegistered'], context)[0]?.message, /returned not_found, but pb@n2 holds it since register \(operation 0\)/);
  const other = registerB(spawned()).ok('n1', { kind: 'lookup', name: 'svc' }, { pid: a });
  t.match(checkHistory(other.entries, ['LookupFindsRegistered'], context).map((v) => v.message), [/never registered/, /returned pa@n1, but pb@n2 holds it/]);
  const holderCrashed = registerB(spawned()).crash('n2').restart('n2');
  notFound(holderCrashed);
  t.same(violated(holderCrashed, ['LookupFindsRegistered']), [], 'the holder died in its crash: not_found is right');
  const unreachable = registerB(spawned()).partition();
  failWith(unreachable, 'n1', { kind: 'lookup', name: 'svc' }, 'unavailable');
  t.same(violated(unreachable, ['LookupFindsRegistered']), [], 'an indefinite error claims nothing');
  const exitDuring = registerB(spawned());
  failWith(exitDuring, 'n1', { kind: 'lookup', name: 'svc' }, 'not_found', exitB);
  t.same(violated(exitDuring, ['LookupFindsRegistered']), [], 'an exit during the lookup may have unbound it first');
});

const toName = (callId: string, name: string, semantics: 'at-most-once' | 'exactly-once' = 'at-most-once'): Operation => ({ kind: 'call', from: a, to: { kind: 'name', name }, callId, semantics, args: { call: callId } });

t.test('CallNotFoundIffAbsent accepts not_found for a server gone before the call, or stopping during it, and any answer to a live one', async (t) => {
  const h = exitB(spawned());
  failWith(h, 'n1', callOp('c1', 'at-least-once'), 'not_found');
  failWith(h, 'n1', callOp('c2', 'exactly-once'), 'not_found');
  failWith(h, 'n1', toName('c3', 'nobody'), 'not_found');
  failWith(h, 'n1', toName('c4', 'nobody', 'exactly-once'), 'not_found');
  // ExactlyOnce once took a call to a name that never resolved (no CallStarted) for a call to a live server.
  t.same(violated(h, ['CallNotFoundIffAbsent', 'ExactlyOnce']), []);
  const formerHolder = exitB(registerB(spawned()));
  failWith(formerHolder, 'n1', toName('c1', 'svc'), 'not_found');
  t.same(violated(formerHolder, ['CallNotFoundIffAbsent']), [], "the name's holder exited before the call");
  t.same(violated(failWith(spawned(), 'n1', callOp('c1', 'at-most-once'), 'not_found', exitB), ['CallNotFoundIffAbsent']), [], 'the server exited during the call');
  t.same(violated(failWith(spawned(), 'n1', callOp('c1', 'at-most-once'), 'timeout', (h) => h.wait(1000)), ['CallNotFoundIffAbsent']), [], 'a live server: not judged');
  const lostInCrash = spawned().crash('n2').restart('n2');
  failWith(lostInCrash, 'n1', callOp('c1', 'at-most-once'), 'crashed');
  t.same(violated(lostInCrash, ['CallNotFoundIffAbsent'], { ...context, faultFree: false }), [], 'with faults, an absent server may be answered otherwise');
});

t.test('CallNotFoundIffAbsent rejects not_found for a live server or a held name, and, without faults, other answers for an absent one', async (t) => {
  const live = failWith(spawned(), 'n1', callOp('c1', 'at-least-once'), 'not_found');
  t.match(checkHistory(live.entries, ['CallNotFoundIffAbsent'], context)[0]?.message, /call 'c1' to pb@n2 failed with not_found, but its server pb@n2 was live throughout/);
  const held = failWith(registerB(spawned()), 'n1', toName('c1', 'svc'), 'not_found');
  t.match(checkHistory(held.entries, ['CallNotFoundIffAbsent'], context)[0]?.message, /call 'c1' to name 'svc' failed with not_found, but pb@n2 held the name 'svc' throughout/);
  const crashedAnswer = failWith(exitB(spawned()), 'n1', callOp('c1', 'at-least-once'), 'crashed');
  t.match(checkHistory(crashedAnswer.entries, ['CallNotFoundIffAbsent'], context)[0]?.message, /failed with 'crashed', but it had stopped before the call was issued, in a run without faults: the answer is not_found/);
  const timedOut = failWith(spawned(), 'n1', toName('c1', 'nobody'), 'timeout', (h) => h.wait(1000));
  t.match(checkHistory(timedOut.entries, ['CallNotFoundIffAbsent'], context)[0]?.message, /failed with 'timeout', but no live process held the name/);
  const lostInCrash = spawned().crash('n2').restart('n2');
  failWith(lostInCrash, 'n1', callOp('c1', 'at-most-once'), 'unavailable');
  t.same(violated(lostInCrash, ['CallNotFoundIffAbsent']), ['CallNotFoundIffAbsent'], 'a server lost in a crash its node restarted from, in a run the test declares fault-free');
});
