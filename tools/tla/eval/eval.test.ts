// Semantics of each construct the interpreter supports, and evaluation errors (code and span).
import t from 'tap';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../conventions/index.js';
import { DiagnosticError } from '../diagnostics.js';
import { resolveSource } from '../names/index.js';
import { seededRandom } from '../stdlib/index.js';
import { formatValue, modelValue, startStringOrder, type Value } from '../values/index.js';
import { ActionCompiler, EvalContext, Interpreter } from './index.js';

const header = '---- MODULE E ----\nEXTENDS Naturals, Integers, Sequences, FiniteSets, TLC, Bags\nCONSTANT Procs\n';

/** Evaluates the definition `E` after `defs`, with Procs = {p1, p2, p3}; returns it printed. */
async function evaluate(expr: string, defs = ''): Promise<string> {
  const module = await resolveSource(`${header}${defs}\nE == ${expr}\n====\n`, 'E.tla');
  const procs = ['p1', 'p2', 'p3'].map(modelValue);
  const { setOf } = await import('../values/index.js');
  const interp = new Interpreter(module, { constants: [{ kind: 'value', value: setOf(procs) }] });
  const ctx = new EvalContext({ print: () => {}, random: seededRandom(1), registers: new Map(), strings: startStringOrder() });
  const index = module.defs.find((d) => d.name.name === 'E')!.index;
  return formatValue(interp.evalDef(index, ctx) as Value);
}

/** The first diagnostic `evaluate` throws: code and the line:col of its span (the E definition is on line 5 + defs lines). */
async function errorOf(expr: string, defs = ''): Promise<string> {
  try {
    await evaluate(expr, defs);
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const d = e.diagnostics[0]!;
    return `${d.code} ${d.span ? `${d.span.line}:${d.span.col}` : 'no span'}`;
  }
  return 'no error';
}

