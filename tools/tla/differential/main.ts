// Differential runs against TLC (issue 12): for each seed, a generated spec checked by TLC and by
// `cloudos check`, one worker each, their reports compared; each differing spec is kept with both
// outputs and a replay line.
//   nice -n 10 node dist/tools/tla/differential/main.js --tlc-jar PATH --seeds 1..200 [--liveness] [--out DIR] [--timeout S]
// Exits 0 when every seed agrees, 1 when one differs, 64 on a bad command line.
// The TLC jar is the user's; nothing here ships or needs it, and no test runs this.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../../conventions/index.js';
import { compareSummaries, differenceKinds, summarizeOutput, type Difference, type DifferenceKind } from './compare-outputs.js';
import { generateSpec, type GeneratedSpec } from './generate-spec.js';
import { quote, runLimited, tlcOptionsProblem, type Run } from './run-limited.js';

const usage = 'usage: node dist/tools/tla/differential/main.js --tlc-jar PATH --seeds A..B [--liveness] [--out DIR] [--timeout S] [--java PATH]\n';

/** TLC's fingerprint polynomial (`-fp`, one of its 131) comes from the seed, so a seed's run is the same on every replay (TLC picks one at random otherwise). */
function tlcCommand(java: string, jar: string, spec: GeneratedSpec): string[] {
  return [java, '-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', '1', '-fp', String(spec.seed % 131), '-config', `${spec.name}.cfg`, `${spec.name}.tla`];
}

function oursCommand(spec: GeneratedSpec): string[] {
  return [process.execPath, join(repoRoot, 'bin', 'cloudos.js'), 'check', `${spec.name}.tla`, '--config', `${spec.name}.cfg`, '--workers', '1'];
}

/** Ours exits 0, 1 or 65 (a spec TLC also stops on); any other code, or a JavaScript stack, is our crash. */
function crashed(run: Run): boolean {
  return !run.timedOut && (![0, 1, 65].includes(run.exitCode ?? -1) || /^\s+at .*\.js:\d+:\d+\)?$/m.test(run.output));
}

function compareRuns(tlc: Run, ours: Run): Difference | undefined {
  if (crashed(ours)) return { kind: 'ours-crashed', tlc: summarizeOutput(tlc.output).verdict, ours: `exit ${ours.exitCode}` };
  if (tlc.timedOut || ours.timedOut) return { kind: 'timeout', tlc: tlc.timedOut ? 'timeout' : 'done', ours: ours.timedOut ? 'timeout' : 'done' };
  return compareSummaries(summarizeOutput(tlc.output), summarizeOutput(ours.output));
}

/**
 * How our report of a seed TLC found violating a temporal property compares: `identical`; `differs by
 * choice` when only the counterexample differs (its states, its end, the properties it names, the
 * warning after it), which follows TLC's order of successors, random per run (README, "Kinds of
 * difference"); `differs in counts` when the statistics differ too (TLC's periodic liveness check stops
 * its search early). Undefined for other seeds and for other kinds of difference.
 */
type LivenessOutcome = 'identical' | 'differs by choice' | 'differs in counts';

function livenessOutcome(tlc: Run, ours: Run, difference: Difference | undefined): LivenessOutcome | undefined {
  const [t, o] = [summarizeOutput(tlc.output), summarizeOutput(ours.output)];
  if (t.verdict !== 'temporal') return undefined;
  if (!difference) return 'identical';
  if (difference.kind !== 'liveness-counterexample') return undefined;
  return t.counts === o.counts && t.depth === o.depth ? 'differs by choice' : 'differs in counts';
}

function parseSeeds(text: string | undefined): [number, number] | undefined {
  const m = /^(\d+)(?:\.\.(\d+))?$/.exec(text ?? '');
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] !== undefined ? Number(m[2]) : from;
  return from <= to ? [from, to] : undefined;
}

