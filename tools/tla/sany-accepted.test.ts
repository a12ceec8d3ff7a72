// Constructs SANY accepts that we refused with E1002 (issue 12): `\EE` / `\AA`, INSTANCE inside a
// LET, an operator symbol applied in prefix form (`R!+(a, b)`, `+(a, b)`). Each must load as SANY
// loads it and evaluate as TLC evaluates it: expected values, counts and refusals are TLC's, measured
// 7 Dec 2026 with TLC2 Version 2026.12.06 (built from the public TLA+ tools source, `java -cp
// tla2tools.jar tlc2.TLC -workers 1 -config X.cfg X.tla`); SANY (`tla2sany.SANY X.tla`) accepts every
// module below.
import t from 'tap';
import { checkModel } from './check/check.js';
import { DiagnosticError } from './diagnostics.js';
import { modelFromText as model, printedLines as printed } from './test-models.js';

/** The first diagnostic `fn` throws, as `file:line:col code`. */
async function refusal(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    const d = error.diagnostics[0]!;
    return `${d.span?.file.split('/').pop()}:${d.span?.line}:${d.span?.col} ${d.code}`;
  }
  return 'accepted';
}

const counter = `---- MODULE Cnt ----
EXTENDS Naturals
CONSTANT K
VARIABLE v
Op(a) == a + K
Get == v + K
Step == v' = (v + K) % 5
====
`;

t.test('INSTANCE inside LET: substitutions read the LET\'s bound names; values and counts as TLC', async (t) => {
  const root = `---- MODULE L ----
EXTENDS Naturals, TLC
VARIABLE v
Init == v = 0
Next == \\E k \\in 1..2 : LET C == INSTANCE Cnt WITH K <- k IN C!Step
Twice(n) == LET D == INSTANCE Cnt WITH K <- 2 * n
                E(m) == INSTANCE Cnt WITH K <- m + n
            IN <<D!Op(1), D!Get, E(10)!Op(0), E(n)!Get>>
Inv == PrintT(<<v, Twice(3)>>) /\\ Twice(1)[1] = 3
Unused == LET U == INSTANCE Cnt WITH K <- 7 IN U!Get
====
`;
  // TLC: these five lines, then "11 states generated, 5 distinct states found, 0 states left on queue."
  const tlc = ['<<0, <<7, 6, 13, 6>>>>', '<<1, <<7, 7, 13, 7>>>>', '<<2, <<7, 8, 13, 8>>>>', '<<3, <<7, 9, 13, 9>>>>', '<<4, <<7, 10, 13, 10>>>>'];
  for (const compiled of [false, true]) {
    const m = await model('L', root, 'INIT Init\nNEXT Next\nINVARIANT Inv\n', { Cnt: counter }, compiled);
    let stats: { statesGenerated: number; distinctStates: number } | undefined;
    const lines = await printed(async () => ({ stats } = await checkModel(m)));
    t.same(lines.filter((l) => l.startsWith('<<')), tlc, `PrintT's lines (${compiled ? 'compiled' : 'interpreted'})`);
    t.match(stats, { statesGenerated: 11, distinctStates: 5 }, 'states as TLC');
  }
});

