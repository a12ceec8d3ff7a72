// Benchmarks of the model checker: distinct states per second on one worker and on all cores,
// the speedup, bytes per state of the fingerprint table; interpreted vs compiled on a TLA+ spec; and
// side by side with TLC (when TLC_JAR names a tla2tools.jar) on TwoPhase and on public models of
// tlaplus/Examples (when TLA_EXAMPLES names a checkout of it), else against a hand-written search.
import { availableParallelism } from 'node:os';
import { fromRepoRoot, readProcStat } from '../../../conventions/index.js';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Benchmark, Sample } from '../../bench/benchmark.js';
import { checkModel } from './check.js';
import type { LoadedModel } from './model.js';
import { loadModel as loadHandWritten, type HandWrittenModelArgs } from './hand-written-models.js';
import { loadModelSource } from '../load.js';
import { tlapsModule } from '../differential/run-limited.js';
import { measureThreadCpu, sampleThreadCpu, searchThreadCpu, type ThreadTimes } from '../../bench/thread-cpu.js';

const cores = availableParallelism();

/** A search in this process (the model loaded already); `expectedDistinct` when the count is known. */
async function measure(loaded: LoadedModel, workers: number, expectedDistinct?: number): Promise<Sample> {
  // CPU time of every thread of the process: on a shared machine it shows the parallel overhead
  // (worker start-up, hand-over, barriers) even when wall-clock speedup cannot be measured.
  const cpuBefore = process.cpuUsage();
  const { result, cpu: threads } = await measureThreadCpu(() => checkModel(loaded, { workers }));
  const cpu = process.cpuUsage(cpuBefore);
  if (result.result !== 'holds' || (expectedDistinct !== undefined && result.stats.distinctStates !== expectedDistinct)) {
    throw new Error(`benchmark model ${loaded.model.name}: ${result.result} with ${result.stats.distinctStates} distinct states, expected holds${expectedDistinct === undefined ? '' : ` with ${expectedDistinct}`}`);
  }
  const seconds = result.stats.durationMs / 1000;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    figures: {
      throughput: { value: result.stats.distinctStates / seconds, unit: 'distinct states/s' },
      perCpuSecond: { value: result.stats.distinctStates / (cpuMs / 1000), unit: 'distinct states/CPU s' },
      distinct: { value: result.stats.distinctStates, unit: 'states' },
      fingerprintTable: { value: result.stats.fingerprintBytesPerState, unit: 'bytes/state' },
      duration: { value: result.stats.durationMs, unit: 'ms' },
      cpu: { value: cpuMs, unit: 'CPU ms' },
      threads: { value: result.stats.workers, unit: 'searching' },
      // Without contention the wall time of a run is at least its busiest thread's CPU time.
      ...(threads ? { busiestThread: { value: threads.busiestMs, unit: 'CPU ms' }, helperThreads: { value: threads.helpersMs, unit: 'CPU ms' } } : {}),
    },
  };
}

const counters = () => loadHandWritten({ kind: 'counters', count: 4, limit: 24 });
const twoPhase = (mode: 'compiled' | 'interpreted', rms: 5 | 7 = 5) =>
  loadModelSource({ spec: fromRepoRoot('tools/tla/corpus/TwoPhase.tla'), config: fromRepoRoot(`tools/tla/check/fixtures/TwoPhase${rms}.cfg`), mode });

export const benchmarks: Benchmark[] = [
  {
    name: 'check/counters-hand-written',
    description: '4 counters 0..23 (331,776 states, wide levels), a hand-written Model: the search itself',
    compare: 'throughput',
    baseline: '1 worker',
    variants: [
      { label: '1 worker', run: () => measure(counters(), 1) },
      { label: `${cores} workers`, run: () => measure(counters(), cores) },
    ],
  },
  {
    name: 'check/two-phase-5rm',
    description: 'TwoPhase commit with 5 resource managers (tools/tla/corpus/TwoPhase.tla + check/fixtures/TwoPhase5.cfg)',
    compare: 'throughput',
    baseline: 'interpreted, 1 worker',
    variants: [
      { label: 'interpreted, 1 worker', run: async () => measure(await twoPhase('interpreted'), 1) },
      { label: 'compiled, 1 worker', run: async () => measure(await twoPhase('compiled'), 1) },
      { label: `compiled, ${cores} workers`, run: async () => measure(await twoPhase('compiled'), cores) },
    ],
  },
  {
    name: 'check/two-phase-7rm-workers',
    description: 'TwoPhase commit with 7 resource managers (296,448 states), compiled (check/fixtures/TwoPhase7.cfg): 1 worker vs all cores',
    compare: 'throughput',
    baseline: '1 worker',
    variants: [
      { label: '1 worker', run: async () => measure(await twoPhase('compiled', 7), 1) },
      { label: `${cores} workers`, run: async () => measure(await twoPhase('compiled', 7), cores) },
    ],
  },
];

