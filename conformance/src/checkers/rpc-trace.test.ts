// Trace validation against spec/rpc/RPC.tla on hand-written histories: a trace the spec explains,
// one it cannot (a second execution of an at-most-once call, a restart that fails an exactly-once
// call), and traces outside the spec's scope, which are reported as such and not as failures.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { RpcSemantics, TraceEvent } from '../../protocol/index.js';
import { validateRpcTrace } from './rpc-trace.js';

const client = 'pa@n1';
const server = 'pb@n2';

function history(body: (TraceEvent | { crash: string } | { restart: string })[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [
    { kind: 'event', timeNs: 0, node: 'n1', event: { kind: 'Spawned', pid: client, node: 'n1' } },
    { kind: 'event', timeNs: 0, node: 'n2', event: { kind: 'Spawned', pid: server, node: 'n2' } },
  ];
  body.forEach((item, i) => {
    const timeNs = (i + 1) * 1000;
    if ('crash' in item) entries.push({ kind: 'crash', timeNs, node: item.crash });
    else if ('restart' in item) entries.push({ kind: 'restart', timeNs, node: item.restart, incarnation: 1 });
    else entries.push({ kind: 'event', timeNs, node: item.kind === 'Executed' ? 'n2' : 'n1', event: item });
  });
  return entries;
}

const started = (callId: string, semantics: RpcSemantics = 'at-most-once'): TraceEvent => ({ kind: 'CallStarted', callId, client, server, semantics });
const executed = (callId: string): TraceEvent => ({ kind: 'Executed', callId, server });
const received = (callId: string): TraceEvent => ({ kind: 'ReplyReceived', callId, client, result: { call: callId } });

t.test('a trace of two at-most-once calls is explained', async (t) => {
  const result = await validateRpcTrace(history([started('c1'), executed('c1'), received('c1'), started('c2'), executed('c2'), received('c2')]), { dedupCapacity: 4 });
  t.match(result, { kind: 'explained', events: 6 });
});

t.test('a second execution of an at-most-once call is unexplained, at that event', async (t) => {
  const h = history([started('c1'), executed('c1'), executed('c1'), received('c1')]);
  const result = await validateRpcTrace(h, { dedupCapacity: 4 });
  t.match(result, { kind: 'unexplained', entry: 4, explained: 2, message: /explains Executed of call 1 \(history entry 4\)/ });
  t.match(await validateRpcTrace(history([started('c1', 'at-least-once'), executed('c1'), executed('c1'), received('c1')]), { dedupCapacity: 4 }), { kind: 'explained' }, 'at-least-once allows it');
});

t.test('exactly-once: a server restart may not fail the call; at-most-once may refuse it', async (t) => {
  const failed: TraceEvent = { kind: 'CallFailed', callId: 'c1', code: 'crashed' };
  const body = (semantics: RpcSemantics) => [started('c1', semantics), executed('c1'), { crash: 'n2' }, { restart: 'n2' }, failed];
  t.match(await validateRpcTrace(history(body('exactly-once')), { dedupCapacity: 4 }), { kind: 'unexplained', message: /CallFailed of call 1/ });
  t.match(await validateRpcTrace(history(body('at-most-once')), { dedupCapacity: 4 }), { kind: 'explained' });
});

t.test('traces outside the spec are not applicable, with the reason', async (t) => {
  t.match(await validateRpcTrace(history([started('c1'), started('c2')]), { dedupCapacity: 4 }), { kind: 'not-applicable', reason: /one call per client at a time/ });
  t.match(await validateRpcTrace(history([started('c1'), executed('c1'), received('c1'), { kind: 'CallStarted', callId: 'c2', client, server, semantics: 'exactly-once' }]), { dedupCapacity: 4 }), {
    kind: 'not-applicable',
    reason: /one semantics/,
  });
  t.match(await validateRpcTrace(history([]), { dedupCapacity: 4 }), { kind: 'not-applicable', reason: 'no calls' });
});
