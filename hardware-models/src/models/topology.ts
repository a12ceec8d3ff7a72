// Topology models as data — one rack, a datacenter of racks under spine switches, several
// datacenters joined by WAN links, or an explicit list — and the builder that expands any of
// them into the TopologyGraph the network simulates.
import { z } from 'zod';
import type { DeviceVertex, LinkEdge, MachineVertex, TopologyGraph } from '../network/topology-graph.js';
import { LinkSchema, SwitchSchema, type Link } from './link.js';
import { PooledNicSchema, nicBandwidthBitsPerSec, nicCosts, type Nic } from './nic.js';
import type { Machine } from './machine.js';

const typeName = z.string().min(1);
const id = z.string().min(1).regex(/^[A-Za-z0-9_.:-]+$/, 'ids use letters, digits and _ . : -');

export const RackBodySchema = z.strictObject({
  machines: z.number().int().positive(),
  machineType: typeName.describe('Name of an entry in machineTypes.'),
  access: LinkSchema.describe('Machine-to-ToR link; its bandwidth is capped by the machine NIC (line rate × ports).'),
  tor: SwitchSchema,
  pooledNic: PooledNicSchema.extend({ uplink: LinkSchema.describe('Pooled NIC to ToR; capped by the pooled NIC\'s line rate × ports.') }).optional()
    .describe('When present, machines reach the ToR only through one NIC shared by the rack.'),
});
export type RackBody = z.infer<typeof RackBodySchema>;

export const DatacenterBodySchema = z.strictObject({
  racks: z.number().int().positive(),
  rack: RackBodySchema,
  spines: z.number().int().positive().default(1),
  spine: SwitchSchema,
  uplink: LinkSchema.describe('Each ToR to each spine.'),
});
export type DatacenterBody = z.infer<typeof DatacenterBodySchema>;

export const TopologySchema = z.discriminatedUnion('kind', [
  RackBodySchema.extend({ kind: z.literal('rack') }),
  DatacenterBodySchema.extend({ kind: z.literal('datacenter') }),
  z.strictObject({
    kind: z.literal('multi-datacenter'),
    sites: z.array(z.strictObject({ name: id, datacenter: DatacenterBodySchema })).min(1),
    gatewayLink: LinkSchema.describe('Each spine of a site to that site\'s WAN gateway.'),
    gateway: SwitchSchema,
    wan: z.array(z.strictObject({ a: id, b: id, link: LinkSchema })).describe('Links between site gateways (by site name).'),
  }),
  z.strictObject({
    kind: z.literal('explicit'),
    machines: z.array(z.strictObject({ id, machineType: typeName })).min(1),
    switches: z.array(z.strictObject({ id, forwardingNs: z.number().int().nonnegative() })).default([]),
    pooledNics: z.array(z.strictObject({ id, nic: typeName, forwardingNs: z.number().int().nonnegative() })).default([]),
    links: z.array(LinkSchema.extend({ a: id, b: id })),
  }),
]);
export type Topology = z.infer<typeof TopologySchema>;

/** The machine and NIC types a topology refers to, already checked to exist. */
export interface TypeTables {
  machineTypes: Record<string, Machine>;
  nicTypes: Record<string, Nic>;
}

export interface BuiltTopology {
  graph: TopologyGraph;
  /** Machine id → name of its machine type. */
  machineTypeOf: Map<string, string>;
}

