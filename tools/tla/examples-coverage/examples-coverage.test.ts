// The coverage tool's selection, comparison and summary, on a small fixture checkout written here
// (testdata/specifications: manifests in the tlaplus/Examples schema, two tiny specs).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRepoRoot, temporaryFolder } from '../../../conventions/index.js';
import type { CheckOutcome } from '../corpus/run-check.js';
import { runtimeSeconds, selectExampleModels, selectModels, selectUnrecordedExampleModels, type ExampleModel } from './examples-manifest.js';
import { classifyOutcome, firstDiagnostic, formatSummary, summarize } from './coverage-outcome.js';
import { recheckedByTLC, withRecheckedCounts } from './tlc-rechecked.js';
import { tlcAnswer } from './tlc-answer.js';
import { TlcCache } from './tlc-cache.js';

const fixture = fromRepoRoot('tools', 'tla', 'examples-coverage', 'testdata');

t.test('runtimes: HH:MM:SS in seconds, unknown is null', async (t) => {
  t.equal(runtimeSeconds('00:00:30'), 30);
  t.equal(runtimeSeconds('01:02:03'), 3723);
  t.equal(runtimeSeconds('unknown'), null);
  t.equal(runtimeSeconds('1:00'), null);
});

t.test('selection: exhaustive search with a recorded distinct count and at most 30 s', async (t) => {
  const models = selectExampleModels(fixture);
  t.same(
    models.map((m) => m.cfg),
    ['specifications/Counter/Counter.cfg', 'specifications/Counter/CounterWrong.cfg', 'specifications/Forever/Forever.cfg', 'specifications/Missing/UsesAbsent.cfg'],
    'slow (31 s), symbolic, simulated and unknown-runtime models are left out; a folder without a manifest is skipped',
  );
  t.same(models[0], { spec: 'specifications/Counter/Counter.tla', cfg: 'specifications/Counter/Counter.cfg', result: 'success', distinctStates: 4, totalStates: 4, stateDepth: 4, runtimeSeconds: 1 });
});

t.test('a malformed manifest is an error naming the file and the field', async (t) => {
  t.throws(() => selectModels({ modules: [{ path: 'A.tla', models: [{ path: 'A.cfg', runtime: '00:00:01', mode: 'exhaustive search', result: 'fine' }] }] }, 'x/manifest.json'), /x\/manifest\.json: not a tlaplus\/Examples manifest:[\s\S]*modules\[0\]\.models\[0\]\.result/);
  t.throws(() => selectExampleModels(join(fixture, 'specifications')), /has no specifications\/ folder/);
});

const model: ExampleModel = { spec: 'S.tla', cfg: 'S.cfg', result: 'success', distinctStates: 4, totalStates: 4, stateDepth: 4, runtimeSeconds: 1 };
const run = (fields: Partial<CheckOutcome>): CheckOutcome => ({ exitCode: 0, killedAtTimeout: false, verdict: 'holds', stdout: '', stderr: '', ...fields });

t.test('classification against the recorded answer', async (t) => {
  t.equal(classifyOutcome(model, run({ distinctStates: 4, statesGenerated: 4, depth: 4 })).kind, 'exact');
  t.same(classifyOutcome(model, run({ distinctStates: 5, statesGenerated: 4, depth: 4 })), { cfg: 'S.cfg', kind: 'wrong', cause: 'distinct 5, TLC 4' });
  t.same(classifyOutcome(model, run({ distinctStates: 4, statesGenerated: 9, depth: 3 })).cause, 'generated 9, TLC 4; depth 3, TLC 4');
  t.same(classifyOutcome(model, run({ exitCode: 1, verdict: 'invariant-violated', distinctStates: 4, statesGenerated: 4, depth: 4 })).cause, 'verdict invariant-violated, TLC success');
  t.same(classifyOutcome({ ...model, result: 'deadlock failure' }, run({ exitCode: 1, verdict: 'deadlock', distinctStates: 4, statesGenerated: 4, depth: 4 })).kind, 'exact');
  const { totalStates: _t, stateDepth: _d, ...distinctOnly } = model;
  t.equal(classifyOutcome(distinctOnly, run({ distinctStates: 4, statesGenerated: 17, depth: 9 })).kind, 'exact', 'counts TLC did not record are not compared');
  t.same(classifyOutcome(model, run({ exitCode: 65, stderr: 'S.tla:2:15: error E2003: module not found: X\n  2 | EXTENDS X\n' })), { cfg: 'S.cfg', kind: 'refused', cause: 'E2003 module not found: X' });
  t.same(classifyOutcome(model, run({ exitCode: 65, verdict: 'other', stdout: '{"result":"error","violation":{"kind":"error","message":"E3007: \\\\cup: cannot enumerate the infinite set Int"}}' })).cause, 'E3007 \\cup: cannot enumerate the infinite set Int');
  t.same(classifyOutcome(model, run({ exitCode: 65 })).cause, 'exit 65 without a diagnostic');
  t.equal(classifyOutcome(model, run({ exitCode: 2, verdict: 'other' })).kind, 'timeout');
  t.equal(classifyOutcome(model, run({ exitCode: null, killedAtTimeout: true })).kind, 'timeout');
  t.same(classifyOutcome(model, run({ exitCode: 70, stderr: '\ninternal error: boom\n  at x\n' })), { cfg: 'S.cfg', kind: 'crashed', cause: 'exit 70: internal error: boom' });
  t.equal(firstDiagnostic('Model checking S with 1 worker.\n'), null);
});

