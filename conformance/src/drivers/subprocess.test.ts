// The subprocess driver against deliberately misbehaving programs written here: malformed JSON,
// a schema violation, silence, a crash, a flood. Each gets the verdict broken with the offending
// output, the expected schema and a replay command, and the suite goes on with the next test.
import t from 'tap';
import { readdirSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTest } from '../run-test.js';
import { runSuite } from '../suite.js';
import { TestCaseSchema, type TestCase } from '../test-case.js';
import { describeFailure } from '../report/describe-failure.js';
import { sampleProcessTree } from './process-tree.js';
import { SubprocessImplementation, subprocessFactory } from './subprocess.js';

const fakeMain = fileURLToPath(new URL('../fakes/single-node-fake-main.js', import.meta.url));

/** Well-behaved programs get a step timeout no loaded CI machine reaches; only the silent program
 * must hit it, and a short one keeps that case fast. */
const GENEROUS_STEP_TIMEOUT_MS = 30_000;
const SILENCE_STEP_TIMEOUT_MS = 400;

function test(id: string, stepTimeoutMs = GENEROUS_STEP_TIMEOUT_MS): TestCase {
  return TestCaseSchema.parse({
    id,
    abstraction: 'messaging',
    description: 'subprocess driver test',
    properties: ['OperationsAnswered', 'NoDuplication'],
    nodes: 1,
    stepTimeoutMs,
    workload: {
      kind: 'script',
      steps: [
        { atNs: 0, op: { kind: 'spawn', as: 'a' } },
        { atNs: 100, op: { kind: 'send', from: 'a', to: 'a' } },
      ],
    },
  });
}

/** A node program that reads input lines and reacts with `onLine` (JavaScript source). */
function program(dir: string, name: string, onLine: string): string {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, `import { createInterface } from 'node:readline';\ncreateInterface({ input: process.stdin }).on('line', (line) => {\n${onLine}\n});\n`);
  return `node ${file}`;
}

const subprocess = (command: string) => (run: { stepTimeoutMs: number }) => new SubprocessImplementation({ command, cwd: process.cwd(), stepTimeoutMs: run.stepTimeoutMs });

t.test('a well-behaved subprocess passes', async (t) => {
  const result = await runTest(test('messaging/good'), subprocess(`node ${fakeMain}`), { seed: 1 });
  t.equal(result.verdict, 'pass', JSON.stringify(result.protocolViolation ?? result.violations));
});

