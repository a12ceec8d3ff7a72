// Where TLC's order on strings shows besides CHOOSE (values/string-order.ts): how sets, records and
// functions print, the order in which \E, \A, x' \in S, filters and function constructors go through
// a set holding strings, and so which counterexample the BFS finds first, with the states generated
// and left on the queue when it does. Every expected text below is TLC's output, measured 6 Dec 2026
// with TLC2 Version 2026.12.06.230012 (built from the public TLA+ tools source, `java -cp
// tla2tools.jar tlc2.TLC -workers 1 -config X.cfg X.tla`). Before, we went through sets and printed
// them in UTF-16 code-unit order: the `was` comments give our old output where it differed.
import t from 'tap';
import { checkModel } from './check/check.js';
import type { Model } from './check/model.js';
import { modelFromText as model, printedLines as printed } from './test-models.js';
import { formatCheckResult } from './trace/tlc-text.js';

/** `cloudos check`'s report from the first `State` line on, without blank lines or the depth line TLC prints only when it finishes. */
async function report(m: Model): Promise<string> {
  const text = formatCheckResult(m, await checkModel(m), { coverage: false });
  return text.slice(text.indexOf('State ')).split('\n').filter((l) => l !== '' && !l.startsWith('The depth')).join('\n');
}

t.test('sets, records and functions print in TLC\'s order', async (t) => {
  const root = `---- MODULE P ----
EXTENDS TLC, Naturals
VARIABLE x
r == [zeta |-> 1, alpha |-> 2, mid |-> 3]
Init == /\\ x = 0
        /\\ PrintT({"zeta", "alpha", "mid"})
        /\\ PrintT(r)
        /\\ PrintT({<<"zeta", 1>>, <<"alpha", 2>>})
        /\\ PrintT({{"zeta"}, {"alpha"}})
        /\\ PrintT([b |-> "x", a |-> "y"])
        /\\ PrintT({[b |-> "zeta"], [b |-> "alpha"]})
        /\\ PrintT(("zeta" :> 1 @@ "alpha" :> 2))
        /\\ PrintT([s \\in {"zeta","alpha"} |-> 1])
        /\\ PrintT(<<"q", "p">>)
        /\\ Print({"p", "q", "zeta"}, TRUE)
        /\\ PrintT(ToString({"zeta", "alpha"}))
        /\\ PrintT(<<>>)
Next == x' = x + 1 /\\ x < 2
====
`;
  const m = await model('P', root, 'INIT Init\nNEXT Next\n');
  // was {"alpha", "mid", "zeta"}, [alpha |-> 2, mid |-> 3, zeta |-> 1], {<<"alpha", 2>>, <<"zeta", 1>>},
  // {{"alpha"}, {"zeta"}}, [a |-> "y", b |-> "x"], {[b |-> "alpha"], [b |-> "zeta"]}, [alpha |-> 2, zeta |-> 1] (twice),
  // {"p", "q", "zeta"} without its TRUE, "{\"alpha\", \"zeta\"}" and << >>.
  t.same(await printed(() => [...m.initialStates()]), [
    '{"zeta", "alpha", "mid"}',
    '[zeta |-> 1, alpha |-> 2, mid |-> 3]',
    '{<<"zeta", 1>>, <<"alpha", 2>>}',
    '{{"zeta"}, {"alpha"}}',
    '[b |-> "x", a |-> "y"]',
    '{[b |-> "zeta"], [b |-> "alpha"]}',
    '[zeta |-> 1, alpha |-> 2]',
    '[zeta |-> 1, alpha |-> 1]',
    '<<"q", "p">>',
    '{"zeta", "p", "q"}  TRUE',
    '"{\\"zeta\\", \\"alpha\\"}"',
    '<<>>',
  ]);
});

