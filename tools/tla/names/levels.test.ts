// Levels as SANY defines them: constant, state, action, temporal, through definitions and their arguments.
import t from 'tap';
import { Level, Levels, bindersDeclaredIn, closedDependencies, readsOf, subexpressions } from './levels.js';
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
  t.same(closedDependencies(body('St'), true), { defs: [index('K')], constants: [] }, 'the current state allowed');
  t.match(readsOf(body('Act')), { actions: true, local: false });
  for (const name of ['Act', 'Rnd', 'Pr', 'Lam', 'Ex']) t.equal(closedDependencies(body(name)), undefined, name);
  t.match(readsOf(body('Rnd')), { varying: true, effects: false });
  t.match(readsOf(body('Pr')), { varying: false, effects: true });
  t.same(closedDependencies(body('Fn')), { defs: [], constants: [0] });
  t.same([...bindersDeclaredIn(body('Fn'))].length, 2, 'i and k');
  t.same([...bindersDeclaredIn(body('Sum'))].length, 2, 'i and the LET name j');
});
