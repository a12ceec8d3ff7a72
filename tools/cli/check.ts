// `cloudos check`: exhaustive model checking of a TLA+ spec with its .cfg, TLC-style output or JSON,
// counterexamples as ITF; also the spec-loading and reporting shared with `cloudos simulate`.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { serialize } from 'node:v8';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { diagnostic, DiagnosticError, fileErrorReason, makeFolders, renderDiagnostic } from '../tla/diagnostics.js';
import { isStackOverflow } from '../tla/values/index.js';
import { loadModelSource, specLoaderModules, type LoadModelArgs } from '../tla/load.js';
import type { LoadedModel, Model } from '../tla/check/model.js';
import { checkModel, searchingThreads } from '../tla/check/check.js';
import { WorkerPool } from '../tla/check/parallel-check.js';
import { needsStateGraph } from '../tla/check/liveness.js';
import type { QueueStatistics } from '../tla/check/state-queue.js';
import { CheckpointError, hasCheckpoint, readCheckpoint, type CheckpointIdentity, type SearchSnapshot } from '../tla/check/checkpoint.js';
import type { CheckStatistics, ProgressReport, Steps, TraceStep, Violation } from '../tla/check/check-result.js';
import { formatCheckResult, formatProgress, loadingErrorReport, nestedInReport, violationDiagnostics } from '../tla/trace/tlc-text.js';
import { violationSummary, violationToITF } from '../tla/trace/itf.js';
import { parseCommandLine, UsageError, type Command, type CommandIO, type OptionTable } from './command.js';
import { ExitCode } from '../../conventions/index.js';

/** Flags shared by check and simulate. */
export const modelOptions = {
  config: { type: 'string', value: 'FILE', help: 'the TLC configuration (default: Spec.cfg beside Spec.tla)' },
  format: { type: 'string', value: 'text|json', default: 'text', help: 'TLC-style text (default) or one JSON object on stdout' },
  'dump-trace': { type: 'string', value: 'itf FILE', words: 2, help: 'write a counterexample as ITF JSON (Apalache/Quint trace format)' },
  'time-limit': { type: 'string', value: 'S', help: 'stop after S seconds (result unknown, exit 2)' },
  interpreted: { type: 'boolean', default: false, help: 'evaluate the spec with the interpreter rather than tla2ts output' },
} as const satisfies OptionTable;

const options = {
  ...modelOptions,
  workers: { type: 'string', value: 'N', help: 'threads searching: this one and N-1 workers sharing one fingerprint\ntable (default: the number of cores; 1 searches on this thread only)' },
  coverage: { type: 'boolean', default: false, help: "TLC's -coverage report: per variable, initial predicate and action, distinct and generated states, and per subexpression on one worker (runs the interpreter; tools/tla/SUPPORTED.md)" },
  'max-states': { type: 'string', value: 'N', help: 'stop after N distinct states (result unknown, exit 2)' },
  progress: { type: 'string', value: 'S', help: 'seconds between progress lines on stderr (default 60, as TLC)' },
  checkpoint: { type: 'string', value: 'DIR', help: 'write a checkpoint into DIR every --checkpoint-interval and when stopped early\n(Ctrl-C, --time-limit, --max-states), to resume with --recover DIR' },
  'checkpoint-interval': { type: 'string', value: 'S', help: 'seconds between checkpoints (default 300)' },
  'split-liveness': { type: 'boolean', default: false, help: 'with workers and one temporal property to judge on the state graph, test the\nfairness of its components on two threads (off by default: the helping worker keeps its\nheap through the check, +12 % peak RSS on LiveCounters)' },
  memory: { type: 'string', value: 'SIZE', help: 'memory for states waiting in the queue (e.g. 512M, 4G; default a quarter of the\nheap limit); past it they go to disk in the temporary directory, as TLC\'s disk queue' },
  recover: { type: 'string', value: 'DIR', help: 'resume the search saved in DIR by --checkpoint (same spec and configuration);\nit goes on checkpointing into DIR unless --checkpoint names another' },
} as const satisfies OptionTable;

