// Process migration, one node's share (spec/migration): the source's copy rounds, freeze, commit
// and post-copy serving; the destination's incoming copy, activation and post-copy faults; the
// forwarding pointers a process leaves behind. Costs go to the hardware models: every copy is a
// packet of its pages' bytes on the simulated wire, so rounds, downtime and total time come out
// of the network's bandwidth and latency; the pages the process's own work dirties meanwhile come
// from the hardware models' dirtying model (memory size and dirty rate are the spawn's `memory`).
import { XEN_PRECOPY_POLICY, pagesDirtiedIn, type PreCopyPolicy } from '../../../hardware-models/src/index.js';
import type { Capability, MigrationMode, Operation } from '../../../conformance/protocol/index.js';
import type { JsonValue, NodeId, Pid } from '../ids.js';
import type { KernelResponse, LinkBody } from '../packets.js';
import type { StepContext } from '../step-context.js';
import { admitMessage, imageFromState, imageState, newImage, pageValue, type ImageState, type MessageBody, type ProcessImage } from './image.js';
import type { MigrationControl, MigrationPacket, MovedDedup, PageValues } from './migration-packets.js';

/** What migration needs from the rest of the kernel. */
export interface MigrationHost {
  isLive(pid: Pid): boolean;
  setLive(pid: Pid, live: boolean): void;
  linkSend(ctx: StepContext, node: NodeId, body: LinkBody): void;
  /** Hands a message to a live process here (through its mailbox order). */
  deliver(ctx: StepContext, message: MessageBody): void;
  takeDedup(ctx: StepContext, pid: Pid): MovedDedup;
  adoptDedup(ctx: StepContext, dedup: MovedDedup): void;
  homeNode(pid: Pid): NodeId | undefined;
  /** Sends a memory operation after the process to `node`; `respond` gets the answer. */
  requestMemory(ctx: StepContext, node: NodeId, pid: Pid, access: MemoryAccess, respond: Respond): void;
  /** The account a process is charged to here (its spawn's capability), which moves with it. */
  chargeOf(pid: Pid): Capability | undefined;
  /** Charges an arriving process here, before it is prepared: `answer` gets undefined, or why not. */
  admitCharge(ctx: StepContext, pid: Pid, cap: Capability, answer: (ctx: StepContext, refusal: string | undefined) => void): void;
  /** The process's charge here ends: it left (commit), or will not arrive (abort). */
  dropCharge(ctx: StepContext, pid: Pid): void;
  /** A process runs here again (its move aborted) or arrived (switched): stopped if its charge here ran out meanwhile. */
  resumed(ctx: StepContext, pid: Pid): void;
}

export type Respond = (ctx: StepContext, response: KernelResponse) => void;
export interface MemoryAccess {
  page: number;
  write?: { value: JsonValue };
}

/** How this kernel migrates: an implementation's choice, not the protocol's (the suite runs the default). */
export interface MigrationPolicy {
  /** When pre-copy freezes, and whether its rounds are rate-limited (hardware-models precopy-model.ts). */
  preCopy: PreCopyPolicy;
  /** Time the destination takes to start the process after the commit (a VM's device and network re-attachment). */
  resumeNs: number;
  /**
   * Send a copy larger than this as segments of this size, the last one carrying the copy (as TCP
   * would, so that a store-and-forward switch pipelines it); without it, one packet per copy.
   */
  segmentBytes?: number;
}

export const DEFAULT_MIGRATION_POLICY: MigrationPolicy = { preCopy: XEN_PRECOPY_POLICY, resumeNs: 0 };

/** Post-copy pages pushed per packet in the background. */
export const PUSH_BATCH_PAGES = 8;

type Phase = 'copying' | 'frozen' | 'committed' | 'serving';

interface WaitingAccess {
  access: MemoryAccess;
  respond: Respond;
}

/** The source's side of one migration. */
interface Outgoing {
  migId: string;
  pid: Pid;
  opId: number;
  dst: NodeId;
  mode: MigrationMode;
  phase: Phase;
  image: ProcessImage;
  rounds: number;
  /** Pages the round in flight copies. */
  roundPages: number;
  roundSentNs: number;
  /** When the round in flight may end: its bytes at the rate limit after it was sent (without a limit, when sent). */
  roundEndsNs: number;
  /** The rate limit of the round in flight; 0 without rate limiting. */
  bitsPerSec: number;
  /** Pages written by operations since they were last copied. */
  dirty: Set<number>;
  startedNs: number;
  frozenNs: number;
  activatedNs: number;
  bytesMoved: number;
  /** The bulk packet awaiting its acknowledgement, retransmitted with backoff. */
  unacked: { packet: MigrationPacket; bytes: number; serial: number; firstSentNs: number; waitNs: number } | undefined;
  serial: number;
  /** Messages and memory operations that arrived while the process was frozen. */
  held: MessageBody[];
  waiting: WaitingAccess[];
  dedup: MovedDedup;
  pushNext: number;
  finalPages: number;
}

