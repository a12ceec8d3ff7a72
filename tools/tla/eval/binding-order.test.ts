// `\E i, j \in S` (and `\E i \in S, j \in T`, `\A`, `{e : i \in S, j \in T}`, `[i \in S, j \in T |-> e]`)
// binds with the first variable turning fastest, as TLC's ContextEnumerator does: it decides which
// successor is generated first (the counts at a violation, and TLC's actions of Next) and the order
// of Print. `\E <<i, j>> \in S \X T` is one bound over the product, whose last component turns fastest.
// Expected output is TLC's, measured 7 Dec 2026 with TLC2
// (`java -cp tla2tools.jar tlc2.TLC -workers 1 -config C.cfg Order.tla`, C the two .cfg below).
import t from 'tap';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkModel } from '../check/check.js';
import type { CheckResult } from '../check/check-result.js';
import { loadModelSource } from '../load.js';
import { printedLines } from '../test-models.js';
import { formatValue, type Value } from '../values/index.js';
import { temporaryFolder } from '../../../conventions/index.js';

const spec = [
  '---- MODULE Order ----',
  'EXTENDS TLC, Naturals',
  'VARIABLE x',
  'ASSUME /\\ \\A i, j \\in {1, 2} : PrintT(<<"forall", i, j>>)',
  '       /\\ {PrintT(<<"map", i, j>>) : i \\in {1, 2}, j \\in {3, 4}} = {TRUE}',
  '       /\\ [i \\in {1, 2}, j \\in {3, 4} |-> PrintT(<<"fcn", i, j>>)] # <<>>',
  '       /\\ ~\\E <<i, j>> \\in {1, 2} \\X {3, 4} : PrintT(<<"tuple", i, j>>) /\\ FALSE',
  'Init == x = <<0, 0>>',
  'InitPrinted == \\E i \\in {1, 2}, j \\in {"a", "b"} : PrintT(<<"init", i, j>>) /\\ x = <<0, 0>>',
  // Split by TLC into four actions, one per binding; Joined is one action (its \E is under /\).
  "Split == \\E i, j \\in {1, 2} : x' = <<i, j>>",
  "Joined == x = <<0, 0>> /\\ \\E i \\in {1, 2}, j \\in {3, 4} : PrintT(<<\"next\", i, j>>) /\\ x' = <<i, j>>",
  'Not21 == x # <<2, 1>>',
  'Not23 == x # <<2, 3>>',
  '====',
].join('\n');

const configs = {
  Split: 'INIT Init\nNEXT Split\nINVARIANT Not21\n',
  Joined: 'INIT InitPrinted\nNEXT Joined\nINVARIANT Not23\n',
};

async function check(config: keyof typeof configs, mode: 'compiled' | 'interpreted', workers: number): Promise<CheckResult> {
  const dir = temporaryFolder('tla-binding-order-');
  const file = join(dir, 'Order.tla');
  await writeFile(file, spec);
  const loaded = await loadModelSource({ spec: file, config: join(dir, `${config}.cfg`), configText: configs[config], mode });
  return checkModel(loaded, { workers, waitForWorkers: true });
}

const summary = (r: CheckResult): string => {
  const trace = 'violation' in r && r.violation.kind === 'invariant' ? r.violation.trace.map((s) => (s.state as readonly Value[]).map((v) => formatValue(v)).join(' ')) : [];
  return `${r.result}: ${r.stats.statesGenerated} generated, ${r.stats.distinctStates} distinct; ${trace.join(' -> ')}`;
};

for (const mode of ['compiled', 'interpreted'] as const) {
  for (const workers of [1, 2]) {
    t.test(`${mode}, ${workers} worker(s): the counts and trace of TLC at a violation`, async (t) => {
      // TLC: Split: 3 states generated, 3 distinct (<<1, 1>>, then <<2, 1>> violates Not21).
      t.equal(summary(await check('Split', mode, workers)), 'violated: 3 generated, 3 distinct; <<0, 0>> -> <<2, 1>>');
      // TLC: Joined: 6 generated (4 initial, all <<0, 0>>; <<1, 3>>, then <<2, 3>> violates Not23), 3 distinct.
      t.equal(summary(await check('Joined', mode, workers)), 'violated: 6 generated, 3 distinct; <<0, 0>> -> <<2, 3>>');
    });
  }

  t.test(`${mode}: Print in TLC's order`, async (t) => {
    const lines = await printedLines(() => check('Joined', mode, 1));
    const pairs = (tag: string, order: string) => order.split(' ').map((p) => `<<"${tag}", ${p.replace('/', ', ')}>>`);
    // TLC's lines up to the violation, in its order, but for "Computed 2 initial states..." (its progress report among the Prints).
    t.same(lines, [
      ...pairs('forall', '1/1 2/1 1/2 2/2'),
      ...pairs('map', '1/3 2/3 1/4 2/4'),
      ...pairs('fcn', '1/3 2/3 1/4 2/4'),
      ...pairs('tuple', '1/3 1/4 2/3 2/4'),
      ...pairs('init', '1/"a" 2/"a" 1/"b" 2/"b"'),
      ...pairs('next', '1/3 2/3'),
    ]); // then TLC rebuilds the trace, printing again (as `cloudos check` does, not checkModel)
  });
}

// `\A` in an action is a conjunction of actions over its bindings (eval/actions.ts conjoinOverBindings):
// the first conjuncts assign (x' in one binding, y' in the next), the later ones test, with two names
// bound at once by a tuple or by `i, j`. TLC's counts, measured 7 Dec 2026 as above (INIT Init, NEXT Next).
const conjunction = [
  '---- MODULE Conj ----',
  'EXTENDS Naturals',
  'VARIABLES x, y',
  'Init == x = 0 /\\ y = 0',
  'Next == \\/ /\\ x < 3',
  "           /\\ \\A <<i, j>> \\in {<<1, 2>>, <<2, 1>>} : IF i = 1 THEN x' \\in {x + 1, x + 2} ELSE y' \\in {j, y + j}",
  '        \\/ /\\ x < 3',
  "           /\\ x' = x + 1",
  "           /\\ \\A i, j \\in {1, 2} : y' \\in {i + j, i * j + x, y}",
  '        \\/ x >= 3 /\\ UNCHANGED <<x, y>>',
  '====',
].join('\n');

for (const mode of ['compiled', 'interpreted'] as const) {
  t.test(`${mode}: \\A over two names in an action, as TLC counts it`, async (t) => {
    const dir = temporaryFolder('tla-binding-order-');
    const file = join(dir, 'Conj.tla');
    await writeFile(file, conjunction);
    const loaded = await loadModelSource({ spec: file, config: join(dir, 'Conj.cfg'), configText: 'INIT Init\nNEXT Next\n', mode });
    // TLC: "32 states generated, 13 distinct states found, 0 states left on queue", depth 4.
    t.equal(summary(await checkModel(loaded, { workers: 1 })), 'holds: 32 generated, 13 distinct; ');
  });
}
