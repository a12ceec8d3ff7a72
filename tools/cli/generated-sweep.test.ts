// Correct implementations pass every generated test over many seeds (issue 8: the suite must never
// fail a correct port): the reference kernel in-process over seeds 1..12, the Python port over
// seeds 1..2 (seed 1 is in conform-port-python.test.ts, which runs every test; seed 2 here: a
// subprocess per run is slower). Heavier sweeps belong to `cloudos conform --seeds`.
// Lives with the CLI because it wires implementations to the suite, as `cloudos conform` does.
import t from 'tap';
import { discoverTests, runTest, subprocessFactory } from '../../conformance/src/index.js';
import type { ImplementationFactory } from '../../conformance/protocol/index.js';
import { referenceFactory } from '../../reference/src/index.js';
import { fromRepoRoot } from '../../conventions/index.js';

const generated = discoverTests().filter((test) => test.workload.kind === 'generated');
const python = `python3 ${fromRepoRoot('conformance/impls/python/cloudos_node.py')}`;
const ports: { name: string; factory: ImplementationFactory; seeds: [number, number]; impl?: string }[] = [
  { name: 'reference kernel', factory: referenceFactory(), seeds: [1, 12] },
  { name: 'Python port', factory: subprocessFactory(python, process.cwd()), seeds: [2, 2], impl: python },
];

t.ok(generated.length >= 3, `generated tests found (${generated.length})`);
for (const port of ports) {
  const [first, last] = port.seeds;
  for (const test of generated) {
    t.test(`${port.name}: ${test.id} passes seeds ${first}..${last}`, async (t) => {
      const failures: string[] = [];
      for (let seed = first; seed <= last; seed++) {
        const result = await runTest(test, port.factory, { seed });
        if (result.verdict === 'pass' || result.verdict === 'not-applicable') continue;
        const why = result.violations.map((v) => `${v.property}: ${v.message}`).join('; ') || result.protocolViolation?.detail || result.verdict;
        failures.push(`seed ${seed}: ${why} (replay: cloudos conform --tests ${test.id} --seed ${seed}${port.impl ? ` --impl '${port.impl}'` : ''})`);
      }
      t.same(failures, [], 'no seed fails');
    });
  }
}
