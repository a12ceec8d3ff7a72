// Distributed shared memory as Ivy does it (Li and Hudak, "Memory Coherence in Shared Virtual
// Memory Systems", 1989; spec/dsm/DSM.tla): page-based write-invalidate coherence. Every page has
// one owner, which keeps its copy set; a load without a right or a store without the write right
// faults, and the fault's request finds the owner through the manager algorithm the node runs
// (centralized, fixed distributed, or dynamic distributed with probable-owner hints). Pure
// functions over one node's state record: messages leave through `send`, and the kernel carries
// them on its reliable link (exactly once, in order per pair of node incarnations).
import type { Operation } from '../../../conformance/protocol/index.js';
import type { NodeId, Pid } from '../ids.js';
import type { StepContext } from '../step-context.js';

export const dsmManagers = ['centralized', 'fixed', 'dynamic'] as const;
export type DsmManager = (typeof dsmManagers)[number];

/** A page of shared memory, as the cost model sees it (the wire carries only its integer). */
export const PAGE_BYTES = 4096;
/** CPU cost of taking a fault (the trap and the handler that builds the request), in cycles. */
export const FAULT_CYCLES = 20_000;

type Access = 'none' | 'read' | 'write';
type FaultAccess = 'read' | 'write';

/** What DSM kernels send one another (carried by the reliable link). */
export type DsmMessage =
  /**
   * A fault's request; `toManager`: it goes to the page's manager, which forwards it to the owner it
   * records. `fault` names the requester's fault, and comes back with the copy. `relearned`: a node
   * where its hints led nowhere has re-learned the owner for it once already.
   */
  | { kind: 'request'; segment: string; page: number; access: FaultAccess; requester: NodeId; toManager: boolean; hops: number; fault: string; relearned?: true }
  | { kind: 'copy'; segment: string; page: number; value: number; version: number; fault: string }
  | { kind: 'ownership'; segment: string; page: number; value: number; version: number; copyset: CopysetEntry[] }
  /** `faults`: the faults the reader was sent copies for; one of them may still be on its way. */
  | { kind: 'invalidate'; segment: string; page: number; faults: string[] }
  | { kind: 'ack'; segment: string; page: number }
  /** The request reached a node that owned the page when it crashed: the page is lost (spec/dsm Crash). */
  | { kind: 'lost'; segment: string; page: number }
  /** The request reached a node that neither owns the page nor could learn who does: the fault gives up, `unavailable`. */
  | { kind: 'unreachable'; segment: string; page: number }
  /** Owner recovery: a restarted node that knows no owner asks every other node whether it owns the page. */
  | { kind: 'whoOwns'; segment: string; page: number }
  | { kind: 'owns'; segment: string; page: number; owns: boolean; lost: boolean };

type Request = Extract<DsmMessage, { kind: 'request' }>;
/** A reader in a copy set, and the faults it was sent copies for since it was last invalidated. */
type CopysetEntry = [NodeId, string[]];
type MemoryOp = Extract<Operation, { kind: 'load' | 'store' }>;

interface PageState {
  segment: string;
  page: number;
  access: Access;
  /** Meaningful while access is not none. */
  value: number;
  version: number;
  owner: boolean;
  /**
   * At the owner: the nodes holding read copies, each with the faults its copies were for. A reader
   * waits for its copy before acknowledging an invalidation only if its pending fault is one of them.
   */
  copyset: Map<NodeId, string[]>;
  probOwner: NodeId;
  /** At the page's manager (centralized, fixed): the owner it records. */
  managerRecord: NodeId;
  /** This node's fault on the page, until it is served or gives up; `id` is unique across the node's incarnations. */
  fault: { access: FaultAccess; timerId: string; id: string } | undefined;
  /** At the owner taking the write right: the nodes whose acknowledgement it waits for. */
  waitAcks: Set<NodeId>;
  /** Requests that reached this node while it waits for the ownership or for acknowledgements (Ivy queues them). */
  queued: Request[];
  /** An invalidation that arrived while a read copy may be on its way: acknowledged once the copy is in and used. */
  invalidatedBy: NodeId | undefined;
  /** Loads and stores issued here, served in order. */
  waiting: { opId: number; op: MemoryOp }[];
  /** Owner recovery under way: the nodes yet to answer, and the requests that wait for the owner's name. */
  recovery: { unanswered: Set<NodeId>; requests: Request[] } | undefined;
  /** This node owned the page when an earlier incarnation crashed: the page is lost, for good (spec/dsm Crash, LostPagesFrozen). */
  lost: boolean;
}

