// Levels as SANY defines them: constant, state, action, temporal, through definitions and their
// arguments; constant level for the evaluators under the .cfg; and that no other phase re-derives them.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromRepoRoot } from '../../../conventions/index.js';
import { ConstantLevels, Level, Levels, bindersDeclaredIn, cacheableDependencies, closedDependencies, definitionExpr, readsOf, subexpressions } from './levels.js';
import { resolveSource } from './resolve.js';

t.test('each definition gets the level of what it reads', async (t) => {
  const m = await resolveSource([
    '---- MODULE L ----', 'EXTENDS Naturals', 'CONSTANT N', 'VARIABLE x',
    'K == N + 1', 'S == x + K', "A == x' = S", 'U == UNCHANGED x', "C == 3'", 'E == ENABLED A',
    'Box == [A]_x', 'T == []<>(x = 1)', 'F == WF_x(A)', 'Id(a) == a', 'Arg == Id(x)', 'ArgC == Id(N)',
    'LetA == LET B == x\' = 1 IN TRUE', 'RECURSIVE R(_)', 'R(n) == IF n = 0 THEN x ELSE R(n - 1)', 'Q == \\A p \\in {N} : <>(x = p)',
    '====',
  ].join('\n'), 'L.tla');
  const levels = new Levels(m);
  const of = (name: string): Level => levels.ofDef(m.defs.find((d) => d.name.name === name)!.index);
  t.same(
    ['K', 'S', 'A', 'U', 'C', 'E', 'Box', 'T', 'F', 'Id', 'Arg', 'ArgC', 'LetA', 'R', 'Q'].map((n) => [n, Level[of(n)]]),
    [['K', 'Constant'], ['S', 'State'], ['A', 'Action'], ['U', 'Action'], ['C', 'Constant'], ['E', 'State'], ['Box', 'Action'],
      ['T', 'Temporal'], ['F', 'Temporal'], ['Id', 'Constant'], ['Arg', 'State'], ['ArgC', 'Constant'], ['LetA', 'Action'], ['R', 'State'], ['Q', 'Temporal']],
  );
});

t.test("inside a LET's definitions, a use of one has its level; elsewhere only its arguments'", async (t) => {
  const m = await resolveSource([
    '---- MODULE LL ----', 'EXTENDS Naturals', 'VARIABLE x',
    "P == LET D == x + 1  K == 2  A == x' = D  T == <>(D = K)  F[i \\in 1..x] == i IN [](D > K) /\\ F[1] = 1",
    '====',
  ].join('\n'), 'LL.tla');
  const let_ = m.defs.find((d) => d.name.name === 'P')!.body;
  if (let_.kind !== 'let' || let_.body.kind !== 'and') return t.fail('a LET of a conjunction');
  const levels = new Levels(m);
  const use = (name: string) => ({ kind: 'apply' as const, ref: { kind: 'bound' as const, id: let_.defs.find((d) => d.name.name === name)!.name.id, name, arity: 0 }, args: [], fixity: 'name' as const, span: let_.span });
  t.same(['D', 'K', 'A', 'T', 'F'].map((n) => Level[levels.of(use(n), [let_])]), ['State', 'Constant', 'Action', 'Temporal', 'State']);
  t.equal(levels.of(use('D')), Level.Constant, 'without the LET, a bound name is what its arguments are');
  const box = let_.body.args[0]!;
  if (box.kind !== 'always') return t.fail('[](D > K)');
  t.equal(levels.of(box.arg, [let_]), Level.State, 'D > K reads x through D');
  t.equal(levels.of(box.arg), Level.Constant);
});

t.test('subexpressions lists every child, binders\' sets included', async (t) => {
  const m = await resolveSource('---- MODULE W ----\nEXTENDS Naturals\nf == [i \\in 1..2 |-> [a |-> i]]\nV == [f EXCEPT ![1].a = @ + 1] \\cup {y + 1 : y \\in 1..2}\n====\n', 'W.tla');
  const kinds: string[] = [];
  const visit = (e: Parameters<typeof subexpressions>[0]): void => {
    kinds.push(e.kind);
    subexpressions(e).forEach(visit);
  };
  visit(m.defs[1]!.body);
  t.same(kinds, ['apply', 'except', 'apply', 'number', 'apply', 'exceptAt', 'number', 'setMap', 'apply', 'number', 'number', 'apply', 'apply', 'number']);
});

t.test('readsOf and closedDependencies: what an expression reads, and whether it is closed', async (t) => {
  const m = await resolveSource([
    '---- MODULE R ----', 'EXTENDS Naturals, TLC', 'CONSTANT N', 'VARIABLE x',
    'K == N + 1', 'Sum == \\A i \\in 1..N : LET j == i + K IN j > 0', 'Open(p) == p + 1', 'St == x + K', "Act == x' = 1",
    'Rnd == RandomElement(1..N)', 'Pr == PrintT(N)', 'Ap(F(_)) == F(1)', 'Lam == Ap(LAMBDA a : a)', 'Ex == [<<1>> EXCEPT ![1] = @ + 1]',
    'Fn == [i \\in 1..N |-> {k \\in 1..i : k > 1}]',
    '====',
  ].join('\n'), 'R.tla');
  const body = (name: string) => m.defs.find((d) => d.name.name === name)!.body;
  const index = (name: string) => m.defs.find((d) => d.name.name === name)!.index;
  t.same(closedDependencies(body('Sum')), { defs: [index('K')], constants: [0] }, 'binders declared inside are not free');
  t.same([...readsOf(body('Open')).free].length, 1, 'a parameter is free in the body');
  t.equal(closedDependencies(body('Open')), undefined);
  t.equal(closedDependencies(body('St')), undefined, 'a variable');
  t.match(readsOf(body('Act')), { actions: true, local: false });
  for (const name of ['Act', 'Rnd', 'Pr', 'Lam', 'Ex']) t.equal(closedDependencies(body(name)), undefined, name);
  t.match(readsOf(body('Rnd')), { varying: true, effects: false });
  t.match(readsOf(body('Pr')), { varying: false, effects: true });
  t.same(closedDependencies(body('Fn')), { defs: [], constants: [0] });
  t.same([...bindersDeclaredIn(body('Fn'))].length, 2, 'i and k');
  t.same([...bindersDeclaredIn(body('Sum'))].length, 2, 'i and the LET name j');
});