/** The file of `--dump-trace itf FILE`, or null without the flag. */
export function dumpTraceFile(words: Record<string, string[]>): string | null {
  const value = words['dump-trace'];
  if (value === undefined) return null;
  if (value[0] !== 'itf') throw new UsageError(`--dump-trace expects the format itf, got '${value[0]}'; write --dump-trace itf FILE`);
  return value[1]!;
}

export function positiveInteger(flag: string, text: string | undefined, allowZero = false): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new UsageError(`${flag} expects a ${allowZero ? 'non-negative' : 'positive'} integer, got '${text}'`);
  return n;
}

export function seconds(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const s = Number(text);
  if (!Number.isFinite(s) || s <= 0) throw new UsageError(`${flag} expects a positive number of seconds, got '${text}'`);
  return s * 1000;
}

export function outputFormat(text: string): 'text' | 'json' {
  if (text !== 'text' && text !== 'json') throw new UsageError(`--format expects text or json, got '${text}'`);
  return text;
}

/** The one positional argument, Spec.tla. */
export function specPath(positionals: string[], io: CommandIO): string {
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the spec file (Spec.tla)' : `expected one spec file, got ${positionals.join(' ')}`);
  return resolve(io.cwd, positionals[0]!);
}

/**
 * Loads the model: compiled by tla2ts unless --interpreted (or --coverage, which interprets it counting
 * TLC's per-subexpression coverage); when the compiled mode is not available (E6001) falls back to
 * the interpreter with a note on stderr.
 */
/** `workers`: those of a `cloudos check` run, which TLCGet("config") reports (refused without). */
export async function loadSpec(spec: string, config: string | undefined, mode: 'compiled' | 'interpreted' | 'coverage', io: CommandIO, workers?: number): Promise<LoadedModel> {
  const args: LoadModelArgs = { spec, ...(config !== undefined ? { config: resolve(io.cwd, config) } : {}), ...(workers !== undefined ? { workers } : {}) };
  if (mode !== 'compiled') return loadModelSource({ ...args, mode });
  try {
    return await loadModelSource({ ...args, mode: 'compiled' });
  } catch (error) {
    if (!(error instanceof DiagnosticError) || error.diagnostics[0]?.code !== 'E6001') throw error;
    io.err(`note: ${error.diagnostics[0].message}; using the interpreter\n`);
    return loadModelSource({ ...args, mode: 'interpreted' });
  }
}

/**
 * `loadSpec`, with bad input rendered on stderr (and, with `tlcOnStdout`, in TLC's words on stdout,
 * where TLC reports it): returns the exit code (65) instead of throwing. `workers`: as loadSpec's.
 */
export async function loadSpecOrReport(spec: string, config: string | undefined, mode: 'compiled' | 'interpreted' | 'coverage', io: CommandIO, tlcOnStdout = false, workers?: number): Promise<LoadedModel | number> {
  try {
    return await loadSpec(spec, config, mode, io, workers);
  } catch (error) {
    if (error instanceof DiagnosticError) return reportDiagnostics(error, io, tlcOnStdout);
    // Parsing and resolving recurse over the syntax tree: an expression of ~10^5 terms exhausts the stack.
    if (isStackOverflow(error)) return reportDiagnostics(new DiagnosticError(diagnostic('E3008', `${spec} nests deeper than this tool's stack allows`, undefined, 'split the deepest expression (thousands of terms in one formula) into definitions')), io);
    throw error;
  }
}

