// Trace validation against spec/quotas/Capabilities.tla on hand-written histories: hand-ons from a
// current capability with grant, to a subset of its rights, and revocations one epoch at a time
// are explained; amplified rights, a hand-on without grant, from a revoked epoch or from a
// capability that does not exist, and an epoch that skips are not; and quotas-trace.ts's combined
// verdict gives the unexplained step of either module.
import t from 'tap';
import type { HistoryEntry } from '../history.js';
import type { Capability, Right } from '../../protocol/index.js';
import { validateCapabilitiesTrace } from './quotas-capabilities-trace.js';
import { combineValidations, validateQuotasTrace } from './quotas-trace.js';

const cap = (rights: Right[], epoch = 0): Capability => ({ port: 'n1', object: 'acct', rights, epoch, check: `mac-${rights.join('')}-${epoch}` });
const all: Right[] = ['read', 'write', 'grant'];
type Item = { derive: Capability; rights: Right[]; outcome?: 'ok' | 'forbidden' } | { revokedTo: number };

/** Each derive invoked on n2, derived on the ledger n1 (when its outcome is ok) and answered; each revocation on n1. */
function history(items: Item[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  items.forEach((item, opId) => {
    const timeNs = opId * 1000;
    if ('revokedTo' in item) return void entries.push({ kind: 'event', timeNs, node: 'n1', event: { kind: 'CapabilityRevoked', object: 'acct', epoch: item.revokedTo } });
    entries.push({ kind: 'invoke', timeNs, node: 'n2', opId, op: { kind: 'derive', capability: item.derive, rights: item.rights } });
    if (item.outcome === 'forbidden') return void entries.push({ kind: 'complete', timeNs, node: 'n2', opId, outcome: { kind: 'error', code: 'forbidden', definite: true, text: 'refused' } });
    entries.push({ kind: 'event', timeNs, node: 'n1', event: { kind: 'CapabilityDerived', object: 'acct', rights: item.rights } });
    entries.push({ kind: 'complete', timeNs, node: 'n2', opId, outcome: { kind: 'ok', value: { capability: { ...item.derive, rights: item.rights } } } });
  });
  return entries;
}
const validate = (items: Item[]) => validateCapabilitiesTrace(history(items));

t.test('hand-ons and revocations in the module\'s order are explained', async (t) => {
  t.match(await validate([{ derive: cap(all), rights: ['read', 'grant'] }, { derive: cap(['read', 'grant']), rights: ['read'] }]), { kind: 'explained', events: 2 }, 'rights shrink along a chain');
  t.match(await validate([{ revokedTo: 1 }, { derive: cap(all, 1), rights: ['write'] }]), { kind: 'explained', events: 2 }, 'the new root hands on');
  t.match(await validate([{ derive: cap(all), rights: ['read'] }, { derive: cap(all), rights: ['read'] }]), { kind: 'explained' }, 'the same hand-on twice');
  t.match(await validate([{ derive: cap(['read'], 0), rights: ['read'], outcome: 'forbidden' }, { derive: cap(all), rights: ['read'] }]), { kind: 'explained', events: 1 }, 'a derive refused for sure is not the source of a later hand-on');
});

t.test('what the module forbids is not explained', async (t) => {
  t.match(await validate([{ derive: cap(all), rights: ['read', 'grant'] }, { derive: cap(['read', 'grant']), rights: ['read', 'write'] }]), { kind: 'unexplained', message: /Capabilities\.tla explains Derived of 'acct' with rights \[read, write\] from a capability of epoch 0 with \[read, grant\]/ }, 'rights amplified');
  t.match(await validate([{ derive: cap(all), rights: ['read'] }, { derive: cap(['read']), rights: ['read'] }]), { kind: 'unexplained', message: /with \[read\]/ }, 'a hand-on without grant');
  t.match(await validate([{ revokedTo: 1 }, { derive: cap(all, 0), rights: ['read'] }]), { kind: 'unexplained', message: /from a capability of epoch 0/ }, 'a hand-on from a revoked epoch');
  t.match(await validate([{ derive: cap(['read', 'grant']), rights: ['read'] }]), { kind: 'unexplained', message: /with \[read, grant\]/ }, 'a hand-on from a capability that was never handed out');
  t.match(await validate([{ revokedTo: 2 }]), { kind: 'unexplained', message: /Revoked\('acct'\) to epoch 2/ }, 'an epoch that skips one');
  const unasked: HistoryEntry[] = [{ kind: 'event', timeNs: 0, node: 'n1', event: { kind: 'CapabilityDerived', object: 'acct', rights: ['read'] } }];
  t.match(await validateCapabilitiesTrace(unasked), { kind: 'unexplained', entry: 0, message: /no derive of those rights was asked before it/ });
});

t.test('runs with nothing to validate, and the combined verdict', async (t) => {
  t.match(await validateCapabilitiesTrace([]), { kind: 'not-applicable', reason: 'no capability handed on or revoked' });
  t.match(await validateQuotasTrace([]), { kind: 'not-applicable', reason: 'no leases; no capability handed on or revoked' });
  t.match(await validateQuotasTrace(history([{ revokedTo: 1 }])), { kind: 'explained', events: 1 }, 'capabilities alone');
  t.match(await validateQuotasTrace(history([{ revokedTo: 2 }])), { kind: 'unexplained' });
  const explained = { kind: 'explained', events: 2, statesExplored: 5 } as const;
  const outOfScope = { kind: 'not-applicable', reason: 'leases of 1 and 2 processes' } as const;
  t.same(combineValidations([explained, outOfScope]), outOfScope, 'one module out of scope: not applicable');
  t.same(combineValidations([{ kind: 'unexplained', entry: 9, explained: 0, message: 'b' }, { kind: 'unexplained', entry: 4, explained: 0, message: 'a' }]), { kind: 'unexplained', entry: 4, explained: 0, message: 'a' }, 'the earliest unexplained step');
  t.same(combineValidations([outOfScope, { kind: 'unknown', reason: 'too large' }]), { kind: 'unknown', reason: 'too large' });
  t.same(combineValidations([explained, explained]), { kind: 'explained', events: 4, statesExplored: 10 });
});
