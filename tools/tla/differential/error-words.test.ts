// Evaluation errors TLC words its own way, one small spec each with TLC's report (`tlc.out`, as TLC
// printed it) in testdata-words/: ours, from the first `Error:` through the statistics, is TLC's line
// for line, in both modes, on 1 and 2 workers (tools/tla/SUPPORTED.md, "Evaluation errors in TLC's words").
import t from 'tap';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepoRoot } from '../../../conventions/index.js';
import { summarizeOutput } from './compare-outputs.js';
import { errorReport, ourReport } from './our-report.js';

const testdata = fromRepoRoot('tools/tla/differential/testdata-words');
const recorded = readdirSync(testdata).sort();

t.test("our report of each evaluation error is TLC's, line for line", async (t) => {
  t.ok(recorded.length >= 37);
  for (const name of recorded) {
    const text = readFileSync(join(testdata, name, 'tlc.out'), 'utf8');
    t.equal(summarizeOutput(text).verdict, 'error', `${name}: TLC stops on an error`);
    for (const mode of ['compiled', 'interpreted'] as const) {
      for (const workers of [1, 2]) {
        const ours = errorReport(await ourReport(join(testdata, name, `${name}.tla`), mode, workers));
        t.equal(ours, errorReport(text), `${name} (${mode}, ${workers} worker${workers > 1 ? 's' : ''}): TLC's report`);
      }
    }
  }
});