const cases: [string, string, string?][] = [
  ['1 + 2 * 3', '7'],
  ['(-5) \\div 2', '-3'],
  ['<<(-7) % 3, 7 % 3, 0 % 3, (-6) % 3, 65535 * 32768, (-65536) * 32768>>', '<<2, 1, 0, 0, 2147450880, -2147483648>>', '% in 0..b-1 and * up to the ends of the 32-bit integers, their fast paths and the operators alike'],
  ['-5 \\div 2', '-2', 'unary minus binds looser than \\div'],
  ['{3, 1, 2} \\cup {5}', '{1, 2, 3, 5}'],
  ['{1, 2, 3} \\ {2}', '{1, 3}'],
  ['{1, 2} \\cap {2, 3}', '{2}'],
  ['{1} \\subseteq {1, 2}', 'TRUE'],
  ['SUBSET {1, 2}', 'SUBSET {1, 2}'],
  ['Cardinality(SUBSET (1..4))', '16'],
  ['UNION {{1}, {2, 3}}', '{1, 2, 3}'],
  ['{x * x : x \\in 1..3}', '{1, 4, 9}'],
  ['{x \\in 1..10 : x % 3 = 0}', '{3, 6, 9}'],
  ['{<<a, b>> \\in (1..2) \\X (1..2) : a < b}', '{<<1, 2>>}'],
  ['\\A x \\in 1..3 : x > 0', 'TRUE'],
  ['\\E x \\in 1..3 : x > 2', 'TRUE'],
  ['\\E x, y \\in 1..3 : x + y = 6', 'TRUE'],
  ['\\E x \\in {} : TRUE', 'FALSE'],
  ['CHOOSE x \\in {3, 1, 2} : TRUE', '1', 'CHOOSE picks the first element in TLC order'],
  ['CHOOSE x \\in Procs : x /= CHOOSE y \\in Procs : TRUE', 'p2'],
  ['CHOOSE s \\in SUBSET {1, 2} : Cardinality(s) = 1', '{1}'],
  ['IF 1 < 2 THEN "a" ELSE "b"', '"a"'],
  ['CASE 1 > 2 -> "a" [] 2 > 1 -> "b" [] OTHER -> "c"', '"b"'],
  ['CASE 1 > 2 -> "a" [] OTHER -> "c"', '"c"'],
  ['LET sq(x) == x * x  y == 3 IN sq(y)', '9'],
  ['[x \\in 1..3 |-> x * 2]', '<<2, 4, 6>>'],
  ['[x \\in {"a", "b"} |-> 0]', '[a |-> 0, b |-> 0]'],
  ['[p \\in Procs |-> 0]', '(p1 :> 0 @@ p2 :> 0 @@ p3 :> 0)'],
  ['[x, y \\in 1..2 |-> x + y][2, 1]', '3'],
  ['[a |-> 1, b |-> <<2>>].b[1]', '2'],
  ['[[a |-> 1, b |-> 2] EXCEPT !.a = @ + 10]', '[a |-> 11, b |-> 2]'],
  ['[<<1, <<2, 3>>>> EXCEPT ![2][1] = 9, ![1] = 0]', '<<0, <<9, 3>>>>'],
  ['[f EXCEPT ![1] = "x"]', '<<"x", 2>>', ],
  ['DOMAIN [a |-> 1, b |-> 2]', '{"a", "b"}'],
  ['DOMAIN <<5, 6>>', '1..2'],
  ['[{1, 2} -> {TRUE}]', '[{1, 2} -> {TRUE}]'],
  ['Cardinality([{1, 2} -> {TRUE, FALSE}])', '4'],
  ['[a : {1, 2}, b : {"x"}]', '[a : {1, 2}, b : {"x"}]'],
  ['[a |-> 2, b |-> "x"] \\in [a : 1..3, b : STRING]', 'TRUE'],
  ['<<1, 2>> = [i \\in 1..2 |-> i]', 'TRUE'],
  ['[a |-> 1] = [x \\in {"a"} |-> 1]', 'TRUE'],
  ['<<1, 2>> \\o <<3>>', '<<1, 2, 3>>'],
  ['SelectSeq(<<1, 2, 3, 4>>, LAMBDA x : x % 2 = 0)', '<<2, 4>>'],
  ['SelectSeq(<<1, 2, 3, 4>>, IsOdd)', '<<1, 3>>'],
  ['Apply2(LAMBDA x : x + 1, 5)', '7'],
  ['Apply2(Double, 5)', '20'],
  ['Fact[5]', '120'],
  ['LET g[n \\in 0..5] == IF n = 0 THEN 1 ELSE n * g[n - 1] IN g[5]', '120', 'a recursive LET function'],
  ['LET g[n \\in 0..3] == IF n = 0 THEN 0 ELSE n + g[n - 1] IN g', '(0 :> 0 @@ 1 :> 1 @@ 2 :> 3 @@ 3 :> 6)'],
  ['Sum(<<1, 2, 3>>)', '6'],
  ['(1 :> "a") @@ (2 :> "b")', '<<"a", "b">>'],
  ['SortSeq(<<3, 1, 2>>, <)', '<<1, 2, 3>>'],
  ['Len(<<>>) = 0 /\\ Seq({1}) # {}', 'TRUE'],
  ['<<1, 2>> \\in Seq(1..2)', 'TRUE'],
  ['FALSE => 1', 'TRUE', '=> short-circuits like TLC'],
  ['FALSE /\\ 1', 'FALSE', '/\\ short-circuits'],
  ['TRUE \\/ 1', 'TRUE', '\\/ short-circuits'],
  ['{p \\in Procs : p = CHOOSE q \\in Procs : TRUE}', '{p1}'],
  ['ToString(<<1, "a">>)', '"<<1, \\"a\\">>"'],
  ['BagToSet(SetToBag({"a", "b"}) (+) SetToBag({"b"}))', '{"a", "b"}'],
];

