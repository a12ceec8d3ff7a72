// Coverage of tlaplus/Examples (issue 12): runs `cloudos check` on every selected model of the
// checkout named by TLA_EXAMPLES and compares each answer with TLC's recorded one; with
// `--unrecorded --tlc-jar CLASSPATH`, on the models whose manifest records no counts, each compared
// with TLC run here first (the user's jar; nothing here ships or needs it).
//   TLA_EXAMPLES=/path/to/Examples nice -n 10 node dist/tools/tla/examples-coverage/main.js [--timeout S] [--filter TEXT] [--json FILE] [--unrecorded --tlc-jar CLASSPATH [--java PATH] [--tlc-cache DIR]]
// Not part of `npm test`: it needs the external checkout and takes minutes.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCheck } from '../corpus/run-check.js';
import { selectExampleModels, selectUnrecordedExampleModels, type ExampleModel } from './examples-manifest.js';
import { runTlc, tlcAnswer, type TlcOptions } from './tlc-answer.js';
import { defaultTlcCacheFolder, TlcCache } from './tlc-cache.js';
import { withRecheckedCounts } from './tlc-rechecked.js';
import { classifyOutcome, formatOutcome, formatSummary, summarize, type ModelCoverage } from './coverage-outcome.js';

const usage =
  'usage: TLA_EXAMPLES=<checkout of tlaplus/Examples> node dist/tools/tla/examples-coverage/main.js [--timeout S] [--filter TEXT] [--json FILE] [--unrecorded --tlc-jar CLASSPATH [--java PATH] [--tlc-cache DIR]]\n';

function main(): number {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      timeout: { type: 'string', default: '60' },
      filter: { type: 'string' },
      json: { type: 'string' },
      unrecorded: { type: 'boolean', default: false },
      'tlc-jar': { type: 'string' },
      java: { type: 'string', default: 'java' },
      'tlc-cache': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const checkout = process.env['TLA_EXAMPLES'];
  if (!checkout) {
    process.stderr.write(`TLA_EXAMPLES is not set\n${usage}`);
    return 64;
  }
  const timeoutSeconds = Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    process.stderr.write(`--timeout expects a positive number of seconds, got '${values.timeout}'\n`);
    return 64;
  }
  if (values.unrecorded !== (values['tlc-jar'] !== undefined)) {
    process.stderr.write(`--unrecorded and --tlc-jar go together: TLC run here supplies the counts the manifests do not record\n${usage}`);
    return 64;
  }
  const selected = (m: { cfg: string }) => !values.filter || m.cfg.includes(values.filter);
  // A limit on each checker's CPU time, not the wall clock: a loaded machine slows a model without
  // making it use more CPU, so load alone never turns an exact model into a timeout.
  const tlc: TlcOptions | undefined = values['tlc-jar'] !== undefined ? { java: values.java, classpath: values['tlc-jar'], cpuLimitSeconds: timeoutSeconds } : undefined;
  const cache = new TlcCache(values['tlc-cache'] ?? defaultTlcCacheFolder());
  // What each model's answer must be: TLC's recorded one, or TLC's run here (one model at a time,
  // so that each line is printed as soon as both have run), the cheapest by the manifests' runtimes
  // first so that a small machine answers for most models early.
  const expectations: (() => ExampleModel | ModelCoverage)[] = tlc
    ? selectUnrecordedExampleModels(checkout)
        .filter(selected)
        .sort((a, b) => a.runtimeSeconds - b.runtimeSeconds)
        .map((m) => () => {
          const run = runTlc(checkout, m, tlc, cache);
          process.stderr.write(`TLC on ${m.cfg}: ${run.cached ? `its report kept in ${cache.folder}` : 'run'}\n`);
          const answer = tlcAnswer(m, run);
          return answer.kind === 'answer' ? answer.model : { cfg: m.cfg, kind: 'no-tlc', cause: answer.cause };
        })
    : selectExampleModels(checkout)
        .filter(selected)
        .map((m) => () => withRecheckedCounts(m));
  const outcomes: ModelCoverage[] = [];
  for (const expect of expectations) {
    const expected = expect();
    const outcome = 'kind' in expected ? expected : classifyOutcome(expected, runCheck(join(checkout, expected.spec), join(checkout, expected.cfg), { cwd: dirname(join(checkout, expected.spec)), cpuLimitSeconds: timeoutSeconds }));
    outcomes.push(outcome);
    process.stdout.write(formatOutcome(outcome) + '\n');
  }
  const summary = summarize(outcomes);
  const flags = [`--timeout ${timeoutSeconds}`, ...(values.filter ? [`--filter ${values.filter}`] : []), ...(tlc ? [`--unrecorded --tlc-jar ${tlc.classpath}`] : [])];
  process.stdout.write(`\nTLA_EXAMPLES=${checkout} node dist/tools/tla/examples-coverage/main.js ${flags.join(' ')}\n`);
  process.stdout.write(formatSummary(summary));
  if (values.json) writeFileSync(values.json, JSON.stringify({ checkout, timeoutSeconds, outcomes, summary }, null, 2) + '\n');
  return 0;
}

process.exitCode = main();
