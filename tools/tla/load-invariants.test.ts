// An invariant is taken to hold, unevaluated, in a successor whose variables it reads (through every
// definition it calls) are the very values of the state it came from, where it held (load.ts
// `variablesRead`), or equal the values of any state where it held (invariant-memo.ts). What it must
// still find; expected answers are TLC's (java tlc2.TLC -workers 1).
import t from 'tap';
import { checkModel } from './check/check.js';
import { modelFromText, printedLines } from './test-models.js';

const cfg = 'INIT Init\nNEXT Next\nINVARIANT Inv\n';

/** x reaches 3 only by the first disjunct; Inv reads x through two definitions, and y directly. */
const throughDefinitions = `---- MODULE InvA ----
EXTENDS Naturals
VARIABLES x, y
Init == x = 0 /\\ y = 0
Next == \\/ x' = x + 1 /\\ y' = y
        \\/ y' = (y + 1) % 2 /\\ x' = x
Below(n) == x < n
Small == Below(3)
Inv == y \\in {0, 1} /\\ Small
====
`;

/** x never changes, but register 1 counts the invariant's evaluations: it must be evaluated in every state. */
const varying = `---- MODULE InvB ----
EXTENDS Naturals, TLC
VARIABLES x, y
ASSUME TLCSet(1, 0)
Init == x = 0 /\\ y = 0
Next == y' = y + 1 /\\ x' = x
Inv == x = 0 /\\ TLCSet(1, TLCGet(1) + 1) /\\ TLCGet(1) < 3
====
`;

/** Print in an invariant prints in every state TLC checks, x unchanged or not. */
const effectful = `---- MODULE InvC ----
EXTENDS Naturals, TLC
VARIABLES x, y
Init == x = 0 /\\ y = 0
Next == y' = (y + 1) % 3 /\\ x' = x
Inv == PrintT(<<"Inv", x>>) /\\ x = 0
====
`;

/** Inv reads x and y through Pair, Small reads x: evaluated once per value of what they read, z aside. */
const memoized = `---- MODULE InvM ----
EXTENDS Naturals
VARIABLES x, y, z
Init == x = 0 /\\ y = 0 /\\ z = 0
Next == \\/ z' = (z + 1) % 5 /\\ x' = x /\\ y' = y
        \\/ x' = (x + 1) % 4 /\\ y' = y /\\ z' = z
        \\/ y' = (y + 1) % 3 /\\ x' = x /\\ z' = z
Pair == <<x, y>>
Small == x < 4
Inv == Pair /= <<3, 2>>
====
`;

for (const compiled of [false, true]) {
  const mode = compiled ? 'compiled' : 'interpreted';

  t.test(`an invariant reading a variable through definitions is checked where that variable changed (${mode})`, async (t) => {
    const result = await checkModel(await modelFromText('InvA', throughDefinitions, cfg, {}, compiled));
    // TLC: Inv violated in State 4 (x = 3, y = 0), after x = 1, 2 by the first disjunct; 8 generated, 6 distinct, 1 left.
    t.equal(result.result, 'violated');
    if (result.result !== 'violated' || result.violation.kind !== 'invariant') return;
    t.equal(result.violation.name, 'Inv');
    t.same(result.violation.trace.map((s) => s.state), [[0, 0], [1, 0], [2, 0], [3, 0]]);
    t.same([result.stats.statesGenerated, result.stats.distinctStates, result.stats.queueLeft], [8, 6, 1]);
  });

  t.test(`an invariant calling TLCSet and TLCGet is checked in every state (${mode})`, async (t) => {
    const result = await checkModel(await modelFromText('InvB', varying, cfg, {}, compiled));
    // TLC: Inv violated in State 3 (y = 2), its third evaluation; 3 states generated, 3 distinct.
    t.equal(result.result, 'violated');
    if (result.result !== 'violated') return;
    t.same(result.violation.trace.map((s) => s.state), [[0, 0], [0, 1], [0, 2]]);
  });

  t.test(`an invariant that prints is evaluated in every state (${mode})`, async (t) => {
    const m = await modelFromText('InvC', effectful, cfg, {}, compiled);
    let result: Awaited<ReturnType<typeof checkModel>> | undefined;
    const lines = await printedLines(async () => (result = await checkModel(m)));
    // TLC: <<"Inv", 0>> three times (one per distinct state); 4 generated, 3 distinct.
    t.same(lines, ['<<"Inv", 0>>', '<<"Inv", 0>>', '<<"Inv", 0>>']);
    t.same([result!.result, result!.stats.statesGenerated, result!.stats.distinctStates], ['holds', 4, 3]);
  });

  t.test(`invariants reading some of the variables are found violated where TLC finds them (${mode})`, async (t) => {
    // Inv holds in every state with another <<x, y>> than <<3, 2>>, z whatever (invariant-memo.ts).
    const result = await checkModel(await modelFromText('InvM', memoized, 'INIT Init\nNEXT Next\nINVARIANT Small\nINVARIANT Inv\n', {}, compiled));
    // TLC: Inv violated in State 6 (x = 3, y = 2, z = 0); 88 states generated, 41 distinct, 11 left, depth 6.
    t.equal(result.result, 'violated');
    if (result.result !== 'violated' || result.violation.kind !== 'invariant') return;
    t.equal(result.violation.name, 'Inv');
    t.same(result.violation.trace.map((s) => s.state), [[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 0], [3, 1, 0], [3, 2, 0]]);
    t.same([result.stats.statesGenerated, result.stats.distinctStates, result.stats.queueLeft, result.stats.depth], [88, 41, 11, 6]);
  });
}
