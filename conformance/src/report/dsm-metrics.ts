// What a run's DSM cost, read from the trace any port reports (PROTOCOL.md, feature dsm): faults,
// messages between nodes (a fault's request and every forward of it, the copy or page sent, an
// invalidation and its acknowledgement), and fault latency (from Fault to FaultServed on the node).
import type { History } from '../history.js';

export interface DsmFaultMetrics {
  faults: number;
  /** Faults that ended with FaultServed (the rest failed or were cut short by a crash). */
  served: number;
  /** Every DSM message between two nodes. */
  messages: number;
  /** The messages that looked for the owner: each fault's first request and every forward (Li and Hudak's measure). */
  locateMessages: number;
  /** Latencies of the served faults, in simulated ns, in the order they were served. */
  latenciesNs: number[];
}

export function dsmFaultMetrics(history: History): DsmFaultMetrics {
  const metrics: DsmFaultMetrics = { faults: 0, served: 0, messages: 0, locateMessages: 0, latenciesNs: [] };
  const open = new Map<string, number>(); // node|segment/page → when its fault began
  for (const entry of history) {
    if (entry.kind === 'crash') for (const key of [...open.keys()]) if (key.startsWith(`${entry.node}|`)) open.delete(key);
    if (entry.kind !== 'event') continue;
    const { node, event: e } = entry;
    switch (e.kind) {
      case 'Fault':
        metrics.faults++;
        open.set(`${node}|${e.segment}/${e.page}`, entry.timeNs);
        if (e.to !== node) countLocate(metrics);
        break;
      case 'RequestForwarded':
        if (e.to !== node) countLocate(metrics);
        break;
      case 'CopyGranted':
      case 'OwnershipTransferred':
        if (e.to !== node) metrics.messages++;
        break;
      case 'Invalidated':
        if (e.by !== node) metrics.messages += 2;
        break;
      case 'FaultServed': {
        const key = `${node}|${e.segment}/${e.page}`;
        const startNs = open.get(key);
        if (startNs === undefined) break;
        open.delete(key);
        metrics.served++;
        metrics.latenciesNs.push(entry.timeNs - startNs);
        break;
      }
      default:
        break;
    }
  }
  return metrics;
}

function countLocate(metrics: DsmFaultMetrics): void {
  metrics.messages++;
  metrics.locateMessages++;
}
