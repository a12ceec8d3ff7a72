// Print/PrintT output around a violation, as TLC writes it: TLC checks each successor as its action
// generates it and stops at the first bad one, so what the actions would print after it never
// appears; regenerating the trace, it runs each step's actions in order through the whole action
// that produced the state, and prints those lines inside its report, then all of them again after the
// trace. The expected lines are TLC's (TLC2 built from the public TLA+ tools source, `java -cp
// tla2tools.jar tlc2.TLC -workers 1 -config P.cfg P.tla`, measured 7 Dec 2026).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { temporaryFolder } from '../../conventions/index.js';
import { checkModel } from './check/check.js';
import { loadModelSource } from './load.js';
import { formatCheckResult } from './trace/tlc-text.js';
import { modelFromText, printedLines as printed } from './test-models.js';

const spec = `---- MODULE P ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0 /\\ PrintT("init")
Up == /\\ x < 10
      /\\ PrintT(<<"up", x>>)
      /\\ x' = x + 1
Twice == /\\ PrintT(<<"twice", x>>)
         /\\ x' \\in {x + 2, x + 3}
         /\\ PrintT(<<"twice'", x, x'>>)
Down == /\\ x > 0
        /\\ PrintT(<<"down", x>>)
        /\\ x' = x - 1
Next == Up \\/ Twice \\/ Down
Inv == x < 5
====
`;

/** TLC's lines while it searches: x = 5 is Twice's second successor of x = 2, so Down of x = 2 never runs. */
const search = [
  '"init"',
  '<<"up", 0>>',
  '<<"twice", 0>>',
  '<<"twice\'", 0, 2>>',
  '<<"twice\'", 0, 3>>',
  '<<"up", 1>>',
  '<<"twice", 1>>',
  '<<"twice\'", 1, 3>>',
  '<<"twice\'", 1, 4>>',
  '<<"down", 1>>',
  '<<"up", 2>>',
  '<<"twice", 2>>',
  '<<"twice\'", 2, 4>>',
  '<<"twice\'", 2, 5>>',
];

/** TLC's lines while it rebuilds the trace 0 -> 2 -> 5: Init, then Up and Twice of each state, not Down. */
const regeneration = ['"init"', '<<"up", 0>>', '<<"twice", 0>>', '<<"twice\'", 0, 2>>', '<<"twice\'", 0, 3>>', '<<"up", 2>>', '<<"twice", 2>>', '<<"twice\'", 2, 4>>', '<<"twice\'", 2, 5>>'];

/**
 * TLC's report (its stdout from the violation on, -workers 1 and 2 alike): the states before the one
 * it holds (x = 2, the parent of the violating x = 5) are rebuilt before "The behavior up to this
 * point", each held state just before it is printed, and the whole trace again after it.
 */
const tlcReport = `Error: Invariant Inv is violated.
"init"
Error: The behavior up to this point is:
State 1: <Initial predicate>
x = 0

<<"up", 0>>
<<"twice", 0>>
<<"twice'", 0, 2>>
<<"twice'", 0, 3>>
State 2: <Twice line 8, col 10 to line 10, col 39 of module P>
x = 2

<<"up", 2>>
<<"twice", 2>>
<<"twice'", 2, 4>>
<<"twice'", 2, 5>>
State 3: <Twice line 8, col 10 to line 10, col 39 of module P>
x = 5

${regeneration.join('\n')}
11 states generated, 6 distinct states found, 2 states left on queue.
The depth of the complete state graph search is 3.
`;

const model = (compiled: boolean, cfg = 'INIT Init\nNEXT Next\nINVARIANT Inv\n') => modelFromText('P', spec, cfg, {}, compiled);

for (const compiled of [false, true]) {
  t.test(`the search prints what TLC prints before the violating successor (${compiled ? 'compiled' : 'interpreted'})`, async (t) => {
    const m = await model(compiled);
    let result: Awaited<ReturnType<typeof checkModel>> | undefined;
    const lines = await printed(async () => (result = await checkModel(m)));
    t.equal(result!.result, 'violated');
    // TLC: 11 states generated, 6 distinct states found, 2 states left on queue.
    t.same([result!.stats.statesGenerated, result!.stats.distinctStates, result!.stats.queueLeft], [11, 6, 2]);
    // Before, the search ran Down of x = 2 too (`<<"down", 2>>`). The rebuilding's lines are the report's.
    t.same(lines, search);
  });

  t.test(`the report prints the trace's rebuilding where TLC does, twice (${compiled ? 'compiled' : 'interpreted'})`, async (t) => {
    const m = await model(compiled);
    let result: Awaited<ReturnType<typeof checkModel>> | undefined;
    await printed(async () => (result = await checkModel(m)));
    // Before, the report had none of these lines (the rebuilding's went to stderr, once).
    t.equal(formatCheckResult(m, result!, { coverage: false }), tlcReport);
  });
}

