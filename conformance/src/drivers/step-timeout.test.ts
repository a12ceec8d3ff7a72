// The step timeout's rules on made-up samples of a process tree (inputs it must accept and inputs
// it must reject), and the /proc sampler on real processes: a program starved by a busy machine or
// stopped is never given up on before the hard cap; one that loops or sleeps waiting is.
import t from 'tap';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { canSampleProcessTree, sampleProcessTree } from './process-tree.js';
import { describeStepTimeout, HARD_CAP_FACTOR, judgeStep, stepLimits, STUCK_MS, type TreeSample } from './step-timeout.js';

const limits = stepLimits(1000);
/** Samples every 200 ms from the timeout (1000 ms) to `toMs`, each from `at(ms)`. */
function samples(toMs: number, at: (ms: number) => { cpuMs: number; states: string }): TreeSample[] {
  const out: TreeSample[] = [];
  for (let ms = 1000; ms <= toMs; ms += 200) out.push({ atMs: ms, ...at(ms) });
  return out;
}

t.test('nothing is judged before the timeout; without /proc the timeout alone decides', async (t) => {
  t.equal(judgeStep(limits, [], 999), undefined);
  t.equal(judgeStep(limits, undefined, 999), undefined);
  t.same(judgeStep(limits, undefined, 1000), { rule: 'wall-clock', wallMs: 1000, cpuMs: 0, states: '' });
});

t.test('a program starved by the machine (runnable, little CPU) or stopped is not given up on before the hard cap', async (t) => {
  const starved = samples(limits.hardCapMs - 1, (ms) => ({ cpuMs: ms / 50, states: 'R' }));
  t.equal(judgeStep(limits, starved, limits.hardCapMs - 1), undefined, 'starved: runnable for 19 s at 2 % of a core');
  const waitingForDisk = samples(limits.hardCapMs - 1, () => ({ cpuMs: 0, states: 'DS' }));
  t.equal(judgeStep(limits, waitingForDisk, limits.hardCapMs - 1), undefined, 'a task in a disk wait is the machine, not the program');
  const stopped = samples(limits.hardCapMs - 1, () => ({ cpuMs: 0, states: 'TTS' }));
  t.equal(judgeStep(limits, stopped, limits.hardCapMs - 1), undefined, 'stopped (SIGSTOP, a debugger)');
  t.equal(limits.hardCapMs, HARD_CAP_FACTOR * 1000);
  t.match(judgeStep(limits, stopped, limits.hardCapMs), { rule: 'hard-cap', wallMs: limits.hardCapMs, cpuMs: 0, states: 'TTS' }, 'the hard cap holds whatever the states');
});

t.test('a loop: the tree uses the timeout again in CPU after it passed', async (t) => {
  const looping = (toMs: number) => samples(toMs, (ms) => ({ cpuMs: 5000 + (ms - 1000) * 0.9, states: 'SR' }));
  t.equal(judgeStep(limits, looping(2000), 2000), undefined, '900 ms of CPU after the timeout: not yet');
  t.match(judgeStep(limits, looping(2200), 2200), { rule: 'busy', cpuMs: 1080, states: 'SR' }, 'counted from the first sample, not from the tree\'s start');
});

t.test('stuck: every task asleep, using no CPU, for STUCK_MS', async (t) => {
  const asleep = (toMs: number, cpu: (ms: number) => number = () => 40) => samples(toMs, (ms) => ({ cpuMs: cpu(ms), states: 'SS' }));
  t.equal(STUCK_MS, 1000);
  t.equal(judgeStep(limits, asleep(1800), 1800), undefined, 'asleep for 800 ms: not yet');
  t.match(judgeStep(limits, asleep(2000), 2000), { rule: 'stuck', wallMs: 2000, cpuMs: 0, states: 'SS' });
  t.match(judgeStep(limits, asleep(2000, (ms) => ms * 0.04), 2000), { rule: 'stuck' }, 'a runtime\'s housekeeping (4 % of the time) is still no progress');
  t.equal(judgeStep(limits, asleep(2000, (ms) => ms * 0.1), 2000), undefined, 'working 10 % of the time is progress');
  const onceRunnable = samples(2000, (ms) => ({ cpuMs: 0, states: ms === 1600 ? 'SR' : 'SS' }));
  t.equal(judgeStep(limits, onceRunnable, 2000), undefined, 'one task runnable in the window: not stuck');
  const sleptLater = samples(3000, (ms) => ({ cpuMs: 0, states: ms < 2000 ? 'R' : 'S' }));
  t.match(judgeStep(limits, sleptLater, 3000), { rule: 'stuck' }, 'runnable at first, then asleep for a second');
  t.equal(judgeStep(limits, [{ atMs: 1000, cpuMs: 0, states: '' }, { atMs: 2000, cpuMs: 0, states: '' }], 2000), undefined, 'no task seen (the program is gone): its exit decides');
});

t.test("the violation's detail names the rule and its numbers", async (t) => {
  t.match(describeStepTimeout({ rule: 'busy', wallMs: 2200, cpuMs: 1080, states: 'SR' }, limits, 0), /no step within 1000 ms \(the per-input timeout of this test\): the program then used 1080 ms of CPU time in 1200 ms more without answering \(a loop.*task states SR\)/);
  t.match(describeStepTimeout({ rule: 'stuck', wallMs: 2000, cpuMs: 0, states: 'SS' }, limits, 0), /after 2000 ms of wall-clock time every task of the program had slept for 1000 ms using no CPU \(task states SS/);
  t.match(describeStepTimeout({ rule: 'hard-cap', wallMs: 20000, cpuMs: 0, states: 'T' }, limits, 0), /no step within 20000 ms of wall-clock time, 20 times 1000 ms .* whatever the machine's load .*task states T/);
  t.match(describeStepTimeout({ rule: 'wall-clock', wallMs: 1000, cpuMs: 0, states: '' }, stepLimits(11000), 10000), /no step within 11000 ms \(the per-input timeout of this test, plus 10000 ms to start\) of wall-clock time \(\/proc cannot be read here/);
});

t.test('the /proc sampler sees a shell and its child, their states and their CPU time', { skip: process.platform !== 'linux' && 'Linux only' }, async (t) => {
  t.equal(sampleProcessTree(2 ** 22 + 12345), undefined, 'a process that does not exist');
  // `; true` keeps the shell from exec'ing sleep: a tree of two processes.
  const tree = spawn('/bin/sh', ['-c', 'sleep 60; true'], { stdio: 'ignore' });
  t.teardown(() => tree.kill('SIGKILL'));
  await new Promise((resolve) => tree.once('spawn', resolve));
  t.ok(canSampleProcessTree(tree.pid!));
  // Polled until both processes exist and sleep; counts, not time, are checked.
  let sample = sampleProcessTree(tree.pid!);
  for (let tries = 0; sample?.states !== 'SS' && tries < 400; tries++) (await sleep(50), (sample = sampleProcessTree(tree.pid!)));
  t.equal(sample?.states, 'SS', 'the shell waits for sleep, sleep sleeps');
  const self = sampleProcessTree(process.pid)!;
  t.ok(self.cpuMs > 0, `this process has used CPU (${self.cpuMs} ms)`);
  t.match(self.states, /R/, 'this thread is running while it reads');
});
