// Arguments of user-defined operators are evaluated where the body first uses them, once, as TLC's
// LazyValue (eval-context.ts LazyArgument): an argument never used is never evaluated (no error, no
// Print), one used twice prints once, and inside an Init or action TLC expands, a value is computed
// again in a disjunct that assigned the variables differently. Every expected count and printed line
// is TLC's, measured 7 Dec 2026 with TLC2 Version 2026.12.06 (built from the public TLA+ tools
// source, `java -cp tla2tools.jar tlc2.TLC -workers 1 -config X.cfg X.tla`). Before, arguments were
// evaluated at the call: the `was` comments give our old answer.
import t, { type Test } from 'tap';
import { checkModel } from '../check/check.js';
import { modelFromText, printedLines } from '../test-models.js';

/** What checking `lines` (INIT Init, NEXT Next, no deadlock check) prints with Print, and its counts or its error; interpreted or compiled. */
async function check(name: string, lines: string[], compiled: boolean, others: Record<string, string> = {}, cfg = ''): Promise<{ printed: string[]; outcome: string }> {
  let outcome = '';
  const printed = await printedLines(async () => {
    const model = await modelFromText(name, lines.join('\n'), `INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n${cfg}`, others, compiled);
    const result = await checkModel(model);
    if (result.result === 'error') {
      const d = result.violation.diagnostics[0]!;
      outcome = `${d.code} at ${d.span?.line}:${d.span?.col}`;
    } else outcome = `${result.stats.statesGenerated} generated, ${result.stats.distinctStates} distinct`;
  });
  return { printed, outcome };
}

/** Checks `lines` in both evaluation modes against TLC's answer. */
async function bothModes(t: Test, name: string, lines: string[], tlc: { printed: string[]; outcome: string }, others: Record<string, string> = {}, cfg = ''): Promise<void> {
  for (const compiled of [false, true]) t.same(await check(name, lines, compiled, others, cfg), tlc, `${name} ${compiled ? 'compiled' : 'interpreted'}`);
}

t.test('an argument the body does not use is not evaluated: no error where TLC has none', async (t) => {
  const spec = [
    '---- MODULE Unused ----',
    'EXTENDS Naturals',
    'VARIABLE x',
    'F(a, b) == a',
    'G(a, b) == IF a > 0 THEN a ELSE b',
    'Init == x = F(1, <<>>[1])',
    "Next == \\/ x' = G(x + 1, <<>>[1]) /\\ x < 3",
    "        \\/ x' = x + 2 /\\ x < 3",
    '====',
  ];
  // was E3003 at 6:18 (<<>>[1] evaluated at the call).
  await bothModes(t, 'Unused', spec, { printed: [], outcome: '5 generated, 4 distinct' });
});

t.test('an argument the body uses fails where it is used', async (t) => {
  const spec = [
    '---- MODULE Used ----',
    'EXTENDS Naturals',
    'VARIABLE x',
    'G(a, b) == IF a > 0 THEN a ELSE b',
    'Init == x = 0',
    "Next == x' = G(x, <<>>[1])",
    '====',
  ];
  // TLC: "Attempted to access index 1 of tuple <<>> which is out of bounds", at <<>>[1] (its last nested expression).
  await bothModes(t, 'Used', spec, { printed: [], outcome: "E3003 at 6:19" });
});

t.test('Print in an argument: once when the body first uses it, never when unused', async (t) => {
  const spec = [
    '---- MODULE Printed ----',
    'EXTENDS Naturals, TLC',
    'VARIABLE x',
    'Twice(a) == a + a',
    'Never(a, b) == b',
    'Init == x = Twice(Print("twice", 1)) + Never(Print("never", 1), 0)',
    "Next == x' = x",
    '====',
  ];
  // was "twice" and "never", each printed at the call.
  await bothModes(t, 'Printed', spec, { printed: ['"twice"  1'], outcome: '2 generated, 1 distinct' });
});

