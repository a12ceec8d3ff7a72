// The differential tool without TLC: the generator is a function of its seed and writes specs we
// load and check with no internal error; the interpreter, the compiled mode and two workers give one
// report; the comparison finds the differences it must (TLC's recorded reports in testdata/).
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepoRoot, temporaryFolder } from '../../../conventions/index.js';
import { compareSummaries, summarizeOutput } from './compare-outputs.js';
import { generateSpec, type GeneratedSpec } from './generate-spec.js';
import { ourSummary } from './our-report.js';

const testdata = fromRepoRoot('tools/tla/differential/testdata');
/** Seeds every run checks; DIFFERENTIAL_SEEDS=A..B widens it. */
const [firstSeed, lastSeed] = (process.env['DIFFERENTIAL_SEEDS'] ?? '1..12').split('..').map(Number) as [number, number];
const replay = (seed: number): string => `replay: DIFFERENTIAL_SEEDS=${seed}..${seed} npx tap --disable-coverage dist/tools/tla/differential/differential.test.js`;

function writeSpec(spec: GeneratedSpec): string {
  const dir = temporaryFolder(`${spec.name}-`);
  for (const m of spec.modules) writeFileSync(join(dir, m.file), m.text);
  writeFileSync(join(dir, `${spec.name}.cfg`), spec.cfg);
  return join(dir, `${spec.name}.tla`);
}

t.test('the generator is a function of the seed, and seeds differ', async (t) => {
  const texts = new Set<string>();
  for (let seed = 1; seed <= 40; seed++) {
    const spec = generateSpec(seed);
    t.same(generateSpec(seed), spec, `seed ${seed} twice`);
    texts.add(spec.modules[0]!.text.replace(`R${seed}`, 'R'));
  }
  t.equal(texts.size, 40, '40 seeds, 40 different specs');
});

t.test('the generator covers every feature over 200 seeds', async (t) => {
  const seen = new Set(Array.from({ length: 200 }, (_, i) => generateSpec(i + 1).features).flat());
  const text = Array.from({ length: 200 }, (_, i) => generateSpec(i + 1).modules[0]!.text).join('\n');
  t.same([...seen].sort(), ['action-constraint', 'constant-invariant', 'constraint', 'evaluation-error', 'instance', 'liveness', 'pluscal', 'symmetry'].sort());
  for (const construct of ['CHOOSE', 'EXCEPT', '@', 'RECURSIVE', 'LET v', '\\A v', '\\E v', 'WF_vars', 'SF_vars', 'CASE', '[src |->', 'Greeting', 'Nil', 'SubSeq', 'C!', 'SelectSeq', 'LAMBDA', ':>', 'SUBSET', '-1', '!.cnt[', 'Names \\ {"zed"}', '\\div (N - N)', 'Tail(SubSeq',
    'BOOLEAN', '\\X', '\\E <<i, j>>', 'd[i, j]', 'LET RECURSIVE', 'Twice(LAMBDA', 'ToString(', '^', 'SUBSET (', 'DOMAIN [', ', v', 'ENABLED', '[]<><<', 'WF_<<', 'WF_vars(Next)', '\\notin', '\\in Seq(']) {
    t.ok(text.includes(construct), `some spec uses ${construct}`);
  }
});

t.test(`generated specs ${firstSeed}..${lastSeed}: the interpreter, the compiled mode and two workers give one report`, async (t) => {
  for (let seed = firstSeed; seed <= lastSeed; seed++) {
    const spec = writeSpec(generateSpec(seed));
    const interpreted = await ourSummary(spec, 'interpreted', 1);
    t.not(interpreted.verdict, 'refused', `seed ${seed} is accepted (${replay(seed)})`);
    t.not(interpreted.verdict, 'none', `seed ${seed} reaches a verdict`);
    const compiled = await ourSummary(spec, 'compiled', 1);
    t.same(compareSummaries(interpreted, compiled), undefined, `seed ${seed}: interpreted = compiled (${replay(seed)})`);
    const parallel = await ourSummary(spec, 'compiled', 2);
    // Under SYMMETRY the states kept are the first found of each class, which two threads race for,
    // and the generated specs are not symmetric (CHOOSE over Procs): only the absence of an internal error is asserted.
    if (generateSpec(seed).features.includes('symmetry')) continue;
    // Two workers find the same verdict, counts and a shortest trace of the same length; which of the
    // shortest traces is found first may differ (each thread takes part of a level).
    t.same([parallel.verdict, parallel.depth, parallel.trace.length], [compiled.verdict, compiled.depth, compiled.trace.length], `seed ${seed}: 1 worker = 2 workers (${replay(seed)})`);
    t.equal(parallel.counts, compiled.counts, `seed ${seed}: 1 worker's counts = 2 workers' (${replay(seed)})`);
  }
});