/** The destination's side before the commit. */
interface Incoming {
  migId: string;
  src: NodeId;
  /** The latest round merged: a late copy of an earlier round must not overwrite newer values. */
  lastRound: number;
  values: Map<number, JsonValue>;
  final: { image: ImageState; dedup: MovedDedup; pages: number; mode: MigrationMode } | undefined;
  /** A charged process: being charged here, or charged (then `prepared` may go). */
  charge: 'admitting' | 'admitted' | undefined;
  /** The source committed; the process starts here once the policy's resume time has passed. */
  committed: boolean;
  held: MessageBody[];
}

/** A post-copy destination after the switch: pages still at the source. */
interface Pulling {
  migId: string;
  src: NodeId;
  waiting: Map<number, WaitingAccess[]>;
  fetchSentNs: Map<number, number>;
  bytesPulled: number;
}

export interface MigrationState {
  policy: MigrationPolicy;
  images: Map<Pid, ProcessImage>;
  outgoing: Map<Pid, Outgoing>;
  incoming: Map<Pid, Incoming>;
  pulling: Map<Pid, Pulling>;
  /**
   * Forwarding pointers: where a process that left this node went (kept for the node's lifetime),
   * and location hints: where a process that never ran here went last, as its source told.
   */
  pointers: Map<Pid, NodeId>;
  /** The highest move number (ProcessImage.epoch) of each process this node knows the location after. */
  locationEpochs: Map<Pid, number>;
  nextMigration: number;
}

export function emptyMigrationState(policy: MigrationPolicy = DEFAULT_MIGRATION_POLICY): MigrationState {
  return { policy, images: new Map(), outgoing: new Map(), incoming: new Map(), pulling: new Map(), pointers: new Map(), locationEpochs: new Map(), nextMigration: 1 };
}

export function imageOf(state: MigrationState, pid: Pid): ProcessImage {
  let image = state.images.get(pid);
  if (image === undefined) state.images.set(pid, (image = newImage(undefined)));
  return image;
}

/** Whether this node still answers for `pid` although it does not run it: frozen here, or a pointer. */
export function knowsProcess(state: MigrationState, pid: Pid): boolean {
  return state.outgoing.get(pid)?.phase === 'frozen' || state.pointers.has(pid);
}

/** Where a request about `pid` should go from this node: here, or along the pointer. */
export function pointerFor(state: MigrationState, host: MigrationHost, pid: Pid): NodeId | undefined {
  if (host.isLive(pid) || state.outgoing.get(pid)?.phase === 'frozen') return undefined;
  return state.pointers.get(pid);
}

// ---- the source ------------------------------------------------------------------------------

type MigrateOp = Extract<Operation, { kind: 'migrate' }>;

export function startMigration(state: MigrationState, host: MigrationHost, ctx: StepContext, opId: number, op: MigrateOp): void {
  const { pid, mode } = op;
  const busy = state.outgoing.has(pid) || state.pulling.has(pid);
  if (busy && !ctx.mutantIs('migration-concurrent-accepted')) return ctx.fail(opId, 'migration_in_progress', `${pid} is already migrating; one migration of a process at a time`);
  if (!host.isLive(pid)) return ctx.fail(opId, 'not_found', `no process ${pid} runs on node ${ctx.node}; issue migrate where it runs`);
  const target = op.to;
  const dst = target.kind === 'node' ? target.node : ctx.nodes.find((n) => n !== ctx.node && ctx.params.zones[n] === target.zone);
  if (dst === undefined) return ctx.fail(opId, 'bad_request', `to.zone: no node other than ${ctx.node} in zone '${target.kind === 'zone' ? target.zone : ''}'`);
  if (!ctx.nodes.includes(dst)) return ctx.fail(opId, 'bad_request', `to.node: '${dst}' is not a node of this cluster (${ctx.nodes.join(', ')})`);
  if (dst === ctx.node) return ctx.fail(opId, 'bad_request', `to: ${pid} already runs on ${dst}`);
  const out: Outgoing = {
    migId: `${ctx.node}.${ctx.incarnation}.${state.nextMigration++}`,
    pid, opId, dst, mode, phase: 'copying', image: imageOf(state, pid),
    rounds: 0, roundPages: 0, roundSentNs: ctx.nowNs, roundEndsNs: ctx.nowNs, bitsPerSec: state.policy.preCopy.rateLimit?.minBitsPerSec ?? 0, dirty: new Set(), startedNs: ctx.nowNs, frozenNs: 0, activatedNs: 0,
    bytesMoved: 0, unacked: undefined, serial: 0, held: [], waiting: [], dedup: { atMostOnce: [], exactlyOnce: [] }, pushNext: 0, finalPages: 0,
  };
  state.outgoing.set(pid, out);
  ctx.event({ kind: 'MigrationStarted', pid, from: ctx.node, to: dst, mode });
  if (mode === 'pre-copy') sendRound(state, ctx, out, out.image.memory.pages);
  else freeze(state, host, ctx, out, out.image.memory.pages);
}

