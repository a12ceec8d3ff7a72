// Checkers of feature `quotas` about work in use on a node, apart from the account-wide bounds of
// quotas.ts: a release gives back only work in use (units come back once), and units a live
// holder no longer uses come back to the account within a term (spec/quotas LeasesReturn for live
// holders: "what is released returns to the account").
import { rateResources, type Operation, type QuotaResource } from '../../protocol/index.js';
import type { HistoryIndex } from './history-index.js';
import type { Violation } from './properties.js';
import { LEASE_RETURN_SLACK_FRACTION, LEASE_RETURN_SLACK_NS } from './quotas.js';

const isRate = (resource: QuotaResource) => (rateResources as readonly QuotaResource[]).includes(resource);
const keyOf = (account: string, resource: QuotaResource, node: string) => JSON.stringify([account, resource, node]);

/**
 * What an operation may admit on which nodes (an acquire where it is issued; a charged spawn
 * where its placement puts it, on every node when the kernel chooses), or undefined.
 */
function admits(op: Operation, issuedAt: string, nodes: readonly string[]): { account: string; resource: QuotaResource; amount: number; nodes: readonly string[] } | undefined {
  if (op.kind === 'acquire') return isRate(op.resource) ? undefined : { account: op.capability.object, resource: op.resource, amount: op.amount, nodes: [issuedAt] };
  if (op.kind !== 'spawn' || op.capability === undefined) return undefined;
  const where = op.placement.kind === 'node' ? [op.placement.node] : op.placement.kind === 'here' ? [issuedAt] : nodes;
  return { account: op.capability.object, resource: 'processes', amount: 1, nodes: where };
}

/**
 * PROTOCOL.md `release` (bad_request when the node has less in use): a release answered ok gives
 * back no more than its node can have had in use for the account while it was pending. In use is
 * bounded from above by the operations: acquires answered ok (and charged spawns placed there)
 * count from their reply, those still pending count in full, releases and exits answered ok take
 * their units off at their reply; work stops at a crash of the node and when the node reports its
 * lease ran out (`LeaseExpired {side: "holder"}`: the work stopped), so a release of stopped work
 * would return its units to the account a second time.
 */
export function checkReleasesWithinUse(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const nodes = [...new Set([...index.ops.values()].map((o) => o.node))];
  const settled = new Map<string, number>(); // key → in use for sure or possibly, from replies
  const pending = new Map<number, { keys: string[]; amount: number }>(); // admission opId → where it may take effect
  const charged = new Map<string, string>(); // pid → key of its unit
  const releasing = new Map<number, { key: string; most: number }>(); // release opId → the largest bound seen while pending
  const bound = (key: string) => (settled.get(key) ?? 0) + [...pending.values()].filter((p) => p.keys.includes(key)).reduce((sum, p) => sum + p.amount, 0);
  const add = (key: string, delta: number) => settled.set(key, Math.max(0, (settled.get(key) ?? 0) + delta));
  const stopAll = (node: string | undefined, key?: string) => {
    for (const k of settled.keys()) if (k === key || (node !== undefined && JSON.parse(k)[2] === node)) settled.set(k, 0);
  };
  index.history.forEach((entry) => {
    if (entry.kind === 'crash') {
      stopAll(entry.node);
      for (const id of pending.keys()) if (index.ops.get(id)!.node === entry.node) pending.delete(id);
    } else if (entry.kind === 'event' && entry.event.kind === 'LeaseExpired' && entry.event.side === 'holder') {
      const e = entry.event;
      stopAll(undefined, keyOf(e.account, e.resource, e.node));
    } else if (entry.kind === 'invoke') {
      const admission = admits(entry.op, entry.node, nodes);
      if (admission !== undefined) pending.set(entry.opId, { keys: admission.nodes.map((n) => keyOf(admission.account, admission.resource, n)), amount: admission.amount });
      if (entry.op.kind === 'release' && !isRate(entry.op.resource)) releasing.set(entry.opId, { key: keyOf(entry.op.capability.object, entry.op.resource, entry.node), most: 0 });
    } else if (entry.kind === 'complete') {
      const o = index.ops.get(entry.opId)!;
      pending.delete(entry.opId);
      if (entry.outcome.kind === 'ok' && o.op.kind === 'acquire' && !isRate(o.op.resource)) add(keyOf(o.op.capability.object, o.op.resource, o.node), o.op.amount);
      if (entry.outcome.kind === 'ok' && o.op.kind === 'spawn' && o.op.capability !== undefined) {
        const { pid, node } = entry.outcome.value as { pid: string; node: string };
        charged.set(pid, keyOf(o.op.capability.object, 'processes', node));
        add(charged.get(pid)!, 1);
      }
      if (entry.outcome.kind === 'ok' && o.op.kind === 'exit' && charged.has(o.op.pid)) {
        add(charged.get(o.op.pid)!, -1);
        charged.delete(o.op.pid);
      }
      const release = releasing.get(entry.opId);
      if (release !== undefined && o.op.kind === 'release') {
        releasing.delete(entry.opId);
        release.most = Math.max(release.most, bound(release.key));
        if (entry.outcome.kind === 'ok') {
          if (o.op.amount > release.most) {
            violations.push({
              property: 'ReleasesWithinUse',
              message: `operation ${o.opId} (release ${o.op.amount} ${o.op.resource} of '${o.op.capability.object}' at ${o.node}) answered ok, but while it was pending at most ${release.most} can have been in use there (acquires answered or pending, less releases answered, work stopped when its lease ran out there or the node crashed): the units would come back twice; expected bad_request`,
              timeNs: entry.timeNs,
              entries: [o.invokeIndex, o.completeIndex!],
            });
          }
          add(release.key, -o.op.amount);
        }
      }
    }
    for (const release of releasing.values()) release.most = Math.max(release.most, bound(release.key));
  });
  return violations;
}

