// The parser: every supported construct becomes its AST kind; refused constructs and syntax
// errors are diagnostics with code and location (asserted here), rendered as in testdata/.
import t from 'tap';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiagnosticError, type DiagnosticCode } from '../diagnostics.js';
import type { Expr, Module } from './ast.js';
import { checkGoldenDiagnostics } from './golden.js';
import { parseExpression, parseModule } from './parse.js';
import { repoRoot } from '../../../conventions/index.js';

const wrap = (body: string) => `---- MODULE M ----\n${body}\n====\n`;

async function refusal(body: string): Promise<{ code: DiagnosticCode; line: number; col: number }> {
  try {
    await parseModule(wrap(body), 'M.tla');
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    const d = error.diagnostics[0]!;
    return { code: d.code, line: d.span!.line, col: d.span!.col };
  }
  throw new Error(`expected a diagnostic for ${body}`);
}

t.test('each construct parses to its AST kind', async (t) => {
  const cases: [string, Expr['kind']][] = [
    ['42', 'number'], ['\\b101', 'number'], ['"s"', 'string'], ['TRUE', 'boolean'], ['x', 'apply'],
    ['Op(1, 2)', 'apply'], ['1 + 2', 'apply'], ['-x', 'apply'], ['x^+', 'apply'], ['M!Op(1)', 'apply'],
    ['a /\\ b', 'and'], ['a \\/ b', 'or'], ['F(LAMBDA a : a)', 'apply'], ['IF a THEN b ELSE c', 'if'],
    ['CASE a -> 1 [] OTHER -> 2', 'case'], ['LET y == 1 IN y', 'let'], ['\\A a \\in S : a', 'quant'],
    ['\\E a : a', 'unboundedQuant'], ['CHOOSE a \\in S : TRUE', 'choose'], ['{1, 2}', 'setEnum'],
    ['{a \\in S : a > 1}', 'setFilter'], ['{a + 1 : a \\in S}', 'setMap'], ['A \\X B \\X C', 'cartesian'],
    ['[a \\in S |-> a]', 'funcCtor'], ['[S -> T]', 'funcSet'], ['f[1, 2]', 'funcApp'], ['[a |-> 1]', 'record'],
    ['[a : S]', 'recordSet'], ['r.a', 'field'], ['[f EXCEPT ![1].a = @ + 1]', 'except'], ['<<1, 2>>', 'tuple'],
    ["x'", 'prime'], ['UNCHANGED x', 'unchanged'], ['ENABLED A', 'enabled'], ['[]P', 'always'], ['<>P', 'eventually'],
    ['P ~> Q', 'leadsTo'], ['[A]_v', 'boxAction'], ['<<A>>_v', 'angleAction'], ['WF_v(A)', 'fairness'],
    ['SUBSET S', 'apply'], ['UNION S', 'apply'], ['DOMAIN f', 'apply'],
  ];
  for (const [text, kind] of cases) t.equal((await parseExpression(text)).kind, kind, text);
});

t.test('operators get canonical names, numbers their values, strings their decoded text', async (t) => {
  const le = await parseExpression('a =< b');
  t.match(le, { kind: 'apply', ref: { name: '<=' }, fixity: 'infix' });
  t.match(await parseExpression('a \\leq b'), { ref: { name: '<=' } });
  t.match(await parseExpression('a # b'), { ref: { name: '/=' } });
  t.match(await parseExpression('a \\circ b'), { ref: { name: '\\o' } });
  t.match(await parseExpression('\\h1F'), { kind: 'number', value: 31n });
  t.match(await parseExpression('"a\\"b\\\\n"'), { kind: 'string', value: 'a"b\\n' });
  const and = await parseExpression('a /\\ b /\\ (c /\\ d)');
  t.equal(and.kind === 'and' ? and.args.length : 0, 3, 'left-nested /\\ flattens; parenthesized stays apart');
});

t.test('modules: declarations, definitions, instances, LOCAL, RECURSIVE, nested modules', async (t) => {
  const m: Module = await parseModule(wrap([
    'EXTENDS Naturals', 'CONSTANTS N, F(_, _)', 'VARIABLES x, y', 'RECURSIVE G(_)', 'G(n) == IF n = 0 THEN 0 ELSE G(n - 1)',
    'f[n \\in Nat] == n', 'a (+) b == a', 'LOCAL L == 1', 'I == INSTANCE Other WITH c <- N', 'INSTANCE Other',
    'ASSUME N > 0', 'THEOREM Thm == TRUE', '---- MODULE Inner ----', 'Z == 1', '====',
  ].join('\n')), 'M.tla');
  t.same(m.extends.map((e) => e.name), ['Naturals']);
  t.same(m.units.map((u) => u.kind), ['constants', 'variables', 'recursive', 'operator', 'function', 'operator', 'operator', 'moduleDef', 'instance', 'assume', 'theorem', 'module']);
  const g = m.units[3]!;
  t.ok(g.kind === 'operator' && g.recursive, 'G is RECURSIVE');
  const plus = m.units[5]!;
  t.ok(plus.kind === 'operator' && plus.name.name === '(+)' && plus.params.length === 2, 'infix operator definition');
  t.ok(m.units[6]!.kind === 'operator' && (m.units[6] as { local: boolean }).local, 'LOCAL');
  t.match(m.units[0], { decls: [{ name: { name: 'N' }, arity: 0 }, { name: { name: 'F' }, arity: 2 }] });
  t.match(m.units[3]!.span, { file: 'M.tla', line: 6, col: 1 });
});