function main(): number {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'tlc-jar': { type: 'string' },
      seeds: { type: 'string', default: '1..100' },
      liveness: { type: 'boolean', default: false },
      out: { type: 'string', default: 'differential-out' },
      timeout: { type: 'string', default: '120' },
      java: { type: 'string', default: 'java' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const jar = values['tlc-jar'];
  const seeds = parseSeeds(values.seeds);
  const timeoutSeconds = Number(values.timeout);
  const problem = tlcOptionsProblem(jar, values.timeout) ?? (seeds ? undefined : `--seeds expects A..B or A with A <= B, got '${values.seeds}'`);
  if (problem) {
    process.stderr.write(`${problem}\n${usage}`);
    return 64;
  }
  const jarPath = resolve(jar!);
  const out = resolve(values.out);
  const byKind = new Map<DifferenceKind, number[]>();
  // Seeds where TLC found a temporal property violated, by how our report compares (`livenessOutcome`).
  const liveness: Record<LivenessOutcome, number[]> = { identical: [], 'differs by choice': [], 'differs in counts': [] };
  let agree = 0;
  let total = 0;
  for (let seed = seeds![0]; seed <= seeds![1]; seed++) {
    const spec = generateSpec(seed);
    // --liveness: only the specs with a temporal PROPERTY, the seeds the liveness figure counts.
    if (values.liveness && !spec.features.includes('liveness')) continue;
    total++;
    const dir = join(out, spec.name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const m of spec.modules) writeFileSync(join(dir, m.file), m.text);
    writeFileSync(join(dir, `${spec.name}.cfg`), spec.cfg);
    const tlc = runLimited(tlcCommand(values.java, jarPath, spec), dir, timeoutSeconds);
    const ours = runLimited(oursCommand(spec), dir, timeoutSeconds);
    const difference = compareRuns(tlc, ours);
    const outcome = livenessOutcome(tlc, ours, difference);
    if (outcome) liveness[outcome].push(seed);
    if (!difference) {
      agree++;
      rmSync(dir, { recursive: true, force: true });
      process.stdout.write(`seed ${seed}: agree (${summarizeOutput(tlc.output).verdict}${spec.features.length ? `; ${spec.features.join(', ')}` : ''})\n`);
      continue;
    }
    byKind.set(difference.kind, [...(byKind.get(difference.kind) ?? []), seed]);
    rmSync(join(dir, 'states'), { recursive: true, force: true });
    writeFileSync(join(dir, 'tlc.out'), tlc.output);
    writeFileSync(join(dir, 'ours.out'), ours.output);
    const replay = `cd ${quote(dir)} && ${tlcCommand(values.java, jarPath, spec).map(quote).join(' ')} > tlc.out; ${oursCommand(spec).map(quote).join(' ')} > ours.out`;
    writeFileSync(join(dir, 'replay.sh'), `#!/bin/sh\n${replay}\n`);
    process.stdout.write(`seed ${seed}: DIFFER ${difference.kind}\n  TLC:  ${difference.tlc.slice(0, 300)}\n  ours: ${difference.ours.slice(0, 300)}\n  replay: ${replay}\n`);
  }
  const kinds = differenceKinds.filter((k) => byKind.has(k)).map((k) => `${k} ${byKind.get(k)!.length} (seeds ${byKind.get(k)!.join(' ')})`);
  process.stdout.write(`\nseeds ${seeds![0]}..${seeds![1]}${values.liveness ? ` with a temporal property (${total})` : ''}: agree ${agree} / differ ${total - agree}${kinds.length ? `: ${kinds.join('; ')}` : ''}\n`);
  const livenessSeeds = Object.values(liveness).flat().length;
  const outcomes = (Object.entries(liveness) as [LivenessOutcome, number[]][]).map(([k, list]) => `${k} ${list.length}${list.length && k !== 'identical' ? ` (seeds ${list.join(' ')})` : ''}`);
  process.stdout.write(`liveness counterexamples (TLC found a temporal property violated in ${livenessSeeds}): ${outcomes.join(' / ')}\n`);
  return agree === total ? 0 : 1;
}

process.exitCode = main();
