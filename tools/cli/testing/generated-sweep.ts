// Correct implementations pass every generated test over many seeds (issue 8: the suite must never
// fail a correct port). One file per port (generated-sweep-*.test.ts), so that each stays well
// inside tap's per-file limit on a loaded machine; heavier sweeps belong to `cloudos conform --seeds`.
import t from 'tap';
import { discoverTests, runTest } from '../../../conformance/src/index.js';
import type { ImplementationFactory } from '../../../conformance/protocol/index.js';

/** Runs every generated test against the port at seeds first..last; `impl` is the port's command for the replay line. */
export function sweepGeneratedTests(name: string, factory: ImplementationFactory, [first, last]: [number, number], impl?: string): void {
  const generated = discoverTests().filter((test) => test.workload.kind === 'generated');
  t.ok(generated.length >= 3, `generated tests found (${generated.length})`);
  for (const test of generated) {
    t.test(`${name}: ${test.id} passes seeds ${first}..${last}`, async (t) => {
      const failures: string[] = [];
      for (let seed = first; seed <= last; seed++) {
        const result = await runTest(test, factory, { seed });
        if (result.verdict === 'pass' || result.verdict === 'not-applicable') continue;
        const why = result.violations.map((v) => `${v.property}: ${v.message}`).join('; ') || result.protocolViolation?.detail || result.verdict;
        failures.push(`seed ${seed}: ${why} (replay: cloudos conform --tests ${test.id} --seed ${seed}${impl ? ` --impl '${impl}'` : ''})`);
      }
      t.same(failures, [], 'no seed fails');
    });
  }
}
