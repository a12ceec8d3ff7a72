// `cloudos simulate`: random behaviours of a TLA+ spec (TLC's -simulate), invariants and deadlock
// checked in every state and temporal properties on every behaviour, replayable from the printed seed.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DiagnosticError } from '../tla/diagnostics.js';
import { simulateModel } from '../tla/check/simulate.js';
import type { Violation } from '../tla/check/check-result.js';
import { violationSummary } from '../tla/trace/itf.js';
import { formatTrace, violationHeader, withCommas } from '../tla/trace/tlc-text.js';
import { loadSpec, loadSpecOrReport, modelOptions, outputFormat, positiveInteger, reportDiagnostics, seconds, specPath, dumpTraceFile, reportViolationDiagnostics, violationJSON, writeITF } from './check.js';
import { parseCommandLine, UsageError, type Command, type CommandIO, type OptionTable } from './command.js';
import { parseSeed, SEED_HELP } from './seed.js';
import { ExitCode } from '../../conventions/index.js';
import { runSweepCommand, sweepOptions, sweepPlan, type SeedRunner, type SweepJob } from './sweep-run.js';

const options = {
  config: modelOptions.config,
  depth: { type: 'string', value: 'D', help: "states per behaviour at most (default 100, as TLC's -depth)" },
  num: { type: 'string', value: 'N', help: 'behaviours to run (default 1000)' },
  seed: { type: 'string', value: 'S', help: SEED_HELP },
  format: { ...modelOptions.format, help: 'text (default) or one JSON object on stdout' },
  'dump-trace': { ...modelOptions['dump-trace'], help: 'write a violating behaviour as ITF JSON' },
  'time-limit': modelOptions['time-limit'],
  interpreted: modelOptions.interpreted,
  ...sweepOptions,
  workers: { type: 'string', value: 'N', help: 'threads running behaviours, or seeds with --seeds (default: the number of cores;\nthe others start once the work left is worth their start-up, ~1.5 CPU s);\nthe result does not depend on it: each behaviour has its own generator from\nthe seed and its number' },
} as const satisfies OptionTable;

async function run(argv: string[], io: CommandIO): Promise<number> {
  const { values, positionals, words } = parseCommandLine(options, argv, { positionals: true });
  const itfFile = dumpTraceFile(words);
  // Without --seeds, --workers is this command's own (threads running behaviours), not a sweep's.
  const plan = sweepPlan({ ...values, workers: values.seeds === undefined ? undefined : values.workers }, io);
  const spec = specPath(positionals, io);
  const format = outputFormat(values.format);
  const depth = positiveInteger('--depth', values.depth) ?? 100;
  const num = positiveInteger('--num', values.num) ?? 1000;
  const seed = parseSeed(values.seed);
  const workers = positiveInteger('--workers', values.workers) ?? availableParallelism();
  const timeLimitMs = seconds('--time-limit', values['time-limit']);
  if (plan) {
    // A time limit would make a seed's verdict depend on the machine, and one ITF file cannot hold a sweep's violations.
    const clash = values.seed !== undefined ? '--seed' : timeLimitMs !== undefined ? '--time-limit' : itfFile ? '--dump-trace (replay a failing seed with it)' : undefined;
    if (clash) throw new UsageError(`--seeds runs a sweep; it cannot be combined with ${clash}`);
  }

  const loaded = await loadSpecOrReport(spec, values.config, values.interpreted ? 'interpreted' : 'compiled', io);
  if (typeof loaded === 'number') return loaded;
  const model = loaded.model;
  if (plan) {
    const job: SweepJob = { kind: 'simulate', cwd: io.cwd, spec: positionals[0]!, ...(values.config !== undefined ? { config: values.config } : {}), interpreted: values.interpreted, depth, num };
    const { kind: _kind, cwd: _cwd, ...settings } = job;
    return runSweepCommand({ argv, job, plan, tests: [model.name], settings, format }, io);
  }
  io.err(`Simulating ${model.name}: ${num} behaviours of at most ${depth} states, seed ${seed}.\n`);
  let result;
  try {
    result = await simulateModel(loaded, { depth, num, seed, workers, signal: io.signal, ...(timeLimitMs !== undefined ? { timeLimitMs } : {}) });
  } catch (error) {
    if (error instanceof DiagnosticError) return reportDiagnostics(error, io);
    throw error;
  }
  const replay = replayLine({ spec: positionals[0]!, ...(values.config !== undefined ? { config: values.config } : {}), interpreted: values.interpreted, depth, num }, seed);
  const violation = result.result === 'violated' || result.result === 'error' ? result.violation : null;
  if (violation) reportViolationDiagnostics(violation, io);
  if (violation && itfFile) writeITF(itfFile, model, violation, spec, io);
  const { stats } = result;
  if (format === 'json') {
    io.out(
      JSON.stringify({
        result: result.result,
        ...(result.result === 'unknown' ? { reason: result.reason } : {}),
        spec,
        seed,
        behaviours: stats.behaviours,
        lassos: stats.lassos,
        statesGenerated: stats.statesGenerated,
        maxLength: stats.maxLength,
        durationMs: stats.durationMs,
        ...('behaviour' in result ? { behaviour: result.behaviour } : {}),
        ...(violation ? { violation: violationJSON(model, violation) } : {}),
        replay,
      }) + '\n',
    );
  } else {
    let text = '';
    if (violation) {
      text += violationHeader(violation) + formatTrace(model, violation);
    } else if (result.result === 'holds') {
      text += `No error found in ${withCommas(stats.behaviours)} behaviours.\n`;
    } else if (result.result === 'unknown') {
      text += `Simulation stopped (${result.reason}) after ${withCommas(stats.behaviours)} behaviours; no error found so far.\n`;
    }
    text += `${withCommas(stats.statesGenerated)} states generated in ${withCommas(stats.behaviours)} behaviours, the longest ${stats.maxLength} states. Seed ${seed}.\n`;
    io.out(text);
  }
  if (violation) io.err(`replay: ${replay}\n`);
  const codes = { holds: ExitCode.ok, violated: ExitCode.violated, unknown: ExitCode.unknown, error: ExitCode.badInput } as const;
  return codes[result.result];
}

