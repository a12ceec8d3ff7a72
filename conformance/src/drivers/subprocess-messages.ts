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

/** `stderr`: the tail of stderr now, e.g. for the verdict on a program that stopped answering. */
export type MainToWorker = { kind: 'line'; text: string } | { kind: 'stderr' } | { kind: 'close' };

export type WorkerAnswer =
  | { kind: 'line'; text: string }
  | { kind: 'exited'; detail: string; stderrTail: string }
  | { kind: 'flood'; detail: string; output: string; stderrTail: string }
  | { kind: 'unsolicited'; text: string; stderrTail: string }
  | { kind: 'stderr'; stderrTail: string }
  | { kind: 'closed' };
