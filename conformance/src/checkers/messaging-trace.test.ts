// Trace validation against spec/messaging/Messaging.tla on hand-written histories: in-order
// delivery is explained; an overtaking message, a duplicate and a second holder of a live name
// are not; a crash is the exit of the node's processes; events are ordered by causality only.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { TraceEvent } from '../../protocol/index.js';
import { validateMessagingTrace } from './messaging-trace.js';

const zones = { n1: 'z1', n2: 'z2' };
const a = 'pa@n1';
const b = 'pb@n2';
const nodeOf = (pid: string) => pid.split('@')[1]!;

type Item = TraceEvent | { crash: string } | { send: number; from: string; to: string; resendOf?: number } | { deliver: number };

/** Each event at the node of the process that takes it (the receiver, for a delivery). */
function history(items: Item[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    { kind: 'event', timeNs: 0, node: 'n1', event: { kind: 'Spawned', pid: a, node: 'n1' } },
    { kind: 'event', timeNs: 0, node: 'n2', event: { kind: 'Spawned', pid: b, node: 'n2' } },
  ];
  const sentNs = new Map<number, number>();
  items.forEach((item, i) => {
    const timeNs = (i + 1) * 1000;
    if ('crash' in item) return void entries.push({ kind: 'crash', timeNs, node: item.crash });
    if ('send' in item) {
      sentNs.set(item.send, timeNs);
      return void entries.push({ kind: 'packet-sent', timeNs, from: item.from, to: item.to, packetId: item.send, ...(item.resendOf !== undefined ? { resendOf: item.resendOf } : {}) });
    }
    if ('deliver' in item) {
      const sent = entries.find((e) => e.kind === 'packet-sent' && e.packetId === item.deliver) as Extract<HistoryEntry, { kind: 'packet-sent' }>;
      return void entries.push({ kind: 'packet-delivered', timeNs, from: sent.from, to: sent.to, packetId: item.deliver, sentNs: sentNs.get(item.deliver)! });
    }
    const pid = item.kind === 'Sent' ? item.from : item.kind === 'Delivered' ? item.to : 'pid' in item ? item.pid : a;
    entries.push({ kind: 'event', timeNs, node: nodeOf(pid), event: item });
  });
  return entries;
}
const sent = (msgId: string): TraceEvent => ({ kind: 'Sent', msgId, from: a, to: b });
const delivered = (msgId: string): TraceEvent => ({ kind: 'Delivered', msgId, from: a, to: b, body: msgId });
const registered = (name: string, pid: string): TraceEvent => ({ kind: 'Registered', name, pid });

t.test('in-order delivery is explained', async (t) => {
  t.match(await validateMessagingTrace(history([sent('m1'), sent('m2'), delivered('m1'), delivered('m2')]), { zones }), { kind: 'explained', events: 6 });
});

t.test('an overtaking message and a duplicate are unexplained', async (t) => {
  t.match(await validateMessagingTrace(history([sent('m1'), sent('m2'), delivered('m2')]), { zones }), { kind: 'unexplained', entry: 4, message: /Delivered of message 2 from p1 to p2/ });
  t.match(await validateMessagingTrace(history([sent('m1'), delivered('m1'), delivered('m1')]), { zones }), { kind: 'unexplained', entry: 4 });
});

t.test('a name registered to a second live process is unexplained; after an exit it is', async (t) => {
  // b registers the name only after a packet from a's node tells it of a's registration.
  const taken: Item[] = [registered('svc', a), { send: 1, from: 'n1', to: 'n2' }, { deliver: 1 }, registered('svc', b)];
  t.match(await validateMessagingTrace(history(taken), { zones }), { kind: 'unexplained', message: /Registered k1 to p2/ });
  const released: Item[] = [registered('svc', a), { kind: 'Exited', pid: a }, { send: 1, from: 'n1', to: 'n2' }, { deliver: 1 }, registered('svc', b)];
  t.match(await validateMessagingTrace(history(released), { zones }), { kind: 'explained' });
});

