// The leading conjuncts of a quantifier over one variable that do not depend on it are tested once
// in compiled code (codegen.ts guardedQuantifier, names/levels.ts sameForEveryValueOf), and
// each time in the interpreter. Both must give TLC's answers: the same verdict and trace, no error
// from a conjunct never reached (an empty range), the error of one that fails, and every Print of a
// conjunct that prints. Expected output is TLC's, measured 7 Dec 2026 with TLC2
// (`java -cp tla2tools.jar tlc2.TLC -workers 1 -config G.cfg G.tla`, one .cfg per case below).
import t from 'tap';
import { join } from 'node:path';
import { checkModel } from '../check/check.js';
import { resolveSource } from '../names/index.js';
import { modelFromText, printedLines } from '../test-models.js';
import { formatValue, type Value } from '../values/index.js';
import { emitModule } from './emit.js';
import { temporaryFolder } from '../../../conventions/index.js';

const spec = [
  '---- MODULE Guarded ----',
  'EXTENDS Naturals, TLC',
  'VARIABLE f, n',
  'S == {1, 2, 3}',
  'Init == f = [i \\in S |-> 0] /\\ n = 0',
  'Next == \\E i \\in S : /\\ f[i] = 0',
  "                     /\\ f' = [f EXCEPT ![i] = IF i = 2 THEN 2 ELSE 1]",
  "                     /\\ n' = n + 1",
  // f + 1 fails wherever it is evaluated: over {} it never is.
  'Empty == ~\\E b \\in {} : (f + 1 = 1) /\\ b = 1',
  // The first two conjuncts do not depend on b, the last two do.
  'Consistent == \\A a, b \\in S : ~(/\\ f[a] = 1 /\\ n > 0 /\\ f[b] = 2 /\\ a < b)',
  'Printed == \\E b \\in S : PrintT(<<"g", n>>) /\\ b = 3',
  'Failing == \\A a \\in S : \\E b \\in S : (f[a] + "x" = 1) /\\ b = a',
  'Bounded == n < 1',
  'One == \\E b \\in S : n > 0 /\\ f[b] = 2',
  '====',
].join('\n');

const modes = [false, true] as const;
const modeName = (compiled: boolean): string => (compiled ? 'compiled' : 'interpreted');

t.test('a leading conjunct tested once: the verdict and trace of TLC, and no error where the range is empty', async (t) => {
  for (const compiled of modes) {
    const model = await modelFromText('Guarded', spec, 'INIT Init\nNEXT Next\nINVARIANTS Empty Consistent\n', {}, compiled);
    const result = await checkModel(model);
    // TLC: Invariant Consistent is violated; 5 states generated, 5 distinct, 2 left on queue.
    t.equal(`${result.result}: ${result.stats.statesGenerated} generated, ${result.stats.distinctStates} distinct`, 'violated: 5 generated, 5 distinct', modeName(compiled));
    if (result.result !== 'violated') continue;
    t.equal(result.violation.kind === 'invariant' && result.violation.name, 'Consistent', modeName(compiled));
    t.same(result.violation.trace.map((step) => (step.state as readonly Value[]).map((v) => formatValue(v)).join(' ')), ['<<0, 0, 0>> 0', '<<1, 0, 0>> 1', '<<1, 2, 0>> 2'], `${modeName(compiled)}: TLC's trace (f, n)`);
  }
});

t.test('a conjunct that prints is evaluated for every element, as TLC prints it', async (t) => {
  for (const compiled of modes) {
    const printed = await printedLines(async () => {
      const model = await modelFromText('Guarded', spec, 'INIT Init\nNEXT Next\nINVARIANT Printed\nCONSTRAINT Bounded\n', {}, compiled);
      const result = await checkModel(model);
      // TLC: no error, 4 states generated, 1 distinct.
      t.equal(`${result.result}: ${result.stats.statesGenerated} generated, ${result.stats.distinctStates} distinct`, 'holds: 4 generated, 1 distinct', modeName(compiled));
    });
    // TLC's lines: three for the initial state, three for each of its successors outside the constraint.
    t.same(printed, [...Array(3).fill('<<"g", 0>>'), ...Array(9).fill('<<"g", 1>>')], `${modeName(compiled)}: TLC's lines`);
  }
});

t.test('a conjunct tested once that fails: the error TLC reports, where it reports it', async (t) => {
  for (const compiled of modes) {
    const model = await modelFromText('Guarded', spec, 'INIT Init\nNEXT Next\nINVARIANT Failing\n', {}, compiled);
    const result = await checkModel(model);
    t.equal(result.result, 'error', modeName(compiled));
    if (result.result !== 'error') continue;
    const d = result.violation.diagnostics[0]!;
    // TLC: "Cannot cast tlc2.value.impl.StringValue to tlc2.value.impl.IntValue" at line 12, col 39 to line 12, col 48, in
    // the initial state (a span ends one column past the last, TLC's 48).
    t.same([d.code, d.span?.line, d.span?.col, d.span?.endCol], ['E3001', 12, 39, 48 + 1], modeName(compiled));
  }
});

t.test('over one variable the leading conjunct is the guard; over several, TLC\'s order (the first turning fastest) leaves none', async (t) => {
  const { source } = emitModule(await resolveSource(spec, join(temporaryFolder('tla-guarded-'), 'Guarded.tla')), { language: 'js', runtimeImport: 'cloudos/tla-runtime' });
  const lines = source.split('\n');
  // Bodies and guards are hoisted closures (codegen.ts hoistLambda): a loop names them, H<n>.
  const hoisted = (name: string | undefined): string | undefined => lines.find((l) => l.trimStart().startsWith(`const ${name} = `));
  // Empty's, Failing's inner \E and One's (Printed's guard prints, so it has none).
  const guarded = lines.flatMap((l) => [...l.matchAll(/rt\.someGuarded\(ctx, \d+, H\d+, S\[\d+\], (H\d+), H\d+\)/g)].map((m) => m[1]!));
  t.equal(guarded.length, 3, 'three guarded loops');
  t.match(hoisted(guarded[2]), /= \(ctx\) => \(rt\.bool\(rt\.binary\(H\d+, H\d+, rt\.variable\(ctx, 1, "n"/, 'the test of n > 0 is the guard');
  const several = lines.flatMap((l) => [...l.matchAll(/rt\.forEachBinding\(ctx, H\d+, (H\d+)\)/g)].map((m) => hoisted(m[1]!)));
  t.ok(several.some((l) => l?.includes('"a"') && l.includes('"b"')), '\\A a, b: forEachBinding, TLC\'s order');
});
