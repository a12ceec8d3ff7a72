// The history of one test run: everything the suite asked, everything the implementation
// reported, and every fault the suite applied, in the order the simulation produced them.
// Checkers read only this; the HTML report draws it.
import type { ErrorCode, Operation, TraceEvent } from '../protocol/index.js';

/** How an operation ended. `lost`: its node crashed before answering (indefinite). */
export type Outcome =
  | { kind: 'ok'; value: unknown }
  | { kind: 'error'; code: ErrorCode; definite: boolean; text: string }
  | { kind: 'lost' };

export type HistoryEntry =
  | { kind: 'invoke'; timeNs: number; node: string; opId: number; op: Operation }
  | { kind: 'complete'; timeNs: number; node: string; opId: number; outcome: Outcome }
  | { kind: 'event'; timeNs: number; node: string; event: TraceEvent }
  /** `resendOf`: the first packet the node sent to the same node with the same payload (a retransmission). */
  | { kind: 'packet-sent'; timeNs: number; from: string; to: string; packetId: number; resendOf?: number }
  | { kind: 'packet-delivered'; timeNs: number; from: string; to: string; packetId: number; sentNs: number }
  | { kind: 'packet-dropped'; timeNs: number; from: string; to: string; packetId: number; reason: string }
  | { kind: 'crash'; timeNs: number; node: string }
  | { kind: 'restart'; timeNs: number; node: string; incarnation: number }
  | { kind: 'partition'; timeNs: number; groups: string[][] }
  | { kind: 'heal'; timeNs: number }
  /** A workload step the runner could not issue, e.g. a process whose spawn failed. */
  | { kind: 'skipped'; timeNs: number; step: number; reason: string };

export type HistoryEntryKind = HistoryEntry['kind'];

export type History = readonly HistoryEntry[];
