// CHOOSE among strings (and model values) picks what TLC picks: TLC orders strings by when it interned them
// (values/string-order.ts). Every expected value below is TLC's answer, measured 6 Dec 2026 with
// TLC2 Version 2026.12.06.193935 (built from the public TLA+ tools source, `java -cp tla2tools.jar tlc2.TLC -workers 1
// -config X.cfg X.tla`, the spec's Inv == x = <<>> violated by the initial state TLC prints). Before
// this order, we picked by UTF-16 code units: the `was` comments give our old pick where it differed.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { parseConfig } from '../cfg/config.js';
import { checkModel } from '../check/check.js';
import type { Model } from '../check/model.js';
import { buildCompiledModel, buildModel } from '../load.js';
import { resolveSource } from '../names/index.js';
import { moduleTokens } from '../values/index.js';
import { temporaryFolder } from '../../../conventions/index.js';

/** The root module `name` (with `others` beside it) bound to `cfg`, interpreted or compiled by tla2ts. */
async function model(name: string, root: string, cfg = '', others: Record<string, string> = {}, compiled = false): Promise<Model> {
  const dir = temporaryFolder('choose-strings-');
  for (const [file, text] of Object.entries(others)) await writeFile(join(dir, `${file}.tla`), text);
  const file = join(dir, `${name}.tla`);
  await writeFile(file, root);
  const spec = await resolveSource(root, file);
  const config = parseConfig(`${cfg}INIT Init\nNEXT Next\n`, join(dir, `${name}.cfg`));
  return compiled ? buildCompiledModel(spec, config) : buildModel(spec, config);
}

/** The one initial state, as TLC prints x. */
function initial(m: Model): string {
  const states = [...m.initialStates()];
  return states.map((s) => m.formatState(s).map(({ value }) => value).join(' ')).join(' | ');
}

const spec = (name: string, head: string, init: string, tail = ''): string =>
  `---- MODULE ${name} ----\n${head}VARIABLE x\nInit == x = <<${init}>>\n${tail}Next == UNCHANGED x\n====\n`;

t.test('literals, identifiers and strings TLC interns before the spec', async (t) => {
  const init = `CHOOSE s \\in {"zeta2", "alpha2"} : TRUE, CHOOSE s \\in {"mmm", "kkk"} : TRUE, CHOOSE s \\in {"qq", "x"} : TRUE,
    CHOOSE s \\in {"b", "a"} : TRUE, CHOOSE s \\in {"zz", "yy", "b"} : TRUE, CHOOSE s \\in {"Nat", "qq"} : TRUE, CHOOSE s \\in {"kkk", "mmm"} : TRUE`;
  // was <<"alpha2", "kkk", "qq", "a", "b", "Nat", "kkk">>: literals by first appearance, an identifier
  // (x) before any literal, "a" and "b" (parameters in TLC's Naturals) and "Nat" before the module's own.
  t.equal(initial(await model('T1', spec('T1', '', init))), '<<"zeta2", "mmm", "x", "a", "b", "Nat", "mmm">>');
});

t.test('the order of the standard modules read depends on EXTENDS', async (t) => {
  const init = 'CHOOSE s \\in {"e", "a"} : TRUE, CHOOSE s \\in {"Nat", "Seq"} : TRUE, CHOOSE s \\in {"n", "S"} : TRUE';
  // SANY reads Sequences (which names e and S) before Naturals (a, n) here: was <<"a", "Nat", "S">>.
  t.equal(initial(await model('SeqOnly', spec('SeqOnly', 'EXTENDS Sequences\n', init))), '<<"e", "Seq", "S">>');
  // was <<"a", "Nat", "S">>.
  t.equal(initial(await model('NatOnly', spec('NatOnly', 'EXTENDS Naturals\n', init))), '<<"a", "Nat", "n">>');
});