t.test('record fields in intern order, whichever module names them first', async (t) => {
  const root = `---- MODULE Q ----
EXTENDS TLC, Naturals, Sequences, M
VARIABLE x
Init == /\\ x = 0
        /\\ PrintT([a |-> 1, b |-> 2])
        /\\ PrintT([yy |-> 1, xx |-> 2])
        /\\ PrintT([q1 |-> 1, q2 |-> 2])
        /\\ PrintT({"b", "a"})
        /\\ PrintT({"q2", "q1"})
        /\\ PrintT([n \\in {"new2", "new1"} |-> 0])
Next == x' = x + 1 /\\ x < 2
b == 7
====
`;
  const m = await model('Q', root, 'INIT Init\nNEXT Next\n', { M: '---- MODULE M ----\nmm == [q2 |-> 1, q1 |-> 2]\nyy == 1\n====\n' });
  // was [yy...] as [xx |-> 2, yy |-> 1] and [new1 |-> 0, new2 |-> 0]; the rest by code units agrees.
  t.same(await printed(() => [...m.initialStates()]), [
    '[a |-> 1, b |-> 2]',
    '[yy |-> 1, xx |-> 2]',
    '[q1 |-> 1, q2 |-> 2]',
    '{"a", "b"}',
    '{"q1", "q2"}',
    '[new2 |-> 0, new1 |-> 0]',
  ]);
});

const order = `---- MODULE Order ----
EXTENDS Naturals, Sequences, TLC
VARIABLE h
Show(tag, S) == \\A s \\in S : PrintT(<<tag, s>>)
Init == /\\ h = <<>>
        /\\ \\/ \\E p \\in {"zeta", "mid", "alpha"} : \\E q \\in {"b", "a"} : PrintT(<<"exists", p, q>>) /\\ FALSE
           \\/ TRUE
        /\\ Show("forall", {"zeta", "mid", "alpha"})
        /\\ Show("subset", SUBSET {"zeta", "alpha", "mid"})
        /\\ Show("fcnset", [{"zeta", "alpha"} -> {"y", "x"}])
        /\\ Show("rcdset", [kind : {"req", "ack"}, from : {"zeta", "alpha"}])
        /\\ Show("product", {"zeta", "alpha"} \\X {"y", "x"})
        /\\ Show("filter", {s \\in {"zeta", "mid", "alpha"} : PrintT(<<"filtering", s>>)})
        /\\ Show("map", {IF PrintT(<<"mapping", s>>) THEN <<s>> ELSE <<>> : s \\in {"zeta", "mid", "alpha"}})
        /\\ Show("records", {[w |-> "zeta", v |-> 1], [w |-> "alpha", v |-> 1], [w |-> "alpha", v |-> 0]})
        /\\ Show("sets", {{"zeta"}, {"alpha"}, {"mid", "alpha"}})
        /\\ Show("cup", {"zeta", "mid"} \\cup {"alpha"})
        /\\ [s \\in {"zeta", "alpha"} |-> PrintT(<<"fcn", s>>)] = [s \\in {"alpha", "zeta"} |-> TRUE]
Next == h' \\in {Append(h, "zeta"), Append(h, "alpha"), Append(h, "mid")} /\\ PrintT(<<"next", h'>>)
Inv == Len(h) < 2
====
`;

// TLC's Print lines while it computes the initial states of Order, and its successors of them.
const orderInit = `<<"exists", "zeta", "a">>
<<"exists", "zeta", "b">>
<<"exists", "mid", "a">>
<<"exists", "mid", "b">>
<<"exists", "alpha", "a">>
<<"exists", "alpha", "b">>
<<"forall", "zeta">>
<<"forall", "mid">>
<<"forall", "alpha">>
<<"subset", {}>>
<<"subset", {"zeta"}>>
<<"subset", {"mid"}>>
<<"subset", {"alpha"}>>
<<"subset", {"zeta", "mid"}>>
<<"subset", {"zeta", "alpha"}>>
<<"subset", {"mid", "alpha"}>>
<<"subset", {"zeta", "mid", "alpha"}>>
<<"fcnset", [zeta |-> "x", alpha |-> "x"]>>
<<"fcnset", [zeta |-> "x", alpha |-> "y"]>>
<<"fcnset", [zeta |-> "y", alpha |-> "x"]>>
<<"fcnset", [zeta |-> "y", alpha |-> "y"]>>
<<"rcdset", [kind |-> "req", from |-> "zeta"]>>
<<"rcdset", [kind |-> "req", from |-> "alpha"]>>
<<"rcdset", [kind |-> "ack", from |-> "zeta"]>>
<<"rcdset", [kind |-> "ack", from |-> "alpha"]>>
<<"product", <<"zeta", "x">>>>
<<"product", <<"zeta", "y">>>>
<<"product", <<"alpha", "x">>>>
<<"product", <<"alpha", "y">>>>
<<"filtering", "zeta">>
<<"filtering", "mid">>
<<"filtering", "alpha">>
<<"filter", "zeta">>
<<"filter", "mid">>
<<"filter", "alpha">>
<<"mapping", "zeta">>
<<"mapping", "mid">>
<<"mapping", "alpha">>
<<"map", <<"zeta">>>>
<<"map", <<"mid">>>>
<<"map", <<"alpha">>>>
<<"records", [w |-> "zeta", v |-> 1]>>
<<"records", [w |-> "alpha", v |-> 0]>>
<<"records", [w |-> "alpha", v |-> 1]>>
<<"sets", {"zeta"}>>
<<"sets", {"alpha"}>>
<<"sets", {"mid", "alpha"}>>
<<"cup", "zeta">>
<<"cup", "mid">>
<<"cup", "alpha">>
<<"fcn", "zeta">>
<<"fcn", "alpha">>`.split('\n');

