// The reference kernel end to end, through the conformance suite's runner and checkers exactly
// as any port runs: the whole suite on several seeds, then what this kernel in particular does
// (its placement choices, its errors after a server restart, orphaned calls) read from the
// histories the suite recorded.
import t, { type Test } from 'tap';
import { discoverTests, parseTestCase, replayCommand, runSuite, runTest, type TestCase, type TestResult } from '../../conformance/src/index.js';
import { referenceFactory } from './index.js';

type Entry = TestResult['history'][number];
type Outcome = Extract<Entry, { kind: 'complete' }>['outcome'];
type Operation = Extract<Entry, { kind: 'invoke' }>['op'];

const suiteTests = new Map(discoverTests().map((test) => [test.id, test]));

function suiteTest(id: string): TestCase {
  const test = suiteTests.get(id);
  if (test === undefined) throw new Error(`no conformance test ${id} under conformance/tests`);
  return test;
}

/** A test written here, in the suite's own format, for behaviour no suite test pins down. */
function scenario(name: string, fields: Record<string, unknown>): TestCase {
  return parseTestCase(JSON.stringify({ id: `reference/${name}`, description: name, ...fields }), `reference/src/end-to-end.test.ts (${name})`);
}

/** Runs a test on the reference kernel and requires it to pass; the message carries the replay line. */
async function passing(t: Test, test: TestCase, seed: number): Promise<TestResult> {
  const result = await runTest(test, referenceFactory(), { seed });
  const found = result.violations.map((v) => `${v.property}: ${v.message}`).join('; ') || result.protocolViolation?.detail || result.unknownReason || '';
  t.equal(result.verdict, 'pass', `${test.id}, seed ${seed} ${found} (replay: ${replayCommand(test.id, seed, {})})`);
  return result;
}

/** Each operation the run issued, in order, with how it ended (undefined: it never did). */
function operations(result: TestResult): { node: string; op: Operation; outcome: Outcome | undefined }[] {
  const outcomes = new Map<number, Outcome>();
  for (const entry of result.history) if (entry.kind === 'complete') outcomes.set(entry.opId, entry.outcome);
  return result.history.flatMap((entry) => (entry.kind === 'invoke' ? [{ node: entry.node, op: entry.op, outcome: outcomes.get(entry.opId) }] : []));
}

function events(result: TestResult, kind: string): Extract<Entry, { kind: 'event' }>[] {
  return result.history.filter((entry): entry is Extract<Entry, { kind: 'event' }> => entry.kind === 'event' && entry.event.kind === kind);
}

const ofKind = (result: TestResult, kind: Operation['kind']) => operations(result).filter((o) => o.op.kind === kind);

