// The RPC client as a state machine: a call, timers and replies in; requests, events and the
// operation's answer out.
import t from 'tap';
import type { Effect, TraceEvent } from '../../../conformance/protocol/index.js';
import type { MutantName } from '../mutants.js';
import type { KernelPacket, RpcOutcome } from '../packets.js';
import { StepContext } from '../step-context.js';
import { emptyRpcClientState, onCallTimer, onReply, startCall, type CallRequest } from './rpc-client.js';

const params = { zones: {}, retryIntervalNs: 1_000, callTimeoutNs: 2_500, dedupCapacity: 8 };
const context = (nowNs: number, mutant?: MutantName) => new StepContext('n1', 0, nowNs, ['n1', 'n2'], params, mutant);
const call = (callId: string, client: string, args: unknown, opId: number): CallRequest => ({
  opId, callId, client, server: 'p1.0@n2', serverNode: 'n2', semantics: 'at-most-once', args: args as never, serverInc: 0,
});
const events = (effects: Effect[]) => effects.flatMap((e) => (e.kind === 'event' ? [e.event as TraceEvent] : []));
const reply = (callId: string, client: string, outcome: RpcOutcome): Extract<KernelPacket, { kind: 'rpc-reply' }> => ({
  kind: 'rpc-reply', srcInc: 0, callId, client, server: 'p1.0@n2', seq: 0, outcome,
});

t.test('a call starts, is retried each interval with the same seq, and times out', async (t) => {
  const state = emptyRpcClientState();
  const start = context(0);
  startCall(state, start, call('c1', 'p1.0@n1', 1, 7));
  t.match(events(start.effects), [{ kind: 'CallStarted', callId: 'c1', semantics: 'at-most-once' }]);
  t.match(start.effects.find((e) => e.kind === 'send'), { to: 'n2', payload: { kind: 'rpc-request', seq: 0, attempt: 1, doneBelow: 0 } });
  const retry = context(1_000);
  onCallTimer(state, retry, 'c1');
  t.same(events(retry.effects), [{ kind: 'CallRetried', callId: 'c1', attempt: 2 }]);
  t.match(retry.effects.find((e) => e.kind === 'setTimer'), { afterNs: 1_000 });
  const late = context(2_000);
  onCallTimer(state, late, 'c1');
  t.match(late.effects.find((e) => e.kind === 'setTimer'), { afterNs: 500 }, 'the last wait ends at the deadline');
  const end = context(2_500);
  onCallTimer(state, end, 'c1');
  t.same(events(end.effects), [{ kind: 'CallFailed', callId: 'c1', code: 'timeout' }]);
  t.match(end.effects.find((e) => e.kind === 'error'), { opId: 7, code: 'timeout' });
});

t.test('a reply completes its own call once; a second copy is ignored', async (t) => {
  const state = emptyRpcClientState();
  startCall(state, context(0), call('c1', 'p1.0@n1', 'a', 1));
  startCall(state, context(0), call('c2', 'p2.0@n1', 'b', 2));
  const got = context(10);
  onReply(state, got, reply('c2', 'p2.0@n1', { kind: 'result', result: 'b' }));
  t.same(got.effects.filter((e) => e.kind === 'reply'), [{ kind: 'reply', opId: 2, value: { result: 'b' } }]);
  const again = context(11);
  onReply(state, again, reply('c2', 'p2.0@n1', { kind: 'result', result: 'b' }));
  t.same(again.effects, []);
});

t.test('doneBelow tells the server which calls of the client have completed', async (t) => {
  const state = emptyRpcClientState();
  startCall(state, context(0), call('c1', 'p1.0@n1', 1, 1));
  onReply(state, context(1), reply('c1', 'p1.0@n1', { kind: 'result', result: 1 }));
  const next = context(2);
  startCall(state, next, call('c2', 'p1.0@n1', 2, 2));
  t.match(next.effects.find((e) => e.kind === 'send'), { payload: { seq: 1, doneBelow: 1 } });
});

t.test('not_found after a retransmission becomes the indefinite unavailable', async (t) => {
  const state = emptyRpcClientState();
  startCall(state, context(0), call('c1', 'p1.0@n1', 1, 1));
  onCallTimer(state, context(1_000), 'c1');
  const failed = context(1_100);
  onReply(state, failed, reply('c1', 'p1.0@n1', { kind: 'error', code: 'not_found', text: 'gone' }));
  t.match(failed.effects.find((e) => e.kind === 'error'), { code: 'unavailable' });
});

t.test('mutant reply-to-wrong-process gives the first pending call another call\'s reply', async (t) => {
  const state = emptyRpcClientState();
  startCall(state, context(0, 'reply-to-wrong-process'), call('c1', 'p1.0@n1', 'a', 1));
  startCall(state, context(0, 'reply-to-wrong-process'), call('c2', 'p2.0@n1', 'b', 2));
  const got = context(10, 'reply-to-wrong-process');
  onReply(state, got, reply('c2', 'p2.0@n1', { kind: 'result', result: 'b' }));
  t.same(got.effects.filter((e) => e.kind === 'reply'), [{ kind: 'reply', opId: 1, value: { result: 'b' } }]);
});
