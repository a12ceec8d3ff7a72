// The community modules (../stdlib: Folds, FiniteSetsExt, Functions, SequencesExt, BagsExt, Bitwise,
// UndirectedGraphs, Graphs, IOUtils, DyadicRationals), each operator against a TLA+ statement of what it means, written here
// and evaluated by the interpreter over small sets of inputs, plus values worked out by hand.
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveSource } from '../names/index.js';
import { seededRandom } from '../stdlib/index.js';
import { formatValue, startStringOrder, type Value } from '../values/index.js';
import { EvalContext, Interpreter } from './index.js';
import { DiagnosticError } from '../diagnostics.js';
import { temporaryFolder } from '../../../conventions/index.js';

/** Evaluates every definition named `Check...` of a module EXTENDing `modules`; returns name → printed value. */
async function checks(modules: string, defs: string, dir = temporaryFolder('community-')): Promise<Record<string, string>> {
  const module = await resolveSource(`---- MODULE C ----\nEXTENDS Integers, Sequences, FiniteSets, TLC, Bags, ${modules}\n${defs}\n====\n`, join(dir, 'C.tla'));
  const interp = new Interpreter(module, { constants: [] });
  const ctx = new EvalContext({ print: () => {}, random: seededRandom(1), registers: new Map(), strings: startStringOrder() });
  const out: Record<string, string> = {};
  for (const def of module.defs) if (def.name.name.startsWith('Check') && def.kind === 'operator' && def.params.length === 0) out[def.name.name] = formatValue(interp.evalDef(def.index, ctx) as Value);
  return out;
}

/** Asserts that every Check definition is TRUE. */
async function allHold(t: Test, modules: string, defs: string): Promise<void> {
  const results = await checks(modules, defs);
  t.ok(Object.keys(results).length > 0, 'some checks ran');
  for (const [name, value] of Object.entries(results)) t.equal(value, 'TRUE', name);
}

async function errorCode(modules: string, expr: string): Promise<string> {
  try {
    await checks(modules, `CheckError == ${expr}`);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics[0]!.code;
    throw e;
  }
  return 'no error';
}

t.test('Folds and FiniteSetsExt against their meaning', async (t) => {
  await allHold(t, 'FiniteSetsExt', String.raw`
Sets == SUBSET (0..4)
Greatest(S) == CHOOSE x \in S : \A y \in S : y <= x
Least(S) == CHOOSE x \in S : \A y \in S : x <= y
RECURSIVE Total(_)
Total(S) == IF S = {} THEN 0 ELSE LET x == Least(S) IN x + Total(S \ {x})
CheckMaxMin == \A S \in Sets \ {{}} : Max(S) = Greatest(S) /\ Min(S) = Least(S)
CheckSum == \A S \in Sets : SumSet(S) = Total(S) /\ FoldSet(+, 0, S) = Total(S) /\ ReduceSet(+, S, 0) = Total(S)
CheckProduct == ProductSet({1, 2, 3, 4}) = 24 /\ ProductSet({}) = 1
CheckQuantify == \A S \in Sets : Quantify(S, LAMBDA x : x % 2 = 0) = Cardinality({x \in S : x % 2 = 0})
CheckKSubset == \A k \in -1..6 : kSubset(k, 1..4) = {T \in SUBSET (1..4) : Cardinality(T) = k}
CheckFlatten == FlattenSet({{1}, {2, 3}, {}}) = {1, 2, 3} /\ FlattenSet({}) = {}
CheckSymDiff == \A A, B \in SUBSET (1..3) : SymDiff(A, B) = {x \in A \cup B : (x \in A) # (x \in B)}
CheckChoices == Choices({{1, 2}, {2, 3}, {5}}) = {{2, 5}, {1, 2, 5}, {1, 3, 5}, {2, 3, 5}}
CheckChooseUnique == ChooseUnique({2, 3, 4, 5}, LAMBDA x : x % 3 = 1) = 4
CheckMapThenSumSet == MapThenSumSet(LAMBDA x : x * x, 1..3) = 14
\* As TLC's Java FoldSet: from the first element in TLC's order, innermost: op(3, op(2, op(1, base))) (TLC: <<3, 2, 1>>;
\* the module's TLA+ definition, the first chosen outermost, gives <<1, 2, 3>>).
CheckFoldOrder == FoldSet(LAMBDA x, acc : <<x>> \o acc, <<>>, {3, 1, 2}) = <<3, 2, 1>>
CheckMapThenFold == MapThenFoldSet(LAMBDA x, acc : acc \o <<x>>, <<>>, LAMBDA x : 10 * x, LAMBDA S : Greatest(S), {1, 2, 3}) = <<10, 20, 30>>
\* FiniteSetsExt extends Functions (as the community module does today).
CheckRangeThroughExtends == Range(<<1, 1, 2>>) = {1, 2}
`);
  t.equal(await errorCode('FiniteSetsExt', 'Max({})'), 'E3004', 'Max of the empty set: CHOOSE finds nothing');
  t.equal(await errorCode('FiniteSetsExt', 'ChooseUnique(1..4, LAMBDA x : x > 2)'), 'E3004', 'ChooseUnique with two candidates');
  t.equal(await errorCode('FiniteSetsExt', 'SumSet({1, "a"})'), 'E3001');
});