t.test("TLC's recorded reports are read as TLC means them", async (t) => {
  const tlc = (name: string) => summarizeOutput(readFileSync(join(testdata, name, 'tlc.out'), 'utf8'));
  // Read off TLC's text by eye: the verdict line, the statistics line, the numbered states.
  t.match(tlc('R1'), { verdict: 'invariant Inv', counts: '4/4/2', depth: 2 });
  t.same(tlc('R1').trace.map((s) => s.label), ['<Initial predicate>', '<A1 line 22, col 5 to line 23, col 25>']);
  t.same(tlc('R1').trace[1]!.lines, ['/\\ m = {}', '/\\ s = {1}', '/\\ w = "zed"']);
  t.equal(tlc('R5').trace.length, 3);
  t.match(tlc('R5'), { verdict: 'temporal', loop: 'Back to state 1' });
  // An error in the second action of a state: TLC counted the first action's successor (5, not 4).
  t.match(tlc('ErrorAfterSuccessor'), { verdict: 'error', counts: '5/3/0', depth: 2 });
  // A successor left without a value is generated, so counted, before TLC stops on it (6, not 4).
  t.match(tlc('IncompleteSuccessor'), { verdict: 'error', counts: '6/3/0', depth: 2 });
  t.same(tlc('IncompleteSuccessor').trace[2], { label: '<Bad line 6, col 8 to line 6, col 32>', lines: ['/\\ a = 0', '/\\ b = null', '/\\ c = 1'] }, 'the incomplete successor, null where it has no value');
  // A PROPERTY []P is TLC's implied invariant: reported as an invariant where the search first meets it.
  t.match(tlc('ImpliedInvariant'), { verdict: 'invariant Prop', counts: '5/4/0', depth: 3 });
  t.same(tlc('ImpliedInvariant').trace.map((s) => s.lines), [['a = 1'], ['a = 2'], ['a = 3']]);
  // Named after P when P is an operator applied to nothing ([]Small, [](FALSE)), else after the property.
  t.match(tlc('ImpliedInvariantNamed'), { verdict: 'invariant Small', counts: '3/3/0', depth: 3 });
  t.match(tlc('ImpliedInvariantFalse'), { verdict: 'invariant FALSE' });
  t.match(tlc('ImpliedInvariantConstant'), { verdict: 'invariant Prop', trace: [{ label: '<Initial predicate>', lines: ['/\\ a = 0', '/\\ b = 0'] }] });
  t.equal(tlc('ImpliedInvariantConstant').counts, undefined, 'no statistics after a bad initial state');
  // TLC names every property its counterexample violates, and warns after a stuttering one of a spec without fairness but for <>P.
  t.match(tlc('ThreeViolated'), { verdict: 'temporal', violated: 'OftenSeven, OftenTen, and EventuallySeven', warning: 'no-fairness', loop: 'Stuttering' });
  t.match(tlc('SeveralViolated'), { violated: 'OftenTen and EventuallySeven', loop: 'Back to state 1' });
  t.equal(tlc('SeveralViolated').warning, undefined);
  t.match(tlc('NoSpecificationStuttering'), { violated: 'OftenSeven', warning: 'no-specification' });
  t.match(tlc('NoFairnessEventually'), { violated: 'EventuallySeven', loop: 'Stuttering' });
  t.equal(tlc('NoFairnessEventually').warning, undefined, 'no warning after <>P');
  t.match(tlc('NoFairnessBranches'), { violated: 'OftenSeven and EventuallySeven', warning: 'no-fairness' });
  t.match(tlc('OftenFailingLast'), { violated: 'OftenTen', loop: 'Back to state 1' });
  // An action property violated by a step to a new state: TLC's depth counts that state (not one found before).
  t.match(tlc('ActionPropertyNew'), { verdict: 'action-property Prop', counts: '3/3/0', depth: 3 });
  t.match(tlc('ActionPropertyOld'), { verdict: 'action-property Prop', counts: '4/3/0', depth: 3 });
  // A successor a CONSTRAINT keeps out is still checked against the invariants, but neither counted as distinct nor deepens the search.
  t.match(tlc('InvariantOutsideConstraint'), { verdict: 'invariant Inv', counts: '2/1/0', depth: 1 });
  // An evaluation error: TLC's words by kind and phase, up to the behaviour or the state.
  t.equal(tlc('ChooseNone').message, [
    'Error: TLC threw an unexpected exception.',
    'This was probably caused by an error in the spec or model.',
    'See the User Output or TLC Console for clues to what happened.',
    'The exception was a java.lang.RuntimeException',
    ': Attempted to compute the value of an expression of form',
    'CHOOSE x \\in S: P, but no element of S satisfied P.',
    'line 6, col 26 to line 6, col 52 of module ChooseNone',
  ].join('\n'));
  t.equal(tlc('HeadEmpty').message, 'Error: Attempted to apply Head to the empty sequence.');
  t.match(tlc('InitInvChoose'), { verdict: 'error', counts: '1/1/1', trace: [{ label: '<Initial predicate>', lines: ['x = 0'] }] }, 'the state it was working on');
  t.match(tlc('InitInvHead'), { counts: '1/1/1', trace: [] }, 'no state after an error of its own kind');
  t.equal(tlc('LaterInvChoose').message?.split('\n')[0], 'Error: Evaluating invariant Inv failed.');
  // A liveness property's predicate failing on an initial state: TLC reports it first, then goes over
  // the initial states again, counting them anew, and reports what that meets: an invariant violated
  // there (with statistics), another error (its nested expressions only), or nothing.
  t.match(tlc('LiveInitInvariant'), { verdict: 'invariant Inv', counts: '1/1/1', depth: 1, trace: [{ label: '<Initial predicate>', lines: ['x = 0'] }] });
  t.equal(tlc('LiveInitInvariant').message, undefined);
  t.match(tlc('LiveInitInvError'), { verdict: 'error', counts: '1/1/1', message: 'Error: Attempted to apply Tail to the empty sequence.' });
  t.match(tlc('LiveInitAgain'), { verdict: 'error', counts: '3/3/3', message: 'Error: The second argument of \\div is 0.' });
  t.match(tlc('LiveInitOnly'), { verdict: 'error', counts: '1/1/1' });
});

