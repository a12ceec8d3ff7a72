// The links' queues: each direction of a link is a FIFO that sends one message at a time at its
// bandwidth, holds at most its buffer of bytes not yet on the wire, and tail-drops beyond that.
import type { TopologyIndex } from './topology-index.js';

/** Observes every link transmission (link named `from->to`). */
export type TransmitObserver = (link: string, startNs: number, endNs: number, bytes: number) => void;

export class LinkQueues {
  private readonly busyUntilNs: Float64Array;

  constructor(private readonly topology: TopologyIndex, private readonly onTransmit: TransmitObserver | undefined) {
    this.busyUntilNs = new Float64Array(topology.channelTo.length);
  }

  /** Queues `bytes` on `channel` at `nowNs`: returns when the last bit reaches the far end, or -1
   * when the channel's buffer cannot take it (the message is then lost). */
  transmit(channel: number, bytes: number, nowNs: number): number {
    const busyUntil = this.busyUntilNs[channel]!;
    const bandwidth = this.topology.channelBandwidth[channel]!;
    const startNs = busyUntil > nowNs ? busyUntil : nowNs;
    if (busyUntil > nowNs) {
      const backlogBytes = ((busyUntil - nowNs) * bandwidth) / 8e9;
      if (backlogBytes + bytes > this.topology.channelBufferBytes[channel]!) return -1;
    }
    const endNs = startNs + Math.ceil((bytes * 8e9) / bandwidth);
    this.busyUntilNs[channel] = endNs;
    this.onTransmit?.(this.topology.channelName[channel]!, startNs, endNs, bytes);
    return endNs + this.topology.channelPropagationNs[channel]!;
  }
}
