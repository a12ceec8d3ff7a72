// Messages between the parallel search's coordinator (parallel-check.ts) and its worker threads
// (worker.ts). States cross threads in batches (state-batch.ts) with their fingerprints, as bigints.
import type { Diagnostic } from '../diagnostics.js';
import type { ModelSource } from './model.js';
import type { ActionPropertyCheck } from './explorer.js';
import type { StatePropertyCheck } from './liveness.js';
import type { SharedFingerprintTable } from './fingerprint-set.js';
import type { StateBatch } from './state-batch.js';
import type { JoinLayout, PackedOutline, SharedStateGraph } from './graph-fragment.js';
import type { GraphFinding } from './liveness.js';
import type { SharedComponents } from './component-split.js';
import type { MemoryOptions, QueueStatistics } from './state-queue.js';

/**
 * Values of the shared stop flag: stop the search (at the next state, or inside a long evaluation),
 * or pause every thread at its next state for a checkpoint.
 */
export const STOP = 1;
export const PAUSE = 2;

/**
 * A worker's workerData: modules its model is loaded with, imported as the thread starts, so that a
 * worker started before the spec is parsed (`WorkerPool`) loads its code meanwhile. 'setup' follows.
 */
export interface WorkerStart {
  preload: string[];
}

export interface WorkerSetup {
  source: ModelSource;
  table: SharedFingerprintTable;
  /** Int32Array[1]: STOP or PAUSE tells every worker to stop at the next state (STOP also inside an evaluation). */
  stopFlag: SharedArrayBuffer;
  /** Int32Array[1]: 1 when the coordinator's thread is done with its share of a level and wants states. */
  wantsWork: SharedArrayBuffer;
  /**
   * Int32Array[1]: a worker adds 1 after it posts a 'level' reply or a donation, so that the
   * coordinator, which reads messages only when its event loop turns, turns it when there is one.
   */
  posted: SharedArrayBuffer;
  /** Float64Array[2 * workers]: per worker, states generated and states left on its queue. */
  counters: SharedArrayBuffer;
  /** This worker's slot in `counters` (worker threads are numbered from 0; the coordinator has none). */
  index: number;
  /** This thread's share of the queue's memory budget, and the run's spill directory. */
  memory: MemoryOptions;
  /** Keep this thread's part of the state graph, for temporal properties (sent on 'graph' after the search). */
  collectFragment: boolean;
  /** Count each variable's values, as TLC's coverage report does (sent with each 'level' reply). */
  countValues: boolean;
}

export type ToWorker =
  /** The first message: the model to rebuild and the shared state; the worker answers 'ready' (or 'failed'). */
  | { kind: 'setup'; setup: WorkerSetup }
  /**
   * Adds states, with their view fingerprints, to the level being expanded ('current') or to the
   * next one; the worker recomputes the fingerprints of the first `verify` states and fails if they differ.
   */
  | { kind: 'take'; states: StateBatch; fps: bigint[]; level: 'current' | 'next'; verify: number }
  | { kind: 'level' }
  | { kind: 'advance' }
  | { kind: 'give'; count: number }
  | { kind: 'table'; table: SharedFingerprintTable }
  | { kind: 'log' }
  /** The outline of this thread's part of the state graph, once the search is over (the part is kept for 'place'). */
  | { kind: 'graph' }
  /** Write this thread's part into the joined graph (`placePart`): its value numbers mapped by `renumbered`, per variable. */
  | { kind: 'place'; layout: JoinLayout; renumbered: Int32Array[] }
  /**
   * After the join: judge the temporal properties' checks on the joined graph, taking them from
   * `claims` (`runGraphChecks`) with the other threads; with `split`, help the coordinator judge its
   * one check instead (`helpGraphCheck`).
   */
  | { kind: 'liveness'; graph: SharedStateGraph; claims: SharedArrayBuffer; split?: SharedComponents }
  /** Copies of the unexpanded states of this level and the next, and the log (for a checkpoint). */
  | { kind: 'snapshot' };

export type EncodedFinding =
  | { kind: 'invariant'; invariant: number; parentFp: bigint | null; state: unknown; outsideModel?: true }
  | { kind: 'implied'; check: StatePropertyCheck; parentFp: bigint | null; state: unknown; outsideModel?: true }
  | { kind: 'action'; check: ActionPropertyCheck; parentFp: bigint; state: unknown; newState: boolean }
  | { kind: 'deadlock'; fp: bigint }
  | { kind: 'error'; diagnostics: Diagnostic[] | null; message: string; parentFp: bigint | null; state: unknown | null; outsideModel?: true };

export type EncodedGraphOutcome = { index: number; finding: GraphFinding } | { index: number; error: { diagnostics: Diagnostic[] | null; message: string } };

export type FromWorker =
  | { kind: 'ready' }
  /** The worker cannot go on: its model failed to load, or it disagrees with the coordinator. */
  | { kind: 'failed'; diagnostics: Diagnostic[] | null; message: string }
  | {
      kind: 'level';
      status: 'done' | 'full' | 'stopped' | 'finding';
      statesGenerated: number;
      generatedByAction: number[];
      distinctByAction: number[];
      finding: EncodedFinding | null;
      queue: QueueStatistics;
      /** With `countValues`: per variable, the values this thread met since its last reply. */
      newValues: string[][] | null;
    }
  | { kind: 'advanced'; frontier: number }
  | { kind: 'given'; states: StateBatch; fps: bigint[] }
  /** Unasked, while expanding a level: states of it for the coordinator's thread, which wants work. */
  | { kind: 'donation'; states: StateBatch; fps: bigint[] }
  | { kind: 'log'; fps: BigInt64Array; parents: BigInt64Array }
  | { kind: 'snapshot'; current: StateBatch; currentFps: bigint[]; next: StateBatch; nextFps: bigint[]; fps: BigInt64Array; parents: BigInt64Array }
  | { kind: 'graph'; part: PackedOutline }
  /** How many states this thread placed. */
  | { kind: 'placed'; count: number }
  /** The checks this thread decided (a counterexample, or an evaluation error as data), and its time on them. */
  | { kind: 'liveness'; outcomes: EncodedGraphOutcome[]; ms: number; cpuMs: number | null }
  | { kind: 'ok' };
