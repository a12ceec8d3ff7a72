// A hardware model file: named machine and NIC types, a topology, faults and the provenance of
// its numbers. parseHardwareModel checks shape (zod) and references (ids, type names) and
// returns either a complete model or every issue, each with its JSON field path.
import { z } from 'zod';
import { formatFieldPath } from '../../../conventions/index.js';
import { FaultsSchema, faultNodeReferences, type Faults } from './faults.js';
import { MachineSchema } from './machine.js';
import { NicSchema } from './nic.js';
import { TopologySchema, buildTopology, type BuiltTopology, type Topology } from './topology.js';

export const HardwareModelSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1),
  description: z.string().min(1),
  sources: z.record(z.string(), z.string().min(1)).default({})
    .describe('Provenance: a field path (e.g. "nicTypes.x520.lineRateBitsPerSec") or topic → where the number comes from.'),
  machineTypes: z.record(z.string(), MachineSchema),
  nicTypes: z.record(z.string(), NicSchema),
  topology: TopologySchema,
  faults: FaultsSchema.default(FaultsSchema.parse({})),
  stacks: z.record(z.string(), z.unknown()).default({})
    .describe('Network-stack cost-model parameters, validated by hardware-models/src/stacks.'),
});
export type HardwareModel = z.infer<typeof HardwareModelSchema>;

export type FieldPath = (string | number)[];

/** One problem with a model file: where (JSON field path) and what rule it breaks. */
export interface ModelIssue {
  path: FieldPath;
  message: string;
}

export type ParseResult =
  | { kind: 'ok'; model: HardwareModel; built: BuiltTopology }
  | { kind: 'invalid'; issues: ModelIssue[] };

export function parseHardwareModel(input: unknown): ParseResult {
  const parsed = HardwareModelSchema.safeParse(input);
  if (!parsed.success) {
    return { kind: 'invalid', issues: describeShapeIssues(parsed.error.issues, input) };
  }
  const model = parsed.data;
  const issues = checkTypeReferences(model);
  if (issues.length > 0) return { kind: 'invalid', issues };
  const topologyIssues = checkTopologyReferences(model.topology);
  if (topologyIssues.length > 0) return { kind: 'invalid', issues: topologyIssues };
  const built = buildTopology(model.topology, model);
  const faultIssues = checkFaultReferences(model.faults, new Set(built.graph.machines.map((m) => m.id)));
  if (faultIssues.length > 0) return { kind: 'invalid', issues: faultIssues };
  return { kind: 'ok', model, built };
}

function pathSegment(segment: PropertyKey): string | number {
  return typeof segment === 'number' ? segment : String(segment);
}

/** zod's issues in the words of a model file: a missing field says so, and a misspelt field
 * names the missing one it most likely meant. */
function describeShapeIssues(zodIssues: readonly z.core.$ZodIssue[], input: unknown): ModelIssue[] {
  const missing = zodIssues.filter((issue) => issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined);
  return zodIssues.map((issue) => {
    const path = issue.path.map(pathSegment);
    if (missing.includes(issue)) return { path, message: `required field is missing (expected ${(issue as { expected: string }).expected})` };
    if (issue.code !== 'unrecognized_keys') return { path, message: issue.message };
    const siblingsMissing = missing.filter((m) => m.path.length === issue.path.length + 1 && issue.path.every((seg, i) => m.path[i] === seg)).map((m) => String(m.path.at(-1)));
    const described = issue.keys.map((key) => {
      const meant = siblingsMissing.find((candidate) => editDistance(key, candidate) <= Math.max(2, Math.floor(candidate.length / 3)));
      return `'${key}'${meant === undefined ? '' : ` (did you mean '${meant}'?)`}`;
    });
    return { path, message: `unknown field${issue.keys.length === 1 ? '' : 's'} ${described.join(', ')}` };
  });
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const seg of path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[seg] : undefined;
  return value;
}

