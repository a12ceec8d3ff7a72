// Compares one `cloudos check` run with TLC's recorded answer for the model, and sums the
// outcomes by cause: exact, wrong (a verdict or a count that differs), refused (with the first
// diagnostic as its cause), timeout, or crashed (anything else, e.g. an internal error); and, for a
// model without recorded counts, no-tlc when TLC run here gave no answer to compare with.
import type { CheckOutcome } from '../corpus/run-check.js';
import type { ExampleModel, RecordedResult } from './examples-manifest.js';

export type CoverageKind = 'exact' | 'wrong' | 'refused' | 'timeout' | 'crashed' | 'no-tlc';

export interface ModelCoverage {
  cfg: string;
  kind: CoverageKind;
  /** What differs (wrong), the diagnostic's code and message (refused), or what happened. */
  cause: string;
}

/** The verdicts of `--format json` that agree with TLC's recorded result. */
const agreeingVerdicts: Record<RecordedResult, CheckOutcome['verdict'][]> = {
  success: ['holds'],
  'safety failure': ['invariant-violated', 'property-violated'],
  'liveness failure': ['property-violated'],
  'deadlock failure': ['deadlock'],
  'assumption failure': [],
  unknown: [],
};

/** `error E2003: module not found: X` from the first diagnostic on stderr, location stripped. */
export function firstDiagnostic(stderr: string): string | null {
  const match = /\berror (E\d{4}): (.*)$/m.exec(stderr);
  return match ? `${match[1]} ${match[2]!.trim()}` : null;
}

/** The message of an evaluation error met during the search (`"result":"error"` on stdout). */
export function evaluationError(stdout: string): string | null {
  try {
    const message: unknown = JSON.parse(stdout)?.violation?.message;
    return typeof message === 'string' ? message.replace(/^(E\d{4}): /, '$1 ') : null;
  } catch {
    return null;
  }
}

export function classifyOutcome(model: ExampleModel, run: CheckOutcome): ModelCoverage {
  const of = (kind: CoverageKind, cause: string): ModelCoverage => ({ cfg: model.cfg, kind, cause });
  // Killed at the CPU limit; exit 2: the checker stopped itself before a verdict.
  if (run.killedAtTimeout || run.exitCode === 2) return of('timeout', 'no verdict within the CPU time limit');
  if (run.exitCode === 65) return of('refused', firstDiagnostic(run.stderr) ?? evaluationError(run.stdout) ?? 'exit 65 without a diagnostic');
  if (run.exitCode !== 0 && run.exitCode !== 1) {
    const lastLine = run.stderr.trim().split('\n').find((line) => line.trim() !== '') ?? '';
    return of('crashed', `exit ${run.exitCode}: ${lastLine.slice(0, 200)}`);
  }
  const differences: string[] = [];
  if (!agreeingVerdicts[model.result].includes(run.verdict)) differences.push(`verdict ${run.verdict}, TLC ${model.result}`);
  const compare = (name: string, ours: number | undefined, tlc: number | undefined): void => {
    if (tlc !== undefined && ours !== tlc) differences.push(`${name} ${ours ?? 'missing'}, TLC ${tlc}`);
  };
  compare('distinct', run.distinctStates, model.distinctStates);
  compare('generated', run.statesGenerated, model.totalStates);
  compare('depth', run.depth, model.stateDepth);
  compare('trace length', run.traceLength, model.traceLength);
  if (model.property !== undefined && run.property !== model.property) differences.push(`property ${run.property ?? 'missing'}, TLC ${model.property}`);
  return differences.length === 0 ? of('exact', `${model.distinctStates} distinct`) : of('wrong', differences.join('; '));
}

export interface CoverageSummary {
  total: number;
  byKind: Record<CoverageKind, number>;
  /** Refusals, timeouts, crashes and wrong answers grouped by cause, most frequent first. */
  byCause: { kind: CoverageKind; cause: string; models: string[] }[];
}

export function summarize(outcomes: ModelCoverage[]): CoverageSummary {
  const byKind: Record<CoverageKind, number> = { exact: 0, wrong: 0, refused: 0, timeout: 0, crashed: 0, 'no-tlc': 0 };
  const groups = new Map<string, CoverageSummary['byCause'][number]>();
  for (const outcome of outcomes) {
    byKind[outcome.kind]++;
    if (outcome.kind === 'exact') continue;
    // A wrong answer's cause is its own (the counts differ per model); the others group.
    const key = outcome.kind === 'wrong' ? `wrong ${outcome.cfg}` : `${outcome.kind} ${outcome.cause}`;
    const group = groups.get(key) ?? { kind: outcome.kind, cause: outcome.cause, models: [] };
    group.models.push(outcome.cfg);
    groups.set(key, group);
  }
  const byCause = [...groups.values()].sort((a, b) => b.models.length - a.models.length || a.kind.localeCompare(b.kind) || a.cause.localeCompare(b.cause));
  return { total: outcomes.length, byKind, byCause };
}

export function formatOutcome(outcome: ModelCoverage): string {
  return `${outcome.kind.padEnd(8)} ${outcome.cfg}  ${outcome.cause}`;
}

export function formatSummary(summary: CoverageSummary): string {
  const { total, byKind } = summary;
  const percent = total === 0 ? 0 : (100 * byKind.exact) / total;
  const lines = [
    `exact ${byKind.exact}/${total} (${percent.toFixed(1)} %), wrong ${byKind.wrong}, refused ${byKind.refused}, timeout ${byKind.timeout}, crashed ${byKind.crashed}` +
      (byKind['no-tlc'] > 0 ? `, no TLC answer ${byKind['no-tlc']}` : ''),
    ...summary.byCause.map((group) => `  ${String(group.models.length).padStart(3)}  ${group.kind.padEnd(8)} ${group.cause}`),
  ];
  return lines.join('\n') + '\n';
}
