// One scripted scenario per catalogued quota bug (quota-bugs.ts): the reference kernel on a
// ScriptedCluster, one tenant's account kept by n1 (its ledger) with a quota of processes, driven
// through acquire, release, derive and revoke with the network, time and crashes under the
// script's control. Each returns what went wrong, or undefined when right.
import type { Capability, Quotas, Right, RunParameters } from '../../../conformance/protocol/index.js';
import type { QuotaMessage } from '../quotas/quota-messages.js';
import type { KernelFlag, QuotaBugId } from './catalogue.js';
import { answerText, holding, type Scenario } from './scenarios.js';
import { defaultParams, perfect, ScriptedCluster, type InFlight, type Network } from '../testing/scripted-cluster.js';

const account = 'tenant';
export const ms = 1_000_000;

/** A quota message of kind `t` on its way to `to`. */
export const quota =
  (t: QuotaMessage['t'], to: string) =>
  (p: InFlight): boolean =>
    p.packet.kind === 'quota' && p.packet.body.t === t && p.to === to;

/** An account with a quota of `limit` processes, kept by n1; the owner's capability. */
export class Tenant {
  readonly c: ScriptedCluster;
  readonly owner: Capability;

  constructor(flag: KernelFlag | undefined, limit: number, params: RunParameters = defaultParams) {
    this.c = new ScriptedCluster(flag, params);
    const quotas: Quotas = { processes: limit, memoryBytes: 0, storageBytes: 0, bandwidthBytesPerSec: 0 };
    const created = this.c.opSettled('n1', { kind: 'createAccount', account, quotas });
    if (created?.kind !== 'reply') throw new Error(`createAccount failed: ${JSON.stringify(created)}`);
    this.owner = (created.value as { capability: Capability }).capability;
  }

  acquire(node: string, amount: number, capability = this.owner): number {
    return this.c.op(node, { kind: 'acquire', capability, resource: 'processes', amount });
  }

  /** An operation run to its answer over a perfect network, the answer in words. */
  settled(node: string, op: Parameters<ScriptedCluster['op']>[1]): string {
    const id = this.c.op(node, op);
    this.c.advance(this.c.nowNs + 5 * this.c.params.callTimeoutNs, perfect);
    return answerText(this.c, id);
  }

  acquired(node: string, amount: number, capability = this.owner): string {
    return this.settled(node, { kind: 'acquire', capability, resource: 'processes', amount });
  }

  released(node: string, amount: number, capability = this.owner): string {
    return this.settled(node, { kind: 'release', capability, resource: 'processes', amount });
  }

  derived(node: string, capability: Capability, rights: Right[]): Capability | string {
    const id = this.c.op(node, { kind: 'derive', capability, rights });
    this.c.advance(this.c.nowNs + 5 * this.c.params.callTimeoutNs, perfect);
    const a = this.c.answer(id);
    return a?.kind === 'reply' ? (a.value as { capability: Capability }).capability : answerText(this.c, id);
  }

  /** Work admitted and not yet released or stopped, over every node, from the trace. */
  inUse(): number {
    let total = 0;
    for (const { event } of this.c.events) {
      if (event.kind === 'Admitted') total += event.amount;
      if (event.kind === 'Released') total -= event.amount;
      if (event.kind === 'LeaseExpired' && event.side === 'holder') total -= event.amount;
    }
    return total;
  }
}

export const ok = 'reply {}';

export function capabilityOf(derived: Capability | string): Capability {
  if (typeof derived === 'string') throw new Error(`derive failed: ${derived}`);
  return derived;
}

