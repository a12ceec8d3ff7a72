// Processes: cluster-global identifiers, the node-local process table, and placement.
// A pid names the node and node incarnation that created it, so it is unique forever without
// coordination; location is looked up (`locate`), never assumed by callers from the pid's text.
import type { Placement, RunParameters } from '../../../conformance/protocol/index.js';
import type { NodeId, Pid } from '../ids.js';

/** `p<counter>.<incarnation>@<node>`; node ids may contain any character, so parse from the right. */
export function makePid(node: NodeId, incarnation: number, counter: number): Pid {
  return `p${counter}.${incarnation}@${node}`;
}

export interface ParsedPid {
  node: NodeId;
  incarnation: number;
}

/** Returns undefined for text that no reference kernel produced (a bad pid from the suite). */
export function parsePid(pid: Pid): ParsedPid | undefined {
  const at = pid.indexOf('@');
  if (at < 0) return undefined;
  const match = /^p\d+\.(\d+)$/.exec(pid.slice(0, at));
  if (!match) return undefined;
  return { node: pid.slice(at + 1), incarnation: Number(match[1]) };
}

/** The volatile process table of one node: a crash loses every process (PROTOCOL.md). */
export interface ProcessTable {
  live: Set<Pid>;
  nextCounter: number;
}

export function emptyProcessTable(): ProcessTable {
  return { live: new Set(), nextCounter: 1 };
}

export function spawnLocal(table: ProcessTable, node: NodeId, incarnation: number): Pid {
  const pid = makePid(node, incarnation, table.nextCounter++);
  table.live.add(pid);
  return pid;
}

/** The home node of a pid: where the reference kernel (which does not migrate) runs it. */
export function homeNode(pid: Pid, nodes: readonly NodeId[]): NodeId | undefined {
  const parsed = parsePid(pid);
  return parsed !== undefined && nodes.includes(parsed.node) ? parsed.node : undefined;
}

export type PlacementChoice = { kind: 'node'; node: NodeId } | { kind: 'impossible'; text: string };

/**
 * Where a process with this placement goes, asked at node `here`. Deterministic: among equal
 * candidates prefer `here` (no network hop), then the first in the cluster's node order.
 */
export function choosePlacement(placement: Placement, here: NodeId, nodes: readonly NodeId[], params: RunParameters): PlacementChoice {
  const prefer = (candidates: NodeId[], why: string): PlacementChoice => {
    if (candidates.includes(here)) return { kind: 'node', node: here };
    const first = candidates[0];
    return first === undefined ? { kind: 'impossible', text: why } : { kind: 'node', node: first };
  };
  switch (placement.kind) {
    case 'here':
      return { kind: 'node', node: here };
    case 'node':
      return nodes.includes(placement.node)
        ? { kind: 'node', node: placement.node }
        : { kind: 'impossible', text: `placement.node '${placement.node}' is not a node of this cluster (${nodes.join(', ')})` };
    case 'near': {
      const node = homeNode(placement.pid, nodes);
      return node !== undefined ? { kind: 'node', node } : { kind: 'impossible', text: `placement.pid '${placement.pid}' is not a process of this cluster` };
    }
    case 'far': {
      const node = homeNode(placement.pid, nodes);
      if (node === undefined) return { kind: 'impossible', text: `placement.pid '${placement.pid}' is not a process of this cluster` };
      return prefer(nodes.filter((n) => n !== node), `no node other than ${node} to place a process far from ${placement.pid}`);
    }
    case 'zone':
      return prefer(nodes.filter((n) => params.zones[n] === placement.zone), `no node in zone '${placement.zone}' (zones: ${JSON.stringify(params.zones)})`);
  }
}
