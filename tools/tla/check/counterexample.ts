// Rebuilds counterexamples the way TLC does: from a path of fingerprints, regenerate each state as
// the successor of the previous one whose fingerprint matches, recording the action taken.
import { DiagnosticError } from '../diagnostics.js';
import type { Model, State, Successor } from './model.js';
import type { RebuiltCounts, TraceStep, Violation } from './check-result.js';
import type { Finding } from './explorer.js';
import { fingerprintKey } from './fingerprint-set.js';

/** The action of a trace step as TLC labels it (with the parameters of the operator, when the model knows them). */
export function actionStep(model: Model, action: number): TraceStep['action'] {
  const { name, span, params } = model.actions[action]!;
  return { name, ...(span ? { span } : {}), ...(params && params.length > 0 ? { params } : {}) };
}

/** States along `path` (view fingerprints, initial state first), then `last` when given; what was generated on the way is added to `rebuilt`. */
export function regenerateTrace(model: Model, path: readonly bigint[], last?: State, rebuilt?: RebuiltCounts): TraceStep[] {
  if (!rebuilt || !model.uncounted || !model.countTraceRebuild) return rebuildTrace(model, path, last, rebuilt);
  // Coverage counts TLC's rebuildings, not ours (which runs every action of each step).
  const actions: number[] = [];
  const steps = model.uncounted(() => rebuildTrace(model, path, last, rebuilt, actions));
  model.countTraceRebuild(steps.map((s) => s.state), actions, last !== undefined && steps.length > 1);
  return steps;
}

function rebuildTrace(model: Model, path: readonly bigint[], last: State | undefined, rebuilt: RebuiltCounts | undefined, actions?: number[]): TraceStep[] {
  const steps: TraceStep[] = [];
  for (const fp of path) {
    const previous = steps[steps.length - 1];
    if (!previous) {
      const { result: initial, printed } = printedBy(model, () => [...model.initialStates()]);
      if (rebuilt) rebuilt.initialStates += initial.length;
      const first = initial.find((s) => fingerprintKey(model.viewFingerprint(s)) === fp && model.satisfiesConstraints(s));
      if (first === undefined) throw new Error('initial state of the trace not regenerated');
      steps.push({ state: first, action: null, ...printed });
      continue;
    }
    const { result: succ, printed } = printedBy(model, () =>
      matchingSuccessor(model, previous.state, (s) => fingerprintKey(model.viewFingerprint(s.state)) === fp && model.satisfiesActionConstraints(previous.state, s.state), rebuilt),
    );
    if (succ === undefined) throw new Error('trace step not regenerated: the model is not deterministic');
    actions?.push(succ.action);
    steps.push({ state: succ.state, action: actionStep(model, succ.action), ...printed });
  }
  if (last !== undefined) {
    const previous = steps[steps.length - 1];
    const lastFp = model.fingerprint(last);
    if (!previous) {
      steps.push({ state: last, action: null });
    } else {
      const { result: succ, printed } = printedBy(model, () => matchingSuccessor(model, previous.state, (s) => model.fingerprint(s.state) === lastFp, rebuilt));
      if (succ === undefined) throw new Error('last trace step not regenerated: the model is not deterministic');
      actions?.push(succ.action);
      steps.push({ state: succ.state, action: actionStep(model, succ.action), ...printed });
      if (rebuilt) rebuilt.newLastAction = succ.action;
    }
  }
  return steps;
}

/** `f()` with the Print/PrintT lines it wrote kept apart, as a step's `printed` when there are any. */
function printedBy<T>(model: Model, f: () => T): { result: T; printed: { printed?: string[] } } {
  const lines: string[] = [];
  model.capturePrinted?.(lines);
  try {
    return { result: f(), printed: lines.length > 0 ? { printed: lines } : {} };
  } finally {
    model.capturePrinted?.(undefined);
  }
}

/** Counts for `rebuilt`, before any trace is rebuilt. */
export function noneRebuilt(model: Model): RebuiltCounts {
  return { initialStates: 0, byAction: model.actions.map(() => 0), newLastAction: null };
}

/**
 * The first successor of `from` that passes `test`, with what TLC prints when it regenerates the
 * step: the Print output of the actions it ran, through the whole action that produced it.
 */
