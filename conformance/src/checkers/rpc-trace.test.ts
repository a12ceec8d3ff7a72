// Trace validation against spec/rpc/RPC.tla on hand-written histories: traces the spec explains
// (concurrent calls of one client, several servers and semantics, crashes and restarts) and traces
// it cannot (a second execution under at-most-once, a reply to a call never executed, a step at a
// crashed server, a reply that causality puts before its execution, a reply taken after the call
// timed out); an at-most-once server whose table overflows may forget any call, never run it again;
// the bound gives unknown.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { RpcSemantics, TraceEvent } from '../../protocol/index.js';
import { validateRpcTrace } from './rpc-trace.js';
import { handWrittenHistory, spawnedAt, type HistoryItem } from './hand-written-history.js';

const client = 'pa@n1';
const server = 'pb@n2';

type Item = TraceEvent | HistoryItem;

/** Events of the client (CallStarted, CallRetried, ReplyReceived, CallFailed) run on n1, the server's on n2 or where `on` says. */
function history(body: Item[], pids = [client, server, 'pc@n3']): HistoryEntry[] {
  const onItsNode = (item: Item): HistoryItem => ('kind' in item ? { on: item.kind === 'Executed' || item.kind === 'DuplicateSuppressed' ? 'n2' : 'n1', event: item } : item);
  return handWrittenHistory(spawnedAt(pids), body.map(onItsNode));
}

const started = (callId: string, semantics: RpcSemantics = 'at-most-once', to = server): TraceEvent => ({ kind: 'CallStarted', callId, client, server: to, semantics });
const executed = (callId: string): TraceEvent => ({ kind: 'Executed', callId, server });
const received = (callId: string): TraceEvent => ({ kind: 'ReplyReceived', callId, client, result: { call: callId } });
const retried = (callId: string): TraceEvent => ({ kind: 'CallRetried', callId, attempt: 2 });
const options = { dedupCapacity: 4 };

/** A call in the order the reference kernel reports it: request packet k, execution, reply packet k + 1. */
const roundTrip = (callId: string, k: number, semantics: RpcSemantics = 'at-most-once'): Item[] => [
  started(callId, semantics),
  { send: k, from: 'n1', to: 'n2' },
  { deliver: k },
  executed(callId),
  { send: k + 1, from: 'n2', to: 'n1' },
  { deliver: k + 1 },
  received(callId),
];

t.test('a trace of two at-most-once calls is explained', async (t) => {
  const result = await validateRpcTrace(history([...roundTrip('c1', 1), ...roundTrip('c2', 3)]), options);
  t.match(result, { kind: 'explained', events: 6 });
});

t.test('a second execution of an at-most-once call is unexplained, at that event; at-least-once allows it', async (t) => {
  const body = (semantics: RpcSemantics): Item[] => [started('c1', semantics), retried('c1'), executed('c1'), executed('c1'), received('c1')];
  t.match(await validateRpcTrace(history(body('at-most-once')), options), { kind: 'unexplained', entry: 6, explained: 3, message: /explains Executed of call 1 \(history entry 6\)/ });
  t.match(await validateRpcTrace(history(body('at-least-once')), options), { kind: 'explained', events: 4 });
});

t.test('a reply to a call that never executed is unexplained', async (t) => {
  t.match(await validateRpcTrace(history([started('c1'), received('c1')]), options), { kind: 'unexplained', message: /explains ReplyReceived of call 1 by c1/ });
  t.match(await validateRpcTrace(history([started('c1'), executed('c2')]), options), { kind: 'unexplained', message: /Executed of 'c2' .*never started/ });
});