const defs = [
  'f == <<1, 2>>',
  'IsOdd(x) == x % 2 = 1',
  'Apply2(F(_), x) == F(F(x))',
  'Double(x) == 2 * x',
  'Fact[n \\in 0..10] == IF n = 0 THEN 1 ELSE n * Fact[n - 1]',
  'RECURSIVE Sum(_)',
  'Sum(s) == IF s = <<>> THEN 0 ELSE Head(s) + Sum(Tail(s))',
].join('\n');

t.test('each construct evaluates as in TLC', async (t) => {
  for (const [expr, expected, why] of cases) t.equal(await evaluate(expr, defs), expected, why ?? expr);
});

t.test("prefix operators before parenthesized operands group as SANY groups them: TLC's values (fixtures/prefix-chains-tlc.txt)", async (t) => {
  const rows = readFileSync(join(repoRoot, 'tools/tla/eval/fixtures/prefix-chains-tlc.txt'), 'utf8')
    .split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t') as [string, string]);
  t.equal(rows.length, 462);
  const disagreements: string[] = [];
  for (const [expr, tlc] of rows) {
    // TLC's "error" (a type error, or a parse error) must be ours too, at parsing or evaluation.
    const ours = await evaluate(expr).catch((e: unknown) => {
      if (e instanceof DiagnosticError) return 'error';
      throw e;
    });
    if (ours !== tlc) disagreements.push(`${expr}: TLC ${tlc}, we ${ours}`);
  }
  t.same(disagreements, [], 'every value as TLC');
});

t.test('evaluation errors carry their code and the span of the failing expression', async (t) => {
  // E == is on line 5 when there are no extra definitions; `E == ` is 5 columns wide.
  t.equal(await errorOf('1 + "a"'), 'E3001 5:6', 'type error at the + expression');
  t.equal(await errorOf('<<1, 2>>[3]'), 'E3003 5:6', 'outside the domain');
  t.equal(await errorOf('[a |-> 1].b'), 'E3003 5:6', 'missing field');
  t.equal(await errorOf('2147483647 + 1'), 'E3002 5:6', 'overflow');
  t.equal(await errorOf('65536 * 32768'), 'E3002 5:6', 'overflow of *, past the fast path');
  t.equal(await errorOf('5 % 0'), 'E3001 5:6', '% by 0: the fast path leaves the error to the operator');
  t.equal(await errorOf('5 % (-2)'), 'E3001 5:6', '% by a negative number, likewise');
  t.equal(await errorOf('CHOOSE x \\in {1} : x > 1'), 'E3004 5:6');
  t.equal(await errorOf('CASE FALSE -> 1'), 'E3006 5:6');
  t.equal(await errorOf('Assert(FALSE, "no")'), 'E3005 5:6');
  t.equal(await errorOf('Cardinality(Nat)'), 'E3007 5:6');
  t.equal(await errorOf('1 = "a"'), 'E3001 5:6', 'TLC cannot compare an integer with a string');
  t.equal(await errorOf('{1, 2} \\ {"a"}'), 'E3001 5:6', 'S \\ T on elements TLC cannot compare: the fast path of \\ leaves the error to the operator');
  t.equal(await errorOf('IF 1 THEN 2 ELSE 3'), 'E3001 5:9', 'the span is the condition');
  t.equal(await errorOf('\\E x \\in 1..2 : x + TRUE > 0'), 'E3001 5:22', 'the innermost failing expression');
  t.equal(await errorOf('CHOOSE x : x = 1'), 'E1002 5:6', 'unbounded CHOOSE is refused');
  t.equal(await errorOf('LET RECURSIVE g  g == g + 1 IN g'), 'E1002 5:23', 'a LET definition needing its own value is refused, not looped on');
});