t.test('what SANY accepts and we refused (E1002) before: \\EE / \\AA, operators in prefix form, INSTANCE in LET', async (t) => {
  t.match(await parseExpression('\\EE h, g : h = x'), { kind: 'unboundedQuant', quantifier: 'exists', temporal: true, names: [{ name: 'h' }, { name: 'g' }] });
  t.match(await parseExpression('\\AA h : [](h = x)'), { kind: 'unboundedQuant', quantifier: 'forall', temporal: true, body: { kind: 'always' } });
  t.match(await parseExpression('\\E h : h'), { kind: 'unboundedQuant', temporal: false });
  t.match(await parseExpression('R!+(a, b)'), { kind: 'apply', fixity: 'call', ref: { name: '+', path: [{ name: 'R' }] }, args: [{ ref: { name: 'a' } }, { ref: { name: 'b' } }] });
  t.match(await parseExpression('R!\\leq(a, b)'), { kind: 'apply', fixity: 'call', ref: { name: '<=', path: [{ name: 'R' }] } });
  t.match(await parseExpression('R!-.(a)'), { kind: 'apply', fixity: 'call', ref: { name: '-.' }, args: [{ ref: { name: 'a' } }] });
  t.match(await parseExpression('+(a, b) * 2'), { kind: 'apply', fixity: 'infix', ref: { name: '*' }, args: [{ fixity: 'call', ref: { name: '+', path: [] } }, { kind: 'number' }] });
  const m = await parseModule(wrap('Op(k) == LET C(p) == INSTANCE Cnt WITH K <- k\n              D == 1\n          IN C(D)!Get'), 'M.tla');
  t.match(m.units[0], { body: { kind: 'let', defs: [{ kind: 'moduleDef', name: { name: 'C' }, params: [{ binder: { name: 'p' } }], instance: { module: { name: 'Cnt' }, substitutions: [{ name: { name: 'K' } }] } }, { kind: 'operator' }] } });
  t.same(m.letInstances.map((i) => i.name), ['Cnt'], 'the module instantiated in a LET is a dependency of the module');
});

t.test('a label names its expression and means it: P0 :: e is e', async (t) => {
  const m = await parseModule(wrap(['Op == /\\ P0 :: 1 = 1', '      /\\ P1(x) :: \\A x \\in {1} : x = 1'].join('\n')), 'M.tla');
  const op = m.units[0]!;
  t.ok(op.kind === 'operator' && op.body.kind === 'and', 'the conjunction stays');
  t.match(op, { body: { args: [{ kind: 'apply', ref: { name: '=' } }, { kind: 'quant', quantifier: 'forall' }] } }, 'each labelled conjunct is its expression');
});

t.test('refused constructs are E1002 at their location; syntax errors E1001', async (t) => {
  const cases: [string, DiagnosticCode, number, number][] = [
    ['Op == 1.5', 'E1002', 2, 7],
    ['Foo == 1 + 2\nOp == Foo!<<', 'E1002', 3, 11],
    ['Foo == 1 + 2\nOp == Foo!1!lab', 'E1002', 3, 11],
    ['Foo(a) == a\nOp == Foo(1)!1', 'E1002', 3, 7],
    ['THEOREM T == TRUE\n  <1>1. 1 +\n  <1> QED', 'E1001', 4, 7],
    ['Op == "a\\qb"', 'E1001', 2, 7],
    ['Op == (1 + 2', 'E1001', 2, 7],
    ['Op == {1, 2', 'E1001', 2, 7],
    ['Op == 1 +', 'E1001', 2, 9],
    ['Op == 1 +\n\nNext == 2', 'E1001', 2, 9],
  ];
  for (const [body, code, line, col] of cases) t.same(await refusal(body), { code, line, col }, body);
  const noModule = await parseModule('no module here', 'x.tla').catch((e: unknown) => e);
  t.match(noModule, { diagnostics: [{ code: 'E1001' }] }, 'a file without a module');
});