t.test('Functions against their meaning', async (t) => {
  await allHold(t, 'Functions', String.raw`
Fs == [1..3 -> 1..3]
CheckRestrict == \A f \in Fs : Restrict(f, {1, 3}) = [x \in {1, 3} |-> f[x]]
CheckRestrictDomain == \A f \in Fs : RestrictDomain(f, LAMBDA x : x > 1) = [x \in {y \in DOMAIN f : y > 1} |-> f[x]]
CheckRestrictValues == \A f \in Fs : RestrictValues(f, LAMBDA v : v # 2) = [x \in {y \in DOMAIN f : f[y] # 2} |-> f[x]]
CheckIsRestriction == \A f \in Fs : IsRestriction(Restrict(f, {2}), f) /\ (IsRestriction(f, [x \in 1..2 |-> f[x]]) = FALSE)
CheckRange == \A f \in Fs : Range(f) = {f[x] : x \in DOMAIN f}
CheckInjective == \A f \in Fs : IsInjective(f) <=> Cardinality(Range(f)) = 3
CheckInjection == Injection(1..2, 1..3) = {f \in [1..2 -> 1..3] : f[1] # f[2]}
CheckSurjection == Surjection(1..3, 1..2) = {f \in [1..3 -> 1..2] : Range(f) = 1..2}
CheckBijection == Bijection(1..3, {"a", "b", "c"}) = {f \in [1..3 -> {"a", "b", "c"}] : Range(f) = {"a", "b", "c"}}
CheckExists == \A m, n \in 0..3 :
  /\ ExistsInjection(1..m, 1..n) = (Injection(1..m, 1..n) # {})
  /\ ExistsSurjection(1..m, 1..n) = (Surjection(1..m, 1..n) # {})
  /\ ExistsBijection(1..m, 1..n) = (Bijection(1..m, 1..n) # {})
\* Inverse: t in the range goes to the first s (CHOOSE's order) with f[s] = t; others to the first s.
CheckInverse == Inverse(<<"b", "a", "b">>, 1..3, {"a", "b", "z"}) = [t \in {"a", "b", "z"} |-> IF t = "a" THEN 2 ELSE 1]
CheckAntiFunction == AntiFunction(<<"x", "y", "x">>) = [v \in {"x", "y"} |-> IF v = "x" THEN 1 ELSE 2]
\* As TLC's Java FoldFunction, the first argument innermost (TLC: <<"r", "q", "p">>).
CheckFoldFunction == FoldFunction(LAMBDA v, acc : <<v>> \o acc, <<>>, <<"p", "q", "r">>) = <<"r", "q", "p">>
CheckFoldOnSet == FoldFunctionOnSet(+, 0, <<5, 6, 7>>, {1, 3}) = 12
CheckSums == SumFunction(<<5, 6, 7>>) = 18 /\ SumFunctionOnSet(<<5, 6, 7>>, {2}) = 6
`);
  t.equal(await errorCode('Functions', 'Restrict(<<1>>, {2})'), 'E3003', 'restricting to a point outside the domain');
});

