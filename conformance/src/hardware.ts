// Resolves a hardware preset name to the topology a test runs on: `star` (machines on one
// switch, built for the test's node count) or a preset file hardware-models/presets/NAME.json.
import { listPresets, loadPreset, starTopology, type TopologyGraph } from '../../hardware-models/src/index.js';
import { DEFAULT_NODE_MACHINE, type NodeMachine } from '../protocol/index.js';

export const DEFAULT_HARDWARE = 'star';

/** Bad hardware choice: the message names the preset and lists the ones that exist. */
export class HardwareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HardwareError';
  }
}

export function hardwarePresets(): string[] {
  return [DEFAULT_HARDWARE, ...listPresets()];
}

const cache = new Map<string, TopologyGraph>();

/** The topology for `preset`; node i of the test runs on machine i. */
export function resolveTopology(preset: string, nodes: string[]): TopologyGraph {
  if (preset === DEFAULT_HARDWARE) return starTopology(nodes);
  let graph = cache.get(preset);
  if (graph === undefined) {
    if (!listPresets().includes(preset)) {
      throw new HardwareError(`unknown hardware preset '${preset}'; the presets are ${hardwarePresets().join(', ')}`);
    }
    graph = loadPreset(preset).built.graph;
    cache.set(preset, graph);
  }
  if (graph.machines.length < nodes.length) {
    throw new HardwareError(`hardware preset '${preset}' has ${graph.machines.length} machines; the test needs ${nodes.length}`);
  }
  return graph;
}

/**
 * Each node's machine as the protocol's `init.machines` describes it: node i runs on machine i;
 * its NIC rate is that of its link to the network; memory the graph does not give (`star`) is the
 * default machine's.
 */
export function nodeMachines(topology: TopologyGraph, nodes: readonly string[]): Record<string, NodeMachine> {
  return Object.fromEntries(
    nodes.map((node, i) => {
      const machine = topology.machines[i]!;
      const link = topology.links.find((l) => l.a === machine.id || l.b === machine.id);
      const description: NodeMachine = {
        hardwareThreads: machine.cores,
        memoryBytes: machine.memoryBytes ?? DEFAULT_NODE_MACHINE.memoryBytes,
        nicBitsPerSec: link?.bandwidthBitsPerSec ?? DEFAULT_NODE_MACHINE.nicBitsPerSec,
      };
      return [node, description];
    }),
  );
}
