// TLC's coverage report against ours (issue 12): each small model checked by TLC with `-coverage 1
// -workers 1` and by `cloudos check --coverage --workers 1`, their coverage blocks compared line by line.
//   nice -n 10 node dist/tools/tla/differential/coverage-compare.js --tlc-jar PATH [--examples DIR] [--max-states N] [--filter TEXT] [--out DIR] [--timeout S] [--java PATH] [--cloudos PATH]
// The models: the corpus's and spec/'s CI configurations, and with --examples those of a checkout of
// tlaplus/Examples whose recorded distinct states are at most --max-states (default 1000). Each model
// runs in a copy of its folder under --out (TLC writes there); a differing one keeps tlc.out, ours.out
// and replay.sh. `--cloudos` names the bin/cloudos.js to compare (an older build, for a before/after
// figure; this checkout's by default). Exits 0 when every report is identical, 1 otherwise, 64 on a bad command line.
// The TLC jar is the user's; nothing here ships or needs it, and no test runs this.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../../../conventions/index.js';
import { loadCorpus, loadSpecChecks } from '../corpus/corpus-manifest.js';
import { selectExampleModels } from '../examples-coverage/examples-manifest.js';
import { compareCoverage, coverageBlock, isIndented } from './coverage-blocks.js';
import { quote, runLimited, tlcOptionsProblem } from './run-limited.js';

const usage =
  'usage: node dist/tools/tla/differential/coverage-compare.js --tlc-jar PATH [--examples DIR] [--max-states N] [--filter TEXT] [--out DIR] [--timeout S] [--java PATH] [--cloudos PATH]\n';

interface CoverageModel {
  /** Where it comes from and its .cfg, as printed. */
  name: string;
  spec: string;
  cfg: string;
}

/** The models compared: the corpus's and spec/'s CI configurations small enough (or a violation, found early), then the examples'. */
function selectModels(examples: string | undefined, maxStates: number): CoverageModel[] {
  const small = (distinct: number | undefined) => distinct === undefined || distinct <= maxStates;
  const corpus = loadCorpus()
    .filter((m) => m.tier === 'ci' && small(m.expected.distinctStates))
    .map((m) => ({ name: `corpus/${basename(m.cfg)}`, spec: m.spec, cfg: m.cfg }));
  const spec = loadSpecChecks()
    .filter((c) => c.tier === 'ci' && small(c.expected.distinctStates))
    .map((c) => ({ name: relative(repoRoot, c.cfg), spec: c.spec, cfg: c.cfg }));
  const fromExamples = examples
    ? selectExampleModels(examples)
        .filter((m) => m.distinctStates <= maxStates)
        .map((m) => ({ name: m.cfg, spec: join(examples, m.spec), cfg: join(examples, m.cfg) }))
    : [];
  return [...corpus, ...spec, ...fromExamples];
}

/**
 * TLC's variable lines are HyperLogLog estimates over fingerprints of a polynomial it picks at random
 * for each run, so they change from run to run; `-fp 0` fixes it, making a model's report the same on every run.
 */
function tlcCommand(java: string, jar: string, spec: string, cfg: string): string[] {
  return [java, '-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', '1', '-fp', '0', '-coverage', '1', '-config', cfg, spec];
}

function oursCommand(cloudos: string, spec: string, cfg: string): string[] {
  return [process.execPath, cloudos, 'check', spec, '--config', cfg, '--coverage', '--workers', '1'];
}

