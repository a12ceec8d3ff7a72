// One scripted scenario per bug of the second blind quota batch (quota-bugs-blind.ts), on the same
// account as quota-scenarios.ts (kept by n1, a quota of processes). Each returns what went wrong,
// or undefined when right.
import type { Capability } from '../../../conformance/protocol/index.js';
import type { QuotaBlindBugId } from './catalogue.js';
import { answerText, holding, type Scenario } from './scenarios.js';
import { capabilityOf, ms, ok, quota, Tenant } from './quota-scenarios.js';
import { defaultParams, perfect, type InFlight, type Network } from '../testing/scripted-cluster.js';

/** Quota packets between n1 (the ledger) and n2 are lost. */
const n2CutOff: Network = (p) => (p.packet.kind === 'quota' && [p.from, p.to].sort().join() === 'n1,n2' ? 'drop' : 'deliver');

export const quotaBlindScenarios: Record<QuotaBlindBugId, Scenario> = {
  'quota-seq-not-per-incarnation': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquired('n2', 5);
    a.acquired('n2', 3); // a second request
    a.c.crash('n2');
    a.c.restart('n2');
    a.c.settle(perfect);
    const got = a.acquired('n2', 1);
    return got === ok ? undefined : `with 8 of 10 booked, the restarted n2's acquire of 1 answered ${got}`;
  },
  'quota-refusal-fails-queue': (flag) => {
    const a = new Tenant(flag, 5);
    const big = a.acquire('n2', 8);
    const small = a.acquire('n2', 1);
    a.c.advance(a.c.nowNs + 5 * a.c.params.callTimeoutNs, perfect);
    if (!answerText(a.c, big).startsWith('error quota_exceeded')) return `an acquire of 8 of a quota of 5 answered ${answerText(a.c, big)}`;
    return answerText(a.c, small) === ok ? undefined : `an acquire of 1 behind it, with 5 free, answered ${answerText(a.c, small)}`;
  },
  'quota-expiry-keeps-usage': (flag) => {
    const a = new Tenant(flag, 10, { ...defaultParams, retryIntervalNs: 1 * ms, callTimeoutNs: 5 * ms });
    a.acquired('n2', 4);
    a.c.advance(a.c.nowNs + 150 * ms, n2CutOff); // past n2's term: its lease runs out on its clock
    const got = a.released('n2', 4);
    return got.startsWith('error bad_request') ? undefined : `after n2's lease ran out (the work stopped), its release of the 4 answered ${got}`;
  },
  'quota-idle-lease-kept': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquired('n2', 10);
    a.released('n2', 10);
    a.c.advance(55 * ms, perfect); // past half the term: n2 keeps only what it uses
    const got = a.acquired('n3', 10);
    return got === ok ? undefined : `after n2 released the whole quota and half a term passed, n3's acquire of 10 answered ${got}`;
  },
  'quota-reclaim-ignores-renewal': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquired('n2', 10);
    a.c.advance(105 * ms, perfect); // n2 renewed at half the term; the first grant's reclaim time passed
    const got = a.acquire('n3', 10);
    a.c.advance(a.c.nowNs + 5 * a.c.params.callTimeoutNs, perfect);
    return answerText(a.c, got) !== ok ? undefined : `n3 was admitted 10 while n2 held its renewed 10: ${a.inUse()} in use of a quota of 10`;
  },
  'capability-epoch-ack-any-epoch': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquired('n2', 5);
    a.released('n2', 5); // n2 holds a lease with room for 5
    const first = a.c.op('n1', { kind: 'revoke', capability: a.owner });
    a.c.settle(holding(quota('epoch-ack', 'n1')));
    const ack = a.c.inFlight.find(quota('epoch-ack', 'n1'))!;
    const lateCopy: InFlight = { ...ack };
    a.c.inFlight.push(lateCopy);
    a.c.settle((p) => (p === lateCopy ? 'hold' : 'deliver'));
    const answered = a.c.answer(first);
    if (answered?.kind !== 'reply') return `the first revoke answered ${answerText(a.c, first)}`;
    const epoch1 = (answered.value as { capability: Capability }).capability;
    const slowEpoch = holding(quota('epoch', 'n2'));
    const second = a.c.op('n1', { kind: 'revoke', capability: epoch1 });
    a.c.settle((p) => (p === lateCopy ? 'deliver' : slowEpoch(p)));
    if (a.c.answer(second)?.kind !== 'reply') return undefined; // the revoke waits for n2, as it should
    const use = a.acquire('n2', 1, epoch1);
    a.c.settle(slowEpoch);
    return answerText(a.c, use) === ok ? 'the second revoke was answered, then n2 admitted the capability it revoked' : undefined;
  },
  'capability-release-needs-read': (flag) => {
    const a = new Tenant(flag, 10);
    const readOnly = capabilityOf(a.derived('n2', a.owner, ['read']));
    a.acquired('n2', 5);
    const got = a.released('n2', 5, readOnly);
    return got.startsWith('error forbidden') ? undefined : `a release with a read-only capability answered ${got}`;
  },
};
