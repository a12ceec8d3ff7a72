// Each catalogued bug is real: its scenario's outcome is wrong under the bug's flag and right on
// the correct kernel (so the scenario shows this bug, not a quirk of the script).
import t from 'tap';
import { catalogue } from './catalogue.js';
import { scenarios as messagingScenarios, type Scenario } from './scenarios.js';
import { migrationScenarios } from './migration-scenarios.js';
import { migrationBlindScenarios } from './migration-scenarios-blind.js';
import { dsmScenarios } from './dsm-scenarios.js';
import { dsmBlindScenarios } from './dsm-scenarios-blind.js';
import { quotaScenarios } from './quota-scenarios.js';
import { quotaBlindScenarios } from './quota-scenarios-blind.js';
import { blind3Scenarios } from './scenarios-blind-3.js';
import { blind4Scenarios } from './scenarios-blind-4.js';
import { blind5Scenarios } from './scenarios-blind-5.js';
import type { BugId } from './catalogue.js';

const scenarios: Record<BugId, Scenario> = { ...messagingScenarios, ...migrationScenarios, ...dsmScenarios, ...quotaScenarios, ...migrationBlindScenarios, ...dsmBlindScenarios, ...quotaBlindScenarios, ...blind3Scenarios, ...blind4Scenarios, ...blind5Scenarios };

for (const bug of catalogue) {
  t.test(`${bug.id} (${bug.class})`, async (t) => {
    t.equal(scenarios[bug.id](undefined), undefined, 'the correct kernel passes the scenario');
    const wrong = scenarios[bug.id](bug.id);
    t.type(wrong, 'string', `the bug shows: ${bug.scenario}`);
    t.comment(`${bug.id}: ${wrong}`);
  });
}

t.test('catalogue ids are unique and every bug has a scenario', async (t) => {
  t.equal(new Set(catalogue.map((b) => b.id)).size, catalogue.length);
  t.same(Object.keys(scenarios).sort(), catalogue.map((b) => b.id).sort());
});