/** Round 1 copies every page, a later round the pages dirtied since the previous one was sent. */
function sendRound(state: MigrationState, ctx: StepContext, out: Outgoing, pages: number): void {
  out.rounds++;
  out.roundPages = pages;
  const values = out.rounds === 1 ? [...out.image.values] : [...out.dirty].map((p): [number, JsonValue] => [p, pageValue(out.image, p)]);
  out.dirty.clear();
  out.roundSentNs = ctx.nowNs;
  const bytes = pages * out.image.memory.pageBytes;
  sendBulk(state, ctx, out, { t: 'round', migId: out.migId, pid: out.pid, round: out.rounds, pages, values }, bytes);
  // Rate limiting paces rounds, not packets: the round's bytes leave at link speed and the next
  // round starts no earlier than they would have at the limit (same bytes per round, same timing).
  const paceNs = out.bitsPerSec > 0 ? Math.max(1, Math.ceil((bytes * 8e9) / out.bitsPerSec)) : 0;
  out.roundEndsNs = ctx.nowNs + paceNs;
  if (paceNs > 0) ctx.setTimer(`mig/pace/${out.migId}/${out.rounds}`, paceNs);
}

function sendBulk(state: MigrationState, ctx: StepContext, out: Outgoing, packet: MigrationPacket, bytes: number): void {
  out.bytesMoved += bytes;
  out.unacked = { packet, bytes, serial: ++out.serial, firstSentNs: ctx.nowNs, waitNs: ctx.params.retryIntervalNs };
  transmitBulk(state, ctx, out.dst, packet, bytes);
  ctx.setTimer(`mig/retry/${out.migId}/${out.serial}`, out.unacked.waitNs);
}

/**
 * A bulk copy goes out alone in its step, so the bytes the step reports are its pages' bytes (the
 * suite splits them over the step's packets in proportion to their sizes): one packet, or with
 * segmenting, the segments and then the packet that carries the copy.
 */
function transmitBulk(state: MigrationState, ctx: StepContext, to: NodeId, packet: MigrationPacket, bytes: number): void {
  const { segmentBytes } = state.policy;
  const segments = segmentBytes === undefined ? 1 : Math.max(1, Math.ceil(bytes / segmentBytes));
  for (let i = 1; i < segments; i++) ctx.transmit(to, { kind: 'migration', srcInc: ctx.incarnation, packet: { t: 'segment', migId: packet.migId, pid: packet.pid } });
  ctx.transmit(to, { kind: 'migration', srcInc: ctx.incarnation, packet });
  ctx.cost.wireBytes += bytes;
}

function onRoundAck(state: MigrationState, host: MigrationHost, ctx: StepContext, out: Outgoing, round: number): void {
  if (out.phase !== 'copying' || (round !== out.rounds && !ctx.mutantIs('migration-stale-round-ack')) || out.unacked === undefined) return;
  out.unacked = undefined;
  if (ctx.nowNs >= out.roundEndsNs) endRound(state, host, ctx, out);
}

/** The round is copied and its time is up: freeze, or copy what the process dirtied meanwhile. */
function endRound(state: MigrationState, host: MigrationHost, ctx: StepContext, out: Outgoing): void {
  ctx.event({ kind: 'RoundCopied', pid: out.pid, round: out.rounds, pages: out.roundPages });
  const memory = out.image.memory;
  const workload = {
    memoryPages: memory.pages, pageBytes: memory.pageBytes, dirtyPagesPerSec: memory.dirtyPagesPerSec,
    writableWorkingSetPages: memory.writableWorkingSetPages ?? memory.pages, ...(memory.hotSet === undefined ? {} : { hotSet: memory.hotSet }),
  };
  const elapsedNs = ctx.nowNs - out.roundSentNs;
  const dirty = Math.min(memory.pages, pagesDirtiedIn(workload, elapsedNs) + out.dirty.size);
  if (ctx.mutantIs('migration-dirty-cleared-at-ack')) out.dirty.clear();
  const { preCopy: policy } = state.policy;
  const limit = policy.rateLimit;
  // Xen's rate adaptation: the next round goes at the dirtying rate just measured plus the increment.
  const nextBitsPerSec = limit === undefined ? 0 : Math.max(limit.minBitsPerSec, (dirty * memory.pageBytes * 8e9) / Math.max(1, elapsedNs) + limit.incrementBitsPerSec);
  const enough =
    dirty <= policy.freezeThresholdPages || out.rounds >= policy.maxRounds || out.bytesMoved >= policy.maxBytesFactor * memory.pages * memory.pageBytes ||
    (limit !== undefined && nextBitsPerSec > limit.maxBitsPerSec);
  if (enough) return freeze(state, host, ctx, out, dirty);
  out.bitsPerSec = nextBitsPerSec;
  sendRound(state, ctx, out, dirty);
}