t.test('SequencesExt against its meaning', async (t) => {
  await allHold(t, 'SequencesExt', String.raw`
Ss == UNION {[1..n -> {1, 2}] : n \in 0..3}
CheckToSet == \A s \in Ss : ToSet(s) = {s[i] : i \in DOMAIN s}
CheckToBag == ToBag(<<"a", "b", "a">>) = ("a" :> 2 @@ "b" :> 1)
CheckSetToSeq == SetToSeq({3, 1, 2}) = <<1, 2, 3>> /\ SetToSeq({}) = <<>>
CheckSetToSeqs == SetToSeqs({"t", "l"}) = {<<"t", "l">>, <<"l", "t">>} /\ SetToSeqs({}) = {<<>>}
CheckSetToSortSeq == SetToSortSeq({1, 3, 2}, >) = <<3, 2, 1>>
CheckKPermutations == SetToAllKPermutations({"a", "b"}) = {<<>>, <<"a">>, <<"b">>, <<"a", "b">>, <<"b", "a">>}
CheckTupleOf == TupleOf({0, 1}, 2) = {0, 1} \X {0, 1}
CheckSeqOf == SeqOf({1, 2}, 3) = Ss /\ BoundedSeq({1, 2}, 3) = Ss
CheckContains == \A s \in Ss : \A e \in 1..3 : Contains(s, e) = (e \in ToSet(s))
CheckIsSorted == IsSorted(<<1, 2, 2>>, <=) /\ ~IsSorted(<<1, 2, 2>>, <) /\ IsSorted(<<>>, <)
CheckReverse == \A s \in Ss : Reverse(s) = [i \in 1..Len(s) |-> s[Len(s) + 1 - i]]
CheckRemove == \A s \in Ss : Remove(s, 1) = SelectSeq(s, LAMBDA x : x # 1)
CheckReplaceAll == ReplaceAll(<<1, 2, 1>>, 1, 9) = <<9, 2, 9>>
CheckSelect == \A s \in Ss :
  LET I == {i \in DOMAIN s : s[i] = 2} IN
  /\ SelectInSeq(s, LAMBDA x : x = 2) = IF I = {} THEN 0 ELSE CHOOSE i \in I : \A j \in I : i <= j
  /\ SelectLastInSeq(s, LAMBDA x : x = 2) = IF I = {} THEN 0 ELSE CHOOSE i \in I : \A j \in I : i >= j
CheckSelectSub == SelectInSubSeq(<<2, 1, 2>>, 2, 3, LAMBDA x : x = 2) = 2 /\ SelectLastInSubSeq(<<2, 1, 2>>, 1, 2, LAMBDA x : x = 2) = 1
CheckInsertAt == InsertAt(<<1, 2>>, 1, 0) = <<0, 1, 2>> /\ InsertAt(<<1, 2>>, 3, 3) = <<1, 2, 3>>
CheckReplaceAt == ReplaceAt(<<1, 2>>, 2, 5) = <<1, 5>>
CheckRemoveAt == \A s \in Ss \ {<<>>} : \A i \in 1..Len(s) : RemoveAt(s, i) = SubSeq(s, 1, i - 1) \o SubSeq(s, i + 1, Len(s))
CheckRemoveFirst == RemoveFirst(<<1, 2, 1>>, 1) = <<2, 1>> /\ RemoveFirst(<<2>>, 1) = <<2>> /\ RemoveFirstMatch(<<1, 2, 3>>, LAMBDA x : x > 1) = <<1, 3>>
CheckConsSnoc == Cons(0, <<1>>) = <<0, 1>> /\ Snoc(0, <<1>>) = <<1, 0>>
CheckFrontLast == \A s \in Ss \ {<<>>} : Front(s) \o <<Last(s)>> = s
CheckPrefixes == \A s, u \in Ss :
  /\ IsPrefix(s, u) = (\E v \in Ss : s \o v = u)
  /\ IsSuffix(s, u) = (\E v \in Ss : v \o s = u)
  /\ IsStrictPrefix(s, u) = (IsPrefix(s, u) /\ s # u)
  /\ IsStrictSuffix(s, u) = (IsSuffix(s, u) /\ s # u)
CheckPrefixSets == \A s \in Ss : Prefixes(s) = {p \in Ss : IsPrefix(p, s)} /\ Suffixes(s) = {p \in Ss : IsSuffix(p, s)}
CheckCommon == CommonPrefixes({<<1, 2>>, <<1, 3>>}) = {<<>>, <<1>>} /\ LongestCommonPrefix({<<1, 2, 3>>, <<1, 2>>, <<1, 2, 4>>}) = <<1, 2>>
CheckSeqMod == SeqMod(6, 3) = 3 /\ SeqMod(7, 3) = 1 /\ SeqMod(-1, 3) = 2
CheckFolds ==
  LET pair(x, y) == <<x, y>> IN
  /\ FoldLeft(pair, 0, <<3, 1, 2>>) = << << <<0, 3>>, 1>>, 2>>
  /\ FoldRight(pair, <<3, 1, 2>>, 0) = <<3, <<1, <<2, 0>> >> >>
  /\ FoldSeq(pair, 0, <<3, 1>>) = <<3, <<1, 0>> >>
  /\ FoldLeftDomain(pair, 0, <<"a", "b">>) = << <<0, 1>>, 2>>
  /\ FoldRightDomain(pair, <<"a", "b">>, 0) = <<1, <<2, 0>> >>
CheckFlattenZip == FlattenSeq(<< <<1, 2>>, <<>>, <<3>> >>) = <<1, 2, 3>> /\ Zip(<<1, 2, 3>>, <<"a", "b">>) = << <<1, "a">>, <<2, "b">> >>
CheckSubSeqs == \A s \in Ss : SubSeqs(s) = {SubSeq(s, i, j) : i \in 1..Len(s) + 1, j \in 0..Len(s)}
`);
  t.equal(await errorCode('SequencesExt', 'Last(<<>>)'), 'E3003');
  t.equal(await errorCode('SequencesExt', 'RemoveAt(<<1>>, 3)'), 'E3003');
});

