// Name resolution: module search, EXTENDS (diamonds included), INSTANCE with substitutions,
// LOCAL, nested modules, RECURSIVE, higher-order arguments; and every E2xxx with its location.
import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticError, type DiagnosticCode } from '../diagnostics.js';
import { checkGoldenDiagnostics } from '../syntax/golden.js';
import { repoRoot, temporaryFolder } from '../../../conventions/index.js';
import type { IRExpr, ResolvedModule } from './ir.js';
import { resolveSource, resolveSpec } from './resolve.js';
import { EvalContext, Interpreter } from '../eval/index.js';
import { defaultStdContext } from '../stdlib/index.js';

const testdata = join(repoRoot, 'tools/tla/names/testdata');

function def(m: ResolvedModule, name: string) {
  const found = m.defs.find((d) => d.name.name === name);
  if (!found) throw new Error(`no definition ${name}`);
  return found;
}

/** Every `apply` target in an expression, in source order. */
function targets(e: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      const node = v as { kind?: string; ref?: unknown };
      if (node.kind === 'apply') out.push(node.ref);
      for (const [k, child] of Object.entries(v)) if (k !== 'span' && k !== 'ref') visit(child);
    }
  };
  visit(e);
  return out;
}

t.test('a spec using EXTENDS, INSTANCE, LOCAL, nested modules and a search path resolves', async (t) => {
  const m = await resolveSpec(join(testdata, 'Main.tla'), { searchPath: [join(testdata, 'lib')] });
  t.same(m.constants.map((c) => c.name), ['N'], 'Base is extended twice (directly and via Mid) but declares N once');
  t.same(m.variables.map((v) => v.name), ['count', 'log']);
  t.ok(m.scope.has('C!Inc') && m.scope.has('C!CanInc') && m.scope.has('Answer') && m.scope.has('L!Twice'));
  t.notOk(m.scope.has('C!Helper'), 'LOCAL definitions of an instantiated module stay hidden');
  t.ok(m.defs.some((d) => d.name.name === 'C!Helper'), 'but exist for the definitions that use them');

  // Limit <- N + 1 is passed lazily (resolve.ts lazySubstitutions): C!CanInc as Main sees it calls
  // Counter's CanInc with the IR of N + 1, whose body reads its parameter Limit.
  const seen = m.scope.get('C!CanInc') as { kind: 'def'; index: number };
  const canInc = m.defs[seen.index]!;
  t.equal(canInc.module, 'Counter');
  t.match(canInc.body, {
    kind: 'apply', ref: { kind: 'def', name: 'C!CanInc' },
    args: [{ kind: 'apply', ref: { kind: 'builtin', name: '+' }, args: [{ ref: { kind: 'constant', index: 0 } }, { kind: 'number', value: 1n }] }],
  }, 'C!CanInc passes the IR of N + 1 as Limit');
  const inner = m.defs[(canInc.body as { ref: { index: number } }).ref.index]!;
  t.match(inner.body, {
    kind: 'apply', ref: { kind: 'builtin', module: 'Naturals', name: '<' },
    args: [{ kind: 'apply', ref: { kind: 'variable', index: 0, name: 'count' } }, { kind: 'apply', ref: { kind: 'bound', name: 'Limit' } }],
  }, "Counter's CanInc reads Limit; count is Main's variable");

  const next = def(m, 'Next');
  const twice = targets(next.body).find((r) => (r as { name?: string }).name === 'L!Twice');
  t.match(twice, { kind: 'def' }, 'L!Twice names the nested module\'s definition');
  t.ok(targets(next.body).some((r) => (r as { name?: string }).name === 'Double'), 'Double is passed as an operator argument');

  const sum = def(m, 'Sum');
  t.ok(sum.kind === 'operator' && sum.recursive);
  t.match(targets(sum.body).filter((r) => (r as { name?: string }).name === 'Sum'), [{ kind: 'def', index: sum.index }], 'Sum calls itself');
  const fact = def(m, 'fact');
  t.match(targets(fact.body).filter((r) => (r as { name?: string }).name === 'fact'), [{ kind: 'def', index: fact.index }]);

  const value = def(m, 'Value');
  const letNode = value.body as Extract<IRExpr, { kind: 'let' }>;
  t.equal(letNode.kind, 'let');
  const k = letNode.defs[0]!.name.id;
  t.match(targets(letNode.body), [
    { kind: 'builtin', module: 'Naturals', name: '..' }, { kind: 'bound', id: k, name: 'k' },
    { kind: 'builtin', module: 'TLA+', name: '=' }, { kind: 'bound', name: 'x' }, { kind: 'def', name: 'Answer' },
  ]);
});