/** The process stops here; its last dirty pages (stop-and-copy: all; post-copy: none) and state go. */
function freeze(state: MigrationState, host: MigrationHost, ctx: StepContext, out: Outgoing, dirtyPages: number): void {
  host.setLive(out.pid, false);
  out.phase = 'frozen';
  out.frozenNs = ctx.nowNs;
  ctx.event({ kind: 'Frozen', pid: out.pid, node: ctx.node, dirtyPages });
  out.dedup = host.takeDedup(ctx, out.pid);
  const { mode, image } = out;
  out.finalPages = mode === 'post-copy' ? 0 : dirtyPages;
  const values: PageValues =
    mode === 'stop-and-copy' ? [...image.values]
    : mode === 'post-copy' || ctx.mutantIs('migration-switch-skips-dirty-pages') ? []
    : [...out.dirty].map((p): [number, JsonValue] => [p, pageValue(image, p)]);
  const moved = { ...imageState(image), epoch: image.epoch + 1 };
  if (ctx.mutantIs('migration-mailbox-state-not-moved')) moved.recvNext = [];
  if (ctx.mutantIs('migration-send-seq-not-moved')) moved.sendSeq = [];
  const charge = ctx.mutantIs('quota-charge-left-behind') ? undefined : host.chargeOf(out.pid);
  const packet: MigrationPacket = { t: 'final', migId: out.migId, pid: out.pid, mode, pages: out.finalPages, values, image: moved, dedup: out.dedup, ...(charge ? { charge } : {}) };
  sendBulk(state, ctx, out, packet, out.finalPages * image.memory.pageBytes);
}

/** The destination holds the whole image: commit. From here on the migration cannot abort. */
function commit(state: MigrationState, host: MigrationHost, ctx: StepContext, out: Outgoing): void {
  out.unacked = undefined;
  out.phase = out.mode === 'post-copy' ? 'serving' : 'committed';
  const { pid, dst } = out;
  const epoch = out.image.epoch + (ctx.mutantIs('migration-moved-epoch-off-by-one') ? 0 : 1);
  state.locationEpochs.set(pid, epoch);
  if (!ctx.mutantIs('migration-forwarding-dropped')) state.pointers.set(pid, dst);
  if (out.mode !== 'post-copy') state.images.delete(pid);
  // The destination charged the process before it prepared: its unit here goes back.
  if (!ctx.mutantIs('quota-charge-left-behind')) host.dropCharge(ctx, pid);
  host.linkSend(ctx, dst, { kind: 'migration', control: { t: 'commit', migId: out.migId, pid } });
  // After the commit on the same link, so they arrive once the process runs there.
  for (const message of out.held.splice(0)) {
    if (ctx.mutantIs('migration-mailbox-dropped')) continue;
    ctx.event({ kind: 'Forwarded', msgId: message.msgId, at: ctx.node, to: dst });
    host.linkSend(ctx, dst, message);
  }
  for (const { access, respond } of out.waiting.splice(0)) host.requestMemory(ctx, dst, pid, access, respond);
  // Every other node learns the new location, not only the pid's home: each then sends and asks
  // there directly, so a crash of the home node cuts no one off (spec/migration README, "Home node").
  const home = host.homeNode(pid);
  for (const node of ctx.nodes) {
    if (node === ctx.node || node === dst || (node === home && ctx.mutantIs('migration-home-not-told'))) continue;
    host.linkSend(ctx, node, { kind: 'migration', control: { t: 'moved', pid, to: dst, epoch } });
  }
  ctx.setTimer(`mig/switch/${out.migId}`, ctx.params.callTimeoutNs);
}

function finish(state: MigrationState, ctx: StepContext, out: Outgoing): void {
  state.outgoing.delete(out.pid);
  if (out.mode === 'post-copy') state.images.delete(out.pid);
  ctx.reply(out.opId, {
    node: out.dst,
    rounds: out.rounds,
    bytesMoved: out.bytesMoved,
    downtimeNs: Math.max(0, out.activatedNs - out.frozenNs),
    totalNs: ctx.nowNs - out.startedNs,
  });
}

function abort(state: MigrationState, host: MigrationHost, ctx: StepContext, out: Outgoing, reason: string): void {
  state.outgoing.delete(out.pid);
  ctx.event({ kind: 'MigrationAborted', pid: out.pid, reason });
  host.linkSend(ctx, out.dst, { kind: 'migration', control: { t: 'abort', migId: out.migId, pid: out.pid } });
  if (out.phase === 'frozen' && !ctx.mutantIs('migration-abort-leaves-frozen')) {
    host.setLive(out.pid, true);
    if (!ctx.mutantIs('migration-abort-loses-dedup')) host.adoptDedup(ctx, out.dedup);
    for (const message of out.held.splice(0)) if (!ctx.mutantIs('migration-abort-drops-held')) host.deliver(ctx, message);
    for (const { access, respond } of out.waiting.splice(0)) accessMemory(state, host, ctx, out.pid, access, respond);
    host.resumed(ctx, out.pid);
  }
  ctx.fail(out.opId, 'migration_aborted', `migration of ${out.pid} to ${out.dst} aborted before the switch (${reason}); it runs on at ${ctx.node}`);
}

