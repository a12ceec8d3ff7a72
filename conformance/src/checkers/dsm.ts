// The DSM properties on a run's history: the loads and stores the suite issued, with what they
// returned, handed to the consistency checker (dsm-memory.ts). A load that failed returned nothing;
// a store that failed definitely never happened; a store whose answer never came (its node crashed,
// an indefinite error) may or may not have happened, and the checker allows both.
import type { History } from '../history.js';
import { HistoryIndex, type IndexedOp } from './history-index.js';
import { checkMemory } from './dsm-memory.js';
import type { MemoryOp } from './dsm-sequential.js';
import type { PropertyName, Violation } from './properties.js';
import type { CheckContext } from './check-history.js';

/** Pages hold 0 until stored (PROTOCOL.md, feature dsm). */
const INITIAL_VALUE = 0;

export interface DsmCheck {
  violations: Violation[];
  /** Set when a property could be decided neither way (a search past its budget, versions missing). */
  unknown?: string;
}

export function checkDsmHistory(history: History, asserted: readonly PropertyName[], maxStepsPerPage?: number): DsmCheck {
  const linearizable = asserted.includes('PageLinearizable');
  const sequential = asserted.includes('SequentiallyConsistent');
  if (!linearizable && !sequential) return { violations: [] };
  const { ops, sources } = memoryOps(new HistoryIndex(history));
  const verdict = checkMemory(ops, { initial: INITIAL_VALUE, ...(maxStepsPerPage === undefined ? {} : { maxStepsPerPage }) });
  const violations: Violation[] = [];
  const unknown: string[] = [];
  const entries = (indices: number[]) => indices.flatMap((i) => [sources[i]!.invokeIndex, ...(sources[i]!.completeIndex === undefined ? [] : [sources[i]!.completeIndex!])]);
  if (linearizable) {
    for (const { page, verdict: v } of verdict.pages) {
      if (v.kind === 'unknown') unknown.push(`page ${page}: ${v.reason}`);
      if (v.kind !== 'not-linearizable') continue;
      const prefix = v.longestPrefix.slice(-4).map((i) => describe(ops[i]!, sources[i]!)).join(', ');
      violations.push({
        property: 'PageLinearizable',
        message: `page ${page} behaves as no single register: ${describe(ops[v.blocked]!, sources[v.blocked]!)} cannot be placed after any order that explains what came before it (the longest such order has ${v.longestPrefix.length} operations${prefix ? `, ending ${prefix}` : ''})`,
        timeNs: sources[v.blocked]!.completeNs,
        entries: entries([...v.longestPrefix.slice(-4), v.blocked]),
      });
    }
  }
  if (sequential) {
    const v = verdict.sequential;
    switch (v.kind) {
      case 'sequentially-consistent':
        break;
      case 'unknown':
        unknown.push(v.reason);
        break;
      case 'invalid-read':
        violations.push({ property: 'SequentiallyConsistent', message: `${v.message}: ${v.ops.map((i) => describe(ops[i]!, sources[i]!)).join('; ')}`, timeNs: sources[v.ops.at(-1)!]!.completeNs, entries: entries(v.ops) });
        break;
      case 'cycle': {
        const steps = v.ops.map((i, k) => `${describe(ops[i]!, sources[i]!)} —${v.edges[k]}→`).join(' ');
        violations.push({
          property: 'SequentiallyConsistent',
          message: `no single order of all loads and stores explains the run; a cycle: ${steps} back to the first`,
          timeNs: Math.max(...v.ops.map((i) => sources[i]!.completeNs ?? sources[i]!.invokeNs)),
          entries: entries(v.ops),
        });
        break;
      }
    }
  }
  return { violations, ...(unknown.length > 0 && violations.length === 0 ? { unknown: unknown.join('; ') } : {}) };
}