t.test('BagsExt against its meaning', async (t) => {
  await allHold(t, 'BagsExt', String.raw`
B == (1 :> 2) @@ (2 :> 1) @@ (3 :> 3)
CheckAdd == BagAdd(B, 2) = B (+) SetToBag({2}) /\ BagAdd(B, 7) = B (+) SetToBag({7})
CheckRemove == BagRemove(B, 1) = B (-) SetToBag({1}) /\ BagRemove(B, 2) = B (-) SetToBag({2}) /\ BagRemove(B, 9) = B
CheckRemoveAll == BagRemoveAll(B, 3) = [e \in {1, 2} |-> B[e]]
CheckSums == SumBag(B) = 1 + 1 + 2 + 3 + 3 + 3 /\ ProductBag(B) = 2 * 27 /\ FoldBag(LAMBDA x, y : x + y, 0, B) = 13
CheckMapThenFoldBag == MapThenFoldBag(LAMBDA x, y : x + y, 0, LAMBDA x : 1, LAMBDA S : CHOOSE x \in S : TRUE, B) = 6
`);
});

t.test('Bitwise against its meaning (binary digits)', async (t) => {
  await allHold(t, 'Bitwise', String.raw`
Bit(x, i) == (x \div 2^i) % 2
Combine(x, y, f(_, _)) == LET digit[i \in 0..5] == f(Bit(x, i), Bit(y, i)) * 2^i IN digit[0] + digit[1] + digit[2] + digit[3] + digit[4] + digit[5]
CheckAnd == \A x, y \in 0..40 : x & y = Combine(x, y, LAMBDA a, b : a * b)
CheckOr == \A x, y \in 0..40 : x | y = Combine(x, y, LAMBDA a, b : IF a + b > 0 THEN 1 ELSE 0)
CheckXor == \A x, y \in 0..40 : x ^^ y = Combine(x, y, LAMBDA a, b : (a + b) % 2)
CheckShift == \A n \in 0..100 : \A p \in 0..8 : shiftR(n, p) = n \div 2^p
`);
  t.equal(await errorCode('Bitwise', '(0 - 1) & 3'), 'E3001', 'negative operands are outside the definition');
});