/** CPU ms of this process's waited-for children. */
function childrenCpuMs(): number {
  return readProcStat('/proc/self/stat').childrenCpuMs;
}

interface ChildRun {
  /** stdout, and stderr unless it goes to this process's. */
  output: string;
  code: number | null;
  durationMs: number;
  /** User + system CPU of the child, from its rusage once waited for. */
  cpuMs: number;
  /** Its threads' CPU, sampled from its start (/proc/<pid>/task); null without /proc. */
  threads: ThreadTimes | null;
}

/** Runs a command as a fresh process, as a user would: its wall time, CPU time and each thread's CPU time. */
async function runChild(command: string, args: string[], options: { cwd?: string; stderr: 'pipe' | 'inherit' }): Promise<ChildRun> {
  const cpuBefore = childrenCpuMs();
  const start = Date.now();
  const { output, code, threads } = await new Promise<Omit<ChildRun, 'durationMs' | 'cpuMs'>>((resolve, reject) => {
    const child = spawn(command, args, { ...(options.cwd ? { cwd: options.cwd } : {}), stdio: ['ignore', 'pipe', options.stderr] });
    const sampler = child.pid === undefined ? null : sampleThreadCpu(child.pid);
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', (error) => {
      sampler?.stop();
      reject(error);
    });
    child.on('close', (exit) => resolve({ output: text, code: exit, threads: sampler?.stop() ?? null }));
  });
  return { output, code, threads, durationMs: Date.now() - start, cpuMs: childrenCpuMs() - cpuBefore };
}

/** The figures of a run of a checker that found `distinct` states with `searchThreads` threads searching. */
function checkerFigures(run: ChildRun, distinct: number, searchThreads: number): Sample['figures'] {
  const threads = run.threads ? searchThreadCpu(run.threads, searchThreads) : null;
  return {
    throughput: { value: distinct / (run.durationMs / 1000), unit: 'distinct states/s' },
    perCpuSecond: { value: distinct / (run.cpuMs / 1000), unit: 'distinct states/CPU s' },
    duration: { value: run.durationMs, unit: 'ms' },
    cpu: { value: run.cpuMs, unit: 'CPU ms' },
    // Without contention the wall time of a run is at least its busiest thread's CPU time; the
    // search threads are taken to be the busiest ones, the helpers (JIT, GC) the others.
    ...(threads
      ? {
          busiestThread: { value: threads.busiestMs, unit: 'CPU ms' },
          searchThreads: { value: threads.searchMs, unit: 'CPU ms' },
          helperThreads: { value: threads.helpersMs, unit: 'CPU ms' },
          // Where the search threads' wall time went when not on a core: a run queue (other
          // processes' load) or asleep (waiting for each other: what the checker's hand-overs cost).
          ...(threads.runQueueMs === null ? {} : { searchRunQueue: { value: threads.runQueueMs, unit: 'ms' }, searchAsleep: { value: threads.sleepMs!, unit: 'ms' } }),
        }
      : {}),
  };
}

/** One TLC run as a child process: wall time including JVM start-up, and its CPU time. */
async function measureTlc(jar: string, spec: string, config: string, workers: number, expectedDistinct: number): Promise<Sample> {
  const scratch = mkdtempSync(join(tmpdir(), 'tlc-bench-'));
  writeFileSync(join(scratch, 'TLAPS.tla'), tlapsModule());
  const args = [`-DTLA-Library=${scratch}`, '-XX:+UseParallelGC', '-jar', jar, '-workers', String(workers), '-metadir', join(scratch, 'states'), '-config', config, basename(spec)];
  const run = await runChild('java', args, { cwd: dirname(spec), stderr: 'pipe' });
  rmSync(scratch, { recursive: true, force: true });
  // The final count; progress lines before it use the same words.
  const distinct = Number([...run.output.matchAll(/([\d,]+) distinct states found, 0 states left on queue/g)].at(-1)?.[1]?.replaceAll(',', ''));
  if (distinct !== expectedDistinct) throw new Error(`TLC on ${spec} found ${distinct} distinct states, expected ${expectedDistinct}:\n${run.output.slice(-2000)}`);
  return { figures: checkerFigures(run, distinct, workers) };
}