t.test('binder ids are unique across the module', async (t) => {
  const m = await resolveSource('---- MODULE U ----\nEXTENDS Naturals\nA == \\E x \\in 1..2 : \\A y \\in 1..x : x = y\nB(x) == LET y == x IN {x + y + z : z \\in 1..y}\n====\n', 'U.tla');
  const ids: number[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      if ('id' in v && 'name' in v && 'span' in v && !('kind' in v)) ids.push((v as { id: number }).id);
      for (const child of Object.values(v)) visit(child);
    }
  };
  visit(m.defs);
  t.equal(new Set(ids).size, ids.length, `ids ${ids.join(',')}`);
});

async function failure(body: string): Promise<{ code: DiagnosticCode; line: number; col: number; hint?: string }> {
  try {
    await resolveSource(`---- MODULE M ----\n${body}\n====\n`, join(testdata, 'errors', 'M.tla'));
  } catch (error) {
    if (!(error instanceof DiagnosticError)) throw error;
    const d = error.diagnostics[0]!;
    return { code: d.code, line: d.span!.line, col: d.span!.col, ...(d.hint ? { hint: d.hint } : {}) };
  }
  throw new Error(`expected a diagnostic for ${body}`);
}

t.test('E2001-E2004 at the offending name', async (t) => {
  const cases: [string, DiagnosticCode, number, number][] = [
    ['VARIABLE replies\nNext == replys\' = replies', 'E2001', 3, 9],
    ['Len3 == Len(<<1, 2, 3>>)', 'E2001', 2, 9],
    ['F == G\nG == 1', 'E2001', 2, 6],
    ['F(n) == IF n = 0 THEN 0 ELSE F(n)', 'E2001', 2, 30],
    ['A == \\E x \\in {} : y', 'E2001', 2, 20],
    ['I == INSTANCE Naturals\nB == J!Plus', 'E2001', 3, 6],
    ['A == 1\nB == A!X', 'E2001', 3, 6],
    ['Add(a, b) == a\nThree == Add(1)', 'E2002', 3, 10],
    ['A == 1\nB == A(2)', 'E2002', 3, 6],
    ['H(F(_)) == F\nB == H(1)', 'E2002', 2, 12],
    ['EXTENDS NoSuchModule', 'E2003', 2, 9],
    ['I == INSTANCE Missing', 'E2003', 2, 15],
    ['CONSTANT N\nN == 3', 'E2004', 3, 1],
    ['A == 1\nA == 2', 'E2004', 3, 1],
    ['A(x, x) == 1', 'E2004', 2, 6],
    ['A == [a |-> 1, a |-> 2]', 'E2004', 2, 16],
    ['EXTENDS Integers\n-. a == a', 'E2004', 3, 1],
    // A name declared again in its scope, where SANY reports "Multiply-defined symbol" (its positions).
    ['A == \\E i \\in {1} : \\E i \\in {2} : TRUE', 'E2004', 2, 24],
    ['VARIABLE x\nA == \\E x \\in {1} : TRUE', 'E2004', 3, 9],
    ['Op == 1\nF(Op) == Op', 'E2004', 3, 3],
    ['Op == 1\nA == LET Op == 2 IN Op', 'E2004', 3, 10],
    ['A == [i \\in {1} |-> [i \\in {2} |-> i]]', 'E2004', 2, 22],
    ['A == CHOOSE i \\in {1} : CHOOSE i \\in {2} : TRUE', 'E2004', 2, 32],
    ['EXTENDS Sequences\nA == \\E Len \\in {1} : TRUE', 'E2004', 3, 9],
    ['F(a) == \\E a \\in {1} : TRUE', 'E2004', 2, 12],
    ['A == LET F(p) == \\E p \\in {1} : TRUE IN F(1)', 'E2004', 2, 21],
    ['A == \\A i \\in {1} : \\E j \\in {1}, i \\in {2} : TRUE', 'E2004', 2, 35],
    ['VARIABLE x\nP == x = 1\nB == P -+-> P', 'E1002', 4, 8],
    ['THEOREM T == Undefined', 'E2001', 2, 14],
    ['Foo(a) == a\nOp == Foo!1', 'E1002', 3, 7],
    ['I == INSTANCE Inner WITH F <- LAMBDA a : a\n---- MODULE Inner ----\nCONSTANT F(_, _)\n====', 'E2002', 2, 31],
    ['Foo == /\\ 1 = 1\n       /\\ 2 = 2\nOp == Foo!3', 'E2001', 4, 11],
    ['Foo == {1}\nOp == Foo!1', 'E1002', 3, 11],
    ['Foo == 1 /\\ 2 /\\ 3\nOp == Foo!1', 'E1002', 3, 11],
    ['Op == Foo!1\nFoo == 1 + 2', 'E2001', 2, 7],
    ['THEOREM T == TRUE\nTwice == T(1)', 'E2002', 3, 10],
  ];
  for (const [body, code, line, col] of cases) t.match(await failure(body), { code, line, col }, body.replace(/\n/g, ' | '));
  // Siblings may reuse a name: only a declaration within the scope of another is refused.
  await t.resolves(resolveSource('---- MODULE M ----\nA == (\\E i \\in {1} : TRUE) /\\ (\\E i \\in {2} : TRUE)\nF(p) == p\nG(p) == LET q == p IN q\n====\n', join(testdata, 'errors', 'M.tla')));
  t.match(await failure('VARIABLE replies\nNext == replys\' = replies'), { hint: /did you mean 'replies'\? \(declared at .*M\.tla:2:10\)/ });
  t.match(await failure('Len3 == Len(<<1, 2, 3>>)'), { hint: /Sequences/ });
  // A near spelling among the module's names is no answer for an operator of a standard module.
  t.match(await failure('VARIABLE x\nNext == x\' = 1 - x'), { hint: /- is defined in the standard module (Naturals|Integers); add it to EXTENDS/ });
  t.match(await failure('F == G\nG == 1'), { hint: /G is defined below, at .*M\.tla:3:1/ });
  t.match(await failure('F(n) == IF n = 0 THEN 0 ELSE F(n)'), { hint: /add RECURSIVE F\(_\) above it/ });
});

