// CPU cost of one "round" of a network stack on one hardware thread: for Linux one moderated
// interrupt of one NIC queue and the epoll round it wakes; for IX one run-to-completion iteration.
import { stateMissesPerMessage } from './connection-state-misses.js';
import type { IxStackParams, LinuxStackParams, MemoryParams, StackParams } from './stack-params.js';

/** TCP payload bytes per Ethernet frame (1500-byte MTU, 20-byte IP and 32-byte TCP headers with timestamps). */
export const tcpMaxSegmentBytes = 1448;

/** What one round processes. A message is one request received and its echo sent. */
export interface RoundWork {
  messages: number;
  messageBytes: number;
  /** Connections whose first message is in this round (SYN handshake and accept are charged). */
  connectionsOpened: number;
  /** Connections closed after their last message in this round (RST and teardown are charged). */
  connectionsClosed: number;
  /** NIC receive queues this thread serves (one per port it receives on). */
  queuesPolled: number;
  /** Linux: the application thread was blocked in epoll_wait and has to be woken. */
  threadWasIdle: boolean;
  /** Connections open on the host: the working set that decides LLC misses. */
  openConnections: number;
}

/** Segments (packets) needed to carry one message of `messageBytes`. */
export function packetsPerMessage(messageBytes: number): number {
  return Math.max(1, Math.ceil(messageBytes / tcpMaxSegmentBytes));
}

/** Most messages one round may take (IX: the batch bound B; Linux: the NAPI budget in messages). */
export function maxMessagesPerRound(params: StackParams, messageBytes: number): number {
  switch (params.kind) {
    case 'ix':
      return Math.max(1, Math.floor(params.batchBound / packetsPerMessage(messageBytes)));
    case 'linux':
      return Math.max(1, Math.floor(params.maxPacketsPerInterrupt / packetsPerMessage(messageBytes)));
    default:
      return assertNever(params);
  }
}

/** Least time between two rounds' starts on one queue: interrupt moderation for Linux, none for polling IX. */
export function roundGateNs(params: StackParams): number {
  switch (params.kind) {
    case 'ix':
      return 0;
    case 'linux':
      return params.interruptModerationNs;
    default:
      return assertNever(params);
  }
}

/** CPU time, in ns, that one round takes on one hardware thread. */
export function roundCostNs(params: StackParams, memory: MemoryParams, work: RoundWork): number {
  switch (params.kind) {
    case 'ix':
      return ixRoundCostNs(params, memory, work);
    case 'linux':
      return linuxRoundCostNs(params, memory, work);
    default:
      return assertNever(params);
  }
}

function missCostPerMessageNs(params: StackParams, memory: MemoryParams, openConnections: number): number {
  return stateMissesPerMessage(openConnections, params.connectionState, memory) * memory.llcMissNs;
}

function connectionLifecycleNs(params: StackParams, work: RoundWork): number {
  return work.connectionsOpened * params.connectionSetupNs + work.connectionsClosed * params.connectionTeardownNs;
}

function ixRoundCostNs(params: IxStackParams, memory: MemoryParams, work: RoundWork): number {
  const extraBytes = Math.max(0, work.messageBytes - 64);
  const perMessage =
    params.perMessageNs + extraBytes * params.perByteNs + missCostPerMessageNs(params, memory, work.openConnections);
  return (
    params.perBatchNs + work.queuesPolled * params.pollPerQueueNs + work.messages * perMessage + connectionLifecycleNs(params, work)
  );
}

function linuxRoundCostNs(params: LinuxStackParams, memory: MemoryParams, work: RoundWork): number {
  const packets = packetsPerMessage(work.messageBytes);
  // read + write per message; a wakeup only when the thread had gone to sleep in epoll_wait.
  const perMessage =
    packets * (params.rxPerPacketNs + params.txPerPacketNs) +
    2 * params.syscallNs +
    params.applicationPerMessageNs +
    work.messageBytes * params.copyNsPerByte +
    missCostPerMessageNs(params, memory, work.openConnections);
  const perRound = params.interruptNs + params.syscallNs + (work.threadWasIdle ? params.epollWakeupNs : 0);
  return perRound + work.messages * perMessage + connectionLifecycleNs(params, work);
}

function assertNever(value: never): never {
  throw new Error(`unhandled stack kind: ${JSON.stringify(value)}`);
}