/** All states `Init`-like generation yields for definition `G` (mode init) from no state, or successors of `from` (mode next). */
async function generate(defs: string, mode: 'init' | 'next', from: Value[] = []): Promise<string[]> {
  const module = await resolveSource(`---- MODULE G ----\nEXTENDS Naturals\nVARIABLES x, y\n${defs}\n====\n`, 'G.tla');
  const interp = new Interpreter(module, { constants: [] });
  const def = module.defs.find((d) => d.name.name === 'G')!;
  const generator = new ActionCompiler(interp, mode).compile(def.body);
  const ctx = new EvalContext({ print: () => {}, random: seededRandom(1), registers: new Map(), strings: startStringOrder() }, mode === 'init' ? [undefined, undefined] : from, mode === 'next' ? [undefined, undefined] : null);
  const out: string[] = [];
  generator(ctx, () => {
    const s = mode === 'init' ? ctx.state : ctx.next!;
    out.push(s.map((v) => (v === undefined ? '?' : formatValue(v))).join(','));
    return false;
  });
  return out;
}

t.test('Init: x = e and x \\in S assign an unassigned variable, then test', async (t) => {
  t.same(await generate('G == x \\in 1..2 /\\ y = x + 1', 'init'), ['1,2', '2,3']);
  t.same(await generate('G == x \\in 1..3 /\\ x > 1 /\\ y = 0', 'init'), ['2,0', '3,0'], 'a later conjunct filters');
  t.same(await generate('G ==\n  \\/ x = 1 /\\ y = 0\n  \\/ x = 2 /\\ y = 0', 'init'), ['1,0', '2,0']); // bullets aligned: misaligned ones are an infix \\/ before /\\, which SANY refuses (E1005)
  t.same(await generate('G == x = 1 /\\ x = 2 /\\ y = 0', 'init'), [], 'the second x = e is a test');
  t.same(await generate('G == \\E i \\in 1..2 : x = i /\\ y = i * 10', 'init'), ['1,10', '2,20']);
  t.same(await generate('G == x \\in {} /\\ y = 0', 'init'), []);
});

t.test('actions: primed assignment, branching, UNCHANGED, IF/CASE/LET', async (t) => {
  t.same(await generate("G == x' \\in {x, x + 1} /\\ UNCHANGED y", 'next', [1, 5]), ['1,5', '2,5']);
  t.same(await generate("G == IF x > 0 THEN x' = 0 /\\ y' = y ELSE x' = 1 /\\ y' = y", 'next', [3, 5]), ['0,5']);
  t.same(await generate("G == CASE x = 1 -> x' = 10 [] OTHER -> x' = 20\nH == 0", 'next', [2, 5]), ['20,?'], 'y left unassigned here (the model reports it)');
  t.same(await generate("G == LET n == x + 1 IN x' = n /\\ y' = n", 'next', [1, 0]), ['2,2']);
  t.same(await generate("G == x' = x + 1 /\\ x' > 5 /\\ UNCHANGED <<y>>", 'next', [1, 0]), [], "x' > 5 tests the assigned value");
  t.same(await generate("A(i) == x' = i /\\ y' = y\nG == \\E i \\in 1..3 : A(i)", 'next', [0, 7]), ['1,7', '2,7', '3,7'], 'operators with parameters expand');
  t.same(await generate("G == y' = x' /\\ x' = 1", 'next', [0, 0]).catch((e: DiagnosticError) => [e.diagnostics[0]!.code]), ['E3001'], "reading x' before assigning it");
});

t.test('ENABLED evaluates an action in the current state and stops at the first step', async (t) => {
  t.equal(await evaluate('LET s == 1 IN ENABLED TRUE'), 'TRUE');
  t.same(await generate("A == x > 0 /\\ x' = 0 /\\ y' = y\nG == ENABLED A /\\ x' = x /\\ y' = y", 'next', [1, 0]), ['1,0']);
  t.same(await generate("A == x > 0 /\\ x' = 0 /\\ y' = y\nG == ENABLED A /\\ x' = x /\\ y' = y", 'next', [0, 0]), []);
});
