// One scripted scenario per bug of the third blind batch (bugs-blind-3.ts), on a ScriptedCluster
// (three nodes, a network the script controls packet by packet). Each returns what went wrong, or
// undefined when right; scenarios.test.ts runs each on the correct kernel and under its bug.
import type { Capability, Quotas } from '../../../conformance/protocol/index.js';
import { directoryNode } from '../naming/registry.js';
import type { Blind3BugId, KernelFlag } from './catalogue.js';
import { answerText, call, holding, inOrder, later, loseFirst, send, type Scenario } from './scenarios.js';
import { dsm, SharedPage, value } from './dsm-scenarios.js';
import { expectPage, migrate, migrated, spawnWithPages, write } from './migration-scenarios.js';
import { ms, ok, quota, Tenant } from './quota-scenarios.js';
import { defaultParams, is, perfect, ScriptedCluster, type InFlight, type Network } from '../testing/scripted-cluster.js';

export function restart(c: ScriptedCluster, node: string, network: Network = perfect): void {
  c.crash(node);
  c.restart(node);
  c.settle(network);
}

/**
 * n2 restarts and spawns q, then n1 restarts and spawns p: n1 knows no peer's incarnation, so what
 * p sends to q goes on a stream addressed to n2's dead incarnation until n2 answers hello.
 */
export function streamToDeadIncarnation(flag: KernelFlag | undefined): { c: ScriptedCluster; p: string; q: string } {
  const c = new ScriptedCluster(flag);
  restart(c, 'n2');
  const q = c.spawn('n2');
  restart(c, 'n1');
  return { c, p: c.spawn('n1'), q };
}

/** A kernel-to-kernel body on the link from `from` to `to` carrying migration control (commit, moved, ...). */
const migrationControl = (from: string, to: string) => (p: InFlight) => p.from === from && p.to === to && p.packet.kind === 'link-data' && p.packet.body.kind === 'migration';

/** An exact copy of the first packet in flight that matches, added to the network (a duplicate). */
function duplicate(c: ScriptedCluster, matches: (p: InFlight) => boolean): InFlight {
  const original = c.inFlight.find(matches);
  if (original === undefined) throw new Error('no packet in flight to duplicate');
  const copy = { ...original };
  c.inFlight.push(copy);
  return copy;
}

/** Everything but `kept` is delivered; `kept` waits. */
const except = (kept: InFlight, otherwise: Network = perfect): Network => (p) => (p === kept ? 'hold' : otherwise(p));

/** The segment of two pages the DSM scenarios with two pages use, one process per node attached. */
function twoPages(flag: KernelFlag | undefined): { c: ScriptedCluster; pids: Map<string, string> } {
  const c = new ScriptedCluster(flag);
  const pids = new Map(c.nodes.map((n) => [n, c.spawn(n)]));
  for (const [node, pid] of pids) c.opSettled(node, { kind: 'attach', pid, segment: 'two', pages: 2 });
  return { c, pids };
}