export interface DsmState {
  readonly manager: DsmManager;
  readonly node: NodeId;
  readonly nodes: readonly NodeId[];
  /** A restarted node (incarnation > 0) owns nothing: what it owned was lost in its crash. */
  readonly incarnation: number;
  /** What the node persisted, by key (`ownedKey`): whether it owned each page when it last changed hands here. */
  readonly durable: Readonly<Record<string, unknown>>;
  /** Segments each local process attached, with their page counts. */
  readonly attached: Map<Pid, Map<string, number>>;
  readonly pages: Map<string, PageState>;
  readonly timers: Map<string, string>;
  nextTimer: number;
  /** Messages to this node itself, handled before the step ends. */
  readonly local: DsmMessage[];
}

/** How the kernel carries a message to another node. */
export type DsmSend = (to: NodeId, message: DsmMessage) => void;

export const dsmTimerPrefix = 'dsm/';

export function emptyDsmState(manager: DsmManager, node: NodeId, nodes: readonly NodeId[], incarnation: number, durable: Readonly<Record<string, unknown>>): DsmState {
  return { manager, node, nodes, incarnation, durable, attached: new Map(), pages: new Map(), timers: new Map(), nextTimer: 0, local: [] };
}

/**
 * Whether a node owns a page is persisted each time the ownership comes or goes, so that a
 * restarted node knows which pages died with it: the one reliable sign of a lost page (a request
 * whose hints loop back to its requester is none: a restarted node's hints are guesses, and the
 * owner may only be cut off).
 */
function ownedKey(segment: string, page: number): string {
  return `dsm/owned/${segment}/${page}`;
}

function persistOwned(ctx: StepContext, ps: PageState, owned: boolean): void {
  ctx.persist(ownedKey(ps.segment, ps.page), owned);
}

/** The node a fault's request goes to first under the centralized and fixed managers. */
export function managerOf(manager: DsmManager, nodes: readonly NodeId[], page: number): NodeId {
  return manager === 'fixed' ? nodes[(page - 1) % nodes.length]! : nodes[0]!;
}

function pageState(state: DsmState, segment: string, page: number): PageState {
  const key = `${segment}/${page}`;
  let ps = state.pages.get(key);
  if (ps === undefined) {
    // The first node owns every page at first, holding 0 with the write right (spec/dsm Init); a
    // restarted first node owns nothing and knows no owner (its hint is itself): it recovers the owner.
    // Nothing persisted: the page never changed hands here, so the first node still owned it.
    const initialOwner = state.node === state.nodes[0];
    const owner = initialOwner && state.incarnation === 0;
    const ownedAtCrash = state.incarnation > 0 && ((state.durable[ownedKey(segment, page)] as boolean | undefined) ?? initialOwner);
    ps = {
      segment, page, access: owner ? 'write' : 'none', value: 0, version: 0, owner, copyset: new Map(),
      probOwner: state.nodes[0]!, managerRecord: state.nodes[0]!, fault: undefined, waitAcks: new Set(), queued: [], invalidatedBy: undefined, waiting: [], recovery: undefined,
      lost: ownedAtCrash,
    };
    state.pages.set(key, ps);
  }
  return ps;
}

// ---- operations ---------------------------------------------------------------------------------

export function dsmAttach(state: DsmState, ctx: StepContext, opId: number, op: Extract<Operation, { kind: 'attach' }>, runsHere: boolean): void {
  if (!runsHere) return ctx.fail(opId, 'not_found', `process ${op.pid} does not run on node ${state.node}; issue attach where it runs`);
  const segments = state.attached.get(op.pid) ?? new Map<string, number>();
  state.attached.set(op.pid, segments);
  segments.set(op.segment, op.pages);
  ctx.reply(opId, {});
}

