// Checks every CI model of corpus.json through the real toolchain (`cloudos check --format json`)
// and compares verdict and counts with the numbers established independently of it.
// Set CLOUDOS_NIGHTLY=1 to include the nightly models.
import t from 'tap';
import { relative } from 'node:path';
import { loadCorpus } from './corpus-manifest.js';
import { assertOutcome, assertCheckCommandRuns, runCheck } from './run-check.js';
import { repoRoot } from '../../../conventions/index.js';

const nightly = process.env.CLOUDOS_NIGHTLY === '1';
// Each check spawns the CLI; on a loaded machine a run takes seconds, so allow minutes in all.
t.setTimeout((nightly ? 120 : 15) * 60_000);
const models = loadCorpus().filter((m) => m.tier === 'ci' || nightly);

t.test('the CLI runs', async (t) => assertCheckCommandRuns(t));

for (const model of models) {
  t.test(`${model.name} (${model.tier})`, async (t) => {
    const spec = relative(repoRoot, model.spec);
    const cfg = relative(repoRoot, model.cfg);
    const replay = `node bin/cloudos.js check ${spec} --config ${cfg} --format json`;
    assertOutcome(t, runCheck(model.spec, model.cfg), model.expected, replay);
  });
}