t.test('ConstantLevels: constant level for the evaluators, under the .cfg\'s replacements', async (t) => {
  const m = await resolveSource([
    '---- MODULE C ----', 'EXTENDS Naturals, TLC', 'CONSTANT N, M', 'VARIABLE x',
    'K == N + 1', 'S == x + K', 'Twice(a) == 2 * a', 'Rnd == RandomElement(1..N)', 'Got == TLCGet("level")', 'UsesM == M + K',
    'MDef == x', 'Over == 3', 'UsesOver == Over + 1', 'f[i \\in 1..N] == i + K', 'g[i \\in 1..x] == i', 'StateOnly == S + K', 'UsesTwice == Twice(x)',
    'Below(p) == {i \\in 0..x : i < p}', 'Nested(p) == LET q == p + 1 IN Below(q) \\cup Below(K)', 'Dbg(a) == PrintT(a)', 'UsesDbg(p) == Dbg(p) /\\ x = p',
    "Primed(p) == x' = p", 'UsesPrimed(p) == Primed(p + x)', "En(p) == ENABLED (x' = p)", 'Got2(p) == Got + p',
    '====',
  ].join('\n'), 'C.tla');
  const index = (name: string) => m.defs.find((d) => d.name.name === name)!.index;
  // .cfg: M <- MDef (a definition reading a variable), Over = 4 (a definition replaced by a value).
  const levels = new ConstantLevels(m, { defReplaced: (i) => i === index('Over'), constantDefinition: (i) => (i === 1 ? index('MDef') : undefined) });
  const constant = ['K', 'S', 'Twice', 'Rnd', 'Got', 'UsesM', 'MDef', 'Over', 'UsesOver', 'f', 'g', 'UsesTwice'].filter((n) => levels.ofDef(index(n)));
  t.same(constant, ['K', 'Twice', 'f'], 'variables, varying TLC operators, a CONSTANT replaced by a state-level definition and a replaced definition all vary');
  t.equal(levels.ofConstant(0), true, 'N: a value');
  t.equal(levels.ofConstant(1), false, 'M <- MDef, which reads x');
  t.equal(levels.allConstant({ defs: [index('K'), index('f')], constants: [0] }), true);
  t.equal(levels.allConstant({ defs: [index('K')], constants: [1] }), false);
  t.same(['S', 'StateOnly', 'g', 'UsesTwice', 'Rnd', 'UsesM'].filter((n) => levels.readsOnlyState(index(n))), ['S', 'StateOnly', 'g', 'UsesTwice', 'UsesM'], 'once per state: all but the varying operator');
  const withParameters = ['Twice', 'Below', 'Nested', 'Dbg', 'UsesDbg', 'Primed', 'UsesPrimed', 'En', 'Got2'];
  t.same(withParameters.filter((n) => levels.readsOnlyState(index(n))), ['Twice', 'Below', 'Nested'], 'for given arguments: not beneath a Print (constant level or not), a prime, ENABLED or a varying operator');
  t.ok(cacheableDependencies(m.defs[index('f')]!.body) === undefined, 'i + K: open (i is bound outside it)');
  t.same(cacheableDependencies(definitionExpr(m.defs[index('f')]!)), { defs: [index('K')], constants: [0] }, 'the function as a whole is closed');
});

// The analysis once (issue 12, Build 1): five walks over the IR used to decide levels and reads
// on their own — interpreter.ts (exprIsConstant, isClosedConstant, bindersDeclaredIn: walks over
// the IR's object keys), tla2ts/codegen.ts (closedDependencies), tla2ts/runtime.ts (readsOnlyState)
// and load.ts (a regular expression over the IR's JSON to find primes). None may come back.
t.test('no phase after names walks the IR to decide levels or reads on its own', async (t) => {
  const folders = ['eval', 'tla2ts', 'check', '.'].map((f) => fromRepoRoot('tools', 'tla', f));
  const sources = folders.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).map((f) => join(dir, f)));
  t.ok(sources.some((f) => f.endsWith(join('eval', 'interpreter.ts'))) && sources.some((f) => f.endsWith('load.ts')), 'the interpreter and the loader are scanned');
  const forbidden: [RegExp, string][] = [
    [/\breadsOf\(/, 'computes reads (ask ConstantLevels or closedDependencies in names/levels.ts)'],
    // Skipping `ref` is what a walk for reads did (a reference's target is not a subexpression);
    // state-types.ts's sameExpression compares two expressions' JSON with their refs, not a level analysis.
    [/\b(k|key) [!=]== ['"]ref['"]/, 'walks the IR\'s object keys, skipping references'],
    [/"kind":"?\(?(prime|unchanged|enabled)/, 'matches primes in the IR\'s JSON'],
    [/^\s*(private\s+|export\s+)?(function\s+)?(isConstantLevel\w*|exprIsConstant|isClosedConstant|constantLevelReads|closedDependencies|bindersDeclaredIn|readsOnlyState)\s*\(/m, 'defines its own level analysis'],
  ];
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, what] of forbidden) t.notOk(pattern.test(text), `${relative(fromRepoRoot(), file)} ${what}`);
  }
});
