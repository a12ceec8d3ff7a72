// The reliable link between two kernels: per ordered node pair a stream of sequence-numbered
// bodies, cumulative acks and retransmission every `retryIntervalNs`, so that bodies arrive
// exactly once and in order although the network loses, duplicates and reorders packets.
// A stream lives as long as both ends' incarnations: a restart of either end starts a new one.
import type { NodeId } from '../ids.js';
import { parsePid } from '../processes/processes.js';
import type { KernelPacket, LinkBody } from '../packets.js';
import type { StepContext } from '../step-context.js';

/** At most this many unacked bodies are retransmitted per tick (oldest first). */
export const RETRANSMIT_WINDOW = 64;
/** The receiver buffers out-of-order bodies at most this far ahead of the next expected one. */
export const RECEIVE_WINDOW = 1024;
/** Bodies waiting for an ack to one peer; beyond it the link refuses new bodies (the peer is unreachable). */
export const MAX_UNACKED = 10_000;

interface OutStream {
  /** The receiver's incarnation this stream is addressed to. */
  dstInc: number;
  nextSeq: number;
  unacked: { seq: number; body: LinkBody }[];
  timerArmed: boolean;
  /** Used only by the `fifo-second-path` mutant, to send every other message its way. */
  fastPathNext: boolean;
}

interface InStream {
  /** The sender's incarnation this stream comes from. */
  srcInc: number;
  /** Every seq up to this one has been handed up. */
  delivered: number;
  buffered: Map<number, LinkBody>;
  /** Used only by the `deliver-ahead-of-gap` bug: buffered seqs already handed up. */
  handedUpEarly: Set<number>;
}

export interface LinkState {
  /** The highest incarnation heard from each peer (every packet carries its sender's). */
  peerIncarnation: Map<NodeId, number>;
  out: Map<NodeId, OutStream>;
  in: Map<NodeId, InStream>;
}

export function emptyLinkState(): LinkState {
  return { peerIncarnation: new Map(), out: new Map(), in: new Map() };
}

export function linkTimerId(peer: NodeId): string {
  return `link/${peer}`;
}

function outStream(state: LinkState, peer: NodeId): OutStream {
  let stream = state.out.get(peer);
  if (stream === undefined) {
    stream = { dstInc: state.peerIncarnation.get(peer) ?? 0, nextSeq: 1, unacked: [], timerArmed: false, fastPathNext: false };
    state.out.set(peer, stream);
  }
  return stream;
}

function transmitData(ctx: StepContext, peer: NodeId, stream: OutStream, seq: number, body: LinkBody): void {
  ctx.transmit(peer, { kind: 'link-data', srcInc: ctx.incarnation, dstInc: stream.dstInc, seq, body });
}

function armRetransmit(ctx: StepContext, peer: NodeId, stream: OutStream): void {
  if (stream.timerArmed || stream.unacked.length === 0) return;
  stream.timerArmed = true;
  ctx.setTimer(linkTimerId(peer), ctx.params.retryIntervalNs);
}

/** Queues `body` for `peer`; false when the peer has not acked MAX_UNACKED bodies (treat as unreachable). */
export function linkSend(state: LinkState, ctx: StepContext, peer: NodeId, body: LinkBody): boolean {
  const stream = outStream(state, peer);
  if (ctx.mutantIs('fifo-second-path') && body.kind === 'message') {
    // The bug: a "fast path" that skips sequencing for every other message.
    stream.fastPathNext = !stream.fastPathNext;
    if (!stream.fastPathNext) {
      ctx.transmit(peer, { kind: 'direct', srcInc: ctx.incarnation, body });
      return true;
    }
  }
  if (stream.unacked.length >= MAX_UNACKED) return false;
  const seq = stream.nextSeq++;
  stream.unacked.push({ seq, body });
  transmitData(ctx, peer, stream, seq, body);
  armRetransmit(ctx, peer, stream);
  return true;
}

/**
 * Whether a body queued for a peer's dead incarnation is re-sent to its successor. Not a message
 * to its processes, nor DSM state addressed to what it held (a page's ownership, a read copy, an
 * invalidation of one, an answer to its fault): re-sent, a page would come back to life at its
 * stale version in a node that owns nothing after its crash (PROTOCOL.md, DSM crashes). Kernel
 * requests and responses, and a DSM fault's request, any incarnation can answer. A message to a
 * process of the successor itself is not for the dead incarnation either: a node that restarted
 * knows no peer's incarnation, so it addresses its first stream to incarnation 0 and may send
 * there to a pid of a later one (handed to it by the suite) before it learns of that restart.
 */
function outlivesReceiver(body: LinkBody, peer: NodeId, inc: number): boolean {
  if (body.kind === 'dsm') return body.message.kind === 'request';
  if (body.kind !== 'message') return true;
  const to = parsePid(body.to);
  return to !== undefined && to.node === peer && to.incarnation >= inc;
}

/**
 * Records that `peer` runs incarnation `inc`. A newer incarnation means it restarted: what was
 * queued for the dead one is dropped, except what `outlivesReceiver` renumbers into a fresh
 * stream; and what it sent before is no longer expected.
 */