t.test('UndirectedGraphs against its meaning', async (t) => {
  await allHold(t, 'UndirectedGraphs', String.raw`
N == {1, 2, 3}
Edges == {{1, 2}, {2, 3}, {1, 3}, {1}}
Gs == {[node |-> N, edge |-> E] : E \in SUBSET Edges}
Connected(G, m, n) == \E p \in UNION {[1..k -> G.node] : k \in 1..3} :
  p[1] = m /\ p[Len(p)] = n /\ \A i \in 1..Len(p) - 1 : {p[i], p[i + 1]} \in G.edge
CheckIsGraph == \A G \in Gs : IsUndirectedGraph(G) /\ IsLoopFreeUndirectedGraph(G) = ({1} \notin G.edge)
CheckNotGraph == ~IsUndirectedGraph([node |-> {1}, edge |-> {{1, 2}}]) /\ ~IsUndirectedGraph([node |-> {1}, edge |-> {}, extra |-> 0])
CheckConnectedIn == \A G \in Gs : \A m, n \in N : AreConnectedIn(m, n, G) = Connected(G, m, n)
CheckComponents == \A G \in Gs :
  ConnectedComponents(G) = {{n \in N : Connected(G, m, n)} : m \in N}
CheckStrongly == \A G \in Gs : IsStronglyConnected(G) = \A m, n \in N : Connected(G, m, n)
CheckEmpty == ~IsStronglyConnected([node |-> {}, edge |-> {}]) /\ ConnectedComponents([node |-> {}, edge |-> {}]) = {}
Nodes(p) == {p[i] : i \in DOMAIN p}
CheckSimplePath == \A G \in Gs : SimplePath(G) =
  {p \in UNION {[1..k -> N] : k \in 1..3} : Cardinality(Nodes(p)) = Len(p) /\ \A i \in 1..Len(p) - 1 : {p[i], p[i + 1]} \in G.edge}
CheckSubgraph == UndirectedSubgraph([node |-> {1, 2}, edge |-> {{1, 2}}]) =
  {[node |-> M, edge |-> E] : M \in SUBSET {1, 2}, E \in {{}}} \cup {[node |-> {1, 2}, edge |-> {{1, 2}}]}
CheckAllGraphs == UndirectedGraphs({1, 2}) = {[node |-> {1, 2}, edge |-> E] : E \in SUBSET {{1}, {2}, {1, 2}}}
`);
});

// Graphs' definitions restated (the module's text, each name prefixed with Def): the native operators
// must agree with them on every graph below.
const graphsDefinitions = String.raw`
DefIsDirectedGraph(G) == G = [node |-> G.node, edge |-> G.edge] /\ G.edge \subseteq (G.node \X G.node)
DefDirectedSubgraph(G) ==
  {H \in [node : SUBSET G.node, edge : SUBSET (G.node \X G.node)] : DefIsDirectedGraph(H) /\ H.edge \subseteq G.edge}
DefTranspose(G) == [edge |-> {<<e[2], e[1]>> : e \in G.edge}, node |-> G.node]
DefIsUndirectedGraph(G) == DefIsDirectedGraph(G) /\ \A e \in G.edge : <<e[2], e[1]>> \in G.edge
DefUndirectedSubgraph(G) == {H \in DefDirectedSubgraph(G) : DefIsUndirectedGraph(H)}
DefIsPath(G, p) == p \in Seq(G.node) /\ p # << >> /\ \A i \in 1..(Len(p) - 1) : <<p[i], p[i + 1]>> \in G.edge
DefSimplePath(G) == {p \in SeqOf(G.node, Cardinality(G.node)) :
  p # << >> /\ Cardinality({p[i] : i \in DOMAIN p}) = Len(p) /\ \A i \in 1..(Len(p) - 1) : <<p[i], p[i + 1]>> \in G.edge}
DefAreConnectedIn(m, n, G) == \E p \in DefSimplePath(G) : p[1] = m /\ p[Len(p)] = n
DefConnectionsIn(G) ==
  LET C[N \in SUBSET G.node] ==
        IF N = {} THEN [m, n \in G.node |-> m = n \/ <<m, n>> \in G.edge]
        ELSE LET u == CHOOSE u \in N : TRUE
                 Cu == C[N \ {u}]
             IN [m, n \in G.node |-> \/ Cu[m, n]
                                     \/ Cu[m, u] /\ Cu[u, n]]
  IN C[G.node]
DefIsStronglyConnected(G) == \A m, n \in G.node : DefAreConnectedIn(m, n, G)
DefIsTreeWithRoot(G, r) ==
  /\ DefIsDirectedGraph(G)
  /\ \A e \in G.edge : e[1] # r /\ \A f \in G.edge : (e[1] = f[1]) => (e = f)
  /\ \A n \in G.node : DefAreConnectedIn(n, r, G)
N3 == {1, 2, 3}
\* Every graph on three nodes (loops included), and every graph on fewer.
AllGs == {[node |-> N3, edge |-> E] : E \in SUBSET (N3 \X N3)}
        \cup {[node |-> M, edge |-> E] : M \in SUBSET {1, 2}, E \in SUBSET ({1, 2} \X {1, 2})}
SomeGs == {[node |-> N3, edge |-> E] : E \in SUBSET {<<1, 2>>, <<2, 1>>, <<2, 3>>, <<3, 3>>}}
        \cup {[node |-> {1, 2}, edge |-> {<<1, 2>>, <<2, 3>>}]}
Strings == [node |-> {"a", "b", "c"}, edge |-> {<<"a", "b">>, <<"c", "b">>}]
NotGs == {[node |-> {1, 2}, edge |-> {<<1, 3>>}], [node |-> {1}, edge |-> {}, extra |-> 0], [node |-> {1, 2}, edge |-> {<<1, 2, 1>>}]}
`;

