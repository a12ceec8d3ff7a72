// Print/PrintT output around a violation, as TLC writes it: TLC checks each successor as its action
// generates it and stops at the first bad one, so what the actions would print after it never
// appears; regenerating the trace, it runs each step's actions in order through the whole action
// that produced the state. The expected lines are TLC's (TLC2 built from the public TLA+ tools
// source, `java -cp tla2tools.jar tlc2.TLC -workers 1 -config P.cfg P.tla`, measured 7 Dec 2026).
import t from 'tap';
import { checkModel } from './check/check.js';
import { modelFromText, printedLines as printed } from './test-models.js';

const spec = `---- MODULE P ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0
Up == /\\ x < 10
      /\\ PrintT(<<"up", x>>)
      /\\ x' = x + 1
Twice == /\\ PrintT(<<"twice", x>>)
         /\\ x' \\in {x + 2, x + 3}
         /\\ PrintT(<<"twice'", x, x'>>)
Down == /\\ x > 0
        /\\ PrintT(<<"down", x>>)
        /\\ x' = x - 1
Next == Up \\/ Twice \\/ Down
Inv == x < 5
====
`;

/** TLC's lines while it searches: x = 5 is Twice's second successor of x = 2, so Down of x = 2 never runs. */
const search = [
  '<<"up", 0>>',
  '<<"twice", 0>>',
  '<<"twice\'", 0, 2>>',
  '<<"twice\'", 0, 3>>',
  '<<"up", 1>>',
  '<<"twice", 1>>',
  '<<"twice\'", 1, 3>>',
  '<<"twice\'", 1, 4>>',
  '<<"down", 1>>',
  '<<"up", 2>>',
  '<<"twice", 2>>',
  '<<"twice\'", 2, 4>>',
  '<<"twice\'", 2, 5>>',
];

/** TLC's lines while it rebuilds the trace 0 -> 2 -> 5: Up and Twice of each state, not Down. */
const regeneration = ['<<"up", 0>>', '<<"twice", 0>>', '<<"twice\'", 0, 2>>', '<<"twice\'", 0, 3>>', '<<"up", 2>>', '<<"twice", 2>>', '<<"twice\'", 2, 4>>', '<<"twice\'", 2, 5>>'];

const model = (compiled: boolean, cfg = 'INIT Init\nNEXT Next\nINVARIANT Inv\n') => modelFromText('P', spec, cfg, {}, compiled);

for (const compiled of [false, true]) {
  t.test(`the search prints what TLC prints before the violating successor, then the trace's regeneration (${compiled ? 'compiled' : 'interpreted'})`, async (t) => {
    const m = await model(compiled);
    let result: Awaited<ReturnType<typeof checkModel>> | undefined;
    const lines = await printed(async () => (result = await checkModel(m)));
    t.equal(result!.result, 'violated');
    // TLC: 11 states generated, 6 distinct states found, 2 states left on queue.
    t.same([result!.stats.statesGenerated, result!.stats.distinctStates, result!.stats.queueLeft], [11, 6, 2]);
    // Before, the search ran Down of x = 2 too (`<<"down", 2>>`), and the regeneration every action of each state.
    t.same(lines, [...search, ...regeneration]);
  });
}

t.test('a search that ends without a violation prints every line once, in the order the actions ran', async (t) => {
  // CONSTRAINT Inv: x = 5, 6, 7 are generated but not explored. TLC: 20 states generated, 5 distinct.
  const m = await model(false, 'INIT Init\nNEXT Next\nCONSTRAINT Inv\n');
  let result: Awaited<ReturnType<typeof checkModel>> | undefined;
  const lines = await printed(async () => (result = await checkModel(m)));
  t.same([result!.result, result!.stats.statesGenerated, result!.stats.distinctStates], ['holds', 20, 5]);
  t.same(lines, [
    ...search,
    '<<"down", 2>>',
    ...[3, 4].flatMap((x) => [`<<"up", ${x}>>`, `<<"twice", ${x}>>`, `<<"twice'", ${x}, ${x + 2}>>`, `<<"twice'", ${x}, ${x + 3}>>`, `<<"down", ${x}>>`]),
  ]);
});