/**
 * Like CallsComplete for calls: without faults nothing excuses a load or store that failed or was
 * never answered (a fault gives up only after its timeout, and a prompt one is served in time). When
 * the only faults are crashes each followed by a restart, and windows of slow (not lost) messages,
 * the same holds for those issued once they are over, on pages that survived (spec/dsm
 * EveryFaultServedOnceRecovered: a restarted node recovers the owners it forgot; a reader whose copy
 * came after its fault gave up still acknowledged its invalidation).
 */
export function checkEveryFaultServed(index: HistoryIndex, context: CheckContext): Violation[] {
  const { faultFree, recovered } = context;
  if (!faultFree && recovered === undefined) return [];
  const lost = faultFree ? () => false : lostPages(index.history, recovered!.firstNode);
  const when = faultFree ? 'in a run without faults' : `although it was issued after every node ran again and no message was slow any more (${recovered!.atNs} ns) and its page survived`;
  return [...index.opsOf('load'), ...index.opsOf('store')]
    .filter((o) => o.outcome?.kind !== 'ok' && (faultFree || (o.invokeNs > recovered!.atNs && !lost(`${o.op.segment}/${o.op.page}`))))
    .map((o) => ({
      property: 'EveryFaultServed' as const,
      message: `#${o.opId} ${o.op.kind} of page ${o.op.page} of segment '${o.op.segment}' by ${o.op.pid} ${o.outcome === undefined ? 'was never answered' : o.outcome.kind === 'error' ? `failed with ${o.outcome.code}: ${o.outcome.text}` : 'was lost'} ${when}`,
      timeNs: o.completeNs ?? o.invokeNs,
      entries: [o.invokeIndex, ...(o.completeIndex === undefined ? [] : [o.completeIndex])],
    }));
}

/**
 * Whether a page (`segment/page`) was lost with its owner: the first node owns every page until its
 * OwnershipTransferred names the next owner (the one it travels to), and a crash of the owner loses it.
 */
function lostPages(history: History, firstNode: string): (page: string) => boolean {
  const owner = new Map<string, string>();
  const lost = new Set<string>();
  let firstNodeCrashed = false; // then every page it never gave away is lost
  for (const e of history) {
    if (e.kind === 'event' && e.event.kind === 'OwnershipTransferred') {
      const page = `${e.event.segment}/${e.event.page}`;
      if (!owner.has(page) && firstNodeCrashed) lost.add(page);
      owner.set(page, e.event.to);
    }
    if (e.kind !== 'crash') continue;
    firstNodeCrashed ||= e.node === firstNode;
    for (const [page, node] of owner) if (node === e.node) lost.add(page);
  }
  return (page) => lost.has(page) || (firstNodeCrashed && !owner.has(page));
}

/** The loads and stores of the history as the checker's operations, each with the history op it came from. */
export function memoryOps(index: HistoryIndex): { ops: MemoryOp[]; sources: IndexedOp[] } {
  const ops: MemoryOp[] = [];
  const sources: IndexedOp[] = [];
  for (const source of index.ops.values()) {
    const { op, outcome } = source;
    if (op.kind !== 'load' && op.kind !== 'store') continue;
    const page = `${op.segment}/${op.page}`;
    const base = { process: op.pid, page, invokeNs: source.invokeNs };
    if (outcome?.kind === 'ok') {
      const reply = outcome.value as { value?: number; version: number };
      ops.push(op.kind === 'load' ? { ...base, kind: 'read', value: reply.value!, version: reply.version, completeNs: source.completeNs! } : { ...base, kind: 'write', value: op.value, version: reply.version, completeNs: source.completeNs! });
    } else if (op.kind === 'store' && !(outcome?.kind === 'error' && outcome.definite)) {
      ops.push({ ...base, kind: 'write', value: op.value });
    } else continue;
    sources.push(source);
  }
  return { ops, sources };
}

function describe(op: MemoryOp, source: IndexedOp): string {
  const version = op.version === undefined ? 'no answer' : `version ${op.version}`;
  return `#${source.opId} ${op.kind === 'read' ? 'load' : 'store'} by ${op.process} on ${source.node} (${op.value}, ${version})`;
}
