// Parameters of the network-stack cost models as plain data, validated with zod: a Linux-like
// kernel stack and an IX-like dataplane, discriminated on `kind`, plus the memory they share.
import { z } from 'zod';

const nonNegativeNs = z.number().finite().nonnegative();
const positiveInt = z.number().int().positive();

/** The per-connection state a stack touches for each message, and how it competes for the LLC. */
export const connectionStateSchema = z.object({
  /** Bytes of state per open connection (protocol control block, socket, buffers, epoll entry). */
  bytesPerConnection: z.number().positive(),
  /** Cache lines of that state touched per message; each is a miss when not in the LLC. */
  linesPerMessage: z.number().nonnegative(),
  /**
   * How the LLC hit ratio falls once the working set W exceeds the cache C: hit = (C/W)^reuseExponent.
   * 1 is uniform random reuse; smaller values mean some state stays hot longer (skewed reuse).
   */
  reuseExponent: z.number().positive().max(1),
});

/** The memory system the cost models charge misses to (a property of the machine, not the stack). */
export const memorySchema = z.object({
  /** Shared last-level cache, bytes (Xeon E5-2665: 20 MB). */
  llcBytes: z.number().positive(),
  /** Cost of one LLC miss served from DRAM, ns. */
  llcMissNs: nonNegativeNs,
});

/**
 * A Linux-like kernel stack: the NIC interrupts (moderated), softirq runs the protocol per packet,
 * the application thread blocked in epoll_wait is woken and calls read and write per message.
 */
export const linuxStackParamsSchema = z.object({
  kind: z.literal('linux'),
  /** Minimum gap between two interrupts of one NIC queue (interrupt moderation); adds latency, not CPU. */
  interruptModerationNs: nonNegativeNs,
  /** Hard interrupt entry/exit and NAPI scheduling, per interrupt. */
  interruptNs: nonNegativeNs,
  /** Waking the thread blocked in epoll_wait (scheduler, context switch), when it was idle. */
  epollWakeupNs: nonNegativeNs,
  /** One system call's fixed cost (entry, exit, fd lookup); epoll_wait per round, read + write per message. */
  syscallNs: nonNegativeNs,
  /** Receive path per packet: driver, IP, TCP input, socket queueing. */
  rxPerPacketNs: nonNegativeNs,
  /** Transmit path per packet: TCP output, qdisc, driver. */
  txPerPacketNs: nonNegativeNs,
  /** Application (libevent dispatch + echo) per message. */
  applicationPerMessageNs: nonNegativeNs,
  /** Copy between kernel and user buffers, per payload byte (both directions together). */
  copyNsPerByte: nonNegativeNs,
  /** accept + socket creation, and close/RST + teardown, per connection. */
  connectionSetupNs: nonNegativeNs,
  connectionTeardownNs: nonNegativeNs,
  /** Packets one interrupt's NAPI poll may handle (the NAPI budget). */
  maxPacketsPerInterrupt: positiveInt,
  connectionState: connectionStateSchema,
});

/**
 * An IX-like dataplane: each hardware thread polls its own NIC queues (flow-consistent hashing),
 * takes up to `batchBound` packets and runs them to completion (protocol, application, transmit)
 * with zero copy; batches grow only when packets are waiting (adaptive batching).
 */
export const ixStackParamsSchema = z.object({
  kind: z.literal('ix'),
  /** Maximum packets per run-to-completion iteration (B; the paper uses 64). */
  batchBound: positiveInt,
  /** Fixed cost of one iteration: kernel/user transition, transmit doorbell, timers. */
  perBatchNs: nonNegativeNs,
  /** Polling one NIC receive queue once per iteration (4x10GbE: four queues per thread). */
  pollPerQueueNs: nonNegativeNs,
  /** Protocol + application + transmit per message (64-byte payload, zero copy). */
  perMessageNs: nonNegativeNs,
  /** Per payload byte beyond the first segment (checksum, descriptors); small because of zero copy. */
  perByteNs: nonNegativeNs,
  connectionSetupNs: nonNegativeNs,
  connectionTeardownNs: nonNegativeNs,
  connectionState: connectionStateSchema,
});

export const stackParamsSchema = z.discriminatedUnion('kind', [linuxStackParamsSchema, ixStackParamsSchema]);

export type ConnectionState = z.infer<typeof connectionStateSchema>;
export type MemoryParams = z.infer<typeof memorySchema>;
export type LinuxStackParams = z.infer<typeof linuxStackParamsSchema>;
export type IxStackParams = z.infer<typeof ixStackParamsSchema>;
export type StackParams = z.infer<typeof stackParamsSchema>;