export function sourceOf(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Renders a bad-input error with its source snippet on stderr (`tlcOnStdout`: TLC's words of it on stdout too); the caller exits 65. */
export function reportDiagnostics(error: DiagnosticError, io: CommandIO, tlcOnStdout = false): number {
  if (tlcOnStdout) io.out(loadingErrorReport(error.diagnostics));
  for (const d of error.diagnostics) io.err(renderDiagnostic(d, d.span ? sourceOf(d.span.file) : undefined));
  return ExitCode.badInput;
}

/**
 * The diagnostics of an evaluation error or failed Assert, rendered with their snippets on stderr;
 * without the nested expressions when the report on stdout lists them, where TLC does.
 */
export function reportViolationDiagnostics(violation: Violation, io: CommandIO, nestedOnStdout = false): void {
  const listed = new Set(nestedOnStdout ? nestedInReport(violation) : []);
  for (const d of violationDiagnostics(violation)) {
    const { nested: _listed, ...rest } = d;
    io.err(renderDiagnostic(listed.has(d) ? rest : d, d.span ? sourceOf(d.span.file) : undefined));
  }
}

/** A trace in the JSON report: ITF states with the action that produced each, and what rebuilding the step printed. */
export function traceJSON(model: Model, trace: readonly TraceStep[]): unknown[] {
  return trace.map((step) => ({
    action: step.action?.name ?? null,
    ...(step.action?.params ? { params: step.action.params } : {}),
    state: model.stateToITF(step.state),
    ...(step.printed ? { printed: step.printed } : {}),
  }));
}

export function violationJSON(model: Model, violation: Violation): Record<string, unknown> {
  const loop = violation.kind === 'property' && violation.loop ? { loop: violation.loop.kind === 'back' ? violation.loop.index : 'stuttering' } : {};
  const then = violation.kind === 'error' && violation.then ? { then: violationJSON(model, violation.then) } : {};
  return { ...violationSummary(violation), trace: traceJSON(model, violation.trace), ...loop, ...then };
}

/**
 * Writes the counterexample of `--dump-trace itf FILE`. A path that cannot be written is reported on
 * stderr and the run keeps its verdict's exit code: the counterexample is in the report anyway.
 */
export function writeITF(file: string, model: Model, violation: Violation, spec: string, io: CommandIO): void {
  const path = resolve(io.cwd, file);
  try {
    writeFileSync(path, JSON.stringify(violationToITF(model, violation, spec), null, 2) + '\n');
    io.err(`counterexample written to ${path}\n`);
  } catch (error) {
    io.err(`--dump-trace: cannot write ${path}: ${fileErrorReason(error)}; the counterexample is in the report above (name a file in an existing, writable folder)\n`);
  }
}

/** `--memory SIZE`: bytes, or a number with K, M, G or T (powers of 1024). */
export function byteSize(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)([KMGT]?)i?B?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * 1024 ** ' KMGT'.indexOf(match[2]!.toUpperCase() || ' ') : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) throw new UsageError(`${flag} expects a size such as 512M or 4G, got '${text}'`);
  return Math.floor(bytes);
}