export function dsmMemoryOp(state: DsmState, ctx: StepContext, send: DsmSend, opId: number, op: MemoryOp): void {
  const pages = state.attached.get(op.pid)?.get(op.segment);
  if (pages === undefined) return ctx.fail(opId, 'not_found', `process ${op.pid} on node ${state.node} has not attached segment '${op.segment}'`);
  if (op.page > pages) return ctx.fail(opId, 'bad_request', `segment '${op.segment}' has pages 1..${pages}; there is no page ${op.page}`);
  const ps = pageState(state, op.segment, op.page);
  ps.waiting.push({ opId, op });
  serveWaiting(state, ctx, send, ps);
  drainLocal(state, ctx, send);
}

/** Serves the loads and stores waiting on a page, in order, as far as the node's right allows; faults for the first it cannot. */
function serveWaiting(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState): void {
  for (let head = ps.waiting[0]; head !== undefined; head = ps.waiting[0]) {
    const { opId, op } = head;
    const { segment, page } = ps;
    if (op.kind === 'load' && ps.access !== 'none') {
      ctx.event({ kind: 'Loaded', segment, page, value: ps.value, version: ps.version });
      ctx.reply(opId, { value: ps.value, version: ps.version });
    } else if (op.kind === 'store' && (ps.access === 'write' || (ps.access === 'read' && ctx.mutantIs('dsm-store-on-read-copy')))) {
      ps.value = op.value;
      ps.version++;
      ctx.event({ kind: 'Stored', segment, page, value: ps.value, version: ps.version });
      ctx.reply(opId, { version: ps.version });
    } else {
      if (ps.fault === undefined) startFault(state, ctx, send, ps, op.kind === 'load' ? 'read' : 'write');
      return;
    }
    ps.waiting.shift();
  }
}

function startFault(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, access: FaultAccess): void {
  const timerId = `${dsmTimerPrefix}${state.nextTimer}`;
  state.timers.set(timerId, `${ps.segment}/${ps.page}`);
  ps.fault = { access, timerId, id: `${state.incarnation}.${state.nextTimer++}` };
  ctx.cost.cycles += FAULT_CYCLES;
  ctx.setTimer(timerId, ctx.params.callTimeoutNs);
  if (ps.owner) {
    // An owner holding a read copy upgrades in place: it invalidates its copy set.
    ctx.event({ kind: 'Fault', segment: ps.segment, page: ps.page, access, to: state.node });
    return invalidateCopyset(state, ctx, send, ps, ctx.mutantIs('dsm-upgrade-skips-invalidation') ? [] : [...ps.copyset]);
  }
  const toManager = state.manager !== 'dynamic';
  const to = toManager ? managerOf(state.manager, state.nodes, ps.page) : ps.probOwner;
  ctx.event({ kind: 'Fault', segment: ps.segment, page: ps.page, access, to });
  if (ps.lost) return handle(state, ctx, send, state.node, { kind: 'lost', segment: ps.segment, page: ps.page });
  sendTo(state, send, to, { kind: 'request', segment: ps.segment, page: ps.page, access, requester: state.node, toManager, hops: 0, fault: ps.fault.id });
}

// ---- messages -------------------------------------------------------------------------------------

export function dsmOnMessage(state: DsmState, ctx: StepContext, send: DsmSend, from: NodeId, message: DsmMessage): void {
  handle(state, ctx, send, from, message);
  drainLocal(state, ctx, send);
}

function drainLocal(state: DsmState, ctx: StepContext, send: DsmSend): void {
  for (let m = state.local.shift(); m !== undefined; m = state.local.shift()) handle(state, ctx, send, state.node, m);
}

function sendTo(state: DsmState, send: DsmSend, to: NodeId, message: DsmMessage): void {
  if (to === state.node) state.local.push(message);
  else send(to, message);
}

