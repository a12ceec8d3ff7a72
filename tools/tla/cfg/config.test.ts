// Tests of the .cfg parser: each section, values, comments, spans, and every E4001 error.
import t from 'tap';
import { parseConfig, type ConfigValue } from './config.js';
import { DiagnosticError } from '../diagnostics.js';

function errorOf(text: string): { code: string; line: number; col: number; message: string; hint: string } {
  try {
    parseConfig(text, 'M.cfg');
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    const d = e.diagnostics[0]!;
    return { code: d.code, line: d.span?.line ?? 0, col: d.span?.col ?? 0, message: d.message, hint: d.hint ?? '' };
  }
  throw new Error(`expected an error for ${JSON.stringify(text)}`);
}

/** Drops spans so that values can be compared structurally. */
function plain(v: ConfigValue): unknown {
  switch (v.kind) {
    case 'set':
    case 'tuple':
      return { [v.kind]: v.elements.map(plain) };
    case 'int':
      return Number(v.value);
    case 'string':
      return `"${v.value}"`;
    case 'bool':
      return v.value;
    case 'modelValue':
      return `mv:${v.name}`;
  }
}

t.test('INIT/NEXT, invariants, properties and deadlock', async (t) => {
  const c = parseConfig('INIT Init\nNEXT Next\nINVARIANT TypeOK Safe\nINVARIANTS More\nPROPERTY Live\nPROPERTIES L2 L3\nCHECK_DEADLOCK FALSE\n', 'M.cfg');
  t.equal(c.init?.name, 'Init');
  t.same(c.init?.span, { file: 'M.cfg', line: 1, col: 6, endLine: 1, endCol: 10 });
  t.equal(c.next?.name, 'Next');
  t.same(c.invariants.map((n) => n.name), ['TypeOK', 'Safe', 'More']);
  t.equal(c.invariants[1]!.span.col, 18);
  t.same(c.properties.map((n) => n.name), ['Live', 'L2', 'L3']);
  t.same(c.checkDeadlock && { value: c.checkDeadlock.value, line: c.checkDeadlock.span.line }, { value: false, line: 7 });
});

t.test('SPECIFICATION, constraints, action constraints, symmetry, view, alias, postcondition', async (t) => {
  const c = parseConfig(
    'SPECIFICATION Spec\nCONSTRAINT Bound\nCONSTRAINTS B2\nACTION_CONSTRAINT AC\nACTION_CONSTRAINTS AC2 AC3\nSYMMETRY Perms\nVIEW V\nALIAS A\nPOSTCONDITION P\n',
    'M.cfg',
  );
  t.equal(c.specification?.name, 'Spec');
  t.same(c.constraints.map((n) => n.name), ['Bound', 'B2']);
  t.same(c.actionConstraints.map((n) => n.name), ['AC', 'AC2', 'AC3']);
  t.equal(c.symmetry?.name, 'Perms');
  t.equal(c.view?.name, 'V');
  t.equal(c.alias?.name, 'A');
  t.same(c.postconditions.map((n) => n.name), ['P']);
  t.equal(c.checkDeadlock, undefined, 'absent CHECK_DEADLOCK means the default');
});

t.test('constant values: numbers, strings, booleans, model values, sets, tuples, empty set', async (t) => {
  const c = parseConfig(
    'CONSTANTS\n  N = 3\n  M = -2\n  Name = "a\\"b"\n  Flag = TRUE\n  p = p\n  Procs = {p1, p2, p3}\n  Empty = {}\n  Nested = {{1, 2}, {}}\n  Pair = <<1, "x", FALSE>>\n',
    'M.cfg',
  );
  const got = Object.fromEntries(c.constants.map((b) => [b.name, b.kind === 'value' ? plain(b.value) : b]));
  t.same(got, {
    N: 3,
    M: -2,
    Name: '"a"b"',
    Flag: true,
    p: 'mv:p',
    Procs: { set: ['mv:p1', 'mv:p2', 'mv:p3'] },
    Empty: { set: [] },
    Nested: { set: [{ set: [1, 2] }, { set: [] }] },
    Pair: { tuple: [1, '"x"', false] },
  });
  const procs = c.constants.find((b) => b.name === 'Procs')!;
  t.same(procs.span, { file: 'M.cfg', line: 7, col: 3, endLine: 7, endCol: 23 });
  t.equal(c.constants[0]!.kind === 'value' && c.constants[0]!.value.kind === 'int' && c.constants[0]!.value.value, 3n, 'integers are bigints');
});

t.test('substitutions with and without a module', async (t) => {
  const c = parseConfig('CONSTANT N <- MyN\nCONSTANT F <- [Other] G\n', 'M.cfg');
  t.same(
    c.constants.map((b) => (b.kind === 'substitution' ? [b.name, b.definition, b.module ?? null, b.definitionSpan.col] : null)),
    [
      ['N', 'MyN', null, 15],
      ['F', 'G', 'Other', 23],
    ],
  );
});

