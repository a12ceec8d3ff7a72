// Worker thread of the subprocess driver: runs the implementation's command, writes input lines
// to its stdin and hands back each stdout line (or why there is none) to the waiting main thread.
// It imports nothing of ours but types and the step timeout's two small modules: a driver starts
// one per run, and loading the protocol's schemas in each cost more CPU than starting the worker.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { workerData } from 'node:worker_threads';
import { canSampleProcessTree, sampleProcessTree } from './process-tree.js';
import type { MainToWorker, WorkerAnswer, WorkerStart } from './subprocess-messages.js';
import { describeStepTimeout, judgeStep, SAMPLE_INTERVAL_MS, stepLimits, type TreeSample } from './step-timeout.js';

const STDERR_TAIL_BYTES = 4096;
/** How long a child may take to exit after its stdin closes before it is killed. */
const EXIT_GRACE_MS = 300;

const start = workerData as WorkerStart;
const flag = new Int32Array(start.flag);
const port = start.port;

// detached: the child leads its own process group, so that killing the group also ends what
// `/bin/sh -c` started.
const child = spawn('/bin/sh', ['-c', start.command], { cwd: start.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
let stdoutBuffer = '';
let stderrTail = '';
let waiting = false;
const pendingLines: string[] = [];
let ended: WorkerAnswer | undefined;

function answer(message: WorkerAnswer): void {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

function settle(message: WorkerAnswer): void {
  if (waiting) {
    waiting = false;
    clearTimeout(stepTimer);
    answer(message);
  }
}

let stepTimer: NodeJS.Timeout | undefined;
/** Whether /proc shows the program's process tree (decided at the first timeout; wall-clock time decides where it does not). */
let sampling: boolean | undefined;

/**
 * Gives up on the line written now by the rules of step-timeout.ts: nothing happens before the
 * timeout; from then on the program's process tree is sampled every SAMPLE_INTERVAL_MS (so a
 * step answered in time costs no /proc read) until it answers or a rule fires.
 */
function watchStep(timeoutMs: number, startupAllowanceMs: number): void {
  const writtenAt = performance.now();
  const limits = stepLimits(timeoutMs);
  const samples: TreeSample[] = [];
  const check = () => {
    if (!waiting || child.pid === undefined) return;
    sampling ??= canSampleProcessTree(child.pid);
    const atMs = performance.now() - writtenAt;
    const sample = sampling ? sampleProcessTree(child.pid) : undefined;
    if (sample) samples.push({ atMs, ...sample });
    const timeout = judgeStep(limits, sampling ? samples : undefined, atMs);
    if (timeout) settle({ kind: 'timeout', detail: describeStepTimeout(timeout, limits, startupAllowanceMs), stderrTail });
    else stepTimer = setTimeout(check, SAMPLE_INTERVAL_MS);
  };
  stepTimer = setTimeout(check, timeoutMs);
}

child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk: string) => {
  stdoutBuffer += chunk;
  let newline: number;
  while ((newline = stdoutBuffer.indexOf('\n')) >= 0) {
    const line = stdoutBuffer.slice(0, newline);
    stdoutBuffer = stdoutBuffer.slice(newline + 1);
    if (line.trim() === '') continue;
    if (waiting) settle({ kind: 'line', text: line });
    else pendingLines.push(line);
  }
  if (stdoutBuffer.length > start.maxLineBytes) {
    ended ??= { kind: 'flood', detail: `a line longer than ${start.maxLineBytes} bytes without a newline`, output: stdoutBuffer.slice(0, 500), stderrTail };
    settle(ended);
    killGroup();
  }
});
child.stderr.setEncoding('utf8');
child.stderr.on('data', (chunk: string) => {
  stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
});
child.on('error', (error) => {
  ended ??= { kind: 'exited', detail: `could not start \`${start.command}\`: ${error.message}`, stderrTail };
  settle(ended);
});
child.on('exit', (code, signal) => {
  const how = signal ? `was killed by ${signal}` : `exited with status ${code}`;
  ended ??= { kind: 'exited', detail: `the implementation ${how} before stdin closed`, stderrTail };
  settle({ ...ended, stderrTail } as WorkerAnswer);
});
// A child that exits early makes writes fail with EPIPE; the exit handler reports it.
child.stdin.on('error', () => undefined);

function killGroup(): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

port.on('message', (message: MainToWorker) => {
  switch (message.kind) {
    case 'line': {
      if (ended) return answer(ended.kind === 'exited' ? { ...ended, stderrTail } : ended);
      const unsolicited = pendingLines.shift();
      if (unsolicited !== undefined) return answer({ kind: 'unsolicited', text: unsolicited.slice(0, 500), stderrTail });
      waiting = true;
      child.stdin.write(message.text + '\n');
      watchStep(message.timeoutMs, message.startupAllowanceMs);
      return;
    }
    case 'close': {
      ended ??= { kind: 'closed' };
      child.stdin.end();
      const finish = () => {
        answer({ kind: 'closed' });
        port.close();
      };
      // Not started (spawn failed), or already exited: nothing to wait for.
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return finish();
      // Answered only once the exit is seen, killed or not: this thread's event loop reaps the
      // child, and a child still running when the thread is terminated stays a zombie (whose CPU
      // time no one collects) until the test process ends; 40 such per conform-port file were seen.
      const timer = setTimeout(killGroup, EXIT_GRACE_MS);
      child.once('exit', () => {
        clearTimeout(timer);
        finish();
      });
      return;
    }
  }
});