t.test('counts TLC gives today replace a manifest\'s stale ones', async (t) => {
  const stale: ExampleModel = { ...model, cfg: 'x/Stale.cfg', stateDepth: 37 };
  const rechecked = withRecheckedCounts(stale, { 'x/Stale.cfg': { stateDepth: 36, manifest: 'depth 37' } });
  t.equal(rechecked.stateDepth, 36);
  t.equal(classifyOutcome(rechecked, run({ distinctStates: 4, statesGenerated: 4, depth: 36 })).kind, 'exact');
  t.equal(classifyOutcome(stale, run({ distinctStates: 4, statesGenerated: 4, depth: 36 })).kind, 'wrong', 'against the manifest it differs');
  t.same(withRecheckedCounts(model), model, 'a model without a recheck is unchanged');
  t.ok(Object.values(recheckedByTLC).every((r) => r.stateDepth !== undefined || r.totalStates !== undefined), 'every recheck corrects a count');
});

t.test('summary: totals by kind, causes grouped and most frequent first, wrong answers one by one', async (t) => {
  const summary = summarize([
    { cfg: 'a.cfg', kind: 'exact', cause: '4 distinct' },
    { cfg: 'b.cfg', kind: 'refused', cause: 'E2003 module not found: X' },
    { cfg: 'c.cfg', kind: 'refused', cause: 'E2003 module not found: X' },
    { cfg: 'd.cfg', kind: 'wrong', cause: 'distinct 5, TLC 4' },
    { cfg: 'e.cfg', kind: 'wrong', cause: 'distinct 5, TLC 4' },
    { cfg: 'f.cfg', kind: 'timeout', cause: 'no verdict within the CPU time limit' },
  ]);
  t.same(summary.byKind, { exact: 1, wrong: 2, refused: 2, timeout: 1, crashed: 0, 'no-tlc': 0 });
  t.same(summary.byCause.map((g) => [g.kind, g.models]), [['refused', ['b.cfg', 'c.cfg']], ['timeout', ['f.cfg']], ['wrong', ['d.cfg']], ['wrong', ['e.cfg']]]);
  t.equal(
    formatSummary(summary),
    'exact 1/6 (16.7 %), wrong 2, refused 2, timeout 1, crashed 0\n    2  refused  E2003 module not found: X\n    1  timeout  no verdict within the CPU time limit\n    1  wrong    distinct 5, TLC 4\n    1  wrong    distinct 5, TLC 4\n',
  );
});

