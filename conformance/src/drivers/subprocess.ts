// Runs an implementation as a child process speaking the adapter protocol (JSON lines on
// stdin/stdout) and presents it as a synchronous in-process Implementation: a worker thread owns
// the pipes while this thread blocks on Atomics.wait, because the simulated network calls nodes
// synchronously. Every failure to answer becomes a ProtocolViolationError; when to stop waiting for
// an answer is decided by the worker from the program's CPU time and state (step-timeout.ts).
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { MAX_LINE_BYTES, type Implementation, type Input, type Step } from '../../protocol/index.js';
import { ProtocolViolationError, truncate } from './protocol-violation.js';
import { validateStep } from './validate-step.js';
import type { MainToWorker, WorkerAnswer, WorkerStart } from './subprocess-messages.js';
import { stepLimits } from './step-timeout.js';

/** Extra time the first input line allows for the program to start. */
export const STARTUP_ALLOWANCE_MS = 10_000;
/** How long past the step's hard cap this thread waits for the worker's verdict before giving one itself. */
const WORKER_GRACE_MS = 30_000;
/** How long closing waits for the program's exit (killed after the worker's grace): long enough for a loaded machine, so that it is reaped. */
const CLOSE_WAIT_MS = 10_000;

export interface SubprocessOptions {
  command: string;
  cwd: string;
  /** The per-input timeout: past it, a program that loops or waits for nothing is given up on (step-timeout.ts). */
  stepTimeoutMs: number;
}

/**
 * Drivers of one command, one per run (the protocol ends a run by closing stdin), each started
 * while the run before it goes on: on a loaded machine a program's start-up took about half of
 * a suite's wall-clock time when each run waited for it. The program started last is left
 * waiting for input; it exits when this process does (its stdin closes).
 */
export function subprocessFactory(command: string, cwd: string): (run: { stepTimeoutMs: number }) => SubprocessImplementation {
  let next: SubprocessImplementation | undefined;
  return (run) => {
    const impl = next ?? new SubprocessImplementation({ command, cwd, stepTimeoutMs: run.stepTimeoutMs });
    impl.stepTimeoutMs = run.stepTimeoutMs;
    next = new SubprocessImplementation({ command, cwd, stepTimeoutMs: run.stepTimeoutMs });
    return impl;
  };
}

export class SubprocessImplementation implements Implementation {
  readonly name: string;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private closed = false;
  private started = false;
  /** The input line answered last: an extra output line belongs to it, not to the next one. */
  private previousLine: string | undefined;
  /** The per-input timeout (set per test by a prestarting factory). */
  stepTimeoutMs: number;

  constructor(options: SubprocessOptions) {
    this.name = options.command;
    this.stepTimeoutMs = options.stepTimeoutMs;
    // A dedicated channel, because receiveMessageOnPort reads a MessagePort synchronously while
    // messages to the Worker object itself arrive only through the event loop.
    const channel = new MessageChannel();
    this.port = channel.port1;
    const start: WorkerStart = { command: options.command, cwd: options.cwd, flag: this.flag.buffer as SharedArrayBuffer, port: channel.port2, maxLineBytes: MAX_LINE_BYTES };
    // execArgv: [] rather than this thread's flags: under tap every worker thread inherited its
    // --import loader hooks (TypeScript, mocks, process info) and ran them, about 2 s of CPU per
    // run (13 runs cost 30 s of a Python seed's 44 s); this worker's plain .js modules need none.
    this.worker = new Worker(new URL('./subprocess-worker.js', import.meta.url), { workerData: start, transferList: [channel.port2], execArgv: [] });
    this.worker.unref();
  }

  step(input: Input): Step {
    const line = JSON.stringify(input);
    // The first answer also waits for the program to start (an interpreter on a busy machine).
    const startupAllowanceMs = this.started ? 0 : STARTUP_ALLOWANCE_MS;
    const timeoutMs = this.stepTimeoutMs + startupAllowanceMs;
    this.started = true;
    const waitMs = stepLimits(timeoutMs).hardCapMs + WORKER_GRACE_MS;
    const answer = this.request({ kind: 'line', text: line, timeoutMs, startupAllowanceMs }, waitMs);
    const previous = this.previousLine;
    this.previousLine = line;
    if (answer === undefined) {
      throw new ProtocolViolationError({
        kind: 'timeout',
        input: truncate(line),
        detail: `the driver's worker thread gave no verdict within ${waitMs} ms of wall-clock time (the step's hard cap plus ${WORKER_GRACE_MS} ms)`,
      });
    }
    switch (answer.kind) {
      case 'line': {
        let raw: unknown;
        try {
          raw = JSON.parse(answer.text);
        } catch (error) {
          throw new ProtocolViolationError({
            kind: 'malformed-json',
            input: truncate(line),
            output: truncate(answer.text),
            expected: 'one JSON object per line matching conformance/protocol/schema/step.json',
            detail: (error as Error).message,
          });
        }
        return validateStep(raw, truncate(line));
      }
      case 'exited':
        throw new ProtocolViolationError({ kind: 'exited', input: truncate(line), detail: answer.detail, stderrTail: answer.stderrTail });
      case 'flood':
        throw new ProtocolViolationError({ kind: 'flood', input: truncate(line), output: answer.output, detail: answer.detail, stderrTail: answer.stderrTail });
      case 'unsolicited':
        // The extra line was written after the step answering the previous input, before this one.
        throw new ProtocolViolationError({
          kind: 'flood',
          input: truncate(previous ?? line),
          output: answer.text,
          detail: 'a line on stdout that answers no input: it followed the step answering the quoted input (exactly one step per input line; logs go to stderr)',
          stderrTail: answer.stderrTail,
        });
      case 'timeout':
        throw new ProtocolViolationError({ kind: 'timeout', input: truncate(line), detail: answer.detail, ...(answer.stderrTail ? { stderrTail: answer.stderrTail } : {}) });
      case 'closed':
        throw new ProtocolViolationError({ kind: 'exited', input: truncate(line), detail: 'the driver was already closed' });
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.request({ kind: 'close' }, CLOSE_WAIT_MS);
    this.port.close();
    void this.worker.terminate();
  }

  /** Posts one message and blocks until the worker answers or `timeoutMs` passes. */
  private request(message: MainToWorker, timeoutMs: number): WorkerAnswer | undefined {
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(message);
    return this.receive(timeoutMs);
  }

  /** Blocks until the worker's next answer or until `timeoutMs` passes. */
  private receive(timeoutMs: number): WorkerAnswer | undefined {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const received = receiveMessageOnPort(this.port);
      if (received) return received.message as WorkerAnswer;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      Atomics.wait(this.flag, 0, 0, left);
      Atomics.store(this.flag, 0, 0);
    }
  }
}