/** Expands a (reference-checked) topology into machines, devices and links. */
export function buildTopology(topology: Topology, types: TypeTables): BuiltTopology {
  const builder = new GraphBuilder(types);
  switch (topology.kind) {
    case 'rack':
      builder.rack('', topology);
      break;
    case 'datacenter':
      builder.datacenter('', topology);
      break;
    case 'multi-datacenter':
      for (const site of topology.sites) {
        const spines = builder.datacenter(`${site.name}-`, site.datacenter);
        const gateway = builder.device(`${site.name}-gw`, 'switch', topology.gateway.forwardingNs);
        for (const spine of spines) builder.link(spine, gateway, topology.gatewayLink);
      }
      for (const wan of topology.wan) builder.link(`${wan.a}-gw`, `${wan.b}-gw`, wan.link);
      break;
    case 'explicit':
      for (const m of topology.machines) builder.machine(m.id, m.machineType);
      for (const s of topology.switches) builder.device(s.id, 'switch', s.forwardingNs);
      for (const p of topology.pooledNics) builder.device(p.id, 'pooled-nic', p.forwardingNs);
      for (const l of topology.links) builder.link(l.a, l.b, l, builder.accessCap(l.a, l.b));
      break;
    default: {
      const unreachable: never = topology;
      throw new Error(`unknown topology kind ${JSON.stringify(unreachable)}`);
    }
  }
  return builder.result();
}

class GraphBuilder {
  private readonly machines: MachineVertex[] = [];
  private readonly devices: DeviceVertex[] = [];
  private readonly links: LinkEdge[] = [];
  private readonly machineTypeOf = new Map<string, string>();

  constructor(private readonly types: TypeTables) {}

  machine(id: string, machineType: string): string {
    const machine = this.types.machineTypes[machineType]!;
    this.machines.push({ id, cores: machine.cores * machine.threadsPerCore, clockHz: machine.clockHz, nic: nicCosts(this.types.nicTypes[machine.nic]!), memoryBytes: machine.memory.capacityBytes });
    this.machineTypeOf.set(id, machineType);
    return id;
  }

  device(id: string, kind: DeviceVertex['kind'], forwardingNs: number): string {
    this.devices.push({ id, kind, forwardingNs });
    return id;
  }

  link(a: string, b: string, link: Link, capBitsPerSec = Number.POSITIVE_INFINITY): void {
    this.links.push({ a, b, bandwidthBitsPerSec: Math.min(link.bandwidthBitsPerSec, capBitsPerSec), propagationNs: link.propagationNs, bufferBytes: link.bufferBytes });
  }

  /** In an explicit topology, a link from a machine is capped by that machine's NIC. */
  accessCap(a: string, b: string): number {
    const end = [a, b].find((x) => this.machineTypeOf.has(x));
    if (end === undefined) return Number.POSITIVE_INFINITY;
    return nicBandwidthBitsPerSec(this.types.nicTypes[this.types.machineTypes[this.machineTypeOf.get(end)!]!.nic]!);
  }

  rack(prefix: string, rack: RackBody): string {
    const tor = this.device(`${prefix}tor`, 'switch', rack.tor.forwardingNs);
    const machineType = this.types.machineTypes[rack.machineType]!;
    const machineNicBitsPerSec = nicBandwidthBitsPerSec(this.types.nicTypes[machineType.nic]!);
    let attachTo = tor;
    let access: Link = rack.access;
    if (rack.pooledNic !== undefined) {
      const pooled = rack.pooledNic;
      attachTo = this.device(`${prefix}pnic`, 'pooled-nic', pooled.forwardingNs);
      this.link(attachTo, tor, pooled.uplink, nicBandwidthBitsPerSec(this.types.nicTypes[pooled.nic]!));
      access = pooled.fabric;
    }
    for (let i = 0; i < rack.machines; i++) this.link(this.machine(`${prefix}m${i}`, rack.machineType), attachTo, access, machineNicBitsPerSec);
    return tor;
  }

  /** Returns the spine switch ids. */
  datacenter(prefix: string, dc: DatacenterBody): string[] {
    const spines: string[] = [];
    for (let s = 0; s < dc.spines; s++) spines.push(this.device(`${prefix}spine${s}`, 'switch', dc.spine.forwardingNs));
    for (let r = 0; r < dc.racks; r++) {
      const tor = this.rack(`${prefix}r${r}-`, dc.rack);
      for (const spine of spines) this.link(tor, spine, dc.uplink);
    }
    return spines;
  }

  result(): BuiltTopology {
    return { graph: { machines: this.machines, devices: this.devices, links: this.links }, machineTypeOf: this.machineTypeOf };
  }
}