function main(): number {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      'tlc-jar': { type: 'string' },
      examples: { type: 'string' },
      'max-states': { type: 'string', default: '1000' },
      filter: { type: 'string' },
      out: { type: 'string', default: 'coverage-compare-out' },
      timeout: { type: 'string', default: '120' },
      java: { type: 'string', default: 'java' },
      cloudos: { type: 'string', default: join(repoRoot, 'bin', 'cloudos.js') },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const maxStates = Number(values['max-states']);
  const timeoutSeconds = Number(values.timeout);
  const problem =
    tlcOptionsProblem(values['tlc-jar'], values.timeout) ??
    (Number.isInteger(maxStates) && maxStates >= 0 ? undefined : `--max-states expects a whole number of distinct states, got '${values['max-states']}'`);
  if (problem) {
    process.stderr.write(`${problem}\n${usage}`);
    return 64;
  }
  const jar = resolve(values['tlc-jar']!);
  const cloudos = resolve(values.cloudos);
  const out = resolve(values.out);
  let models: CoverageModel[];
  try {
    models = selectModels(values.examples && resolve(values.examples), maxStates).filter((m) => !values.filter || m.name.includes(values.filter));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 64;
  }
  const totals = { compared: 0, identical: 0, tlcLines: 0, missing: 0, missingIndented: 0, extra: 0 };
  const skipped: string[] = [];
  for (const model of models) {
    // Both run in a copy of the folder holding the spec and its .cfg: TLC writes its states/ and trace specs there.
    const folder = dirname(model.spec);
    const dir = join(out, model.name.replace(/[^\w.-]+/g, '_'));
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(folder, dir, { recursive: true, filter: (source) => basename(source) !== 'states' && !source.endsWith('.ts') });
    const [spec, cfg] = [basename(model.spec), relative(folder, model.cfg)];
    const tlc = runLimited(tlcCommand(values.java, jar, spec, cfg), dir, timeoutSeconds);
    const ours = runLimited(oursCommand(cloudos, spec, cfg), dir, timeoutSeconds);
    const [tlcBlock, oursBlock] = [coverageBlock(tlc.output), coverageBlock(ours.output)];
    const replay = `cd ${quote(dir)} && ${tlcCommand(values.java, jar, spec, cfg).map(quote).join(' ')} > tlc.out; ${oursCommand(cloudos, spec, cfg).map(quote).join(' ')} > ours.out`;
    const keep = () => {
      rmSync(join(dir, 'states'), { recursive: true, force: true });
      writeFileSync(join(dir, 'tlc.out'), tlc.output);
      writeFileSync(join(dir, 'ours.out'), ours.output);
      writeFileSync(join(dir, 'replay.sh'), `#!/bin/sh\n${replay}\n`);
    };
    if (!tlcBlock) {
      // A constant-level spec, one TLC refuses or one that needs modules it lacks: nothing to compare.
      skipped.push(model.name);
      rmSync(dir, { recursive: true, force: true });
      process.stdout.write(`${model.name}: no coverage report from TLC${tlc.timedOut ? ' (timeout)' : ` (exit ${tlc.exitCode})`}\n`);
      continue;
    }
    const c = compareCoverage(tlcBlock, oursBlock ?? []);
    const missingIndented = c.missing.filter(isIndented).length;
    totals.compared++;
    totals.tlcLines += c.tlcLines;
    totals.missing += c.missing.length;
    totals.missingIndented += missingIndented;
    totals.extra += c.extra.length;
    if (c.identical) {
      totals.identical++;
      rmSync(dir, { recursive: true, force: true });
      process.stdout.write(`${model.name}: identical (${c.tlcLines} lines)\n`);
      continue;
    }
    keep();
    const none = oursBlock ? '' : ` (no report from ours: ${ours.timedOut ? 'timeout' : `exit ${ours.exitCode}`})`;
    process.stdout.write(`${model.name}: differs${none}: TLC's lines missing from ours ${c.missing.length} of ${c.tlcLines} (${missingIndented} indented), ours not TLC's ${c.extra.length}\n  replay: ${replay}\n`);
  }
  process.stdout.write(
    `\nmodels compared ${totals.compared} (no report from TLC: ${skipped.length}); identical ${totals.identical} of ${totals.compared}; ` +
      `TLC's lines missing from ours ${totals.missing} of ${totals.tlcLines} (${totals.missingIndented} indented); ours not TLC's ${totals.extra}\n`,
  );
  return totals.identical === totals.compared ? 0 : 1;
}

process.exitCode = main();
