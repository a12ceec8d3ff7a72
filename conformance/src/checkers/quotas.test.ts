// The quota checkers on hand-written histories: each accepts a history that keeps its property
// and rejects one that breaks it, naming the account, the amounts and the entries.
import t from 'tap';
import type { History, HistoryEntry } from '../history.js';
import { rights as allRights, type Capability, type Operation, type Quotas, type TraceEvent } from '../../protocol/index.js';
import { HistoryIndex } from './history-index.js';
import { checkIdleLeasesReturn, checkReleasesWithinUse } from './quotas-use.js';
import { checkChargesFollowProcesses } from './quotas-charges.js';
import { checkTenantsIsolated } from './quotas-tenants.js';
import { drfShares } from './quotas-cpu-share.js';
import { RATE_METERS, checkCapabilitiesRespected, checkLeasesReturn, checkLeasesWithinQuota, checkQuotaExceededJustified, checkRateShared, checkRateWithinQuota, checkUsageWithinQuota } from './quotas.js';

const quotas: Quotas = { processes: 2, memoryBytes: 0, storageBytes: 0, bandwidthBytesPerSec: 1_000_000, cpuNsPerSec: 500_000_000 };
const root: Capability = { port: 'n1', object: 'acct', rights: [...allRights], epoch: 0, check: 'genuine' };
const readOnly: Capability = { ...root, rights: ['read'], check: 'genuine-read' };

type Untimed = HistoryEntry extends infer E ? (E extends HistoryEntry ? Omit<E, 'timeNs'> : never) : never;
type Add = (e: Untimed, atNs: number) => void;

/** A history from a script of entries at the given times; operations get ids in order. */
function history(...parts: ((add: Add, next: () => number) => void)[]): History {
  const entries: HistoryEntry[] = [];
  let opId = 0;
  for (const part of parts) part((e, atNs) => entries.push({ ...e, timeNs: atNs } as HistoryEntry), () => opId++);
  return entries.sort((a, b) => a.timeNs - b.timeNs);
}
const op = (node: string, operation: Operation, invokeNs: number, completeNs: number | undefined, outcome: 'ok' | { code: 'forbidden' | 'quota_exceeded' | 'bad_request' | 'unavailable' } = 'ok', value: unknown = {}) =>
  (add: Add, next: () => number) => {
    const opId = next();
    add({ kind: 'invoke', node, opId, op: operation }, invokeNs);
    if (completeNs === undefined) return;
    const definite = outcome === 'ok' || outcome.code !== 'unavailable';
    add({ kind: 'complete', node, opId, outcome: outcome === 'ok' ? { kind: 'ok', value } : { kind: 'error', code: outcome.code, definite, text: '' } }, completeNs);
  };
const event = (node: string, e: TraceEvent, atNs: number) => (add: Add) => add({ kind: 'event', node, event: e }, atNs);
const crash = (node: string, atNs: number) => (add: Add) => add({ kind: 'crash', node }, atNs);
const opened = op('n1', { kind: 'createAccount', account: 'acct', quotas }, 0, 1, 'ok', { capability: root });
const acquire = (node: string, amount: number, at: number, cap = root) => op(node, { kind: 'acquire', capability: cap, resource: 'processes', amount }, at, at + 5);
const release = (node: string, amount: number, at: number) => op(node, { kind: 'release', capability: root, resource: 'processes', amount }, at, at + 5);
const check = (fn: (i: HistoryIndex) => unknown[], h: History) => fn(new HistoryIndex(h));

t.test('UsageWithinQuota: work released, expired or lost in a crash no longer counts', async (t) => {
  t.same(check(checkUsageWithinQuota, history(opened, acquire('n1', 2, 10), release('n1', 2, 20), acquire('n2', 2, 30))), []);
  const expired = { kind: 'LeaseExpired', account: 'acct', resource: 'processes', node: 'n1', side: 'holder', amount: 2 } as const;
  t.same(check(checkUsageWithinQuota, history(opened, acquire('n1', 2, 10), event('n1', expired, 20), acquire('n2', 2, 30))), []);
  t.same(check(checkUsageWithinQuota, history(opened, acquire('n1', 2, 10), crash('n1', 20), acquire('n2', 2, 30))), []);
  const over = check(checkUsageWithinQuota, history(opened, acquire('n1', 2, 10), acquire('n2', 1, 30)));
  t.match(over, [{ property: 'UsageWithinQuota', message: /'acct' had work admitted for 3 processes at 35 ns \(n1: 2, n2: 1\); its quota is 2/ }]);
  const refusedRelease = history(opened, acquire('n1', 2, 10), op('n1', { kind: 'release', capability: root, resource: 'processes', amount: 2 }, 20, 25, { code: 'bad_request' }), acquire('n2', 1, 30));
  t.equal(check(checkUsageWithinQuota, refusedRelease).length, 1, 'a release refused for sure stopped nothing');
});

t.test('LeasesWithinQuota: granted less returned, until expiry or crash', async (t) => {
  const granted = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseGranted', account: 'acct', resource: 'processes', node, amount, termNs: 100 }, at);
  const returned = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseReturned', account: 'acct', resource: 'processes', node, amount }, at);
  t.same(check(checkLeasesWithinQuota, history(opened, granted('n1', 2, 10), returned('n1', 1, 20), granted('n2', 1, 30))), []);
  t.same(check(checkLeasesWithinQuota, history(opened, granted('n1', 2, 10), crash('n1', 20), granted('n2', 2, 30))), []);
  t.match(check(checkLeasesWithinQuota, history(opened, granted('n1', 2, 10), granted('n2', 1, 30))), [{ property: 'LeasesWithinQuota', message: /held for 3 processes .* quota is 2/ }]);
});

