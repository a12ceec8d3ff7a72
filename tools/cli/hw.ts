// `cloudos hw`: list, show and validate hardware models, run a workload on one, and reproduce
// published results (delegated to hardware-models/src/reproduce).
import { closeSync, existsSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  checkWorkloadParams, findWorkload, listPresets, loadModelFile, loadPreset, presetPath, reproduce as ix, runWorkload, workloads,
  type ModelFileResult, type RunReport, type TraceSink,
} from '../../hardware-models/src/index.js';
import { parseCommandLine, UsageError, type Command, type CommandIO, type OptionTable } from './command.js';
import { ExitCode, formatFieldPath } from '../../conventions/index.js';
import { parseSeed, SEED_HELP } from './seed.js';
import { formatIvyManagersText, reproduceIvyManagers } from './ivy-managers.js';
import { ClarkRunError, clarkEngine, migrateOnKernel } from './clark-2005.js';
import { drfPickNext } from '../../reference/src/index.js';

const options = {
  workload: { type: 'string', value: 'W', help: 'run: the workload (see hw list)' },
  param: { type: 'string', value: 'NAME=VALUE', multiple: true, default: [], help: "run: a workload parameter (repeatable; see the workload's params in hw list)" },
  seed: { type: 'string', value: 'S', help: `run, reproduce: ${SEED_HELP}` },
  duration: { type: 'string', value: 'T', default: '10ms', help: 'run: simulated time, ns or with a unit (ns, us, ms, s) (default 10ms)' },
  'max-events': { type: 'string', value: 'N', help: 'run: stop after N events (exit 2)' },
  trace: { type: 'string', value: 'FILE', help: 'run: write every event as NDJSON to FILE' },
  messages: { type: 'string', value: 'N', help: 'reproduce ix-fig4, ix-fig3: measured messages per point (at least 100)' },
  workloads: { type: 'string', value: 'N', help: 'reproduce ivy-managers: generated workloads checked against the bound (default 20)' },
  plot: { type: 'string', value: 'DIR', help: 'reproduce: write the plot as SVG (ix-fig4: and PNG where possible) to DIR' },
  format: { type: 'string', value: 'text|json', default: 'text', help: 'output format (default text)' },
} as const satisfies OptionTable;

type Format = 'text' | 'json';

