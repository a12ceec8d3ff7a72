// What kernels exchange to move a process. Bulk copies (rounds, the final copy, post-copy pages)
// go as their own packets, one copy per step, so that the bytes charged to the wire are the pages'
// bytes (optionally in segments, the last one carrying the copy); control messages that must arrive in order with forwarded messages go on the link.
import type { Capability, MigrationMode } from '../../../conformance/protocol/index.js';
import type { JsonValue, NodeId, Pid } from '../ids.js';
import type { MovedStream } from '../rpc/dedup-table.js';
import type { ImageState } from './image.js';

/** A server process's RPC duplicate-suppression streams, which move with it. */
export interface MovedDedup {
  atMostOnce: MovedStream[];
  exactlyOnce: MovedStream[];
}

/** Page numbers with their values. */
export type PageValues = [page: number, value: JsonValue][];

export type MigrationPacket =
  /**
   * Bytes of a bulk copy that precede the packet carrying it, when the policy segments copies
   * (MigrationPolicy.segmentBytes): they stand for page contents and carry nothing else.
   */
  | { t: 'segment'; migId: string; pid: Pid }
  /** Pre-copy round `round`: `pages` pages copied; the values of those that were ever written. */
  | { t: 'round'; migId: string; pid: Pid; round: number; pages: number; values: PageValues }
  | { t: 'round-ack'; migId: string; pid: Pid; round: number }
  /**
   * The frozen process: the last dirty pages (none in post-copy), its mailbox state, its RPC dedup
   * streams, and the account its spawn charged (`charge`), whose processes quota it moves to.
   */
  | { t: 'final'; migId: string; pid: Pid; mode: MigrationMode; pages: number; values: PageValues; image: ImageState; dedup: MovedDedup; charge?: Capability }
  /** The destination holds the whole image (and its charge) and waits for the commit. */
  | { t: 'prepared'; migId: string; pid: Pid }
  /** The destination cannot charge the process to its account (quota_exceeded, forbidden, unavailable): the source aborts. */
  | { t: 'refused'; migId: string; pid: Pid; reason: string }
  /** Post-copy: the destination faulted on `page`. */
  | { t: 'fetch'; migId: string; pid: Pid; page: number }
  /** Post-copy: pages from the source, pulled by a fault or pushed in the background. */
  | { t: 'pages'; migId: string; pid: Pid; cause: 'fault' | 'push'; values: PageValues }
  /** Acknowledges the pushed batch that begins at `firstPage` (a duplicate of an earlier ack must not pass for a later one). */
  | { t: 'pages-ack'; migId: string; pid: Pid; firstPage: number };

export type MigrationControl =
  /** The source has discarded its copy: the destination runs the process. */
  | { t: 'commit'; migId: string; pid: Pid }
  /** The destination runs it since `activatedNs`. */
  | { t: 'switched'; migId: string; pid: Pid; activatedNs: number }
  /** The migration aborted before the commit: the destination discards its copy. */
  | { t: 'abort'; migId: string; pid: Pid }
  /**
   * To the pid's home node: the process now runs at `to` (lazy location update) since its move
   * number `epoch`. Notices of successive moves come from different nodes over different links,
   * so they may arrive out of order; the home keeps the highest epoch.
   */
  | { t: 'moved'; pid: Pid; to: NodeId; epoch: number }
  /** Post-copy: every page has arrived; the source forgets the process. */
  | { t: 'complete'; migId: string; pid: Pid; bytesPulled: number };