t.test('LeasesReturn: a lost holder\'s lease comes back within a term (plus slack) of losing touch', async (t) => {
  const term = 100_000_000;
  const granted = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseGranted', account: 'acct', resource: 'processes', node, amount, termNs: term }, at);
  const reclaimed = (node: string, at: number) => event('n1', { kind: 'LeaseExpired', account: 'acct', resource: 'processes', node, side: 'ledger', amount: 2 }, at);
  const returned = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseReturned', account: 'acct', resource: 'processes', node, amount }, at);
  const partition = (at: number) => (add: Add) => add({ kind: 'partition', groups: [['n2'], ['n1', 'n3']] }, at);
  const heal = (at: number) => (add: Add) => add({ kind: 'heal' }, at);
  const restart = (node: string, at: number) => (add: Add) => add({ kind: 'restart', node, incarnation: 1 }, at);
  const end = (at: number) => op('n3', { kind: 'usage', capability: root }, at, at + 1, 'ok', { quotas, leased: quotas });
  // Accepted: reclaimed in time after a crash and after a partition; a holder back in touch; a healed partition; a run too short to decide.
  t.same(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), crash('n2', 20_000_000), reclaimed('n2', 101_000_000), end(300_000_000))), []);
  t.same(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), partition(5_000_000), reclaimed('n2', 104_000_000), end(300_000_000))), []);
  t.same(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), crash('n2', 20_000_000), restart('n2', 30_000_000), granted('n2', 1, 40_000_000), end(300_000_000))), []);
  t.same(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), partition(5_000_000), heal(60_000_000), end(300_000_000))), []);
  t.same(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), returned('n2', 2, 4_000_000), partition(5_000_000), end(300_000_000))), [], 'returned before the cut');
  t.same(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), crash('n2', 20_000_000), end(90_000_000))), [], 'the run ended before the bound');
  t.same(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), crash('n2', 20_000_000), crash('n1', 50_000_000), restart('n1', 200_000_000), reclaimed('n2', 200_000_001), end(300_000_000))), [], 'a ledger down at the bound reclaims when it is back');
  // Rejected: never reclaimed; reclaimed too late; a ledger that came back and still did not.
  t.match(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), crash('n2', 20_000_000), end(300_000_000))), [
    { property: 'LeasesReturn', message: /'acct': 2 processes booked to n2, which crashed at 20000000 ns, had not come back by 126000000 ns .* the ledger on n1 never reported/ },
  ]);
  t.match(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), partition(5_000_000), reclaimed('n2', 150_000_000), end(300_000_000))), [{ message: /which was cut off from the ledger on n1 at 5000000 ns/ }]);
  t.match(check(checkLeasesReturn, history(opened, granted('n2', 2, 10), crash('n2', 20_000_000), crash('n1', 50_000_000), restart('n1', 200_000_000), end(300_000_000))), [{ message: /had not come back by 205000000 ns/ }]);
});

