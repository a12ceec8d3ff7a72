// Checks every configuration listed in spec/checks.json through `cloudos check --format json`:
// the cloudOS specifications hold, and each known-bad variant is refuted with a counterexample
// naming the expected property. Set CLOUDOS_NIGHTLY=1 to include the nightly configurations.
import t from 'tap';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadSpecChecks } from './corpus-manifest.js';
import { assertOutcome, assertCheckCommandRuns, runCheck } from './run-check.js';
import { repoRoot } from '../../../conventions/index.js';

const nightly = process.env.CLOUDOS_NIGHTLY === '1';
// Each check spawns the CLI; on a loaded machine a run takes seconds, so allow minutes in all.
t.setTimeout((nightly ? 120 : 15) * 60_000);
const checks = loadSpecChecks();

t.test('every .cfg under spec/ is listed in spec/checks.json, and every listed file exists', async (t) => {
  const specRoot = join(repoRoot, 'spec');
  const onDisk = readdirSync(specRoot, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.cfg'))
    .map((path) => join(specRoot, path))
    .sort();
  const listed = checks.map((c) => c.cfg).sort();
  t.same(listed, onDisk, 'spec/checks.json lists exactly the configurations in spec/');
  const specs = new Set(readdirSync(specRoot, { recursive: true, encoding: 'utf8' }).map((path) => join(specRoot, path)));
  for (const check of checks) t.ok(specs.has(check.spec), `${check.name}: ${relative(repoRoot, check.spec)} exists`);
});

t.test('the CLI runs', async (t) => assertCheckCommandRuns(t));

for (const check of checks.filter((c) => c.tier === 'ci' || nightly)) {
  t.test(`${check.name} (${check.tier}): ${check.purpose}`, async (t) => {
    const replay = `node bin/cloudos.js check ${relative(repoRoot, check.spec)} --config ${relative(repoRoot, check.cfg)} --format json`;
    assertOutcome(t, runCheck(check.spec, check.cfg, { cpuLimitSeconds: nightly ? 1800 : 300 }), check.expected, replay);
  });
}