t.test('named THEOREMs and ASSUMEs are operators; proofs and sequents are never resolved', async (t) => {
  const m = await resolveSource([
    '---- MODULE T ----', 'EXTENDS Naturals, TLAPS, FiniteSetTheorems',
    'Even(x) == x % 2 = 0',
    'THEOREM Doubles == \\A x \\in 0..4 : Even(x + x)',
    '<1>1. TAKE x \\in 0..4', '<1> QED BY Z3, NoSuchFact DEF Even',
    'LEMMA Sequent == ASSUME NEW y \\in Nat PROVE y + y >= y',
    'ASSUME Positive == 2 > 1',
    'Both == Doubles /\\ Positive /\\ ZenonT(5)',
    '====',
  ].join('\n'), 'T.tla');
  t.same(m.defs.map((d) => d.name.name), ['Even', 'Doubles', 'Positive', 'Both'], 'the sequent defines nothing');
  t.equal(m.assumptions.length, 1);
  const interp = new Interpreter(m, { constants: [] });
  t.equal(interp.evalDef(def(m, 'Both').index, new EvalContext(defaultStdContext(), [])), true, 'Doubles holds on 0..4; TLAPS pragmas are TRUE');
});

t.test('parameterized INSTANCE: definitions take the parameters first; substitutions use them', async (t) => {
  const text = [
    '---- MODULE P ----', 'EXTENDS Naturals', 'VARIABLE count',
    'C(n) == INSTANCE Counter WITH Limit <- n + 1', 'Below(k) == C(k)!CanInc', 'Twice == C(1)!CanInc /\\ C(2)!CanInc', '====',
  ].join('\n');
  const m = await resolveSource(text, join(testdata, 'P.tla'));
  const canInc = def(m, 'C!CanInc');
  t.ok(canInc.kind === 'operator' && canInc.params.length === 1 && canInc.params[0]!.binder.name === 'n', 'C!CanInc(n)');
  const n = canInc.kind === 'operator' ? canInc.params[0]!.binder.id : -1;
  t.match(canInc.body, { args: [{ ref: { kind: 'variable' } }, { ref: { name: '+' }, args: [{ ref: { kind: 'bound', id: n } }, { value: 1n }] }] }, 'Limit is n + 1');
  t.match(def(m, 'Below').body, { kind: 'apply', ref: { kind: 'def', name: 'C!CanInc' }, args: [{ ref: { kind: 'bound', name: 'k' } }] });
  const interp = new Interpreter(m, { constants: [] });
  const below = (k: number, count: number) => interp.callDef(def(m, 'Below').index, [k], new EvalContext(defaultStdContext(), [count]));
  t.equal(below(3, 3), true, 'count 3 < 3 + 1');
  t.equal(below(3, 4), false);
  t.equal(interp.evalDef(def(m, 'Twice').index, new EvalContext(defaultStdContext(), [2])), false, 'C(1) says no at 2, C(2) yes');
  // A parameter named as a constant of the module is its value, as if WITH Limit <- Limit (ReachabilityTest's P(Succ)).
  const implicit = await resolveSource(text.replace('====', 'D(Limit) == INSTANCE Counter\nAtFive == D(5)!CanInc\n===='), join(testdata, 'P.tla'));
  const atFive = (count: number) => new Interpreter(implicit, { constants: [] }).evalDef(def(implicit, 'AtFive').index, new EvalContext(defaultStdContext(), [count]));
  t.same([atFive(4), atFive(5)], [true, false], 'D(5)!CanInc is count < 5');
  const unnamed = await resolveSource(text.replace('====', 'E(x) == INSTANCE Counter\n===='), join(testdata, 'P.tla')).catch((e: unknown) => e);
  t.match(unnamed, { diagnostics: [{ code: 'E2001', message: /Limit/ }] }, 'a parameter of another name is no value for Limit');
  const wrongArity = await resolveSource(text.replace('C(k)!CanInc', 'C!CanInc'), join(testdata, 'P.tla')).catch((e: unknown) => e);
  t.match(wrongArity, { diagnostics: [{ code: 'E2002', span: { line: 5, col: 13 } }] });
});

