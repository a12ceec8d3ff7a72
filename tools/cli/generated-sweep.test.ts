// Correct implementations pass every generated test over many seeds (issue 8: the suite must never
// fail a correct port): the reference kernel in-process over seeds 1..12, the Python port over
// seeds 1..2 (a subprocess per run is slower). Heavier sweeps belong to `cloudos conform --seeds`.
// Lives with the CLI because it wires implementations to the suite, as `cloudos conform` does.
import t from 'tap';
import { discoverTests, runTest, SubprocessImplementation } from '../../conformance/src/index.js';
import type { ImplementationFactory } from '../../conformance/protocol/index.js';
import { referenceFactory } from '../../reference/src/index.js';
import { fromRepoRoot } from '../../conventions/index.js';

const generated = discoverTests().filter((test) => test.workload.kind === 'generated');
const python = `python3 ${fromRepoRoot('conformance/impls/python/cloudos_node.py')}`;
const ports: { name: string; factory: ImplementationFactory; seeds: number; impl?: string }[] = [
  { name: 'reference kernel', factory: referenceFactory(), seeds: 12 },
  { name: 'Python port', factory: (run) => new SubprocessImplementation({ command: python, cwd: process.cwd(), stepTimeoutMs: run.stepTimeoutMs }), seeds: 2, impl: python },
];

t.ok(generated.length >= 3, `generated tests found (${generated.length})`);
for (const port of ports) {
  for (const test of generated) {
    t.test(`${port.name}: ${test.id} passes seeds 1..${port.seeds}`, async (t) => {
      const failures: string[] = [];
      for (let seed = 1; seed <= port.seeds; seed++) {
        const result = await runTest(test, port.factory, { seed });
        if (result.verdict === 'pass' || result.verdict === 'not-applicable') continue;
        const why = result.violations.map((v) => `${v.property}: ${v.message}`).join('; ') || result.protocolViolation?.detail || result.verdict;
        failures.push(`seed ${seed}: ${why} (replay: cloudos conform --tests ${test.id} --seed ${seed}${port.impl ? ` --impl '${port.impl}'` : ''})`);
      }
      t.same(failures, [], 'no seed fails');
    });
  }
}