t.test('Graphs against its definitions', async (t) => {
  await allHold(t, 'Graphs, SequencesExt', String.raw`${graphsDefinitions}
CheckIsDirected == \A G \in AllGs \cup NotGs : IsDirectedGraph(G) = DefIsDirectedGraph(G)
CheckNotDirected == \A G \in NotGs : ~IsDirectedGraph(G) /\ ~IsUndirectedGraph(G) /\ ~IsTreeWithRoot(G, 1)
CheckIsUndirected == \A G \in AllGs : IsUndirectedGraph(G) = DefIsUndirectedGraph(G)
CheckTranspose == \A G \in AllGs \cup NotGs : Transpose(G) = DefTranspose(G)
CheckTransposeTwice == \A G \in AllGs : Transpose(Transpose(G)) = G
CheckSimplePath == \A G \in AllGs \cup SomeGs : SimplePath(G) = DefSimplePath(G)
CheckConnectedIn == \A G \in AllGs \cup SomeGs : \A m, n \in G.node \cup {0} : AreConnectedIn(m, n, G) = DefAreConnectedIn(m, n, G)
CheckConnections == \A G \in AllGs \cup SomeGs : ConnectionsIn(G) = DefConnectionsIn(G)
CheckStrongly == \A G \in AllGs \cup SomeGs : IsStronglyConnected(G) = DefIsStronglyConnected(G)
CheckTree == \A G \in AllGs \cup SomeGs : \A r \in G.node \cup {0} : IsTreeWithRoot(G, r) = DefIsTreeWithRoot(G, r)
CheckSubgraphs == \A G \in SomeGs \cup NotGs : DirectedSubgraph(G) = DefDirectedSubgraph(G) /\ UndirectedSubgraph(G) = DefUndirectedSubgraph(G)
CheckStrings == SimplePath(Strings) = DefSimplePath(Strings) /\ ConnectionsIn(Strings) = DefConnectionsIn(Strings)
  /\ \A r \in Strings.node : IsTreeWithRoot(Strings, r) = DefIsTreeWithRoot(Strings, r)
CheckPath == \A G \in SomeGs : \A p \in SeqOf(G.node \cup {0}, 4) : (p \in Path(G)) = DefIsPath(G, p)
`);
  // TLC's answers (CommunityModules' Graphs.tla, TLC 2.19), measured by hand; the right-hand sides are TLC's values.
  await allHold(t, 'Graphs', String.raw`Tree == [node |-> {1, 2, 3, 4}, edge |-> {<<2, 1>>, <<3, 1>>, <<4, 3>>}]
Cycle == [node |-> {1, 2, 3}, edge |-> {<<1, 2>>, <<2, 3>>, <<3, 1>>}]
CheckTLC == <<IsTreeWithRoot(Tree, 1), IsTreeWithRoot(Tree, 3), IsTreeWithRoot(Transpose(Tree), 1), IsStronglyConnected(Cycle), IsStronglyConnected(Tree), AreConnectedIn(4, 1, Tree), AreConnectedIn(1, 4, Tree)>> = <<TRUE, FALSE, FALSE, TRUE, FALSE, TRUE, FALSE>>
CheckTLCSets == <<Cardinality(SimplePath(Cycle)), Cardinality(DirectedSubgraph(Cycle)), Cardinality(UndirectedSubgraph(Cycle)), IsTreeWithRoot([node |-> {}, edge |-> {}], 1), IsStronglyConnected([node |-> {}, edge |-> {}])>> = <<9, 18, 8, TRUE, TRUE>>
CheckTLCConnections == ConnectionsIn(Tree) = [p \in {1, 2, 3, 4} \X {1, 2, 3, 4} |-> p \in {<<1, 1>>, <<2, 1>>, <<2, 2>>, <<3, 1>>, <<3, 3>>, <<4, 1>>, <<4, 3>>, <<4, 4>>}]
CheckTLCPath == <<<<1, 2, 3, 1, 2>> \in Path(Cycle), <<1, 3>> \in Path(Cycle), <<>> \in Path(Cycle)>> = <<TRUE, FALSE, FALSE>>
CheckTLCTranspose == Transpose(Tree) = [node |-> {1, 2, 3, 4}, edge |-> {<<1, 2>>, <<1, 3>>, <<3, 4>>}]
`);
  // TLC: a field of a non-record, and enumerating Path's Seq(G.node), are errors.
  t.equal(await errorCode('Graphs', 'IsDirectedGraph(3)'), 'E3001');
  t.not(await errorCode('Graphs', 'Cardinality(Path([node |-> {1}, edge |-> {}]))'), 'no error');
});

