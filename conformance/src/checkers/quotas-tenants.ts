// Tenant isolation on histories (spec/quotas Capabilities.tla, Isolation): a process charged to an
// account belongs to that account's tenant, and a message reaches it only from a process of the
// same account or with a capability on the account carrying `write` that the implementation
// handed out and had not revoked. Processes charged to no account belong to no tenant.
import type { HistoryIndex } from './history-index.js';
import type { Violation } from './properties.js';
import { capabilityRecord } from './quotas.js';

/**
 * Every message delivered to a process of account A came from a process of A, or its send
 * presented a genuine, unrevoked capability on A with `write`; and no message that meets that rule
 * (or whose receiver belongs to no account) is dropped as `forbidden`.
 */
export function checkTenantsIsolated(index: HistoryIndex): Violation[] {
  const accountOf = new Map<string, string>(); // pid → the account its spawn was charged to
  for (const o of index.opsOf('spawn')) {
    if (o.op.capability !== undefined && o.outcome?.kind === 'ok') accountOf.set((o.outcome.value as { pid: string }).pid, o.op.capability.object);
  }
  const record = capabilityRecord(index);
  const sends = new Map(index.opsOf('send').map((o) => [o.op.msgId, o]));
  const receiverOf = new Map(index.eventsOf('Sent').map((e) => [e.event.msgId, e.event.to]));
  /** Why the message may not reach its receiver (empty: it may), or undefined when the history cannot tell. */
  const refusals = (msgId: string): string[] | undefined => {
    const send = sends.get(msgId);
    const to = receiverOf.get(msgId);
    if (send === undefined || to === undefined) return undefined;
    const account = accountOf.get(to);
    const sender = accountOf.get(send.op.from);
    if (account === undefined || sender === account) return [];
    const cap = send.op.capability;
    const from = `${send.op.from} (${sender === undefined ? 'of no account' : `of '${sender}'`})`;
    if (cap === undefined) return [`${from} sent to ${to} of '${account}' presenting no capability`];
    return [
      ...(cap.object !== account ? [`${from} sent to ${to} of '${account}' with a capability for '${cap.object}'`] : []),
      ...record.invalidAt(cap, send.invokeIndex).map((r) => `${from} sent to ${to} of '${account}', but ${r}`),
      ...(!cap.rights.includes('write') ? [`${from} sent to ${to} of '${account}' with a capability lacking 'write'`] : []),
    ];
  };
  const violations: Violation[] = [];
  for (const d of index.eventsOf('Delivered')) {
    const reasons = refusals(d.event.msgId);
    if (reasons === undefined || reasons.length === 0) continue;
    violations.push({ property: 'TenantsIsolated', message: `message '${d.event.msgId}' was delivered although ${reasons.join('; ')}`, timeNs: d.timeNs, entries: [d.index] });
  }
  for (const d of index.eventsOf('Dropped')) {
    if (!d.event.reason.startsWith('forbidden')) continue;
    const reasons = refusals(d.event.msgId);
    const send = sends.get(d.event.msgId);
    if (reasons === undefined || reasons.length > 0 || send === undefined) continue;
    // A revocation in flight may refuse a capability of the epoch it ends.
    const cap = send.op.capability;
    if (cap !== undefined && record.revokeAskedBefore(cap.object, d.index)) continue;
    violations.push({ property: 'TenantsIsolated', message: `message '${d.event.msgId}' was dropped at ${d.event.at} as forbidden, but isolation permits it (same account, a receiver of no account, or a genuine current capability with 'write')`, timeNs: d.timeNs, entries: [d.index] });
  }
  return violations;
}
