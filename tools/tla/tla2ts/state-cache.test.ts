// The compiled runtime computes a definition that reads only the current state once per state and
// arguments (runtime.ts remembered, names/levels.ts readsOnlyState); the interpreter computes it at
// every use. Both must give TLC's answer: the values of the state being expanded or checked, for
// those arguments, never those of the state before, another argument or the next state, and every
// Print beneath such a definition at each evaluation. Expected output is TLC's, measured 7 Dec 2026
// with TLC2 (`java -cp tla2tools.jar tlc2.TLC -workers 1 -config PerState.cfg PerState.tla`).
// generators.test.ts compares the compiled successors with the interpreter's on the whole corpus.
import t from 'tap';
import { checkModel } from '../check/check.js';
import { modelFromText, printedLines } from '../test-models.js';

const spec = [
  '---- MODULE PerState ----',
  'EXTENDS Naturals, FiniteSets, TLC',
  'VARIABLE x, y, z',
  'Below(p) == {i \\in 0..x : i < p}',
  'Dbg(a) == PrintT(<<"Dbg", a>>)',
  'Shown(p) == Dbg(p) /\\ x >= 0',
  'Init == x = 0 /\\ y = 0 /\\ z = 0',
  'Next == /\\ x < 3',
  "        /\\ x' = x + 1",
  "        /\\ y' = Cardinality(Below(1)) + 10 * Cardinality(Below(2)) + 100 * Cardinality(Below(1))",
  "        /\\ z' = Cardinality(Below(3))'",
  '        /\\ Shown(x) /\\ Shown(x)',
  // Below(5) in each checked state; y as computed from the state before with two arguments; z from
  // the next state; TLC finds the last conjunct violated in the third state.
  'Inv == /\\ Cardinality(Below(5)) = x + 1',
  '       /\\ y = 0 \\/ y = 101 + 10 * (IF x >= 2 THEN 2 ELSE x)',
  '       /\\ z = 0 \\/ z = IF x >= 2 THEN 3 ELSE 2',
  '       /\\ y # 121',
  '====',
].join('\n');

t.test('a state-level operator with arguments: the values of this state for these arguments, and every Print beneath it', async (t) => {
  for (const compiled of [false, true]) {
    const mode = compiled ? 'compiled' : 'interpreted';
    let outcome = '';
    let trace: unknown[] = [];
    const printed = await printedLines(async () => {
      const model = await modelFromText('PerState', spec, 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n', {}, compiled);
      const result = await checkModel(model);
      outcome = `${result.result}: ${result.stats.statesGenerated} generated, ${result.stats.distinctStates} distinct`;
      if (result.result === 'violated') trace = result.violation.trace.map((step) => step.state);
    });
    // TLC: Inv violated, 3 states generated, 3 distinct, by the trace below.
    t.equal(outcome, 'violated: 3 generated, 3 distinct', mode);
    t.same(trace, [[0, 0, 0], [1, 111, 2], [2, 121, 3]], `${mode}: TLC's trace (x, y, z)`);
    // Shown(x) twice in each state expanded during the search (TLC prints them again between the
    // trace's states as it rebuilds the trace: the trace printer's part, not checkModel's).
    t.same(printed, ['<<"Dbg", 0>>', '<<"Dbg", 0>>', '<<"Dbg", 1>>', '<<"Dbg", 1>>'], `${mode}: TLC's lines`);
  }
});

t.test('not for a next state, nor beneath a prime: each successor of one state has its own', async (t) => {
  const steps = [
    '---- MODULE Steps ----',
    'EXTENDS Naturals, FiniteSets',
    'VARIABLE x, z, w',
    'Above(p) == {i \\in 0..x : i >= p}',
    "Moved(p) == x' - x + p",
    'Init == x = 0 /\\ z = 0 /\\ w = 0',
    'Next == /\\ x < 4',
    "        /\\ x' \\in {x + 1, x + 2}",
    // Above(1) read only in next states (the same scratch state each time); Moved(10) differs between the two successors.
    "        /\\ z' = Cardinality(Above(1))'",
    "        /\\ w' = Moved(10)",
    'Inv == z = x',
    '====',
  ].join('\n');
  for (const compiled of [false, true]) {
    const model = await modelFromText('Steps', steps, 'INIT Init\nNEXT Next\nINVARIANT Inv\nCHECK_DEADLOCK FALSE\n', {}, compiled);
    const result = await checkModel(model);
    // TLC: no error, 13 states generated, 9 distinct.
    t.equal(`${result.result}: ${result.stats.statesGenerated} generated, ${result.stats.distinctStates} distinct`, 'holds: 13 generated, 9 distinct', compiled ? 'compiled' : 'interpreted');
  }
});
