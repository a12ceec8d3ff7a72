// Throughput of a loaded model: breadth-first exploration (no checker, a plain Set of fingerprints)
// in interpreted and compiled mode, printing distinct states and successors per CPU second.
// Usage: node dist/tools/tla/eval/bench-successors.js Spec.tla [Spec.cfg] [--runs N] [--mode compiled|interpreted]
// (one --mode: profile that mode alone with node --cpu-prof)
import { parseArgs } from 'node:util';
import type { Model, State } from '../check/model.js';
import { loadModel } from '../load.js';
import { median } from '../../../conventions/index.js';

interface RunFigures {
  distinct: number;
  generated: number;
  /** CPU time of this process (user + system): on a shared machine, wall time mostly measures the others. */
  cpuMs: number;
}

function explore(model: Model): RunFigures {
  const seen = new Set<bigint>();
  let frontier: State[] = [];
  for (const s of model.initialStates()) {
    const fp = model.viewFingerprint(s);
    if (!seen.has(fp)) {
      seen.add(fp);
      frontier.push(s);
    }
  }
  let generated = frontier.length;
  const start = process.cpuUsage();
  while (frontier.length > 0) {
    const next: State[] = [];
    for (const s of frontier) {
      model.violatedInvariant(s);
      if (!model.satisfiesConstraints(s)) continue;
      for (const { state } of model.successors(s)) {
        generated++;
        const fp = model.viewFingerprint(state);
        if (!seen.has(fp)) {
          seen.add(fp);
          next.push(state);
        }
      }
    }
    frontier = next;
  }
  const used = process.cpuUsage(start);
  return { distinct: seen.size, generated, cpuMs: (used.user + used.system) / 1000 };
}

function usage(problem: string): void {
  process.stderr.write(`${problem}\nusage: node dist/tools/tla/eval/bench-successors.js Spec.tla [Spec.cfg] [--runs N] [--mode compiled|interpreted]\n`);
  process.exitCode = 64;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { runs: { type: 'string', default: '5' }, mode: { type: 'string' } } });
  const [spec, config] = positionals;
  if (!spec) return usage('name the spec');
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) return usage(`--runs must be a positive integer, not ${values.runs}`);
  if (values.mode !== undefined && values.mode !== 'compiled' && values.mode !== 'interpreted') return usage(`--mode must be compiled or interpreted, not ${values.mode}`);
  const modes = values.mode ? [values.mode as 'compiled' | 'interpreted'] : (['interpreted', 'compiled'] as const);
  const rates: Record<string, number> = {};
  for (const mode of modes) {
    const model = await loadModel({ spec, ...(config ? { config } : {}), mode });
    const figures = Array.from({ length: runs }, () => explore(model));
    const { distinct, generated } = figures[0]!;
    const ms = median(figures.map((f) => f.cpuMs));
    rates[mode] = distinct / (ms / 1000);
    process.stdout.write(
      `${mode}: ${distinct} distinct, ${generated} generated; median of ${runs} runs ${ms.toFixed(0)} ms CPU: ` +
        `${Math.round(rates[mode]!)} distinct/s, ${Math.round(generated / (ms / 1000))} successors/s\n`,
    );
  }
  if (modes.length === 2) process.stdout.write(`compiled / interpreted: ${(rates.compiled! / rates.interpreted!).toFixed(2)}\n`);
  process.stdout.write(`command: node dist/tools/tla/eval/bench-successors.js ${process.argv.slice(2).join(' ')}\n`);
}

await main();
