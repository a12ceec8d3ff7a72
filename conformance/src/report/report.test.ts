// Reports from a real failing run (the single-node fake with its planted bug): the text account
// carries the seed, shrunk workload and replay command; TAP and JUnit are well formed; the HTML
// report opens in headless Chromium with its sequence diagram (skipped when Chromium is absent).
import t from 'tap';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SingleNodeFake } from '../fakes/single-node-fake.js';
import { runSuite } from '../suite.js';
import { TestCaseSchema } from '../test-case.js';
import { writeHtmlReport } from './html-report.js';
import { jsonSummary, junitReport, tapReport } from './machine-reports.js';
import { sequenceDiagram } from './sequence-diagram.js';
import { textReport } from './text-report.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));

const tests = [
  TestCaseSchema.parse({
    id: 'messaging/three-sends',
    abstraction: 'messaging',
    description: 'Three sends from a to b arrive once each.',
    properties: ['NoDuplication', 'PerPairFIFO'],
    nodes: 1,
    workload: {
      kind: 'script',
      steps: [
        { atNs: 0, op: { kind: 'spawn', as: 'a' } },
        { atNs: 10, op: { kind: 'spawn', as: 'b' } },
        ...[1, 2, 3].map((i) => ({ atNs: i * 1000, op: { kind: 'send', from: 'a', to: 'b' } })),
      ],
    },
  }),
  TestCaseSchema.parse({
    id: 'messaging/one-spawn',
    abstraction: 'messaging',
    description: 'One spawn.',
    properties: ['OperationsAnswered', 'TraceExplainedBySpec'],
    nodes: 1,
    workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a' } }] },
  }),
];
const suite = await runSuite(tests, 'buggy fake', () => new SingleNodeFake({ duplicateThirdSend: true }), { seed: 9 });
const context = { impl: 'python3 my impl.py' };

t.test('text report: status lines, the failure account and a summary', async (t) => {
  const text = textReport(suite, context);
  t.match(text, /^FAIL {4}messaging\/three-sends/m);
  t.match(text, /^PASS {4}messaging\/one-spawn \(\d+ ms\), trace validated in 1 of 1 run$/m);
  t.match(text, /NoDuplication: message 'm3' was delivered to p2@n1 twice/);
  t.match(text, /seed: 9/);
  t.match(text, /send a → b/);
  t.match(text, /replay: cloudos conform --tests messaging\/three-sends --seed 9 --impl 'python3 my impl\.py'/);
  t.match(text, /buggy fake: 1 passed, 1 failed, 0 unknown/);
});

t.test('json summary has passed, failed and tests with id, verdict and seed', async (t) => {
  const json = JSON.parse(JSON.stringify(jsonSummary(suite, context)));
  t.match(json, { passed: 1, failed: 1, tests: [{ id: 'messaging/three-sends', verdict: 'fail', seed: 9 }, { id: 'messaging/one-spawn', verdict: 'pass', seed: 9 }] });
  t.match(json.tests[0].replay, /--seed 9/);
  t.notOk('traceValidation' in json.tests[0], 'a test without TraceExplainedBySpec has no trace validation figure');
  t.same(json.tests[1].traceValidation, { runs: 1, validated: 1, unexplained: 0, notApplicable: 0, unknown: 0, validatedFraction: 1 });
});

t.test('TAP and JUnit', async (t) => {
  const tap = tapReport(suite, context);
  t.match(tap, /^TAP version 13\n1\.\.2\nnot ok 1 - messaging\/three-sends\n/);
  t.match(tap, /^ok 2 - messaging\/one-spawn$/m);
  const junit = junitReport(suite, context);
  t.match(junit, /<testsuite name="messaging" tests="2" failures="1" skipped="0">/);
  t.match(junit, /<failure message="message &apos;m3&apos;|<failure message="message 'm3' was delivered/);
});

t.test('the sequence diagram marks the violating entries', async (t) => {
  const failed = suite.tests[0]!;
  const svg = sequenceDiagram(failed.history, failed.nodes, { highlight: new Set(failed.violations.flatMap((v) => v.entries)) });
  t.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  t.match(svg, /class="bad">Delivered m3/);
  t.match(svg, />n1<\/text>/);
});

t.test('the HTML report renders in headless Chromium', { skip: CHROMIUM ? false : 'Chromium is not installed (apt-get install -y chromium)' }, async (t) => {
  const dir = t.testdir();
  const file = writeHtmlReport(join(dir, 'report'), suite, context);
  t.ok(existsSync(join(dir, 'report', 'results.json')));
  const dom = execFileSync(
    CHROMIUM!,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', pathToFileURL(file).href],
    { encoding: 'utf8', timeout: 90_000, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  t.match(dom, /<h1>cloudOS conformance report<\/h1>/);
  t.match(dom, /<strong>1 passed<\/strong>, <strong>1 failed<\/strong>/);
  t.match(dom, /<section id="messaging-three-sends" class="test failed">/);
  t.match(dom, /<svg[^>]*class="sequence"/);
  t.match(dom, /Delivered m3/);
});