export const quotaScenarios: Record<QuotaBugId, Scenario> = {
  'quota-retry-granted-again': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquire('n2', 4);
    // The grant is slow: n2 retransmits its request before the answer arrives.
    a.c.advance(a.c.nowNs + 1.5 * a.c.params.retryIntervalNs, holding(quota('lease-answer', 'n2')));
    a.c.settle(perfect);
    const got = a.acquired('n3', 6);
    return got === ok ? undefined : `with 4 of 10 in use, n3's acquire of 6 answered ${got}`;
  },
  'quota-term-from-answer': (flag) => {
    const a = new Tenant(flag, 10, { ...defaultParams, retryIntervalNs: 1 * ms, callTimeoutNs: 60 * ms });
    const first = a.acquire('n2', 10);
    a.c.advance(40 * ms, holding(quota('lease-answer', 'n2')));
    a.c.settle(perfect);
    if (a.c.answer(first)?.kind !== 'reply') return `n2's acquire answered ${answerText(a.c, first)}`;
    const cutOff: Network = (p) => (p.packet.kind === 'quota' && [p.from, p.to].sort().join() === 'n1,n2' ? 'drop' : 'deliver');
    a.c.advance(105 * ms, cutOff); // past the ledger's reclaim of n2's lease
    const second = a.acquire('n3', 10);
    a.c.advance(106 * ms, cutOff);
    if (a.c.answer(second)?.kind !== 'reply') return `n3's acquire after the ledger reclaimed n2's lease answered ${answerText(a.c, second)}`;
    return a.inUse() <= 10 ? undefined : `${a.inUse()} in use of a quota of 10 once n3 was admitted`;
  },
  'capability-check-truncated': (flag) => {
    const a = new Tenant(flag, 10);
    const readOnly = capabilityOf(a.derived('n2', a.owner, ['read']));
    a.acquired('n2', 5);
    a.released('n2', 5); // n2 holds a lease with room for 5
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const check of alphabet) {
      const forged: Capability = { ...readOnly, rights: ['read', 'write'], check };
      if (a.acquired('n2', 1, forged) === ok) return `a capability forged from a read-only one (write added, check field '${check}') was admitted`;
    }
    return undefined;
  },
  'capability-derive-refreshes-epoch': (flag) => {
    const a = new Tenant(flag, 10);
    const writer = capabilityOf(a.derived('n2', a.owner, ['write', 'grant']));
    const revoked = a.settled('n1', { kind: 'revoke', capability: a.owner });
    if (!revoked.startsWith('reply')) return `revoke answered ${revoked}`;
    const laundered = a.derived('n2', writer, ['write']);
    if (typeof laundered === 'string') return undefined;
    return `derive from a revoked capability answered a capability of epoch ${laundered.epoch}; acquire with it: ${a.acquired('n2', 1, laundered)}`;
  },
  'quota-release-unchecked': (flag) => {
    const a = new Tenant(flag, 5);
    a.acquired('n2', 5);
    a.released('n2', 5);
    const again = a.released('n2', 5);
    const got = a.acquired('n2', 10);
    return got === ok ? `a second release of 5 answered ${again}, then an acquire of 10 with a quota of 5 was admitted` : undefined;
  },
  'quota-return-keeps-units': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquired('n2', 10);
    a.released('n2', 10);
    a.c.advance(55 * ms, perfect); // past half the term: n2 gives back its unused lease
    a.acquired('n3', 10);
    a.acquired('n2', 10);
    return a.inUse() <= 10 ? undefined : `${a.inUse()} in use of a quota of 10`;
  },
  'quota-reclaim-not-rearmed': (flag) => {
    const a = new Tenant(flag, 10);
    a.acquired('n2', 10);
    a.c.crash('n2');
    a.c.crash('n1');
    a.c.restart('n1');
    a.c.advance(150 * ms, perfect); // well past the term of n2's lease
    const got = a.acquired('n3', 10);
    return got === ok ? undefined : `long after the lease of a crashed node ran out, n3's acquire of the whole quota answered ${got}`;
  },
  'quota-epoch-acked-not-applied': (flag) => {
    const a = new Tenant(flag, 10);
    const writer = capabilityOf(a.derived('n2', a.owner, ['write']));
    a.acquired('n2', 5, writer);
    a.released('n2', 5, writer); // n2 holds a lease with room for 5
    const revoked = a.settled('n1', { kind: 'revoke', capability: a.owner });
    if (!revoked.startsWith('reply')) return `revoke answered ${revoked}`;
    const got = a.acquired('n2', 1, writer);
    return got.startsWith('error forbidden') ? undefined : `after the revoke was answered, an acquire with the revoked capability answered ${got}`;
  },
};