interface Comparison {
  name: string;
  description: string;
  spec: string;
  config: string;
  distinct: number;
  handWritten?: HandWrittenModelArgs;
}

const tlcJar = process.env['TLC_JAR'];
const examples = process.env['TLA_EXAMPLES'];
const example = (path: string) => join(examples ?? '', 'specifications', path);

/** The models of issue 13: TwoPhase with 7 RMs always; the public ones when TLA_EXAMPLES is set. */
const comparisons: Comparison[] = [
  { name: 'two-phase-7rm', description: 'TwoPhase, 7 RMs (tools/tla/corpus)', spec: fromRepoRoot('tools/tla/corpus/TwoPhase.tla'), config: fromRepoRoot('tools/tla/check/fixtures/TwoPhase7.cfg'), distinct: 296_448, handWritten: { kind: 'twoPhase', rms: 7 } },
  ...(examples
    ? [
        { name: 'simple-regular', description: 'tlaplus/Examples TeachingConcurrency/SimpleRegular', spec: example('TeachingConcurrency/SimpleRegular.tla'), config: example('TeachingConcurrency/SimpleRegular.cfg'), distinct: 277_726 },
        { name: 'btree', description: 'tlaplus/Examples btree', spec: example('btree/btree.tla'), config: example('btree/btree.cfg'), distinct: 374_727 },
        { name: 'slush-small', description: 'tlaplus/Examples SlushProtocol/SlushSmall', spec: example('SlushProtocol/Slush.tla'), config: example('SlushProtocol/SlushSmall.cfg'), distinct: 274_678 },
        { name: 'game-of-life', description: 'tlaplus/Examples GameOfLife (N = 4)', spec: example('GameOfLife/GameOfLife.tla'), config: example('GameOfLife/GameOfLife.cfg'), distinct: 65_536 },
      ]
    : []),
];

for (const c of comparisons) {
  const baseline = tlcJar ? 'TLC, 1 worker' : c.handWritten ? 'hand-written, 1 worker' : 'cloudos, 1 worker';
  benchmarks.push({
    name: `check/compare-${c.name}`,
    description: `${c.description}, ${c.distinct.toLocaleString('en-US')} states: each checker a fresh process as a user runs it (\`cloudos check\`, TLC's JVM), wall time and CPU including start-up, 1 and ${cores} workers; the ratio is per CPU second (the baseline's CPU time over the variant's: speed per core, which a loaded machine distorts less than wall time)${c.handWritten ? '; the hand-written model searches inside the bench process' : ''}`,
    compare: 'perCpuSecond',
    baseline,
    variants: [
      ...(tlcJar ? [1, cores].map((w) => ({ label: `TLC, ${w} worker${w > 1 ? 's' : ''}`, run: () => measureTlc(tlcJar, c.spec, c.config, w, c.distinct) })) : []),
      ...(c.handWritten ? [{ label: 'hand-written, 1 worker', run: () => measure(loadHandWritten(c.handWritten!), 1, c.distinct) }] : []),
      ...[1, cores].map((w) => ({ label: `cloudos, ${w} worker${w > 1 ? 's' : ''}`, run: async () => ({ figures: (await runCheckCommand(c.spec, c.config, w, [], c.distinct)).figures }) })),
      ...(cores > 1 ? [{ label: `cloudos, ${cores} × 1 worker side by side`, run: () => sideBySide(c, cores) }] : []),
    ],
  });
}

/**
 * The control for the wall-clock speedup of workers: `copies` independent one-worker runs at once, so
 * `throughput` (all their states over the wall time until the last ends) is what the machine gives
 * `copies` cores at its present load, without any sharing between the searches.
 */
async function sideBySide(c: Comparison, copies: number): Promise<Sample> {
  const cpuBefore = childrenCpuMs();
  const start = Date.now();
  await Promise.all(Array.from({ length: copies }, () => runCheckCommand(c.spec, c.config, 1, [], c.distinct)));
  const durationMs = Date.now() - start;
  const cpuMs = childrenCpuMs() - cpuBefore;
  return {
    figures: {
      throughput: { value: (copies * c.distinct) / (durationMs / 1000), unit: 'distinct states/s' },
      perCpuSecond: { value: (copies * c.distinct) / (cpuMs / 1000), unit: 'distinct states/CPU s' },
      duration: { value: durationMs, unit: 'ms' },
      cpu: { value: cpuMs, unit: 'CPU ms' },
    },
  };
}