t.test('reports that differ are reported as differing, by kind', async (t) => {
  const tlc = summarizeOutput(readFileSync(join(testdata, 'R1', 'tlc.out'), 'utf8'));
  t.match(compareSummaries(tlc, { ...tlc, counts: '5/4/2' }), { kind: 'counts', tlc: '4/4/2', ours: '5/4/2' });
  t.match(compareSummaries(tlc, { ...tlc, depth: 3 }), { kind: 'depth' });
  t.match(compareSummaries(tlc, { ...tlc, verdict: 'holds' }), { kind: 'verdict' });
  t.match(compareSummaries(tlc, { ...tlc, verdict: 'refused' }), { kind: 'ours-refused' });
  const otherState = tlc.trace.map((s, i) => (i === 1 ? { ...s, lines: [...s.lines].reverse() } : s));
  t.match(compareSummaries(tlc, { ...tlc, trace: otherState }), { kind: 'trace' }, 'the variables in another order');
  const live = summarizeOutput(readFileSync(join(testdata, 'R5', 'tlc.out'), 'utf8'));
  t.match(compareSummaries(live, { ...live, counts: '1/1/0' }), { kind: 'liveness-counterexample' });
  const named = summarizeOutput(readFileSync(join(testdata, 'ThreeViolated', 'tlc.out'), 'utf8'));
  t.match(compareSummaries(named, { ...named, violated: 'OftenSeven' }), { kind: 'liveness-counterexample' }, 'one property named of three');
  t.match(compareSummaries(named, { ...named, warning: undefined }), { kind: 'liveness-counterexample' }, 'no warning');
  const error = summarizeOutput(readFileSync(join(testdata, 'ChooseNone', 'tlc.out'), 'utf8'));
  t.match(compareSummaries(error, { ...error, message: 'Error: CHOOSE found no element of the set satisfying its body' }), { kind: 'message' });
});

t.test('a spec changed in one action is reported as differing from the original', async (t) => {
  // R1's A1 disabled: the invariant TLC finds violated through A1 then holds.
  const original = readFileSync(join(testdata, 'R1', 'R1.tla'), 'utf8');
  const changed = generateSpecLike('R1', original.replace('A1 == ', 'A1 == FALSE /\\ '), readFileSync(join(testdata, 'R1', 'R1.cfg'), 'utf8'));
  const tlc = summarizeOutput(readFileSync(join(testdata, 'R1', 'tlc.out'), 'utf8'));
  const difference = compareSummaries(tlc, await ourSummary(changed, 'compiled', 1));
  t.ok(difference, 'reported as differing');
  t.equal(difference?.kind, 'verdict');
});

/** Writes a spec of one module under `name` with its cfg, returns the .tla's path. */
function generateSpecLike(name: string, tla: string, cfg: string): string {
  return writeSpec({ seed: 0, name, modules: [{ file: `${name}.tla`, text: tla }], cfg, features: [] });
}
