// CrashedReadersNotAwaited: when a DSM `unavailable` is not justified. An owner waiting for the
// acknowledgements of its invalidations may give up only while one may still be needed; a reader
// that restarted after the invalidation was sent holds nothing (PROTOCOL.md, "Distributed shared
// memory", crashes; spec/dsm Restart counts its acknowledgement as received), so once the owner has
// heard from that reader's new incarnation, its acknowledgement is no longer awaited.
import type { History } from '../history.js';
import type { Violation } from './properties.js';

/** What the history shows of one node's hold on one page (reset when the node crashes). */
interface PageAtNode {
  /** Known from its events: it received the ownership or granted a copy, and has not transferred it since. */
  owner: boolean;
  /** Readers the node granted copies to since it last invalidated them (its copy set). */
  copyset: Set<string>;
  /** Readers invalidated and not yet acknowledged, with the history index of the latest invalidation. */
  awaited: Map<string, number>;
}

/**
 * Replays the history's DSM events node by node (ownership, copy grants, invalidations sent with an
 * upgrade or an ownership transfer, acknowledgements, crashes, restarts and which restarts each node
 * has heard of through a packet) and rejects every load or store answered `unavailable` at a node
 * that owned the page and awaited no acknowledgement a reader could still owe.
 */
export function checkCrashedReadersNotAwaited(history: History): Violation[] {
  const pages = new Map<string, PageAtNode>(); // by `${node} ${segment}/${page}`
  const at = (node: string, page: string): PageAtNode => {
    const key = `${node} ${page}`;
    let state = pages.get(key);
    if (state === undefined) pages.set(key, (state = { owner: false, copyset: new Set(), awaited: new Map() }));
    return state;
  };
  const restarts = new Map<string, { index: number; timeNs: number }[]>();
  /** `${node} ${peer}` → history index of the latest restart of peer that node has heard from. */
  const heard = new Map<string, number>();
  const invokes = new Map<number, { page: string; index: number; kind: string }>();
  const violations: Violation[] = [];

  history.forEach((entry, index) => {
    switch (entry.kind) {
      case 'crash':
        for (const [key] of pages) if (key.startsWith(`${entry.node} `)) pages.delete(key);
        return;
      case 'restart':
        restarts.set(entry.node, [...(restarts.get(entry.node) ?? []), { index, timeNs: entry.timeNs }]);
        return;
      case 'packet-delivered': {
        const restart = (restarts.get(entry.from) ?? []).filter((r) => r.timeNs <= entry.sentNs).at(-1);
        if (restart !== undefined) heard.set(`${entry.to} ${entry.from}`, Math.max(heard.get(`${entry.to} ${entry.from}`) ?? -1, restart.index));
        return;
      }
      case 'invoke':
        if (entry.op.kind === 'load' || entry.op.kind === 'store') invokes.set(entry.opId, { page: `${entry.op.segment}/${entry.op.page}`, index, kind: entry.op.kind });
        return;
      case 'event': {
        const e = entry.event;
        if (!('segment' in e) || !('page' in e) || typeof e.page !== 'number') return;
        const state = at(entry.node, `${e.segment}/${e.page}`);
        const invalidate = (readers: Iterable<string>) => {
          for (const reader of readers) if (reader !== entry.node) state.awaited.set(reader, index);
          state.copyset.clear();
        };
        switch (e.kind) {
          case 'CopyGranted':
            // Only an owner grants copies: this is how the first node shows it owns the page from boot.
            state.owner = true;
            state.copyset.add(e.to);
            return;
          case 'Fault':
            // An owner upgrading in place invalidates its copy set. (A fault of a node that does not
            // own the page may go to itself too: a centralized manager's node, a restarted node.)
            if (e.to === entry.node && state.owner) invalidate([...state.copyset]);
            return;
          case 'OwnershipReceived':
            state.owner = true;
            state.copyset.clear();
            invalidate(e.invalidating);
            return;
          case 'OwnershipTransferred':
            state.owner = false;
            state.copyset.clear();
            return;
          case 'InvalidationAcked':
            state.awaited.delete(e.from);
            return;
          default:
            return;
        }
      }
      case 'complete': {
        const invoked = invokes.get(entry.opId);
        if (invoked === undefined || entry.outcome.kind !== 'error' || entry.outcome.code !== 'unavailable') return;
        const state = at(entry.node, invoked.page);
        if (!state.owner) return;
        const owed = [...state.awaited].filter(([reader, sentIndex]) => (heard.get(`${entry.node} ${reader}`) ?? -1) < sentIndex);
        if (owed.length > 0) return;
        const excused = [...state.awaited.keys()];
        violations.push({
          property: 'CrashedReadersNotAwaited',
          message:
            `#${entry.opId} ${invoked.kind} of page ${invoked.page} on ${entry.node} failed with unavailable while ${entry.node} owned the page and owed no acknowledgement` +
            (excused.length > 0 ? `: ${excused.join(', ')} restarted after ${entry.node} invalidated ${excused.length > 1 ? 'them' : 'it'}, and ${entry.node} had heard from the new incarnation` : ''),
          timeNs: entry.timeNs,
          entries: [invoked.index, index],
        });
        return;
      }
      default:
        return;
    }
  });
  return violations;
}
