// The resolved, explicit form of a topology that the network simulates: machines, forwarding
// devices (switches, pooled NICs) and full-duplex links. Model files and builders produce it.

/** Per-message NIC costs, already folded from a NIC model (see models/nic.ts). */
export interface NicCosts {
  /** Fixed transmit cost per message (descriptor, doorbell, DMA setup). */
  txFixedNs: number;
  /** Transmit cost per byte (DMA); may be fractional, totals round up. */
  txPerByteNs: number;
  /** Fixed receive cost per message, including the interrupt latency or half the polling interval. */
  rxFixedNs: number;
  rxPerByteNs: number;
}

export interface MachineVertex {
  id: string;
  cores: number;
  clockHz: number;
  nic: NicCosts;
  /** Memory capacity (from the machine model; absent in hand-built graphs such as `star`'s). */
  memoryBytes?: number;
}

export interface DeviceVertex {
  id: string;
  kind: 'switch' | 'pooled-nic';
  /** Cut-through/lookup latency added at every traversal. */
  forwardingNs: number;
}

/** A full-duplex link: each direction has its own bandwidth-limited FIFO queue. */
export interface LinkEdge {
  a: string;
  b: string;
  bandwidthBitsPerSec: number;
  propagationNs: number;
  /** Bytes not yet on the wire (including the rest of the packet being sent) a direction may hold; a packet that would exceed it is tail-dropped. */
  bufferBytes: number;
}

export interface TopologyGraph {
  machines: MachineVertex[];
  devices: DeviceVertex[];
  links: LinkEdge[];
}
