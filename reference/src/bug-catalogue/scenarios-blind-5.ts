// One scripted scenario per bug of the fifth blind batch (bugs-blind-5.ts), on a ScriptedCluster
// (three nodes, a network the script controls packet by packet). Each returns what went wrong, or
// undefined when right; scenarios.test.ts runs each on the correct kernel and under its bug.
import type { Operation } from '../../../conformance/protocol/index.js';
import type { Blind5BugId, KernelFlag } from './catalogue.js';
import { answerText, call, holding, later, loseFirst, send, type Scenario } from './scenarios.js';
import { restart } from './scenarios-blind-3.js';
import { dsm, SharedPage, value } from './dsm-scenarios.js';
import { expectPage, migrate, migrationPacket, pushedPages, spawnWithPages, write } from './migration-scenarios.js';
import { ms, ok, quota, Tenant } from './quota-scenarios.js';
import { defaultParams, is, perfect, ScriptedCluster, type InFlight, type Network } from '../testing/scripted-cluster.js';

/** A location notice (`moved`) on its way to `to`. */
const movedTo = (to: string) => (p: InFlight) => p.packet.kind === 'link-data' && p.packet.body.kind === 'migration' && p.packet.body.control.t === 'moved' && p.to === to;

/** The one-page segment of SharedPage, attached by a new process on `node` (one whose process died in a crash). */
function attachedAgain(c: ScriptedCluster, node: string): Operation {
  const pid = c.spawn(node);
  if (c.opSettled(node, { kind: 'attach', pid, segment: 'shared', pages: 1 })?.kind !== 'reply') throw new Error(`attach on ${node} failed`);
  return { kind: 'load', pid, segment: 'shared', page: 1 };
}

/** A process on n1 with `pages` pages, page `page` written `v`. */
function writtenProcess(flag: KernelFlag | undefined, pages: number, page: number, v: string): { c: ScriptedCluster; q: string } {
  const c = new ScriptedCluster(flag);
  const q = spawnWithPages(c, 'n1', pages);
  write(c, 'n1', q, page, v);
  c.settle(perfect);
  return { c, q };
}