t.test('a value for the definition of one module: N = [Mod] v', async (t) => {
  const c = parseConfig('CONSTANTS\n  None = [Inner] NoneVal\n  N = 3\n', 'M.cfg');
  t.same(
    c.constants.map((b) => (b.kind === 'value' ? [b.name, b.module ?? null, b.value.kind === 'modelValue' ? b.value.name : null] : null)),
    [
      ['None', 'Inner', 'NoneVal'],
      ['N', null, null],
    ],
  );
});

t.test('comments and repeated sections accumulate', async (t) => {
  const c = parseConfig(
    '\\* a line comment INVARIANT Nope\n(* block (* nested *) INVARIANT Nope *)\nINVARIANT A \\* trailing\nCONSTANT N = 1\nINVARIANT B\nCONSTANT M = 2\n',
    'M.cfg',
  );
  t.same(c.invariants.map((n) => n.name), ['A', 'B']);
  t.same(c.constants.map((b) => b.name), ['N', 'M']);
  t.equal(c.invariants[0]!.span.line, 3);
});

t.test('an empty configuration is valid', async (t) => {
  const c = parseConfig('\n  \\* nothing\n', 'M.cfg');
  t.same(c.constants, []);
  t.equal(c.init, undefined);
});

t.test('a list section may be empty, as TLC reads it', async (t) => {
  const c = parseConfig('CONSTANTS\nSPECIFICATION Spec\nPROPERTIES\n\\* Live\nINVARIANTS\nCHECK_DEADLOCK FALSE\nCONSTRAINT\n', 'M.cfg');
  t.same([c.constants, c.properties, c.invariants, c.constraints], [[], [], [], []]);
  t.equal(c.specification?.name, 'Spec');
  t.equal(c.checkDeadlock?.value, false);
});

t.test('errors are E4001 with the place and a hint', async (t) => {
  const cases: [string, number, number, RegExp][] = [
    ['INIT\n', 2, 1, /expected a name after INIT, found the end of the file/],
    ['INVARIANT 3\n', 1, 11, /expected a name after INVARIANT, found number 3/],
    ['Init\n', 1, 1, /expected a keyword, found 'Init'/],
    ['CONSTANT N 3\n', 1, 12, /expected '=' or '<-' after constant N/],
    ['CONSTANT N = \n', 2, 1, /expected a value/],
    ['CONSTANT S = {a b}\n', 1, 17, /expected ',' or '}' in set/],
    ['CONSTANT S = {a,\n', 2, 1, /expected a value/],
    ['CONSTANT T = <<1, 2\nINIT I', 2, 1, /expected ',' or '>>' in tuple, found keyword INIT/],
    ['CONSTANT N = "abc\n', 1, 14, /unterminated string/],
    ['CONSTANT N = "a\\qb"\n', 1, 16, /unknown escape \\q/],
    ['(* open\nINIT Init\n', 1, 1, /unterminated comment/],
    ['INIT Init ; NEXT Next\n', 1, 11, /unexpected character ';'/],
    ['CONSTANT N <- 3\n', 1, 15, /expected the name of a definition after '<-'/],
    ['CONSTANT N <- [M G\n', 1, 18, /expected '\]' after the module name/],
    ['CONSTANT None = [Inner NoneVal\n', 1, 24, /expected '\]' after the module name/],
    ['CONSTANT N = -x\n', 1, 15, /expected a number after '-'/],
    ['CHECK_DEADLOCK maybe\n', 1, 16, /expected TRUE or FALSE after CHECK_DEADLOCK/],
    ['CHECK_DEADLOCK TRUE\nCHECK_DEADLOCK FALSE\n', 2, 16, /CHECK_DEADLOCK given twice/],
    ['INIT A\nNEXT N\nINIT B\n', 3, 6, /INIT given twice \(first A at M.cfg:1:6\)/],
    ['VIEW A\nVIEW B\n', 2, 6, /VIEW given twice/],
    ['SPECIFICATION S\nINIT I\nNEXT N\n', 2, 6, /both SPECIFICATION and INIT are given/],
    ['INIT I\n', 1, 6, /INIT is given without NEXT/],
    ['NEXT N\n', 1, 6, /NEXT is given without INIT/],
    ['CONSTANT 3\n', 1, 10, /expected a constant name after CONSTANT/],
  ];
  for (const [text, line, col, message] of cases) {
    const e = errorOf(text);
    t.equal(e.code, 'E4001', `${JSON.stringify(text)} code`);
    t.same([e.line, e.col], [line, col], `${JSON.stringify(text)} place`);
    t.match(e.message, message, `${JSON.stringify(text)} message`);
    t.ok(e.hint.length > 0, `${JSON.stringify(text)} has a hint`);
  }
});
