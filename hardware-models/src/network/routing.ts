// Routing between devices: shortest paths by latency (then hops), every equal-cost next hop kept,
// one chosen per (sender, receiver) pair by a hash (ECMP), so one pair's messages share a path.
import type { TopologyIndex } from './topology-index.js';

export class Routing {
  /** nextChannelsTo[dstDevice][device]: the equal-cost next hops, computed per destination on first use. */
  private readonly nextChannelsTo: (number[][] | undefined)[];

  constructor(private readonly topology: TopologyIndex) {
    this.nextChannelsTo = topology.graph.devices.map(() => undefined);
  }

  /** The channel out of `device` towards `destinationDevice` for messages from machine `from` to machine `to`. */
  nextHop(device: number, destinationDevice: number, from: number, to: number): number {
    const choices = this.routes(destinationDevice)[device]!;
    if (choices.length === 0) throw new Error(`no route from ${this.topology.graph.devices[device]!.id} to ${this.topology.machineId(to)}`);
    if (choices.length === 1) return choices[0]!;
    return choices[flowHash(from, to) % choices.length]!;
  }

  /** Shortest paths towards one device by propagation delay plus forwarding, then hop count; all
   * ties are kept as equal-cost choices, listed in link order (deterministic). */
  private routes(destinationDevice: number): number[][] {
    const cached = this.nextChannelsTo[destinationDevice];
    if (cached !== undefined) return cached;
    const { channelTo, channelPropagationNs, forwardingNs, deviceAdjacency, machineCount } = this.topology;
    const deviceCount = this.topology.graph.devices.length;
    const distance = new Float64Array(deviceCount).fill(Infinity);
    const hops = new Float64Array(deviceCount).fill(Infinity);
    const next: number[][] = Array.from({ length: deviceCount }, () => []);
    const done = new Uint8Array(deviceCount);
    distance[destinationDevice] = 0;
    hops[destinationDevice] = 0;
    for (;;) {
      let best = -1;
      for (let d = 0; d < deviceCount; d++) {
        if (done[d] || distance[d] === Infinity) continue;
        if (best === -1 || distance[d]! < distance[best]! || (distance[d] === distance[best] && hops[d]! < hops[best]!)) best = d;
      }
      if (best === -1) break;
      done[best] = 1;
      // Links are symmetric, so walking channels out of `best` and reversing them gives the way in.
      for (const channel of deviceAdjacency[best]!) {
        const neighbour = channelTo[channel]! - machineCount;
        if (done[neighbour]) continue;
        const viaDistance = distance[best]! + channelPropagationNs[channel]! + forwardingNs[neighbour]!;
        const viaHops = hops[best]! + 1;
        if (viaDistance < distance[neighbour]! || (viaDistance === distance[neighbour] && viaHops < hops[neighbour]!)) {
          distance[neighbour] = viaDistance;
          hops[neighbour] = viaHops;
          next[neighbour] = [channel ^ 1];
        } else if (viaDistance === distance[neighbour] && viaHops === hops[neighbour]) {
          next[neighbour]!.push(channel ^ 1);
        }
      }
    }
    this.nextChannelsTo[destinationDevice] = next;
    return next;
  }
}

/** A well-mixed 32-bit hash of a (from, to) pair (murmur3's finalizer), so that any modulus spreads pairs evenly. */
function flowHash(from: number, to: number): number {
  let h = Math.imul(from, 0x9e3779b1) ^ (to + 0x7f4a7c15);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