export function learnPeerIncarnation(state: LinkState, ctx: StepContext, peer: NodeId, inc: number): void {
  const known = state.peerIncarnation.get(peer) ?? 0;
  if (inc <= known) return;
  state.peerIncarnation.set(peer, inc);
  if (ctx.mutantIs('out-stream-kept-for-restarted-peer')) return; // the bug: keeps addressing the dead incarnation
  const old = state.out.get(peer);
  state.out.delete(peer);
  if (!ctx.mutantIs('receiver-keeps-seq-across-sender-restart')) state.in.delete(peer);
  if (old === undefined) return;
  // The old stream's pending timer will fire for the new one: do not start a second timer chain.
  // The `reconnect-assumes-timer-armed` bug assumes a timer chain is running even when none is.
  outStream(state, peer).timerArmed = old.timerArmed || ctx.mutantIs('reconnect-assumes-timer-armed');
  // The `reconnect-resends-in-reverse` bug re-queues the old stream's bodies newest first.
  for (const { body } of ctx.mutantIs('reconnect-resends-in-reverse') ? [...old.unacked].reverse() : old.unacked) {
    // The `restart-drops-queued-messages` bug drops every message queued for the peer, even those for its new incarnation.
    if (outlivesReceiver(body, peer, inc) && !(body.kind === 'message' && ctx.mutantIs('restart-drops-queued-messages'))) linkSend(state, ctx, peer, body);
  }
}

/** Handles a data packet; returns the bodies now deliverable, in order. */
export function linkOnData(state: LinkState, ctx: StepContext, from: NodeId, packet: Extract<KernelPacket, { kind: 'link-data' }>): LinkBody[] {
  if (packet.dstInc !== ctx.incarnation) {
    // Addressed to an earlier incarnation of this node: tell the sender we restarted.
    if (packet.dstInc < ctx.incarnation) ctx.transmit(from, { kind: 'hello', srcInc: ctx.incarnation });
    return [];
  }
  let stream = state.in.get(from);
  if (stream !== undefined && packet.srcInc < stream.srcInc) return [];
  if (stream !== undefined && packet.srcInc > stream.srcInc && ctx.mutantIs('receiver-keeps-seq-across-sender-restart')) {
    stream.srcInc = packet.srcInc; // the bug: the restarted sender's stream is taken for the old one
  } else if (stream === undefined || packet.srcInc > stream.srcInc) {
    stream = { srcInc: packet.srcInc, delivered: 0, buffered: new Map(), handedUpEarly: new Set() };
    state.in.set(from, stream);
  }
  const ready: LinkBody[] = [];
  if (ctx.mutantIs('no-retransmission')) {
    // The bug's receiving half: without retransmission a gap never fills, so it is skipped.
    if (packet.seq > stream.delivered) {
      stream.delivered = packet.seq;
      ready.push(packet.body);
    }
  } else if (packet.seq <= stream.delivered) {
    if (ctx.mutantIs('link-accepts-duplicates')) ready.push(packet.body);
  } else if (packet.seq <= stream.delivered + RECEIVE_WINDOW) {
    stream.buffered.set(packet.seq, packet.body);
    if (ctx.mutantIs('deliver-ahead-of-gap') && packet.seq > stream.delivered + 1 && !stream.handedUpEarly.has(packet.seq)) {
      stream.handedUpEarly.add(packet.seq); // the bug: handed up before the gap below it fills
      ready.push(packet.body);
    }
    for (let next = stream.buffered.get(stream.delivered + 1); next !== undefined; next = stream.buffered.get(stream.delivered + 1)) {
      stream.buffered.delete(stream.delivered + 1);
      stream.delivered++;
      if (!stream.handedUpEarly.delete(stream.delivered)) ready.push(next);
    }
  }
  ctx.transmit(from, { kind: 'link-ack', srcInc: ctx.incarnation, dstInc: packet.srcInc, streamInc: packet.dstInc, upTo: ctx.mutantIs('link-ack-echoes-seq') ? packet.seq : stream.delivered + (ctx.mutantIs('ack-one-ahead') ? 1 : 0) });
  return ready;
}

export function linkOnAck(state: LinkState, ctx: StepContext, from: NodeId, packet: Extract<KernelPacket, { kind: 'link-ack' }>): void {
  const stream = state.out.get(from);
  // The `link-ack-ignores-stream-incarnation` bug lets a late ack of a dead incarnation's stream free the new stream's bodies.
  if (packet.dstInc !== ctx.incarnation || stream === undefined || (stream.dstInc !== packet.streamInc && !ctx.mutantIs('link-ack-ignores-stream-incarnation'))) return;
  // The `ack-clears-whole-window` bug takes any ack for an ack of everything sent.
  stream.unacked = ctx.mutantIs('ack-clears-whole-window') ? [] : stream.unacked.filter((entry) => entry.seq > packet.upTo);
}

export function linkOnTimer(state: LinkState, ctx: StepContext, peer: NodeId): void {
  const stream = state.out.get(peer);
  if (stream === undefined) return;
  stream.timerArmed = false;
  if (ctx.mutantIs('no-retransmission')) {
    // The bug: a body the network lost is never sent again.
    stream.unacked = [];
    return;
  }
  // The `retransmit-newest-first-window` bug retransmits the newest bodies, never the oldest behind them.
  for (const { seq, body } of ctx.mutantIs('retransmit-newest-first-window') ? stream.unacked.slice(-RETRANSMIT_WINDOW) : stream.unacked.slice(0, RETRANSMIT_WINDOW)) transmitData(ctx, peer, stream, seq, body);
  if (!ctx.mutantIs('retransmit-timer-once')) armRetransmit(ctx, peer, stream);
}

/** Whether `linkSend` to `peer` would accept another body now. */
export function canSendOnLink(state: LinkState, peer: NodeId): boolean {
  return (state.out.get(peer)?.unacked.length ?? 0) < MAX_UNACKED;
}