/** Levenshtein distance, for suggesting the field a misspelt one meant. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

function checkTypeReferences(model: HardwareModel): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const nicNames = Object.keys(model.nicTypes);
  const machineNames = Object.keys(model.machineTypes);
  for (const [name, machine] of Object.entries(model.machineTypes)) {
    if (!(machine.nic in model.nicTypes)) issues.push(unknownName(['machineTypes', name, 'nic'], 'NIC type', machine.nic, nicNames));
  }
  const checkRack = (path: FieldPath, machineType: string, pooledNic: string | undefined) => {
    if (!(machineType in model.machineTypes)) issues.push(unknownName([...path, 'machineType'], 'machine type', machineType, machineNames));
    if (pooledNic !== undefined && !(pooledNic in model.nicTypes)) issues.push(unknownName([...path, 'pooledNic', 'nic'], 'NIC type', pooledNic, nicNames));
  };
  const topology = model.topology;
  switch (topology.kind) {
    case 'rack':
      checkRack(['topology'], topology.machineType, topology.pooledNic?.nic);
      break;
    case 'datacenter':
      checkRack(['topology', 'rack'], topology.rack.machineType, topology.rack.pooledNic?.nic);
      break;
    case 'multi-datacenter':
      topology.sites.forEach((site, i) => checkRack(['topology', 'sites', i, 'datacenter', 'rack'], site.datacenter.rack.machineType, site.datacenter.rack.pooledNic?.nic));
      break;
    case 'explicit':
      topology.machines.forEach((m, i) => {
        if (!(m.machineType in model.machineTypes)) issues.push(unknownName(['topology', 'machines', i, 'machineType'], 'machine type', m.machineType, machineNames));
      });
      topology.pooledNics.forEach((p, i) => {
        if (!(p.nic in model.nicTypes)) issues.push(unknownName(['topology', 'pooledNics', i, 'nic'], 'NIC type', p.nic, nicNames));
      });
      break;
    default: {
      const unreachable: never = topology;
      throw new Error(`unknown topology kind ${JSON.stringify(unreachable)}`);
    }
  }
  return issues;
}

function checkTopologyReferences(topology: Topology): ModelIssue[] {
  const issues: ModelIssue[] = [];
  if (topology.kind === 'multi-datacenter') {
    const names = topology.sites.map((s) => s.name);
    const seen = new Set<string>();
    topology.sites.forEach((s, i) => {
      if (seen.has(s.name)) issues.push({ path: ['topology', 'sites', i, 'name'], message: `duplicate site name '${s.name}'; site names must be unique` });
      seen.add(s.name);
    });
    topology.wan.forEach((w, i) => {
      for (const end of ['a', 'b'] as const) {
        if (!seen.has(w[end])) issues.push(unknownName(['topology', 'wan', i, end], 'site', w[end], names));
      }
      if (w.a === w.b) issues.push({ path: ['topology', 'wan', i, 'b'], message: `a WAN link joins two different sites, but both ends are '${w.a}'` });
    });
    return issues;
  }
  if (topology.kind !== 'explicit') return issues;
  const machines = new Set<string>();
  const all = new Map<string, FieldPath>();
  const declare = (id: string, path: FieldPath) => {
    const previous = all.get(id);
    if (previous !== undefined) issues.push({ path, message: `duplicate id '${id}' (first declared at ${formatFieldPath(previous)}); ids must be unique` });
    else all.set(id, path);
  };
  topology.machines.forEach((m, i) => {
    declare(m.id, ['topology', 'machines', i, 'id']);
    machines.add(m.id);
  });
  topology.switches.forEach((s, i) => declare(s.id, ['topology', 'switches', i, 'id']));
  topology.pooledNics.forEach((p, i) => declare(p.id, ['topology', 'pooledNics', i, 'id']));
  const machineLinks = new Map<string, number>();
  const known = [...all.keys()];
  topology.links.forEach((link, i) => {
    for (const end of ['a', 'b'] as const) {
      if (!all.has(link[end])) issues.push(unknownName(['topology', 'links', i, end], 'machine, switch or pooled NIC', link[end], known));
      if (machines.has(link[end])) {
        if (machineLinks.has(link[end])) issues.push({ path: ['topology', 'links', i, end], message: `machine '${link[end]}' already has a link (topology.links[${machineLinks.get(link[end])}]); a machine has one access link — bond NIC ports for more bandwidth` });
        else machineLinks.set(link[end], i);
      }
    }
    if (machines.has(link.a) && machines.has(link.b)) issues.push({ path: ['topology', 'links', i], message: `link joins two machines ('${link.a}', '${link.b}'); connect machines through a switch or pooled NIC` });
  });
  if (topology.machines.length > 1) {
    topology.machines.forEach((m, i) => {
      if (!machineLinks.has(m.id)) issues.push({ path: ['topology', 'machines', i], message: `machine '${m.id}' has no link; add one to topology.links` });
    });
  }
  return issues;
}

function checkFaultReferences(faults: Faults, machines: Set<string>): ModelIssue[] {
  const issues: ModelIssue[] = [];
  const known = [...machines];
  faults.schedule.forEach((action, i) => {
    for (const { node, path } of faultNodeReferences(action)) {
      if (!machines.has(node)) issues.push(unknownName(['faults', 'schedule', i, ...path], 'node', node, known));
    }
  });
  faults.randomCrashes?.nodes?.forEach((node, i) => {
    if (!machines.has(node)) issues.push(unknownName(['faults', 'randomCrashes', 'nodes', i], 'node', node, known));
  });
  return issues;
}

/** `unknown machine type 'x' (known: a, b)`: a reference to a name that is not defined. */
export function unknownName(path: FieldPath, what: string, name: string, known: readonly string[]): ModelIssue {
  const listed = known.length === 0 ? 'none are defined' : known.length <= 6 ? `known: ${known.join(', ')}` : `known: ${known.slice(0, 6).join(', ')}, … (${known.length} in all)`;
  return { path, message: `unknown ${what} '${name}' (${listed})` };
}
