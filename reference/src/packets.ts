// The packets kernels exchange through the network (the protocol's opaque `payload`): the
// reliable link's data and acks, the RPC layer's requests and replies, and the restart hello.
import type { Capability, ErrorCode, ProcessMemory, RpcSemantics } from '../../conformance/protocol/index.js';
import type { NodeId, Pid, JsonValue } from './ids.js';
import type { QuotaMessage } from './quotas/quota-messages.js';
import type { Requester } from './quotas/tenants.js';
import type { DsmMessage } from './dsm/dsm.js';
import type { MigrationControl, MigrationPacket } from './migration/migration-packets.js';

/** A kernel-to-kernel request carried by the reliable link (naming, remote spawn/exit/locate). */
export type KernelRequest =
  /** `capability`: the account whose processes quota the process is charged to, where it runs. */
  | { kind: 'spawn'; memory?: ProcessMemory; capability?: Capability }
  /** `capability`: the one the operation presented (tenant isolation, checked where the process runs). */
  | { kind: 'exit'; pid: Pid; capability?: Capability }
  | { kind: 'locate'; pid: Pid }
  /** `replacing`: bind even though the name is held by that process, which its node said had died. */
  | { kind: 'register'; name: string; pid: Pid; replacing?: Pid }
  | { kind: 'lookup'; name: string }
  /** Answered by every kernel: the response's srcInc tells the asker whether the node restarted. */
  | { kind: 'incarnation' }
  /** Sent by the node where an exit was asked, to every directory, before the exit is answered. */
  | { kind: 'forget'; pid: Pid }
  /** A read or write of a process's memory, sent after a process that left the asking node. */
  | { kind: 'memory'; pid: Pid; page: number; write?: { value: JsonValue }; capability?: Capability };

export type KernelResponse =
  | { kind: 'ok'; value: { [key: string]: JsonValue } }
  /** `holder`: for name_taken, the holder on another node, whose life only that node can vouch for. */
  | { kind: 'error'; code: ErrorCode; text: string; holder?: Pid };

/** What the reliable link carries, exactly once and in order per pair of node incarnations. */
export type LinkBody =
  /**
   * `pseq`: the sender process's sequence number of its messages to `to` (ordering after a migration).
   * `tenant`: the account the sender is charged to, stamped by the sender's kernel; `capability`: the
   * one its send presented (tenant isolation, checked where the receiver runs).
   */
  | { kind: 'message'; msgId: string; from: Pid; to: Pid; body: JsonValue; pseq?: number; tenant?: string; capability?: Capability }
  /** `replyTo`: the asking node, when the request was passed on after a process that moved. */
  | { kind: 'request'; requestId: string; request: KernelRequest; replyTo?: NodeId }
  | { kind: 'migration'; control: MigrationControl }
  | { kind: 'response'; requestId: string; response: KernelResponse }
  | { kind: 'dsm'; message: DsmMessage };

export type RpcOutcome = { kind: 'result'; result: JsonValue } | { kind: 'error'; code: ErrorCode; text: string };

/** Every packet carries its sender's incarnation (`srcInc`): that is how peers learn of restarts. */
export type KernelPacket =
  | { kind: 'link-data'; srcInc: number; dstInc: number; seq: number; body: LinkBody }
  | { kind: 'link-ack'; srcInc: number; dstInc: number; streamInc: number; upTo: number }
  /** Sent at restart so that peers drop link streams to the old incarnation at once. */
  | { kind: 'hello'; srcInc: number }
  /** Mutant `fifo-second-path` only: a message sent outside the link, unsequenced. */
  | { kind: 'direct'; srcInc: number; body: LinkBody }
  | {
      kind: 'rpc-request';
      srcInc: number;
      callId: string;
      client: Pid;
      server: Pid;
      semantics: RpcSemantics;
      /** Per (client, client-node incarnation) sequence number, assigned by the client kernel. */
      seq: number;
      /** Every call of this client with a lower seq has completed: the server may forget them. */
      doneBelow: number;
      /** The server node's incarnation as the client knew it when the call started. */
      serverIncSeen: number;
      attempt: number;
      args: JsonValue;
      /** The client's node, when a node the server left passed the request on. */
      via?: NodeId;
      /** Tenant isolation: the client's account and the capability the call presented (quotas/tenants.ts). */
      asker?: Requester;
    }
  | { kind: 'rpc-reply'; srcInc: number; callId: string; client: Pid; server: Pid; seq: number; outcome: RpcOutcome }
  /** Time-share accounts: leases, ledger calls, epochs, transmitted bytes (quotas/quota-messages.ts). */
  | { kind: 'quota'; srcInc: number; body: QuotaMessage }

  /** Migration's bulk copies and their acknowledgements, outside the link (migration-packets.ts). */
  | { kind: 'migration'; srcInc: number; packet: MigrationPacket };

export type KernelPacketKind = KernelPacket['kind'];

const packetKinds: ReadonlySet<string> = new Set<KernelPacketKind>([
  'link-data', 'link-ack', 'hello', 'direct', 'rpc-request', 'rpc-reply', 'quota', 'migration',
]);

/** Packets come back from the network as JSON; anything else is a bug of whoever sent it. */
export function asKernelPacket(payload: unknown, from: NodeId): KernelPacket {
  const kind = (payload as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !packetKinds.has(kind)) {
    throw new Error(`packet from ${from} is not a reference-kernel packet: ${JSON.stringify(payload)?.slice(0, 200)}`);
  }
  return payload as KernelPacket;
}