/**
 * The disk queue: `cloudos check` as a child process on BinaryTree (check/fixtures), whose last BFS
 * levels hold most of its N states, with the default memory budget and with a small one that spills
 * the queue. DISK_QUEUE_STATES sets N (default 2,000,000; the issue's goal is 10^8).
 */
const diskQueueStates = Number(process.env['DISK_QUEUE_STATES'] ?? 2_000_000);
const binaryTreeConfig = `CONSTANT N = ${diskQueueStates}\nSPECIFICATION Spec\nINVARIANT NodeInRange\nCHECK_DEADLOCK FALSE\n`;

/**
 * `cloudos check SPEC --config CONFIG --workers W --format json` as a child process, which must
 * report that the spec holds with `expectedDistinct` states, searched on W threads.
 */
async function runCheckCommand(spec: string, config: string, workers: number, flags: string[], expectedDistinct: number): Promise<{ figures: Sample['figures']; report: CheckReport }> {
  const run = await runChild(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'check', spec, '--config', config, '--workers', String(workers), '--format', 'json', ...flags], { stderr: 'inherit' });
  const report = JSON.parse(run.output) as CheckReport;
  if (report.result !== 'holds' || report.distinctStates !== expectedDistinct || report.workers !== workers) {
    throw new Error(`${spec} (holds, ${expectedDistinct} states on ${workers} threads expected; exit ${run.code}): ${run.output.slice(0, 500)}`);
  }
  return { figures: checkerFigures(run, expectedDistinct, workers), report };
}

/** What the benchmarks read of `cloudos check --format json`. */
interface CheckReport {
  result: string;
  distinctStates: number;
  workers: number;
  peakRssBytes: number;
  queue: { spilledStates: number; diskBytesPerState: number; memoryBytesPerState: number; peakStatesInMemory: number };
}

