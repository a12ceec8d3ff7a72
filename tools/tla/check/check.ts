// `checkModel`: exhaustive breadth-first model checking of a Model, on this thread or on worker
// threads, returning TLC's statistics and, on a violation, a shortest counterexample.
import type { LoadedModel, Model } from './model.js';
import type { CheckResult } from './check-result.js';
import { guardedActionChecks, needsStateGraph, validateProperties } from './liveness.js';
import { checkInParallel } from './parallel-check.js';
import { checkSequentially, searchAgainAlone } from './sequential-check.js';
import { DiagnosticError } from '../diagnostics.js';
import type { CheckOptions } from './search-run.js';

export type { CheckOptions } from './search-run.js';

export async function checkModel(input: LoadedModel | Model, options: CheckOptions = {}): Promise<CheckResult> {
  const model = 'model' in input ? input.model : input;
  const workers = options.workers ?? 1;
  validateProperties(model);
  if ((options.checkpoint || options.resume) && needsStateGraph(model)) {
    throw new Error('checkpoints of a search with temporal properties are not supported: liveness needs the state graph, which a checkpoint does not hold');
  }
  const started = Date.now();
  try {
    if (searchingThreads(input, workers) > 1) return await checkInParallel(input as LoadedModel, workers, options);
    return await checkSequentially(model, options);
  } catch (error) {
    // A liveness predicate's error met judging the graph after the search (an action predicate's):
    // TLC meets it expanding a state, where a search again alone evaluating them meets it too.
    if (!(error instanceof DiagnosticError) || !needsStateGraph(model)) throw error;
    const alone = await searchAgainAlone(model, options, Date.now() - started);
    if (alone?.result === 'error' && alone.violation.liveness === 'expansion') return alone;
    throw error;
  }
}

/**
 * How many threads `checkModel` searches on when asked for `workers`: one for a bare Model (workers
 * rebuild it from a LoadedModel's source) and for a guarded `S \/ [][A]_v` property (its failed
 * steps are recorded in the one-thread graph). Other temporal properties are checked on the graph
 * joined from every thread's part (`graph-fragment.ts`).
 */
export function searchingThreads(input: LoadedModel | Model, workers: number): number {
  return workers > 1 && 'model' in input && guardedActionChecks(input.model).length === 0 ? workers : 1;
}