t.test('IOUtils: the environment and atoi', async (t) => {
  process.env['CLOUDOS_COMMUNITY_TEST'] = '42';
  await allHold(t, 'IOUtils', String.raw`
CheckEnv == "CLOUDOS_COMMUNITY_TEST" \in DOMAIN IOEnv /\ atoi(IOEnv.CLOUDOS_COMMUNITY_TEST) = 42
CheckAtoi == atoi("-17") = -17 /\ atoi("+3") = 3
`);
  t.equal(await errorCode('IOUtils', 'atoi("4x")'), 'E3001');
});

t.test('a community module supplied beside the spec replaces the built-in one', async (t) => {
  t.same(await checks('Functions', 'CheckBuiltIn == Range(<<7>>)'), { CheckBuiltIn: '{7}' }, 'the built-in Functions');
  const dir = temporaryFolder('community-');
  writeFileSync(join(dir, 'Functions.tla'), '---- MODULE Functions ----\nRange(f) == "supplied"\n====\n');
  t.same(await checks('Functions', 'CheckSupplied == Range(<<7>>)', dir), { CheckSupplied: '"supplied"' }, 'Functions.tla beside the spec');
});

t.test('Reals loads with Integers; Real, / and Infinity are refused by name when evaluated', async (t) => {
  await allHold(t, 'Reals', String.raw`
Unused == 1 / 2 \in Real
CheckIntegers == -3 + 1 = -2
`);
  for (const expr of ['1 / 2', '1 \\in Real', 'Infinity']) t.equal(await errorCode('Reals', expr), 'E1002', expr);
});

// The module's definitions restated (Reduce by the largest common divisor in 1..n, Add through the
// larger denominator), over positive numerators, where the definition has a greatest common divisor.
const dyadicDefinitions = String.raw`
Rat(n, d) == [num |-> n, den |-> d]
Divs(n) == {k \in 1..n : n % k = 0}
Gcd(n, m) == CHOOSE g \in Divs(n) \cap Divs(m) : \A h \in Divs(n) \cap Divs(m) : h <= g
ReduceDef(p) == LET g == Gcd(p.num, p.den) IN Rat(p.num \div g, p.den \div g)
AddDef(p, q) == IF p = Zero THEN q ELSE
  LET L == IF p.den > q.den THEN p.den ELSE q.den IN ReduceDef(Rat(q.num * (L \div q.den) + p.num * (L \div p.den), L))
HalfDef(p) == ReduceDef(Rat(p.num, p.den * 2))
Nums == 1..12
Dens == {1, 2, 3, 4, 6, 8, 16}
Rats == {Rat(n, d) : n \in Nums, d \in Dens}
`;

