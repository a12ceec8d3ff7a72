// Tenant isolation on histories (spec/quotas Capabilities.tla, Isolation and Reaches): a process
// charged to an account, and a name or shared segment in its namespace ('A/…'), belong to that
// account's tenant, and a request reaches one only from a process of the same account or with a
// capability on the account carrying the right the request needs (messages, calls, exit, migrate,
// write, register, attach: `write`; read, lookup: `read`; a send or call to a name: `write` on the
// name's account too) that the implementation handed out and had not revoked. A call, send or
// attach comes from its process's account, a client's operation from none. A process charged to
// no account is the operator's: a requester of no account (a client, an uncharged process) reaches
// it, a tenant's process never (Capabilities.tla UnchargedIsolated). Names and segments without an
// account prefix are public.
import { namespaceOf, type Capability, type Right } from '../../protocol/index.js';
import type { HistoryIndex } from './history-index.js';
import type { Violation } from './properties.js';
import { capabilityRecord } from './quotas.js';

/**
 * Every message delivered to a process of account A came from a process of A, or its send
 * presented a genuine, unrevoked capability on A with `write`, and so did every call it executed; every exit, migrate, read and write
 * of a process of A that succeeded presented one with the right; no message or call of a tenant's
 * process reached an uncharged process; and nothing that meets that rule is refused as `forbidden`.
 */
