// The counts by which tests compare two searches of one model (1 vs 2 threads, interrupted and
// resumed, spilled or not): the verdict, TLC's statistics and per-action coverage.
import type { CheckResult } from './check-result.js';

/**
 * With `exactCoverage` (one thread), also each action's distinct states: with more threads, which
 * action first reaches a state two paths of a level share depends on timing (as in TLC), so only
 * per-action generated counts and the total of new states are deterministic.
 */
export function resultCounts(r: CheckResult, exactCoverage: boolean) {
  return {
    result: r.result,
    statesGenerated: r.stats.statesGenerated,
    distinctStates: r.stats.distinctStates,
    depth: r.stats.depth,
    queueLeft: r.stats.queueLeft,
    coverage: r.coverage.map((c) => [c.name, c.generated, ...(exactCoverage ? [c.distinct] : [])]),
    newStatesByActions: r.coverage.reduce((sum, c) => sum + c.distinct, 0),
  };
}