t.test('\\E, \\A, filters, maps and function constructors go through sets in TLC\'s order, interpreted and compiled', async (t) => {
  for (const compiled of [false, true]) {
    const m = await model('Order', order, 'INIT Init\nNEXT Next\nINVARIANT Inv\n', {}, compiled);
    // was alpha, mid, zeta throughout; {"alpha"} before {"mid"}; [alpha |-> "x", zeta |-> "x"], [from |-> "alpha", kind |-> "ack"] first.
    const init = await printed(() => [...m.initialStates()]);
    t.same(init, orderInit, compiled ? 'compiled' : 'interpreted');
    const [s] = m.initialStates();
    const next = await printed(() => [...m.successors(s!)]);
    t.same(next, ['<<"next", <<"zeta">>>>', '<<"next", <<"mid">>>>', '<<"next", <<"alpha">>>>'], `x' \\in S, ${compiled ? 'compiled' : 'interpreted'}`);
  }
});

t.test('the counterexample TLC finds first, and its counts, when \\E chooses among strings', async (t) => {
  const root = `---- MODULE Enum ----
EXTENDS Naturals, Sequences
VARIABLE h
Init == h = <<>>
Exists == \\E p \\in {"zeta", "mid", "alpha"} : \\E q \\in {"b", "a"} : h' = Append(h, <<p, q>>)
Member == h' \\in {Append(h, "zeta"), Append(h, "alpha"), Append(h, "mid")}
Subsets == \\E s \\in SUBSET {"zeta", "alpha", "mid"} : s # {} /\\ h' = Append(h, s)
Functions == \\E f \\in [{"zeta", "alpha"} -> {"y", "x"}] : h' = Append(h, f)
Records == \\E r \\in [kind : {"req", "ack"}, from : {"zeta", "alpha"}] : h' = Append(h, r)
Tuples == \\E t \\in {"zeta", "alpha"} \\X {"y", "x"} : h' = Append(h, t)
Filtered == \\E p \\in {s \\in {"zeta", "mid", "alpha"} : s /= "mid"} : h' = Append(h, p)
Mapped == \\E p \\in {<<s>> : s \\in {"zeta", "mid", "alpha"}} : h' = Append(h, p)
Inv == Len(h) < 2
====
`;
  // TLC's trace from State 3 on and its counts; was h = <<<<"alpha", "a">>, <<"alpha", "a">>>> for Exists, and so on.
  const tlc: Record<string, string> = {
    Exists: `State 3: <Exists line 5, col 69 to line 5, col 92 of module Enum>
h = <<<<"zeta", "a">>, <<"zeta", "a">>>>
8 states generated, 8 distinct states found, 5 states left on queue.`,
    Member: `State 3: <Member line 6, col 11 to line 6, col 74 of module Enum>
h = <<"zeta", "zeta">>
5 states generated, 5 distinct states found, 2 states left on queue.`,
    Subsets: `State 3: <Subsets line 7, col 55 to line 7, col 81 of module Enum>
h = <<{"zeta"}, {"zeta"}>>
9 states generated, 9 distinct states found, 6 states left on queue.`,
    Functions: `State 3: <Functions line 8, col 59 to line 8, col 75 of module Enum>
h = <<[zeta |-> "x", alpha |-> "x"], [zeta |-> "x", alpha |-> "x"]>>
6 states generated, 6 distinct states found, 3 states left on queue.`,
    Records: `State 3: <Records line 9, col 73 to line 9, col 89 of module Enum>
h = <<[kind |-> "req", from |-> "zeta"], [kind |-> "req", from |-> "zeta"]>>
6 states generated, 6 distinct states found, 3 states left on queue.`,
    Tuples: `State 3: <Tuples line 10, col 54 to line 10, col 70 of module Enum>
h = <<<<"zeta", "x">>, <<"zeta", "x">>>>
6 states generated, 6 distinct states found, 3 states left on queue.`,
    Filtered: `State 3: <Filtered line 11, col 70 to line 11, col 86 of module Enum>
h = <<"zeta", "zeta">>
4 states generated, 4 distinct states found, 1 states left on queue.`,
    Mapped: `State 3: <Mapped line 12, col 63 to line 12, col 79 of module Enum>
h = <<<<"zeta">>, <<"zeta">>>>
5 states generated, 5 distinct states found, 2 states left on queue.`,
  };
  for (const [next, expected] of Object.entries(tlc)) {
    const text = await report(await model('Enum', root, `INIT Init\nNEXT ${next}\nINVARIANT Inv\n`));
    t.equal(text.slice(text.indexOf('State 3')), expected, next);
  }
});