export function checkTenantsIsolated(index: HistoryIndex): Violation[] {
  const accountOf = new Map<string, string>(); // pid → the account its spawn was charged to
  const uncharged = new Set<string>(); // pids spawned charged to no account (a spawn whose outcome is unknown is in neither)
  for (const o of index.opsOf('spawn')) {
    if (o.outcome?.kind !== 'ok') continue;
    const pid = (o.outcome.value as { pid: string }).pid;
    if (o.op.capability !== undefined) accountOf.set(pid, o.op.capability.object);
    else uncharged.add(pid);
  }
  const record = capabilityRecord(index);
  /** Why `from` (a process, or undefined for a client) may not reach `to` (a process, or a name or segment of `account`) needing `right` (empty: it may). */
  const refusals = (from: string | undefined, to: string, cap: Capability | undefined, right: Right, at: number, what: string, account = accountOf.get(to)): string[] => {
    const sender = from === undefined ? undefined : accountOf.get(from);
    if (account === undefined) return sender !== undefined && uncharged.has(to) ? [`${from} (of '${sender}') ${what} ${to}, a process of no account (the operator's)`] : [];
    if (from !== undefined && sender === account) return [];
    const by = `${from === undefined ? 'a client' : `${from} (${sender === undefined ? 'of no account' : `of '${sender}'`})`} ${what} ${to} of '${account}'`;
    if (cap === undefined) return [`${by} presenting no capability`];
    return [
      ...(cap.object !== account ? [`${by} with a capability for '${cap.object}'`] : []),
      ...record.invalidAt(cap, at).map((r) => `${by}, but ${r}`),
      ...(!cap.rights.includes(right) ? [`${by} with a capability lacking '${right}'`] : []),
    ];
  };
  const violations: Violation[] = [];
  /** A refusal the rule did not call for, unless a revocation in flight may have ended the capability's epoch. */
  const wronglyRefused = (what: string, cap: Capability | undefined, at: number, timeNs: number, entries: number[]): void => {
    if (cap !== undefined && record.revokeAskedBefore(cap.object, at)) return;
    violations.push({ property: 'TenantsIsolated', message: `${what} was refused as forbidden, but isolation permits it (same account, a public name or segment, an uncharged process reached from no account, or a genuine current capability with the right)`, timeNs, entries });
  };

  const sends = new Map(index.opsOf('send').map((o) => [o.op.msgId, o]));
  const receiverOf = new Map(index.eventsOf('Sent').map((e) => [e.event.msgId, e.event.to]));
  /** Why the message may not reach its receiver (empty: it may), or undefined when the history cannot tell. */
  const messageRefusals = (msgId: string): string[] | undefined => {
    const send = sends.get(msgId);
    const to = receiverOf.get(msgId);
    return send === undefined || to === undefined ? undefined : refusals(send.op.from, to, send.op.capability, 'write', send.invokeIndex, 'sent to');
  };
  for (const d of index.eventsOf('Delivered')) {
    const reasons = messageRefusals(d.event.msgId);
    if (reasons === undefined || reasons.length === 0) continue;
    violations.push({ property: 'TenantsIsolated', message: `message '${d.event.msgId}' was delivered although ${reasons.join('; ')}`, timeNs: d.timeNs, entries: [d.index] });
  }
  for (const d of index.eventsOf('Dropped')) {
    if (!d.event.reason.startsWith('forbidden')) continue;
    const reasons = messageRefusals(d.event.msgId);
    const send = sends.get(d.event.msgId);
    if (reasons === undefined || reasons.length > 0 || send === undefined) continue;
    wronglyRefused(`message '${d.event.msgId}' (dropped at ${d.event.at})`, send.op.capability, d.index, d.timeNs, [d.index]);
  }

  /** Why a send or call from `from` may not resolve its name (empty: it may, or it names a pid). */
  const nameRefusals = (from: string, to: { kind: 'pid' } | { kind: 'name'; name: string }, cap: Capability | undefined, at: number, what: string): string[] =>
    to.kind === 'name' ? refusals(from, `name '${to.name}'`, cap, 'write', at, what, namespaceOf(to.name)) : [];

  // A call reaches its server, and the name it was sent to, from its client process's account.
  const serverOf = new Map(index.eventsOf('CallStarted').map((e) => [e.event.callId, e.event.server]));
  const executed = new Map(index.eventsOf('Executed').map((e) => [e.event.callId, e]));
  for (const o of index.opsOf('call')) {
    const server = serverOf.get(o.op.callId);
    const named = nameRefusals(o.op.from, o.op.to, o.op.capability, o.invokeIndex, 'called through');
    const reasons = [...named, ...(server === undefined ? [] : refusals(o.op.from, server, o.op.capability, 'write', o.invokeIndex, 'called'))];
    const ran = executed.get(o.op.callId);
    if (ran !== undefined && reasons.length > 0) violations.push({ property: 'TenantsIsolated', message: `call '${o.op.callId}' was executed at ${server} although ${reasons.join('; ')}`, timeNs: ran.timeNs, entries: [o.invokeIndex, ran.index] });
    if (server === undefined && named.length > 0 && o.outcome?.kind === 'ok') violations.push({ property: 'TenantsIsolated', message: `call '${o.op.callId}' succeeded although ${named.join('; ')}`, timeNs: o.completeNs ?? o.invokeNs, entries: [o.invokeIndex, o.completeIndex!] });
    if (o.outcome?.kind === 'error' && o.outcome.code === 'forbidden' && reasons.length === 0 && (server !== undefined || o.op.to.kind === 'name')) {
      wronglyRefused(`call '${o.op.callId}'`, o.op.capability, o.completeIndex!, o.completeNs ?? o.invokeNs, [o.invokeIndex, o.completeIndex!]);
    }
  }

  // A send to a name resolves it from its sender's account: the send fails forbidden, or is accepted.
  for (const o of index.opsOf('send')) {
    if (o.outcome === undefined || o.completeIndex === undefined || o.op.to.kind !== 'name') continue;
    const reasons = nameRefusals(o.op.from, o.op.to, o.op.capability, o.invokeIndex, 'sent through');
    const entries = [o.invokeIndex, o.completeIndex];
    if (o.outcome.kind === 'ok' && reasons.length > 0) violations.push({ property: 'TenantsIsolated', message: `send '${o.op.msgId}' was accepted although ${reasons.join('; ')}`, timeNs: o.completeNs ?? o.invokeNs, entries });
    if (o.outcome.kind === 'error' && o.outcome.code === 'forbidden' && reasons.length === 0) wronglyRefused(`send '${o.op.msgId}'`, o.op.capability, o.completeIndex, o.completeNs ?? o.invokeNs, entries);
  }

  // A client's register or lookup of a name, and a process's attach of a segment, in an account's namespace.
  for (const o of [...index.opsOf('register'), ...index.opsOf('lookup'), ...index.opsOf('attach')]) {
    const outcome = o.outcome;
    if (outcome === undefined || o.completeIndex === undefined) continue;
    const reasons =
      o.op.kind === 'attach'
        ? refusals(o.op.pid, `segment '${o.op.segment}'`, o.op.capability, 'write', o.invokeIndex, 'attached', namespaceOf(o.op.segment))
        : refusals(undefined, `name '${o.op.name}'`, o.op.capability, o.op.kind === 'lookup' ? 'read' : 'write', o.invokeIndex, o.op.kind === 'lookup' ? 'looked up' : 'registered', namespaceOf(o.op.name));
    const what = o.op.kind === 'attach' ? `attach of '${o.op.segment}' by ${o.op.pid}` : `${o.op.kind} of '${o.op.name}'`;
    const entries = [o.invokeIndex, o.completeIndex];
    if (outcome.kind === 'ok' && reasons.length > 0) violations.push({ property: 'TenantsIsolated', message: `${what} succeeded although ${reasons.join('; ')}`, timeNs: o.completeNs ?? o.invokeNs, entries });
    if (outcome.kind === 'error' && outcome.code === 'forbidden' && reasons.length === 0) wronglyRefused(what, o.op.capability, o.completeIndex, o.completeNs ?? o.invokeNs, entries);
  }

  // A client's exit, migrate, read or write of a charged process (it comes from no account).
  for (const o of [...index.opsOf('exit'), ...index.opsOf('migrate'), ...index.opsOf('read'), ...index.opsOf('write')]) {
    const outcome = o.outcome;
    if (outcome === undefined || o.completeIndex === undefined) continue;
    const reasons = refusals(undefined, o.op.pid, o.op.capability, o.op.kind === 'read' ? 'read' : 'write', o.invokeIndex, `${o.op.kind === 'exit' ? 'exited' : o.op.kind === 'migrate' ? 'migrated' : o.op.kind === 'read' ? 'read the memory of' : 'wrote the memory of'}`);
    const entries = [o.invokeIndex, o.completeIndex];
    if (outcome.kind === 'ok' && reasons.length > 0) violations.push({ property: 'TenantsIsolated', message: `${o.op.kind} of ${o.op.pid} succeeded although ${reasons.join('; ')}`, timeNs: o.completeNs ?? o.invokeNs, entries });
    if (outcome.kind === 'error' && outcome.code === 'forbidden' && reasons.length === 0) wronglyRefused(`${o.op.kind} of ${o.op.pid}`, o.op.capability, o.completeIndex, o.completeNs ?? o.invokeNs, entries);
  }
  return violations;
}