/** Post-copy: the next background batch of pages the destination may still lack. */
function pushNextBatch(state: MigrationState, ctx: StepContext, out: Outgoing): void {
  const { pages, pageBytes } = out.image.memory;
  if (out.pushNext >= pages) return;
  const batch: PageValues = [];
  for (; out.pushNext < pages && batch.length < PUSH_BATCH_PAGES; out.pushNext++) batch.push([out.pushNext, pageValue(out.image, out.pushNext)]);
  sendBulk(state, ctx, out, { t: 'pages', migId: out.migId, pid: out.pid, cause: 'push', values: batch }, batch.length * pageBytes);
}

// ---- the destination -------------------------------------------------------------------------

function incomingFor(state: MigrationState, pid: Pid, migId: string, src: NodeId): Incoming | undefined {
  const current = state.incoming.get(pid);
  if (current?.migId === migId) return current;
  if (state.pulling.has(pid) || (current !== undefined && current.final !== undefined)) return undefined;
  const incoming: Incoming = { migId, src, lastRound: 0, values: new Map(), final: undefined, charge: undefined, committed: false, held: [] };
  state.incoming.set(pid, incoming);
  return incoming;
}

/**
 * A charged process is charged here before the destination prepares (make before break: the
 * source's unit goes back at the commit), so it never runs uncharged; a refusal aborts the move.
 */
function chargeIncoming(state: MigrationState, host: MigrationHost, ctx: StepContext, src: NodeId, pid: Pid, incoming: Incoming, cap: Capability): void {
  incoming.charge = 'admitting';
  host.admitCharge(ctx, pid, cap, (ctx, refusal) => {
    const current = state.incoming.get(pid) === incoming;
    if (refusal === undefined && !current) return host.dropCharge(ctx, pid); // aborted meanwhile
    if (!current) return;
    if (refusal !== undefined) state.incoming.delete(pid);
    else incoming.charge = 'admitted';
    const answer: MigrationPacket = refusal === undefined ? { t: 'prepared', migId: incoming.migId, pid } : { t: 'refused', migId: incoming.migId, pid, reason: refusal };
    ctx.transmit(src, { kind: 'migration', srcInc: ctx.incarnation, packet: answer });
  });
}

/** The destination forgets a migration that will not commit, and the charge it took for it. */
function discardIncoming(state: MigrationState, host: MigrationHost, ctx: StepContext, pid: Pid): void {
  const incoming = state.incoming.get(pid);
  state.incoming.delete(pid);
  if (incoming?.charge === 'admitted') host.dropCharge(ctx, pid);
}

function mergeValues(target: Map<number, JsonValue>, values: PageValues): void {
  for (const [page, value] of values) {
    if (value === null) target.delete(page);
    else target.set(page, value);
  }
}

function activate(state: MigrationState, host: MigrationHost, ctx: StepContext, pid: Pid, incoming: Incoming): void {
  const final = incoming.final!;
  state.incoming.delete(pid);
  const postCopy = final.mode === 'post-copy' && !ctx.mutantIs('migration-post-copy-zero-fill');
  const image = imageFromState(final.image, incoming.values, postCopy ? new Set() : undefined);
  if (ctx.mutantIs('migration-mailbox-order-not-kept')) image.migrated = false; // the bug: forwarded and direct messages taken as they come
  state.images.set(pid, image);
  state.pointers.delete(pid);
  state.locationEpochs.set(pid, image.epoch);
  host.setLive(pid, true);
  if (!ctx.mutantIs('migration-dedup-not-moved')) host.adoptDedup(ctx, final.dedup);
  if (postCopy) state.pulling.set(pid, { migId: incoming.migId, src: incoming.src, waiting: new Map(), fetchSentNs: new Map(), bytesPulled: 0 });
  ctx.event({ kind: 'Switched', pid, from: incoming.src, to: ctx.node, pagesCopied: final.pages });
  host.linkSend(ctx, incoming.src, { kind: 'migration', control: { t: 'switched', migId: incoming.migId, pid, activatedNs: ctx.nowNs } });
  for (const message of incoming.held) host.deliver(ctx, message);
  if (final.mode === 'post-copy' && !postCopy) host.linkSend(ctx, incoming.src, { kind: 'migration', control: { t: 'complete', migId: incoming.migId, pid, bytesPulled: 0 } });
  host.resumed(ctx, pid);
}