export const blind5Scenarios: Record<Blind5BugId, Scenario> = {
  // ---- process migration ----
  'migration-reassembly-ignores-sender': (flag) => {
    const c = new ScriptedCluster(flag);
    const [q, a, b] = [c.spawn('n1'), c.spawn('n2'), c.spawn('n3')];
    let noticeHeld = true;
    const network: Network = (p) => ((noticeHeld && movedTo('n3')(p)) || (is.message('m1')(p) && p.from === 'n1') ? 'hold' : 'deliver');
    migrate(c, 'n1', q, 'n2', 'stop-and-copy');
    c.settle(network); // q runs on n2; n3 has not heard
    c.op('n3', send(b, q, 'm1')); // to n1, whose pointer forwards it (held on the way)
    c.settle(network);
    noticeHeld = false;
    c.settle(network);
    c.op('n3', send(b, q, 'm2')); // straight to n2, ahead of m1: held in q's mailbox
    c.settle(network);
    c.op('n2', send(a, q, 'a1'));
    c.advance(c.nowNs + later, perfect);
    const got = c.deliveries();
    return got.indexOf('m1') < got.indexOf('m2') && got.includes('a1') ? undefined : `q (moved) received ${JSON.stringify(got)}: b's m2 before its m1`;
  },
  'migration-frozen-write-served-at-source': (flag) => {
    const { c, q } = writtenProcess(flag, 4, 1, 'a');
    const finalHeld = holding(migrationPacket('final'));
    migrate(c, 'n1', q, 'n2', 'stop-and-copy');
    c.settle(finalHeld);
    const w = write(c, 'n1', q, 1, 'b'); // q is frozen at n1
    c.settle(finalHeld);
    c.advance(c.nowNs + later, perfect);
    if (answerText(c, w) !== ok) return `the write while frozen answered ${answerText(c, w)}`;
    return expectPage(c, 'n2', q, 1, 'b');
  },
  'migration-push-wakes-no-waiter': (flag) => {
    const { c, q } = writtenProcess(flag, 16, 3, 'x');
    migrate(c, 'n1', q, 'n2', 'post-copy');
    c.settle(holding(pushedPages)); // q runs on n2, its pages still at n1
    const read = c.op('n2', { kind: 'read', pid: q, page: 3 });
    c.settle(holding(migrationPacket('fetch'))); // the pushes arrive before the fault's fetch
    c.advance(c.nowNs + later, perfect);
    const got = answerText(c, read);
    return got === 'reply {"value":"x"}' ? undefined : `a read of page 3 that faulted while the push brought the page answered ${got}`;
  },
  'migration-abort-loses-dedup': (flag) => {
    const c = new ScriptedCluster(flag);
    const [client, q] = [c.spawn('n3'), c.spawn('n1')];
    const op = c.op('n3', call(client, q, 'c1', 'at-most-once', 'a'));
    c.settle(loseFirst(1, is.rpcReply('c1'))); // c1 executes at n1, its reply is lost
    migrate(c, 'n1', q, 'n2', 'stop-and-copy');
    c.settle((p) => (migrationPacket('final')(p) ? 'drop' : 'deliver')); // frozen, the final copy lost
    restart(c, 'n2'); // the source aborts and q runs on at n1
    c.advance(c.nowNs + later, perfect); // c1's retry reaches q at n1
    return c.executions('c1') === 1 ? undefined : `the at-most-once call c1 executed ${c.executions('c1')} times (answered ${answerText(c, op)})`;
  },
  // ---- DSM coherence ----
  'dsm-late-ownership-dropped': (flag) => {
    const sp = new SharedPage(flag);
    const store = sp.store('n2', 5);
    sp.c.advance(sp.c.nowNs + later, holding(dsm('ownership'))); // the write fault gives up
    if (!answerText(sp.c, store).startsWith('error unavailable')) return `the store whose ownership was held answered ${answerText(sp.c, store)}`;
    sp.finish(); // the ownership arrives late
    const got = sp.loaded('n3');
    return got === value(0, 0) ? undefined : `a load at n3 after the ownership arrived late answered ${got}; no node crashed`;
  },
  'dsm-give-up-forgets-acks': (flag) => {
    const sp = new SharedPage(flag);
    const c = sp.c;
    sp.loaded('n2'); // n2 holds a read copy of 0
    const invalidationHeld = holding(dsm('invalidate'));
    sp.store('n1', 7);
    c.advance(c.nowNs + later, invalidationHeld); // the upgrade gives up, its invalidation still on its way
    const second = sp.store('n1', 8);
    c.settle(invalidationHeld);
    const storedFirst = answerText(c, second);
    const load = sp.load('n2');
    c.settle(invalidationHeld);
    const loaded = answerText(c, load);
    sp.finish();
    return storedFirst === 'reply {"version":1}' && loaded === value(0, 0)
      ? `n1's store of 8 was answered (${storedFirst}) before n2's load, which returned 0`
      : undefined;
  },
  'dsm-empty-survey-declares-lost': (flag) => {
    const sp = new SharedPage(flag);
    const c = sp.c;
    sp.stored('n2', 5);
    sp.loaded('n3'); // n3 reads from n2, the owner
    restart(c, 'n1'); // n1 knows no owner any more
    const load = attachedAgain(c, 'n1');
    const ownershipHeld = holding(dsm('ownership', 'n3'));
    sp.store('n3', 7); // n2 hands the ownership to n3 (on its way)
    c.settle(ownershipHeld);
    const first = c.op('n1', load); // n1 asks n2 and n3 whether they own the page: neither does yet
    c.settle(ownershipHeld);
    c.advance(c.nowNs + later, perfect);
    const second = c.op('n1', load);
    c.advance(c.nowNs + later, perfect);
    const [a, b] = [answerText(c, first), answerText(c, second)];
    return a.startsWith('error page_lost') || b !== value(7, 2) ? `a load at n1 while the ownership travelled answered ${a}; the next one ${b}` : undefined;
  },
  'dsm-invalidation-waits-for-any-copy': (flag) => {
    const sp = new SharedPage(flag);
    const c = sp.c;
    sp.loaded('n2'); // n1's copy set names n2 (its fault of incarnation 0)
    restart(c, 'n2');
    const requestHeld = holding(dsm('request', 'n1'));
    const load = c.op('n2', attachedAgain(c, 'n2'));
    c.settle(requestHeld);
    sp.store('n1', 9); // invalidates n2's old copy, naming the old fault
    c.settle(requestHeld);
    c.advance(c.nowNs + later, perfect);
    const got = answerText(c, load);
    return got === value(9, 1) ? undefined : `n2's load, its request overtaken by n1's store, answered ${got}; nothing failed after the restart`;
  },
  // ---- quotas and capabilities ----
  'quota-grant-overwrites-booking': (flag) => {
    const t = new Tenant(flag, 3);
    t.acquired('n2', 2);
    t.acquired('n2', 1);
    const third = t.acquired('n3', 2);
    return t.inUse() <= 3 ? undefined : `a quota of 3 processes has ${t.inUse()} in use; n3's acquire of 2 answered ${third}`;
  },
  'quota-topup-keeps-reclaim-time': (flag) => {
    // Retries every 5 ms, so that renewals lost for 90 ms are a few packets, not thousands.
    const t = new Tenant(flag, 2, { ...defaultParams, retryIntervalNs: 5 * ms, callTimeoutNs: 20 * ms });
    const c = t.c;
    const renewalsLost: Network = (p) => (quota('renew', 'n1')(p) ? 'drop' : 'deliver');
    t.acquire('n2', 1);
    c.settle(renewalsLost);
    c.advance(40 * ms, renewalsLost);
    t.acquire('n2', 1); // n2 now uses 2 until 40 ms + its term
    c.settle(renewalsLost);
    c.advance(110 * ms, renewalsLost);
    const n3 = t.acquire('n3', 2);
    c.settle(renewalsLost);
    return t.inUse() <= 2 ? undefined : `a quota of 2 processes has ${t.inUse()} in use at 110 ms: n3's acquire answered ${answerText(c, n3)} while n2 still holds its lease`;
  },
  'capability-queued-acquire-skips-revocation': (flag) => {
    const t = new Tenant(flag, 3);
    const c = t.c;
    t.acquired('n2', 1);
    const grantHeld = holding(quota('lease-answer', 'n2'));
    const queued = t.acquire('n2', 1); // no room: n2 asks the ledger; the grant is held
    c.settle(grantHeld);
    const revoke = c.op('n1', { kind: 'revoke', capability: t.owner });
    c.settle(grantHeld);
    if (c.answer(revoke)?.kind !== 'reply') return `the revoke was not answered: ${answerText(c, revoke)}`;
    c.advance(c.nowNs + later, perfect);
    const got = answerText(c, queued);
    return got.startsWith('error forbidden') ? undefined : `an acquire with the owner's capability, revoked and answered so before, answered ${got}`;
  },
  'capability-usage-ignores-revocation': (flag) => {
    const t = new Tenant(flag, 3);
    const revoked = t.settled('n1', { kind: 'revoke', capability: t.owner });
    if (!revoked.startsWith('reply')) return `the revoke answered ${revoked}`;
    const got = t.settled('n2', { kind: 'usage', capability: t.owner });
    return got.startsWith('error forbidden') ? undefined : `usage with a revoked capability answered ${got}`;
  },
};