function handle(state: DsmState, ctx: StepContext, send: DsmSend, from: NodeId, m: DsmMessage): void {
  const ps = pageState(state, m.segment, m.page);
  const { segment, page } = ps;
  switch (m.kind) {
    case 'request':
      return onRequest(state, ctx, send, ps, m);
    case 'copy': {
      // The copy of a fault that gave up is not used, not even by a later fault: it may be older than
      // a write since (spec/dsm EndUnserved). An invalidation to come finds nothing.
      if (ps.fault?.access !== 'read' || (ps.fault.id !== m.fault && !ctx.mutantIs('dsm-copy-for-any-read-fault'))) return;
      Object.assign(ps, { access: 'read', value: m.value, version: m.version, probOwner: from });
      endFault(state, ctx, ps);
      ctx.event({ kind: 'FaultServed', segment, page, access: 'read' });
      serveWaiting(state, ctx, send, ps);
      if (ps.invalidatedBy !== undefined) {
        // The invalidation overtook this copy: the copy served what waited for it, and is given up now.
        const by = ps.invalidatedBy;
        ps.invalidatedBy = undefined;
        if (ctx.mutantIs('dsm-late-copy-kept')) sendTo(state, send, by, { kind: 'ack', segment, page });
        else invalidate(state, ctx, send, ps, by);
      }
      return;
    }
    case 'ownership': {
      if (ps.fault?.access !== 'write' && ctx.mutantIs('dsm-late-ownership-dropped')) return; // the bug: taken for a stray answer to a fault that gave up
      Object.assign(ps, { owner: true, access: 'read', probOwner: state.node, copyset: new Map<NodeId, string[]>() });
      persistOwned(ctx, ps, true);
      if (!ctx.mutantIs('dsm-upgrade-keeps-own-copy')) Object.assign(ps, { value: m.value, version: m.version });
      const invalidating = m.copyset.filter(([n]) => n !== state.node);
      ctx.event({ kind: 'OwnershipReceived', segment, page, from, invalidating: invalidating.map(([n]) => n) });
      sendInvalidations(state, send, ps, invalidating);
      // The answer to a write fault that gave up may find a read fault pending: the page serves it
      // (spec/dsm OwnershipReceived; the event reports it, no FaultServed).
      if (ps.fault?.access === 'read') {
        endFault(state, ctx, ps);
        serveWaiting(state, ctx, send, ps);
      }
      return grantIfAcknowledged(state, ctx, send, ps);
    }
    case 'invalidate':
      // A copy for the pending fault may be on its way: acknowledge once it is in. A copy of another
      // fault (a crashed incarnation's, one that gave up) will not serve it: waiting would deadlock
      // with the owner, which serves nothing until acknowledged (spec/dsm Invalidated).
      if (ps.access === 'none' && ps.fault?.access === 'read' && (m.faults.includes(ps.fault.id) || ctx.mutantIs('dsm-invalidation-waits-for-any-copy')) && !ctx.mutantIs('dsm-ack-invalidation-at-once')) {
        ps.invalidatedBy = from;
        return;
      }
      return invalidate(state, ctx, send, ps, from);
    case 'ack':
      // An invalidation counted as acknowledged when its reader restarted is not acknowledged twice.
      // The `dsm-ack-matched-by-node-only` bug takes an acknowledgement for every page that waits for its sender.
      if (ctx.mutantIs('dsm-ack-matched-by-node-only')) for (const other of state.pages.values()) if (other !== ps && other.waitAcks.delete(from) && other.waitAcks.size === 0 && other.owner) grantWrite(state, ctx, send, other);
      if (!ps.waitAcks.delete(from)) return;
      ctx.event({ kind: 'InvalidationAcked', segment, page, from });
      if ((ps.waitAcks.size === 0 || (ps.waitAcks.size === 1 && ctx.mutantIs('dsm-grant-one-ack-short'))) && ps.owner) grantWrite(state, ctx, send, ps);
      return;
    case 'lost': {
      if (ps.fault === undefined) return;
      endFault(state, ctx, ps);
      ctx.event({ kind: 'PageLost', segment, page });
      for (const { opId } of ps.waiting.splice(0)) ctx.fail(opId, 'page_lost', `page ${page} of segment '${segment}' has no owner: it was lost in a crash`);
      return;
    }
    case 'unreachable':
      if (ps.fault !== undefined) giveUp(state, ctx, send, ps, `page ${page} of segment '${segment}': its request reached a node that knows no owner and found none`);
      return;
    case 'whoOwns':
      return sendTo(state, send, from, { kind: 'owns', segment, page, owns: ps.owner, lost: ps.lost });
    case 'owns':
      if (ps.recovery === undefined || !ps.recovery.unanswered.delete(from)) return;
      if (m.lost) ps.lost = true;
      if (m.owns || m.lost) return recovered(state, ctx, send, ps, m.owns ? from : undefined);
      if (ps.recovery.unanswered.size === 0) return recovered(state, ctx, send, ps, undefined);
      return;
  }
}

