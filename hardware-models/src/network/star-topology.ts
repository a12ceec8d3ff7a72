// A ready-made topology for tests and small clusters: named machines on one switch.
import type { TopologyGraph } from './topology-graph.js';

export interface StarTopologyOptions {
  bandwidthBitsPerSec?: number;
  /** One way, machine to switch; a message between two machines pays it twice. */
  propagationNs?: number;
  bufferBytes?: number;
  forwardingNs?: number;
  cores?: number;
  clockHz?: number;
}

/** Defaults: 10 Gb/s, 500 ns each way to the switch, 1 MiB buffers, 300 ns forwarding, 8 cores at 2.4 GHz, free NICs. */
export function starTopology(nodeIds: string[], options: StarTopologyOptions = {}): TopologyGraph {
  const unique = new Set(nodeIds);
  if (unique.size !== nodeIds.length) throw new RangeError(`starTopology: node ids must be unique, got ${nodeIds.join(', ')}`);
  if (unique.has('switch')) throw new RangeError("starTopology: 'switch' is the switch's id; choose another node id");
  const link = {
    bandwidthBitsPerSec: options.bandwidthBitsPerSec ?? 10e9,
    propagationNs: options.propagationNs ?? 500,
    bufferBytes: options.bufferBytes ?? 1 << 20,
  };
  return {
    machines: nodeIds.map((id) => ({
      id,
      cores: options.cores ?? 8,
      clockHz: options.clockHz ?? 2.4e9,
      nic: { txFixedNs: 0, txPerByteNs: 0, rxFixedNs: 0, rxPerByteNs: 0 },
    })),
    devices: [{ id: 'switch', kind: 'switch', forwardingNs: options.forwardingNs ?? 300 }],
    links: nodeIds.map((id) => ({ a: id, b: 'switch', ...link })),
  };
}
