// The RPC server as a state machine: a request packet in, events, persists and a reply out.
import t from 'tap';
import type { Effect, RpcSemantics, TraceEvent } from '../../../conformance/protocol/index.js';
import type { MutantName } from '../mutants.js';
import type { KernelPacket } from '../packets.js';
import { StepContext } from '../step-context.js';
import { emptyDedupTable } from './dedup-table.js';
import { serveRequest, type RpcServerState } from './rpc-server.js';

const params = { zones: {}, retryIntervalNs: 1_000, callTimeoutNs: 100_000, dedupCapacity: 8 };
const server = 'p1.0@n2';
type Request = Extract<KernelPacket, { kind: 'rpc-request' }>;
const request = (semantics: RpcSemantics, extra: Partial<Request> = {}): Request => ({
  kind: 'rpc-request', srcInc: 0, callId: 'c1', client: 'p1.0@n1', server, semantics, seq: 0, doneBelow: 0, serverIncSeen: 0, attempt: 1, args: 'x', ...extra,
});
const fresh = (): RpcServerState => ({ atMostOnce: emptyDedupTable(false), exactlyOnce: emptyDedupTable(true) });
const kinds = (effects: Effect[]) => effects.map((e) => (e.kind === 'event' ? (e.event as TraceEvent).kind : e.kind));

function serve(state: RpcServerState, packet: Request, options: { incarnation?: number; mutant?: MutantName; live?: boolean } = {}) {
  const ctx = new StepContext('n2', options.incarnation ?? 0, 0, ['n1', 'n2'], params, options.mutant);
  serveRequest(state, ctx, 'n1', packet, () => options.live ?? true, 0);
  return ctx.effects;
}

t.test('at-least-once executes every copy', async (t) => {
  const state = fresh();
  t.same(kinds(serve(state, request('at-least-once'))), ['Executed', 'Replied', 'send']);
  t.same(kinds(serve(state, request('at-least-once', { attempt: 2 }))), ['Executed', 'Replied', 'send']);
});

t.test('at-most-once answers a retry from its table', async (t) => {
  const state = fresh();
  serve(state, request('at-most-once'));
  const retry = serve(state, request('at-most-once', { attempt: 2 }));
  t.same(kinds(retry), ['DuplicateSuppressed', 'Replied', 'send']);
  t.match((retry[2] as { payload: unknown }).payload, { kind: 'rpc-reply', outcome: { kind: 'result', result: 'x' } });
});

t.test('at-most-once refuses a call that began before this node restarted', async (t) => {
  const reply = serve(fresh(), request('at-most-once'), { incarnation: 1 });
  t.same(kinds(reply), ['send']);
  t.match((reply[0] as { payload: unknown }).payload, { outcome: { kind: 'error', code: 'crashed' } });
});

t.test('exactly-once persists the entry in the step that executes, before the reply', async (t) => {
  t.same(kinds(serve(fresh(), request('exactly-once'))), ['Executed', 'persist', 'Replied', 'send']);
});

t.test('an absent server: not_found only when no earlier incarnation could have run the call', async (t) => {
  const now = serve(fresh(), request('at-least-once'), { live: false });
  t.match((now[0] as { payload: unknown }).payload, { outcome: { kind: 'error', code: 'not_found' } });
  const afterRestart = serve(fresh(), request('exactly-once'), { live: false, incarnation: 1 });
  t.match((afterRestart[0] as { payload: unknown }).payload, { outcome: { kind: 'error', code: 'crashed' } });
});

t.test('a request from an incarnation of the client node that has since restarted is ignored (orphan)', async (t) => {
  const ctx = new StepContext('n2', 0, 0, ['n1', 'n2'], params, undefined);
  serveRequest(fresh(), ctx, 'n1', request('at-least-once'), () => true, 1);
  t.same(ctx.effects, []);
});

t.test('mutants: retry-without-dedup re-executes; exactly-once-dedup-volatile does not persist', async (t) => {
  const state = fresh();
  serve(state, request('at-most-once'), { mutant: 'rpc-retry-without-dedup' });
  t.same(kinds(serve(state, request('at-most-once'), { mutant: 'rpc-retry-without-dedup' })), ['Executed', 'Replied', 'send']);
  t.same(kinds(serve(fresh(), request('exactly-once'), { mutant: 'exactly-once-dedup-volatile' })), ['Executed', 'Replied', 'send']);
});