/** A restarted node that owns a page it never received knows no owner of it: its hint is itself (the first node's boot hint). */
function knowsNoOwner(state: DsmState, ps: PageState): boolean {
  return state.incarnation > 0 && !ps.owner && ps.probOwner === state.node;
}

/**
 * Owner recovery (Li and Hudak's managers after a manager's failure; spec/dsm OwnerRecovered): a
 * request that needs the owner of a page this node knows nothing of, or whose hints led nowhere
 * (`relearn`), waits while the node asks every other node whether it owns the page. The link re-sends to a node that is down, so the answers come
 * once it runs again; an answer from a crashed incarnation is dropped with it.
 */
function recover(state: DsmState, send: DsmSend, ps: PageState, m: Request): void {
  if (ps.recovery === undefined) {
    const others = state.nodes.filter((n) => n !== state.node);
    ps.recovery = { unanswered: new Set(others), requests: [] };
    for (const n of others) sendTo(state, send, n, { kind: 'whoOwns', segment: ps.segment, page: ps.page });
  }
  ps.recovery.requests.push(m);
}

/**
 * Recovery ends: the owner found becomes the hint (and the manager's record, if it names this node)
 * and the waiting requests follow it. No node owning the page is no evidence that it is lost (its
 * ownership may have been travelling between two nodes while they were asked): they give up.
 */
function recovered(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, owner: NodeId | undefined): void {
  const requests = ps.recovery?.requests ?? [];
  ps.recovery = undefined;
  if (owner !== undefined) {
    ps.probOwner = owner;
    if (ps.managerRecord === state.node) ps.managerRecord = owner;
  }
  for (const m of requests) {
    if (owner === undefined) sendTo(state, send, m.requester, { kind: ps.lost || ctx.mutantIs('dsm-empty-survey-declares-lost') ? 'lost' : 'unreachable', segment: ps.segment, page: ps.page });
    else forward(state, ctx, send, ps, m);
  }
}

function onRequest(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, m: Request): void {
  const { segment, page } = ps;
  if (m.toManager) {
    const to = ps.managerRecord;
    if (m.access === 'write') ps.managerRecord = m.requester;
    ctx.event({ kind: 'RequestForwarded', segment, page, requester: m.requester, to, byManager: true });
    return sendTo(state, send, to, { ...m, toManager: false });
  }
  if (ps.lost) return sendTo(state, send, m.requester, { kind: 'lost', segment, page });
  if (m.requester === state.node && !ps.owner) {
    // A request that never left, from a node that knows no owner (a restarted first node), waits for
    // the owner's name. One that the hints led back to its requester shows that no chain from here
    // reaches an owner now (a loop through a restarted node's guessed hints, or an owner cut off):
    // the requester re-learns the owner, once (no loss is concluded either way).
    if (m.hops === 0 && knowsNoOwner(state, ps)) return recover(state, send, ps, { ...m, relearned: true });
    if (ps.fault?.access === m.access) relearn(state, send, ps, m);
    return;
  }
  const waitingForOwnership = !ps.owner && ps.fault?.access === 'write';
  if ((ps.owner && ps.waitAcks.size > 0 && !(ctx.mutantIs('dsm-read-served-mid-upgrade') && m.access === 'read')) || waitingForOwnership) {
    ps.queued.push(m); // served once this node holds the page with the write right
    return;
  }
  if (ps.owner || (ctx.mutantIs('dsm-reader-serves-copy') && m.access === 'read' && ps.access === 'read')) return serveRequest(state, ctx, send, ps, m);
  // Without crashes a hint chain reaches the owner within NumNodes hops (spec/dsm HintsReachOwner);
  // a restarted node's hints may loop (past the hop bound the node re-learns the owner: that shows
  // no loss), and one that knows nothing recovers the owner first.
  if (m.hops >= 2 * state.nodes.length || (ps.probOwner === state.node && !knowsNoOwner(state, ps))) return relearn(state, send, ps, m);
  if (knowsNoOwner(state, ps)) return recover(state, send, ps, m);
  forward(state, ctx, send, ps, m);
}