t.test('QuotaExceededJustified: a refusal needs what the ledger may have booked plus the amount to exceed the quota', async (t) => {
  const granted = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseGranted', account: 'acct', resource: 'processes', node, amount, termNs: 100 }, at);
  const returned = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseReturned', account: 'acct', resource: 'processes', node, amount }, at);
  const reclaimed = (node: string, at: number) => event('n1', { kind: 'LeaseExpired', account: 'acct', resource: 'processes', node, side: 'ledger', amount: 2 }, at);
  const refused = (node: string, amount: number, at: number, took = 5) => op(node, { kind: 'acquire', capability: root, resource: 'processes', amount }, at, at + took, { code: 'quota_exceeded' });
  const waiting = (node: string, amount: number, at: number, outcome?: { code: 'unavailable' | 'forbidden' }) => op(node, { kind: 'acquire', capability: root, resource: 'processes', amount }, at, outcome === undefined ? undefined : at + 5, outcome);
  const judge = (...parts: Parameters<typeof history>) => check(checkQuotaExceededJustified, history(...parts));
  // Accepted: the quota (2) is leased out; a return the ledger may not have heard of; a lease reclaimed only after the refusal; an acquire elsewhere still waiting, or given up on without a definite answer.
  t.same(judge(opened, granted('n2', 2, 10), refused('n3', 1, 20)), []);
  t.same(judge(opened, granted('n2', 2, 10), returned('n2', 2, 15), refused('n3', 1, 20)), []);
  t.same(judge(opened, granted('n2', 2, 10), refused('n3', 1, 20, 10), reclaimed('n2', 25)), [], 'reclaimed while the refusal was pending: booked at its start');
  t.same(judge(opened, waiting('n2', 1, 10), granted('n3', 1, 12), refused('n3', 1, 20)), []);
  t.same(judge(opened, waiting('n2', 2, 10, { code: 'unavailable' }), refused('n3', 1, 20)), [], 'its grant may still be booked');
  // Rejected: nothing leased; the rest of the quota free; a lease reclaimed before; a waiting acquire refused for sure.
  t.match(judge(opened, refused('n3', 1, 20)), [{ property: 'QuotaExceededJustified', message: /operation 1 \(acquire 1 processes of 'acct' at n3\) was refused with quota_exceeded, but .* at most 0 of the account's 2 processes .* so 2 more fit/ }]);
  t.match(judge(opened, granted('n2', 1, 10), refused('n3', 1, 20)), [{ message: /at most 1 of the account's 2 processes/ }]);
  t.match(judge(opened, granted('n2', 2, 10), reclaimed('n2', 15), refused('n3', 2, 20)), [{ message: /at most 0 of/ }]);
  t.match(judge(opened, waiting('n2', 2, 10, { code: 'forbidden' }), refused('n3', 2, 20)), [{ message: /at most 0 of/ }]);
  t.same(judge(opened, op('n3', { kind: 'acquire', capability: root, resource: 'bandwidthBytesPerSec', amount: 1 }, 20, 25, { code: 'quota_exceeded' })), [], 'rate resources are leased whole: not judged');
  // An acquire too large for the quota, refused for sure, booked nothing while it waited: the small one queued behind it fits.
  t.match(judge(opened, refused('n2', 3, 10, 20), refused('n2', 1, 12, 20)), [{ message: /operation 2 \(acquire 1 processes .* at most 0 of the account's 2 processes/ }]);
  t.same(judge(opened, op('n2', { kind: 'acquire', capability: root, resource: 'processes', amount: 2 }, 10, 30), refused('n2', 1, 12, 5)), [], 'one admitted in the end may have been booked while the small one was refused');
});

t.test('QuotaExceededJustified after churn: returns heard a term later; a node refusing with room in its own lease', async (t) => {
  const granted = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseGranted', account: 'acct', resource: 'processes', node, amount, termNs: 100 }, at);
  const returned = (node: string, amount: number, at: number) => event(node, { kind: 'LeaseReturned', account: 'acct', resource: 'processes', node, amount }, at);
  const admitted = (node: string, amount: number, at: number) => event(node, { kind: 'Admitted', account: 'acct', resource: 'processes', node, amount }, at);
  const released = (node: string, amount: number, at: number) => event(node, { kind: 'Released', account: 'acct', resource: 'processes', node, amount }, at);
  const rejected = (node: string, at: number) => event(node, { kind: 'Rejected', account: 'acct', node, code: 'quota_exceeded', resource: 'processes' }, at);
  const refused = (node: string, amount: number, at: number) => op(node, { kind: 'acquire', capability: root, resource: 'processes', amount }, at, at + 5, { code: 'quota_exceeded' });
  const judge = (...parts: Parameters<typeof history>) => check(checkQuotaExceededJustified, history(...parts));
  // A return counts for a term (100 ns here) and the slack (1 %, 5 ms) after it: refused at 20 it is justified, at 6 ms not.
  t.same(judge(opened, granted('n2', 2, 10), returned('n2', 2, 15), refused('n3', 1, 20)), []);
  t.match(judge(opened, granted('n2', 2, 10), returned('n2', 2, 15), refused('n3', 1, 6_000_000)), [{ message: /acquire 1 processes of 'acct' at n3\) was refused with quota_exceeded, but .* at most 0 of/ }]);
  // A ledger down when the return fell due has until 5 ms after its restart.
  const ledgerDown = [crash('n1', 50), (add: Add) => add({ kind: 'restart', node: 'n1', incarnation: 1 }, 7_000_000)];
  t.same(judge(opened, granted('n2', 2, 10), returned('n2', 2, 15), ...ledgerDown, refused('n3', 1, 7_000_010)), []);
  t.match(judge(opened, granted('n2', 2, 10), returned('n2', 2, 15), ...ledgerDown, refused('n3', 1, 13_000_000)), [{ message: /at most 0 of/ }]);
  // Locally: n2 holds the whole quota; with both units in use its refusal is justified, with one released it is not.
  t.same(judge(opened, granted('n2', 2, 10), admitted('n2', 2, 11), refused('n2', 1, 20), rejected('n2', 21)), []);
  t.match(judge(opened, granted('n2', 2, 10), admitted('n2', 2, 11), released('n2', 1, 15), refused('n2', 1, 20), rejected('n2', 21)), [
    { property: 'QuotaExceededJustified', message: /n2 refused processes of 'acct' with quota_exceeded at 21 ns while its own lease had room: it held 2 with 1 in use/ },
  ]);
  t.same(judge(opened, granted('n2', 2, 10), admitted('n2', 2, 11), released('n2', 1, 15), crash('n2', 16), refused('n2', 1, 20), rejected('n2', 21)), [], 'a crash loses the lease');
  // A spawn charged to the account: its exit gives the unit back, as a Released shows; an exit without one still frees it.
  const spawned = (pid: string, at: number) => op('n2', { kind: 'spawn', placement: { kind: 'here' }, capability: root }, at, at + 1, 'ok', { pid, node: 'n2' });
  const exited = (pid: string, at: number) => op('n2', { kind: 'exit', pid }, at, at + 1);
  const twoRunning = [granted('n2', 2, 10), admitted('n2', 1, 11), spawned('pa', 10), admitted('n2', 1, 12), spawned('pb', 11)];
  const refusedSpawn = op('n2', { kind: 'spawn', placement: { kind: 'here' }, capability: root }, 20, 25, { code: 'quota_exceeded' });
  t.same(judge(opened, ...twoRunning, refusedSpawn, rejected('n2', 21)), []);
  t.match(judge(opened, ...twoRunning, exited('pa', 15), refusedSpawn, rejected('n2', 21)), [{ message: /held 2 with 1 in use .*less 1 charged process\(es\) whose exit was answered without a Released/ }]);
  t.same(judge(opened, ...twoRunning, released('n2', 1, 15), exited('pa', 15), admitted('n2', 1, 18), spawned('pc', 17), refusedSpawn, rejected('n2', 21)), [], 'the exit was released and the unit admitted again');
});

t.test('UsageWithinQuota and CapabilitiesRespected: a spawn charged to an account is one of its processes until its exit', async (t) => {
  const spawn = (node: string, pid: string, at: number, cap = root) => op(node, { kind: 'spawn', placement: { kind: 'here' }, capability: cap }, at, at + 5, 'ok', { pid, node });
  t.same(check(checkUsageWithinQuota, history(opened, spawn('n2', 'pa', 10), spawn('n3', 'pb', 20), op('n2', { kind: 'exit', pid: 'pa' }, 30, 35), spawn('n2', 'pc', 40))), []);
  t.match(check(checkUsageWithinQuota, history(opened, spawn('n2', 'pa', 10), spawn('n3', 'pb', 20), spawn('n2', 'pc', 40))), [{ message: /had work admitted for 3 processes at 45 ns \(n2: 2, n3: 1\); its quota is 2/ }]);
  t.same(check(checkUsageWithinQuota, history(opened, spawn('n2', 'pa', 10), spawn('n3', 'pb', 20), op('n2', { kind: 'spawn', placement: { kind: 'here' } }, 40, 45, 'ok', { pid: 'pc', node: 'n2' }))), [], 'an uncharged spawn is no one\'s');
  const forged = { ...root, check: 'made-up' };
  t.match(check(checkCapabilitiesRespected, history(opened, spawn('n2', 'pa', 10, forged))), [{ message: /operation 1 \(spawn on 'acct' at n2\) succeeded although the capability was never handed out/ }]);
  t.same(check(checkCapabilitiesRespected, history(opened, op('n2', { kind: 'spawn', placement: { kind: 'here' }, capability: forged }, 10, 15, { code: 'forbidden' }))), []);
});

t.test('CapabilitiesRespected: only handed-out capabilities with the right, not revoked; derive shrinks', async (t) => {
  const derived = op('n1', { kind: 'derive', capability: root, rights: ['read'] }, 2, 3, 'ok', { capability: readOnly });
  t.same(check(checkCapabilitiesRespected, history(opened, derived, acquire('n2', 1, 10), op('n2', { kind: 'usage', capability: readOnly }, 20, 25, 'ok', { quotas, leased: quotas }))), []);
  const forged = { ...root, check: 'made-up' };
  t.same(check(checkCapabilitiesRespected, history(opened, op('n2', { kind: 'acquire', capability: forged, resource: 'processes', amount: 1 }, 10, 15, { code: 'forbidden' }))), []);
  t.match(check(checkCapabilitiesRespected, history(opened, acquire('n2', 1, 10, forged))), [{ message: /succeeded although the capability was never handed out/ }]);
  t.match(check(checkCapabilitiesRespected, history(opened, op('n2', { kind: 'acquire', capability: forged, resource: 'processes', amount: 1 }, 10, 15, { code: 'quota_exceeded' }))), [{ message: /refused with quota_exceeded; expected forbidden/ }]);
  t.match(check(checkCapabilitiesRespected, history(opened, derived, acquire('n2', 1, 10, readOnly))), [{ message: /lacks 'write'/ }]);
  const amplified = op('n1', { kind: 'derive', capability: readOnly, rights: ['read', 'write'] }, 10, 15, 'ok', { capability: { ...root, check: 'x' } });
  t.match(check(checkCapabilitiesRespected, history(opened, derived, amplified)), [{ message: /lacks 'grant'.*derive asks for write/ }]);
  const newRoot = { ...root, epoch: 1, check: 'genuine-1' };
  const revoke = op('n1', { kind: 'revoke', capability: root }, 10, 20, 'ok', { capability: newRoot });
  t.match(check(checkCapabilitiesRespected, history(opened, revoke, acquire('n2', 1, 30))), [{ message: /revoked \(epoch 0; a revoke completed before, to epoch 1\)/ }]);
  t.same(check(checkCapabilitiesRespected, history(opened, revoke, acquire('n2', 1, 30, newRoot))), []);
  t.same(check(checkCapabilitiesRespected, history(opened, revoke, op('n2', { kind: 'acquire', capability: root, resource: 'processes', amount: 1 }, 12, 14))), [], 'racing a revocation: either way');
  t.match(check(checkCapabilitiesRespected, history(opened, op('n2', { kind: 'acquire', capability: root, resource: 'processes', amount: 1 }, 10, 15, { code: 'forbidden' }))), [{ message: /refused with forbidden, but its capability is genuine/ }]);
  // An acquire is performed when it is admitted (answered): one asked before a revocation and queued for a lease past its end is judged then.
  const queued = (outcome: 'ok' | { code: 'forbidden' }) => op('n2', { kind: 'acquire', capability: root, resource: 'processes', amount: 1 }, 5, 30, outcome);
  t.match(check(checkCapabilitiesRespected, history(opened, revoke, queued('ok'))), [{ message: /operation 2 \(acquire on 'acct' at n2\) succeeded although the capability was revoked \(epoch 0; a revoke completed before, to epoch 1\)/ }]);
  t.same(check(checkCapabilitiesRespected, history(opened, revoke, queued({ code: 'forbidden' }))), [], 'refused once the revocation completed');
  const spawnAcross = op('n3', { kind: 'spawn', placement: { kind: 'node', node: 'n2' }, capability: root }, 5, 30, 'ok', { pid: 'p', node: 'n2' });
  t.same(check(checkCapabilitiesRespected, history(opened, revoke, spawnAcross)), [], 'a spawn is judged when asked: its admission elsewhere is answered later');
});

t.test('BandwidthWithinQuota and BandwidthShared: measured throughput within a tolerance of the quota', async (t) => {
  const within = (h: History) => checkRateWithinQuota(new HistoryIndex(h), RATE_METERS.bandwidthBytesPerSec);
  const shared = (h: History) => checkRateShared(new HistoryIndex(h), RATE_METERS.bandwidthBytesPerSec);
  const bytes = (at: number, n: number) => event('n2', { kind: 'BytesReceived', account: 'acct', from: 'n1', node: 'n2', bytes: n }, at);
  const paced = (fromNs: number, kb: number) => Array.from({ length: kb }, (_, i) => bytes(fromNs + (i + 1) * 1_000_000, 1000)); // 1,000 bytes per ms = the quota
  t.same(within(history(opened, ...paced(0, 100))), []);
  const burst = Array.from({ length: 100 }, (_, i) => bytes(1_000_000 + i, 1000)); // 100 KB within 100 ns
  t.match(within(history(opened, ...burst)), [{ property: 'BandwidthWithinQuota', message: /'acct' got \d+ bytes between .* allows/ }]);
  const transmit = (at: number, took: number, n: number) => op('n1', { kind: 'transmit', capability: root, to: 'n2', bytes: n }, at, at + took);
  t.same(shared(history(opened, transmit(0, 100_000_000, 100_000), ...paced(0, 100))), [], '100 KB paced over 100 ms');
  t.same(shared(history(opened, transmit(0, 100_000_000, 50_000), transmit(10, 200_000_000, 150_000), ...paced(0, 200))), [], 'two queued transmits: 200 KB in 200 ms');
  t.match(shared(history(opened, transmit(0, 400_000_000, 100_000), ...paced(300_000_000, 100))), [{ property: 'BandwidthShared', message: /took 400.0 ms for 100000 bytes .* may take 175.0 ms/ }]);
  t.match(shared(history(opened, transmit(0, 10_000_000, 100_000), ...paced(0, 100))), [{ message: /was answered for 100000 bytes .* by 10000000 ns, but only 14000 arrived/ }], 'answered before the bytes went out');
  const starved = [...paced(0, 40), ...Array.from({ length: 60 }, (_, i) => bytes(100_000_000 + i * 10_000, 1000))]; // 40 ms paced, 60 ms nothing, then a 60 KB burst
  t.match(shared(history(opened, transmit(0, 101_000_000, 100_000), ...starved)), [{ message: /got 0 bytes between 50000000 and 100000000 ns while it had work waiting .* is 40000 per 50 ms/ }]);
});

t.test('ComputeWithinShare and ComputeShared: CPU time run within a tolerance of the share', async (t) => {
  const within = (h: History) => checkRateWithinQuota(new HistoryIndex(h), RATE_METERS.cpuNsPerSec);
  const shared = (h: History) => checkRateShared(new HistoryIndex(h), RATE_METERS.cpuNsPerSec);
  const ran = (at: number, ns: number) => event('n1', { kind: 'Computed', account: 'acct', node: 'n1', cpuNs: ns }, at);
  const halfCore = (fromNs: number, ms: number) => Array.from({ length: ms / 2 }, (_, i) => ran(fromNs + i * 2_000_000, 1_000_000)); // 1 ms of CPU every 2 ms = the share
  const compute = (at: number, took: number, cpuNs: number) => op('n1', { kind: 'compute', capability: root, cpuNs }, at, at + took);
  t.same(within(history(opened, ...halfCore(0, 200))), []);
  t.same(shared(history(opened, compute(0, 200_000_000, 100_000_000), ...halfCore(0, 200))), []);
  const allAtOnce = Array.from({ length: 100 }, (_, i) => ran(1_000 + i, 1_000_000));
  t.match(within(history(opened, ...allAtOnce)), [{ property: 'ComputeWithinShare', message: /got 1\d+ ns of CPU between .* its quota of 500000000 cpuNsPerSec allows/ }]);
  const lateBurst = Array.from({ length: 60 }, (_, i) => ran(100_000_000 + i * 1_000_000, 1_000_000)); // nothing for 100 ms, then a whole core
  t.match(shared(history(opened, compute(0, 190_000_000, 60_000_000), ...lateBurst)), [{ property: 'ComputeShared', message: /got 0 ns of CPU between 50000000 and 100000000 ns while it had work waiting/ }]);
  t.match(shared(history(opened, compute(0, 400_000_000, 100_000_000), ...halfCore(200_000_000, 200))), [{ property: 'ComputeShared', message: /took 400.0 ms for 100000000 ns of CPU .* may take 300.0 ms/ }]);
  t.match(shared(history(opened, compute(0, 1_000_000, 100_000_000), ran(500_000, 1_000_000))), [{ message: /was answered for 100000000 ns of CPU .* but only 1000000 arrived/ }]);
});

// A node of 2 threads and 2 GiB: 'big' holds 3/4 of its memory, 'lean' none; each has a share of both threads.
t.test('ComputeShared on an oversubscribed node: each account held to its DRF share of CPU and memory, both ways', async (t) => {
  const GiB = 2 ** 30;
  const machines = { n2: { hardwareThreads: 2, memoryBytes: 2 * GiB, nicBitsPerSec: 1e9 } };
  t.same(drfShares(2e9, 2 * GiB, [{ cap: 2e9, memoryBytes: 1.5 * GiB }, { cap: 2e9, memoryBytes: 0 }]).map((r) => Math.round(r / 1e6)), [500, 1500], 'DRF: 0.5 and 1.5 threads');
  t.same(drfShares(9, 18, [{ cap: 9, memoryBytes: 12 }, { cap: 9, memoryBytes: 2 }]).map((r) => Math.round(r * 1e6) / 1e6), [3, 6], "the paper's worked example: 3 and 6");
  t.same(drfShares(8, 16, [{ cap: 8, memoryBytes: 8 }, { cap: 8, memoryBytes: 8 }, { cap: 8, memoryBytes: 0 }]).map((r) => Math.round(r * 1e6) / 1e6), [2, 2, 4], 'two entering at one level share what is left');
  const capOf = (name: string): Capability => ({ ...root, object: name, check: `genuine-${name}` });
  const account = (name: string, memoryBytes: number) => op('n1', { kind: 'createAccount', account: name, quotas: { ...quotas, memoryBytes, cpuNsPerSec: 2e9 } }, 0, 1, 'ok', { capability: capOf(name) });
  const held = op('n2', { kind: 'acquire', capability: capOf('big'), resource: 'memoryBytes', amount: 1.5 * GiB }, 2, 3);
  const compute = (name: string, cpuNs: number, took: number) => op('n2', { kind: 'compute', capability: capOf(name), cpuNs }, 10, 10 + took);
  /** `name` runs `perMs` ns of CPU each ms for `ms` ms from 10 ns. */
  const runs = (name: string, perMs: number, ms: number) => Array.from({ length: ms }, (_, i) => event('n2', { kind: 'Computed', account: name, node: 'n2', cpuNs: perMs }, 10 + (i + 1) * 1_000_000));
  const shared = (...parts: Parameters<typeof history>) => checkRateShared(new HistoryIndex(history(...parts)), RATE_METERS.cpuNsPerSec, machines);
  const both = [account('big', 1.5 * GiB), account('lean', 0), held];
  t.same(shared(...both, compute('big', 100_000_000, 200_000_000), compute('lean', 300_000_000, 200_000_000), ...runs('big', 500_000, 200), ...runs('lean', 1_500_000, 200)), [], 'DRF: 0.5 and 1.5 threads for 200 ms');
  const cpuAlone = shared(...both, compute('big', 200_000_000, 200_000_000), compute('lean', 200_000_000, 200_000_000), ...runs('big', 1_000_000, 200), ...runs('lean', 1_000_000, 200));
  t.match(cpuAlone, [
    { property: 'ComputeShared', message: /'big' got 50000000 ns of CPU between 50000010 and 100000010 ns on an oversubscribed node .* its DRF share of an oversubscribed node \(500000000 cpuNsPerSec\) allows 30000000 per 50 ms/ },
    { property: 'ComputeShared', message: /'lean' got 50000000 ns of CPU between 50000010 and 100000010 ns while it had work waiting .* 80% of its DRF share .* is 60000000 per 50 ms/ },
  ], 'CPU alone (a thread each): big above its share, lean below');
  t.same(shared(account('big', 1.5 * GiB), account('lean', 0), compute('big', 200_000_000, 200_000_000), compute('lean', 200_000_000, 200_000_000), ...runs('big', 1_000_000, 200), ...runs('lean', 1_000_000, 200)), [], 'no memory held: a thread each is DRF');
  const onFourThreads = checkRateShared(new HistoryIndex(history(...both, compute('big', 100_000_000, 200_000_000), compute('lean', 300_000_000, 200_000_000), ...runs('big', 500_000, 200), ...runs('lean', 1_500_000, 200))), RATE_METERS.cpuNsPerSec, { n2: { ...machines.n2, hardwareThreads: 4 } });
  t.match(onFourThreads, [{ message: /'big' took 200.0 ms .* at 80% of its 2000000000 cpuNsPerSec it may take 112.5 ms/ }, { message: /'lean' got 75000000 ns of CPU .* 80% of its 2000000000 cpuNsPerSec is 80000000 per 50 ms/ }], 'the same run on 4 threads: not oversubscribed, so each may expect its whole share');
});

t.test('ReleasesWithinUse: a release answered ok gives back no more than its node can have had in use', async (t) => {
  const judge = (...parts: Parameters<typeof history>) => check(checkReleasesWithinUse, history(...parts));
  const expired = (node: string, at: number, amount = 4) => event(node, { kind: 'LeaseExpired', account: 'acct', resource: 'processes', node, side: 'holder', amount }, at);
  const pendingAcquire = (node: string, amount: number, at: number) => op(node, { kind: 'acquire', capability: root, resource: 'processes', amount }, at, undefined);
  const refusedRelease = (node: string, amount: number, at: number) => op(node, { kind: 'release', capability: root, resource: 'processes', amount }, at, at + 5, { code: 'bad_request' });
  // Accepted: within what was admitted; an acquire still pending may have been admitted; a refused release; a release elsewhere.
  t.same(judge(opened, acquire('n2', 2, 10), release('n2', 2, 20)), []);
  t.same(judge(opened, acquire('n2', 2, 10), release('n2', 1, 20), release('n2', 1, 30)), []);
  t.same(judge(opened, pendingAcquire('n2', 2, 10), release('n2', 2, 20)), [], 'its admission may have happened');
  t.same(judge(opened, acquire('n2', 2, 10), expired('n2', 16, 2), refusedRelease('n2', 2, 20)), []);
  t.same(judge(opened, acquire('n2', 2, 10), expired('n2', 16, 2), acquire('n2', 2, 17), release('n2', 2, 30)), [], 'admitted again after the expiry');
  // Rejected: more than admitted; released twice; work stopped when its lease ran out; lost in a crash.
  const rejected = { property: 'ReleasesWithinUse', message: /operation \d+ \(release 2 processes of 'acct' at n2\) answered ok, but while it was pending at most \d can have been in use there/ };
  t.match(judge(opened, acquire('n2', 1, 10), release('n2', 2, 20)), [rejected]);
  t.match(judge(opened, acquire('n2', 2, 10), release('n2', 2, 20), release('n2', 2, 30)), [rejected]);
  t.match(judge(opened, acquire('n2', 2, 10), expired('n2', 16, 2), release('n2', 2, 20)), [rejected]);
  t.match(judge(opened, acquire('n2', 2, 10), crash('n2', 16), release('n2', 2, 20)), [rejected]);
  t.match(judge(opened, acquire('n3', 2, 10), release('n2', 2, 20)), [rejected], 'admitted on another node');
});

t.test('IdleLeasesReturn: a live holder gives back, within a term, a lease it no longer uses', async (t) => {
  const judge = (...parts: Parameters<typeof history>) => check(checkIdleLeasesReturn, history(...parts));
  const lease = (e: TraceEvent, at: number) => event('n2', e, at);
  const granted = (amount: number, at: number) => lease({ kind: 'LeaseGranted', account: 'acct', resource: 'processes', node: 'n2', amount, termNs: 100 }, at);
  const renewed = (at: number) => lease({ kind: 'LeaseRenewed', account: 'acct', resource: 'processes', node: 'n2', termNs: 100 }, at);
  const returned = (amount: number, at: number) => lease({ kind: 'LeaseReturned', account: 'acct', resource: 'processes', node: 'n2', amount }, at);
  const admitted = (amount: number, at: number) => lease({ kind: 'Admitted', account: 'acct', resource: 'processes', node: 'n2', amount }, at);
  const released = (amount: number, at: number) => lease({ kind: 'Released', account: 'acct', resource: 'processes', node: 'n2', amount }, at);
  const expired = (at: number) => lease({ kind: 'LeaseExpired', account: 'acct', resource: 'processes', node: 'n2', side: 'holder', amount: 0 }, at);
  const late = 6_000_000; // past one term (100 ns), 1 % and 5 ms
  // Accepted: returned, run out or lost in a crash in time; renewed while in use; an admission pending there.
  t.same(judge(opened, granted(2, 10), admitted(2, 11), released(2, 20), returned(2, 60), renewed(70), admitted(1, late)), []);
  t.same(judge(opened, granted(2, 10), expired(105), renewed(late)), []);
  t.same(judge(opened, granted(2, 10), crash('n2', 50), renewed(late)), []);
  t.same(judge(opened, granted(2, 10), admitted(2, 11), renewed(60), renewed(110), renewed(late)), [], 'in use all along');
  t.same(judge(opened, granted(2, 10), op('n2', { kind: 'acquire', capability: root, resource: 'processes', amount: 1 }, 12, undefined), renewed(late)), [], 'an acquire still waiting there');
  // Rejected: idle units renewed past a term; part returned, the rest kept idle.
  const rejected = { property: 'IdleLeasesReturn', message: /n2 held \d processes of 'acct' with none in use and no admission pending there from \d+ ns, and still held them at/ };
  t.match(judge(opened, granted(2, 10), admitted(2, 11), released(2, 20), renewed(60), renewed(110), renewed(late)), [rejected]);
  t.match(judge(opened, granted(2, 10), admitted(1, 11), released(1, 20), returned(1, 60), renewed(late)), [rejected]);
  t.match(judge(opened, granted(2, 10), op('n3', { kind: 'acquire', capability: root, resource: 'processes', amount: 1 }, 12, undefined), renewed(late)), [rejected], 'an acquire waiting on another node');
});

t.test('ChargesFollowProcesses: a charged process\'s unit is in use where it runs, and leaves with it', async (t) => {
  const spawn = (node: string, pid: string, at: number, outcome: 'ok' | { code: 'unavailable' } = 'ok') =>
    op(node, { kind: 'spawn', placement: { kind: 'here' }, capability: root }, at, at + 5, outcome, { pid, node });
  const migrate = (pid: string, from: string, to: string, at: number, outcome: 'ok' | { code: 'bad_request' } = 'ok') =>
    op(from, { kind: 'migrate', pid, to: { kind: 'node', node: to }, mode: 'stop-and-copy' }, at, at + 5, outcome, { node: to, rounds: 0, bytesMoved: 0, downtimeNs: 0, totalNs: 5 });
  const exit = (pid: string, at: number) => op('n1', { kind: 'exit', pid }, at, at + 5);
  const use = (kind: 'Admitted' | 'Released', node: string, at: number) => event(node, { kind, account: 'acct', resource: 'processes', node, amount: 1 }, at);
  const judge = (...parts: Parameters<typeof history>) => check(checkChargesFollowProcesses, history(opened, ...parts));
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), use('Admitted', 'n3', 22), use('Released', 'n2', 23), migrate('p', 'n2', 'n3', 20)), [], 'the charge moved with the process');
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), use('Admitted', 'n3', 22), use('Released', 'n2', 23), migrate('p', 'n2', 'n3', 20), exit('p', 30), use('Released', 'n3', 31)), [], 'and went back where it exited');
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), migrate('p', 'n2', 'n3', 20, { code: 'bad_request' })), [], 'a migration refused for sure moves nothing');
  const expired = { kind: 'LeaseExpired', account: 'acct', resource: 'processes', node: 'n2', side: 'holder', amount: 1 } as const;
  const exited = (pid: string, node: string, at: number) => event(node, { kind: 'Exited', pid }, at);
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), event('n2', expired, 20), exited('p', 'n2', 20)), [], 'a lease that ran out stopped the process');
  t.match(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), event('n2', expired, 20)), [{ message: "p, charged to 'acct' on n2, lost its charge when the processes lease ran out there, but was never reported stopped (Exited) nor moved away: it runs uncharged" }], 'a process left running when its lease ran out');
  const switched = event('n3', { kind: 'Switched', pid: 'p', from: 'n2', to: 'n3', pagesCopied: 16 }, 24);
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), use('Admitted', 'n3', 19), event('n2', expired, 21), switched, migrate('p', 'n2', 'n3', 20)), [], 'frozen when the lease ran out, it switched: it runs charged where it arrived');
  const abortedThenStopped = judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), event('n2', expired, 21), migrate('p', 'n2', 'n3', 20, { code: 'bad_request' }), exited('p', 'n2', 26));
  t.same(abortedThenStopped, [], 'frozen when the lease ran out, its move aborted and it stopped');
  const arrivedUncharged = judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), use('Admitted', 'n3', 19), event('n2', expired, 21), event('n3', { ...expired, node: 'n3' }, 22), switched, migrate('p', 'n2', 'n3', 20));
  t.match(arrivedUncharged, [{ message: /n3 had 0 processes of 'acct' in use .* but 1 of the account's charged processes run there by the operations \(p\)/ }], 'its charge at the destination ran out before it arrived, and it runs there');
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), use('Admitted', 'n3', 19), event('n2', expired, 21), event('n3', { ...expired, node: 'n3' }, 22), switched, exited('p', 'n3', 24), migrate('p', 'n2', 'n3', 20)), [], 'and stopped as it arrived');
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), crash('n2', 20)), [], 'a crash stopped it');
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), migrate('p', 'n2', 'n3', 20, 'ok'), acquire('n3', 1, 40)), [], 'an account that also acquires processes is not judged');
  t.same(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), spawn('n3', 'q', 30, { code: 'unavailable' })), [], 'nor one with a spawn of unknown outcome');

  const leftBehind = judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), migrate('p', 'n2', 'n3', 20), exit('p', 30));
  t.match(leftBehind, [{ property: 'ChargesFollowProcesses', message: /at the end of the run n2 had 1 processes of 'acct' in use by its events \(Admitted less Released\), but 0 of the account's charged processes run there/ }], 'the unit stayed where the process was spawned');
  const uncharged = judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), use('Released', 'n2', 23), migrate('p', 'n2', 'n3', 20));
  t.match(uncharged, [{ message: /n3 had 0 processes of 'acct' in use .* but 1 of the account's charged processes run there by the operations \(p\)/ }], 'the process runs uncharged where it arrived');
  t.match(judge(use('Admitted', 'n2', 12), spawn('n2', 'p', 10), exit('p', 30)), [{ message: /n2 had 1 processes/ }], 'an exit that gave nothing back');
});

t.test('TenantsIsolated: a charged process is reached from its own account, or with a genuine capability carrying the right', async (t) => {
  const other: Capability = { ...root, object: 'other', check: 'genuine-other' };
  const writeOnly: Capability = { ...root, rights: ['write'], check: 'genuine-write' };
  const openedOther = op('n1', { kind: 'createAccount', account: 'other', quotas }, 0, 1, 'ok', { capability: other });
  const derivedWrite = op('n1', { kind: 'derive', capability: root, rights: ['write'] }, 2, 3, 'ok', { capability: writeOnly });
  const spawn = (node: string, pid: string, cap?: Capability) => op(node, { kind: 'spawn', placement: { kind: 'here' }, ...(cap ? { capability: cap } : {}) }, 5, 6, 'ok', { pid, node });
  const processes = [spawn('n1', 'pa', root), spawn('n2', 'pb', root), spawn('n2', 'po', other), spawn('n3', 'ps')];
  /** A send from `from` to `to` at `at`, delivered or dropped as forbidden (at the receiver's node n9). */
  const send = (msgId: string, from: string, to: string, at: number, fate: 'delivered' | 'dropped', cap?: Capability) => (add: Add, next: () => number) => {
    op('n1', { kind: 'send', from, to: { kind: 'pid', pid: to }, msgId, body: msgId, ...(cap ? { capability: cap } : {}) }, at, at + 1)(add, next);
    add({ kind: 'event', node: 'n1', event: { kind: 'Sent', msgId, from, to } }, at);
    const e: TraceEvent = fate === 'delivered' ? { kind: 'Delivered', msgId, from, to, body: msgId } : { kind: 'Dropped', msgId, at: 'n9', reason: 'forbidden: no capability' };
    add({ kind: 'event', node: 'n9', event: e }, at + 2);
  };
  const judge = (...parts: Parameters<typeof history>) => check(checkTenantsIsolated, history(opened, openedOther, derivedWrite, ...processes, ...parts));
  t.same(
    judge(
      send('same', 'pa', 'pb', 10, 'delivered'),
      send('to-nobody', 'po', 'ps', 11, 'dropped'),
      send('granted', 'po', 'pa', 12, 'delivered', writeOnly),
      send('refused', 'po', 'pa', 13, 'dropped'),
      send('from-nobody', 'ps', 'pa', 14, 'dropped'),
      send('read-only', 'po', 'pa', 15, 'dropped', readOnly),
    ),
    [],
    'same account, a granted capability delivered; the rest dropped, a tenant\'s message to a process of no account too',
  );
  // A process charged to no account is the operator's (Capabilities.tla UnchargedIsolated).
  t.match(judge(send('m', 'po', 'ps', 10, 'delivered')), [{ property: 'TenantsIsolated', message: "message 'm' was delivered although po (of 'other') sent to ps, a process of no account (the operator's)" }]);
  t.match(judge(send('m', 'po', 'ps', 10, 'delivered', other)), [{ message: /a process of no account/ }], 'whatever the tenant presents');
  t.match(judge(send('m', 'po', 'pa', 10, 'delivered')), [{ property: 'TenantsIsolated', message: "message 'm' was delivered although po (of 'other') sent to pa of 'acct' presenting no capability" }]);
  t.match(judge(send('m', 'ps', 'pa', 10, 'delivered')), [{ message: /ps \(of no account\) sent to pa of 'acct' presenting no capability/ }]);
  t.match(judge(send('m', 'po', 'pa', 10, 'delivered', other)), [{ message: /with a capability for 'other'/ }], "one's own capability does not reach another account");
  t.match(judge(send('m', 'po', 'pa', 10, 'delivered', { ...writeOnly, check: 'forged' })), [{ message: /the capability was never handed out \(forged or edited\)/ }]);
  t.match(judge(send('m', 'po', 'pa', 10, 'delivered', readOnly)), [{ message: /with a capability lacking 'write'/ }]);
  const revoked = op('n1', { kind: 'revoke', capability: root }, 20, 25, 'ok', { capability: { ...root, epoch: 1, check: 'genuine-1' } });
  t.match(judge(revoked, send('m', 'po', 'pa', 30, 'delivered', writeOnly)), [{ message: /the capability was revoked \(epoch 0; a revoke completed before, to epoch 1\)/ }]);
  t.same(judge(revoked, send('m', 'po', 'pa', 22, 'dropped', writeOnly)), [], 'a revocation in flight may refuse the epoch it ends');
  t.match(judge(send('m', 'pa', 'pb', 10, 'dropped')), [{ message: "message 'm' (dropped at n9) was refused as forbidden, but isolation permits it (same account, a public name or segment, an uncharged process reached from no account, or a genuine current capability with the right)" }]);
  t.match(judge(send('m', 'po', 'pa', 10, 'dropped', writeOnly)), [{ property: 'TenantsIsolated' }], 'a granted message refused');

  // A client's exit, migrate, read and write (from no account) need a capability with the right.
  const derivedRead = op('n1', { kind: 'derive', capability: root, rights: ['read'] }, 2, 3, 'ok', { capability: readOnly });
  const reach = (operation: Operation, at: number, outcome: 'ok' | 'forbidden') => op('n1', operation, at, at + 1, outcome === 'ok' ? 'ok' : { code: 'forbidden' });
  const exit = (pid: string, cap?: Capability): Operation => ({ kind: 'exit', pid, ...(cap ? { capability: cap } : {}) });
  const migrate = (pid: string, cap?: Capability): Operation => ({ kind: 'migrate', pid, to: { kind: 'node', node: 'n2' }, mode: 'stop-and-copy', ...(cap ? { capability: cap } : {}) });
  const read = (pid: string, cap?: Capability): Operation => ({ kind: 'read', pid, page: 0, ...(cap ? { capability: cap } : {}) });
  const write = (pid: string, cap?: Capability): Operation => ({ kind: 'write', pid, page: 0, value: 'v', ...(cap ? { capability: cap } : {}) });
  t.same(
    judge(
      derivedRead,
      reach(read('pa', readOnly), 10, 'ok'),
      reach(write('pa', writeOnly), 11, 'ok'),
      reach(migrate('pa', writeOnly), 12, 'ok'),
      reach(read('ps'), 13, 'ok'),
      reach(exit('ps'), 14, 'ok'),
      reach(read('pa'), 15, 'forbidden'),
      reach(read('pa', writeOnly), 16, 'forbidden'),
      reach(write('pa', readOnly), 17, 'forbidden'),
      reach(migrate('pa', other), 18, 'forbidden'),
      reach(exit('pa', root), 19, 'ok'),
    ),
    [],
    'each with the right capability, and a process of no account, performed; the rest refused',
  );
  t.match(judge(reach(exit('pa'), 10, 'ok')), [{ property: 'TenantsIsolated', message: "exit of pa succeeded although a client exited pa of 'acct' presenting no capability" }]);
  t.match(judge(derivedRead, reach(migrate('pa', readOnly), 10, 'ok')), [{ message: /a client migrated pa of 'acct' with a capability lacking 'write'/ }]);
  t.match(judge(reach(read('pa', { ...readOnly, check: 'forged' }), 10, 'ok')), [{ message: /a client read the memory of pa of 'acct', but the capability was never handed out/ }]);
  t.match(judge(reach(write('pb', other), 10, 'ok')), [{ message: /a client wrote the memory of pb of 'acct' with a capability for 'other'/ }]);
  t.match(judge(revoked, reach(write('pa', writeOnly), 30, 'ok')), [{ message: /the capability was revoked/ }]);
  t.same(judge(revoked, reach(write('pa', writeOnly), 22, 'forbidden')), [], 'a revocation in flight may refuse the epoch it ends');
  t.match(judge(reach(exit('pa', root), 10, 'forbidden')), [{ message: 'exit of pa was refused as forbidden, but isolation permits it (same account, a public name or segment, an uncharged process reached from no account, or a genuine current capability with the right)' }]);
  t.match(judge(reach(read('ps'), 10, 'forbidden')), [{ property: 'TenantsIsolated' }], 'a process of no account refused');

  // A call reaches its server from the client's account.
  const call = (callId: string, from: string, to: string, at: number, fate: 'executed' | 'forbidden', cap?: Capability) => (add: Add, next: () => number) => {
    op('n1', { kind: 'call', from, to: { kind: 'pid', pid: to }, callId, semantics: 'at-least-once', args: callId, ...(cap ? { capability: cap } : {}) }, at, at + 3, fate === 'executed' ? 'ok' : { code: 'forbidden' })(add, next);
    add({ kind: 'event', node: 'n1', event: { kind: 'CallStarted', callId, client: from, server: to, semantics: 'at-least-once' } }, at);
    if (fate === 'executed') add({ kind: 'event', node: 'n9', event: { kind: 'Executed', callId, server: to } }, at + 1);
  };
  t.same(
    judge(call('same', 'pb', 'pa', 10, 'executed'), call('granted', 'po', 'pa', 11, 'executed', writeOnly), call('to-nobody', 'po', 'ps', 12, 'forbidden'), call('refused', 'po', 'pa', 13, 'forbidden')),
    [],
    'same account, a granted capability executed; no capability, and a tenant calling a server of no account, refused',
  );
  t.match(judge(call('c', 'po', 'ps', 10, 'executed')), [{ property: 'TenantsIsolated', message: "call 'c' was executed at ps although po (of 'other') called ps, a process of no account (the operator's)" }]);
  t.match(judge(call('c', 'ps', 'pa', 10, 'executed')), [{ property: 'TenantsIsolated', message: "call 'c' was executed at pa although ps (of no account) called pa of 'acct' presenting no capability" }]);
  t.match(judge(call('c', 'po', 'pa', 10, 'executed', { ...writeOnly, rights: ['read'] })), [{ message: /lacking 'write'/ }]);
  t.match(judge(call('c', 'pb', 'pa', 10, 'forbidden')), [{ message: "call 'c' was refused as forbidden, but isolation permits it (same account, a public name or segment, an uncharged process reached from no account, or a genuine current capability with the right)" }]);

  // Names and segments 'acct/…' are the account's: a client's register (write) and lookup (read), a
  // process's send or call through a name (write) and attach (write) need its account or a capability.
  const register = (name: string, cap?: Capability): Operation => ({ kind: 'register', pid: 'pa', name, ...(cap ? { capability: cap } : {}) });
  const lookup = (name: string, cap?: Capability): Operation => ({ kind: 'lookup', name, ...(cap ? { capability: cap } : {}) });
  const attach = (pid: string, segment: string, cap?: Capability): Operation => ({ kind: 'attach', pid, segment, pages: 1, ...(cap ? { capability: cap } : {}) });
  const toName = (kind: 'send' | 'call', id: string, from: string, name: string, at: number, outcome: 'ok' | 'forbidden', cap?: Capability) => {
    const to = { kind: 'name' as const, name };
    const operation: Operation = kind === 'send' ? { kind, from, to, msgId: id, body: id, ...(cap ? { capability: cap } : {}) } : { kind, from, to, callId: id, semantics: 'at-least-once', args: id, ...(cap ? { capability: cap } : {}) };
    return reach(operation, at, outcome);
  };
  t.same(
    judge(
      derivedRead,
      reach(register('acct/svc', writeOnly), 10, 'ok'),
      reach(lookup('acct/svc', readOnly), 11, 'ok'),
      reach(register('public'), 12, 'ok'),
      reach(lookup('public'), 13, 'ok'),
      reach(register('acct/x'), 14, 'forbidden'),
      reach(lookup('acct/svc', writeOnly), 15, 'forbidden'),
      reach(lookup('other/svc', root), 16, 'forbidden'),
      toName('send', 'm1', 'pb', 'acct/svc', 17, 'ok'),
      toName('send', 'm2', 'ps', 'acct/svc', 18, 'ok', writeOnly),
      toName('send', 'm3', 'po', 'acct/svc', 19, 'forbidden', readOnly),
      toName('call', 'c1', 'pb', 'acct/svc', 20, 'ok'),
      toName('call', 'c2', 'po', 'acct/svc', 21, 'forbidden'),
      reach(attach('pb', 'acct/shm'), 22, 'ok'),
      reach(attach('po', 'acct/shm', writeOnly), 23, 'ok'),
      reach(attach('ps', 'shm'), 24, 'ok'),
      reach(attach('ps', 'acct/shm', readOnly), 25, 'forbidden'),
      reach(attach('pa', 'other/shm'), 26, 'forbidden'),
    ),
    [],
    'names and segments: the account, a capability with the right, and public ones admitted; the rest refused',
  );
  t.match(judge(reach(register('acct/svc'), 10, 'ok')), [{ property: 'TenantsIsolated', message: "register of 'acct/svc' succeeded although a client registered name 'acct/svc' of 'acct' presenting no capability" }]);
  t.match(judge(reach(lookup('acct/svc', writeOnly), 10, 'ok')), [{ message: /a client looked up name 'acct\/svc' of 'acct' with a capability lacking 'read'/ }]);
  t.match(judge(reach(lookup('acct/svc', { ...readOnly, check: 'forged' }), 10, 'ok')), [{ message: /never handed out/ }]);
  t.match(judge(revoked, reach(lookup('acct/svc', writeOnly), 30, 'ok')), [{ message: /the capability was revoked/ }]);
  t.match(judge(toName('send', 'm', 'po', 'acct/svc', 10, 'ok')), [{ message: "send 'm' was accepted although po (of 'other') sent through name 'acct/svc' of 'acct' presenting no capability" }]);
  t.match(judge(toName('call', 'c', 'ps', 'acct/svc', 10, 'ok', other)), [{ message: /call 'c' succeeded although ps \(of no account\) called through name 'acct\/svc' of 'acct' with a capability for 'other'/ }]);
  t.match(judge(reach(attach('po', 'acct/shm'), 10, 'ok')), [{ message: "attach of 'acct/shm' by po succeeded although po (of 'other') attached segment 'acct/shm' of 'acct' presenting no capability" }]);
  t.match(judge(reach(attach('pb', 'acct/shm'), 10, 'forbidden')), [{ message: /attach of 'acct\/shm' by pb was refused as forbidden, but isolation permits it/ }], "the account's own process refused");
  t.match(judge(toName('send', 'm', 'ps', 'acct/svc', 10, 'forbidden', writeOnly)), [{ property: 'TenantsIsolated' }], 'a granted send through a name refused');
  t.match(judge(reach(lookup('public'), 10, 'forbidden')), [{ property: 'TenantsIsolated' }], 'a public name refused');
  t.same(judge(revoked, reach(attach('po', 'acct/shm', writeOnly), 22, 'forbidden')), [], 'a revocation in flight may refuse the epoch it ends');
});