function mebibytes(bytes: number): string {
  return bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(0)} MiB` : `${bytes} bytes`;
}

function queueJSON(queue: QueueStatistics): Record<string, number> {
  return {
    budgetBytes: queue.budgetBytes,
    spilledStates: queue.spilledStates,
    diskBytesPerState: Number(queue.diskBytesPerState.toFixed(1)),
    memoryBytesPerState: Number(queue.memoryBytesPerState.toFixed(1)),
    peakStatesInMemory: queue.peakInMemory,
  };
}

/** TLC checkpoints every 30 minutes; five keeps less work at risk for a write that takes seconds. */
const DEFAULT_CHECKPOINT_INTERVAL_MS = 300_000;

/**
 * What a checkpoint must match to be resumed: a digest of the resolved modules (every module the spec
 * extends or instantiates, as parsed) and of the configuration's text.
 */
function checkpointIdentity(loaded: LoadedModel, spec: string, config: string | undefined): CheckpointIdentity {
  const args = loaded.source.args as LoadModelArgs;
  const configFile = config ?? spec.replace(/\.tla$/, '') + '.cfg';
  const digest = createHash('sha256')
    .update(serialize(args.resolved ?? null))
    .update(sourceOf(configFile) ?? '')
    .digest('hex');
  return { spec, ...(config !== undefined ? { config } : {}), digest };
}

const exitCodeOf = { holds: ExitCode.ok, violated: ExitCode.violated, unknown: ExitCode.unknown, error: ExitCode.badInput } as const;

function livenessJSON({ checks, threadMs, threadCpuMs, joinMs, join, check }: NonNullable<CheckStatistics['liveness']>) {
  const steps = (named: Steps) => Object.fromEntries(Object.entries(named).map(([step, { ms, cpuMs }]) => [step, { ms: Math.round(ms), ...(cpuMs === null ? {} : { cpuMs: Math.round(cpuMs) }) }]));
  return {
    checks,
    threadMs: threadMs.map(Math.round),
    ...(threadCpuMs ? { threadCpuMs: threadCpuMs.map(Math.round) } : {}),
    ...(joinMs === undefined ? {} : { joinMs: Math.round(joinMs) }),
    ...(join ? { join: steps(join) } : {}),
    ...(check ? { check: steps(check) } : {}),
  };
}

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals, words } = parseCommandLine(options, argv, { positionals: true });
  const itfFile = dumpTraceFile(words);
  const spec = specPath(positionals, io);
  const format = outputFormat(values.format);
  const workers = positiveInteger('--workers', values.workers) ?? availableParallelism();
  const timeLimitMs = seconds('--time-limit', values['time-limit']);
  const maxStates = positiveInteger('--max-states', values['max-states']);
  const progressIntervalMs = seconds('--progress', values.progress) ?? 60_000;
  const memoryBytes = byteSize('--memory', values.memory);
  const recoverDir = values.recover !== undefined ? resolve(io.cwd, values.recover) : undefined;
  const checkpointDir = values.checkpoint !== undefined ? resolve(io.cwd, values.checkpoint) : recoverDir;
  const checkpointIntervalMs = seconds('--checkpoint-interval', values['checkpoint-interval']) ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
  if (values['checkpoint-interval'] !== undefined && !checkpointDir) throw new UsageError('--checkpoint-interval needs --checkpoint DIR (or --recover DIR)');
  if (checkpointDir && checkpointDir !== recoverDir && hasCheckpoint(checkpointDir)) {
    throw new UsageError(`${checkpointDir} already holds a checkpoint; resume it with --recover ${values.checkpoint}, or give --checkpoint another directory`);
  }

  // Worker threads start now, so that they start Node and import the checker while this thread parses the spec.
  const pool = workers > 1 ? new WorkerPool(workers - 1, specLoaderModules) : undefined;
  try {
    const loaded = await loadSpecOrReport(spec, values.config, values.coverage ? 'coverage' : values.interpreted ? 'interpreted' : 'compiled', io, format === 'text', workers);
    if (typeof loaded === 'number') return loaded;
    const model = loaded.model;
    if (checkpointDir && needsStateGraph(model)) {
      throw new UsageError(`--checkpoint and --recover cannot be used with the temporal properties of ${model.name} (PROPERTY): liveness is checked on the whole state graph, which a checkpoint does not hold`);
    }
    if (values.checkpoint !== undefined) {
      // Made now, not at the first checkpoint minutes into the run (makeFolders: Node's recursive mkdir loops forever under /proc).
      try {
        makeFolders(checkpointDir!);
      } catch (error) {
        throw new UsageError(`--checkpoint ${values.checkpoint}: cannot create the folder ${checkpointDir}: ${fileErrorReason(error)}; name a folder you can write`);
      }
    }
    const identity = checkpointDir ? checkpointIdentity(loaded, spec, values.config !== undefined ? resolve(io.cwd, values.config) : undefined) : undefined;
    let resume: SearchSnapshot | undefined;
    if (recoverDir) {
      try {
        resume = readCheckpoint(model, recoverDir, identity!);
      } catch (error) {
        if (!(error instanceof CheckpointError)) throw error;
        io.err(`cloudos check: cannot recover: ${error.message}\n`);
        return ExitCode.badInput;
      }
      io.err(`Resuming from ${recoverDir}: ${resume.log.fps.length} distinct states, ${resume.current.count + resume.next.count} on queue, depth ${resume.depth}.\n`);
    }
    let threads: number;
    try {
      threads = searchingThreads(loaded, workers); // reads the properties' forms: a refused one (E5001) is bad input
    } catch (error) {
      if (error instanceof DiagnosticError) return reportDiagnostics(error, io);
      throw error;
    }
    const oneThreadWhy = threads < workers ? ' (a property S \\/ [][A]_v is judged on the state graph of one thread)' : '';
    io.err(`Model checking ${model.name} with ${threads} worker${threads === 1 ? '' : 's'}${oneThreadWhy}.\n`);
    // On stdout before any Print of the search, where TLC writes them.
    if (format !== 'json') for (const warning of model.warnings ?? []) io.out(`Warning: ${warning}\n`);
    let previous: ProgressReport | null = null;
    let result;
    try {
      result = await checkModel(loaded, {
        workers,
        ...(pool ? { workerPool: pool } : {}),
        ...(timeLimitMs !== undefined ? { timeLimitMs } : {}),
        ...(maxStates !== undefined ? { maxStates } : {}),
        signal: io.signal,
        progressIntervalMs,
        ...(values['split-liveness'] ? { splitLiveness: true } : {}),
        ...(values.coverage ? { countValues: true } : {}),
        ...(resume ? { resume } : {}),
        ...(memoryBytes !== undefined ? { memory: { budgetBytes: memoryBytes } } : {}),
        ...(checkpointDir
          ? {
              checkpoint: {
                dir: checkpointDir,
                intervalMs: checkpointIntervalMs,
                identity: identity!,
                onWritten: (info) => io.err(`Checkpoint written to ${info.file}: ${info.distinctStates} distinct states, ${info.queued} on queue, ${(info.bytes / 1e6).toFixed(1)} MB in ${info.writeMs} ms.\n`),
              },
            }
          : {}),
        onProgress: (p) => {
          io.err(formatProgress(p, previous, new Date()));
          previous = p;
        },
      });
    } catch (error) {
      if (error instanceof DiagnosticError) return reportDiagnostics(error, io);
      throw error;
    }
    const violation = result.result === 'violated' || result.result === 'error' ? result.violation : null;
    if (violation) reportViolationDiagnostics(violation, io, format === 'text');
    if (violation && itfFile) writeITF(itfFile, model, violation, spec, io);
    if (format === 'json') {
      const { stats } = result;
      io.out(
        JSON.stringify({
          result: result.result,
          ...(result.result === 'unknown' ? { reason: result.reason } : {}),
          spec,
          statesGenerated: stats.statesGenerated,
          distinctStates: stats.distinctStates,
          queueLeft: stats.queueLeft,
          depth: stats.depth,
          durationMs: stats.durationMs,
          workers: stats.workers,
          fingerprintBytesPerState: Number(stats.fingerprintBytesPerState.toFixed(2)),
          ...(stats.queue ? { queue: queueJSON(stats.queue) } : {}),
          // The checks judged on the state graph after the search, each thread's time on them and the join's (ms).
          ...(stats.liveness ? { liveness: livenessJSON(stats.liveness) } : {}),
          ...(model.warnings?.length ? { warnings: model.warnings } : {}),
          peakRssBytes: process.resourceUsage().maxRSS * 1024,
          ...(values.coverage ? { coverage: result.coverage.map(({ name, generated, distinct }) => ({ name, generated, distinct })) } : {}),
          ...(violation ? { violation: violationJSON(model, violation) } : {}),
        }) + '\n',
      );
    } else {
      io.out(formatCheckResult(model, result, { coverage: values.coverage }));
    }
    if (result.result === 'unknown') io.err(`stopped: ${result.reason}\n`);
    const queue = result.stats.queue;
    if (queue && queue.spilledStates > 0) {
      io.err(`The queue spilled ${queue.spilledStates} states to disk past its budget of ${mebibytes(queue.budgetBytes)}: ${queue.diskBytesPerState.toFixed(1)} bytes per state on disk, about ${queue.memoryBytesPerState.toFixed(0)} in memory.\n`);
    }
    return exitCodeOf[result.result];
  } finally {
    await pool?.close();
  }
}

export const command: Command = {
  name: 'check',
  summary: 'model-check a TLA+ spec exhaustively (TLC-compatible)',
  usage: 'check Spec.tla [options]',
  description: `Explores every reachable state of the spec breadth-first (as TLC does), checking the invariants,
deadlock and temporal properties named in the configuration. Counterexamples are shortest.`,
  options,
  epilogue: `exit codes: 0 holds, 1 violated, 2 stopped before a verdict (time limit, --max-states,
interrupted), 64 usage, 65 bad input (spec, config, evaluation error), 70 internal error.`,
  run,
};
