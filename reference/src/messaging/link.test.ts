// The reliable link as a state machine: packets and timers in, deliverable bodies and effects out.
import t from 'tap';
import type { Effect } from '../../../conformance/protocol/index.js';
import type { MutantName } from '../mutants.js';
import type { KernelPacket, LinkBody } from '../packets.js';
import { StepContext } from '../step-context.js';
import { emptyLinkState, learnPeerIncarnation, linkOnAck, linkOnData, linkOnTimer, linkSend, linkTimerId } from './link.js';

const params = { zones: {}, retryIntervalNs: 1_000, callTimeoutNs: 100_000, dedupCapacity: 4 };
const context = (node: string, incarnation = 0, mutant?: MutantName) => new StepContext(node, incarnation, 0, ['n1', 'n2'], params, mutant);
const message = (i: number): LinkBody => ({ kind: 'message', msgId: `m${i}`, from: 'p1.0@n1', to: 'p1.0@n2', body: i });
const sent = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'send' ? [e.payload as KernelPacket] : []));
type Data = Extract<KernelPacket, { kind: 'link-data' }>;
type Ack = Extract<KernelPacket, { kind: 'link-ack' }>;

t.test('the sender numbers bodies from 1 and arms one retransmission timer', async (t) => {
  const state = emptyLinkState();
  const ctx = context('n1');
  for (const i of [1, 2, 3]) linkSend(state, ctx, 'n2', message(i));
  t.same(sent(ctx.effects).map((p) => (p as Data).seq), [1, 2, 3]);
  t.same(ctx.effects.filter((e) => e.kind === 'setTimer'), [{ kind: 'setTimer', timerId: linkTimerId('n2'), afterNs: 1_000 }]);
});

function threeDataPackets(): Data[] {
  const ctx = context('n1');
  const state = emptyLinkState();
  for (const i of [1, 2, 3]) linkSend(state, ctx, 'n2', message(i));
  return sent(ctx.effects) as Data[];
}

t.test('the receiver delivers in order, once, and acks cumulatively', async (t) => {
  const [d1, d2, d3] = threeDataPackets();
  const state = emptyLinkState();
  const step = (packet: Data) => {
    const ctx = context('n2');
    const bodies = linkOnData(state, ctx, 'n1', packet);
    return { ids: bodies.map((b) => (b as { msgId: string }).msgId), ack: (sent(ctx.effects)[0] as Ack).upTo };
  };
  t.same(step(d3!), { ids: [], ack: 0 }, 'a gap: buffered');
  t.same(step(d1!), { ids: ['m1'], ack: 1 });
  t.same(step(d2!), { ids: ['m2', 'm3'], ack: 3 }, 'the gap fills and the buffer drains');
  t.same(step(d2!), { ids: [], ack: 3 }, 'a duplicate is acked, not delivered');
});

t.test('acked bodies are not retransmitted; the rest are, every interval', async (t) => {
  const state = emptyLinkState();
  const ctx = context('n1');
  for (const i of [1, 2, 3]) linkSend(state, ctx, 'n2', message(i));
  linkOnAck(state, ctx, 'n2', { kind: 'link-ack', srcInc: 0, dstInc: 0, streamInc: 0, upTo: 2 });
  const tick = context('n1');
  linkOnTimer(state, tick, 'n2');
  t.same(sent(tick.effects).map((p) => (p as Data).seq), [3]);
  t.ok(tick.effects.some((e) => e.kind === 'setTimer'), 're-armed while something is unacked');
  linkOnAck(state, tick, 'n2', { kind: 'link-ack', srcInc: 0, dstInc: 0, streamInc: 0, upTo: 3 });
  const idle = context('n1');
  linkOnTimer(state, idle, 'n2');
  t.same(idle.effects, [], 'nothing left: no packet, no timer');
});