t.test('crash and restart: at-most-once may refuse a call begun before; exactly-once may neither execute it twice nor fail it', async (t) => {
  const failed: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'crashed' };
  t.match(await validateRpcTrace(history([started('c1'), executed('c1'), { crash: 'n2' }, { restart: 'n2' }, retried('c1'), failed]), options), { kind: 'explained', events: 5 });
  const twice = (semantics: RpcSemantics): Item[] => [started('c1', semantics), executed('c1'), { crash: 'n2' }, { restart: 'n2' }, retried('c1'), executed('c1'), received('c1')];
  t.match(await validateRpcTrace(history(twice('exactly-once')), options), { kind: 'unexplained', entry: 8, message: /Executed of call 1 \(history entry 8\)/ }, 'the durable table remembers the call');
  t.match(await validateRpcTrace(history(twice('at-least-once')), options), { kind: 'explained' });
  const afterExecuting: Item[] = [started('c1', 'exactly-once'), executed('c1'), { crash: 'n2' }, { restart: 'n2' }, retried('c1'), failed];
  t.match(await validateRpcTrace(history(afterExecuting), options), { kind: 'unexplained', message: /CallFailed of call 1/ }, 'exactly-once answers from its durable table');
  // RPC.tla's server comes back after a restart; a cloudOS server process does not, so `crashed` is the client learning it is gone (CallUnavailable).
  const refused = (semantics: RpcSemantics) => history([started('c1', semantics), { crash: 'n2' }, { restart: 'n2' }, retried('c1'), failed]);
  t.match(await validateRpcTrace(refused('exactly-once'), options), { kind: 'explained', events: 4 });
  t.match(await validateRpcTrace(refused('at-least-once'), options), { kind: 'explained', events: 4 });
  // The copy that executed before the crash, then `crashed` on a late copy: explained; a definite `not_found` there is not (rpc-restart-check-on-retries-only).
  t.match(await validateRpcTrace(history([started('c1', 'at-least-once'), executed('c1'), { crash: 'n2' }, { restart: 'n2' }, failed]), options), { kind: 'explained', events: 5 });
  const notFound: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'not_found' };
  t.match(await validateRpcTrace(history([started('c1', 'at-least-once'), executed('c1'), { crash: 'n2' }, { restart: 'n2' }, notFound]), options), { kind: 'unexplained', message: /Executed of 'c1' .*definite error 'not_found'/ });
  t.match(await validateRpcTrace(history([started('c1', 'at-least-once'), { crash: 'n2' }, { restart: 'n2' }, { ...failed }, started('c2', 'at-least-once')]), options), { kind: 'explained' }, 'the give-up frees the client');
  // Without a crash of its server, `crashed` has no spec step: not validated, never counted as checked.
  t.match(await validateRpcTrace(history([started('c1', 'at-least-once'), failed]), options), { kind: 'not-applicable', reason: /at-least-once call 'c1' was refused \('crashed'\) though its server never crashed/ });
});

t.test('a call that times out or is unavailable may still execute, at most once where promised, and its late reply is never taken', async (t) => {
  const timedOut: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'timeout' };
  const unavailable: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'unavailable' };
  t.match(await validateRpcTrace(history([started('c1'), timedOut, executed('c1')]), options), { kind: 'explained', events: 3 }, 'executed after the client gave up');
  t.match(await validateRpcTrace(history([started('c1', 'exactly-once'), executed('c1'), unavailable]), options), { kind: 'explained', events: 3 }, 'unavailable is indefinite, even under exactly-once');
  t.match(await validateRpcTrace(history([started('c1'), executed('c1'), timedOut, received('c1')]), options), { kind: 'unexplained', entry: 6, message: /explains ReplyReceived of call 1 by c1 \(history entry 6\)/ }, 'the late reply ends the call a second time');
  t.match(await validateRpcTrace(history([started('c1'), timedOut, { ...unavailable }]), options), { kind: 'unexplained', message: /CallUnavailable of call 1/ }, 'a call gives up once');
  const twice = (semantics: RpcSemantics): Item[] => [started('c1', semantics), retried('c1'), timedOut, executed('c1'), executed('c1')];
  t.match(await validateRpcTrace(history(twice('at-most-once')), options), { kind: 'unexplained', message: /Executed of call 1 \(history entry 7\)/ }, 'at most once after a timeout too');
  t.match(await validateRpcTrace(history(twice('at-least-once')), options), { kind: 'explained', events: 4 });
});

t.test('a step at a crashed server is unexplained; after its restart it is', async (t) => {
  const atCrashed: Item[] = [started('c1', 'at-least-once'), { crash: 'n2' }, executed('c1')];
  t.match(await validateRpcTrace(history(atCrashed), options), { kind: 'unexplained', message: /Executed of call 1 \(history entry 5\)/ });
  t.match(await validateRpcTrace(history([started('c1', 'at-least-once'), { crash: 'n2' }, { restart: 'n2' }, executed('c1')]), options), { kind: 'explained' });
});

t.test('a client crash orphans its call: it may still execute once, and no reply reaches the client', async (t) => {
  // The request packet is delivered twice (the network duplicated it).
  const orphan: Item[] = [started('c1'), { send: 1, from: 'n1', to: 'n2' }, { crash: 'n1' }, { deliver: 1 }, executed('c1'), { deliver: 1 }];
  t.match(await validateRpcTrace(history(orphan), options), { kind: 'explained', events: 3 });
  t.match(await validateRpcTrace(history([...orphan, executed('c1')]), options), { kind: 'unexplained', message: /Executed of call 1/ }, 'not twice');
  t.match(await validateRpcTrace(history([...orphan, received('c1')]), options), { kind: 'unexplained', message: /ReplyReceived of call 1/ }, 'no reply to the crashed client');
});

t.test('one client with several calls outstanding, to two servers with two semantics, is explained', async (t) => {
  const other = 'pc@n3';
  const onOther = (event: TraceEvent) => ({ on: 'n3', event });
  const body = [
    started('c1'),
    started('c2'),
    started('c3', 'exactly-once', other),
    executed('c2'),
    onOther({ kind: 'Executed', callId: 'c3', server: other }),
    executed('c1'),
    received('c1'),
    received('c3'),
    received('c2'),
  ];
  t.match(await validateRpcTrace(history(body), options), { kind: 'explained', events: 9 });
  // The same with c3's execution reported twice: c3's instance (exactly-once) rejects it.
  const twice = [...body.slice(0, 5), onOther({ kind: 'Executed', callId: 'c3', server: other }), ...body.slice(5)];
  t.match(await validateRpcTrace(history(twice), options), { kind: 'unexplained', message: /Executed of call 1 \(history entry 8, instance 3\)/ });
});