/**
 * A request met hints that lead nowhere here (it came back to its requester, or passed the hop
 * bound): this node re-learns the owner by asking every node (spec/dsm OwnerRecovered, which
 * Relearning makes eventual) and forwards the request to it, so a loop of hints through a
 * restarted node is repaired instead of failing every fault of its nodes for good. Once per
 * request: if the new hints lead nowhere again (the page moving on under failures), it gives up.
 */
function relearn(state: DsmState, send: DsmSend, ps: PageState, m: Request): void {
  if (m.relearned === true) return sendTo(state, send, m.requester, { kind: 'unreachable', segment: ps.segment, page: ps.page });
  recover(state, send, ps, { ...m, hops: 0, relearned: true });
}

/** A node that is not the owner passes a request on along its hint; forwarding another's write request points the hint at its requester. */
function forward(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, m: Request): void {
  const { segment, page } = ps;
  const to = ps.probOwner;
  if (state.manager === 'dynamic' && m.requester !== state.node && (m.access === 'write' || ctx.mutantIs('dsm-read-forward-moves-hint'))) ps.probOwner = m.requester;
  ctx.event({ kind: 'RequestForwarded', segment, page, requester: m.requester, to, byManager: false });
  sendTo(state, send, to, { ...m, hops: m.hops + 1 });
}

function serveRequest(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, m: Request): void {
  const { segment, page } = ps;
  // This node's own request from a fault that gave up, arriving after the page came here anyway.
  if (m.requester === state.node) return;
  if (m.access === 'read') {
    if (ps.access === 'write' || !ctx.mutantIs('dsm-second-reader-not-recorded')) ps.copyset.set(m.requester, [...(ps.copyset.get(m.requester) ?? []), m.fault]);
    if (ps.access === 'write' && !ctx.mutantIs('dsm-owner-keeps-write-on-share')) ps.access = 'read';
    ctx.event({ kind: 'CopyGranted', segment, page, to: m.requester });
    ctx.cost.wireBytes += PAGE_BYTES;
    return sendTo(state, send, m.requester, { kind: 'copy', segment, page, value: ps.value, version: ps.version, fault: m.fault });
  }
  const copyset = ctx.mutantIs('dsm-copyset-dropped') ? [] : [...ps.copyset].filter(([n]) => n !== m.requester);
  ctx.event({ kind: 'OwnershipTransferred', segment, page, to: m.requester, copyset: copyset.map(([n]) => n) });
  ctx.cost.wireBytes += PAGE_BYTES;
  sendTo(state, send, m.requester, { kind: 'ownership', segment, page, value: ps.value, version: ps.version, copyset });
  persistOwned(ctx, ps, false);
  Object.assign(ps, { owner: false, access: ctx.mutantIs('dsm-old-owner-keeps-mapping') ? 'read' : 'none', copyset: new Map<NodeId, string[]>() });
  if (!ctx.mutantIs('dsm-hint-not-updated')) ps.probOwner = m.requester;
}

function invalidateCopyset(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, readers: CopysetEntry[]): void {
  sendInvalidations(state, send, ps, readers);
  grantIfAcknowledged(state, ctx, send, ps);
}

function sendInvalidations(state: DsmState, send: DsmSend, ps: PageState, readers: CopysetEntry[]): void {
  ps.copyset.clear();
  // Added to those of an upgrade that gave up: its readers may still hold copies (spec/dsm WriteFault).
  ps.waitAcks = new Set([...ps.waitAcks, ...readers.map(([n]) => n)]);
  for (const [n, faults] of readers) sendTo(state, send, n, { kind: 'invalidate', segment: ps.segment, page: ps.page, faults });
}