t.test('a whole trace: which of several shortest counterexamples TLC reports', async (t) => {
  const root = `---- MODULE E ----
EXTENDS Naturals, FiniteSets
VARIABLES x, y, z
Init == x = "none" /\\ y = {} /\\ z = 0
A == \\E p \\in {"zeta", "mid", "alpha"} : x' = p /\\ UNCHANGED <<y, z>>
B == y' \\in SUBSET {"zeta", "alpha", "mid"} /\\ UNCHANGED <<x, z>>
C == \\E m \\in {[w |-> "zeta", v |-> 1], [w |-> "alpha", v |-> 2]} : z' = m.v /\\ UNCHANGED <<x, y>>
Next == A \\/ B \\/ C
Inv == x = "none" /\\ Cardinality(y) < 2 /\\ z = 0
====
`;
  // was x = "alpha" in State 2.
  t.equal(
    await report(await model('E', root, 'INIT Init\nNEXT Next\nINVARIANT Inv\n')),
    `State 1: <Initial predicate>
/\\ x = "none"
/\\ y = {}
/\\ z = 0
State 2: <A line 5, col 42 to line 5, col 69 of module E>
/\\ x = "zeta"
/\\ y = {}
/\\ z = 0
2 states generated, 2 distinct states found, 0 states left on queue.`,
  );
});

t.test('each model keeps its own order: two loaded in one process', async (t) => {
  const spec = (name: string, first: string, second: string): string =>
    `---- MODULE ${name} ----\nEXTENDS TLC\nVARIABLE x\nInit == x = CHOOSE s \\in {"${first}", "${second}"} : TRUE\nNext == UNCHANGED x\n====\n`;
  const zetaFirst = await model('ZetaFirst', spec('ZetaFirst', 'zeta', 'alpha'), 'INIT Init\nNEXT Next\n');
  const alphaFirst = await model('AlphaFirst', spec('AlphaFirst', 'alpha', 'zeta'), 'INIT Init\nNEXT Next\n');
  const pick = (m: Model): string => m.formatState([...m.initialStates()][0]!)[0]!.value;
  // was "alpha" for both, once the second was loaded (one order for the whole process).
  t.equal(pick(zetaFirst), '"zeta"');
  t.equal(pick(alphaFirst), '"alpha"');
  t.equal(pick(zetaFirst), '"zeta"');
});

