// A TopologyGraph checked and indexed for the network: machines and devices numbered, every
// full-duplex link split into two directed channels, each machine's access link found.
import type { TopologyGraph } from './topology-graph.js';

/** Vertices are numbered machines first (0..machineCount-1), then devices. Channel 2i carries
 * link i from a to b, channel 2i+1 from b to a, so `channel ^ 1` is the way back. */
export class TopologyIndex {
  readonly machineCount: number;
  readonly channelTo: Int32Array;
  readonly channelBandwidth: Float64Array;
  readonly channelPropagationNs: Float64Array;
  readonly channelBufferBytes: Float64Array;
  readonly channelName: string[] = [];
  /** Per machine: its access channel up and down, and the device it hangs off. */
  readonly upChannel: Int32Array;
  readonly downChannel: Int32Array;
  readonly attachedDevice: Int32Array;
  readonly forwardingNs: Float64Array;
  /** deviceAdjacency[d] = channels leaving device d towards other devices. */
  readonly deviceAdjacency: number[][];
  private readonly machineIndex = new Map<string, number>();
  private readonly vertexIndex = new Map<string, number>();

  /** Throws on a link to an unknown vertex, a link joining two machines, and a machine with no link or two. */
  constructor(readonly graph: TopologyGraph) {
    const machines = graph.machines;
    this.machineCount = machines.length;
    machines.forEach((m, i) => {
      this.machineIndex.set(m.id, i);
      this.vertexIndex.set(m.id, i);
    });
    graph.devices.forEach((d, i) => this.vertexIndex.set(d.id, machines.length + i));
    const channelCount = 2 * graph.links.length;
    this.channelTo = new Int32Array(channelCount);
    this.channelBandwidth = new Float64Array(channelCount);
    this.channelPropagationNs = new Float64Array(channelCount);
    this.channelBufferBytes = new Float64Array(channelCount);
    this.upChannel = new Int32Array(machines.length).fill(-1);
    this.downChannel = new Int32Array(machines.length).fill(-1);
    this.attachedDevice = new Int32Array(machines.length).fill(-1);
    this.forwardingNs = Float64Array.from(graph.devices, (d) => d.forwardingNs);
    this.deviceAdjacency = graph.devices.map(() => []);
    graph.links.forEach((link, i) => {
      const a = this.vertex(link.a, `link ${i}`);
      const b = this.vertex(link.b, `link ${i}`);
      for (const [channel, from, to] of [[2 * i, a, b], [2 * i + 1, b, a]] as const) {
        this.channelTo[channel] = to;
        this.channelBandwidth[channel] = link.bandwidthBitsPerSec;
        this.channelPropagationNs[channel] = link.propagationNs;
        this.channelBufferBytes[channel] = link.bufferBytes;
        this.channelName[channel] = `${this.vertexId(from)}->${this.vertexId(to)}`;
        if (from < this.machineCount) {
          if (to < this.machineCount) throw new Error(`link ${i} joins two machines (${link.a}, ${link.b}); machines attach to a switch or pooled NIC`);
          if (this.upChannel[from] !== -1) throw new Error(`machine ${machines[from]!.id} has more than one link; bond ports in its NIC instead`);
          this.upChannel[from] = channel;
          this.downChannel[from] = channel ^ 1;
          this.attachedDevice[from] = to - this.machineCount;
        } else if (to >= this.machineCount) {
          this.deviceAdjacency[from - this.machineCount]!.push(channel);
        }
      }
    });
    machines.forEach((m, i) => {
      if (this.upChannel[i] === -1 && machines.length > 1) throw new Error(`machine ${m.id} has no link`);
    });
  }

  get machineIds(): string[] {
    return this.graph.machines.map((m) => m.id);
  }

  /** The index of a machine, or a RangeError naming the machines there are. */
  machine(nodeId: string): number {
    const index = this.machineIndex.get(nodeId);
    if (index === undefined) throw new RangeError(`unknown node '${nodeId}'; the topology's machines are ${this.describeMachines()}`);
    return index;
  }

  machineId(machine: number): string {
    return this.graph.machines[machine]!.id;
  }

  private vertexId(vertex: number): string {
    return vertex < this.machineCount ? this.graph.machines[vertex]!.id : this.graph.devices[vertex - this.machineCount]!.id;
  }

  private describeMachines(): string {
    const ids = this.machineIds;
    return ids.length <= 8 ? ids.join(', ') : `${ids.slice(0, 8).join(', ')}, … (${ids.length} in all)`;
  }

  private vertex(id: string, where: string): number {
    const index = this.vertexIndex.get(id);
    if (index === undefined) throw new RangeError(`${where}: unknown machine or device '${id}'`);
    return index;
  }
}
