// Compiled code evaluates a LET definition on entering the LET when the body reads it before anything
// else (names/levels.ts letEvaluatedAtOnce), and S \ {e} as one operation (runtime.ts `without`).
// Both evaluators must still give TLC's answers: a definition read later stays lazy (never evaluated,
// or printed where TLC prints it), S \ {e} keeps S when e is not in it and fails as TLC does on
// elements it cannot compare. Expected output is TLC's, measured 7 Dec 2026 with TLC2
// (`java -cp tla2tools.jar tlc2.TLC -workers 1 -config LetOnce.cfg LetOnce.tla`).
import t from 'tap';
import { checkModel } from '../check/check.js';
import { resolveSource } from '../names/index.js';
import { modelFromText, printedLines } from '../test-models.js';
import { emitModule } from './emit.js';

const spec = [
  '---- MODULE LetOnce ----',
  'EXTENDS Integers, TLC',
  'VARIABLE n',
  'RECURSIVE Sum(_, _)',
  'Sum(f, S) == IF S = {} THEN 0',
  '                       ELSE LET x == CHOOSE x \\in S : TRUE',
  '                            IN  f[x] + Sum(f, S \\ {x})',
  'Init == n = 0',
  'Next == n < 2 /\\ n\' = n + 1',
  '\\* x is read first: evaluated on entering the LET, where its thunk would have been.',
  'SumHolds == Sum([p \\in {<<1, 2>>, <<2, 1>>, <<3, 3>>} |-> p[1] * 10 + p[2] + n], {<<1, 2>>, <<2, 1>>, <<3, 3>>} \\ {<<9, 9>>}) = 66 + 3 * n',
  '\\* Not read first: never evaluated here (1 \\div 0 would fail).',
  'Lazy == LET x == 1 \\div 0 IN IF n >= 0 THEN TRUE ELSE x',
  '\\* Not read first: printed after "first".',
  'PrintOrder == LET x == PrintT(<<"x", n>>) IN PrintT(<<"first", n>>) /\\ x',
  '\\* Read first: printed before "then".',
  'PrintFirst == LET x == PrintT(<<"y", n>>) IN x /\\ PrintT(<<"then", n>>)',
  '\\* S \\ {e} with e outside S, and with elements TLC cannot compare.',
  'Without == {1, 2} \\ {3} = {1, 2} /\\ ({} \\ {n}) = {}',
  'Incomparable == ({1, 2} \\ {"a"}) = {1, 2}',
  '====',
].join('\n');

const modes = [false, true] as const;
const modeName = (compiled: boolean): string => (compiled ? 'compiled' : 'interpreted');

t.test("LET definitions and S \\ {e}: TLC's verdict and printed lines in both modes", async (t) => {
  for (const compiled of modes) {
    const printed = await printedLines(async () => {
      const model = await modelFromText('LetOnce', spec, 'INIT Init\nNEXT Next\nINVARIANTS SumHolds Lazy PrintOrder PrintFirst Without\nCHECK_DEADLOCK FALSE\n', {}, compiled);
      const result = await checkModel(model);
      // TLC: no error, 3 states generated, 3 distinct.
      t.equal(`${result.result}: ${result.stats.statesGenerated} generated, ${result.stats.distinctStates} distinct`, 'holds: 3 generated, 3 distinct', modeName(compiled));
    });
    t.same(printed, [0, 1, 2].flatMap((n) => [`<<"first", ${n}>>`, `<<"x", ${n}>>`, `<<"y", ${n}>>`, `<<"then", ${n}>>`]), `${modeName(compiled)}: TLC's lines`);
  }
});

t.test('S \\ {e} of elements TLC cannot compare fails as TLC does', async (t) => {
  for (const compiled of modes) {
    const model = await modelFromText('LetOnce', spec, 'INIT Init\nNEXT Next\nINVARIANT Incomparable\n', {}, compiled);
    const result = await checkModel(model);
    t.equal(result.result, 'error', modeName(compiled));
    if (result.result !== 'error') continue;
    const d = result.violation.diagnostics[0]!;
    // TLC: 'Attempted to check equality of string "a" with non-string: 1' in Incomparable's
    // `{1, 2} \ {"a"}` (line 20, columns 18 to 31: a span ends one column past TLC's last).
    t.same([d.code, d.span?.line, d.span?.col, d.span?.endCol], ['E3001', 20, 18, 31 + 1], modeName(compiled));
    t.match(d.message, /"a"/, modeName(compiled));
  }
});

t.test("Sum's x is bound to its value, without a thunk, and S \\ {x} makes no set {x}", async (t) => {
  const module = await resolveSource(spec, 'LetOnce.tla');
  const { source } = emitModule(module, { language: 'js', runtimeImport: 'cloudos/tla-runtime' });
  const lines = source.split('\n');
  const letLine = lines.find((l) => l.includes('rt.let(ctx, ') && l.includes('rt.eq(rt.local(ctx, ') && l.includes('"S"'));
  const makers = /rt\.let\(ctx, H\d+, (H\d+), H\d+\)/.exec(letLine ?? '')?.[1];
  // The makers array holds the CHOOSE's closure itself, not `(ctx) => rt.thunk(ctx, …)`.
  t.match(lines.find((l) => l.trimStart().startsWith(`const ${makers} = `)), /= \[H\d+\];$/, 'x is made by its own closure');
  t.ok(lines.some((l) => l.includes('rt.without(') && l.includes('"S"') && l.includes('"x"')), 'S \\ {x} is rt.without');
  t.notOk(lines.some((l) => l.includes('rt.setEnum([rt.local(ctx, ') && l.includes('"x"')), 'no {x} is built');
  // Lazy's x is read second: still a thunk.
  t.ok(lines.some((l) => l.includes('rt.thunk(ctx, ')), 'a definition read later stays a thunk');
});
