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
import { htmlReport, writeHtmlReport } from './html-report.js';
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
    // The test's own fault (harmless here): the failure account must list it (issue 8).
    faults: { schedule: [{ kind: 'heal', atNs: 500 }] },
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
  t.match(text, /^ +500 ns  fault heal$/m, "the test's own scheduled fault");
  t.match(text, /replay: cloudos conform --tests messaging\/three-sends --seed 9 --impl 'python3 my impl\.py'/);
  t.match(text, /buggy fake: 1 passed, 1 failed, 0 not applicable, 0 unknown .*protocol v2; the implementation speaks protocol v1, so it implements messaging, rpc\)/);
});

t.test('json summary has passed, failed and tests with id, verdict and seed', async (t) => {
  const json = JSON.parse(JSON.stringify(jsonSummary(suite, context)));
  t.match(json, { passed: 1, failed: 1, tests: [{ id: 'messaging/three-sends', verdict: 'fail', seed: 9 }, { id: 'messaging/one-spawn', verdict: 'pass', seed: 9 }] });
  t.match(json.tests[0].replay, /--seed 9/);
  t.notOk('traceValidation' in json.tests[0], 'a test without TraceExplainedBySpec has no trace validation figure');
  t.same(json.tests[1].traceValidation, { runs: 1, validated: 1, unexplained: 0, notApplicable: 0, unknown: 0, unvalidatedReasons: [], validatedFraction: 1 });
});

t.test('a run trace validation cannot check is reported unvalidated, with the reason, never as validated (issue 8)', async (t) => {
  const noProcesses = TestCaseSchema.parse({
    id: 'messaging/lookup-only',
    abstraction: 'messaging',
    description: 'A lookup and no process: nothing for Messaging.tla to explain.',
    properties: ['OperationsAnswered', 'TraceExplainedBySpec'],
    nodes: 1,
    workload: { kind: 'script', steps: [{ atNs: 0, node: 'n1', op: { kind: 'lookup', name: 'svc' } }] },
  });
  const unvalidated = await runSuite([noProcesses], 'fake', () => new SingleNodeFake({}), { seed: 9 });
  t.match(textReport(unvalidated, context), /^PASS {4}messaging\/lookup-only \(\d+ ms\), trace validated in 0 of 1 run; 1 unvalidated \(not in the spec's scope: no processes\)$/m);
  const json = JSON.parse(JSON.stringify(jsonSummary(unvalidated, context)));
  t.same(json.tests[0].traceValidation, { runs: 1, validated: 0, unexplained: 0, notApplicable: 1, unknown: 0, unvalidatedReasons: ["not in the spec's scope: no processes"], validatedFraction: 0 });
  // Over several seeds the figure counts the runs of every seed, not the last seed's alone.
  const threeSeeds = await runSuite([noProcesses], 'fake', () => new SingleNodeFake({}), { seed: 9, seeds: [9, 10, 11] });
  t.match(textReport(threeSeeds, context), /^PASS {4}messaging\/lookup-only \(3 seeds, \d+ ms\), trace validated in 0 of 3 runs; 3 unvalidated \(not in the spec's scope: no processes\)$/m);
});

// A version-2 port that declares messaging only and reports a cost on every step.
const messagingOnly = await runSuite(
  [
    TestCaseSchema.parse({
      id: 'rpc/one-call',
      abstraction: 'rpc',
      description: 'One call.',
      properties: ['ReplyMatchesCall'],
      nodes: 1,
      workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a' } }, { atNs: 10, op: { kind: 'call', from: 'a', to: 'a', semantics: 'at-most-once' } }] },
    }),
    tests[1]!,
  ],
  'messaging-only fake',
  () => new SingleNodeFake({ features: ['messaging'], costPerStep: { cycles: 1000, persistedBytes: 7 } }),
  { seed: 3 },
);

t.test('a test needing a feature the port lacks is not applicable in every format, never passed', async (t) => {
  t.same([messagingOnly.passed, messagingOnly.failed, messagingOnly.notApplicable, messagingOnly.unknown], [1, 0, 1, 0]);
  const text = textReport(messagingOnly, {});
  t.match(text, /^N\/A {5}rpc\/one-call \(not applicable: needs rpc; the implementation speaks protocol v2 and declares messaging\)/m);
  t.match(text, /1 passed, 0 failed, 1 not applicable, 0 unknown/);
  const json = JSON.parse(JSON.stringify(jsonSummary(messagingOnly, {})));
  t.match(json, { passed: 1, failed: 0, notApplicable: 1, declaration: { protocolVersion: 2, features: ['messaging'] } });
  t.match(json.tests[0], { id: 'rpc/one-call', features: ['messaging', 'rpc'], verdict: 'not-applicable', status: 'not-applicable', missingFeatures: ['rpc'] });
  t.notOk('replay' in json.tests[0], 'nothing to replay: it did not run');
  t.match(tapReport(messagingOnly, {}), /^ok 1 - rpc\/one-call # SKIP not applicable: needs rpc;/m);
  const junit = junitReport(messagingOnly, {});
  t.match(junit, /<testsuites name="cloudos conform" tests="2" failures="0" skipped="1"/);
  t.match(junit, /<skipped type="not-applicable" message="not applicable: needs rpc;/);
  const html = htmlReport(messagingOnly, {});
  t.match(html, /<strong>1 passed<\/strong>, <strong>0 failed<\/strong>, 1 not applicable/);
  t.match(html, /<tr class="not-applicable"><td>rpc\/one-call<\/td><td>not applicable \(needs rpc;/);
});

t.test('each report shows the costs the port reported, per test', async (t) => {
  const ran = messagingOnly.tests[1]!;
  // One init and one spawn: two steps of 1000 cycles and 7 persisted bytes each; no packets.
  t.same(ran.cost, { cycles: 2000, wireBytes: 0, persistedBytes: 14, steps: 2 });
  t.match(textReport(messagingOnly, {}), /PASS {4}messaging\/one-spawn \(\d+ ms; cost 2000 cycles, 0 bytes sent, 14 bytes persisted\)/);
  t.match(JSON.parse(JSON.stringify(jsonSummary(messagingOnly, {}))).tests[1].cost, { cycles: 2000, wireBytes: 0, persistedBytes: 14 });
  t.match(tapReport(messagingOnly, {}), /^ok 2 - messaging\/one-spawn\n# cost: 2000 cycles, 0 bytes sent, 14 bytes persisted$/m);
  t.match(junitReport(messagingOnly, {}), /<property name="cycles" value="2000"\/>/);
  t.match(htmlReport(messagingOnly, {}), /<td class="num">2000<\/td><td class="num">0<\/td><td class="num">14<\/td>/);
  t.equal(suite.tests[0]!.cost, undefined, 'a port that reports no cost has none');
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
  // A CPU limit per Chromium process (ulimit -t, inherited by the ones it starts), not a wall-clock
  // timeout: a loaded machine slows Chromium's start-up without making it use more CPU.
  const dom = execFileSync(
    '/bin/sh',
    ['-c', 'ulimit -t 90 && exec "$0" "$@"', CHROMIUM!, '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${join(dir, 'profile')}`, '--dump-dom', pathToFileURL(file).href],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  t.match(dom, /<h1>cloudOS conformance report<\/h1>/);
  t.match(dom, /<strong>1 passed<\/strong>, <strong>1 failed<\/strong>/);
  t.match(dom, /<section id="messaging-three-sends" class="test failed">/);
  t.match(dom, /<svg[^>]*class="sequence"/);
  t.match(dom, /Delivered m3/);
});
