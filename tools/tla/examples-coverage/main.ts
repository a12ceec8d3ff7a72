// Coverage of tlaplus/Examples (issue 12): runs `cloudos check` on every selected model of the
// checkout named by TLA_EXAMPLES and compares each answer with TLC's recorded one.
//   TLA_EXAMPLES=/path/to/Examples nice -n 10 node dist/tools/tla/examples-coverage/main.js [--timeout S] [--filter TEXT] [--json FILE]
// Not part of `npm test`: it needs the external checkout and takes minutes.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCheck } from '../corpus/run-check.js';
import { selectExampleModels } from './examples-manifest.js';
import { withRecheckedCounts } from './tlc-rechecked.js';
import { classifyOutcome, formatOutcome, formatSummary, summarize, type ModelCoverage } from './coverage-outcome.js';

const usage = 'usage: TLA_EXAMPLES=<checkout of tlaplus/Examples> node dist/tools/tla/examples-coverage/main.js [--timeout S] [--filter TEXT] [--json FILE]\n';

function main(): number {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { timeout: { type: 'string', default: '60' }, filter: { type: 'string' }, json: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  const models = selectExampleModels(checkout).filter((m) => !values.filter || m.cfg.includes(values.filter)).map((m) => withRecheckedCounts(m));
  const outcomes: ModelCoverage[] = [];
  for (const model of models) {
    const spec = join(checkout, model.spec);
    // A limit on the checker's CPU time, not the wall clock: a loaded machine slows a model without
    // making it use more CPU, so load alone never turns an exact model into a timeout.
    const run = runCheck(spec, join(checkout, model.cfg), { cwd: dirname(spec), cpuLimitSeconds: timeoutSeconds });
    const outcome = classifyOutcome(model, run);
    outcomes.push(outcome);
    process.stdout.write(formatOutcome(outcome) + '\n');
  }
  const summary = summarize(outcomes);
  process.stdout.write(`\nTLA_EXAMPLES=${checkout} node dist/tools/tla/examples-coverage/main.js --timeout ${timeoutSeconds}${values.filter ? ` --filter ${values.filter}` : ''}\n`);
  process.stdout.write(formatSummary(summary));
  if (values.json) writeFileSync(values.json, JSON.stringify({ checkout, timeoutSeconds, outcomes, summary }, null, 2) + '\n');
  return 0;
}

process.exitCode = main();
