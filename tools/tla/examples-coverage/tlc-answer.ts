// TLC's own answer for a model of tlaplus/Examples whose manifest records no counts (issue 12): TLC,
// the user's jar, run on a copy of the spec's folder (it writes states/ and trace specs beside the
// spec), its report read into the counts a manifest records, and for a violation the property and
// the counterexample's length.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { summarizeOutput, type OutputSummary } from '../differential/compare-outputs.js';
import { runLimited, tlapsModule, type Run } from '../differential/run-limited.js';
import type { ExampleModel, RecordedResult, UnrecordedModel } from './examples-manifest.js';
import { TlcCache } from './tlc-cache.js';

export interface TlcOptions {
  java: string;
  /** tla2tools.jar, with the community modules' jar after a colon where models need them. */
  classpath: string;
  cpuLimitSeconds: number;
}

export type TlcAnswer = { kind: 'answer'; model: ExampleModel } | { kind: 'none'; cause: string };

/**
 * As the examples' CI runs TLC: one worker; `\cdot` evaluated (two models assume it); TLAPS.tla on
 * the library path, since specs with proofs EXTEND it.
 */
export function tlcCommand(options: TlcOptions, library: string, spec: string, cfg: string): string[] {
  return [options.java, '-XX:+UseParallelGC', `-DTLA-Library=${library}`, '-Dtlc2.tool.impl.Tool.cdot=true', '-cp', options.classpath, 'tlc2.TLC', '-workers', '1', '-cleanup', '-config', cfg, spec];
}

/**
 * TLC's report on the model: kept in `cache` from an earlier run on the same files, jars and flags,
 * or TLC run in a scratch copy of the model's folder (`specifications/<name>/`, removed afterwards).
 */
export function runTlc(checkout: string, model: UnrecordedModel, options: TlcOptions, cache?: TlcCache): Run & { cached: boolean } {
  const folder = model.spec.split('/').slice(0, 2).join('/');
  const specDir = dirname(model.spec);
  const spec = relative(specDir, model.spec);
  const cfg = relative(specDir, model.cfg);
  // The command with the scratch folder and the jars' paths left out: their content is what counts.
  const key = cache && TlcCache.key([...tlcCommand({ ...options, classpath: '' }, '', spec, cfg), specDir, tlapsModule()], join(checkout, folder), options.classpath);
  const kept = key !== undefined ? cache?.get(key, options.cpuLimitSeconds) : undefined;
  if (kept) return { ...kept, cached: true };
  const scratch = mkdtempSync(join(tmpdir(), 'examples-tlc-'));
  try {
    cpSync(join(checkout, folder), join(scratch, folder), { recursive: true });
    writeFileSync(join(scratch, 'TLAPS.tla'), tlapsModule());
    const run = runLimited(tlcCommand(options, scratch, spec, cfg), join(scratch, specDir), options.cpuLimitSeconds);
    // Not kept: a run that never started or was killed from outside (exit null before the limit).
    if (key !== undefined && (run.timedOut || run.exitCode !== null)) cache?.set(key, options.cpuLimitSeconds, run);
    return { ...run, cached: false };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const resultOfVerdict = (verdict: string): RecordedResult | undefined =>
  verdict === 'holds'
    ? 'success'
    : /^(invariant|property|action-property) /.test(verdict)
      ? 'safety failure'
      : verdict === 'deadlock'
        ? 'deadlock failure'
        : verdict === 'temporal'
          ? 'liveness failure'
          : undefined;

/**
 * The model with TLC's answer as the manifest would record it, or why there is none. The property and
 * the counterexample's length are kept for safety and deadlock violations only: for a liveness one
 * TLC reports the first bad component of its own depth-first search, which is not ours to copy.
 */
export function tlcAnswer(model: UnrecordedModel, run: Run): TlcAnswer {
  if (run.timedOut) return { kind: 'none', cause: 'TLC: no verdict within the CPU time limit' };
  const summary: OutputSummary = summarizeOutput(run.output);
  const result = resultOfVerdict(summary.verdict);
  const [generated, distinct] = (summary.counts ?? '').split('/').map(Number);
  if (!result || distinct === undefined || Number.isNaN(distinct)) {
    const firstError = run.output.split('\n').find((line) => /^Error:|error|Exception/.test(line))?.trim();
    return { kind: 'none', cause: `TLC: ${summary.verdict}, exit ${run.exitCode}${firstError ? `: ${firstError.slice(0, 160)}` : ''}` };
  }
  const named = /^(?:invariant|property|action-property) (.+)$/.exec(summary.verdict);
  return {
    kind: 'answer',
    model: {
      ...model,
      result,
      distinctStates: distinct,
      ...(generated !== undefined && !Number.isNaN(generated) ? { totalStates: generated } : {}),
      ...(summary.depth !== undefined ? { stateDepth: summary.depth } : {}),
      ...(named ? { property: named[1]! } : {}),
      ...(result === 'safety failure' || result === 'deadlock failure' ? { traceLength: summary.trace.length } : {}),
    },
  };
}
