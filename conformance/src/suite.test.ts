// The suite's plumbing: every test file in the tree loads and is named after its place; globs
// select tests; expected-failures files are checked line by line; results are classified
// (an unexpected pass is reported); bad test data names the file and the field.
import t from 'tap';
import { SingleNodeFake } from './fakes/single-node-fake.js';
import { classify, discoverTests, globToRegExp, parseExpectedFailures, runMutants, runSuite } from './suite.js';
import { parseTestCase, TestCaseError, TestCaseSchema } from './test-case.js';
import type { TestResult } from './run-test.js';

t.test('every test in conformance/tests loads, with an id matching its file', async (t) => {
  const tests = discoverTests();
  t.ok(tests.length >= 15, `${tests.length} tests`);
  const abstractions = new Set(tests.map((test) => test.abstraction));
  t.same([...abstractions].sort(), ['messaging', 'rpc']);
  t.ok(tests.some((test) => test.workload.kind === 'generated'), 'some workloads are generated');
  t.ok(tests.some((test) => test.faults.schedule.some((f) => f.kind === 'crash')), 'some tests crash nodes');
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
  t.match(error({ ...base, properties: ['AtMostTwice'] }), /x\.json: properties\.0: Invalid option/);
  t.match(error({ ...base, workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'A' } }] } }), /workload\.steps\.0\.op\.as: a label is lower-case/);
  t.match(error({ ...base, workload: { kind: 'script', steps: [{ atNs: 0, node: 'n7', op: { kind: 'spawn', as: 'a' } }] } }), /workload\.steps\.0\.node: unknown node 'n7'; this test has n1, n2, n3/);
  t.match(error({ ...base, faults: { schedule: [{ kind: 'crash', atNs: 5, node: 'n9' }] } }), /faults\.schedule\.0: unknown node 'n9'/);
  t.match(error({ ...base, faults: { randomCrashes: { meanTimeBetweenCrashesNs: 5, restartAfterNs: 5 } } }), /faults\.randomCrashes: not supported by the conformance runner; list crashes and restarts in faults\.schedule/);
  t.match(error(base, 'conformance/tests/rpc/y.json'), /id: 'rpc\/x' does not match the file's place; it should be 'rpc\/y'/);
});