function onPages(state: MigrationState, host: MigrationHost, ctx: StepContext, pid: Pid, cause: 'fault' | 'push', values: PageValues): void {
  const pulling = state.pulling.get(pid);
  const image = state.images.get(pid);
  if (pulling === undefined || image?.present === undefined) return;
  for (const [page, value] of values) {
    if (image.present.has(page) && (cause === 'fault' || !ctx.mutantIs('migration-push-overwrites-newer-page'))) continue;
    image.present.add(page);
    if (value !== null) image.values.set(page, value);
    pulling.bytesPulled += image.memory.pageBytes;
    ctx.event({ kind: 'PageFetched', pid, page, cause });
    if (cause === 'push' && ctx.mutantIs('migration-push-wakes-no-waiter')) continue; // the bug: only a fault's reply wakes its waiters
    for (const { access, respond } of pulling.waiting.get(page) ?? []) accessMemory(state, host, ctx, pid, access, respond);
    pulling.waiting.delete(page);
  }
  if (image.present.size < image.memory.pages) return;
  image.present = undefined;
  state.pulling.delete(pid);
  host.linkSend(ctx, pulling.src, { kind: 'migration', control: { t: 'complete', migId: pulling.migId, pid, bytesPulled: pulling.bytesPulled } });
}

/** Post-copy: the source is gone with pages the destination never got. The process dies (spec: PostCopyLossOnlyInPostCopy). */
function losePulledProcess(state: MigrationState, host: MigrationHost, ctx: StepContext, pid: Pid): void {
  const pulling = state.pulling.get(pid);
  if (pulling === undefined) return;
  state.pulling.delete(pid);
  state.images.delete(pid);
  host.setLive(pid, false);
  for (const waiting of pulling.waiting.values()) {
    for (const { respond } of waiting) respond(ctx, { kind: 'error', code: 'crashed', text: `${pid} was lost: its post-copy source ${pulling.src} crashed before every page arrived` });
  }
}

// ---- memory ----------------------------------------------------------------------------------

/** A read or write of a process here: served, held while it is frozen, or faulted in (post-copy). */
export function accessMemory(state: MigrationState, host: MigrationHost, ctx: StepContext, pid: Pid, access: MemoryAccess, respond: Respond): void {
  const out = state.outgoing.get(pid);
  // The `migration-frozen-write-served-at-source` bug writes into the frozen copy, whose state has gone.
  const servedFrozen = out?.phase === 'frozen' && access.write !== undefined && ctx.mutantIs('migration-frozen-write-served-at-source');
  if (out?.phase === 'frozen' && !servedFrozen) {
    out.waiting.push({ access, respond });
    return;
  }
  if (!host.isLive(pid) && !servedFrozen) return respond(ctx, { kind: 'error', code: 'not_found', text: `no process ${pid} on node ${ctx.node}` });
  const image = imageOf(state, pid);
  const { page } = access;
  if (page >= image.memory.pages) return respond(ctx, { kind: 'error', code: 'bad_request', text: `page: ${page} is beyond the process's ${image.memory.pages} pages` });
  if (image.present !== undefined && !image.present.has(page)) return fault(state, ctx, pid, access, respond);
  if (access.write !== undefined) {
    const value = access.write.value;
    if (value === null) image.values.delete(page);
    else image.values.set(page, value);
    if (out?.phase === 'copying' && (value !== null || !ctx.mutantIs('migration-cleared-page-not-dirty'))) out.dirty.add(page);
    ctx.event({ kind: 'Written', pid, page, value });
    return respond(ctx, { kind: 'ok', value: {} });
  }
  const value = pageValue(image, page);
  ctx.event({ kind: 'Read', pid, page, value });
  respond(ctx, { kind: 'ok', value: { value } });
}

function fault(state: MigrationState, ctx: StepContext, pid: Pid, access: MemoryAccess, respond: Respond): void {
  const pulling = state.pulling.get(pid)!;
  const waiting = pulling.waiting.get(access.page) ?? [];
  waiting.push({ access, respond });
  pulling.waiting.set(access.page, waiting);
  if (pulling.fetchSentNs.has(access.page)) return;
  pulling.fetchSentNs.set(access.page, ctx.nowNs);
  sendFetch(ctx, pulling, pid, access.page);
}

function sendFetch(ctx: StepContext, pulling: Pulling, pid: Pid, page: number): void {
  ctx.transmit(pulling.src, { kind: 'migration', srcInc: ctx.incarnation, packet: { t: 'fetch', migId: pulling.migId, pid, page } });
  ctx.setTimer(`mig/fetch/${pulling.migId}/${page}`, ctx.params.retryIntervalNs);
}

// ---- messages --------------------------------------------------------------------------------

/** A message for a process that does not run here: held while it moves, forwarded, or dropped. */
export function messageForAbsent(state: MigrationState, host: MigrationHost, ctx: StepContext, message: MessageBody): void {
  const out = state.outgoing.get(message.to);
  if (out?.phase === 'frozen' && ctx.mutantIs('migration-delivered-while-frozen')) {
    for (const m of admitMessage(out.image, message)) ctx.event({ kind: 'Delivered', msgId: m.msgId, from: m.from, to: m.to, body: m.body });
    return;
  }
  if (out?.phase === 'frozen') return void out.held.push(message);
  const incoming = state.incoming.get(message.to);
  if (incoming !== undefined) return void incoming.held.push(message);
  const next = state.pointers.get(message.to);
  if (next === undefined) return; // exited or lost: dropped (PROTOCOL.md, exit)
  ctx.event({ kind: 'Forwarded', msgId: message.msgId, at: ctx.node, to: next });
  host.linkSend(ctx, next, message);
}

