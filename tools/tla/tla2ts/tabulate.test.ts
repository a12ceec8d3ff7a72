// Constant function definitions in compiled code: tabulated on first use when their domain can be
// enumerated, else evaluated point by point; either way the values, and the errors, are TLC's: a
// point where the body fails raises its error only where it is applied (runtime.ts `tabulate`).
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../load.js';
import { checkModel } from '../check/check.js';

const spec = `---- MODULE Tabulate ----
EXTENDS Naturals
VARIABLE x
S == 1..4
\\* Fails at {} (CHOOSE over the empty set), applied only to non-empty sets.
SetMin[T \\in SUBSET S] == CHOOSE m \\in T : \\A y \\in T : m <= y
\\* An infinite domain: point by point.
Double[n \\in Nat] == 2 * n
Init == x = 1
Next == x < 4 /\\ x' = x + 1
Ok == SetMin[x..4] = x /\\ Double[x] = x + x
AtEmpty == x < 4 \\/ SetMin[{}] = 0
====
`;

t.test('a constant function failing at one point of its domain fails only where that point is applied', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudos-tabulate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Tabulate.tla'), spec);
  for (const mode of ['compiled', 'interpreted'] as const) {
    const check = async (invariant: string) => {
      const model = await loadModel({ spec: join(dir, 'Tabulate.tla'), configText: `INIT Init\nNEXT Next\nINVARIANT ${invariant}\nCHECK_DEADLOCK FALSE\n`, mode });
      return checkModel(model);
    };
    t.match(await check('Ok'), { result: 'holds', stats: { distinctStates: 4 } }, `${mode}: SetMin and Double at the points applied`);
    const failed = await check('AtEmpty');
    t.equal(failed.result, 'error', `${mode}: SetMin[{}] is an error`);
    t.equal(failed.result === 'error' && failed.violation.trace.length, 4, `${mode}: in the state that applies it (x = 4)`);
  }
});