t.test('recursive, LET, passed and LAMBDA operators take lazy arguments too; a recursive call keeps the outer bindings', async (t) => {
  const spec = [
    '---- MODULE Kinds ----',
    'EXTENDS Naturals, TLC',
    'VARIABLE x',
    'RECURSIVE Sum(_, _)',
    'Sum(n, acc) == IF n = 0 THEN acc ELSE Sum(n - 1, acc + n)',
    'RECURSIVE Skip(_, _)',
    'Skip(n, junk) == IF n = 0 THEN 0 ELSE Skip(n - 1, junk + <<>>[1])',
    'RECURSIVE Down(_)',
    'Down(n) == LET m == n - 1 IN IF n = 0 THEN 0 ELSE 1 + Down(m)',
    'K(a, b) == a',
    'Apply(Op(_, _), v) == Op(v, <<>>[1])',
    'Init == /\\ x = Sum(3, Print("acc", 0))',
    '        /\\ Skip(2, <<>>[1]) = 0',
    '        /\\ Down(3) = 3',
    '        /\\ LET H(a, b) == a IN H(1, <<>>[1]) = 1',
    '        /\\ Apply(K, 1) = 1',
    '        /\\ Apply(LAMBDA a, b : a, 1) = 1',
    "Next == x' = x",
    '====',
  ];
  // "acc" is printed once, at the bottom of the recursion. Was E3003 at 13:20 (Skip's <<>>[1], at the call).
  await bothModes(t, 'Kinds', spec, { printed: ['"acc"  0'], outcome: '2 generated, 1 distinct' });
});

t.test('in an action TLC expands, a value is computed again where the variables assigned since differ', async (t) => {
  const spec = [
    '---- MODULE Branches ----',
    'EXTENDS Naturals, TLC',
    'VARIABLE x, y',
    "A(a) == \\/ x' = 1 /\\ y' = a",
    "        \\/ x' = 2 /\\ y' = a",
    "B(a) == \\/ x' = a /\\ y' = 0",
    "        \\/ x' = a /\\ y' = 1",
    'Init == x = 0 /\\ y = 0',
    'Next == /\\ x = 0',
    '        /\\ \\/ A(Print(<<"A", x>>, x))',
    '           \\/ B(Print(<<"B", x>>, x))',
    '====',
  ];
  // A's argument is first used after x' = 1, then after x' = 2: twice per state; B's before any
  // assignment: once (TLCState.isSubset). Next runs in (0, 0) and (0, 1). Was A's line once per state.
  const printed = ['<<"A", 0>>  0', '<<"A", 0>>  0', '<<"B", 0>>  0'];
  await bothModes(t, 'Branches', spec, { printed: [...printed, ...printed], outcome: '9 generated, 4 distinct' });
  const init = [
    '---- MODULE InitBranches ----',
    'EXTENDS Naturals, TLC',
    'VARIABLE x, y',
    'F(a) == \\/ x = 1 /\\ y = a',
    '        \\/ x = 2 /\\ y = a',
    'Init == F(Print(<<"F">>, 7))',
    'Next == UNCHANGED <<x, y>>',
    '====',
  ];
  // was printed once.
  await bothModes(t, 'InitBranches', init, { printed: ['<<"F">>  7', '<<"F">>  7'], outcome: '4 generated, 2 distinct' });
});

t.test('INSTANCE substitutions are lazy too: evaluated where the instance first uses them, once per entry, never when unused', async (t) => {
  const foo = ['---- MODULE Foo ----', 'EXTENDS Naturals', 'CONSTANT c, d', 'Twice(y) == c + c + y', 'Op(y) == Twice(y) + c', 'Free(y) == y + 7', 'Bad(y) == d + y', '===='].join('\n');
  const spec = [
    '---- MODULE Sub ----',
    'EXTENDS Naturals, TLC',
    'VARIABLE x',
    'M == INSTANCE Foo WITH c <- IF PrintT("c") THEN 1 ELSE 0, d <- <<>>[1]',
    'Init == x = 0',
    "Next == x < 2 /\\ x' = x + 1",
    'Inv == PrintT(<<x, M!Op(x), M!Free(x)>>)',
    '====',
  ];
  // c is used three times by each M!Op(x) (twice in Twice, once in Op), d never: TLC prints "c" once per
  // state and raises no error. Was "c" three times per state.
  const tlc = { printed: ['"c"', '<<0, 3, 7>>', '"c"', '<<1, 4, 8>>', '"c"', '<<2, 5, 9>>'], outcome: '3 generated, 3 distinct' };
  await bothModes(t, 'Sub', spec, tlc, { Foo: foo }, 'INVARIANT Inv\n');
  // The same INSTANCE without a name, and inside a LET: the same lines.
  const unnamed = spec.map((l) => l.replace('M == INSTANCE', 'INSTANCE').replace(/M!/g, ''));
  await bothModes(t, 'Sub', unnamed, tlc, { Foo: foo }, 'INVARIANT Inv\n');
  const inLet = spec.filter((l) => !l.startsWith('M ==')).map((l) => (l.startsWith('Inv ==') ? `Inv == LET ${spec[3]} IN PrintT(<<x, M!Op(x), M!Free(x)>>)` : l));
  await bothModes(t, 'Sub', inLet, tlc, { Foo: foo }, 'INVARIANT Inv\n');
});