t.test('community folds over a set and SetToSeq take its elements in TLC\'s order; strings made at run time are ranked when made', async (t) => {
  // TLC's output (7 Dec 2026, same build, CommunityModules 2024-12-19 on the class path): FoldSet, ReduceSet,
  // FoldFunction and FoldFunctionOnSet are Java overrides folding from the first element in TLC's
  // order to the last; SetToSeq and SetToSortSeq start from that order.
  const root = `---- MODULE G ----
EXTENDS Naturals, Sequences, SequencesExt, FiniteSetsExt, Folds, Functions, TLC
ASSUME PrintT(<<"FoldSet", FoldSet(LAMBDA x, acc : acc \\o <<x>>, <<>>, {3, 1, 2})>>)
ASSUME PrintT(<<"ReduceSet", ReduceSet(LAMBDA x, acc : acc \\o <<x>>, {3, 1, 2}, <<>>)>>)
ASSUME PrintT(<<"FoldFunctionOnSet", FoldFunctionOnSet(LAMBDA x, acc : acc \\o <<x>>, <<>>, [k \\in 1..3 |-> 10 * k], {3, 1, 2})>>)
ASSUME PrintT(<<"FoldFunction", FoldFunction(LAMBDA x, acc : acc \\o <<x>>, <<>>, [k \\in 1..3 |-> 10 * k])>>)
ASSUME PrintT(<<"strs", FoldSet(LAMBDA x, acc : acc \\o x, "", {"zeta", "alpha", "mid"}), SetToSeq({"zeta", "alpha", "mid"})>>)
ASSUME PrintT(<<"strs2", FoldFunction(LAMBDA x, acc : acc \\o x, "", [k \\in {"zeta", "alpha"} |-> k]), FoldFunctionOnSet(LAMBDA x, acc : acc \\o x, "", [k \\in {"zeta", "alpha"} |-> k], {"zeta", "alpha"})>>)
ASSUME PrintT(<<"sort", SetToSortSeq({"zeta", "alpha", "mid"}, LAMBDA x, y : FALSE)>>)
ASSUME PrintT(<<"MapThenFoldSet", MapThenFoldSet(LAMBDA x, acc : acc \\o x, "", LAMBDA x : x, LAMBDA S : CHOOSE x \\in S : TRUE, {"zeta", "alpha"})>>)
ASSUME PrintT(<<"choices", SetToSeq(SetToSeqs({"zeta", "alpha"}))>>)
ASSUME PrintT(<<"setseq-of-sets", SetToSeq({{"zeta"}, {"alpha"}})>>)
ASSUME PrintT(SetToSeq({"q" \\o "2", "q" \\o "1"}))
ASSUME LET x == "r" \\o "2"
           y == "r" \\o "1"
       IN PrintT(<<x, y, SetToSeq({y, x}), CHOOSE s \\in {x, y} : TRUE>>)
ASSUME LET x == SubSeq("abcd", 3, 4)
           y == SubSeq("abcd", 1, 2)
       IN PrintT(<<x, y, SetToSeq({y, x}), {y, x}>>)
ASSUME LET x == ToString(22)
           y == ToString(11)
       IN PrintT(<<SetToSeq({y, x}), CHOOSE s \\in {y, x} : TRUE, {y, x}>>)
====
`;
  const lines = await printed(() => model('G', root, ''));
  t.same(lines, [
    '<<"FoldSet", <<1, 2, 3>>>>', // was <<3, 2, 1>> (folded from the last element)
    '<<"ReduceSet", <<1, 2, 3>>>>', // was <<3, 2, 1>>
    '<<"FoldFunctionOnSet", <<10, 20, 30>>>>', // was <<30, 20, 10>>
    '<<"FoldFunction", <<10, 20, 30>>>>', // was <<30, 20, 10>>
    '<<"strs", "zetaalphamid", <<"zeta", "alpha", "mid">>>>', // was "zetamidalpha", <<"alpha", "mid", "zeta">>
    '<<"strs2", "zetaalpha", "zetaalpha">>',
    '<<"sort", <<"zeta", "alpha", "mid">>>>', // was <<"alpha", "mid", "zeta">>
    '<<"MapThenFoldSet", "alphazeta">>',
    '<<"choices", <<<<"zeta", "alpha">>, <<"alpha", "zeta">>>>>>', // was the other way round
    '<<"setseq-of-sets", <<{"zeta"}, {"alpha"}>>>>', // was the other way round
    '<<"q2", "q1">>', // was <<"q1", "q2">> (ranked when first compared)
    '<<"r2", "r1", <<"r2", "r1">>, "r2">>', // was <<"r1", "r2">>, "r1"
    '<<"cd", "ab", <<"cd", "ab">>, {"cd", "ab"}>>', // was <<"ab", "cd">>, {"ab", "cd"}
    '<<<<"22", "11">>, "22", {"22", "11"}>>', // was <<"11", "22">>
  ]);
});
