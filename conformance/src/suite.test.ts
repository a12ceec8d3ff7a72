// The suite's plumbing: every test file in the tree loads and is named after its place; globs
// select tests; expected-failures files are checked line by line; results are classified
// (an unexpected pass is reported); bad test data names the file and the field.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { SingleNodeFake } from './fakes/single-node-fake.js';
import { classify, discoverTests, globToRegExp, parseExpectedFailures, parseFeatureList, runMutants, runSuite, selectByFeatures, TESTS_DIR } from './suite.js';
import { loadTestCase, parseTestCase, TestCaseError, TestCaseSchema } from './test-case.js';
import type { TestResult } from './run-test.js';
import { fromRepoRoot } from '../../conventions/index.js';

t.test('every test in conformance/tests loads, with an id matching its file', async (t) => {
  const tests = discoverTests();
  t.ok(tests.length >= 15, `${tests.length} tests`);
  const abstractions = new Set(tests.map((test) => test.abstraction));
  const folders = readdirSync(fromRepoRoot(TESTS_DIR), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
  t.same([...abstractions].sort(), folders.sort(), 'one folder per abstraction, each holding tests');
  t.ok(tests.some((test) => test.workload.kind === 'generated'), 'some workloads are generated');
  t.ok(tests.some((test) => test.faults.schedule.some((f) => f.kind === 'crash')), 'some tests crash nodes');
});

t.test('every test file names the features it needs (Test262 style), and they cover its operations', async (t) => {
  for (const test of discoverTests()) {
    const raw = JSON.parse(readFileSync(fromRepoRoot(`conformance/tests/${test.id}.json`), 'utf8')) as { features?: string[] };
    t.ok(raw.features !== undefined, `${test.id} states its features`);
    t.ok(test.features.includes(test.abstraction), `${test.id} needs its own abstraction`);
  }
});

t.test('--features selects the tests that need any of the features, and refuses unknown names', async (t) => {
  const tests = discoverTests();
  const rpc = selectByFeatures(tests, parseFeatureList('rpc'));
  t.ok(rpc.length > 0 && rpc.every((test) => test.features.includes('rpc')), 'the tests that need RPC');
  t.equal(rpc.length, tests.filter((test) => test.features.includes('rpc')).length);
  t.ok(rpc.some((test) => test.abstraction !== 'rpc'), 'including tests of other abstractions that make calls');
  t.equal(selectByFeatures(tests, parseFeatureList('messaging, rpc, quotas')).length, tests.length);
  t.throws(() => parseFeatureList('rpc,teleport'), /unknown feature 'teleport'; the features are messaging, rpc, /);
  t.throws(() => parseFeatureList(' , '), /names no feature/);
});

t.test('globs select tests by id or path', async (t) => {
  t.ok(globToRegExp('rpc/*').test('rpc/at-most-once-duplicates'));
  t.notOk(globToRegExp('rpc/*').test('messaging/fifo-across-nodes'));
  t.ok(globToRegExp('**/fifo-*').test('messaging/fifo-across-nodes'));
  t.notOk(globToRegExp('rpc/a.b').test('rpc/axb'), 'dots are literal');
  t.same(discoverTests('rpc/exactly-once-*').map((test) => test.id), ['rpc/exactly-once-server-crash']);
  t.same(discoverTests('conformance/tests/messaging/no-duplicates.json').map((test) => test.id), ['messaging/no-duplicates']);
});

t.test('an expected-failures file names unknown ids by line', async (t) => {
  const known = new Set(['rpc/a', 'rpc/b']);
  t.same([...parseExpectedFailures('# known gaps\nrpc/a  # not yet\n\n', 'gaps.txt', known)], ['rpc/a']);
  t.throws(() => parseExpectedFailures('rpc/a\nrpc/zzz\n', 'gaps.txt', known), /gaps\.txt:2: 'rpc\/zzz' is not a test id/);
});

t.test('classify: expectations from the test and from the known-gaps list', async (t) => {
  const result = (verdict: TestResult['verdict'], expected: 'pass' | 'fail' = 'pass') => ({ verdict, expected }) as TestResult;
  t.equal(classify(result('pass'), false), 'passed');
  t.equal(classify(result('fail'), false), 'failed');
  t.equal(classify(result('broken'), false), 'failed');
  t.equal(classify(result('fail'), true), 'expected-failure');
  t.equal(classify(result('pass'), true), 'unexpected-pass');
  t.equal(classify(result('fail', 'fail'), false), 'expected-failure', 'a negative test');
  t.equal(classify(result('unknown'), true), 'unknown');
  t.equal(classify(result('not-applicable'), false), 'not-applicable');
  t.equal(classify(result('not-applicable'), true), 'not-applicable', 'not an unexpected pass');
  t.equal(classify(result('not-applicable', 'fail'), false), 'not-applicable', 'nor an expected failure');
});

t.test('runSuite counts not-applicable apart from passed and failed; a mutant is not rejected by a test it cannot run', async (t) => {
  const call = TestCaseSchema.parse({
    id: 'rpc/one-call', abstraction: 'rpc', description: 'one call', properties: ['ReplyMatchesCall'], nodes: 1,
    workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a' } }, { atNs: 10, op: { kind: 'call', from: 'a', to: 'a', semantics: 'exactly-once' } }] },
  });
  t.same(call.features, ['messaging', 'rpc'], 'features default to those of the operations');
  const messagingOnly = () => new SingleNodeFake({ features: ['messaging'] });
  const suite = await runSuite([call], 'fake', messagingOnly, { seed: 1, expectedFailures: new Set(['rpc/one-call']) });
  t.same([suite.passed, suite.failed, suite.notApplicable, suite.unknown, suite.unexpectedPasses], [0, 0, 1, 0, 0]);
  t.match(suite.tests[0], { verdict: 'not-applicable', status: 'not-applicable', missingFeatures: ['rpc'], declaration: { protocolVersion: 2, features: ['messaging'] } });
  const score = await runMutants([call], [{ name: 'lacks-rpc', factory: messagingOnly }], { seed: 1 });
  t.same(score.mutants.map((m) => m.rejected), [false]);
});

t.test('a generated test is not applicable after one run, without running its other workloads', async (t) => {
  const generated = TestCaseSchema.parse({
    id: 'rpc/generated', abstraction: 'rpc', description: 'generated calls', properties: ['ReplyMatchesCall'], nodes: 1,
    workload: { kind: 'generated', generator: { kinds: ['call'], runs: 20 } },
  });
  let runs = 0;
  const suite = await runSuite([generated], 'fake', () => (runs++, new SingleNodeFake({ features: ['messaging'] })), { seed: 1 });
  t.equal(suite.tests[0]!.status, 'not-applicable');
  t.equal(runs, 1);
});

t.test('runSuite counts an unexpected pass as a failure to update the list', async (t) => {
  const test = TestCaseSchema.parse({
    id: 'messaging/tiny',
    abstraction: 'messaging',
    description: 'one spawn',
    properties: ['OperationsAnswered'],
    nodes: 1,
    workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a' } }] },
  });
  const suite = await runSuite([test], 'fake', () => new SingleNodeFake(), { seed: 1, expectedFailures: new Set(['messaging/tiny']) });
  t.equal(suite.tests[0]!.status, 'unexpected-pass');
  t.equal(suite.failed, 1);
  t.equal(suite.unexpectedPasses, 1);
});

t.test('a mutant is rejected when a test ends otherwise than it expects, also for `expected: fail`', async (t) => {
  const documentsDuplication = TestCaseSchema.parse({
    id: 'messaging/three-sends',
    abstraction: 'messaging',
    description: 'the planted duplicate is what this test expects',
    properties: ['NoDuplication'],
    nodes: 1,
    expected: 'fail',
    workload: {
      kind: 'script',
      steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a' } }, { atNs: 10, op: { kind: 'spawn', as: 'b' } }, ...[1, 2, 3].map((i) => ({ atNs: i * 1000, op: { kind: 'send', from: 'a', to: 'b' } }))],
    },
  });
  const score = await runMutants([documentsDuplication], [
    { name: 'duplicates-as-expected', factory: () => new SingleNodeFake({ duplicateThirdSend: true }) },
    { name: 'no-duplicate', factory: () => new SingleNodeFake() },
  ], { seed: 1 });
  t.same(score.mutants.map((m) => [m.name, m.rejected]), [['duplicates-as-expected', false], ['no-duplicate', true]]);
  t.match(score.mutants[1]!.detectedBy, { id: 'messaging/three-sends', property: 'passed a test that expects a failure' });
});

t.test('an interrupted mutant run leaves the unfinished mutant out instead of calling it a survivor', async (t) => {
  const tiny = (id: string) => TestCaseSchema.parse({
    id, abstraction: 'messaging', description: 'one spawn', properties: ['OperationsAnswered'], nodes: 1,
    workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a' } }] },
  });
  const interrupt = new AbortController();
  const score = await runMutants([tiny('messaging/one'), tiny('messaging/two')], [
    // Ctrl-C arrives while the first test runs; the second never starts.
    { name: 'interrupted-after-one-test', factory: () => (interrupt.abort(), new SingleNodeFake()) },
    { name: 'never-started', factory: () => new SingleNodeFake() },
  ], { seed: 1, signal: interrupt.signal });
  t.same(score.mutants, []);
  t.equal(score.total, 0);
});

t.test('bad test data names the file and the field', async (t) => {
  const base = { id: 'rpc/x', abstraction: 'rpc', description: 'd', properties: ['AtMostOnce'], workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a' } }] } };
  const error = (json: unknown, file = 'conformance/tests/rpc/x.json') => {
    try {
      parseTestCase(typeof json === 'string' ? json : JSON.stringify(json), file);
      return 'no error';
    } catch (e) {
      t.type(e, TestCaseError);
      return (e as Error).message;
    }
  };
  t.match(error('{'), /^conformance\/tests\/rpc\/x\.json: not JSON/);
  t.match(error({ ...base, properties: ['AtMostTwice'] }), /x\.json: properties\[0\]: Invalid option/);
  t.match(error({ ...base, workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'A' } }] } }), /workload\.steps\[0\]\.op\.as: a label is lower-case/);
  t.match(error({ ...base, workload: { kind: 'script', steps: [{ atNs: 0, node: 'n7', op: { kind: 'spawn', as: 'a' } }] } }), /workload\.steps\[0\]\.node: unknown node 'n7'; this test has n1, n2, n3/);
  t.match(error({ ...base, faults: { schedule: [{ kind: 'crash', atNs: 5, node: 'n9' }] } }), /faults\.schedule\[0\]\.node: unknown node 'n9'/);
  t.match(error({ ...base, faults: { schedule: [{ kind: 'partition', atNs: 5, groups: [['n1'], ['n2', 'n8']] }] } }), /faults\.schedule\[0\]\.groups\[1\]\[1\]: unknown node 'n8'; this test has n1, n2, n3/);
  const skew = (offsetNs: number, atNs: number) => ({ ...base, faults: { schedule: [{ kind: 'crash', atNs: 5, node: 'n1' }, { kind: 'clock-skew', atNs, node: 'n2', offsetNs, driftPpm: -1000 }] } });
  t.match(error(skew(-30_000_000, 0)), /faults\.schedule\[1\]\.offsetNs: -30000000 would set node n2's clock to -30000000 ns at 0 ns, but every input's timeNs must be at least 0 .*use an offset of at least 0 here/);
  t.match(error(skew(-30_000_000, 20_000_000)), /faults\.schedule\[1\]\.offsetNs: .* to -10020000 ns at 20000000 ns.*at least -19980000/, 'drift counted');
  t.equal(error(skew(-30_000_000, 40_000_000)), 'no error', 'applied late enough, a negative offset keeps the clock at or above 0');
  t.match(error({ ...base, faults: { randomCrashes: { meanTimeBetweenCrashesNs: 5, restartAfterNs: 5 } } }), /faults\.randomCrashes: not supported by the conformance runner; list crashes and restarts in faults\.schedule/);
  t.match(error(base, 'conformance/tests/rpc/y.json'), /id: 'rpc\/x' does not match the file's place; it should be 'rpc\/y'/);
  const calls = { ...base, workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'call', from: 'a', to: 'a', semantics: 'at-most-once' } }] } };
  t.match(error({ ...calls, features: ['messaging'] }), /x\.json: features: the workload uses 'rpc' \(remote procedure calls.*\); add it to features/);
  t.match(error({ ...calls, features: ['rpc', 'teleport'] }), /features\[1\]: Invalid option: expected one of "messaging"\|"rpc"/);
  // A file listed, then removed before it was read (deleted while conform starts): an error naming it, not a stack trace.
  const gone = fromRepoRoot(TESTS_DIR, 'rpc', 'removed-while-listing.json');
  t.throws(() => loadTestCase(gone), new TestCaseError(gone, 'cannot be read (ENOENT); if it was removed or renamed while the tests were being listed, run again'));
});
