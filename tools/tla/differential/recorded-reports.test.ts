// Each spec of testdata/ beside TLC's report of it (`tlc.out`, as TLC printed it): ours, in both
// modes on 1 and 2 workers, agrees with TLC's in verdict, counts, depth and trace, and after an
// evaluation error is TLC's line for line from the first `Error:` through the statistics. Apart from
// differential.test.ts because it runs every recorded spec four times: tap's time limit is per file.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepoRoot } from '../../../conventions/index.js';
import { compareSummaries, summarizeOutput } from './compare-outputs.js';
import { errorReport, ourReport } from './our-report.js';

const testdata = fromRepoRoot('tools/tla/differential/testdata');
const recorded = readdirSync(testdata).sort();

t.test("our report of each recorded spec is TLC's, and of each evaluation error line for line", async (t) => {
  t.ok(recorded.length >= 6);
  let errors = 0;
  for (const name of recorded) {
    const text = readFileSync(join(testdata, name, 'tlc.out'), 'utf8');
    const tlc = summarizeOutput(text);
    if (tlc.verdict === 'error') errors++;
    for (const mode of ['compiled', 'interpreted'] as const) {
      for (const workers of [1, 2]) {
        const ours = await ourReport(join(testdata, name, `${name}.tla`), mode, workers);
        const label = `${name} (${mode}, ${workers} worker${workers > 1 ? 's' : ''})`;
        t.same(compareSummaries(tlc, summarizeOutput(ours)), undefined, `${label} agrees with TLC`);
        if (tlc.verdict === 'error') t.equal(errorReport(ours), errorReport(text), `${label}: TLC's report of the error`);
      }
    }
  }
  t.ok(errors >= 40, 'the evaluation errors are among them');
});

t.test("Print and PrintT lay out long values as TLC does (testdata/Prints: TLC's lines between Starting... and Computing initial states...)", async (t) => {
  const tlc = readFileSync(join(testdata, 'Prints', 'tlc.out'), 'utf8').split('\n');
  const printed = tlc.slice(tlc.findIndex((l) => l.startsWith('Starting...')) + 1, tlc.indexOf('Computing initial states...'));
  t.ok(printed.length >= 40 && printed.some((l) => l.startsWith('   ')), 'TLC broke values over lines');
  const run = spawnSync(process.execPath, [fromRepoRoot('bin/cloudos.js'), 'check', join(testdata, 'Prints', 'Prints.tla'), '--workers', '1'], { encoding: 'utf8' });
  t.equal(run.status, 0, 'the model holds');
  // Ours prints Print's lines on stderr, before the line naming the run.
  const ours = run.stderr.split('\n');
  t.equal(ours.slice(0, ours.findIndex((l) => l.startsWith('Model checking '))).join('\n'), printed.join('\n'));
});