export const command: Command = {
  name: 'hw',
  summary: 'hardware models: list, show, validate, run a workload, reproduce published results',
  usage: `hw list | show PRESET | validate FILE
hw run FILE|PRESET --workload W [--param NAME=VALUE]... [--seed S] [--duration T] [--max-events N] [--trace FILE]
hw reproduce ix-fig4|ix-fig3 [--seed S] [--messages N] [--plot DIR]
hw reproduce clark-2005 [--plot DIR]
hw reproduce ivy-managers [--seed S] [--workloads N] [--plot DIR]
hw reproduce drf-2011 [--seed S]`,
  description: `Deterministic hardware models: machines, NICs, NVM, links, switches, topologies, faults.

actions:
  list                         presets and workloads
  show PRESET                  a preset's machines, topology and the sources of its numbers
  validate FILE                check a model file; errors name the JSON field and the rule
  run FILE|PRESET              simulate a workload on a model file or a preset
  reproduce ix-fig4|ix-fig3    the IX (OSDI 2014) figures: model beside the paper, error per point
  reproduce clark-2005         live migration (Clark et al., NSDI 2005): the reference kernel's pre-copy beside the paper
  reproduce ivy-managers       DSM (Li and Hudak, TOCS 1989): the dynamic manager's bound, the three managers compared
  reproduce drf-2011           DRF's worked example (Ghodsi et al., NSDI 2011) over time, the reference kernel's allocator`,
  options,
  epilogue: `exit codes: 0 ok (run finished; reproduction within its error goal), 1 reproduction outside its
goal, 2 run stopped early (--max-events, interrupted), 64 usage, 65 invalid model or parameters.
Runs are deterministic: the same model, workload, parameters and seed give the same trace.`,
  async run(argv, io) {
    const { values, positionals } = parseCommandLine(options, argv, { positionals: true });
    const format = values.format;
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'`);
    const [action, target, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'`);
    switch (action) {
      case 'list':
        return list(io, format);
      case 'show':
        return show(requireTarget(target, 'show PRESET'), io, format);
      case 'validate':
        return validate(requireTarget(target, 'validate FILE'), io, format);
      case 'run':
        return run(requireTarget(target, 'run FILE|PRESET'), values, io, format);
      case 'reproduce':
        return reproduce(requireTarget(target, 'reproduce ix-fig4|ix-fig3|clark-2005|ivy-managers|drf-2011'), values, io, format);
      case undefined:
        throw new UsageError('missing action: list, show, validate, run or reproduce');
      default:
        throw new UsageError(`unknown action '${action}': expected list, show, validate, run or reproduce`);
    }
  },
};

function requireTarget(target: string | undefined, usage: string): string {
  if (target === undefined) throw new UsageError(`missing argument: hw ${usage}`);
  return target;
}

function list(io: CommandIO, format: Format): number {
  const presets = listPresets().map((name) => ({ name, description: loadPreset(name).model.description }));
  const workloadList = workloads.map((w) => ({ name: w.name, description: w.description, params: Object.keys(w.params.shape) }));
  if (format === 'json') {
    io.out(JSON.stringify({ presets, workloads: workloadList }, null, 2) + '\n');
    return ExitCode.ok;
  }
  const width = Math.max(...presets.map((p) => p.name.length), ...workloadList.map((w) => w.name.length));
  io.out('presets:\n' + presets.map((p) => `  ${p.name.padEnd(width)}  ${p.description}\n`).join(''));
  io.out('workloads:\n' + workloadList.map((w) => `  ${w.name.padEnd(width)}  ${w.description}\n  ${''.padEnd(width)}  params: ${w.params.join(', ')}\n`).join(''));
  return ExitCode.ok;
}

function show(name: string, io: CommandIO, format: Format): number {
  if (presetPath(name) === undefined) {
    io.err(`cloudos hw show: unknown preset '${name}'; presets are ${listPresets().join(', ')}\n`);
    return ExitCode.badInput;
  }
  const { model, built } = loadPreset(name);
  if (format === 'json') {
    io.out(JSON.stringify(model, null, 2) + '\n');
    return ExitCode.ok;
  }
  const graph = built.graph;
  const lines = [`${model.name}: ${model.description}`, ''];
  lines.push(`topology: ${model.topology.kind}, ${graph.machines.length} machines, ${graph.devices.length} devices (switches, pooled NICs), ${graph.links.length} links`);
  for (const [typeName, m] of Object.entries(model.machineTypes)) {
    const nic = model.nicTypes[m.nic]!;
    lines.push(`machine type ${typeName}: ${m.cores} cores × ${m.threadsPerCore} threads at ${(m.clockHz / 1e9).toFixed(2)} GHz, ${formatBytes(m.memory.capacityBytes)} memory at ${(m.memory.bandwidthBytesPerSec / 1e9).toFixed(1)} GB/s` +
      `, NIC ${m.nic} ${nic.ports > 1 ? `${nic.ports} × ` : ''}${nic.lineRateBitsPerSec / 1e9} Gb/s (${nic.receive.kind})` +
      (m.nvm ? `, NVM ${formatBytes(m.nvm.capacityBytes)} (read ${m.nvm.readLatencyNs} ns, write ${m.nvm.writeLatencyNs} ns)` : ''));
  }
  lines.push('', 'sources:');
  for (const [field, source] of Object.entries(model.sources)) lines.push(`  ${field}: ${source}`);
  io.out(lines.join('\n') + '\n');
  return ExitCode.ok;
}

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

/** Prints every problem of an invalid model file in GNU form (file:line:col for JSON syntax, file: field for the rest). */
function reportInvalid(file: string, result: Exclude<ModelFileResult, { kind: 'ok' }>, io: CommandIO, format: Format): number {
  const problems = result.kind === 'syntax-error'
    ? [{ field: null as string | null, line: result.line, column: result.column, message: result.message }]
    : result.issues.map((issue) => ({ field: formatFieldPath(issue.path), line: null as number | null, column: null as number | null, message: issue.message }));
  if (format === 'json') {
    io.out(JSON.stringify({ file, valid: false, problems }, null, 2) + '\n');
  } else {
    for (const p of problems) {
      io.err(p.field === null ? `${file}:${p.line}:${p.column}: error: ${p.message}\n` : `${file}: error: ${p.field}: ${p.message}\n`);
    }
    io.err(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}; the schema is hardware-models/schema/hardware-model.schema.json\n`);
  }
  return ExitCode.badInput;
}

/** undefined: no such file; a string: why it cannot be read. */
function loadFile(file: string, io: CommandIO): ModelFileResult | string | undefined {
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) return undefined;
  try {
    return loadModelFile(path);
  } catch (error) {
    return `cannot read '${file}': ${(error as Error).message}`;
  }
}

function validate(file: string, io: CommandIO, format: Format): number {
  const result = loadFile(file, io);
  if (result === undefined || typeof result === 'string') {
    io.err(`cloudos hw validate: ${result ?? `no such file '${file}'`}\n`);
    return ExitCode.badInput;
  }
  if (result.kind !== 'ok') return reportInvalid(file, result, io, format);
  const graph = result.built.graph;
  if (format === 'json') io.out(JSON.stringify({ file, valid: true, name: result.model.name, machines: graph.machines.length, devices: graph.devices.length, links: graph.links.length }) + '\n');
  else io.out(`${file}: valid (${result.model.name}: ${graph.machines.length} machines, ${graph.devices.length} devices (switches, pooled NICs), ${graph.links.length} links)\n`);
  return ExitCode.ok;
}

/** "10ms", "1s", "250us", "1500" (ns) → integer ns. */
export function parseDurationNs(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ns|us|µs|ms|s)?$/.exec(text.trim());
  const scale: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9 };
  if (match === null) throw new UsageError(`${flag} expects a duration such as 1500, 250us, 10ms or 1s; got '${text}'`);
  const ns = Math.round(Number(match[1]) * scale[match[2] ?? 'ns']!);
  if (!Number.isSafeInteger(ns) || ns <= 0) throw new UsageError(`${flag} must be a positive duration below 104 days; got '${text}'`);
  return ns;
}

function parseInteger(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${flag} expects an integer, got '${text}'`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(max === Number.MAX_SAFE_INTEGER ? `${flag} must be an integer ≥ ${min}, got '${text}'` : `${flag} must be an integer from ${min} to ${max}, got '${text}'`);
  }
  return value;
}

function parseParams(raw: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param expects NAME=VALUE, got '${item}'`);
    params[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return params;
}

/** Buffers trace lines and writes them to a file descriptor in 1 MiB chunks. */
class FileTraceSink implements TraceSink {
  private chunks: string[] = [];
  private size = 0;
  constructor(private readonly fd: number) {}
  write(line: string): void {
    this.chunks.push(line);
    this.size += line.length;
    if (this.size >= 1 << 20) this.flush();
  }
  flush(): void {
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.size = 0;
  }
}

function run(target: string, values: { workload?: string; param: string[]; seed?: string; duration: string; 'max-events'?: string; trace?: string }, io: CommandIO, format: Format): number {
  if (values.workload === undefined) throw new UsageError(`--workload is required: ${workloads.map((w) => w.name).join(', ')}`);
  const workload = findWorkload(values.workload);
  if (workload === undefined) throw new UsageError(`unknown workload '${values.workload}': expected ${workloads.map((w) => w.name).join(', ')}`);
  const seed = parseSeed(values.seed);
  const durationNs = parseDurationNs(values.duration, '--duration');
  const maxEvents = values['max-events'] === undefined ? undefined : parseInteger(values['max-events'], '--max-events', 1);
  const params = parseParams(values.param);
  // Everything is checked before anything runs: model, then workload parameters.
  const isPreset = presetPath(target) !== undefined;
  const loaded = isPreset ? loadPreset(target) : loadFile(target, io);
  if (loaded === undefined || typeof loaded === 'string') {
    io.err(`cloudos hw run: ${loaded ?? `'${target}' is neither a preset (${listPresets().join(', ')}) nor a file`}\n`);
    return ExitCode.badInput;
  }
  if (loaded.kind !== 'ok') return reportInvalid(target, loaded, io, format);
  const checked = checkWorkloadParams(workload, params, loaded.built);
  if (checked.kind === 'invalid') {
    for (const issue of checked.issues) io.err(`cloudos hw run: --param${issue.path.length > 0 ? ` ${formatFieldPath(issue.path)}` : ''}: ${issue.message}\n`);
    io.err(`${workload.name} params: ${Object.keys(workload.params.shape).join(', ')}\n`);
    return ExitCode.badInput;
  }
  let traceFd: number | undefined;
  if (values.trace !== undefined) {
    try {
      traceFd = openSync(resolve(io.cwd, values.trace), 'w');
    } catch (error) {
      io.err(`cloudos hw run: --trace: cannot write '${values.trace}': ${(error as Error).message}\n`);
      return ExitCode.badInput;
    }
  }
  const trace = traceFd === undefined ? undefined : new FileTraceSink(traceFd);
  const wallStart = performance.now();
  let lastProgress = wallStart;
  let report: RunReport;
  try {
    report = runWorkload({
      model: loaded.model, built: loaded.built, workload, params, seed, durationNs, maxEvents, trace, signal: io.signal,
      progressEvery: 1_000_000,
      onProgress: (events, nowNs) => {
        const now = performance.now();
        if (now - lastProgress < 1000) return;
        lastProgress = now;
        const rate = events / ((now - wallStart) / 1000);
        io.err(`hw run: ${formatNs(nowNs)} of ${formatNs(durationNs)} simulated, ${events.toLocaleString('en-US')} events, ${(rate / 1e6).toFixed(2)} M events/s\n`);
      },
    });
  } finally {
    if (trace !== undefined && traceFd !== undefined) {
      trace.flush();
      closeSync(traceFd);
    }
  }
  const wallMs = performance.now() - wallStart;
  const exit = report.outcome.kind === 'idle' || report.outcome.kind === 'time-limit' ? ExitCode.ok : ExitCode.unknown;
  if (format === 'json') {
    io.out(JSON.stringify({ ...report, wallMs: Math.round(wallMs) }, null, 2) + '\n');
  } else {
    const n = report.network;
    const lines = [
      `${report.model} · ${report.workload} · seed ${report.seed} · ${formatNs(report.outcome.nowNs)} simulated (${report.outcome.kind}) · ${report.outcome.events.toLocaleString('en-US')} events in ${(wallMs / 1000).toFixed(2)} s`,
      `messages: ${n.messagesSent} sent, ${n.messagesDuplicated} duplicated, ${n.messagesDelivered} delivered, ${n.messagesDropped} dropped, ${n.messagesInFlight} in flight`,
      `drops: ${Object.entries(n.dropsByReason).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      ...Object.entries(report.figures).map(([k, v]) => `${k}: ${v.toLocaleString('en-US')}`),
    ];
    if (values.trace !== undefined) lines.push(`trace: ${values.trace}`);
    io.out(lines.join('\n') + '\n');
  }
  if (exit !== ExitCode.ok) io.err(`hw run stopped early (${report.outcome.kind}); replay: cloudos hw run ${target} --workload ${workload.name} --seed ${seed} --duration ${durationNs}${values.param.map((p) => ` --param ${p}`).join('')}\n`);
  return exit;
}

