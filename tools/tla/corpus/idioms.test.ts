// TLA+ as people write it (issue 12): small specs written here, one idiom each, checked end to end
// in both modes. Every count is established by hand in the comment beside it (the reachable states
// enumerated), never read off the checker.
import t, { type Test } from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkModel } from '../check/check.js';
import type { CheckResult } from '../check/check-result.js';
import { loadModel } from '../load.js';

interface Expected {
  result: 'holds' | 'violated';
  /** The violated property's name, or `deadlock`. */
  violation?: string;
  distinct?: number;
  generated?: number;
  depth?: number;
}

/** Writes `files` (name → text) into a fresh folder and checks `root`.tla with `root`.cfg in both modes. */
async function checkFiles(t: Test, files: Record<string, string>, root: string, expected: Expected): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'idioms-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  for (const mode of ['compiled', 'interpreted'] as const) {
    const model = await loadModel({ spec: join(dir, `${root}.tla`), mode });
    const run: CheckResult = await checkModel(model);
    const violation = run.result === 'violated' ? (run.violation.kind === 'deadlock' ? 'deadlock' : 'name' in run.violation ? run.violation.name : run.violation.kind) : undefined;
    const got = {
      result: run.result,
      ...(violation !== undefined ? { violation } : {}),
      ...(expected.distinct !== undefined ? { distinct: run.stats.distinctStates } : {}),
      ...(expected.generated !== undefined ? { generated: run.stats.statesGenerated } : {}),
      ...(expected.depth !== undefined ? { depth: run.stats.depth } : {}),
    };
    t.same(got, expected, `${root} (${mode})${run.result === 'error' ? `: ${run.violation.message}` : ''}`);
  }
}

const module = (name: string, ...lines: string[]): string => [`---- MODULE ${name} ----`, ...lines, '===='].join('\n') + '\n';

t.test('proofs, TLAPS pragmas, USE/HIDE and ASSUME ... PROVE are skipped; named theorems are operators', async (t) => {
  // x cycles 0 -> 1 -> 2 -> 0: 3 distinct states, 1 initial + 3 successors generated, depth 3.
  await checkFiles(t, {
    'Proofs.tla': module('Proofs',
      'EXTENDS Naturals, TLAPS, NaturalsInduction',
      'VARIABLE x',
      'Init == x = 0',
      "Next == x' = (x + 1) % 3",
      'TypeOK == x \\in 0..2',
      'THEOREM TypeCorrect == Init /\\ [][Next]_x => []TypeOK',
      '<1>1. Init => TypeOK BY DEF Init, TypeOK',
      "<1>2. TypeOK /\\ [Next]_x => TypeOK' BY SMT DEF TypeOK, Next",
      '<1> QED BY <1>1, <1>2, PTL',
      'LEMMA Shift == ASSUME NEW n \\in Nat, n > 0 PROVE n - 1 \\in Nat',
      '  OBVIOUS',
      'USE DEF TypeOK',
      'HIDE DEF Next',
      'COROLLARY Bounded == \\A n \\in 0..2 : n < 3',
      '  PROOF',
      '  <1> DEFINE m == 3',
      '  <1>1. TAKE n \\in 0..2',
      '  <1> QED BY Zenon, <1>1 DEF m',
      'PROPOSITION ASSUME NEW S PROVE S \\subseteq S',
      'Small == Bounded /\\ ZenonT(10) /\\ x < 3'),
    'Proofs.cfg': 'INIT Init\nNEXT Next\nINVARIANTS TypeOK Small\n',
  }, 'Proofs', { result: 'holds', distinct: 3, generated: 4, depth: 3 });
});