/** Not while an acknowledgement is awaited, of these invalidations or of an upgrade's that gave up (spec/dsm WriteGranted). */
function grantIfAcknowledged(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState): void {
  if (ps.waitAcks.size === 0 || ctx.mutantIs('dsm-write-before-acks')) grantWrite(state, ctx, send, ps);
}

/**
 * Every acknowledgement is in: for a write fault, the write right and the stores that waited for it
 * (without one, the owner keeps its read right: spec/dsm WriteGranted); then the requests that queued here.
 */
function grantWrite(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState): void {
  if (ps.fault?.access === 'write') {
    ps.access = 'write';
    endFault(state, ctx, ps);
    ctx.event({ kind: 'FaultServed', segment: ps.segment, page: ps.page, access: 'write' });
    serveWaiting(state, ctx, send, ps);
  }
  for (const request of ps.queued.splice(0)) if (!ctx.mutantIs('dsm-queued-requests-dropped')) onRequest(state, ctx, send, ps, request);
}

function invalidate(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, by: NodeId): void {
  if (!ctx.mutantIs('dsm-invalidation-keeps-copy') && !ps.owner) ps.access = 'none';
  if (!ctx.mutantIs('dsm-invalidation-keeps-hint')) ps.probOwner = by;
  ctx.event({ kind: 'Invalidated', segment: ps.segment, page: ps.page, by });
  sendTo(state, send, by, { kind: 'ack', segment: ps.segment, page: ps.page });
}

function endFault(state: DsmState, ctx: StepContext, ps: PageState): void {
  if (ps.fault !== undefined && !ctx.mutantIs('dsm-fault-timer-not-cancelled')) state.timers.delete(ps.fault.timerId);
  ps.fault = undefined;
}

/**
 * `peer` restarted: it holds nothing, and the link dropped what was on its way to its dead
 * incarnation. Invalidations it had not acknowledged count as acknowledged (PROTOCOL.md: a reader
 * that crashed holds nothing).
 */
export function dsmOnPeerRestarted(state: DsmState, ctx: StepContext, send: DsmSend, peer: NodeId): void {
  if (ctx.mutantIs('dsm-crashed-reader-never-acks')) return;
  for (const ps of state.pages.values()) {
    // The `dsm-restart-acks-every-reader` bug counts every awaited acknowledgement of the page as in when one reader restarts.
    if (ps.waitAcks.has(peer)) for (const from of ctx.mutantIs('dsm-restart-acks-every-reader') ? [...ps.waitAcks] : [peer]) handle(state, ctx, send, from, { kind: 'ack', segment: ps.segment, page: ps.page });
  }
  drainLocal(state, ctx, send);
}

// ---- timers -------------------------------------------------------------------------------------

/** A fault unanswered for callTimeoutNs gives up: what waited for it fails with `unavailable` (a store may yet take effect). */
export function dsmOnTimer(state: DsmState, ctx: StepContext, send: DsmSend, timerId: string): void {
  const key = state.timers.get(timerId);
  if (key === undefined) return;
  const ps = state.pages.get(key)!;
  giveUp(state, ctx, send, ps, `page ${ps.page} of segment '${ps.segment}': no answer to its fault within ${ctx.params.callTimeoutNs} ns`);
  drainLocal(state, ctx, send);
}

/** The fault ends unserved: what waited for it fails with `unavailable` (a store may yet take effect). */
function giveUp(state: DsmState, ctx: StepContext, send: DsmSend, ps: PageState, why: string): void {
  endFault(state, ctx, ps);
  if (ctx.mutantIs('dsm-give-up-forgets-acks')) ps.waitAcks.clear(); // the bug: readers it invalidated may still hold copies
  for (const { opId } of ps.waiting.splice(0)) ctx.fail(opId, 'unavailable', why);
  if (ps.invalidatedBy !== undefined && !ctx.mutantIs('dsm-give-up-forgets-invalidation')) {
    const by = ps.invalidatedBy;
    ps.invalidatedBy = undefined;
    invalidate(state, ctx, send, ps, by);
  }
}