t.test('a server with more at-most-once calls than its table holds may refuse any of them, never execute one twice or after its refusal', async (t) => {
  const refused: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'forgotten' };
  const evicted: Item[] = [...roundTrip('c2', 1), started('c1'), executed('c1'), retried('c1'), refused];
  t.match(await validateRpcTrace(history(evicted), { dedupCapacity: 1 }), { kind: 'explained', events: 6, statesExplored: Number }, 'evicted for the other call (RPCSharedTable.tla)');
  t.match(await validateRpcTrace(history(evicted), options), { kind: 'unexplained', message: /CallFailed of call 1 by c1 \(history entry \d+, instance 2\)/ }, 'where the table holds every call, RPC.tla refuses only after a crash');
  t.match(await validateRpcTrace(history([...roundTrip('c2', 1), started('c1'), refused]), { dedupCapacity: 1 }), { kind: 'explained' }, 'refused before it ever ran');
  const twice: Item[] = [...roundTrip('c2', 1), started('c1'), executed('c1'), retried('c1'), executed('c1')];
  t.match(await validateRpcTrace(history(twice), { dedupCapacity: 1 }), { kind: 'unexplained', message: /Executed of call 1 \(history entry \d+, instance 2\)/ }, 'forgotten, never run again');
  const afterRefusal: Item[] = [...roundTrip('c2', 1), started('c1'), refused, { send: 3, from: 'n1', to: 'n2' }, { deliver: 3 }, executed('c1')];
  t.match(await validateRpcTrace(history(afterRefusal), { dedupCapacity: 1 }), { kind: 'unexplained', message: /Executed of call 1/ }, 'a call refused never runs later');
});

t.test('a table is its server\'s: calls to another server on the same node never let it forget a call', async (t) => {
  const neighbour = 'pd@n2';
  const atNeighbour = (callId: string): Item[] => [started(callId, 'at-most-once', neighbour), { on: 'n2', event: { kind: 'Executed', callId, server: neighbour } }];
  const body: Item[] = [...atNeighbour('c2'), ...atNeighbour('c3'), started('c1'), executed('c1'), retried('c1'), { kind: 'CallFailed', callId: 'c1', code: 'forgotten' }];
  t.match(await validateRpcTrace(history(body, [client, server, neighbour]), { dedupCapacity: 1 }), { kind: 'unexplained', message: /CallFailed of call 1 by c1/ }, 'pb@n2 executed one call: its table of one never overflowed');
});

t.test('causality: a reply that causally precedes the execution is unexplained, though the same events without that order are', async (t) => {
  // Nodes n1 and n2 exchange no packet here: the execution may be placed before the reply.
  t.match(await validateRpcTrace(history([started('c1'), received('c1'), executed('c1')]), options), { kind: 'explained' });
  // A packet sent after the reply and delivered before the execution orders them: no spec behaviour allows it.
  const ordered: Item[] = [started('c1'), received('c1'), { send: 1, from: 'n1', to: 'n2' }, { deliver: 1 }, executed('c1')];
  t.match(await validateRpcTrace(history(ordered), options), { kind: 'unexplained', entry: 4, message: /explains ReplyReceived of call 1 by c1 \(history entry 4\)/ });
});

t.test('the search bound gives unknown, never explained', async (t) => {
  t.match(await validateRpcTrace(history([...roundTrip('c1', 1), ...roundTrip('c2', 3)]), { ...options, maxStates: 3 }), { kind: 'unknown', reason: /more than 3 .* too large to validate/ });
});

t.test('a call that failed with a definite error is no call of the spec: left out, and unexplained if it took effect', async (t) => {
  const notFound: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'not_found' };
  t.match(await validateRpcTrace(history([started('c1'), notFound, ...roundTrip('c2', 1)]), options), { kind: 'explained', events: 3 }, 'the other call is validated');
  t.match(await validateRpcTrace(history([started('c1'), notFound]), options), { kind: 'not-applicable', reason: 'no calls' });
  t.match(await validateRpcTrace(history([started('c1'), executed('c1'), notFound]), options), { kind: 'unexplained', message: /Executed of 'c1' .*failed with the definite error 'not_found', so never reached a server/ });
  const timedOutToo: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'timeout' };
  t.match(await validateRpcTrace(history([started('c1'), timedOutToo, notFound]), options), { kind: 'unexplained', message: /CallFailed of 'c1'/ }, 'a call ends once');
});

t.test('traces outside the spec are not applicable, with the reason', async (t) => {
  t.match(await validateRpcTrace(history([]), options), { kind: 'not-applicable', reason: 'no calls' });
});