t.test('data for an earlier incarnation of the receiver gets a hello, not a delivery', async (t) => {
  const [d1] = threeDataPackets();
  const ctx = context('n2', 1);
  t.same(linkOnData(emptyLinkState(), ctx, 'n1', d1!), []);
  t.same(sent(ctx.effects), [{ kind: 'hello', srcInc: 1 }]);
});

t.test('a peer restart drops queued messages and resends kernel requests on a fresh stream', async (t) => {
  const state = emptyLinkState();
  const ctx = context('n1');
  linkSend(state, ctx, 'n2', message(1));
  linkSend(state, ctx, 'n2', { kind: 'request', requestId: '0.0', request: { kind: 'lookup', name: 'x' } });
  const restart = context('n1');
  learnPeerIncarnation(state, restart, 'n2', 1);
  t.same(sent(restart.effects), [{ kind: 'link-data', srcInc: 0, dstInc: 1, seq: 1, body: { kind: 'request', requestId: '0.0', request: { kind: 'lookup', name: 'x' } } }]);
  t.notOk(restart.effects.some((e) => e.kind === 'setTimer'), 'the pending retransmission timer serves the new stream');
});

t.test("a peer restart drops DSM state addressed to the dead incarnation and resends a fault's request", async (t) => {
  const state = emptyLinkState();
  const ctx = context('n1');
  const request = { kind: 'request', segment: 's', page: 1, access: 'write', requester: 'n1', toManager: false, hops: 0, fault: '0.0' } as const;
  linkSend(state, ctx, 'n2', { kind: 'dsm', message: { kind: 'ownership', segment: 's', page: 1, value: 5, version: 3, copyset: [] } });
  linkSend(state, ctx, 'n2', { kind: 'dsm', message: { kind: 'copy', segment: 's', page: 1, value: 5, version: 3, fault: '0.1' } });
  linkSend(state, ctx, 'n2', { kind: 'dsm', message: { kind: 'invalidate', segment: 's', page: 1, faults: [] } });
  linkSend(state, ctx, 'n2', { kind: 'dsm', message: request });
  const restart = context('n1');
  learnPeerIncarnation(state, restart, 'n2', 1);
  t.same(sent(restart.effects), [{ kind: 'link-data', srcInc: 0, dstInc: 1, seq: 1, body: { kind: 'dsm', message: request } }]);
});

t.test('a sender restart starts a new stream at the receiver', async (t) => {
  const state = emptyLinkState();
  const [d1, d2] = threeDataPackets();
  linkOnData(state, context('n2'), 'n1', d1!);
  linkOnData(state, context('n2'), 'n1', d2!);
  const fresh: Data = { ...d1!, srcInc: 1, body: message(9) };
  t.same(linkOnData(state, context('n2'), 'n1', fresh).length, 1, 'seq 1 of the new incarnation is new');
  t.same(linkOnData(state, context('n2'), 'n1', d2!), [], 'the old incarnation is ignored');
});

t.test('mutants change exactly their behaviour', async (t) => {
  const [d1] = threeDataPackets();
  const dupState = emptyLinkState();
  linkOnData(dupState, context('n2', 0, 'link-accepts-duplicates'), 'n1', d1!);
  t.equal(linkOnData(dupState, context('n2', 0, 'link-accepts-duplicates'), 'n1', d1!).length, 1, 'link-accepts-duplicates');

  const lossy = emptyLinkState();
  linkSend(lossy, context('n1', 0, 'no-retransmission'), 'n2', message(1));
  const tick = context('n1', 0, 'no-retransmission');
  linkOnTimer(lossy, tick, 'n2');
  t.same(tick.effects, [], 'no-retransmission: the timer resends nothing');

  const split = emptyLinkState();
  const ctx = context('n1', 0, 'fifo-second-path');
  for (const i of [1, 2, 3, 4]) linkSend(split, ctx, 'n2', message(i));
  t.same(sent(ctx.effects).map((p) => p.kind), ['link-data', 'direct', 'link-data', 'direct'], 'fifo-second-path');
});
