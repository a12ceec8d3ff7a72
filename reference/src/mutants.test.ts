// Each mutant rejected through the conformance suite's own runner and checkers, the path
// `cloudos conform --mutants` takes: the test a mutant names fails with the property it names,
// and the correct kernel passes that same test, on several seeds.
import t from 'tap';
import { discoverTests, replayCommand, runTest, type TestResult } from '../../conformance/src/index.js';
import { referenceFactory } from './index.js';
import { mutants } from './mutants.js';

const seeds = [1, 2, 3];
const tests = new Map(discoverTests().map((test) => [test.id, test]));

const found = (result: TestResult) => result.violations.map((v) => `${v.property}: ${v.message}`).join('; ') || result.protocolViolation?.detail || 'no violation';

t.test('the catalogue: unique names, each described, each naming a conformance test that asserts its property', async (t) => {
  t.ok(mutants.length >= 5, `${mutants.length} mutants`);
  t.equal(new Set(mutants.map((m) => m.name)).size, mutants.length, 'names are unique');
  for (const m of mutants) {
    t.ok(m.bug.length > 0 && m.violates.length > 0 && m.exposedBy.length > 0, `${m.name} is described`);
    const test = tests.get(m.caughtBy.test);
    t.ok(test !== undefined, `${m.name}: conformance test ${m.caughtBy.test} exists`);
    t.ok(test?.properties.some((p) => p === m.caughtBy.property), `${m.name}: ${m.caughtBy.test} asserts ${m.caughtBy.property}`);
  }
});

for (const m of mutants) {
  t.test(`${m.name} is caught by ${m.caughtBy.test} (${m.caughtBy.property}), which the reference kernel passes`, async (t) => {
    const test = tests.get(m.caughtBy.test);
    if (test === undefined) return void t.fail(`no conformance test ${m.caughtBy.test}`);
    for (const seed of seeds) {
      const correct = await runTest(test, referenceFactory(), { seed });
      t.equal(correct.verdict, 'pass', `reference kernel, seed ${seed}: ${found(correct)} (replay: ${replayCommand(test.id, seed, {})})`);
      const mutated = await runTest(test, referenceFactory(m.name), { seed });
      const replay = replayCommand(test.id, seed, { mutant: m.name });
      t.equal(mutated.verdict, 'fail', `${m.name}, seed ${seed}: rejected (replay: ${replay})`);
      t.ok(mutated.violations.some((v) => v.property === m.caughtBy.property), `${m.name}, seed ${seed}: ${m.caughtBy.property} violated; found ${found(mutated)} (replay: ${replay})`);
    }
  });
}