/** A chain x = 0 -> 1 -> 2 (one path, so two threads find the same trace), violating `Inv` or deadlocking at x = 2. */
const chain = (name: string, bound: number) => `---- MODULE ${name} ----
EXTENDS Naturals, TLC
VARIABLE x
Init == x = 0 /\\ PrintT("init")
Up == /\\ x < ${bound}
      /\\ PrintT(<<"up", x>>)
      /\\ x' = x + 1
Inv == x < 2
====
`;

/**
 * TLC's reports (the same with -workers 1 and 2): it holds x = 1 and x = 2 after an invariant's
 * violation, so only Init is rebuilt before the behaviour; at a deadlock it holds only x = 2.
 */
const chainReport = (name: string, opening: string, beforeSecond: string) => `${opening}Error: The behavior up to this point is:
State 1: <Initial predicate>
x = 0

${beforeSecond}State 2: <Up line 5, col 7 to line 7, col 19 of module ${name}>
x = 1

<<"up", 1>>
State 3: <Up line 5, col 7 to line 7, col 19 of module ${name}>
x = 2

"init"
<<"up", 0>>
<<"up", 1>>
3 states generated, 3 distinct states found, 0 states left on queue.
The depth of the complete state graph search is 3.
`;

const chains = [
  { kind: 'invariant', name: 'L', cfg: 'INIT Init\nNEXT Up\nINVARIANT Inv\n', bound: 5, report: chainReport('L', 'Error: Invariant Inv is violated.\n"init"\n', '<<"up", 0>>\n') },
  { kind: 'deadlock', name: 'R', cfg: 'INIT Init\nNEXT Up\n', bound: 2, report: chainReport('R', 'Error: Deadlock reached.\n"init"\n<<"up", 0>>\n', '') },
];

for (const { kind, name, cfg, bound, report } of chains) {
  for (const compiled of [false, true]) {
    for (const workers of [1, 2]) {
      t.test(`${kind}: the rebuilding's lines where TLC prints them (${compiled ? 'compiled' : 'interpreted'}, ${workers} worker(s))`, async (t) => {
        const dir = temporaryFolder('print-output-');
        await writeFile(join(dir, `${name}.tla`), chain(name, bound));
        await writeFile(join(dir, `${name}.cfg`), cfg);
        const loaded = await loadModelSource({ spec: join(dir, `${name}.tla`), mode: compiled ? 'compiled' : 'interpreted' });
        let result: Awaited<ReturnType<typeof checkModel>> | undefined;
        await printed(async () => (result = await checkModel(loaded, { workers, waitForWorkers: true })));
        t.equal(result!.stats.workers, workers);
        t.equal(formatCheckResult(loaded.model, result!, { coverage: false }), report);
      });
    }
  }
}

t.test('a search that ends without a violation prints every line once, in the order the actions ran', async (t) => {
  // CONSTRAINT Inv: x = 5, 6, 7 are generated but not explored. TLC: 20 states generated, 5 distinct.
  const m = await model(false, 'INIT Init\nNEXT Next\nCONSTRAINT Inv\n');
  let result: Awaited<ReturnType<typeof checkModel>> | undefined;
  const lines = await printed(async () => (result = await checkModel(m)));
  t.same([result!.result, result!.stats.statesGenerated, result!.stats.distinctStates], ['holds', 20, 5]);
  t.same(lines, [
    ...search,
    '<<"down", 2>>',
    ...[3, 4].flatMap((x) => [`<<"up", ${x}>>`, `<<"twice", ${x}>>`, `<<"twice'", ${x}, ${x + 2}>>`, `<<"twice'", ${x}, ${x + 3}>>`, `<<"down", ${x}>>`]),
  ]);
});