// ---- packets, link controls, timers, restarts ------------------------------------------------

export function onMigrationPacket(state: MigrationState, host: MigrationHost, ctx: StepContext, from: NodeId, packet: MigrationPacket): void {
  const reply = (answer: MigrationPacket) => ctx.transmit(from, { kind: 'migration', srcInc: ctx.incarnation, packet: answer });
  const out = state.outgoing.get(packet.pid);
  const mine = out !== undefined && out.migId === packet.migId;
  switch (packet.t) {
    case 'segment':
      return;
    case 'round': {
      const incoming = incomingFor(state, packet.pid, packet.migId, from);
      if (incoming === undefined) return;
      if (incoming.final === undefined && (packet.round > incoming.lastRound || ctx.mutantIs('migration-late-round-overwrites'))) {
        incoming.lastRound = packet.round;
        mergeValues(incoming.values, packet.values);
      }
      return reply({ t: 'round-ack', migId: packet.migId, pid: packet.pid, round: packet.round });
    }
    case 'final': {
      const incoming = incomingFor(state, packet.pid, packet.migId, from);
      if (incoming === undefined) return;
      if (incoming.final === undefined) {
        mergeValues(incoming.values, packet.values);
        incoming.final = { image: packet.image, dedup: packet.dedup, pages: packet.pages, mode: packet.mode };
        if (packet.charge !== undefined) chargeIncoming(state, host, ctx, from, packet.pid, incoming, packet.charge);
      }
      if (incoming.charge === 'admitting') return; // prepared once charged here
      return reply({ t: 'prepared', migId: packet.migId, pid: packet.pid });
    }
    case 'round-ack':
      if (mine) onRoundAck(state, host, ctx, out, packet.round);
      return;
    case 'prepared':
      if (mine && out.phase === 'frozen' && out.unacked !== undefined) commit(state, host, ctx, out);
      return;
    case 'refused':
      if (mine && out.phase === 'frozen') abort(state, host, ctx, out, `${out.dst} could not charge it to its account: ${packet.reason}`);
      return;
    case 'fetch': {
      if (!mine || out.phase !== 'serving') return;
      const { pageBytes } = out.image.memory;
      out.bytesMoved += pageBytes;
      return transmitBulk(state, ctx, from, { t: 'pages', migId: out.migId, pid: out.pid, cause: 'fault', values: [[packet.page, pageValue(out.image, packet.page)]] }, pageBytes);
    }
    case 'pages':
      onPages(state, host, ctx, packet.pid, packet.cause, packet.values);
      if (packet.cause === 'push') reply({ t: 'pages-ack', migId: packet.migId, pid: packet.pid, firstPage: packet.values[0]?.[0] ?? 0 });
      return;
    case 'pages-ack': {
      const pushed = out?.unacked?.packet;
      if (!mine || out.phase !== 'serving' || pushed?.t !== 'pages' || pushed.values[0]?.[0] !== packet.firstPage) return;
      out.unacked = undefined;
      return pushNextBatch(state, ctx, out);
    }
  }
}

export function onMigrationControl(state: MigrationState, host: MigrationHost, ctx: StepContext, control: MigrationControl): void {
  const out = state.outgoing.get(control.pid);
  const mine = (migId: string) => out !== undefined && out.migId === migId;
  switch (control.t) {
    case 'commit': {
      const incoming = state.incoming.get(control.pid);
      if (incoming?.migId !== control.migId || incoming.final === undefined || incoming.committed) return;
      incoming.committed = true;
      if (state.policy.resumeNs > 0) return ctx.setTimer(`mig/resume/${control.migId}`, state.policy.resumeNs);
      return activate(state, host, ctx, control.pid, incoming);
    }
    case 'abort':
      if (state.incoming.get(control.pid)?.migId === control.migId && !ctx.mutantIs('migration-destination-keeps-aborted')) discardIncoming(state, host, ctx, control.pid);
      return;
    case 'switched':
      if (!mine(control.migId)) return;
      out!.activatedNs = control.activatedNs;
      if (out!.mode === 'post-copy' && ctx.mutantIs('migration-source-frees-at-switch')) out!.image.values.clear(); // the bug: pages not yet pulled are gone
      if (out!.mode === 'post-copy') return pushNextBatch(state, ctx, out!);
      return finish(state, ctx, out!);
    case 'complete':
      if (mine(control.migId)) finish(state, ctx, out!);
      return;
    case 'moved':
      // A notice of an earlier move than one already known is stale (it was overtaken): ignored.
      if (control.epoch <= (state.locationEpochs.get(control.pid) ?? 0) && !ctx.mutantIs('migration-moved-epoch-ignored')) return;
      state.locationEpochs.set(control.pid, control.epoch);
      if (!host.isLive(control.pid) && !state.incoming.has(control.pid)) state.pointers.set(control.pid, control.to);
      return;
  }
}

