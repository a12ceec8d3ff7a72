// A tiny explicit-state explorer, independent of the TLA+ toolchain, used to derive the corpus's
// expected counts from hand transcriptions of each model (so the numbers do not come from the
// checker they are meant to test). It counts the way TLC does: initial states are at depth 1 and
// "states generated" includes the initial states and every successor computed, duplicates too.

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

export function exploreStateGraph<S>(system: TransitionSystem<S>): StateGraphCounts {
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
    next.push(state);
    if (shortestBadTrace === 0 && system.isBad?.(state)) shortestBadTrace = depth;
  };
  for (const state of system.initialStates) admit(state, 1, frontier);
  let depth = frontier.length > 0 ? 1 : 0;
  while (frontier.length > 0) {
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
