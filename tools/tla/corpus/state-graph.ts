// A tiny explicit-state explorer, independent of the TLA+ toolchain, that derives expected counts
// from hand transcriptions of the models. It counts as TLC does: initial states at depth 1, and
// "states generated" = initial states plus every successor computed, duplicates included.

export interface StateGraphCounts {
  distinctStates: number;
  statesGenerated: number;
  /** Length (in states) of the longest shortest path from an initial state, as TLC's "depth". */
  depth: number;
  /** Reachable states without any successor (TLC reports the first as a deadlock). */
  deadlocks: number;
  /** Length (in states) of the shortest behaviour ending in a deadlock, or 0. */
  shortestDeadlockTrace: number;
  /** Length (in states) of the shortest behaviour ending in a state for which `isBad` holds, or 0. */
  shortestBadTrace: number;
}

export interface TransitionSystem<S> {
  initialStates: readonly S[];
  successors: (state: S) => readonly S[];
  /** States are compared by this key; it must be canonical (equal states, equal keys). */
  key: (state: S) => string;
  /** Optional: a state predicate whose violation we look for (an invariant's negation). */
  isBad?: (state: S) => boolean;
}

export interface ExploreOptions {
  /** Stop at the first level holding a bad state, as TLC stops at a violation (a known-bad
   *  variant's state space may be infinite). Counts are then partial. */
  stopAtBad?: boolean;
  /** Give up (throw) beyond this many distinct states, so that a mistake cannot exhaust memory. */
  maxDistinctStates?: number;
}

export function exploreStateGraph<S>(system: TransitionSystem<S>, options: ExploreOptions = {}): StateGraphCounts {
  const maxDistinctStates = options.maxDistinctStates ?? 2_000_000;
  const seen = new Set<string>();
  let frontier: S[] = [];
  let statesGenerated = 0;
  let shortestBadTrace = 0;
  let deadlocks = 0;
  let shortestDeadlockTrace = 0;
  const admit = (state: S, depth: number, next: S[]): void => {
    statesGenerated += 1;
    const key = system.key(state);
    if (seen.has(key)) return;
    seen.add(key);
    if (seen.size > maxDistinctStates) throw new Error(`more than ${maxDistinctStates} distinct states: raise maxDistinctStates or shrink the model`);
    next.push(state);
    if (shortestBadTrace === 0 && system.isBad?.(state)) shortestBadTrace = depth;
  };
  for (const state of system.initialStates) admit(state, 1, frontier);
  let depth = frontier.length > 0 ? 1 : 0;
  while (frontier.length > 0 && !(options.stopAtBad && shortestBadTrace > 0)) {
    const next: S[] = [];
    for (const state of frontier) {
      const successors = system.successors(state);
      if (successors.length === 0) {
        deadlocks += 1;
        if (shortestDeadlockTrace === 0) shortestDeadlockTrace = depth;
      }
      for (const successor of successors) admit(successor, depth + 1, next);
    }
    if (next.length > 0) depth += 1;
    frontier = next;
  }
  return { distinctStates: seen.size, statesGenerated, depth, deadlocks, shortestDeadlockTrace, shortestBadTrace };
}

export interface TerminationReport {
  /** Whether the reachable graph has no cycle (self-loops, which change nothing, ignored). */
  acyclic: boolean;
  /** Reachable states that still need progress but where no fair action is enabled. */
  stuckStates: number;
}

/**
 * Decides a leads-to-quiescence liveness property on a finite acyclic state graph: when every
 * behaviour must end in stuttering, it satisfies "eventually no work is left" under weak fairness
 * exactly when no reachable state with work left has all its fair actions disabled.
 */
export function checkFairTermination<S>(
  system: TransitionSystem<S>,
  needsProgress: (state: S) => boolean,
  fairEnabled: (state: S) => boolean,
): TerminationReport {
  const successorsByKey = new Map<string, string[]>();
  const queue: S[] = [...system.initialStates];
  let stuckStates = 0;
  for (const state of queue) successorsByKey.set(system.key(state), []);
  while (queue.length > 0) {
    const state = queue.pop()!;
    const key = system.key(state);
    if (needsProgress(state) && !fairEnabled(state)) stuckStates += 1;
    const out: string[] = [];
    for (const successor of system.successors(state)) {
      const successorKey = system.key(successor);
      if (successorKey !== key) out.push(successorKey);
      if (!successorsByKey.has(successorKey)) {
        successorsByKey.set(successorKey, []);
        queue.push(successor);
      }
    }
    successorsByKey.set(key, out);
  }
  // Kahn's algorithm: the graph is acyclic iff repeatedly removing states without predecessors empties it.
  const inDegree = new Map<string, number>([...successorsByKey.keys()].map((k) => [k, 0]));
  for (const out of successorsByKey.values()) for (const k of out) inDegree.set(k, inDegree.get(k)! + 1);
  const ready = [...inDegree].filter(([, d]) => d === 0).map(([k]) => k);
  let removed = 0;
  while (ready.length > 0) {
    const key = ready.pop()!;
    removed += 1;
    for (const k of successorsByKey.get(key)!) {
      const d = inDegree.get(k)! - 1;
      inDegree.set(k, d);
      if (d === 0) ready.push(k);
    }
  }
  return { acyclic: removed === successorsByKey.size, stuckStates };
}
