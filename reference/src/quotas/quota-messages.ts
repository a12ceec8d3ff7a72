// What kernels say to one another about accounts (inside the kernel packet `quota`): lease
// requests and renewals between a node and the account's ledger, calls to the ledger (usage,
// confirm, derive, revoke), epoch notices after a revocation, and the bytes a transmit sends.
import type { Capability, ErrorCode, QuotaResource, Quotas, Right } from '../../../conformance/protocol/index.js';
import type { JsonValue } from '../ids.js';

/** Orders a holder's requests: [holder incarnation, counter]. A ledger answers each once, and repeats its answer to a copy. */
export type Seq = [number, number];

export function compareSeq(a: Seq, b: Seq): number {
  return a[0] !== b[0] ? a[0] - b[0] : a[1] - b[1];
}

export type LeaseAnswer =
  | { kind: 'granted'; amount: number; termNs: number; epoch: number }
  | { kind: 'renewed'; keep: number; termNs: number; epoch: number }
  /** A renewal of a lease the ledger no longer books (it expired there). */
  | { kind: 'gone' }
  | { kind: 'refused'; code: ErrorCode; text: string };

export type LedgerCall =
  | { kind: 'usage'; cap: Capability }
  /** Whether the capability still grants the right (tenant isolation where the asking node may not know of a revocation). */
  | { kind: 'confirm'; cap: Capability; right: Right }
  | { kind: 'derive'; cap: Capability; rights: Right[] }
  | { kind: 'revoke'; cap: Capability };

export type LedgerCallResult = { kind: 'ok'; value: { [key: string]: JsonValue } } | { kind: 'error'; code: ErrorCode; text: string };

export type QuotaMessage =
  /** Asks for `amount` more units (at least `atLeast`; a bandwidth lease takes what is free). */
  | { t: 'lease-request'; account: string; resource: QuotaResource; seq: Seq; cap: Capability; amount: number; atLeast: number }
  /** Extends the lease, keeping `keep` units of it and giving back the rest (0: give it all back). */
  | { t: 'renew'; account: string; resource: QuotaResource; seq: Seq; keep: number }
  | { t: 'lease-answer'; account: string; resource: QuotaResource; seq: Seq; answer: LeaseAnswer }
  | { t: 'ledger-call'; account: string; callId: string; call: LedgerCall }
  | { t: 'ledger-answer'; callId: string; result: LedgerCallResult }
  /** After a revocation: admit nothing with capabilities of an older epoch. */
  | { t: 'epoch'; account: string; epoch: number }
  | { t: 'epoch-ack'; account: string; epoch: number }
  | { t: 'data'; account: string; bytes: number };

export type { Quotas };