t.test('proofs, USE/HIDE and ASSUME ... PROVE are parsed and skipped; theorem statements stay', async (t) => {
  const m = await parseModule(wrap([
    'THEOREM Typed == Init => TypeOK',
    '<1>1. Init => TypeOK BY DEF Init, TypeOK',
    '<1> DEFINE m == 3',
    '<1>2. TAKE n \\in 0..2',
    '<1> QED BY <1>1, SMT, ZenonT(10)',
    'LEMMA Shift == ASSUME NEW n \\in Nat, n > 0 PROVE n - 1 \\in Nat',
    '  OBVIOUS',
    'USE DEF TypeOK',
    'HIDE DEF Next',
    'COROLLARY \\A n \\in 0..2 : n < 3',
    '  PROOF OBVIOUS',
    'Op == 1',
  ].join('\n')), 'M.tla');
  t.same(m.units.map((u) => u.kind), ['theorem', 'theorem', 'theorem', 'operator'], 'USE and HIDE leave no unit; proofs are not units');
  t.match(m.units[0], { name: { name: 'Typed' }, statement: { kind: 'expr', expr: { kind: 'apply', ref: { name: '=>' } } } });
  t.match(m.units[1], { name: { name: 'Shift' }, statement: { kind: 'sequent', text: 'ASSUME NEW n \\in Nat, n > 0 PROVE n - 1 \\in Nat' } });
  t.match(m.units[2], { statement: { kind: 'expr', expr: { kind: 'quant' } } });
  t.notOk('name' in m.units[2]!, 'an unnamed COROLLARY');
});

t.test('a bulleted list ends where its last line ends, not at column 0 of the next line', async (t) => {
  const m = await parseModule(wrap(['VARIABLE x', 'A == /\\ x = 1', '     /\\ x = 2', '', 'B == x'].join('\n')), 'M.tla');
  const a = m.units[1]!;
  t.ok(a.kind === 'operator');
  if (a.kind === 'operator') t.match(a.body.span, { line: 3, col: 6, endLine: 4, endCol: 14 });
});

t.test('spans count columns in characters, as editors do', async (t) => {
  const e = await parseExpression('"é" /\\ zz');
  t.match(e, { kind: 'and', args: [{ span: { col: 6 } }, { span: { col: 13, endCol: 15 } }] });
});

t.test('rendered syntax diagnostics match testdata/*.expected', async (t) => {
  await checkGoldenDiagnostics(t, 'tools/tla/syntax/testdata', async (file) => parseModule(await readFile(file, 'utf8'), file));
});

t.test('every expression and unit node type of the grammar is handled by name in parse.ts', async (t) => {
  // A node type missing here would still be refused (E1002 by its name), but the list must be a decision.
  const nodeTypes = JSON.parse(readFileSync(join(repoRoot, 'node_modules/@tlaplus/tree-sitter-tlaplus/src/node-types.json'), 'utf8')) as { type: string; subtypes?: { type: string }[] }[];
  const parser = readFileSync(join(repoRoot, 'tools/tla/syntax/parse.ts'), 'utf8');
  const supertypes = new Map(nodeTypes.filter((n) => n.subtypes).map((n) => [n.type, n.subtypes!.map((s) => s.type)]));
  const leaves = (type: string): string[] => (supertypes.has(type) ? supertypes.get(type)!.flatMap(leaves) : [type]);
  const types = [...new Set(['_expr', '_unit', '_op'].flatMap(leaves))];
  t.ok(types.length > 40, `${types.length} node types`);
  t.same(types.filter((type) => !parser.includes(`'${type}'`) && !parser.includes(`${type}:`)), [], 'unhandled node types');
});

t.test('a PlusCal algorithm in a comment is ignored, syntax errors and all, as TLC ignores comments', async (t) => {
  const text = [
    '---- MODULE P ----',
    '(* --algorithm broken {',
    '   variables y = ;; [[ (* nested *) }',
    '*)',
    'S == "(* not a comment"',
    '\\* (* a line comment opens no block',
    'Op == 1 (* a short one *) + 2',
    '====',
  ].join('\n');
  const m = await parseModule(text, 'P.tla');
  t.same(m.units.map((u) => (u.kind === 'operator' ? [u.name.name, u.name.span.line, u.name.span.col] : u.kind)), [['S', 5, 1], ['Op', 7, 1]], 'definitions keep their positions');
  t.match(m.units[0], { body: { kind: 'string', value: '(* not a comment' } });
  t.match(m.units[1], { body: { kind: 'apply', span: { line: 7, col: 7, endCol: 30 } } });
  t.match(await refusal('(* unclosed\nOp == 1'), { code: 'E1001' }, 'an unclosed comment is still a syntax error');
});
