// NIC model: line rate and bonded ports, queues, per-packet and per-byte costs, interrupts or
// polling; and the pooled NIC that the machines of a rack share over a fabric.
import { z } from 'zod';
import type { NicCosts } from '../network/topology-graph.js';
import { LinkSchema } from './link.js';

const ns = z.number().nonnegative();

export const ReceiveModeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('interrupt'),
    latencyNs: ns.describe('From the packet landing in memory to the handler running.'),
    coalescingNs: ns.default(0).describe('Interrupt moderation window; a packet waits half of it on average.'),
  }),
  z.strictObject({
    kind: z.literal('polling'),
    intervalNs: ns.describe('Time between polls of a receive queue; a packet waits half of it on average.'),
  }),
]);

export const NicSchema = z.strictObject({
  lineRateBitsPerSec: z.number().positive().describe('Per port: 10e9, 40e9, 100e9 …'),
  ports: z.number().int().positive().default(1).describe('Bonded ports; the machine\'s access bandwidth is ports × line rate.'),
  queues: z.number().int().positive().default(1).describe('Receive/transmit queue pairs (for flow hashing across cores).'),
  txPerPacketNs: ns.default(0),
  txPerByteNs: ns.default(0),
  rxPerPacketNs: ns.default(0),
  rxPerByteNs: ns.default(0),
  receive: ReceiveModeSchema.default({ kind: 'polling', intervalNs: 0 }),
});
export type Nic = z.infer<typeof NicSchema>;

export const PooledNicSchema = z.strictObject({
  nic: z.string().min(1).describe('Name of the shared NIC in nicTypes; its line rate is the rack\'s uplink.'),
  fabric: LinkSchema.describe('The link from each machine to the pooled NIC (e.g. PCIe or CXL).'),
  forwardingNs: ns.default(0).describe('Lookup and DMA steering inside the pooled NIC.'),
});
export type PooledNic = z.infer<typeof PooledNicSchema>;

/** Folds a NIC's costs into the per-message numbers the network charges. */
export function nicCosts(nic: Nic): NicCosts {
  const receiveWaitNs = nicReceiveWaitNs(nic);
  return {
    txFixedNs: nic.txPerPacketNs,
    txPerByteNs: nic.txPerByteNs,
    rxFixedNs: nic.rxPerPacketNs + receiveWaitNs,
    rxPerByteNs: nic.rxPerByteNs,
  };
}

function nicReceiveWaitNs(nic: Nic): number {
  const mode = nic.receive;
  switch (mode.kind) {
    case 'interrupt': return mode.latencyNs + mode.coalescingNs / 2;
    case 'polling': return mode.intervalNs / 2;
    default: {
      const unreachable: never = mode;
      throw new Error(`unknown receive mode ${JSON.stringify(unreachable)}`);
    }
  }
}

export function nicBandwidthBitsPerSec(nic: Nic): number {
  return nic.lineRateBitsPerSec * nic.ports;
}