t.test('circular EXTENDS is refused where the cycle closes', async (t) => {
  const cycle = await resolveSpec(join(testdata, 'errors', 'CycleA.tla')).catch((e: unknown) => e);
  t.match(cycle, { diagnostics: [{ code: 'E2003', message: /CycleA -> CycleB -> CycleA/, span: { file: /CycleB\.tla$/, line: 2, col: 9 } }] });
});

t.test('INSTANCE needs a value for each constant and substitutes only declared names', async (t) => {
  const lib = join(testdata, 'errors', 'M.tla');
  const missing = await resolveSource('---- MODULE M ----\nVARIABLE count\nC == INSTANCE Counter\n====\n', lib, { searchPath: [testdata] }).catch((e: unknown) => e);
  t.match(missing, { diagnostics: [{ code: 'E2001', message: /Limit/, span: { line: 3, col: 6 } }] });
  const extra = await resolveSource('---- MODULE M ----\nVARIABLE count\nC == INSTANCE Counter WITH Limit <- 3, Bogus <- 1\n====\n', lib, { searchPath: [testdata] }).catch((e: unknown) => e);
  t.match(extra, { diagnostics: [{ code: 'E2001', message: /Bogus/, span: { line: 3, col: 40 } }] });
});

t.test('rendered name diagnostics match testdata/errors/*.expected', async (t) => {
  await checkGoldenDiagnostics(t, 'tools/tla/names/testdata/errors', (file) => resolveSpec(file));
});