function matchingSuccessor(model: Model, from: State, test: (s: Successor) => boolean, rebuilt: RebuiltCounts | undefined): Successor | undefined {
  const successors = [...model.successors(from, true)];
  const index = successors.findIndex(test);
  const found = successors[index];
  model.releasePrinted?.(found === undefined ? Infinity : found.action, 'action');
  if (rebuilt) for (const s of successors) if (found === undefined || s.action <= found.action) rebuilt.byAction[s.action]!++;
  return found;
}

function firstMatch<T>(items: Iterable<T>, test: (item: T) => boolean): T | undefined {
  for (const item of items) if (test(item)) return item;
  return undefined;
}

/**
 * Turns what a search found into a Violation with its shortest trace. `pathTo` maps a fingerprint
 * to the fingerprints from an initial state to it. Errors that are not diagnostics are bugs: rethrown.
 */
export function violationOf(model: Model, finding: Finding, pathTo: (fp: bigint) => bigint[], rebuilt?: RebuiltCounts): Violation {
  switch (finding.kind) {
    case 'invariant': {
      const trace = regenerateTrace(model, finding.parentFp === null ? [] : pathTo(finding.parentFp), finding.state, rebuilt);
      const invariant = model.invariants[finding.invariant]!;
      return { kind: 'invariant', name: invariant.name, ...(invariant.span ? { span: invariant.span } : {}), trace };
    }
    case 'implied': {
      // TLC reports a violated implied invariant as an invariant, under the property's name or the one TLC gives its []P (Temporal's `name`).
      const trace = regenerateTrace(model, finding.parentFp === null ? [] : pathTo(finding.parentFp), finding.state, rebuilt);
      const property = model.properties[finding.check.property]!;
      return { kind: 'invariant', name: finding.check.name ?? property.name, ...(property.span ? { span: property.span } : {}), trace };
    }
    case 'action': {
      const property = model.properties[finding.check.property]!;
      const trace = regenerateTrace(model, pathTo(finding.parentFp), finding.state, rebuilt);
      if (rebuilt) rebuilt.newLastAction = null; // whether the search found that state new is not recorded
      return { kind: 'property', name: property.name, ...(property.span ? { span: property.span } : {}), form: 'action', trace };
    }
    case 'deadlock':
      return { kind: 'deadlock', trace: regenerateTrace(model, pathTo(finding.fp), undefined, rebuilt) };
    case 'error': {
      const error = finding.error;
      if (!(error instanceof DiagnosticError)) throw error;
      const prefix = finding.parentFp === null ? [] : pathTo(finding.parentFp);
      // The failing state may not be regenerable (its evaluation threw), so it is appended as found.
      const trace = regenerateTrace(model, prefix, undefined, rebuilt);
      if (finding.state !== null) trace.push({ state: finding.state, action: trace.length === 0 ? null : actionOf(model, trace[trace.length - 1]!.state, finding.state) });
      else if (trace.length > 0) {
        const incomplete = incompleteSuccessor(model, trace[trace.length - 1]!.state);
        if (incomplete) trace.push({ state: incomplete.state, action: actionStep(model, incomplete.action) });
      }
      const first = error.diagnostics[0]!;
      if (first.code === 'E3005') return { kind: 'assertion', diagnostic: first, trace };
      const then = finding.then ? { then: violationOf(model, finding.then, pathTo, rebuilt) } : {};
      return { kind: 'error', diagnostics: error.diagnostics, message: error.message, trace, ...then, ...(finding.liveness ? { liveness: finding.liveness } : {}) };
    }
  }
}

/**
 * The successor of `from` an action left without a value, when that is why `from`'s successors fail:
 * TLC prints it as the last state. Found again here, so that it never crosses threads; what the
 * actions print and count is dropped (the search already did both).
 */
function incompleteSuccessor(model: Model, from: State): Successor | undefined {
  const generate = () => printedBy(model, () => [...model.successors(from)]);
  try {
    if (model.uncounted) model.uncounted(generate);
    else generate();
  } catch {
    return model.generatedBeforeError?.().incomplete;
  }
  return undefined;
}

function actionOf(model: Model, from: State, to: State): TraceStep['action'] {
  try {
    const fp = model.fingerprint(to);
    const succ = firstMatch(model.successors(from), (s) => model.fingerprint(s.state) === fp);
    return succ ? actionStep(model, succ.action) : null;
  } catch {
    // The step itself is what failed to evaluate; the trace still shows the state.
    return null;
  }
}
