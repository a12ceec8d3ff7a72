// Runs a seed sweep (`--seeds A..B [--shard i/N] [--workers W]`) for `conform` and `simulate`:
// the shard's seeds spread over worker threads, one seed at a time to whichever thread is free;
// results are kept by seed, so they do not depend on the number of threads or their timing.
import { availableParallelism } from 'node:os';
import { accessSync, constants, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setImmediate as turnOfEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { positiveInteger } from './check.js';
import { UsageError, type CommandIO, type OptionTable } from './command.js';
import { formatRange, parseSeedRange, parseShard, shardSeeds, serializeSweepFile, SWEEP_FORMAT, SWEEP_FORMAT_VERSION, type SeedRange, type SeedRecord, type Shard, type SweepFailure, type SweepFile } from './sweep-file.js';
import { mergeSweeps, sweepTextReport, VERDICT_EXIT } from './sweep-merge.js';
import { version } from './version.js';

/** What every worker needs to rebuild the run from scratch: plain data, so that it crosses threads. */
export type SweepJob =
  | { kind: 'conform'; cwd: string; tests: string[]; impl?: string; mutant?: string; hardware?: string; expectedFailures?: string[] }
  | { kind: 'simulate'; cwd: string; spec: string; config?: string; interpreted: boolean; depth: number; num: number };

/** One seed's outcome: every test's status, and the details of those that did not pass. */
export interface SeedOutcome {
  record: SeedRecord;
  failures: SweepFailure[];
}

export type SeedRunner = (seed: number) => Promise<SeedOutcome>;

/**
 * Builds the function that runs one seed of a job; loaded lazily so that each kind pays only for
 * its own modules. With `signal`, a seed stops part-way when it is aborted (its outcome is then
 * incomplete, and not to be kept).
 */
export async function seedRunner(job: SweepJob, signal?: AbortSignal): Promise<SeedRunner> {
  switch (job.kind) {
    case 'conform':
      return (await import('./conform.js')).conformSeedRunner(job, signal);
    case 'simulate':
      return (await import('./simulate.js')).simulateSeedRunner(job);
  }
}

const SWEEPS = 'seed sweeps (docs/sweeps/README.md)';

/** The sweep flags every sweeping command takes. */
export const sweepOptions = {
  seeds: { type: 'string', value: 'A..B', group: SWEEPS, help: 'run once per seed from A to B (both included) and give one verdict' },
  shard: { type: 'string', value: 'i/N', group: SWEEPS, help: 'run only the i-th of N near-equal blocks of those seeds (1 <= i <= N),\nfor spreading a sweep over machines; combine with cloudos report merge' },
  workers: { type: 'string', value: 'N', group: SWEEPS, help: 'threads running seeds (default: the number of cores); results do not\ndepend on it' },
  output: { type: 'string', value: 'FILE', group: SWEEPS, help: 'write the mergeable result file (JSON) for cloudos report merge' },
} as const satisfies OptionTable;

export interface SweepFlags {
  seeds?: string | undefined;
  shard?: string | undefined;
  workers?: string | undefined;
  output?: string | undefined;
}

export interface SweepPlan {
  range: SeedRange;
  shard?: Shard;
  /** The seeds this invocation runs: the shard's, or the whole range. */
  seeds: SeedRange;
  workers: number;
  output?: string;
}

/** Reads the sweep flags; undefined when --seeds is absent (not a sweep). */
export function sweepPlan(flags: SweepFlags, io: CommandIO): SweepPlan | undefined {
  if (flags.seeds === undefined) {
    const stray = (['shard', 'workers', 'output'] as const).find((f) => flags[f] !== undefined);
    if (stray) throw new UsageError(`--${stray} belongs to a seed sweep: add --seeds A..B`);
    return undefined;
  }
  const range = parseSeedRange(flags.seeds);
  const output = flags.output === undefined ? undefined : resolve(io.cwd, flags.output);
  // Checked before the run, so that a long sweep does not end in an unwritable file.
  if (output !== undefined) {
    try {
      accessSync(dirname(output), constants.W_OK);
    } catch {
      throw new UsageError(`--output: cannot write '${flags.output}': its folder does not exist or is not writable; name a file in an existing folder`);
    }
  }
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  const total = range.to - range.from + 1;
  if (shard && shard.count > total) throw new UsageError(`--shard: ${shard.count} shards for the ${total} seed${total === 1 ? '' : 's'} of ${formatRange(range)}; use at most ${total}`);
  return {
    range,
    ...(shard ? { shard } : {}),
    seeds: shard ? shardSeeds(range, shard) : range,
    workers: positiveInteger('--workers', flags.workers) ?? availableParallelism(),
    ...(output !== undefined ? { output } : {}),
  };
}

export interface SweepRun {
  outcomes: Map<number, SeedOutcome>;
  /** The first internal error of a worker, after which the sweep stopped. */
  error?: unknown;
}

/**
 * Runs the seeds of `range` on `workers` threads (1: on this thread); stops early on `signal`,
 * keeping the seeds that finished. Never rejects: an internal error is returned with what ran.
 */
export async function runSeeds(job: SweepJob, range: SeedRange, workers: number, signal: AbortSignal, onSeed: (seed: number, outcome: SeedOutcome) => void): Promise<SweepRun> {
  const outcomes = new Map<number, SeedOutcome>();
  const pending: number[] = [];
  for (let seed = range.from; seed <= range.to; seed++) pending.push(seed);
  const done = (seed: number, outcome: SeedOutcome) => {
    outcomes.set(seed, outcome);
    onSeed(seed, outcome);
  };
  if (workers === 1 || pending.length === 1) {
    try {
      const runSeed = await seedRunner(job, signal);
      for (const seed of pending) {
        // A seed runs on this thread: without a turn of the event loop SIGINT/SIGTERM would only
        // be seen once every seed had run.
        await turnOfEventLoop();
        if (signal.aborted) break;
        const outcome = await runSeed(seed);
        if (signal.aborted) break; // stopped part-way: that seed's outcome is incomplete
        done(seed, outcome);
      }
      return { outcomes };
    } catch (error) {
      return { outcomes, error };
    }
  }
  return new Promise<SweepRun>((finish) => {
    // No inherited Node flags: under tap each worker would load tap's loader hooks (~2 s of CPU each), as the subprocess driver's did.
    const threads = Array.from({ length: Math.min(workers, pending.length) }, () => new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: job, execArgv: [] }));
    let live = threads.length;
    let failure: unknown;
    const stop = () => {
      pending.length = 0;
      for (const thread of threads) void thread.terminate();
    };
    const onAbort = () => stop();
    signal.addEventListener('abort', onAbort, { once: true });
    const next = (thread: Worker) => {
      const seed = pending.shift();
      if (seed === undefined || signal.aborted || failure !== undefined) void thread.terminate();
      else thread.postMessage(seed);
    };
    for (const thread of threads) {
      thread.on('message', (message: { seed: number; outcome: SeedOutcome } | { seed: number; error: string }) => {
        if ('error' in message) {
          failure ??= new Error(`seed ${message.seed}: ${message.error}`);
          stop();
        } else {
          done(message.seed, message.outcome);
          next(thread);
        }
      });
      thread.on('error', (error) => {
        failure ??= error;
        stop();
      });
      thread.on('exit', () => {
        if (--live > 0) return;
        signal.removeEventListener('abort', onAbort);
        finish({ outcomes, ...(failure !== undefined ? { error: failure } : {}) });
      });
      next(thread);
    }
  });
}

