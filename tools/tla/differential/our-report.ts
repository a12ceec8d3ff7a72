// `cloudos check`'s report of a recorded spec, as the tests compare it with TLC's (recorded-reports.test.ts,
// error-words.test.ts): whole, reduced, or from its first error through the statistics.
import { DiagnosticError, renderDiagnostic } from '../diagnostics.js';
import { loadModelSource } from '../load.js';
import { checkModel } from '../check/check.js';
import { formatCheckResult, loadingErrorReport } from '../trace/tlc-text.js';
import { isTlcProgressLine, summarizeOutput, type OutputSummary } from './compare-outputs.js';

/**
 * `cloudos check`'s text report of the spec, reduced; a diagnostic from loading is read as the CLI
 * prints it (a refusal is `refused`; a constant invariant equal to FALSE, E4003, is TLC's error too).
 * Anything but a DiagnosticError propagates (an internal error).
 */
export async function ourSummary(spec: string, mode: 'compiled' | 'interpreted', workers: number): Promise<OutputSummary> {
  return summarizeOutput(await ourReport(spec, mode, workers));
}

/** `cloudos check`'s text report of the spec, or what it prints for an error met loading it: TLC's words, where we have them, then the diagnostics. */
export async function ourReport(spec: string, mode: 'compiled' | 'interpreted', workers: number): Promise<string> {
  try {
    const loaded = await loadModelSource({ spec, mode });
    const result = await checkModel(loaded, { workers, waitForWorkers: true });
    return formatCheckResult(loaded.model, result, { coverage: false });
  } catch (error) {
    if (error instanceof DiagnosticError) return loadingErrorReport(error.diagnostics) + error.diagnostics.map((d) => renderDiagnostic(d)).join('');
    throw error;
  }
}

/** A report from its first `Error:` line through the statistics: the words, the trace, the nested expressions and where they stand. */
export function errorReport(text: string): string {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => l.startsWith('Error:'));
  const last = lines.findIndex((l) => l.includes('states left on queue'));
  return lines.slice(first, last + 1).filter((l) => !isTlcProgressLine(l)).join('\n');
}
