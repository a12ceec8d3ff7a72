// Resolves a hardware preset name to the topology a test runs on: `star` (machines on one
// switch, built for the test's node count) or a preset file hardware-models/presets/NAME.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { parseHardwareModel, formatFieldPath, starTopology, type TopologyGraph } from '../../hardware-models/src/index.js';
import { sourceDir } from './source-dir.js';

export const DEFAULT_HARDWARE = 'star';

/** Bad hardware choice: the message names the preset and lists the ones that exist. */
export class HardwareError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HardwareError';
  }
}

export function hardwarePresets(): string[] {
  const dir = sourceDir('hardware-models/presets');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)) : [];
  return [DEFAULT_HARDWARE, ...files.sort()];
}

const cache = new Map<string, TopologyGraph>();

/** The topology for `preset`; node i of the test runs on machine i. */
export function resolveTopology(preset: string, nodes: string[]): TopologyGraph {
  if (preset === DEFAULT_HARDWARE) return starTopology(nodes);
  let graph = cache.get(preset);
  if (graph === undefined) {
    const file = sourceDir(`hardware-models/presets/${preset}.json`);
    if (!/^[a-z0-9-]+$/.test(preset) || !existsSync(file)) {
      throw new HardwareError(`unknown hardware preset '${preset}'; the presets are ${hardwarePresets().join(', ')}`);
    }
    const parsed = parseHardwareModel(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.kind === 'invalid') {
      throw new HardwareError(`${file}: ${parsed.issues.map((i) => `${formatFieldPath(i.path)}: ${i.message}`).join('; ')}`);
    }
    graph = parsed.built.graph;
    cache.set(preset, graph);
  }
  if (graph.machines.length < nodes.length) {
    throw new HardwareError(`hardware preset '${preset}' has ${graph.machines.length} machines; the test needs ${nodes.length}`);
  }
  return graph;
}