t.test('DyadicRationals against its definitions', async (t) => {
  await allHold(t, 'DyadicRationals', String.raw`${dyadicDefinitions}
CheckConstants == Zero = Rat(0, 1) /\ One = Rat(1, 1)
CheckAdd == \A p, q \in Rats : Add(p, q) = AddDef(p, q)
CheckAddZero == \A q \in Rats : Add(Zero, q) = q
CheckHalf == \A p \in Rats : Half(p) = HalfDef(p)
CheckIsDyadic == \A n \in 1..3, d \in -2..30 : IsDyadicRational(Rat(n, d)) = \E i \in 0..d : 2^i = d
CheckPrettyPrint == \A p \in Rats \cup {Zero, One} :
  PrettyPrint(p) = IF p = Zero THEN "0" ELSE IF p = One THEN "1" ELSE ToString(p.num) \o "/" \o ToString(p.den)
\* Independently: on dyadic denominators Add is the sum of the two fractions, in lowest terms.
Dyadic == {p \in Rats : IsDyadicRational(p)}
CheckSum == \A p, q \in Dyadic : LET s == Add(p, q) IN
  /\ s.num * p.den * q.den = (p.num * q.den + q.num * p.den) * s.den
  /\ Gcd(s.num, s.den) = 1
`);
  // TLC's answers (CommunityModules' jar, its Java Reduce), measured on the module's edge cases: a
  // numerator of 0 or below, which the TLA+ definition cannot reduce (no divisor in 1..n); the
  // right-hand sides are TLC's values.
  await allHold(t, 'DyadicRationals', String.raw`Rat(n, d) == [num |-> n, den |-> d]
CheckHalfZero == Half(Zero) = Rat(0, 1)
CheckAddZeros == <<Add(Zero, Zero), Add(One, Zero), Add(Zero, One)>> = <<Rat(0, 1), Rat(1, 1), Rat(1, 1)>>
CheckThirds == <<Add(Rat(1, 3), Rat(1, 2)), Add(Rat(1, 2), Rat(1, 3)), Add(Rat(2, 3), Rat(5, 7))>> = <<Rat(2, 3), Rat(2, 3), Rat(9, 7)>>
CheckNegative == <<Half(Rat(-2, 4)), Add(Rat(-1, 2), Rat(1, 2)), Add(Rat(-3, 4), Rat(1, 8)), Half(Rat(2, -4))>> = <<Rat(-1, 4), Rat(0, 1), Rat(-5, 8), Rat(1, -4)>>
CheckIsDyadic == <<IsDyadicRational(Rat(1, 0)), IsDyadicRational(Rat(1, 6)), IsDyadicRational(Rat(1, 8)), IsDyadicRational(Rat(1, -4)), IsDyadicRational(Rat(1, 32))>> = <<FALSE, FALSE, TRUE, FALSE, TRUE>>
CheckPrettyPrint == <<PrettyPrint(Zero), PrettyPrint(One), PrettyPrint(Half(One)), PrettyPrint(Rat(2, 1)), PrettyPrint(Rat(0, 4)), PrettyPrint(Rat(-3, 4))>> = <<"0", "1", "1/2", "2/1", "0/4", "-3/4">>
CheckUnreduced == <<Add(Rat(2, 4), Zero), Add(Rat(0, 4), Rat(1, 2)), Add([num |-> 1, den |-> 2, z |-> 0], Rat(1, 4)), Half(Rat(2147483647, 1))>> = <<Rat(1, 2), Rat(1, 2), Rat(3, 4), Rat(2147483647, 2)>>
`);
  // TLC's errors: "Overflow when computing 2^31", "... 1073741824*2", "/ by zero" in its Reduce,
  // "The second argument of \div is 0.", a string for a numerator, a field of a non-record.
  t.equal(await errorCode('DyadicRationals', 'IsDyadicRational([num |-> 1, den |-> 100])'), 'E3002', '2^31 overflows before 100 is ruled out');
  t.equal(await errorCode('DyadicRationals', 'Half([num |-> 1, den |-> 2^30])'), 'E3002');
  t.equal(await errorCode('DyadicRationals', 'Half([num |-> 0, den |-> 0])'), 'E3001', '0/0 has no greatest common divisor');
  t.equal(await errorCode('DyadicRationals', 'Add([num |-> 1, den |-> 0], [num |-> 1, den |-> 2])'), 'E3001');
  t.equal(await errorCode('DyadicRationals', 'Half([num |-> "a", den |-> 2])'), 'E3001');
  t.not(await errorCode('DyadicRationals', 'Add([num |-> 1, den |-> 2], 3)'), 'no error');
});