t.test('events of different nodes are ordered by causality, not by their order in the history', async (t) => {
  // In history order b takes a name a holds; but no packet orders the nodes, so b may register and
  // exit before a registers: explained. With a packet from a's node to b's in between, it is not
  // (the name test above).
  const concurrent: Item[] = [registered('svc', a), registered('svc', b), { kind: 'Exited', pid: b }];
  t.match(await validateMessagingTrace(history(concurrent), { zones }), { kind: 'explained', events: 5 });
});

t.test('a delivery that causally precedes its send is unexplained, though the same events without that order are', async (t) => {
  // a's node sends m1 only after hearing (packet 1) from b's node, which had already delivered m1.
  const events: Item[] = [delivered('m1'), sent('m1')];
  t.match(await validateMessagingTrace(history(events), { zones }), { kind: 'explained' }, 'concurrent: the send may be placed first');
  const causal: Item[] = [delivered('m1'), { send: 1, from: 'n2', to: 'n1' }, { deliver: 1 }, sent('m1')];
  t.match(await validateMessagingTrace(history(causal), { zones }), { kind: 'unexplained', entry: 2, message: /Delivered of message 1 from p1 to p2 \(history entry 2\)/ });
});

t.test('a crash is the exit of every process on the node: nothing is delivered to them after it', async (t) => {
  const crashed: Item[] = [sent('m1'), { crash: 'n2' }, delivered('m1')];
  t.match(await validateMessagingTrace(history(crashed), { zones }), { kind: 'unexplained', message: /Delivered of message 1/ });
  t.match(await validateMessagingTrace(history([sent('m1'), { crash: 'n2' }]), { zones }), { kind: 'explained', events: 4 }, 'the message is discarded');
  // The crash releases the name b held, so a may take it.
  const released: Item[] = [registered('svc', b), { crash: 'n2' }, registered('svc', a)];
  t.match(await validateMessagingTrace(history(released), { zones }), { kind: 'explained' });
});

t.test('a resent packet is ordered after its first copy, not after what its sender did in between (messaging/generated-swarm seed 1)', async (t) => {
  // a's node asks b's (the directory) to register a, the request is lost, a exits, and a
  // retransmission of the same request makes b's node report Registered: it may precede the exit.
  const registerThenExit = (resendOf?: number): Item[] => [
    { send: 1, from: 'n1', to: 'n2' },
    { kind: 'Exited', pid: a },
    { send: 2, from: 'n1', to: 'n2', ...(resendOf !== undefined ? { resendOf } : {}) },
    { deliver: 2 },
    registered('svc', a),
  ];
  t.match(await validateMessagingTrace(history(registerThenExit(1)), { zones }), { kind: 'explained' });
});

t.test('a binding to a process that already stopped is a stutter, unless it displaces a live holder (messaging/generated-swarm seed 33)', async (t) => {
  // The directory (b's node) registers a after a's exit, ordered after it by a packet sent after
  // the exit (at seed 33 an ack from a third node that had heard of it): a binding to a process
  // that is not live counts as unbound, so the spec's registry does not change.
  const afterExit: Item[] = [{ kind: 'Exited', pid: a }, { send: 1, from: 'n1', to: 'n2' }, { deliver: 1 }, registered('svc', a)];
  t.match(await validateMessagingTrace(history(afterExit), { zones }), { kind: 'explained', events: 3 }, 'the Registered is no spec step');
  const afterCrash: Item[] = [{ crash: 'n1' }, registered('svc', a), registered('svc', b)];
  t.match(await validateMessagingTrace(history(afterCrash), { zones }), { kind: 'explained' }, 'nor after a crash: b may take the name');
  // Displacing b, which holds the name and lives, removes b's binding: not a stutter.
  const displacing: Item[] = [registered('svc', b), { kind: 'Exited', pid: a }, { send: 1, from: 'n2', to: 'n1' }, { deliver: 1 }, registered('svc', a)];
  t.match(await validateMessagingTrace(history(displacing), { zones }), { kind: 'unexplained', message: /Registered k1 to p1/ });
});