t.test('the reference kernel passes every conformance test on seeds 1, 2 and 3', async (t) => {
  for (const seed of [1, 2, 3]) {
    const suite = await runSuite([...suiteTests.values()], 'reference kernel', referenceFactory(), { seed });
    const notPassed = suite.tests.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.status} (replay: ${replayCommand(r.id, seed, {})})`);
    t.same(notPassed, [], `seed ${seed}`);
    t.equal(suite.tests.length, suiteTests.size, `seed ${seed}: every test ran`);
  }
});

t.test('on a lossy network the link retransmits and drops duplicates: every message arrives once', async (t) => {
  for (const seed of [1, 2, 3]) {
    const result = await passing(t, suiteTest('messaging/fifo-lossy-network'), seed);
    const sends = ofKind(result, 'send');
    t.ok(sends.length >= 10 && sends.every((s) => s.outcome?.kind === 'ok'), `seed ${seed}: every send accepted`);
    t.equal(events(result, 'Delivered').length, sends.length, `seed ${seed}: every message delivered`);
    t.ok(result.history.some((e) => e.kind === 'packet-dropped'), `seed ${seed}: the network did drop packets`);
    const deliveries = result.history.flatMap((e) => (e.kind === 'packet-delivered' ? [e.packetId] : []));
    t.ok(new Set(deliveries).size < deliveries.length, `seed ${seed}: the network did duplicate packets`);
  }
});

t.test('at-most-once under duplication: every call completes and duplicates are suppressed at the server', async (t) => {
  for (const seed of [1, 2, 3]) {
    const result = await passing(t, suiteTest('rpc/at-most-once-duplicates'), seed);
    const calls = ofKind(result, 'call');
    t.ok(calls.length > 0 && calls.every((c) => c.outcome?.kind === 'ok'), `seed ${seed}: every call completed`);
    t.ok(events(result, 'DuplicateSuppressed').length > 0, `seed ${seed}: duplicates reached the server and were suppressed`);
  }
});

t.test('exactly-once: a call executed before its server crashed is answered from durable storage after the restart', async (t) => {
  const result = await passing(t, suiteTest('rpc/exactly-once-server-crash'), 1);
  const [call] = ofKind(result, 'call');
  t.match(call?.outcome, { kind: 'ok', value: { result: call?.op.kind === 'call' ? call.op.args : undefined } });
  t.equal(events(result, 'Executed').length, 1, 'executed once');
  const restartNs = result.history.find((e) => e.kind === 'restart')?.timeNs ?? Infinity;
  t.ok(events(result, 'DuplicateSuppressed').some((e) => e.node === 'n2' && e.timeNs >= restartNs), 'the restarted server answered the retry from its table');
});

t.test('at-most-once: after a server restart the retry is refused with the indefinite error crashed', async (t) => {
  const result = await passing(t, suiteTest('rpc/at-most-once-server-restart'), 1);
  const [call] = ofKind(result, 'call');
  t.match(call?.outcome, { kind: 'error', code: 'crashed', definite: false });
  t.equal(events(result, 'Executed').length, 1, 'it had executed, once');
});

t.test('placement: near stays on the node, far takes the first other node, zone the first node in it', async (t) => {
  const result = await passing(t, suiteTest('messaging/placement-and-locate'), 1);
  const placed = ofKind(result, 'spawn').map((s) => (s.outcome?.kind === 'ok' ? (s.outcome.value as { node: string }).node : s.outcome?.kind));
  t.same(placed, ['n1', 'n2', 'n1', 'n2', 'n3'], 'node n1, here on n2, near a, far from a, zone z3');
  const located = ofKind(result, 'locate').map((l) => (l.outcome?.kind === 'ok' ? (l.outcome.value as { node: string }).node : l.outcome?.kind));
  t.same(located, placed, 'locate agrees with where each process was placed');
});

t.test('naming: a live binding is kept (name_taken), and a name dies with its process (not_found)', async (t) => {
  const bound = await passing(t, suiteTest('messaging/name-bound-once'), 1);
  t.same(ofKind(bound, 'register').map((r) => (r.outcome?.kind === 'error' ? r.outcome.code : r.outcome?.kind)), ['ok', 'name_taken']);
  const dies = await passing(t, suiteTest('messaging/name-dies-with-process'), 1);
  t.same(ofKind(dies, 'lookup').map((l) => (l.outcome?.kind === 'error' ? l.outcome.code : l.outcome?.kind)), ['ok', 'not_found', 'not_found', 'ok']);
});

t.test('a spawn in a zone with no node is a bad request', async (t) => {
  const test = scenario('spawn-unknown-zone', {
    abstraction: 'messaging',
    properties: ['OperationsAnswered', 'PlacementHonoured'],
    nodes: 2,
    workload: { kind: 'script', steps: [{ atNs: 0, op: { kind: 'spawn', as: 'a', placement: { kind: 'zone', zone: 'mars' } } }] },
  });
  const result = await passing(t, test, 1);
  t.match(ofKind(result, 'spawn')[0]?.outcome, { kind: 'error', code: 'bad_request', definite: true });
});

t.test('a client crash orphans its call: the reply is dropped, nothing runs twice, and the restarted node calls again', async (t) => {
  const test = scenario('orphaned-call', {
    abstraction: 'rpc',
    properties: ['OperationsAnswered', 'ReplyMatchesCall', 'NoForeignReply', 'AtMostOnce', 'ExactlyOnce'],
    nodes: 2,
    faults: {
      messages: { duplicationProbability: 0.3 },
      schedule: [
        { kind: 'partition', atNs: 1_000_000, groups: [['n2'], ['n1']], direction: 'one-way' },
        { kind: 'crash', atNs: 5_000_000, node: 'n1' },
        { kind: 'restart', atNs: 8_000_000, node: 'n1' },
        { kind: 'heal', atNs: 10_000_000 },
      ],
    },
    workload: {
      kind: 'script',
      steps: [
        { atNs: 0, op: { kind: 'spawn', as: 'a', placement: { kind: 'node', node: 'n1' } } },
        { atNs: 0, op: { kind: 'spawn', as: 'b', placement: { kind: 'node', node: 'n2' } } },
        { atNs: 2_000_000, op: { kind: 'call', from: 'a', to: 'b', semantics: 'at-most-once' } },
        { atNs: 12_000_000, node: 'n1', op: { kind: 'spawn', as: 'c', placement: { kind: 'here' } } },
        { atNs: 13_000_000, op: { kind: 'call', from: 'c', to: 'b', semantics: 'exactly-once' } },
      ],
    },
  });
  for (const seed of [1, 2, 3]) {
    const result = await passing(t, test, seed);
    const [orphan, after] = ofKind(result, 'call');
    t.same(orphan?.outcome, { kind: 'lost' }, `seed ${seed}: the orphaned call never completes`);
    const orphanId = orphan?.op.kind === 'call' ? orphan.op.callId : '';
    t.notOk(events(result, 'ReplyReceived').some((e) => e.event.kind === 'ReplyReceived' && e.event.callId === orphanId), `seed ${seed}: no reply taken for it`);
    t.match(after?.outcome, { kind: 'ok', value: { result: after?.op.kind === 'call' ? after.op.args : undefined } }, `seed ${seed}: the new incarnation's call completes`);
  }
});

t.test('its step costs reach the hardware model through the protocol, as any port\'s do', async (t) => {
  const result = await passing(t, suiteTest('rpc/exactly-once-server-crash'), 1);
  t.ok((result.cost?.steps ?? 0) > 0 && (result.cost?.cycles ?? 0) > 0, `cycles charged: ${JSON.stringify(result.cost)}`);
  t.ok((result.cost?.wireBytes ?? 0) > 0, 'packets sized by the wire bytes it reported');
  t.ok((result.cost?.persistedBytes ?? 0) > 0, 'exactly-once persisted its dedup table');
});

t.test('the same seed gives the same history', async (t) => {
  const test = suiteTest('rpc/generated-faults');
  const [a, b] = [await runTest(test, referenceFactory(), { seed: 42 }), await runTest(test, referenceFactory(), { seed: 42 })];
  t.equal(JSON.stringify(a.history), JSON.stringify(b.history));
  t.ok(a.history.length > 0);
});