t.test('the command end to end on the fixture checkout', async (t) => {
  const json = join(temporaryFolder('examples-coverage-'), 'coverage.json');
  // Forever never ends: 3 s of its CPU time stop it, however loaded the machine.
  const child = spawnSync(process.execPath, [fromRepoRoot('dist', 'tools', 'tla', 'examples-coverage', 'main.js'), '--json', json, '--timeout', '3'], {
    encoding: 'utf8',
    env: { ...process.env, TLA_EXAMPLES: fixture },
  });
  t.equal(child.status, 0, 'exit 0', { stderr: child.stderr });
  t.match(child.stdout, /^exact +specifications\/Counter\/Counter\.cfg  4 distinct$/m);
  t.match(child.stdout, /^wrong +specifications\/Counter\/CounterWrong\.cfg  distinct 4, TLC 5$/m);
  t.match(child.stdout, /^refused +specifications\/Missing\/UsesAbsent\.cfg  E2003 module not found: NoSuchModule$/m);
  t.match(child.stdout, /^timeout +specifications\/Forever\/Forever\.cfg  no verdict within the CPU time limit$/m);
  t.match(child.stdout, /^exact 1\/4 \(25\.0 %\), wrong 1, refused 1, timeout 1, crashed 0$/m);
  t.same(JSON.parse(readFileSync(json, 'utf8')).summary.byKind, { exact: 1, wrong: 1, refused: 1, timeout: 1, crashed: 0, 'no-tlc': 0 });
  const unset = spawnSync(process.execPath, [fromRepoRoot('dist', 'tools', 'tla', 'examples-coverage', 'main.js')], { encoding: 'utf8', env: { ...process.env, TLA_EXAMPLES: '' } });
  t.equal(unset.status, 64, 'TLA_EXAMPLES unset: usage error');
  t.match(unset.stderr, /TLA_EXAMPLES is not set/);
});

t.test('unrecorded: exhaustive search without a distinct count, at most 60 s', async (t) => {
  t.same(
    selectUnrecordedExampleModels(fixture).map((m) => m.cfg),
    ['specifications/Unrecorded/Steps.cfg', 'specifications/Unrecorded/StepsHold.cfg', 'specifications/Unrecorded/StepsNoTlc.cfg'],
    'recorded counts, 61 s (StepsSlow), unknown runtime and simulation are left out; 60 s is in',
  );
});

const tlcReport = (cfg: string): string => readFileSync(join(fixture, 'tlc-output', `${cfg}.out`), 'utf8');
const unrecorded = { spec: 'specifications/Unrecorded/Steps.tla', cfg: 'specifications/Unrecorded/Steps.cfg', result: 'success' as const, runtimeSeconds: 45 };

t.test("TLC's report read as a manifest records it, with the violation's property and length", async (t) => {
  const violated = tlcAnswer(unrecorded, { output: tlcReport('Steps.cfg'), exitCode: 12, timedOut: false });
  t.same(violated, { kind: 'answer', model: { ...unrecorded, result: 'safety failure', distinctStates: 4, totalStates: 6, stateDepth: 2, property: 'Small', traceLength: 2 } }, "TLC's answer, not the manifest's result");
  const holds = tlcAnswer(unrecorded, { output: tlcReport('StepsHold.cfg'), exitCode: 0, timedOut: false });
  t.same(holds, { kind: 'answer', model: { ...unrecorded, result: 'success', distinctStates: 7, totalStates: 12, stateDepth: 4 } });
  t.same(tlcAnswer(unrecorded, { output: '', exitCode: null, timedOut: true }), { kind: 'none', cause: 'TLC: no verdict within the CPU time limit' });
  t.match(tlcAnswer(unrecorded, { output: 'Error: Parsing or semantic analysis failed.\n', exitCode: 150, timedOut: false }), { kind: 'none', cause: /^TLC: refused, exit 150: Error: Parsing/ });
  if (violated.kind !== 'answer') return;
  const ours = run({ exitCode: 1, verdict: 'invariant-violated', property: 'Small', traceLength: 2, distinctStates: 4, statesGenerated: 6, depth: 2 });
  t.equal(classifyOutcome(violated.model, ours).kind, 'exact');
  t.same(classifyOutcome(violated.model, { ...ours, statesGenerated: 7 }).cause, 'generated 7, TLC 6', 'one state generated more at the stop');
  t.same(classifyOutcome(violated.model, { ...ours, property: 'TypeOK', traceLength: 3 }).cause, 'trace length 3, TLC 2; property TypeOK, TLC Small');
});