type SimulateJob = Extract<SweepJob, { kind: 'simulate' }>;

function replayLine(job: Omit<SimulateJob, 'kind' | 'cwd'>, seed: number): string {
  return `cloudos simulate ${job.spec}${job.config ? ` --config ${job.config}` : ''}${job.interpreted ? ' --interpreted' : ''} --depth ${job.depth} --num ${job.num} --seed ${seed}`;
}

/** One seed of a `--seeds` sweep (run by sweep-run.ts, on this thread or a worker): --num behaviours from that seed. */
export async function simulateSeedRunner(job: SimulateJob): Promise<SeedRunner> {
  const quiet: CommandIO = { out: () => undefined, err: () => undefined, cwd: job.cwd, signal: new AbortController().signal };
  const { model } = await loadSpec(resolve(job.cwd, job.spec), job.config, job.interpreted ? 'interpreted' : 'compiled', quiet);
  return async (seed) => {
    const result = await simulateModel(model, { depth: job.depth, num: job.num, seed });
    const status = result.result === 'holds' ? 'passed' : result.result === 'unknown' ? 'unknown' : 'failed';
    const failures =
      result.result === 'violated' || result.result === 'error'
        ? [{ seed, test: model.name, status, property: propertyOf(result.violation), message: `${violationHeader(result.violation).split('\n')[0]!.replace(/^Error: /, '')} (behaviour ${result.behaviour}, ${result.violation.trace.length} states)`, replay: replayLine(job, seed) } as const]
        : [];
    return { record: { seed, verdicts: { [model.name]: status } }, failures };
  };
}

function propertyOf(violation: Violation): string {
  const summary = violationSummary(violation);
  return summary.property ?? summary.kind;
}

export const command: Command = {
  name: 'simulate',
  summary: 'run random behaviours of a TLA+ spec, replayable from a seed',
  usage: 'simulate Spec.tla [options]',
  description: `Runs random behaviours of the spec from random initial states, choosing a random enabled step
each time (building only that successor: a random action, then at each \\/, \\E and x' \\in S in
it a random choice among those that lead to a step), and checks the invariants and deadlock in
every state and the temporal properties (PROPERTY) on every behaviour: [][A]_v on each step; a
behaviour that comes back to one of its states is a lasso and ends there; liveness is judged on
the behaviour's states and steps, where any state may stutter forever unless fairness forbids it
(so a behaviour cut at --depth fails <>P only if stuttering there is fair). For depths and sizes beyond exhaustive reach. The same seed gives the same behaviours.`,
  options,
  epilogue: `exit codes: 0 no violation in the behaviours run, 1 violated, 2 stopped early (time limit,
interrupted), 64 usage, 65 bad input, 70 internal error.`,
  run,
};