export const blind3Scenarios: Record<Blind3BugId, Scenario> = {
  // ---- messaging ----
  'link-ack-ignores-stream-incarnation': (flag) => {
    const c = new ScriptedCluster(flag);
    const p = c.spawn('n1');
    c.op('n1', send(p, c.spawn('n2'), 'm1'));
    c.settle(holding(is.linkAck));
    const lateAck = { ...c.inFlight.find(is.linkAck)! }; // the network keeps a copy of m1's ack
    c.settle(perfect);
    restart(c, 'n2');
    c.op('n1', send(p, c.spawn('n2'), 'm2'));
    c.inFlight.push(lateAck);
    c.settle(loseFirst(1, is.message('m2')));
    c.advance(later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'link-ack-echoes-seq': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', send(p, q, 'm1'));
    c.op('n1', send(p, q, 'm2'));
    c.settle(loseFirst(1, is.message('m1')));
    c.advance(later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'restart-drops-queued-messages': (flag) => {
    const { c, p, q } = streamToDeadIncarnation(flag);
    c.op('n1', send(p, q, 'm1'));
    c.advance(later, perfect);
    return inOrder(c, ['m1']);
  },
  'failed-lookup-stalls-outbox': (flag) => {
    const c = new ScriptedCluster(flag);
    const unbound = Array.from({ length: 100 }, (_, i) => `nobody-${i}`).find((n) => directoryNode(n, c.nodes) === 'n3')!;
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    const toName = c.op('n1', { kind: 'send', from: p, to: { kind: 'name', name: unbound }, msgId: 'm1', body: 'm1' });
    const toPid = c.op('n1', send(p, q, 'm2'));
    c.advance(later, perfect);
    if (!answerText(c, toName).startsWith('error not_found')) return `a send to an unbound name answered ${answerText(c, toName)}`;
    return answerText(c, toPid) === ok ? inOrder(c, ['m2']) : `the send to ${q} queued behind it answered ${answerText(c, toPid)}; delivered ${JSON.stringify(c.deliveries())}`;
  },
  // ---- RPC ----
  'rpc-orphan-purge-any-node': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', call(client, server, 'c1', 'at-most-once', 'a'));
    c.settle(loseFirst(1, is.rpcReply('c1')));
    restart(c, 'n3');
    c.advance(later, perfect);
    return c.executions('c1') === 1 ? undefined : `the at-most-once call c1 executed ${c.executions('c1')} times after an unrelated node restarted`;
  },
  'rpc-orphan-executed': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', call(client, server, 'c1', 'at-most-once', 'a'));
    const late = duplicate(c, is.rpcRequest('c1'));
    c.settle(except(late));
    restart(c, 'n1', except(late));
    c.advance(later, perfect);
    return c.executions('c1') <= 1 ? undefined : `the at-most-once call of a client that crashed (an orphan) executed ${c.executions('c1')} times`;
  },
  'rpc-restart-check-on-retries-only': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, server] = [c.spawn('n1'), c.spawn('n2')];
    const op = c.op('n1', call(client, server, 'c1', 'at-least-once', 'a'));
    const late = duplicate(c, is.rpcRequest('c1'));
    const replyLost: Network = (p) => (p === late ? 'hold' : is.rpcReply('c1')(p) ? 'drop' : 'deliver');
    c.settle(replyLost);
    restart(c, 'n2', replyLost);
    c.settle(perfect); // the late first attempt reaches the restarted server
    c.advance(later, perfect);
    const a = c.answer(op);
    return c.executions('c1') >= 1 && a?.kind === 'error' && a.code === 'not_found' ? 'the call executed, then answered not_found (definite: never executed)' : undefined;
  },
  'rpc-forgotten-call-answered-null': (flag) => {
    const c = new ScriptedCluster(flag, { ...defaultParams, dedupCapacity: 1 });
    const [a, b, server] = [c.spawn('n1'), c.spawn('n3'), c.spawn('n2')];
    const op = c.op('n1', call(a, server, 'A', 'at-most-once', 'a'));
    c.settle(loseFirst(1, is.rpcReply('A')));
    c.op('n3', call(b, server, 'B', 'at-most-once', 'b'));
    c.advance(later, perfect);
    const answer = c.answer(op);
    return answer?.kind === 'reply' && JSON.stringify(answer.value) !== JSON.stringify({ result: 'a' }) ? `the call with args "a" answered ${answerText(c, op)}` : undefined;
  },
  // ---- migration ----
  'migration-moved-epoch-off-by-one': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n1');
    const p = c.spawn('n3');
    migrated(c, 'n1', q, 'n2', 'stop-and-copy');
    const slowNotice = holding(migrationControl('n2', 'n1'));
    restart(c, 'n1', slowNotice);
    c.op('n3', send(p, q, 'm1'));
    // Slower than the restarted home waits for n2's re-announcement (a kernel request's timeout).
    c.advance(c.nowNs + later, slowNotice);
    c.advance(c.nowNs + later, perfect);
    return inOrder(c, ['m1']);
  },
  'migration-source-frees-at-switch': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = spawnWithPages(c, 'n1', 4);
    write(c, 'n1', q, 0, 'x');
    c.settle(perfect);
    migrated(c, 'n1', q, 'n2', 'post-copy');
    return expectPage(c, 'n2', q, 0, 'x');
  },
  'migration-mailbox-order-not-kept': (flag) => {
    const c = new ScriptedCluster(flag);
    const [p, q] = [c.spawn('n1'), c.spawn('n2')];
    c.op('n1', send(p, q, 'm1'));
    const m1Slow = holding((x) => x.from === 'n1' && is.message('m1')(x));
    const op = migrate(c, 'n2', q, 'n3', 'stop-and-copy');
    c.settle(m1Slow);
    if (c.answer(op)?.kind !== 'reply') return `the migration answered ${answerText(c, op)}`;
    c.op('n1', send(p, q, 'm2')); // n1 has heard where q went: m2 goes straight to n3
    c.settle(m1Slow);
    c.advance(later, perfect);
    return inOrder(c, ['m1', 'm2']);
  },
  'migration-locate-answered-by-pointer': (flag) => {
    const c = new ScriptedCluster(flag);
    const q = c.spawn('n1');
    migrated(c, 'n1', q, 'n2', 'stop-and-copy');
    const n3NoticeSlow = holding(migrationControl('n2', 'n3'));
    restart(c, 'n3', n3NoticeSlow); // n3 forgot where q went; n2's notice to it is slow
    const locate = c.op('n3', { kind: 'locate', pid: q });
    c.settle(n3NoticeSlow);
    c.advance(c.nowNs + later, perfect);
    const a = c.answer(locate);
    return a?.kind === 'reply' && (a.value as { node: string }).node === 'n2' ? undefined : `locate after the switch to n2 answered ${answerText(c, locate)}`;
  },
  // ---- DSM ----
  'dsm-copy-for-any-read-fault': (flag) => {
    const s = new SharedPage(flag);
    const copyToN2 = holding(dsm('copy', 'n2'));
    const first = s.load('n2');
    s.c.advance(s.c.nowNs + later, copyToN2); // the fault gives up while its copy is on its way
    if (!answerText(s.c, first).startsWith('error unavailable')) return `the first load answered ${answerText(s.c, first)}`;
    const store = s.store('n3', 5);
    s.c.advance(s.c.nowNs + later, copyToN2);
    if (answerText(s.c, store) !== `reply ${JSON.stringify({ version: 1 })}`) return `the store answered ${answerText(s.c, store)}`;
    const second = s.load('n2');
    // The old copy, from n1, comes first; the new fault's copy (from n3) after it.
    s.c.settle((p) => (p.from === 'n3' && dsm('copy', 'n2')(p) ? 'hold' : 'deliver'));
    s.finish();
    return answerText(s.c, second) === value(5, 1) ? undefined : `a load after the store of 5 (version 1) completed answered ${answerText(s.c, second)}`;
  },
  'dsm-upgrade-skips-invalidation': (flag) => {
    const s = new SharedPage(flag);
    if (s.loaded('n2') !== value(0, 0)) return 'the first load failed';
    if (s.stored('n1', 7) !== `reply ${JSON.stringify({ version: 1 })}`) return 'the store failed';
    const got = s.loaded('n2');
    return got === value(7, 1) ? undefined : `a load after the owner's store of 7 completed answered ${got}`;
  },
  'dsm-restart-acks-every-reader': (flag) => {
    const s = new SharedPage(flag);
    s.loaded('n2');
    s.loaded('n3');
    const slowInvalidations = holding(dsm('invalidate'));
    const store = s.store('n1', 7);
    s.c.settle(slowInvalidations);
    restart(s.c, 'n3', slowInvalidations);
    if (s.c.answer(store) === undefined) return undefined; // the store waits for n2, as it should
    const load = s.load('n2');
    s.c.settle(slowInvalidations);
    const got = answerText(s.c, load);
    return got === value(0, 0) ? `the store answered ${answerText(s.c, store)} while n2 held its copy; n2 then loaded ${got}` : undefined;
  },
  'dsm-ack-matched-by-node-only': (flag) => {
    const { c, pids } = twoPages(flag);
    const op = (node: string, kind: 'load' | 'store', page: number, v = 0) =>
      c.op(node, kind === 'load' ? { kind, pid: pids.get(node)!, segment: 'two', page } : { kind, pid: pids.get(node)!, segment: 'two', page, value: v });
    for (const page of [1, 2]) op('n2', 'load', page);
    c.advance(later, perfect);
    const page2Invalidation = (p: InFlight) => dsm('invalidate', 'n2')(p) && p.packet.kind === 'link-data' && p.packet.body.kind === 'dsm' && p.packet.body.message.page === 2;
    const slow = holding(page2Invalidation);
    op('n1', 'store', 1, 11);
    const store2 = op('n1', 'store', 2, 22);
    c.settle(slow);
    if (c.answer(store2) === undefined) return undefined; // page 2's store waits for n2's ack of page 2, as it should
    const load = op('n2', 'load', 2);
    c.settle(slow);
    const got = answerText(c, load);
    return got === value(0, 0) ? `page 2's store answered ${answerText(c, store2)} while n2 held its copy; n2 then loaded ${got}` : undefined;
  },
  // ---- quotas ----
  'quota-renewal-term-from-answer': (flag) => {
    const a = new Tenant(flag, 10, { ...defaultParams, retryIntervalNs: 1 * ms, callTimeoutNs: 5 * ms });
    a.acquired('n2', 10);
    a.c.advance(45 * ms, perfect);
    a.c.advance(60 * ms, holding(quota('lease-answer', 'n2'))); // n2 renews at half its term; the answer is slow
    a.c.settle(perfect);
    const n2CutOff: Network = (p) => (p.packet.kind === 'quota' && [p.from, p.to].sort().join() === 'n1,n2' ? 'drop' : 'deliver');
    a.c.advance(153 * ms, n2CutOff); // past the ledger's reclaim time for the renewal
    a.acquire('n3', 10);
    a.c.advance(156 * ms, n2CutOff);
    return a.inUse() <= 10 ? undefined : `${a.inUse()} in use of a quota of 10: n2 still ran its 10 after the ledger reclaimed them`;
  },
  'quota-renewal-counts-as-epoch-ack': (flag) => {
    const a = new Tenant(flag, 10, { ...defaultParams, retryIntervalNs: 1 * ms, callTimeoutNs: 5 * ms });
    a.acquired('n2', 5);
    a.c.advance(45 * ms, perfect);
    const revoke = a.c.op('n1', { kind: 'revoke', capability: a.owner });
    const n2Unaware: Network = (p) => (quota('epoch', 'n2')(p) || quota('lease-answer', 'n2')(p) ? 'hold' : 'deliver');
    a.c.advance(55 * ms, n2Unaware); // n2 renews what it uses at half its term
    if (a.c.answer(revoke)?.kind !== 'reply') return undefined; // the revoke waits for n2 to hear of it, as it should
    const release = a.c.op('n2', { kind: 'release', capability: a.owner, resource: 'processes', amount: 1 });
    const use = a.acquire('n2', 1);
    a.c.settle(n2Unaware);
    return answerText(a.c, release) === ok && answerText(a.c, use) === ok ? 'the revoke was answered, then n2 admitted work with the revoked capability' : undefined;
  },
  'quota-answer-seq-unchecked': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquire('n2', 5);
    a.c.settle(holding(quota('lease-answer', 'n2')));
    const copy = duplicate(a.c, quota('lease-answer', 'n2'));
    a.c.settle(except(copy));
    a.c.advance(a.c.nowNs + 5 * a.c.params.callTimeoutNs, except(copy));
    a.acquire('n3', 5);
    a.c.advance(a.c.nowNs + 5 * a.c.params.callTimeoutNs, except(copy));
    a.acquire('n2', 5); // the duplicate of the first grant is in flight before this request's answer
    a.c.advance(a.c.nowNs + 5 * a.c.params.callTimeoutNs, perfect);
    return a.inUse() <= 10 ? undefined : `${a.inUse()} in use of a quota of 10`;
  },
  'quota-token-bucket-uncapped': (flag) => {
    const c = new ScriptedCluster(flag, { ...defaultParams, retryIntervalNs: 1 * ms, callTimeoutNs: 5 * ms });
    const quotas: Quotas = { processes: 0, memoryBytes: 0, storageBytes: 0, bandwidthBytesPerSec: 1_000_000 };
    const created = c.opSettled('n1', { kind: 'createAccount', account: 'sender', quotas });
    if (created?.kind !== 'reply') return `createAccount answered ${JSON.stringify(created)}`;
    const capability = (created.value as { capability: Capability }).capability;
    const first = c.op('n2', { kind: 'transmit', capability, to: 'n3', bytes: 1000 });
    c.advance(10 * ms, perfect);
    if (answerText(c, first) !== ok) return `the first transmit answered ${answerText(c, first)}`;
    c.advance(1000 * ms, perfect); // idle for a second
    const burst = c.op('n2', { kind: 'transmit', capability, to: 'n3', bytes: 500_000 });
    c.settle(perfect); // no time passes: only the bucket's depth (10 ms at the rate: 10 kB) may leave now
    return c.answer(burst) === undefined ? undefined : `500 kB at 1 MB/s left at once after an idle second: ${answerText(c, burst)}`;
  },
};