/** `cloudos check` on a spec of check/fixtures (or a path to a spec) with the configuration `configText`: the queue's figures too. */
async function measureCheckCommand(fixture: string, configText: string, workers: number, flags: string[], expectedDistinct: number): Promise<Sample> {
  const spec = fixture.endsWith('.tla') ? fixture : fromRepoRoot(`tools/tla/check/fixtures/${fixture}.tla`);
  const scratch = mkdtempSync(join(tmpdir(), 'check-bench-'));
  const config = join(scratch, `${basename(spec, '.tla')}.cfg`);
  writeFileSync(config, configText);
  try {
    const { figures, report } = await runCheckCommand(spec, config, workers, flags, expectedDistinct);
    return {
      figures: {
        ...figures,
        peakRss: { value: report.peakRssBytes / 2 ** 20, unit: 'MiB' },
        spilled: { value: report.queue.spilledStates, unit: 'states' },
        onDisk: { value: report.queue.diskBytesPerState, unit: 'bytes/state' },
        inMemory: { value: report.queue.memoryBytesPerState, unit: 'bytes/state (estimated)' },
        peakQueuedInMemory: { value: report.queue.peakStatesInMemory, unit: 'states' },
      },
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

benchmarks.push({
  name: 'check/disk-queue',
  description: `BinaryTree (check/fixtures), N = ${diskQueueStates.toLocaleString('en-US')} states, levels doubling: the queue in memory vs spilled past --memory 16M (1 worker)`,
  compare: 'throughput',
  baseline: 'default budget',
  variants: [
    { label: 'default budget', run: () => measureCheckCommand('BinaryTree', binaryTreeConfig, 1, [], diskQueueStates) },
    { label: '--memory 16M', run: () => measureCheckCommand('BinaryTree', binaryTreeConfig, 1, ['--memory', '16M'], diskQueueStates) },
  ],
});

/**
 * Liveness on a large state graph: LiveCounters (check/fixtures), LIVENESS_N² states (default
 * 1000² = 10^6), []<>(x = 0) under weak fairness; cloudos and, when TLC_JAR is set, TLC, each a
 * child process: CPU time and (cloudos) peak memory.
 */
const livenessN = Number(process.env['LIVENESS_N'] ?? 1000);
const livenessConfig = `CONSTANT N = ${livenessN}\nSPECIFICATION Spec\nPROPERTY Returns\n`;

async function tlcOnFixture(jar: string, fixture: string, configText: string, expectedDistinct: number): Promise<Sample> {
  const scratch = mkdtempSync(join(tmpdir(), 'tlc-fixture-'));
  const spec = join(scratch, `${fixture}.tla`);
  writeFileSync(spec, readFileSync(fromRepoRoot(`tools/tla/check/fixtures/${fixture}.tla`)));
  writeFileSync(join(scratch, `${fixture}.cfg`), configText);
  try {
    return await measureTlc(jar, spec, join(scratch, `${fixture}.cfg`), 1, expectedDistinct);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

benchmarks.push({
  name: 'check/liveness-counters',
  description: `LiveCounters (check/fixtures), N = ${livenessN}: ${(livenessN * livenessN).toLocaleString('en-US')} states, []<>(x = 0) under WF, 1 worker, start-up included`,
  compare: 'throughput',
  baseline: tlcJar ? 'TLC' : 'cloudos',
  variants: [
    ...(tlcJar ? [{ label: 'TLC', run: () => tlcOnFixture(tlcJar, 'LiveCounters', livenessConfig, livenessN * livenessN) }] : []),
    { label: 'cloudos', run: () => measureCheckCommand('LiveCounters', livenessConfig, 1, [], livenessN * livenessN) },
  ],
});

/**
 * The issue's liveness goal: spec/messaging/MessagingNightly.cfg (1,830,658 states, EventuallyDrained
 * under WF) on all cores, as a child process: wall time, CPU time and peak memory (goal: 120 s, 1 GB).
 */
benchmarks.push({
  name: 'check/messaging-nightly',
  description: 'Messaging.tla with MessagingNightly.cfg (1,830,658 states, []<>(InTransit = {}) under WF): the state graph built and checked on all cores',
  compare: 'throughput',
  baseline: `${cores} workers`,
  variants: [
    {
      label: `${cores} workers`,
      run: () => measureCheckCommand(fromRepoRoot('spec/messaging/Messaging.tla'), readFileSync(fromRepoRoot('spec/messaging/MessagingNightly.cfg'), 'utf8'), cores, [], 1_830_658),
    },
  ],
});

/**
 * Simulation side by side with Quint's TypeScript simulator (when QUINT names its `quint` command):
 * the four-account bank of check/fixtures (Bank.tla and bank.qnt), SIM_BEHAVIOURS behaviours
 * (default 10,000) of 20 steps, each tool a child process (start-up included), invariant checked.
 */
const quint = process.env['QUINT'];
const simBehaviours = Number(process.env['SIM_BEHAVIOURS'] ?? 10_000);

async function measureChild(command: string, args: string[], cwd: string, succeeded: (output: string) => boolean): Promise<Sample> {
  const run = await runChild(command, args, { cwd, stderr: 'pipe' });
  if (run.code !== 0 || !succeeded(run.output)) throw new Error(`${command} ${args.join(' ')} failed (exit ${run.code}):\n${run.output.slice(-1500)}`);
  return {
    figures: {
      behavioursPerCpuSecond: { value: simBehaviours / (run.cpuMs / 1000), unit: 'behaviours/CPU s' },
      duration: { value: run.durationMs, unit: 'ms' },
      cpu: { value: run.cpuMs, unit: 'CPU ms' },
    },
  };
}

const fixtures = fromRepoRoot('tools/tla/check/fixtures');
const cloudosSimulate = (workers: number) => () =>
  measureChild(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'simulate', 'Bank.tla', '--num', String(simBehaviours), '--depth', '21', '--seed', '1', '--workers', String(workers)], fixtures, (out) => out.includes('No error found'));

benchmarks.push({
  name: 'check/simulate-bank',
  description: `bank of 4 accounts (check/fixtures/Bank.tla, bank.qnt), ${simBehaviours.toLocaleString('en-US')} behaviours of 20 steps: behaviours per CPU second, start-up included${quint ? '' : ' (set QUINT=path/to/quint to compare with Quint)'}`,
  compare: 'behavioursPerCpuSecond',
  baseline: quint ? 'quint run --backend=typescript' : 'cloudos, 1 worker',
  variants: [
    ...(quint
      ? [{ label: 'quint run --backend=typescript', run: () => measureChild(quint, ['run', '--backend=typescript', `--max-samples=${simBehaviours}`, '--max-steps=20', '--invariant=nonNegative', '--seed=1', 'bank.qnt'], fixtures, (out) => out.includes('[ok] No violation found')) }]
      : []),
    { label: 'cloudos, 1 worker', run: cloudosSimulate(1) },
    { label: `cloudos, ${cores} workers`, run: cloudosSimulate(cores) },
  ],
});