t.test('--unrecorded end to end, TLC played by its recorded reports', async (t) => {
  const main = fromRepoRoot('dist', 'tools', 'tla', 'examples-coverage', 'main.js');
  const env = { ...process.env, TLA_EXAMPLES: fixture };
  const child = spawnSync(process.execPath, [main, '--unrecorded', '--tlc-jar', 'tla2tools.jar', '--java', join(fixture, 'fake-java.sh'), '--tlc-cache', temporaryFolder('tlc-cache-')], { encoding: 'utf8', env });
  t.equal(child.status, 0, 'exit 0', { stderr: child.stderr });
  t.match(child.stdout, /^exact +specifications\/Unrecorded\/Steps\.cfg  4 distinct$/m);
  t.match(child.stdout, /^exact +specifications\/Unrecorded\/StepsHold\.cfg  7 distinct$/m);
  t.match(child.stdout, /^no-tlc +specifications\/Unrecorded\/StepsNoTlc\.cfg  TLC: refused, exit 150/m);
  t.match(child.stdout, /^exact 2\/3 \(66\.7 %\), wrong 0, refused 0, timeout 0, crashed 0, no TLC answer 1$/m);
  const alone = spawnSync(process.execPath, [main, '--unrecorded'], { encoding: 'utf8', env });
  t.equal(alone.status, 64, '--unrecorded without --tlc-jar: usage error');
  t.match(alone.stderr, /--unrecorded and --tlc-jar go together/);
});

t.test("--unrecorded keeps TLC's reports between runs, cheapest model first", async (t) => {
  const main = fromRepoRoot('dist', 'tools', 'tla', 'examples-coverage', 'main.js');
  const scratch = temporaryFolder('tlc-cache-');
  const checkout = join(scratch, 'checkout');
  cpSync(join(fixture, 'specifications'), join(checkout, 'specifications'), { recursive: true });
  // TLC played as above, each run of it counted.
  const runs = join(scratch, 'runs');
  const java = join(scratch, 'java.sh');
  writeFileSync(java, `#!/bin/sh\necho run >> '${runs}'\nexec '${join(fixture, 'fake-java.sh')}' "$@"\n`);
  chmodSync(java, 0o755);
  const jar = join(scratch, 'tla2tools.jar');
  writeFileSync(jar, 'one build of TLC');
  const cache = join(scratch, 'cache');
  const coverage = () => spawnSync(process.execPath, [main, '--unrecorded', '--tlc-jar', jar, '--java', java, '--tlc-cache', cache], { encoding: 'utf8', env: { ...process.env, TLA_EXAMPLES: checkout } });
  const tlcRuns = (): number => (existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').length - 1 : 0);

  const first = coverage();
  t.equal(first.status, 0, 'exit 0', { stderr: first.stderr });
  t.equal(tlcRuns(), 3, 'TLC runs once per model');
  const lines = first.stdout.split('\n').filter((l) => /^(exact|no-tlc) +specifications/.test(l));
  t.same(lines.map((l) => l.split(/ +/)[1]), ['specifications/Unrecorded/StepsNoTlc.cfg', 'specifications/Unrecorded/Steps.cfg', 'specifications/Unrecorded/StepsHold.cfg'], 'by the manifest\'s runtime: 1 s, 45 s, 60 s');

  const second = coverage();
  t.equal(tlcRuns(), 3, 'a second run asks TLC nothing');
  t.equal(second.stdout, first.stdout, 'and answers the same');
  t.match(second.stderr, /TLC on specifications\/Unrecorded\/Steps\.cfg: its report kept in /);

  appendFileSync(join(checkout, 'specifications', 'Unrecorded', 'Steps.tla'), '\\* edited\n');
  coverage();
  t.equal(tlcRuns(), 6, 'a file of the models\' folder changed: TLC again on its three models');
  writeFileSync(jar, 'another build of TLC');
  coverage();
  t.equal(tlcRuns(), 9, 'another jar: TLC again');
});

t.test('a kept report stopped at the CPU limit answers only a limit no larger', async (t) => {
  const cache = new TlcCache(temporaryFolder('tlc-cache-'));
  const stopped = { output: '', exitCode: null, timedOut: true };
  cache.set('a', 60, stopped);
  t.same(cache.get('a', 60), stopped);
  t.same(cache.get('a', 30), stopped, 'no verdict in 60 s: none in 30 s either');
  t.equal(cache.get('a', 120), undefined, 'with more time TLC may answer: run it again');
  const answered = { output: 'Model checking completed. No error has been found.\n', exitCode: 0, timedOut: false };
  cache.set('b', 60, answered);
  t.same(cache.get('b', 600), answered, 'a verdict holds under any limit');
  t.equal(cache.get('c', 60), undefined);
  writeFileSync(join(cache.folder, 'd.json'), '{"cpuLimit');
  t.equal(cache.get('d', 60), undefined, 'a torn entry is no answer');
});