export function onMigrationTimer(state: MigrationState, host: MigrationHost, ctx: StepContext, timerId: string): void {
  const [kind, migId, arg] = timerId.split('/');
  if (kind === 'fetch') {
    for (const [pid, pulling] of state.pulling) {
      if (pulling.migId !== migId || !pulling.waiting.has(Number(arg))) continue;
      // A source that stays silent this long is gone: the process cannot run without the page.
      if (ctx.nowNs - pulling.fetchSentNs.get(Number(arg))! >= ctx.params.callTimeoutNs) {
        if (ctx.mutantIs('migration-post-copy-loss-unnoticed')) return onPages(state, host, ctx, pid, 'fault', [[Number(arg), null]]);
        return losePulledProcess(state, host, ctx, pid);
      }
      if (ctx.mutantIs('migration-fetch-not-resent')) return ctx.setTimer(`mig/fetch/${pulling.migId}/${arg}`, ctx.params.retryIntervalNs);
      return sendFetch(ctx, pulling, pid, Number(arg));
    }
    return;
  }
  if (kind === 'resume') {
    const resumed = [...state.incoming].find(([, incoming]) => incoming.migId === migId && incoming.committed);
    if (resumed !== undefined) activate(state, host, ctx, resumed[0], resumed[1]);
    return;
  }
  const out = [...state.outgoing.values()].find((o) => o.migId === migId);
  if (out === undefined) return;
  if (kind === 'pace') {
    if (out.phase === 'copying' && out.rounds === Number(arg) && out.unacked === undefined) endRound(state, host, ctx, out);
    return;
  }
  if (kind === 'switch') {
    // Committed, but the destination never said it runs the process: it may have, or died first.
    if (out.phase !== 'committed' && out.phase !== 'serving') return;
    if (out.phase === 'serving' && out.activatedNs > 0) return;
    if (ctx.mutantIs('migration-abort-after-commit')) {
      state.pointers.delete(out.pid);
      out.phase = 'frozen';
      return abort(state, host, ctx, out, 'no word from the destination (after the commit)');
    }
    state.outgoing.delete(out.pid);
    return ctx.fail(out.opId, 'unavailable', `${out.pid} was handed to ${out.dst}, which has not confirmed running it; it may run there or have been lost with it`);
  }
  const unacked = out.unacked;
  if (kind !== 'retry' || unacked === undefined || unacked.serial !== Number(arg)) return;
  if (ctx.nowNs - unacked.firstSentNs >= ctx.params.callTimeoutNs && (out.phase === 'copying' || out.phase === 'frozen')) {
    return abort(state, host, ctx, out, `no answer from ${out.dst} within ${ctx.params.callTimeoutNs} ns`);
  }
  unacked.waitNs *= 2;
  transmitBulk(state, ctx, out.dst, unacked.packet, unacked.bytes);
  ctx.setTimer(`mig/retry/${out.migId}/${unacked.serial}`, unacked.waitNs);
}

/**
 * `peer` restarted: its copies of migrating processes are gone, and so are the location hints it
 * held. Every process that moved and runs here (or is frozen here) is announced to it again, so
 * that it does not resolve them through their home node, which may be down (spec/migration
 * README, "Home node and location hints": the module's registry survives every crash).
 */
export function onPeerRestarted(state: MigrationState, host: MigrationHost, ctx: StepContext, peer: NodeId): void {
  for (const [pid, image] of state.images) {
    const here = host.isLive(pid) || state.outgoing.get(pid)?.phase === 'frozen';
    if (here && image.epoch > 0 && !ctx.mutantIs('migration-restarted-node-not-told')) {
      host.linkSend(ctx, peer, { kind: 'migration', control: { t: 'moved', pid, to: ctx.node, epoch: image.epoch } });
    }
  }
  for (const out of [...state.outgoing.values()]) {
    if (out.dst !== peer) continue;
    if (out.phase === 'copying' || out.phase === 'frozen') abort(state, host, ctx, out, `destination ${peer} restarted`);
    else if (out.activatedNs === 0 || out.phase === 'serving') {
      state.outgoing.delete(out.pid);
      ctx.fail(out.opId, 'unavailable', `destination ${peer} restarted after the commit; ${out.pid} may have been lost with it`);
    }
  }
  // A committed copy is the process now (it starts once its resume time is up): the source's restart does not touch it.
  for (const [pid, incoming] of [...state.incoming]) if (incoming.src === peer && !incoming.committed) discardIncoming(state, host, ctx, pid);
  for (const [pid, pulling] of [...state.pulling]) if (pulling.src === peer) losePulledProcess(state, host, ctx, pid);
}
