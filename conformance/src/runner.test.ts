// The runner end to end with small fake implementations written here (never the reference
// kernel): a correct run passes and replays identically from its seed; an implementation that
// breaks the contract in-process gets the verdict broken, naming the offending effect.
import t from 'tap';
import type { Implementation, Input, Step } from '../protocol/index.js';
import { SingleNodeFake } from './fakes/single-node-fake.js';
import { runTest } from './run-test.js';
import { TestCaseSchema, type TestCase } from './test-case.js';

function scriptTest(steps: unknown[], extra: Record<string, unknown> = {}): TestCase {
  return TestCaseSchema.parse({
    id: 'messaging/runner-unit',
    abstraction: 'messaging',
    description: 'runner unit test',
    properties: ['OperationsAnswered', 'TraceAgreesWithReplies', 'NoCreation', 'NoDuplication', 'PerPairFIFO', 'NoLossWithoutCrash', 'ReplyMatchesCall'],
    nodes: 1,
    workload: { kind: 'script', steps },
    ...extra,
  });
}

const spawnAB = [
  { atNs: 0, op: { kind: 'spawn', as: 'a' } },
  { atNs: 10, op: { kind: 'spawn', as: 'b' } },
];
const workload = [
  ...spawnAB,
  { atNs: 1000, op: { kind: 'send', from: 'a', to: 'b' } },
  { atNs: 2000, op: { kind: 'send', from: 'a', to: 'b', body: { x: 1 } } },
  { atNs: 3000, op: { kind: 'call', from: 'a', to: 'b', semantics: 'at-most-once' } },
];

t.test('a correct implementation passes, and the same seed gives the same history', async (t) => {
  const first = await runTest(scriptTest(workload), () => new SingleNodeFake(), { seed: 7 });
  t.equal(first.verdict, 'pass', JSON.stringify(first.violations));
  t.equal(first.history.filter((e) => e.kind === 'invoke').length, 5);
  const again = await runTest(scriptTest(workload), () => new SingleNodeFake(), { seed: 7 });
  t.same(again.history, first.history);
});

t.test('a checker violation gives the verdict fail', async (t) => {
  const steps = [...spawnAB, ...[1, 2, 3].map((i) => ({ atNs: i * 1000, op: { kind: 'send', from: 'a', to: 'b' } }))];
  const result = await runTest(scriptTest(steps), () => new SingleNodeFake({ duplicateThirdSend: true }), { seed: 1 });
  t.equal(result.verdict, 'fail');
  t.same(result.violations.map((v) => v.property), ['NoDuplication']);
});

t.test('a step naming a process that was never spawned is skipped and recorded', async (t) => {
  const result = await runTest(scriptTest([...spawnAB, { atNs: 1000, op: { kind: 'send', from: 'ghost', to: 'b' } }]), () => new SingleNodeFake(), { seed: 1 });
  t.equal(result.verdict, 'pass');
  const skipped = result.history.find((e) => e.kind === 'skipped');
  t.match(skipped, { kind: 'skipped', step: 2, reason: /process 'ghost' has no pid/ });
});

t.test('a clock skew that would give a node a negative clock is refused before the run, naming the field', async (t) => {
  const skewed = scriptTest(spawnAB, { faults: { schedule: [{ kind: 'clock-skew', atNs: 0, node: 'n1', offsetNs: -1 }] } });
  await t.rejects(runTest(skewed, () => new SingleNodeFake(), { seed: 1 }), /faults\.schedule\[0\]\.offsetNs: -1 would set node n1's clock to -1 ns at 0 ns/);
});

/** Wraps the fake and corrupts its answer to one kind of input. */
function corrupting(corrupt: (input: Input, step: Step) => Step): () => Implementation {
  return () => {
    const fake = new SingleNodeFake();
    return { name: 'corrupting fake', step: (input) => corrupt(input, fake.step(input)) };
  };
}

t.test('in-process contract breaches end the run as broken, naming the effect', async (t) => {
  const cases: { name: string; factory: () => Implementation; kind: string; detail: RegExp }[] = [
    {
      name: 'step() throws',
      factory: () => ({ name: 'thrower', step: () => { throw new Error('boom'); } }),
      kind: 'exception',
      detail: /step\(\) threw: Error: boom/,
    },
    {
      name: 'reply to an unknown operation',
      factory: corrupting((input, step) => (input.kind === 'op' ? { kind: 'step', effects: [{ kind: 'reply', opId: 99, value: {} }] } : step)),
      kind: 'bad-effect',
      detail: /effects\[0\]: reply for opId 99, which is not an outstanding operation/,
    },
    {
      name: 'spawn reply of the wrong shape',
      factory: corrupting((input, step) => (input.kind === 'op' ? { kind: 'step', effects: [{ kind: 'reply', opId: input.opId, value: { pid: 5 } }] } : step)),
      kind: 'bad-effect',
      detail: /reply to a spawn: pid: Invalid input: expected string/,
    },
    {
      name: 'an event without a required field',
      factory: corrupting((input, step) => (input.kind === 'op' ? ({ kind: 'step', effects: [{ kind: 'event', event: { kind: 'Sent', msgId: 'm1' } }] } as unknown as Step) : step)),
      kind: 'schema',
      detail: /effects\[0\]\.event\.from: Invalid input/,
    },
    {
      name: 'packet to an unknown node',
      factory: corrupting((input, step) => (input.kind === 'op' ? { kind: 'step', effects: [{ kind: 'send', to: 'n9', payload: 1 }] } : step)),
      kind: 'bad-effect',
      detail: /send to unknown node 'n9'; the nodes are n1/,
    },
  ];
  for (const c of cases) {
    const result = await runTest(scriptTest(workload), c.factory, { seed: 1 });
    t.equal(result.verdict, 'broken', c.name);
    t.equal(result.protocolViolation?.kind, c.kind, c.name);
    t.match(result.protocolViolation?.detail, c.detail, c.name);
    t.match(result.protocolViolation?.input, /"kind":/, `${c.name}: the offending input is quoted`);
  }
});

t.test('a packet with the payload of an earlier one between the same nodes is recorded as a resend of the first', async (t) => {
  const to = (input: Input) => (input.kind === 'op' && input.node === 'n1' ? 'n2' : 'n1');
  const sendsTwice = corrupting((input, step) =>
    input.kind !== 'op' ? step : { ...step, effects: [...step.effects, ...[1, 1, 2, 1].map((n) => ({ kind: 'send' as const, to: to(input), payload: { n } }))] },
  );
  const result = await runTest(scriptTest(spawnAB, { nodes: 2 }), sendsTwice, { seed: 1 });
  const sent = result.history.filter((e) => e.kind === 'packet-sent');
  t.equal(sent.length, 8);
  const [first, second, third, fourth, fifth] = sent;
  t.same([second?.resendOf, third?.resendOf, fourth?.resendOf], [first?.packetId, undefined, first?.packetId], 'the same payload again is a resend; another payload is not');
  t.equal(fifth?.resendOf, first?.packetId, 'a later step resending it too');
});