t.test('records, tuples, sets and strings made at run time', async (t) => {
  const init = `CHOOSE r \\in {[zeta |-> 1], [alpha |-> 1]} : TRUE, CHOOSE t \\in {<<"b2", "a2">>, <<"a2", "b2">>} : TRUE,
    CHOOSE S \\in SUBSET {"p1", "p0"} : S # {}, CHOOSE r \\in {[k |-> "v2"], [k |-> "v1"]} : TRUE, CHOOSE s \\in {ToString(7 * 9), "zz9"} : TRUE`;
  // was <<[alpha |-> 1], <<"a2", "b2">>, {"p0"}, [k |-> "v1"], "63">>.
  t.equal(initial(await model('Rec', spec('Rec', 'EXTENDS Naturals, Sequences, TLC\n', init))), '<<[zeta |-> 1], <<"b2", "a2">>, {"p1"}, [k |-> "v2"], "zz9">>');
});

t.test('strings of the .cfg come first, in its order', async (t) => {
  const init = 'CHOOSE s \\in S : TRUE, CHOOSE s \\in S \\cup {"k0"} : TRUE, CHOOSE s \\in T \\cup {"m9"} : TRUE, CHOOSE s \\in {"Init", "x"} : TRUE';
  const cfg = 'CONSTANT S = {"k2", "k1"}\nCONSTANT T = {"Init", "m8"}\n';
  // was <<"k1", "k0", "Init", "Init">>.
  t.equal(initial(await model('Cfg', spec('Cfg', 'CONSTANT S, T\n', init), cfg)), '<<"k2", "k2", "Init", "Init">>');
});

t.test('modules extended and instantiated: read in SANY order, their literals before the root module\'s', async (t) => {
  const others = {
    M5: '---- MODULE M5 ----\nEXTENDS Naturals\nm5op == "m5z"\n====\n',
    I5: '---- MODULE I5 ----\ni5op == {"i5b", "r0a"}\n====\n',
  };
  const init = `CHOOSE s \\in {"r0a", "m5z"} : TRUE, CHOOSE s \\in {"e", "a"} : TRUE, CHOOSE s \\in {"i5b", "m5z"} : TRUE,
    CHOOSE s \\in {"r0a", "i5b"} : TRUE, CHOOSE s \\in {"m5op", "i5op"} : TRUE`;
  // was <<"m5z", "a", "i5b", "i5b", "i5op">>.
  const m = await model('Multi', spec('Multi', 'EXTENDS M5, Sequences\nI == INSTANCE I5\n', init), '', others);
  t.equal(initial(m), '<<"m5z", "e", "m5z", "i5b", "m5op">>');
});

t.test('the first element satisfying the body, in TLC\'s order; the same compiled by tla2ts', async (t) => {
  const init = `CHOOSE s \\in {"c9", "b9", "a9"} : s # "c9", CHOOSE s \\in {"early", "later"} : TRUE, CHOOSE s \\in {"zz", "Print"} : TRUE,
    CHOOSE s \\in {"a", "zz"} : s # "a", CHOOSE p \\in {"p2", "p1"} \\X {"q1", "q2"} : TRUE`;
  const root = spec('Pred', 'EXTENDS TLC\n', init, 'later == 1\n');
  // was <<"a9", "early", "Print", "zz", <<"p1", "q1">>>>: "later" is an identifier (defined after Init).
  const expected = '<<"b9", "later", "Print", "zz", <<"p2", "q1">>>>';
  t.equal(initial(await model('Pred', root)), expected);
  t.equal(initial(await model('Pred', root, '', {}, true)), expected);
});

t.test('a set filter keeps TLC\'s order: known as its own only when the elements kept come in ours', async (t) => {
  // "zb", "za", "zc" are interned in that order. Kept {za, zb}: TLC's order zb, za is not ours, so
  // the filter's result is arranged when enumerated (TLC picks "zb"; taken as our order, "za").
  // Kept {zb, zc} and {za, zc}: TLC's order is ours. TLC's answer, 7 Dec 2026 (same build and
  // command as above): x = <<"zb", "zb", "za">>.
  const filtered = (dropped: string): string => `CHOOSE s \\in {t \\in {"zb", "za", "zc"} : t # "${dropped}"} : TRUE`;
  const root = spec('Kept', '', ['zc', 'za', 'zb'].map(filtered).join(', '));
  const expected = '<<"zb", "zb", "za">>';
  t.equal(initial(await model('Kept', root)), expected);
  t.equal(initial(await model('Kept', root, '', {}, true)), expected, 'compiled by tla2ts');
});

