// TLA+ as people write it (issue 12): small specs written here, one idiom each, checked end to end
// in both modes. Every count is established by hand in the comment beside it (the reachable states
// enumerated), never read off the checker.
import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkModel } from '../check/check.js';
import type { CheckResult } from '../check/check-result.js';
import { loadModel } from '../load.js';
import { temporaryFolder } from '../../../conventions/index.js';

interface Expected {
  result: 'holds' | 'violated';
  /** The violated property's name, or `deadlock`. */
  violation?: string;
  distinct?: number;
  generated?: number;
  depth?: number;
}

/** Writes `files` (name → text) into a fresh folder and checks `root`.tla with `cfg` (default `root`.cfg) in both modes. */
async function checkFiles(t: Test, files: Record<string, string>, root: string, expected: Expected, cfg = `${root}.cfg`): Promise<void> {
  const dir = temporaryFolder('idioms-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  for (const mode of ['compiled', 'interpreted'] as const) {
    const model = await loadModel({ spec: join(dir, `${root}.tla`), config: join(dir, cfg), mode });
    const run: CheckResult = await checkModel(model);
    const violation = run.result === 'violated' ? (run.violation.kind === 'deadlock' ? 'deadlock' : 'name' in run.violation ? run.violation.name : run.violation.kind) : undefined;
    const got = {
      result: run.result,
      ...(violation !== undefined ? { violation } : {}),
      ...(expected.distinct !== undefined ? { distinct: run.stats.distinctStates } : {}),
      ...(expected.generated !== undefined ? { generated: run.stats.statesGenerated } : {}),
      ...(expected.depth !== undefined ? { depth: run.stats.depth } : {}),
    };
    t.same(got, expected, `${root} with ${cfg} (${mode})${run.result === 'error' ? `: ${run.violation.message}` : ''}`);
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

// Two processes each finish once: done goes {} -> {1} or {2} -> {1, 2}. 4 distinct states; 1 initial
// + 2 + 1 + 1 successors = 5 generated; depth 3. Without fairness for a process it may never finish.
const finishing = module('Finishing',
  'EXTENDS Naturals',
  'CONSTANT Procs',
  'VARIABLE done',
  'vars == <<done>>',
  'Init == done = [p \\in Procs |-> FALSE]',
  "Finish(p) == ~done[p] /\\ done' = [done EXCEPT ![p] = TRUE]",
  'Next == \\E p \\in Procs : Finish(p)',
  'FairEach == \\A p \\in Procs : WF_vars(Finish(p))',
  'Fair(p) == WF_vars(Finish(p))',
  'FairNested == \\A p \\in Procs : \\A q \\in {p} : Fair(q)',
  'FairOfOr == WF_vars(Finish(1) \\/ Finish(2))',
  'FairGuarded == \\A p \\in Procs : SF_vars(~done[p] /\\ Finish(p))',
  'FairAllButLast == \\A p \\in Procs \\ {2} : WF_vars(Finish(p))',
  'SpecEach == Init /\\ [][Next]_vars /\\ FairEach',
  'SpecInline == Init /\\ [][Next]_vars /\\ \\A p \\in Procs : WF_vars(Finish(p))',
  'SpecNested == Init /\\ [][Next]_vars /\\ FairNested',
  'SpecOfOr == Init /\\ [][Next]_vars /\\ FairOfOr',
  'SpecConjoined == Init /\\ [][Next]_vars /\\ Fair(1) /\\ Fair(2) /\\ FairGuarded',
  'SpecUnfair == Init /\\ [][Next]_vars /\\ FairAllButLast',
  'EachFinishes == \\A p \\in Procs : <>done[p]',
  'EachLeadsTo == \\A p \\in Procs : ~done[p] ~> done[p]',
  'PairsLeadTo == \\A p, q \\in Procs : (~done[p] /\\ ~done[q]) ~> (done[p] /\\ done[q])',
  'Typed(p) == [](done[p] \\in BOOLEAN)',
  'AlwaysTyped == \\A p \\in Procs : Typed(p)');

t.test('fairness as people write it: quantified, nested, of a disjunction, guarded, by an operator', async (t) => {
  const cfg = (spec: string): string => `CONSTANT Procs = {1, 2}\nSPECIFICATION ${spec}\nPROPERTIES\n  EachFinishes EachLeadsTo\n  PairsLeadTo AlwaysTyped\nCHECK_DEADLOCK FALSE\n`;
  const files: Record<string, string> = { 'Finishing.tla': finishing };
  for (const spec of ['SpecEach', 'SpecInline', 'SpecNested', 'SpecOfOr', 'SpecConjoined', 'SpecUnfair']) files[`${spec}.cfg`] = cfg(spec);
  for (const spec of ['SpecEach', 'SpecInline', 'SpecNested', 'SpecOfOr', 'SpecConjoined']) {
    await checkFiles(t, files, 'Finishing', { result: 'holds', distinct: 4, generated: 5, depth: 3 }, `${spec}.cfg`);
  }
  // Process 2 has no fairness: it may stutter forever with done[2] = FALSE.
  await checkFiles(t, files, 'Finishing', { result: 'violated', violation: 'EachFinishes' }, 'SpecUnfair.cfg');
});

t.test('temporal properties over constant sets: \\A n \\in S : []<>P(n), an empty PROPERTIES list', async (t) => {
  // x cycles 0 -> 1 -> 2 -> 0: 3 distinct states, 4 generated, depth 3; under WF every value recurs.
  const ring = module('Ring',
    'EXTENDS Naturals',
    'VARIABLE x',
    "Next == x' = (x + 1) % 3",
    'Spec == x = 0 /\\ [][Next]_x /\\ WF_x(Next)',
    'Unfair == x = 0 /\\ [][Next]_x',
    'Recurs == \\A n \\in 0..2 : []<>(x = n)',
    'Later(n) == IF n = 0 THEN <>(x = 2) ELSE <>(x = n)',
    'EventuallyEach == \\A n \\in 0..2 : Later(n)');
  const files = {
    'Ring.tla': ring,
    'Ring.cfg': 'SPECIFICATION Spec\nPROPERTIES Recurs EventuallyEach\n',
    'Unfair.cfg': 'SPECIFICATION Unfair\nPROPERTY Recurs\n',
    'Empty.cfg': 'SPECIFICATION Spec\nPROPERTIES\n\\* Recurs\nINVARIANTS\n',
  };
  await checkFiles(t, files, 'Ring', { result: 'holds', distinct: 3, generated: 4, depth: 3 });
  await checkFiles(t, files, 'Ring', { result: 'violated', violation: 'Recurs' }, 'Unfair.cfg');
  await checkFiles(t, files, 'Ring', { result: 'holds', distinct: 3, generated: 4, depth: 3 }, 'Empty.cfg');
});

t.test('properties as people write them: IF over a state, P => <>Q, [](P => []Q), [](P => <>Q), ~[]P \\/ <>Q', async (t) => {
  // x starts at 0 or 1 and cycles 0 -> 1 -> 2 -> 3 -> 0: 4 distinct states, 2 initial + 4 generated.
  // Each verdict, with and without fairness, is TLC's on the same spec (20 of 20 agree).
  const verdicts: [name: string, definition: string, holdsFair: boolean, holdsUnfair: boolean][] = [
    ['IfBad', 'IF x = 0 THEN <>(x = 3) ELSE [](x # 0)', false, false],
    ['IfOk', 'IF x = 0 THEN <>(x = 3) ELSE <>(x = 0)', true, false],
    ['StableBad', '[](x = 2 => [](x >= 2))', false, false],
    ['StableOk', '[](x >= 0 => [](x <= 3))', true, true],
    ['LeadsOk', '[](x = 1 => <>(x = 3))', true, false],
    ['LeadsBad', '[](x = 1 => <>(x = 5))', false, false],
    ['HypOk', '~[](x < 3) \\/ <>(x = 3)', true, false],
    ['HypBad', '~[](x < 9) \\/ <>(x = 7)', false, false],
    ['GuardBad', 'x = 1 => [](x > 0)', false, false],
    ['GuardOk', 'x = 1 => <>(x = 0)', true, false],
  ];
  const header = ['EXTENDS Naturals', 'VARIABLE x', 'Init == x \\in {0, 1}', "Next == \\/ x < 3 /\\ x' = x + 1", "        \\/ x = 3 /\\ x' = 0"];
  const specs = ['Spec == Init /\\ [][Next]_x /\\ WF_x(Next)', 'Unfair == Init /\\ [][Next]_x'];
  const cyc = module('Cyc', ...header, ...specs, ...verdicts.map(([name, definition]) => `${name} == ${definition}`));
  const files: Record<string, string> = { 'Cyc.tla': cyc };
  for (const [property] of verdicts) for (const spec of ['Spec', 'Unfair']) files[`${property}${spec}.cfg`] = `SPECIFICATION ${spec}\nPROPERTY ${property}\n`;
  for (const [property, , fair, unfair] of verdicts) {
    for (const [spec, holds] of [['Spec', fair], ['Unfair', unfair]] as const) {
      await checkFiles(t, files, 'Cyc', holds ? { result: 'holds', distinct: 4 } : { result: 'violated', violation: property }, `${property}${spec}.cfg`);
    }
  }
});

t.test('a temporal formula quantified over a set that depends on a variable is refused by name', async (t) => {
  const dir = temporaryFolder('idioms-');
  writeFileSync(join(dir, 'Bad.tla'), module('Bad', 'EXTENDS Naturals', 'VARIABLE x', "Spec == x = 0 /\\ [][x' = 1 - x]_x", 'P == \\A n \\in {x} : <>(x = n)'));
  writeFileSync(join(dir, 'Bad.cfg'), 'SPECIFICATION Spec\nPROPERTY P\n');
  const error = await loadModel({ spec: join(dir, 'Bad.tla') }).catch((e: unknown) => e);
  t.match(error, { diagnostics: [{ code: 'E5001', message: /the set of a quantifier must not depend on variables/, span: { line: 5, col: 15 } }] });
});

t.test('the .cfg overrides built-ins: Nat <- NatOverride, Seq <- BoundedSeq', async (t) => {
  // With Nat as 0..2 and sequences up to length 2: 1 + 3 + 9 = 13 sequences, each a distinct state;
  // 1 initial + 3 + 9 successors = 13 generated; depth 3. TypeOK enumerates Seq(Nat) as BoundedSeq(0..2).
  const files = {
    'Overrides.tla': module('Overrides',
      'EXTENDS Naturals, Sequences, FiniteSets',
      'CONSTANT Max',
      'ASSUME Max \\in Nat',
      'VARIABLE s',
      'NatOverride == {n \\in 0..Max : n \\in Nat}',
      'BoundedSeq(S) == UNION {[1..n -> S] : n \\in 0..Max}',
      'Init == s = <<>>',
      "Next == \\E x \\in Nat : Len(s) < Max /\\ s' = Append(s, x)",
      'TypeOK == s \\in Seq(Nat) /\\ Cardinality(Seq(Nat)) = 13',
      'Short == Len(s) < 2'),
    'Overrides.cfg': 'CONSTANTS\n  Max = 2\n  Nat <- NatOverride\n  Seq <- BoundedSeq\nINIT Init\nNEXT Next\nINVARIANT TypeOK\nCHECK_DEADLOCK FALSE\n',
    'Short.cfg': 'CONSTANTS Max = 2 Nat <- NatOverride Seq <- BoundedSeq\nINIT Init\nNEXT Next\nINVARIANT Short\nCHECK_DEADLOCK FALSE\n',
    'Arity.cfg': 'CONSTANTS Max = 2 Seq <- NatOverride\nINIT Init\nNEXT Next\n',
  };
  await checkFiles(t, files, 'Overrides', { result: 'holds', distinct: 13, generated: 13, depth: 3 });
  await checkFiles(t, files, 'Overrides', { result: 'violated', violation: 'Short' }, 'Short.cfg');
  const dir = temporaryFolder('idioms-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const arity = await loadModel({ spec: join(dir, 'Overrides.tla'), config: join(dir, 'Arity.cfg') }).catch((e: unknown) => e);
  t.match(arity, { diagnostics: [{ code: 'E4002', message: /Seq takes 1 argument\(s\), but NatOverride takes 0/, span: { line: 1, col: 26 } }] });
});

t.test('an action property is judged on the real step, not on the state VIEW keeps for its class', async (t) => {
  // (x, y) -> ((x + 1) % 3, 1 - y) from (0, 0); VIEW x keeps (0, 0), (1, 1), (2, 0): 3 distinct, 4
  // generated, depth 3. The step from (2, 0) reaches (0, 1), so y flips on every step, though the kept
  // member of its class, (0, 0), has the same y. (The same slip under SYMMETRY made SimplifiedFastPaxos's
  // Paxos.cfg report a false violation.)
  const flip = module('Flip',
    'EXTENDS Naturals',
    'VARIABLES x, y',
    "Next == x' = (x + 1) % 3 /\\ y' = 1 - y",
    'Spec == x = 0 /\\ y = 0 /\\ [][Next]_<<x, y>>',
    "Flips == [][y' = 1 - y]_<<x, y>>",
    "Stays == [][y' = y]_<<x, y>>",
    'OnlyX == x');
  const files = {
    'Flip.tla': flip,
    'Flip.cfg': 'SPECIFICATION Spec\nVIEW OnlyX\nPROPERTY Flips\n',
    'Stays.cfg': 'SPECIFICATION Spec\nVIEW OnlyX\nPROPERTY Stays\n',
  };
  await checkFiles(t, files, 'Flip', { result: 'holds', distinct: 3, generated: 4, depth: 3 });
  await checkFiles(t, files, 'Flip', { result: 'violated', violation: 'Stays' }, 'Stays.cfg');
});

t.test('refinement: another spec\'s Init /\\ [][Next]_v /\\ WF as a PROPERTY, through INSTANCE ... WITH', async (t) => {
  // x counts 0 -> 1 -> 2 -> 3 -> 0: 4 distinct states, 1 + 4 generated, depth 4. Every step changes
  // the counter as Counter's Next allows; under WF every step is eventually taken, as Counter's WF and
  // SF demand. (Abstract variables are mapped to variables: ENABLED of an abstract action whose primed
  // expression is not a variable, n <- x % 2, is still refused with E3001.)
  const files = {
    'Counter.tla': module('Counter', 'EXTENDS Naturals', 'VARIABLE n', 'Init == n = 0', "Next == n' \\in 0..3 /\\ n' # n",
      'Spec == Init /\\ [][Next]_n /\\ WF_n(Next)', 'StrongSpec == Init /\\ [][Next]_n /\\ SF_n(Next)',
      'LateSpec == n = 1 /\\ [][Next]_n'),
    'Impl.tla': module('Impl', 'EXTENDS Naturals', 'VARIABLE x', 'Init == x = 0', "Next == x' = (x + 1) % 4",
      'Spec == Init /\\ [][Next]_x /\\ WF_x(Next)', 'Unfair == Init /\\ [][Next]_x',
      'C == INSTANCE Counter WITH n <- x', 'Refines == C!Spec', 'RefinesStrongly == C!StrongSpec', 'BadInit == C!LateSpec'),
    'Impl.cfg': 'SPECIFICATION Spec\nPROPERTIES Refines RefinesStrongly\n',
    'Unfair.cfg': 'SPECIFICATION Unfair\nPROPERTY Refines\n',
    'UnfairStrong.cfg': 'SPECIFICATION Unfair\nPROPERTY RefinesStrongly\n',
    'BadInit.cfg': 'SPECIFICATION Spec\nPROPERTY BadInit\n',
  };
  await checkFiles(t, files, 'Impl', { result: 'holds', distinct: 4, generated: 5, depth: 4 });
  // Without fairness the implementation may stop at x = 0, where Counter's Next stays enabled.
  await checkFiles(t, files, 'Impl', { result: 'violated', violation: 'Refines' }, 'Unfair.cfg');
  await checkFiles(t, files, 'Impl', { result: 'violated', violation: 'RefinesStrongly' }, 'UnfairStrong.cfg');
  // The implementation starts at x = 0; LateSpec's initial predicate wants 1.
  await checkFiles(t, files, 'Impl', { result: 'violated', violation: 'BadInit' }, 'BadInit.cfg');
});

t.test('an operator that primes its parameter is applied by substitution: Set(x) means x\' = ...', async (t) => {
  // Set(x) steps x through 0 -> 1 -> 2 -> 0: 3 distinct states, 1 + 3 generated, depth 3. (Evaluating
  // the argument once, in the current state, would make x' = (x + 1) % 3 a test that always fails.)
  const files = {
    'PrimeParam.tla': module('PrimeParam', 'EXTENDS Naturals', 'VARIABLES x, y',
      "Set(q) == q' = (q + 1) % 3", 'Keep(q) == UNCHANGED q', 'CanSet(q) == ENABLED Set(q)',
      'Init == x = 0 /\\ y = 0', 'Next == Set(x) /\\ Keep(y) /\\ CanSet(x)'),
    'PrimeParam.cfg': 'INIT Init\nNEXT Next\n',
  };
  await checkFiles(t, files, 'PrimeParam', { result: 'holds', distinct: 3, generated: 4, depth: 3 });
});

t.test('infinite sets used lazily: N \\in Nat \\ {0} in an ASSUME and in an invariant', async (t) => {
  // x counts 1 -> 2 -> ... -> N = 3 and stops (no deadlock check): 3 distinct, 1 + 2 generated, depth 3.
  const files = {
    'Lazy.tla': module('Lazy', 'EXTENDS Naturals', 'CONSTANT N', 'ASSUME N \\in Nat \\ {0}', 'VARIABLE x',
      'Init == x = 1', "Next == x < N /\\ x' = x + 1", 'Positive == x \\in Nat \\ {0} /\\ x \\notin (Nat \\ {0}) \\ (1..N)'),
    'Lazy.cfg': 'CONSTANT N = 3\nINIT Init\nNEXT Next\nINVARIANT Positive\nCHECK_DEADLOCK FALSE\n',
    'Zero.cfg': 'CONSTANT N = 0\nINIT Init\nNEXT Next\nINVARIANT Positive\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'Lazy', { result: 'holds', distinct: 3, generated: 3, depth: 3 });
  const dir = temporaryFolder('idioms-');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const zero = await loadModel({ spec: join(dir, 'Lazy.tla'), config: join(dir, 'Zero.cfg') }).catch((e: unknown) => e);
  t.match(zero, { diagnostics: [{ code: 'E3005', message: /ASSUME is FALSE/, span: { line: 4, col: 1 } }] }, 'N = 0 fails the ASSUME');
});

t.test('a .cfg value for one module\'s definition, None = [Inner] NoneVal; the ASSUMEs of an instantiated module are not checked', async (t) => {
  // Inner's None is an unbounded CHOOSE and its ASSUME an unbounded \A: neither can be evaluated, and
  // TLC evaluates neither (the .cfg replaces None; SANY gives TLC the root's and EXTENDed ASSUMEs only).
  // x alternates None -> 1 -> None: 2 distinct states, 1 initial + 2 successors generated, depth 2 (TLC: the same).
  await checkFiles(t, {
    'Inner.tla': module('Inner', 'CONSTANT Vals', 'ASSUME \\A v : v \\in Vals', 'None == CHOOSE v : v \\notin Vals'),
    'Outer.tla': module('Outer',
      'EXTENDS Naturals',
      'VARIABLE x',
      'I == INSTANCE Inner WITH Vals <- {1, 2}',
      'Init == x = I!None',
      "Next == x' = IF x = I!None THEN 1 ELSE I!None",
      'Inv == x \\in {1, I!None}'),
    'Outer.cfg': 'CONSTANTS\n  NoneVal = NoneVal\n  None = [Inner]NoneVal\nINIT Init\nNEXT Next\nINVARIANT Inv\n',
  }, 'Outer', { result: 'holds', distinct: 2, generated: 3, depth: 2 });
});

t.test('a recursive function defined in a LET, in both modes', async (t) => {
  // Each step adds one element of 1..3 to S, so all 8 subsets are reachable; Total sums S through a
  // LET-defined recursive function. Generated: 1 initial, {} -> 3, each singleton -> 2, each pair -> 1,
  // {1, 2, 3} -> 0: 1 + 3 + 6 + 3 = 13; depth 4.
  const files = {
    'LetRec.tla': module('LetRec', 'EXTENDS Naturals', 'VARIABLE S', 'Init == S = {}',
      "Next == \\E x \\in (1..3) \\ S : S' = S \\cup {x}",
      'Total == LET sum[T \\in SUBSET (1..3)] == IF T = {} THEN 0 ELSE LET m == CHOOSE y \\in T : TRUE IN m + sum[T \\ {m}]',
      '         IN sum[S]',
      'Bounded == Total <= 6 /\\ (S = 1..3 => Total = 6) /\\ (S = {2} => Total = 2)'),
    'LetRec.cfg': 'INIT Init\nNEXT Next\nINVARIANT Bounded\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'LetRec', { result: 'holds', distinct: 8, generated: 13, depth: 4 });
});

t.test('SYMMETRY reduces by the group the permutations generate; r1 = r1 names a model value', async (t) => {
  // a \in {v1, v2}, b \in {r1, r2}, no steps: 4 initial states, one orbit under the group generated by
  // swapping the v's and swapping the r's (it maps <<v1, r1>> to <<v2, r2>>, which neither generator
  // does alone). So 1 distinct state; 4 initial + the 1 stuttering successor of the one state explored
  // = 5 generated; depth 1. (Reducing by the two listed permutations alone leaves 2 states.)
  const files = {
    'Sym.tla': module('Sym', 'EXTENDS TLC', 'CONSTANTS Values, Replicas', 'VARIABLES a, b',
      'Init == a \\in Values /\\ b \\in Replicas', 'Next == UNCHANGED <<a, b>>',
      'Symmetry == Permutations(Values) \\union Permutations(Replicas)'),
    'Sym.cfg': 'CONSTANTS\n  r1 = r1\n  r2 = r2\n  Values = {v1, v2}\n  Replicas = {r1, r2}\nINIT Init\nNEXT Next\nSYMMETRY Symmetry\n',
  };
  await checkFiles(t, files, 'Sym', { result: 'holds', distinct: 1, generated: 5, depth: 1 });
});

t.test('a constant-level model (CONSTANTS and ASSUMEs, no SPECIFICATION or INIT/NEXT): assumptions evaluated, no state', async (t) => {
  // TLC evaluates the ASSUMEs and explores nothing: 0 generated, 0 distinct, depth 0.
  const files = {
    'Arith.tla': module('Arith', 'EXTENDS Naturals', 'CONSTANT N', 'ASSUME \\A n \\in 1..N : (n * (n + 1)) % 2 = 0'),
    'Arith.cfg': 'CONSTANT N = 10\n',
  };
  await checkFiles(t, files, 'Arith', { result: 'holds', distinct: 0, generated: 0, depth: 0 });
  const dir = temporaryFolder('idioms-');
  for (const [name, text] of Object.entries({ ...files, 'Arith.tla': files['Arith.tla'].replace('% 2 = 0', '% 3 = 0') })) writeFileSync(join(dir, name), text);
  const failing = await loadModel({ spec: join(dir, 'Arith.tla') }).catch((e: unknown) => e);
  t.match(failing, { diagnostics: [{ code: 'E3005', message: /ASSUME is FALSE/, span: { line: 4, col: 1 } }] }, 'a false ASSUME is reported');
  // With VARIABLES the configuration must still name the behaviour.
  writeFileSync(join(dir, 'Vars.tla'), module('Vars', 'VARIABLE x'));
  writeFileSync(join(dir, 'Vars.cfg'), '\n');
  const missing = await loadModel({ spec: join(dir, 'Vars.tla') }).catch((e: unknown) => e);
  t.match(missing, { diagnostics: [{ code: 'E4001', message: /names neither SPECIFICATION nor both INIT and NEXT/ }] });
});

t.test('states generated are counted as TLC counts them: \\A and => branch, constant definitions and fully assigned states do not', async (t) => {
  // TLC reads \A x \in S : A(x) in an action as A(s1) /\ A(s2) /\ ..., and P => A as "if P then A",
  // so a disjunction or \E inside branches once per way; a constant-level definition without
  // parameters is a value computed before the search; once every variable is assigned, the rest of a
  // conjunction is evaluated, not branched on. x steps 0 -> 1 -> ... -> 6 once per y in {0, 1}:
  // 2 initial states (the disjunction after y \in {0, 1} is a test), each step's successors:
  //   A1 (x = 0): y = 0 => \E i \in 1..3 : ...          3 ways for y = 0, 1 for y = 1   -> 4
  //   A2 (x = 1): Ok (constant, \E inside) is one value                               -> 2
  //   A3 (x = 2): x' and y' assigned before the disjunction                           -> 2
  //   A4 (x = 3): x' assigned, y' not yet: the disjunction branches twice             -> 4
  //   A5 (x = 4): \A i \in 1..2 : (i > 0 \/ i > 1) before any assignment: i = 1 holds one
  //               way, i = 2 two ways: 1 * 2 per y                                    -> 4
  //   A6 (x = 5): \A i \in 1..3 : \E j \in 1..2 : ... : 2^3 ways                      -> 16
  // Generated: 2 + 4 + 2 + 2 + 4 + 4 + 16 = 34 (TLC built from source agrees); distinct 14; depth 7.
  const files = {
    'Counting.tla': module('Counting', 'EXTENDS Naturals', 'VARIABLES x, y',
      'Ok == \\E i \\in 1..3 : i > 0',
      'Init == x = 0 /\\ y \\in {0, 1} /\\ (y = 0 \\/ y >= 0)',
      "A1 == x = 0 /\\ (y = 0 => \\E i \\in 1..3 : i > 0) /\\ x' = 1 /\\ y' = y",
      "A2 == x = 1 /\\ Ok /\\ x' = 2 /\\ y' = y",
      "A3 == x = 2 /\\ x' = 3 /\\ y' = y /\\ (x > 0 \\/ x >= 0)",
      "A4 == x = 3 /\\ x' = 4 /\\ (x > 0 \\/ x >= 0) /\\ y' = y",
      "A5 == x = 4 /\\ (\\A i \\in 1..2 : i > 0 \\/ i > 1) /\\ x' = 5 /\\ y' = y",
      "A6 == x = 5 /\\ (\\A i \\in 1..3 : \\E j \\in 1..2 : j > 0) /\\ x' = 6 /\\ y' = y",
      'Next == A1 \\/ A2 \\/ A3 \\/ A4 \\/ A5 \\/ A6'),
    'Counting.cfg': 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'Counting', { result: 'holds', distinct: 14, generated: 34, depth: 7 });
});

t.test('an operator applied to a variable it assigns is read by name: SetTo(x, 0), Send(x, x\') with Send <- MCSend', async (t) => {
  // Application is substitution: SetTo(x, 0) is x = 0 (it assigns x in Init), and with the .cfg's
  // Send <- MCSend, Send(x, x') is x' = x + 1. x counts 0..3 for each y in {0, 1}: 8 distinct states,
  // 2 initial + 6 steps generated = 8, depth 4 (TLC agrees).
  const files = {
    'ByName.tla': module('ByName', 'EXTENDS Naturals', 'CONSTANT Send(_, _)', 'VARIABLES x, y',
      'SetTo(v, n) == v = n', 'MCSend(old, new) == new = old + 1',
      'Init == SetTo(x, 0) /\\ y \\in {0, 1}', "Next == x < 3 /\\ Send(x, x') /\\ SetTo(y', y)"),
    'ByName.cfg': 'CONSTANT Send <- MCSend\nINIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'ByName', { result: 'holds', distinct: 8, generated: 8, depth: 4 });
});

t.test('an action passed to an operator is read by name: Once(Either) branches on Either, Again(Inc, LAMBDA v : v - 1)', async (t) => {
  // Once(A) == s = 0 /\ x < 4 /\ A /\ s' = 1 with A the disjunction x' = x + 2 \/ x' = x + 3 (as LockHS's
  // NoStutter(l0(self))): from (0, 0) to (2, 1) and (3, 1); Again(Inc, ...) steps back to s = 0 with
  // x + 1: (3, 0), (4, 0); from (3, 0) on to (5, 1), (6, 1), then (6, 0), (7, 0). 9 distinct, 1 + 8
  // generated, depth 5 (TLC agrees). Passing A's value would evaluate x' before it has one (E3001).
  const files = {
    'ActionArg.tla': module('ActionArg', 'EXTENDS Naturals', 'VARIABLES x, s',
      "Once(A) == s = 0 /\\ x < 4 /\\ A /\\ s' = 1", "Again(A, back(_)) == s = 1 /\\ A /\\ s' = back(s)",
      "Inc == x' = x + 1", "Either == x' = x + 2 \\/ x' = x + 3",
      'Init == x = 0 /\\ s = 0', 'Next == Once(Either) \\/ Again(Inc, LAMBDA v : v - 1)'),
    'ActionArg.cfg': 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'ActionArg', { result: 'holds', distinct: 9, generated: 9, depth: 5 });
});

t.test('labels mean their expression: an invariant written with P0 ::, P1 :: holds as without them', async (t) => {
  // x cycles 0 -> 1 -> 2 -> 0: 3 distinct states, 1 + 3 generated, depth 3.
  const files = {
    'Labels.tla': module('Labels', 'EXTENDS Naturals', 'VARIABLE x', 'Init == x = 0', "Next == x' = (x + 1) % 3",
      'Inv == \\/ P0 :: x < 3', '       \\/ P1 :: x = 7'),
    'Labels.cfg': 'INIT Init\nNEXT Next\nINVARIANT Inv\n',
  };
  await checkFiles(t, files, 'Labels', { result: 'holds', distinct: 3, generated: 4, depth: 3 });
});

t.test('f[x] of a function TLC keeps lazy is read as an action at x: its disjunctions and \\E branch', async (t) => {
  // TLC expands the body of a LET-defined (here recursive) function, and of a module-level function
  // that reads variables, at the point applied. Safe(2): SA[2] holds through c = 0 (SA[0]: 1 way; or
  // c >= 0: 1 way) and c = 1 (SA[1] through c = 0: 2 ways; or c >= 0: 1 way): 5 ways, so A generates 5
  // successors from each of x = 0, 1; B: F[1] has two true disjuncts, 2 ways. Generated 1 + 10 + 2 =
  // 13, distinct 4, depth 4 (TLC agrees).
  const files = {
    'Lazy.tla': module('Lazy', 'EXTENDS Naturals', 'VARIABLE x',
      'Safe(b) == LET SA[bb \\in 0..3] == \\/ bb = 0',
      '                                  \\/ \\E c \\in 0..(bb - 1) : SA[c] \\/ c >= 0',
      '           IN SA[b]',
      'F[n \\in 0..3] == x >= 0 \\/ n >= 0',
      'Init == x = 0', "A == x < 2 /\\ Safe(2) /\\ x' = x + 1", "B == x = 2 /\\ F[1] /\\ x' = 3", 'Next == A \\/ B'),
    'Lazy.cfg': 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'Lazy', { result: 'holds', distinct: 4, generated: 13, depth: 4 });
});

t.test('subexpression references Inv!2!1, Thm!:, I!Op!3 name the part of the definition', async (t) => {
  // x counts 0..3 (mod 4), y flips: 8 distinct states, 1 initial + 2 successors of each = 17
  // generated, depth 5. Each invariant holds only for the part it names: Parts!3!3 (x > 5) negated
  // holds where Parts!3!2 (y < 2) negated would not. YZero (y = 0) fails at y = 1, depth 2, after 3
  // generated. Counts from TLC.
  const files = {
    'SubLib.tla': module('SubLib', 'EXTENDS Naturals', 'VARIABLES x, y',
      'Parts == /\\ x \\in 0..3',
      '         /\\ \\/ y = 0',
      '            \\/ x < 10',
      '         /\\ IF x > 2 THEN y < 2 ELSE x > 5',
      'THEOREM Bounded == x + y < 5'),
    'Sub.tla': module('Sub', 'EXTENDS SubLib', 'L == INSTANCE SubLib',
      'Start == /\\ x = 0', '         /\\ y = 0',
      'Init == Start!2 /\\ Start!1',
      "Next == \\/ x' = (x + 1) % 4 /\\ UNCHANGED y", "        \\/ y' = 1 - y /\\ UNCHANGED x",
      'Typed == Parts!1', 'Either == Parts!2!2', 'Branches == Parts!3!1 => Parts!3!2', 'Stated == Bounded!:',
      'Far == ~L!Parts!3!3', 'YZero == L!Parts!2!1'),
    'Sub.cfg': 'INIT Init\nNEXT Next\nINVARIANTS Typed Either Branches Stated Far\n',
    'SubY.cfg': 'INIT Init\nNEXT Next\nINVARIANTS Typed YZero\n',
  };
  await checkFiles(t, files, 'Sub', { result: 'holds', distinct: 8, generated: 17, depth: 5 });
  await checkFiles(t, files, 'Sub', { result: 'violated', violation: 'YZero', distinct: 3, generated: 3, depth: 2 }, 'SubY.cfg');
});

t.test('.cfg `N <- [Mod] D` replaces the definition N of module Mod, reached through an INSTANCE', async (t) => {
  // Inner's Limit becomes MCLimit = 3, so Ok (x < Limit) fails at x = 3: 4 states generated, 4
  // distinct, depth 4 (TLC agrees; with Limit = 100 it would hold).
  const files = {
    'Inner.tla': module('Inner', 'EXTENDS Naturals', 'VARIABLE x', 'Limit == 100', 'Ok == x < Limit'),
    'Outer.tla': module('Outer', 'EXTENDS Naturals', 'VARIABLE x', 'I == INSTANCE Inner', 'Limit == 100', 'MCLimit == 3',
      'Init == x = 0', "Next == x' = (x + 1) % 5", 'Ok == I!Ok'),
    'Outer.cfg': 'CONSTANT Limit <- [Inner] MCLimit\nINIT Init\nNEXT Next\nINVARIANT Ok\n',
  };
  await checkFiles(t, files, 'Outer', { result: 'violated', violation: 'Ok', distinct: 4, generated: 4, depth: 4 });
  // With the root's Limit replaced too (`Limit <- MCLimit` before it), Inner's is still MCLimit: same answer.
  const both = { ...files, 'Outer.cfg': 'CONSTANT Limit <- MCLimit\nCONSTANT Limit <- [Inner] MCLimit\nINIT Init\nNEXT Next\nINVARIANT Ok\n' };
  await checkFiles(t, both, 'Outer', { result: 'violated', violation: 'Ok', distinct: 4, generated: 4, depth: 4 });
  // A standard operator in the same form, Nat <- [NatLib] MyNat: Vals is 0..4, so x' \in Vals gives 5
  // distinct states, 1 + 5 * 5 generated, depth 2 (TLC agrees).
  await checkFiles(t, {
    'NatLib.tla': module('NatLib', 'EXTENDS Naturals', 'Vals == {n \\in Nat : n < 10}'),
    'NatRoot.tla': module('NatRoot', 'EXTENDS NatLib', 'VARIABLE x', 'MyNat == 0..4', 'Init == x = 0', "Next == x' \\in Vals"),
    'NatRoot.cfg': 'CONSTANT Nat <- [NatLib] MyNat\nINIT Init\nNEXT Next\n',
  }, 'NatRoot', { result: 'holds', distinct: 5, generated: 26, depth: 2 });
});

t.test('a module written after the root module in the same file is visible to it by name', async (t) => {
  // x counts 0..Limit = 3 from the second module SibLib: 4 distinct, 1 + 3 generated, depth 4 (TLC agrees).
  const files = {
    'Sib.tla': module('Sib', 'EXTENDS Naturals, SibLib', 'VARIABLE x', 'Init == x = 0', "Next == x < Limit /\\ x' = x + 1") + module('SibLib', 'Limit == 3'),
    'Sib.cfg': 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'Sib', { result: 'holds', distinct: 4, generated: 4, depth: 4 });
});

t.test('INSTANCE ... WITH F <- LAMBDA a, b : e substitutes an anonymous operator for an operator constant', async (t) => {
  // x' = F(x, 1) with F the LAMBDA (a + b) % 3: x cycles 0 -> 1 -> 2 -> 0, 3 distinct, 1 + 3
  // generated, depth 3 (TLC agrees).
  const files = {
    'LamOps.tla': module('LamOps', 'CONSTANT F(_, _)', 'VARIABLE x', "Step == x' = F(x, 1)"),
    'Lam.tla': module('Lam', 'EXTENDS Naturals', 'VARIABLE x', 'I == INSTANCE LamOps WITH F <- LAMBDA a, b : (a + b) % 3', 'Init == x = 0', 'Next == I!Step'),
    'Lam.cfg': 'INIT Init\nNEXT Next\n',
  };
  await checkFiles(t, files, 'Lam', { result: 'holds', distinct: 3, generated: 4, depth: 3 });
});

t.test('.cfg `Init <- MCInit`, `Next <- MCNext`: the replacing definitions are read as the initial predicate and the action', async (t) => {
  // x starts at 1 or 2 and counts to 4: 4 distinct, 2 initial + 3 steps generated, depth 3 (TLC agrees).
  const files = {
    'Over.tla': module('Over', 'EXTENDS Naturals', 'VARIABLE x', 'Init == x = 0', "Next == x' = x + 1",
      'MCInit == x \\in {1, 2}', "MCNext == x < 4 /\\ x' = x + 1", 'Spec == Init /\\ [][Next]_x'),
    'Over.cfg': 'CONSTANT Init <- MCInit\nCONSTANT Next <- MCNext\nSPECIFICATION Spec\nCHECK_DEADLOCK FALSE\n',
  };
  await checkFiles(t, files, 'Over', { result: 'holds', distinct: 4, generated: 5, depth: 3 });
});

t.test('action composition A \\cdot B: B from every state A reaches, those middle states counted as generated (TLC)', async (t) => {
  // From x < 10, Inc reaches x+1 and x+2 and Double then gives 2x+2 and 2x+4: 0 -> {2, 4} -> {6, 8, 10, 12}
  // -> {14, 16, 18, 20}, 11 distinct states, depth 4. Generated: 1 initial + 5 states below 10 x
  // (2 middle states + 2 successors) = 21, as TLC counts (Tool.getNextStates adds the middle states).
  const compose = module('Compose',
    'EXTENDS Naturals',
    'VARIABLE x',
    'Init == x = 0',
    "Inc == x' \\in {x + 1, x + 2}",
    "Double == x' = 2 * x",
    'Next == x < 10 /\\ (Inc \\cdot Double)',
    'Composed == [][Inc \\cdot Double]_x',
    'ThreeIncs == [][Inc \\cdot Inc \\cdot Inc]_x');
  // As a step predicate: 0 -> 2 is no Inc . Inc . Inc step (those from 0 reach 3..6).
  for (const [property, expected] of [['Composed', { result: 'holds', distinct: 11, generated: 21, depth: 4 }], ['ThreeIncs', { result: 'violated', violation: 'ThreeIncs' }]] as const) {
    const cfg = `INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\nPROPERTY ${property}\n`;
    await checkFiles(t, { 'Compose.tla': compose, [`${property}.cfg`]: cfg }, 'Compose', expected, `${property}.cfg`);
  }
});

t.test('(A \\cdot B) /\\ P: P runs after A, on (s, t), and again after B, on (t, u), as TLC does', async (t) => {
  // TLC (-Dtlc2.tool.impl.Tool.cdot=true, one worker) counts these. From x = 0, A reaches x = 3, where
  // x' < 2 fails: no middle state, so 1 generated, 1 distinct, depth 1 (P read on (s, u) only would
  // let 0 -> 1 through: 4 / 2 / 2).
  const fails = module('CdotRest', 'EXTENDS Naturals', 'VARIABLES x, y', 'Init == x = 0 /\\ y = 0',
    "A == x' = x + 3 /\\ y' = y", "B == x' = x - 2 /\\ y' = y + 1", "Next == (A \\cdot B) /\\ x' < 2 /\\ y < 3");
  await checkFiles(t, { 'CdotRest.tla': fails, 'CdotRest.cfg': 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n' }, 'CdotRest', { result: 'holds', distinct: 1, generated: 1, depth: 1 });
  // Branching A; x' # 2 prunes middle states and successors, y < 4 reads y of s and then of t:
  // TLC 21 generated, 10 distinct, depth 5 (P on (s, u) only: 55 / 17 / 5).
  const branches = module('CdotRest2', 'EXTENDS Naturals', 'VARIABLES x, y', 'Init == x \\in {0, 1} /\\ y = 0',
    "A == x' \\in {(x + 3) % 5, (x + 1) % 5} /\\ y' = y", "B == x' = (x + 1) % 5 /\\ y' = y + 1", "Next == (A \\cdot B) /\\ x' # 2 /\\ y < 4");
  await checkFiles(t, { 'CdotRest2.tla': branches, 'CdotRest2.cfg': 'INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n' }, 'CdotRest2', { result: 'holds', distinct: 10, generated: 21, depth: 5 });
});

t.test('A \\cdot B where A leaves a variable unassigned: E3001 naming it', async (t) => {
  const dir = temporaryFolder('idioms-');
  writeFileSync(join(dir, 'Half.tla'), module('Half', 'VARIABLES x, y', 'Init == x = 0 /\\ y = 0', "Next == (x' = 1) \\cdot (x' = x /\\ y' = y)"));
  writeFileSync(join(dir, 'Half.cfg'), 'INIT Init\nNEXT Next\n');
  const run = await checkModel(await loadModel({ spec: join(dir, 'Half.tla'), config: join(dir, 'Half.cfg'), mode: 'interpreted' }));
  t.equal(run.result, 'error');
  if (run.result === 'error') {
    t.equal(run.violation.diagnostics[0]?.code, 'E3001');
    t.match(run.violation.message, /left action of \\cdot leaves y without a value/);
  }
});

t.test('<>[][A]_v in the fairness of SPECIFICATION: fair behaviours end taking only A-steps (or stuttering)', async (t) => {
  // A: 0 -> 1 -> 2 -> 0; B: 0 -> 2. 3 distinct states, 1 + 2 + 1 + 1 = 5 generated, depth 2 (TLC agrees).
  // Under WF_x(Next) alone the cycle 0 -B-> 2 -A-> 0 never visits 1; once only A-steps are taken, 1 comes
  // back forever (MCCRDT's and MCReplicatedLog's fairness has this form).
  const settle = module('Settle',
    'EXTENDS Naturals',
    'VARIABLE x',
    'Init == x = 0',
    "A == x' = (x + 1) % 3",
    "B == x = 0 /\\ x' = 2",
    'Next == A \\/ B',
    'Fair == Init /\\ [][Next]_x /\\ WF_x(Next)',
    'Settling == Fair /\\ <>[][A]_x',
    'OnesAgain == []<>(x = 1)');
  for (const [spec, expected] of [['Fair', { result: 'violated', violation: 'OnesAgain', distinct: 3, generated: 5 }], ['Settling', { result: 'holds', distinct: 3, generated: 5, depth: 2 }]] as const) {
    await checkFiles(t, { 'Settle.tla': settle, [`${spec}.cfg`]: `SPECIFICATION ${spec}\nPROPERTY OnesAgain\n` }, 'Settle', expected, `${spec}.cfg`);
  }
});

t.test('x \\in {y \\in S : P} is tested as x \\in S /\\ P(x), without building the set (TLC\'s SetPredValue)', async (t) => {
  // Partitions filters SUBSET SUBSET (1..n): 2^32 sets at n = 5, far past what may be enumerated
  // (E3007), so each invariant below holds only if membership never builds it. n counts 1..5 and U
  // gains the block {n + 1}: 5 distinct states, 1 + 4 generated, depth 5. Small is constant level
  // (computed once, then looked up); Partitions <- Covers in the .cfg is evaluated as the replacing
  // definition says (SUBSET SUBSET (1..2), 16 sets, each a member since U's blocks are not checked).
  const spec = (next: string) => module('Parts', 'EXTENDS Naturals, FiniteSets', 'VARIABLES n, U',
    'Partitions == {P \\in SUBSET SUBSET (1..n) : UNION P = 1..n /\\ \\A I, J \\in P : I # J => I \\cap J = {}}',
    'Small == {s \\in SUBSET (1..3) : Cardinality(s) = 1}',
    'Init == n = 1 /\\ U = {{1}}', next,
    'IsPartition == U \\in Partitions',
    'Overlapping == n > 1 => {1..n, {1}} \\notin Partitions',
    'Inline == U \\in {P \\in SUBSET SUBSET (1..n) : Cardinality(P) = n}',
    'Single == {((n - 1) % 3) + 1} \\in Small /\\ {1, 2} \\notin Small');
  const cfg = 'INIT Init\nNEXT Next\nINVARIANTS IsPartition Overlapping Inline Single\nCHECK_DEADLOCK FALSE\n';
  await checkFiles(t, { 'Parts.tla': spec("Next == n < 5 /\\ n' = n + 1 /\\ U' = U \\cup {{n + 1}}"), 'Parts.cfg': cfg }, 'Parts', { result: 'holds', distinct: 5, generated: 5, depth: 5 });
  // U' = U \cup {{n, n + 1}} overlaps {1} at once: the second state breaks IsPartition.
  await checkFiles(t, { 'Parts.tla': spec("Next == n < 5 /\\ n' = n + 1 /\\ U' = U \\cup {{n, n + 1}}"), 'Parts.cfg': cfg }, 'Parts', { result: 'violated', violation: 'IsPartition' });
  const covers = 'Covers == {P \\in SUBSET SUBSET (1..2) : TRUE}';
  await checkFiles(t, {
    'Parts.tla': spec("Next == n < 2 /\\ n' = n + 1 /\\ U' = U \\cup {{n + 1}}").replace('====', `${covers}\n====`),
    'Covers.cfg': 'CONSTANT Partitions <- Covers\nINIT Init\nNEXT Next\nINVARIANT IsPartition\nCHECK_DEADLOCK FALSE\n',
  }, 'Parts', { result: 'holds', distinct: 2, generated: 2, depth: 2 }, 'Covers.cfg');
});
