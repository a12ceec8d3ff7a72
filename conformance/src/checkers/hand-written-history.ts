// Hand-written histories for the trace-validation tests: trace events at named nodes, crashes,
// restarts, and packets (a send and its delivery, which order the two nodes' steps), 1 µs apart.
import type { HistoryEntry } from '../history.js';
import type { TraceEvent } from '../../protocol/index.js';

export type HistoryItem =
  | { on: string; event: TraceEvent }
  | { crash: string }
  | { restart: string }
  | { send: number; from: string; to: string }
  | { deliver: number };

/** `start` (spawns at time 0), then the items in order; a delivery names the packet it delivers. */
export function handWrittenHistory(start: HistoryEntry[], items: HistoryItem[]): HistoryEntry[] {
  const entries = [...start];
  const packets = new Map<number, { from: string; to: string; sentNs: number }>();
  items.forEach((item, i) => {
    const timeNs = (i + 1) * 1000;
    if ('on' in item) entries.push({ kind: 'event', timeNs, node: item.on, event: item.event });
    else if ('crash' in item) entries.push({ kind: 'crash', timeNs, node: item.crash });
    else if ('restart' in item) entries.push({ kind: 'restart', timeNs, node: item.restart, incarnation: 1 });
    else if ('send' in item) {
      packets.set(item.send, { from: item.from, to: item.to, sentNs: timeNs });
      entries.push({ kind: 'packet-sent', timeNs, from: item.from, to: item.to, packetId: item.send });
    } else {
      const p = packets.get(item.deliver)!;
      entries.push({ kind: 'packet-delivered', timeNs, from: p.from, to: p.to, packetId: item.deliver, sentNs: p.sentNs });
    }
  });
  return entries;
}

/** Spawned events at time 0, each process on the node its pid names (`p@node`). */
export function spawnedAt(pids: string[]): HistoryEntry[] {
  return pids.map((pid) => {
    const node = pid.split('@')[1]!;
    return { kind: 'event', timeNs: 0, node, event: { kind: 'Spawned', pid, node } };
  });
}