t.test('a verdict that depends on the pick: TLC reports the invariant violated (we reported it holding)', async (t) => {
  const root = '---- MODULE Leader ----\nVARIABLE leader\nInit == leader = CHOOSE p \\in {"zeta", "alpha"} : TRUE\nNext == UNCHANGED leader\nInv == leader = "alpha"\n====\n';
  const dir = temporaryFolder('choose-strings-');
  const file = join(dir, 'Leader.tla');
  await writeFile(file, root);
  const m = buildModel(await resolveSource(root, file), parseConfig('INIT Init\nNEXT Next\nINVARIANT Inv\n', join(dir, 'Leader.cfg')));
  const result = await checkModel(m);
  t.equal(result.result, 'violated');
  t.equal(initial(m), '"zeta"');
});

t.test('model values go by their names\' intern order too: the .cfg\'s first (TLC\'s ModelValue.compareTo)', async (t) => {
  // TLC's answers (7 Dec 2026, same build and command as above). Before, model values went by name.
  const mv = '---- MODULE Mv ----\nCONSTANT S, a\nVARIABLE x\nInit == x = CHOOSE s \\in S : TRUE\nNext == UNCHANGED x\nInv == x # a\n====\n';
  const dir = temporaryFolder('choose-strings-');
  const file = join(dir, 'Mv.tla');
  await writeFile(file, mv);
  const checked = async (cfg: string): Promise<string> => {
    const r = await checkModel(buildModel(await resolveSource(mv, file), parseConfig(`${cfg}INIT Init\nNEXT Next\nINVARIANT Inv\n`, join(dir, 'Mv.cfg'))));
    return `${r.result} ${r.stats.statesGenerated} generated, ${r.stats.distinctStates} distinct`;
  };
  // TLC: "2 states generated, 1 distinct states found" (CHOOSE picks b); was violated by x = a.
  t.equal(await checked('CONSTANTS S = {b, a}\n a = a\n'), 'holds 2 generated, 1 distinct');
  // TLC: "Invariant Inv is violated by the initial state: x = a".
  t.equal(await checked('CONSTANTS S = {a, b}\n a = a\n'), 'violated 1 generated, 1 distinct');

  // Printed as TLC prints them (PrintT): names of operators (Init), of standard modules (Seq) and a
  // string of the spec ("b") still after the .cfg's order; model values below strings, and the
  // string "a" ranked with the model value a, whose name TLC interned first; sets, CHOOSE and a
  // function's domain alike. Was <<{Init, Seq, a, b, zz}, Init, {a, b, "a", "c"}, {p, q}, p, (c :> 1 @@ d :> 1)>>.
  const init = 'S, CHOOSE s \\in S : TRUE, T \\cup {"c", "a"}, {p, q}, CHOOSE s \\in {p, q} : TRUE, [s \\in U |-> 1]';
  const cfg = 'CONSTANTS S = {zz, Init, b, Seq, a}\n T = {b, a}\n q = q\n p = p\n U = {d, c}\n';
  const root = spec('MvOrder', 'CONSTANT S, T, U, p, q\n', init, 'Other == "b"\n');
  const expected = '<<{zz, Init, b, Seq, a}, zz, {b, a, "a", "c"}, {q, p}, q, (d :> 1 @@ c :> 1)>>';
  t.equal(initial(await model('MvOrder', root, cfg)), expected);
  t.equal(initial(await model('MvOrder', root, cfg, {}, true)), expected, 'compiled by tla2ts');
});

t.test('what SANY interns of a module text', async (t) => {
  const tokens = moduleTokens(`text before the header
---- MODULE A ----
EXTENDS Naturals, B (* a (* nested *) comment with words *)
I == INSTANCE C WITH y <- "lit \\" quote"
Spec == WF_vars(x \\in {1}) \\* a line comment
====
after the end`);
  t.same(tokens.words, ['A', 'EXTENDS', 'Naturals', 'B', 'I', 'INSTANCE', 'C', 'WITH', 'y', 'Spec', 'WF_', 'vars', 'x', '1']);
  t.same(tokens.literals, ['lit " quote']);
  t.same(tokens.extends, ['Naturals', 'B']);
  t.same(tokens.instances, ['C']);
});