function formatNs(ns: number): string {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(3)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(3)} µs`;
  return `${ns} ns`;
}

async function reproduce(figure: string, values: { seed?: string; messages?: string; workloads?: string; plot?: string }, io: CommandIO, format: Format): Promise<number> {
  const seed = parseSeed(values.seed);
  const measuredMessages = values.messages === undefined ? undefined : parseInteger(values.messages, '--messages', 100);
  switch (figure) {
    case 'ix-fig4': {
      const result = ix.reproduceIxFig4({
        seed, measuredMessages, signal: io.signal,
        onProgress: (done, total) => io.err(`hw reproduce ix-fig4: ${done}/${total} points\n`),
      });
      io.out(format === 'json' ? ix.formatIxFig4Json(result) : ix.formatIxFig4Text(result));
      if (values.plot !== undefined) {
        const files = ix.writeIxFig4PlotFiles(result, resolve(io.cwd, values.plot));
        io.err(`plot: ${files.svgPath}${files.pngPath ? `, ${files.pngPath}` : ''}${files.pngNote ? ` (${files.pngNote})` : ''}\n`);
      }
      if (io.signal.aborted) return ExitCode.unknown;
      if (result.points.every((p) => Math.abs(p.error) <= result.errorGoal)) return ExitCode.ok;
      io.err(`hw reproduce ix-fig4: outside the error goal; replay: cloudos hw reproduce ix-fig4 --seed ${seed}${measuredMessages !== undefined ? ` --messages ${measuredMessages}` : ''}\n`);
      return ExitCode.violated;
    }
    case 'ix-fig3': {
      const points = ix.reproduceIxFig3({ seed, measuredMessages, signal: io.signal });
      io.out(format === 'json' ? JSON.stringify({ figure: 'ix-fig3', seed, points }, null, 2) + '\n' : ix.formatIxFig3Text(points));
      return ExitCode.ok;
    }
    case 'clark-2005': {
      let result: ix.Clark2005Result;
      try {
        result = await ix.reproduceClark2005(migrateOnKernel, clarkEngine);
      } catch (error) {
        if (!(error instanceof ClarkRunError)) throw error;
        io.err(`hw reproduce clark-2005: ${error.message}; replay the run: cloudos hw reproduce clark-2005 --format json (deterministic: no seed)\n`);
        return ExitCode.violated;
      }
      io.out(format === 'json' ? ix.formatClark2005Json(result) : ix.formatClark2005Text(result));
      if (values.plot !== undefined) io.err(`plot: ${ix.writeSvg(resolve(io.cwd, values.plot), 'clark-2005', ix.renderClark2005Svg(result))}\n`);
      if (result.points.every((p) => Math.abs(p.error) <= result.errorGoal)) return ExitCode.ok;
      io.err(`hw reproduce clark-2005: outside the ${result.errorGoal * 100}% goal on ${result.points.filter((p) => Math.abs(p.error) > result.errorGoal).map((p) => `${p.workload}/${p.quantity}`).join(', ')} (deterministic: no seed)\n`);
      return ExitCode.violated;
    }
    case 'ivy-managers': {
      const workloads = values.workloads === undefined ? 20 : parseInteger(values.workloads, '--workloads', 0, 10_000);
      const result = await reproduceIvyManagers({ seed, workloads });
      io.out(format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatIvyManagersText(result));
      if (values.plot !== undefined) io.err(`plot: ${ix.writeSvg(resolve(io.cwd, values.plot), 'ivy-managers', ix.renderIvyManagersSvg(result.bound.rows, result.comparison.rows))}\n`);
      const exceeded = result.bound.rows.filter((r) => !r.withinBound);
      if (exceeded.length === 0 && result.failures.length === 0) return ExitCode.ok;
      io.err(`hw reproduce ivy-managers: ${exceeded.length} workload(s) over the bound, ${result.failures.length} run(s) rejected by the suite; replay: cloudos hw reproduce ivy-managers --seed ${seed} --workloads ${workloads}\n`);
      return ExitCode.violated;
    }
    case 'drf-2011': {
      const result = ix.reproduceDrf2011({ allocator: drfPickNext, seed });
      io.out(format === 'json' ? ix.formatDrf2011Json(result) : ix.formatDrf2011Text(result));
      if (result.points.every((p) => Math.abs(p.error) <= result.errorGoal)) return ExitCode.ok;
      io.err(`hw reproduce drf-2011: outside the ${result.errorGoal * 100}% goal on ${result.points.filter((p) => Math.abs(p.error) > result.errorGoal).map((p) => `${p.user}/${p.quantity}`).join(', ')}; replay: cloudos hw reproduce drf-2011 --seed ${seed}\n`);
      return ExitCode.violated;
    }
    default:
      throw new UsageError(`unknown reproduction '${figure}': expected ix-fig4, ix-fig3, clark-2005, ivy-managers or drf-2011`);
  }
}
