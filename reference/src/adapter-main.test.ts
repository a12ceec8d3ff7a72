// The reference kernel as a subprocess: it answers each protocol line with one valid step,
// takes --mutant, and refuses bad input and bad flags with the documented exit codes.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Step, type Input } from '../../conformance/protocol/index.js';
import { discoverTests, runTest, SubprocessImplementation } from '../../conformance/src/index.js';

const entry = fileURLToPath(new URL('./adapter-main.js', import.meta.url));
const params = { zones: { n1: 'z1', n2: 'z2' }, retryIntervalNs: 1_000_000, callTimeoutNs: 100_000_000, dedupCapacity: 8 };

function runLines(lines: string[], args: string[] = []) {
  const result = spawnSync(process.execPath, [entry, ...args], { input: lines.map((l) => l + '\n').join(''), encoding: 'utf8' });
  return { status: result.status, steps: result.stdout.split('\n').filter((l) => l !== '').map((l) => Step.parse(JSON.parse(l))), stderr: result.stderr };
}

const init = (node: string): Input => ({ kind: 'init', protocolVersion: 1, node, nodes: ['n1', 'n2'], incarnation: 0, timeNs: 0, params, durable: {} });
const script: Input[] = [
  init('n1'),
  init('n2'),
  { kind: 'op', node: 'n1', timeNs: 1_000, opId: 0, op: { kind: 'spawn', placement: { kind: 'here' } } },
  { kind: 'op', node: 'n2', timeNs: 1_000, opId: 1, op: { kind: 'spawn', placement: { kind: 'here' } } },
  { kind: 'op', node: 'n1', timeNs: 2_000, opId: 2, op: { kind: 'send', from: 'p1.0@n1', to: { kind: 'pid', pid: 'p1.0@n2' }, msgId: 'm1', body: 'hi' } },
];

t.test('one valid step per line; a message crosses from n1 to n2 through the host', async (t) => {
  const first = runLines(script.map((i) => JSON.stringify(i)));
  t.equal(first.status, 0, first.stderr);
  t.equal(first.steps.length, script.length);
  const packet = first.steps[4]!.effects.find((e) => e.kind === 'send');
  t.match(packet, { kind: 'send', to: 'n2' });
  const deliver: Input = { kind: 'packet', node: 'n2', timeNs: 3_000, from: 'n1', payload: (packet as { payload: unknown }).payload };
  const second = runLines([...script, deliver].map((i) => JSON.stringify(i)));
  const events = second.steps[5]!.effects.filter((e) => e.kind === 'event');
  t.same(events, [{ kind: 'event', event: { kind: 'Delivered', msgId: 'm1', from: 'p1.0@n1', to: 'p1.0@n2', body: 'hi' } }]);
  t.match(second.steps[5]!.effects, [{ kind: 'send', to: 'n1', payload: { kind: 'link-ack', upTo: 1 } }], 'and acknowledged');
});

t.test('protocol version 2: an init is answered with the declaration, and every step with its cost', async (t) => {
  const { steps } = runLines(script.map((i) => JSON.stringify(i)));
  t.same(steps[0]!.declaration, { protocolVersion: 2, features: ['messaging', 'rpc', 'migration', 'quotas', 'dsm'] });
  t.equal(steps[2]!.declaration, undefined, 'an operation carries none');
  t.ok(steps.every((step) => (step.cost?.cycles ?? 0) > 0), 'every step reports cycles');
  const send = steps[4]!;
  const packetBytes = send.effects.flatMap((e) => (e.kind === 'send' ? [JSON.stringify(e.payload).length] : []));
  t.equal(send.cost?.wireBytes, packetBytes.reduce((a, b) => a + b, 0), 'wire bytes: its packets as JSON');
});

t.test('--mutant runs a mutant or a catalogued bug; an unknown one is a usage error listing both', async (t) => {
  t.equal(runLines([JSON.stringify(init('n1'))], ['--mutant', 'fifo-second-path']).status, 0);
  const bug = runLines([JSON.stringify(init('n1'))], ['--mutant', 'pids-reused-after-restart']);
  t.equal(bug.status, 0);
  t.match(bug.stderr, /reference kernel, mutant pids-reused-after-restart/);
  const bad = runLines([], ['--mutant', 'nope']);
  t.equal(bad.status, 64);
  t.match(bad.stderr, /unknown mutant 'nope'; known mutants: rpc-retry-without-dedup.*; catalogued bugs: ack-one-ahead/);
});

t.test('a catalogued bug run as a subprocess port is rejected by the suite as in process (issue 8, item 5)', async (t) => {
  const [test] = discoverTests('rpc/exactly-once-server-crash');
  const port = (run: { stepTimeoutMs: number }) => new SubprocessImplementation({ command: `${JSON.stringify(process.execPath)} ${JSON.stringify(entry)} --mutant exactly-once-group-commit`, cwd: process.cwd(), stepTimeoutMs: run.stepTimeoutMs });
  const result = await runTest(test!, port, { seed: 1 });
  t.equal(result.verdict, 'fail', 'replay: cloudos conform --impl "node dist/reference/src/adapter-main.js --mutant exactly-once-group-commit" --tests rpc/exactly-once-server-crash --seed 1');
  t.match(result.violations, [{ property: 'ExactlyOnce' }]);
});

t.test('a line that is not a protocol input is refused with its line number and the field', async (t) => {
  const bad = runLines([JSON.stringify(init('n1')), '{"kind":"op","node":"n1","timeNs":1,"opId":0,"op":{"kind":"fly"}}']);
  t.equal(bad.status, 65);
  t.match(bad.stderr, /stdin line 2: not a protocol input .*op\.kind/);
  t.equal(runLines(['not json']).status, 65);
});

t.test('--help prints usage and exits 0', async (t) => {
  const help = spawnSync(process.execPath, [entry, '--help'], { encoding: 'utf8' });
  t.equal(help.status, 0);
  t.match(help.stdout, /usage: node dist\/reference\/src\/adapter-main.js/);
});
