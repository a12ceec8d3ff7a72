// Stopping one long evaluation: loops over many elements (a set enumerated, a quantifier, a filter)
// call `pollInterrupt`, so a time limit or Ctrl-C stops a model check inside a state, not only
// between states (one invariant of MCQuicksort enumerates SUBSET SUBSET (1..4) for seconds).

/** Thrown out of an evaluation when the installed check asks to stop; never a finding of the model. */
export class EvaluationInterrupted extends Error {
  constructor() {
    super('evaluation interrupted: the run was asked to stop');
    this.name = 'EvaluationInterrupted';
  }
}

/** Elements between two calls of the check: a check costs a clock read, an element ≥ 100 ns. */
const POLL_EVERY = 4096;

let countdown = POLL_EVERY;
let shouldStop: (() => boolean) | null = null;

/** Counts one element of a long loop; every POLL_EVERY, throws EvaluationInterrupted if the check says so. */
export function pollInterrupt(): void {
  if (--countdown > 0) return;
  countdown = POLL_EVERY;
  if (shouldStop !== null && shouldStop()) throw new EvaluationInterrupted();
}

/**
 * Runs `body` (synchronous, so that two searches interleaved on one thread never see each other's
 * check) with `check` polled by the long evaluations inside it.
 */
export function withInterruptCheck<T>(check: (() => boolean) | undefined, body: () => T): T {
  if (check === undefined) return body();
  const previous = shouldStop;
  shouldStop = check;
  try {
    return body();
  } finally {
    shouldStop = previous;
  }
}
