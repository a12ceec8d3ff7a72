// Messages between the subprocess driver (main thread) and its worker thread, which owns the
// child process and its pipes.
import type { MessagePort } from 'node:worker_threads';

export interface WorkerStart {
  command: string;
  cwd: string;
  /** One Int32: 0 while the main thread waits, 1 once the worker has posted an answer. */
  flag: SharedArrayBuffer;
  /** The worker's end of the channel the main thread reads synchronously. */
  port: MessagePort;
  /** The protocol's longest line (MAX_LINE_BYTES), handed over so that the worker imports none of the protocol's schemas. */
  maxLineBytes: number;
}

/**
 * `line`: write it and answer with the program's step, or with `timeout` once the step-timeout
 * rules (step-timeout.ts) give up on it; `timeoutMs` includes `startupAllowanceMs` on a first line.
 */
export type MainToWorker = { kind: 'line'; text: string; timeoutMs: number; startupAllowanceMs: number } | { kind: 'close' };

export type WorkerAnswer =
  | { kind: 'line'; text: string }
  | { kind: 'exited'; detail: string; stderrTail: string }
  | { kind: 'flood'; detail: string; output: string; stderrTail: string }
  | { kind: 'unsolicited'; text: string; stderrTail: string }
  | { kind: 'timeout'; detail: string; stderrTail: string }
  | { kind: 'closed' };