t.test('misbehaving subprocesses are broken, with the offending output and the expected schema', async (t) => {
  const dir = t.testdir();
  const cases = [
    { name: 'malformed JSON', source: `console.log('this is not json');`, kind: 'malformed-json', detail: /not valid JSON/, output: /this is not json/, expected: /step\.json/ },
    {
      name: 'schema violation',
      source: `console.log(JSON.stringify({ kind: 'step', effects: [{ kind: 'reply' }] }));`,
      kind: 'schema',
      detail: /effects\[0\]\.opId: Invalid input: expected number/,
      output: /"effects"/,
      expected: /conformance\/protocol\/schema\/step\.json/,
    },
    {
      name: 'silence',
      source: `if (JSON.parse(line).kind === 'init') console.log(JSON.stringify({ kind: 'step', effects: [] })); else process.stderr.write('stuck on a lock\\n');`,
      kind: 'timeout',
      // Asleep: judged stuck a second after the timeout, by /proc (wall-clock time alone without it).
      detail: process.platform === 'linux' ? /^no step within 400 ms \(the per-input timeout of this test\): .* every task of the program had slept for 1000 ms using no CPU/ : /no step within 400 ms .* of wall-clock time/,
      stderr: /stuck on a lock/,
    },
    { name: 'crash', source: `process.stderr.write('panic: out of cheese\\n'); process.exit(3);`, kind: 'exited', detail: /exited with status 3/, stderr: /out of cheese/ },
    { name: 'flood (a huge line)', source: `process.stdout.write('x'.repeat(3 << 20));`, kind: 'flood', detail: /longer than 1048576 bytes/ },
    {
      name: 'flood (extra lines)',
      // Both lines in one write (atomic on a pipe), so the extra line is always there before the
      // next input: the verdict cannot depend on scheduling.
      source: `const s = JSON.stringify({ kind: 'step', effects: [] }); process.stdout.write(s + '\\n' + s + '\\n');`,
      kind: 'flood',
      detail: /answers no input/,
      // The extra line followed the answer to the first input (n1's init), so that is the one quoted.
      input: /^\{"kind":"init","protocolVersion":1,"node":"n1"/,
    },
  ];
  for (const c of cases) {
    const command = program(dir, c.name.replace(/\W+/g, '-'), c.source);
    const result = await runTest(test('messaging/bad', c.kind === 'timeout' ? SILENCE_STEP_TIMEOUT_MS : GENEROUS_STEP_TIMEOUT_MS), subprocess(command), { seed: 5 });
    t.equal(result.verdict, 'broken', c.name);
    const v = result.protocolViolation!;
    t.equal(v.kind, c.kind, c.name);
    t.match(v.detail, c.detail, c.name);
    t.match(v.input, c.input ?? /"kind":"init"|"kind":"op"/, `${c.name}: quotes the input line`);
    if (c.output) t.match(v.output, c.output, `${c.name}: quotes the output`);
    if (c.expected) t.match(v.expected, c.expected, `${c.name}: names the schema`);
    if (c.stderr) t.match(v.stderrTail, c.stderr, `${c.name}: keeps stderr`);
    const account = describeFailure(result, { impl: command }).join('\n');
    t.match(account, /replay: cloudos conform --tests messaging\/bad --seed 5 --impl/, `${c.name}: replay command`);
  }
});

const linuxOnly = { skip: process.platform !== 'linux' && 'the step timeout reads /proc on Linux only' };
/** Answers the init line, then runs `onOp` (JavaScript source) on the first operation. */
const answersInitThen = (onOp: string) => `if (JSON.parse(line).kind === 'init') console.log(JSON.stringify({ kind: 'step', effects: [] })); else { ${onOp} }`;

t.test('a program that loops is given up on by its CPU time, counted over the processes the shell started', linuxOnly, async (t) => {
  // `; true` keeps /bin/sh from exec'ing node: the loop runs in a child of the driver's child.
  const command = `${program(t.testdir(), 'loop', answersInitThen('for (;;) {}'))}; true`;
  const result = await runTest(test('messaging/loops', 300), subprocess(command), { seed: 1 });
  t.equal(result.verdict, 'broken');
  t.equal(result.protocolViolation?.kind, 'timeout');
  t.match(result.protocolViolation?.detail, /^no step within 300 ms \(the per-input timeout of this test\): the program then used \d+ ms of CPU time in \d+ ms more without answering \(a loop/);
});

t.test('a program stopped (as a starved one) for longer than the timeout is waited for, not judged by wall-clock time', linuxOnly, async (t) => {
  // At the first operation it stops itself (SIGSTOP; state T, as a program the machine does not
  // run) and a helper continues it after 1.2 s, four times the timeout; then it answers as the fake.
  const file = join(t.testdir(), 'stopped.mjs');
  const url = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  writeFileSync(file, `import { createInterface } from 'node:readline';
import { spawn } from 'node:child_process';
import { Input } from ${url('../../protocol/index.js')};
import { SingleNodeFake } from ${url('../fakes/single-node-fake.js')};
const fake = new SingleNodeFake({});
let stopped = false;
createInterface({ input: process.stdin }).on('line', (line) => {
  const input = Input.parse(JSON.parse(line));
  if (input.kind === 'op' && !stopped) {
    stopped = true;
    spawn('/bin/sh', ['-c', 'sleep 1.2; kill -CONT ' + process.pid], { stdio: 'ignore' });
    process.kill(process.pid, 'SIGSTOP');
  }
  process.stdout.write(JSON.stringify(fake.step(input)) + '\\n');
});
`);
  const result = await runTest(test('messaging/stopped', 300), subprocess(`node ${file}`), { seed: 1 });
  t.equal(result.verdict, 'pass', JSON.stringify(result.protocolViolation ?? result.violations));
});

t.test('the suite goes on after a broken test and reports every result', async (t) => {
  const dir = t.testdir();
  const crasher = program(dir, 'crasher', `process.exit(1);`);
  const tests = [test('messaging/first'), test('messaging/second'), test('messaging/third')];
  const suite = await runSuite(tests, 'mixed', (run) => new SubprocessImplementation({ command: run.testId === 'messaging/second' ? crasher : `node ${fakeMain}`, cwd: process.cwd(), stepTimeoutMs: run.stepTimeoutMs }), { seed: 1 });
  t.same(suite.tests.map((r) => [r.id, r.verdict, r.status]), [
    ['messaging/first', 'pass', 'passed'],
    ['messaging/second', 'broken', 'failed'],
    ['messaging/third', 'pass', 'passed'],
  ]);
  t.equal(suite.passed, 2);
  t.equal(suite.failed, 1);
});

t.test("a prestarting factory gives each run a program of its own, the next one started before it is asked for", async (t) => {
  const dir = t.testdir();
  // Each program leaves a file named after its process id when it starts.
  const factory = subprocessFactory(`touch ${join(dir, 'started')}-$$ && exec node ${fakeMain}`, process.cwd());
  const started = () => readdirSync(dir).filter((f) => f.startsWith('started-')).length;
  const first = factory({ stepTimeoutMs: GENEROUS_STEP_TIMEOUT_MS });
  // Polls for as long as a loaded machine may need; the count, not the time, is what is checked.
  for (let waited = 0; started() < 2 && waited < 20_000; waited += 50) await sleep(50);
  t.equal(started(), 2, 'the next run\'s program has started though only one driver was asked for');
  first.close();
  const second = factory({ stepTimeoutMs: SILENCE_STEP_TIMEOUT_MS });
  t.not(second, first);
  t.equal(second.stepTimeoutMs, SILENCE_STEP_TIMEOUT_MS, 'the prestarted driver takes the timeout of the test it runs');
  second.close();
  const result = await runTest(test('messaging/prestarted'), factory, { seed: 1 });
  t.equal(result.verdict, 'pass', 'a run on a prestarted program passes');
});

t.test('closing waits for the program to be reaped, even one that ignores end of input and is killed: no zombie is left', linuxOnly, async (t) => {
  // `; true` keeps the shell (which never reads stdin) in front of sleep: both must be killed.
  const impl = new SubprocessImplementation({ command: 'sleep 60; true', cwd: process.cwd(), stepTimeoutMs: GENEROUS_STEP_TIMEOUT_MS });
  impl.close();
  const tree = sampleProcessTree(process.pid)!;
  t.notMatch(tree.states, /Z/, `no zombie among this process's children (task states ${tree.states})`);
});
