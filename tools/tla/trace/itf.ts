// Counterexamples in ITF JSON, the trace format of Apalache and Quint
// (https://apalache-mc.org/docs/adr/015adr-trace.html): `{"#meta", "vars", "states", "loop"?}`.
import type { Model } from '../check/model.js';
import type { TraceStep, Violation } from '../check/check-result.js';

export interface ITFTrace {
  '#meta': Record<string, unknown>;
  vars: string[];
  states: Record<string, unknown>[];
  /** Index of the state a lasso returns to. */
  loop?: number;
}

/** Each state carries `#meta.index` and, except the first, the action that produced it. */
export function traceToITF(model: Model, trace: readonly TraceStep[], meta: Record<string, unknown>, loop?: number): ITFTrace {
  return {
    '#meta': { format: 'ITF', 'format-description': 'https://apalache-mc.org/docs/adr/015adr-trace.html', ...meta },
    vars: [...model.variables],
    states: trace.map((step, index) => ({
      '#meta': { index, ...(step.action ? { action: step.action.name } : {}) },
      ...model.stateToITF(step.state),
    })),
    ...(loop !== undefined ? { loop } : {}),
  };
}

/** Names what a violation is about, for the ITF `#meta` and the JSON report. */
export function violationSummary(violation: Violation): { kind: Violation['kind']; property?: string; message?: string } {
  switch (violation.kind) {
    case 'invariant':
    case 'property':
      return { kind: violation.kind, property: violation.name };
    case 'deadlock':
      return { kind: 'deadlock' };
    case 'assertion':
      return { kind: 'assertion', message: violation.diagnostic.message };
    case 'error':
      return { kind: 'error', message: violation.message };
  }
}

export function violationToITF(model: Model, violation: Violation, source: string): ITFTrace {
  const loop = violation.kind === 'property' && violation.loop ? (violation.loop.kind === 'back' ? violation.loop.index : violation.trace.length - 1) : undefined;
  return traceToITF(model, violation.trace, { source, description: `counterexample: ${JSON.stringify(violationSummary(violation))}`, ...violationSummary(violation) }, loop);
}