/**
 * Spec/quotas "what is released returns to the account", for live holders: a node that holds a
 * lease (by its events: granted, less returned, until it expired there or the node crashed) with
 * nothing in use (admitted, less released) and no admission pending there gives the lease back
 * (`LeaseReturned`) or lets it run out (`LeaseExpired {side: "holder"}`) within one term (of its
 * last grant or renewal, plus LeasesReturn's slack) of falling idle: a holder renews only what it
 * uses. Rate resources (leased whole while metered) are not judged.
 */
export function checkIdleLeasesReturn(index: HistoryIndex): Violation[] {
  const violations: Violation[] = [];
  const nodes = [...new Set([...index.ops.values()].map((o) => o.node))];
  interface Holding {
    account: string;
    resource: QuotaResource;
    node: string;
    held: number;
    used: number;
    termNs: number;
    idle?: { sinceNs: number; index: number };
  }
  const holdings = new Map<string, Holding>();
  const holding = (account: string, resource: QuotaResource, node: string) => {
    const key = keyOf(account, resource, node);
    return holdings.get(key) ?? holdings.set(key, { account, resource, node, held: 0, used: 0, termNs: 0 }).get(key)!;
  };
  const pending = new Map<number, string[]>(); // admission opId → keys where it may take effect
  const down = new Set<string>();
  const judge = (nowNs: number) => {
    for (const h of holdings.values()) {
      if (h.idle === undefined || down.has(h.node)) continue;
      const dueNs = Math.ceil(h.idle.sinceNs + h.termNs * (1 + LEASE_RETURN_SLACK_FRACTION) + LEASE_RETURN_SLACK_NS);
      if (nowNs <= dueNs) continue;
      violations.push({
        property: 'IdleLeasesReturn',
        message: `${h.node} held ${h.held} ${h.resource} of '${h.account}' with none in use and no admission pending there from ${h.idle.sinceNs} ns, and still held them at ${dueNs} ns (one ${h.termNs} ns term, ${LEASE_RETURN_SLACK_FRACTION * 100}% and ${LEASE_RETURN_SLACK_NS / 1e6} ms later): a holder renews only what it uses and gives back the rest (LeaseReturned), or lets the lease run out`,
        timeNs: dueNs,
        entries: [h.idle.index],
      });
      h.idle = undefined;
      h.held = 0; // reported once
    }
  };
  const settle = (h: Holding, i: number, timeNs: number) => {
    const key = keyOf(h.account, h.resource, h.node);
    const asked = [...pending.values()].some((keys) => keys.includes(key));
    if (h.held > 0 && h.used <= 0 && !asked && !down.has(h.node)) h.idle ??= { sinceNs: timeNs, index: i };
    else h.idle = undefined;
  };
  index.history.forEach((entry, i) => {
    judge(entry.timeNs);
    if (entry.kind === 'crash' || entry.kind === 'restart') {
      if (entry.kind === 'crash') down.add(entry.node);
      else down.delete(entry.node);
      for (const h of holdings.values()) if (h.node === entry.node) [h.held, h.used, h.idle] = [0, 0, undefined];
      for (const id of pending.keys()) if (index.ops.get(id)!.node === entry.node) pending.delete(id);
      return;
    }
    if (entry.kind === 'invoke' || entry.kind === 'complete') {
      const o = index.ops.get(entry.opId)!;
      const admission = admits(o.op, o.node, nodes);
      if (admission === undefined) return;
      const keys = admission.nodes.map((n) => keyOf(admission.account, admission.resource, n));
      if (entry.kind === 'invoke') pending.set(entry.opId, keys);
      else pending.delete(entry.opId);
      for (const h of holdings.values()) if (keys.includes(keyOf(h.account, h.resource, h.node))) settle(h, i, entry.timeNs);
      return;
    }
    if (entry.kind !== 'event') return;
    const e = entry.event;
    if (!('resource' in e) || e.resource === undefined || isRate(e.resource) || !('node' in e)) return;
    if (e.kind !== 'LeaseGranted' && e.kind !== 'LeaseRenewed' && e.kind !== 'LeaseReturned' && e.kind !== 'LeaseExpired' && e.kind !== 'Admitted' && e.kind !== 'Released') return;
    if (e.kind === 'LeaseExpired' && e.side !== 'holder') return;
    const h = holding(e.account, e.resource, e.node);
    if (e.kind === 'LeaseGranted') [h.held, h.termNs] = [h.held + e.amount, e.termNs];
    if (e.kind === 'LeaseRenewed') h.termNs = e.termNs;
    if (e.kind === 'LeaseReturned') h.held = Math.max(0, h.held - e.amount);
    if (e.kind === 'LeaseExpired') [h.held, h.used] = [0, 0];
    if (e.kind === 'Admitted') h.used += e.amount;
    if (e.kind === 'Released') h.used = Math.max(0, h.used - e.amount);
    // A grant or renewal restarts the clock only if the node then uses what it holds; renewing idle units does not.
    if (e.kind === 'LeaseGranted') h.idle = undefined;
    settle(h, i, entry.timeNs);
  });
  judge(index.history.length > 0 ? index.history[index.history.length - 1]!.timeNs : 0);
  return violations;
}