t.test('a nested module sees the enclosing module\'s EXTENDS; a module after the root in its file does not', async (t) => {
  const m = await resolveSource([
    '---- MODULE Outer ----', 'EXTENDS Naturals, Sequences',
    '---- MODULE Inner ----', 'Dbl(n) == n + n', 'Size(s) == Len(s)', '====',
    'I == INSTANCE Inner', 'Six == I!Dbl(3) + I!Size(<<1>>) - 1', '====',
  ].join('\n'), 'Outer.tla');
  t.equal(new Interpreter(m, { constants: [] }).evalDef(def(m, 'Six').index, new EvalContext(defaultStdContext())), 6);
  const after = await resolveSource(['---- MODULE Root ----', 'EXTENDS Naturals', 'I == INSTANCE After', '====', '---- MODULE After ----', 'Dbl(n) == n + n', '====']
    .join('\n'), 'Root.tla').catch((e: unknown) => e);
  t.match(after, { diagnostics: [{ code: 'E2001', span: { line: 6 } }] }, 'After must EXTEND Naturals itself');
});

t.test('a nested module sees what the enclosing module declares and defines before it, as SANY (diskpaxos/Synod.tla)', async (t) => {
  const m = await resolveSource([
    '---- MODULE Outer ----', 'EXTENDS Naturals, FiniteSets', 'CONSTANT N', 'VARIABLE input', 'Proc == 1..N',
    '---- MODULE Inner ----', 'VARIABLE chosen', 'Sum == N + Cardinality(Proc) + input + chosen', '====',
    'I(chosen) == INSTANCE Inner', 'Total == I(10)!Sum', '====',
  ].join('\n'), 'Outer.tla');
  const interp = new Interpreter(m, { constants: [{ kind: 'value', value: 3 }] });
  const ctx = new EvalContext(defaultStdContext());
  ctx.state = [100];
  t.equal(interp.evalDef(def(m, 'Total').index, ctx), 3 + 3 + 100 + 10, 'N, Proc and input are the enclosing module\'s');
  const later = await resolveSource(['---- MODULE Outer2 ----', '---- MODULE Inner ----', 'A == Later', '====', 'Later == 1', 'I == INSTANCE Inner', '===='].join('\n'), 'Outer2.tla').catch((e: unknown) => e);
  t.match(later, { diagnostics: [{ code: 'E2001', span: { line: 3 } }] }, 'not what it defines after the nested module');
});

t.test('a definition imported over one of the same name and arity is only a warning in SANY: the first stays bound (APChameneos.tla)', async (t) => {
  const dir = temporaryFolder('duplicate-');
  writeFileSync(join(dir, 'Lib.tla'), '---- MODULE Lib ----\nA == 1\nB(x) == x\n====\n');
  const file = join(dir, 'Main.tla');
  const text = '---- MODULE Main ----\nEXTENDS Naturals\nA == 2\nINSTANCE Lib\nC == A + B(0)\n====\n';
  writeFileSync(file, text);
  const m = await resolveSource(text, file);
  t.equal(new Interpreter(m, { constants: [] }).evalDef(def(m, 'C').index, new EvalContext(defaultStdContext())), 2, 'Main\'s A');
  // TLC refuses a definition written over an imported one ("Operator A already defined or declared"),
  // and SANY an imported one of another arity ("Multiply-defined symbol").
  for (const [body, line] of [['INSTANCE Lib\nA == 2', 3], ['EXTENDS Lib\nA == 2', 3], ['A(y) == 2\nINSTANCE Lib', 3]] as const) {
    const refused = await resolveSource(`---- MODULE Main ----\n${body}\n====\n`, file).catch((e: unknown) => e);
    t.match(refused, { diagnostics: [{ code: 'E2004', span: { line } }] }, body);
  }
});

t.test('a precedence conflict (E1005) in a module reached through EXTENDS is refused with its own file and position', async (t) => {
  const dir = temporaryFolder('precedence-');
  writeFileSync(join(dir, 'Main.tla'), '---- MODULE Main ----\nEXTENDS Lib\nE == Wrap(1)\n====\n');
  // SANY on Main.tla stops while parsing Lib (its message about % even breaks its own formatting).
  writeFileSync(join(dir, 'Lib.tla'), '---- MODULE Lib ----\nEXTENDS Integers\nWrap(n) == [i \\in 1..3 |-> (n - 1) % 3 + 1]\n====\n');
  const error = await resolveSpec(join(dir, 'Main.tla')).catch((e: unknown) => e);
  t.ok(error instanceof DiagnosticError);
  t.match((error as DiagnosticError).diagnostics[0], { code: 'E1005', span: { file: join(dir, 'Lib.tla'), line: 3, col: 40 } });
});
