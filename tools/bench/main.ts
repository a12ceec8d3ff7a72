// `npm run bench`: runs the registered benchmarks (registry.ts) and prints, per variant, the median
// of several runs of each figure and the ratio against the baseline variant, with the command used.
import { parseArgs } from 'node:util';
import { registry } from './registry.js';
import type { Benchmark, Sample } from './benchmark.js';
import { median } from '../../conventions/index.js';

export interface VariantResult {
  label: string;
  medians: Record<string, { value: number; unit: string }>;
  /** compare-figure median / the baseline's. */
  ratio: number;
}

export function medians(samples: Sample[]): VariantResult['medians'] {
  const out: VariantResult['medians'] = {};
  for (const key of Object.keys(samples[0]!.figures)) {
    out[key] = { value: median(samples.map((s) => s.figures[key]!.value)), unit: samples[0]!.figures[key]!.unit };
  }
  return out;
}

export async function runBenchmark(benchmark: Benchmark, runs: number, log: (line: string) => void): Promise<VariantResult[]> {
  const results: Omit<VariantResult, 'ratio'>[] = [];
  for (const variant of benchmark.variants) {
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await variant.run());
    results.push({ label: variant.label, medians: medians(samples) });
    log(`  ${variant.label}: ${Object.entries(results[results.length - 1]!.medians).map(([k, f]) => `${k} ${format(f.value)} ${f.unit}`).join(', ')}`);
  }
  const base = results.find((r) => r.label === benchmark.baseline)?.medians[benchmark.compare]?.value;
  if (base === undefined) throw new Error(`benchmark ${benchmark.name}: no baseline variant '${benchmark.baseline}' with figure '${benchmark.compare}'`);
  return results.map((r) => ({ ...r, ratio: r.medians[benchmark.compare]!.value / base }));
}

function format(n: number): string {
  return Math.abs(n) >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { filter: { type: 'string' }, runs: { type: 'string', default: '3' }, format: { type: 'string', default: 'text' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write('usage: node dist/tools/bench/main.js [--filter SUBSTRING] [--runs N] [--format text|json]\n');
    return;
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs expects a positive integer, got '${values.runs}'`);
  // The environment variables benchmarks read (e.g. TLC_JAR) are part of the command that reproduces them.
  const environment = ['TLC_JAR', 'TLA_EXAMPLES'].flatMap((name) => (process.env[name] ? [`${name}=${process.env[name]}`] : []));
  const command = `${environment.map((e) => e + ' ').join('')}node dist/tools/bench/main.js${values.filter ? ` --filter ${values.filter}` : ''} --runs ${runs}`;
  const all = (await Promise.all(registry.map((load) => load()))).flat();
  const selected = all.filter((b) => !values.filter || b.name.includes(values.filter));
  const report: { command: string; node: string; cpus: number; benchmarks: { name: string; description: string; compare: string; baseline: string; variants: VariantResult[] }[] } = {
    command,
    node: process.version,
    cpus: (await import('node:os')).availableParallelism(),
    benchmarks: [],
  };
  const log = (line: string) => void process.stderr.write(line + '\n');
  const startLoad = (await import('node:os')).loadavg()[0]!.toFixed(1);
  log(`command: ${command} (node ${report.node}, ${report.cpus} cpus, median of ${runs} runs)`);
  for (const b of selected) {
    log(`${b.name}: ${b.description}`);
    const variants = await runBenchmark(b, runs, log);
    report.benchmarks.push({ name: b.name, description: b.description, compare: b.compare, baseline: b.baseline, variants });
  }
  if (values.format === 'json') {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return;
  }
  // On a shared machine the load says how far wall times can be trusted (CPU times hold either way).
  const load = (await import('node:os')).loadavg()[0]!.toFixed(1);
  let text = `# ${command}\n# node ${report.node}, ${report.cpus} cpus, median of ${runs} runs, load average ${startLoad} at the start and ${load} at the end\n`;
  for (const b of report.benchmarks) {
    text += `\n${b.name} — ${b.description}\n`;
    for (const v of b.variants) {
      const figures = Object.entries(v.medians).map(([k, f]) => `${k} ${format(f.value)} ${f.unit}`).join(', ');
      text += `  ${v.label.padEnd(24)} ${figures}; ${b.compare} ×${v.ratio.toFixed(2)} vs ${b.baseline}\n`;
    }
  }
  process.stdout.write(text);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    process.stderr.write(`bench: ${(error as Error).message}\n`);
    process.exitCode = 70;
  });
}
