// A process's migratable state beside its pid: its memory pages, and its mailbox's per-sender
// sequence numbers (which move with it, so that order and at-most-once delivery survive a move).
import type { ProcessMemory } from '../../../conformance/protocol/index.js';
import type { JsonValue, Pid } from '../ids.js';
import type { LinkBody } from '../packets.js';

export type MessageBody = Extract<LinkBody, { kind: 'message' }>;

/** The memory of a process spawned without `memory` (PROTOCOL.md, spawn). */
export const DEFAULT_MEMORY: ProcessMemory = { pages: 16, pageBytes: 4096, dirtyPagesPerSec: 0 };

export interface ProcessImage {
  memory: ProcessMemory;
  /** Values of written pages; a page never written holds null. */
  values: Map<number, JsonValue>;
  /** Post-copy destination: the pages that have arrived; undefined once all are here. */
  present: Set<number> | undefined;
  /** Next sequence number of this process's messages to each receiver. */
  sendSeq: Map<Pid, number>;
  /** Next sequence number expected from each sender. */
  recvNext: Map<Pid, number>;
  /** Messages ahead of their sender's sequence, held until the gap fills. */
  held: MessageBody[];
  /**
   * Set once the process has moved. Before, every message of a sender reaches it over one FIFO
   * link, so it is delivered as it comes (a link bug stays visible to the suite); after, a
   * message may come by a forwarding pointer or straight, so order is enforced per sender.
   */
  migrated: boolean;
  /** How many times the process has moved: location notices carry it so that the newest wins. */
  epoch: number;
}

/** What travels in the final copy: everything but page values (those travel in rounds and pulls). */
export interface ImageState {
  memory: ProcessMemory;
  sendSeq: [Pid, number][];
  recvNext: [Pid, number][];
  held: MessageBody[];
  epoch: number;
}

export function newImage(memory: ProcessMemory | undefined): ProcessImage {
  return { memory: memory ?? DEFAULT_MEMORY, values: new Map(), present: undefined, sendSeq: new Map(), recvNext: new Map(), held: [], migrated: false, epoch: 0 };
}

export function imageState(image: ProcessImage): ImageState {
  return { memory: image.memory, sendSeq: [...image.sendSeq], recvNext: [...image.recvNext], held: image.held, epoch: image.epoch };
}

/** The image a destination builds: the state, the page values copied so far, and which pages it holds. */
export function imageFromState(state: ImageState, values: Map<number, JsonValue>, present: Set<number> | undefined): ProcessImage {
  return { memory: state.memory, values, present, sendSeq: new Map(state.sendSeq), recvNext: new Map(state.recvNext), held: [...state.held], migrated: true, epoch: state.epoch };
}

export function pageValue(image: ProcessImage, page: number): JsonValue {
  return image.values.get(page) ?? null;
}

/** The sequence number of the next message from `from` (this image) to `to`. */
export function nextSendSeq(image: ProcessImage, to: Pid): number {
  const seq = image.sendSeq.get(to) ?? 1;
  image.sendSeq.set(to, seq + 1);
  return seq;
}

/** Takes a message into the mailbox; returns the messages now deliverable, in order (`anySender`: the `migration-reassembly-ignores-sender` bug). */
export function admitMessage(image: ProcessImage, message: MessageBody, anySender = false): MessageBody[] {
  const seq = message.pseq;
  if (seq === undefined) return [message];
  const next = image.recvNext.get(message.from) ?? 1;
  if (!image.migrated) {
    image.recvNext.set(message.from, Math.max(next, seq + 1));
    return [message];
  }
  if (seq < next) return []; // taken already
  if (seq > next) {
    image.held.push(message);
    return [];
  }
  const ready = [message];
  let expected = next + 1;
  const follows = (h: MessageBody) => (h.from === message.from || anySender) && h.pseq === expected;
  for (let i = image.held.findIndex(follows); i >= 0; i = image.held.findIndex(follows)) {
    ready.push(image.held.splice(i, 1)[0]!);
    expected++;
  }
  image.recvNext.set(message.from, expected);
  return ready;
}
