// Faults on the network: the per-message faults and partitions in force, the one place a
// FaultAction is applied (the network's schedule and the conformance suite both go through
// `applyFault`), and random crashes as a Poisson process.
import type { Component, SimEvent, Simulator } from '../engine/simulator.js';
import type { SeededRandom } from '../engine/seeded-random.js';
import { faultNodeReferences, type FaultAction, type MessageFaults, type RandomCrashes } from '../models/faults.js';

const noMessageFaults: MessageFaults = {
  lossProbability: 0,
  duplicationProbability: 0,
  reorderProbability: 0,
  reorderMaxDelayNs: 0,
  extraDelayNs: 0,
  extraDelayJitterNs: 0,
};

/** The per-message faults and the partitions in force; machines are topology indices. */
export class FaultState {
  private messageFaults: MessageFaults;
  /** Directed blocking rules; a from×to matrix would not scale to 10,000 machines, and partitions are few. */
  private partitions: { from: Set<number>; to: Set<number> }[] = [];

  constructor(initial: Partial<MessageFaults> = {}) {
    this.messageFaults = { ...noMessageFaults, ...initial };
  }

  get messages(): MessageFaults {
    return this.messageFaults;
  }

  /** Merges `faults` into those in force and returns the result. */
  setMessageFaults(faults: Partial<MessageFaults>): MessageFaults {
    this.messageFaults = { ...this.messageFaults, ...faults };
    return this.messageFaults;
  }

  /** symmetric: nothing crosses between any two groups; one-way: groups[0] cannot reach the others. */
  partition(groups: Set<number>[], direction: 'symmetric' | 'one-way'): void {
    if (direction === 'one-way') {
      const rest = new Set(groups.slice(1).flatMap((s) => [...s]));
      this.partitions.push({ from: groups[0]!, to: rest });
    } else {
      groups.forEach((from, i) => groups.forEach((to, j) => {
        if (i !== j) this.partitions.push({ from, to });
      }));
    }
  }

  heal(): void {
    this.partitions = [];
  }

  isPartitioned(from: number, to: number): boolean {
    for (const rule of this.partitions) if (rule.from.has(from) && rule.to.has(to)) return true;
    return false;
  }

  /** How long a message is held before it leaves: extra delay, jitter and reordering, drawn in that order. */
  holdNs(random: SeededRandom): number {
    const faults = this.messageFaults;
    let holdNs = faults.extraDelayNs;
    if (faults.extraDelayJitterNs > 0) holdNs += random.int(0, faults.extraDelayJitterNs);
    if (faults.reorderMaxDelayNs > 0 && random.chance(faults.reorderProbability)) holdNs += random.int(1, faults.reorderMaxDelayNs);
    return holdNs;
  }
}

/** What a fault acts on; node ids are the topology's machine ids. */
export interface FaultTarget {
  /** False when the node was already down. */
  crash(nodeId: string): boolean;
  /** False when the node was already up. */
  restart(nodeId: string): boolean;
  partition(groups: string[][], direction: 'symmetric' | 'one-way'): void;
  heal(): void;
  setMessageFaults(faults: Partial<MessageFaults>): void;
  setClockSkew(nodeId: string, offsetNs: number, driftPpm: number): void;
}

/** Applies one fault now. Returns false when it changed nothing (a crash of a node that is down,
 * a restart of a node that is up), so that a caller records only what happened. */
export function applyFault(target: FaultTarget, action: FaultAction): boolean {
  switch (action.kind) {
    case 'crash': return target.crash(action.node);
    case 'restart': return target.restart(action.node);
    case 'partition': target.partition(action.groups, action.direction); return true;
    case 'heal': target.heal(); return true;
    case 'message-faults': target.setMessageFaults(action.faults); return true;
    case 'clock-skew': target.setClockSkew(action.node, action.offsetNs, action.driftPpm); return true;
    default: {
      const unreachable: never = action;
      throw new Error(`unknown fault ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The same action with every node id passed through `rename` (e.g. from a suite's node names to machine ids). */
export function renameFaultNodes(action: FaultAction, rename: (nodeId: string) => string): FaultAction {
  const renamed = structuredClone(action);
  for (const { node, path } of faultNodeReferences(action)) {
    // Every path ends in the field or array slot that holds the id; walk to its container.
    const container = path.slice(0, -1).reduce<Record<string | number, unknown>>((at, key) => at[key] as Record<string | number, unknown>, renamed);
    container[path[path.length - 1]!] = rename(node);
  }
  return renamed;
}

/** The nodes random crashes act on. */
export interface CrashTarget {
  readonly machineIds: string[];
  isUp(nodeId: string): boolean;
  crash(nodeId: string): boolean;
  restart(nodeId: string): boolean;
}

/** Crashes a random up node at exponentially distributed gaps (a Poisson process with the stated
 * mean) and restarts it after a fixed delay. Its draws come from the simulator's one generator. */
export class RandomCrashGenerator implements Component {
  readonly name = 'random-crashes';
  private readonly candidates: string[];

  constructor(private readonly sim: Simulator, private readonly target: CrashTarget, private readonly config: RandomCrashes) {
    this.candidates = config.nodes ?? target.machineIds;
    this.scheduleNextCrash();
  }

  handle(event: SimEvent): void {
    switch (event.kind) {
      case 'crash': return this.crashOne();
      case 'restart': {
        this.target.restart(event.data as string);
        return;
      }
      default: throw new Error(`random crashes: unknown event kind '${event.kind}' at ${this.sim.nowNs} ns`);
    }
  }

  private scheduleNextCrash(): void {
    const gapNs = Math.max(1, Math.round(-Math.log(1 - this.sim.random.float()) * this.config.meanTimeBetweenCrashesNs));
    this.sim.schedule(gapNs, this, 'crash');
  }

  private crashOne(): void {
    const up = this.candidates.filter((id) => this.target.isUp(id));
    if (up.length > 0) {
      const victim = up[this.sim.random.int(0, up.length - 1)]!;
      this.target.crash(victim);
      this.sim.schedule(this.config.restartAfterNs, this, 'restart', victim);
    }
    this.scheduleNextCrash();
  }
}