export interface SweepCommand {
  /** The subcommand and its arguments as typed, for the result file's `command`. */
  argv: string[];
  job: SweepJob;
  plan: SweepPlan;
  tests: string[];
  settings: SweepFile['sweep']['settings'];
  format: 'text' | 'json';
}

/** Runs a sweep, writes its result file (also when interrupted or crashing), prints the report; returns the exit code. */
export async function runSweepCommand(command: SweepCommand, io: CommandIO): Promise<number> {
  const { plan, job } = command;
  const name = `cloudos ${job.kind}`;
  const count = plan.seeds.to - plan.seeds.from + 1;
  const threads = Math.min(plan.workers, count);
  io.err(`${name}: seeds ${formatRange(plan.seeds)}${plan.shard ? ` (shard ${plan.shard.index}/${plan.shard.count} of ${formatRange(plan.range)})` : ''}, ${count} seed${count === 1 ? '' : 's'} on ${threads} thread${threads === 1 ? '' : 's'}\n`);
  const started = Date.now();
  let lastProgress = started;
  let finished = 0;
  let failing = 0;
  const run = await runSeeds(job, plan.seeds, plan.workers, io.signal, (seed, outcome) => {
    finished++;
    if (outcome.failures.length > 0) {
      failing++;
      for (const f of outcome.failures) io.err(`seed ${seed} ${f.test}: ${f.status}, ${f.property}\n`);
    }
    if (Date.now() - lastProgress >= 5000) {
      lastProgress = Date.now();
      io.err(`${name}: ${finished} of ${count} seeds done, ${failing} with failures, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
    }
  });
  const seeds = [...run.outcomes.keys()].sort((a, b) => a - b);
  // Imported here, not at the top: `cloudos simulate Spec.tla` loads this module without sweeping,
  // and the suite's index (zod schemas, the runner) cost it ≈0.1 CPU s of start-up.
  const { shellQuote } = await import('../../conformance/src/index.js');
  const file: SweepFile = {
    format: SWEEP_FORMAT,
    formatVersion: SWEEP_FORMAT_VERSION,
    tool: { name: 'cloudos', version },
    command: ['cloudos', job.kind, ...command.argv].map(shellQuote).join(' '),
    sweep: { kind: job.kind, seeds: plan.range, tests: command.tests, settings: command.settings },
    ...(plan.shard ? { shard: { ...plan.shard, seeds: plan.seeds } } : {}),
    complete: seeds.length === count,
    seeds: seeds.map((seed) => run.outcomes.get(seed)!.record),
    failures: seeds.flatMap((seed) => run.outcomes.get(seed)!.failures),
    run: { workers: threads, durationMs: Date.now() - started },
  };
  if (plan.output !== undefined) {
    writeFileSync(plan.output, serializeSweepFile(file));
    io.err(`${name}: results of ${seeds.length} seed${seeds.length === 1 ? '' : 's'} written to ${plan.output}${file.complete ? '' : ' (incomplete)'}\n`);
  }
  if (run.error !== undefined) throw run.error;
  // A shard's own report judges the shard's seeds; the sweep's verdict is the merge's.
  const judged = plan.shard ? { ...file, sweep: { ...file.sweep, seeds: plan.seeds }, shard: undefined } : file;
  const merged = mergeSweeps([{ path: plan.output ?? '(this run)', file: judged }]);
  io.out(command.format === 'json' ? serializeSweepFile(file) : sweepTextReport(merged));
  if (plan.shard && merged.verdict === 'passed') io.err(`${name}: this shard passed; merge every shard's file with: cloudos report merge FILES\n`);
  return VERDICT_EXIT[merged.verdict];
}