t.test('a LET\'s operators substituted into its INSTANCE, in an expression and for an operator constant: evaluated as TLC', async (t) => {
  const operator = `---- MODULE O ----
EXTENDS Naturals
VARIABLE v
Init == v = 0
Next == LET F(x) == x + 1
            C == INSTANCE Cnt WITH K <- F(1)
        IN C!Step
====
`;
  const foo = `---- MODULE Foo ----
EXTENDS Naturals
CONSTANT K, Op2(_)
Op == K * 10
Ap(y) == Op2(y) + K
====
`;
  // G reads the state and F the enclosing operator's parameter: x = 1 -> 10 * (1 + 1) + (2 * 1 + 2) = 24 -> 323.
  const both = `---- MODULE LetOp ----
EXTENDS Naturals, TLC
VARIABLE x
Bump(n) == LET F(y) == y + n
               G(a) == a * x
               M == INSTANCE Foo WITH K <- F(1), Op2 <- G
           IN M!Op + M!Ap(2)
Init == x = 1
Next == x < 40 /\\ x' = Bump(x)
Inv == PrintT(x) /\\ TRUE
====
`;
  for (const compiled of [false, true]) {
    const mode = compiled ? 'compiled' : 'interpreted';
    // Before, both were refused: O.tla:6:13 E1002 and LetOp.tla:6:16 E1002 (the INSTANCE in the LET).
    // TLC: 6 states generated, 5 distinct states found, 0 states left on queue.
    t.match((await checkModel(await model('O', operator, 'INIT Init\nNEXT Next\n', { Cnt: counter }, compiled))).stats, { statesGenerated: 6, distinctStates: 5 }, `K <- F(1) (${mode})`);
    // TLC: PrintT's 1, 24, 323, then "Deadlock reached" after 3 states generated, 3 distinct.
    const m = await model('LetOp', both, 'INIT Init\nNEXT Next\nINVARIANT Inv\n', { Foo: foo }, compiled);
    let result: Awaited<ReturnType<typeof checkModel>> | undefined;
    const lines = await printed(async () => (result = await checkModel(m)));
    t.same(lines, ['1', '24', '323'], `Op2 <- G (${mode})`);
    t.match(result, { result: 'violated', violation: { kind: 'deadlock' }, stats: { statesGenerated: 3, distinctStates: 3 } });
  }
  // What the INSTANCE's action needs without an INSTANCE: an action taking an operator parameter is
  // expanded, so x' = F(x) assigns (was 1 state generated, 1 distinct: never expanded, never assigned).
  const action = `---- MODULE HO ----
EXTENDS Naturals
VARIABLE x
Inc(a) == a + 1
A(F(_)) == x' = F(x) % 3
Init == x = 0
Next == A(Inc)
====
`;
  for (const compiled of [false, true]) {
    // TLC: 4 states generated, 3 distinct states found, 0 states left on queue.
    t.match((await checkModel(await model('HO', action, 'INIT Init\nNEXT Next\n', {}, compiled))).stats, { statesGenerated: 4, distinctStates: 3 }, `A(Inc) (${compiled ? 'compiled' : 'interpreted'})`);
  }
  // An operator of the wrong arity for the operator constant: SANY refuses the module too.
  const wrongArity = both.replace('G(a) == a * x', 'G(a, b) == a * x');
  t.equal(await refusal(() => model('LetOp', wrongArity, 'INIT Init\nNEXT Next\n', { Foo: foo })), 'LetOp.tla:6:57 E2002', 'Op2 <- G with G of two parameters');
});

t.test('an operator symbol applied in prefix form is a call of that operator, as TLC evaluates it', async (t) => {
  const foo = `---- MODULE Foo ----
EXTENDS Naturals
a ++ b == a \\cup b
a^* == a * a
a ^# == a + 1000
====
`;
  const root = `---- MODULE P ----
EXTENDS Integers, TLC
LOCAL R == INSTANCE Integers
F == INSTANCE Foo
a (+) b == R!+(a, b) * 2
Plus(a, b) == R!+(a, b)
ASSUME PrintT(<<Plus(2, 3), 1 (+) 2, R!-(7, 2), R!\\leq(2, 3), R!..(1, 3), F!++({1}, {2}), F!^*(3), F!^#(2), R!-.(3), +(1, 2) * 3>>)
====
`;
  // TLC's output (Integers for R!-.; SANY refuses R!-. of Naturals, which has no -.).
  const lines = await printed(() => model('P', root, '', { Foo: foo }));
  t.same(lines, ['<<5, 6, 5, TRUE, 1..3, {1, 2}, 9, 1002, -3, 9>>']);
});

t.test('\\EE and \\AA load; where TLC must evaluate one it refuses, and so do we, naming the quantifier', async (t) => {
  const root = `---- MODULE E ----
EXTENDS Naturals
VARIABLE x
Init == x = 0
Next == x' = (x + 1) % 3
Inner(h) == h = 0 /\\ [][h' = 1 - h /\\ Next]_<<h, x>>
Spec == Init /\\ [][Next]_x
Hidden == \\EE h : Inner(h)
Unused == \\AA h : [](h = h)
====
`;
  // TLC: 4 states generated, 3 distinct states found, 0 states left on queue (neither quantifier is used).
  const m = await model('E', root, 'SPECIFICATION Spec\n');
  t.match((await checkModel(m)).stats, { statesGenerated: 4, distinctStates: 3 });
  // TLC: "TLC cannot handle the temporal formula line 8, col 11 to line 8, col 26 of module E".
  t.equal(await refusal(() => model('E', root, 'SPECIFICATION Spec\nPROPERTY Hidden\n')), 'E.tla:8:11 E5001', 'PROPERTY \\EE');
  // TLC: "TLC cannot handle the temporal formula line 9, col 11 to line 9, col 27 of module E".
  t.equal(await refusal(() => model('E', root, 'SPECIFICATION Spec\nPROPERTY Unused\n')), 'E.tla:9:11 E5001', 'PROPERTY \\AA');
  // TLC: "TLC does not support temporal existential, nor universal, quantification over state variables."
  t.equal(await refusal(() => model('E', root, 'SPECIFICATION Hidden\n')), 'E.tla:8:11 E5001', 'SPECIFICATION \\EE');
  // TLC: "The invariant Hidden is not a state predicate (one with no primes or temporal operators)."
  t.equal(await refusal(() => model('E', root, 'INIT Init\nNEXT Next\nINVARIANT Hidden\n')), 'E.cfg:3:11 E5001', 'INVARIANT \\EE');
});
