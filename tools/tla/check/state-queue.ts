// The queue of states waiting to be expanded (TLC's StateQueue, with its DiskStateQueue's spilling):
// first in, first out, in chunks; past a memory budget, whole chunks of unread states are written to
// a file of the queue's own and read back when their turn comes, so that a search of any size holds
// a bounded number of queued states in memory.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, getHeapStatistics, serialize } from 'node:v8';
import { makeFolders } from '../diagnostics.js';
import type { Model, State } from './model.js';
import { packStates, unpackStates, type StateBatch } from './state-batch.js';

export interface QueueEntry {
  state: State;
  /** The state's view fingerprint (the visited set's key), computed once where the state was generated. */
  fp: bigint;
}

export interface MemoryOptions {
  /** Bytes of queued states a thread may hold in memory (estimated); the rest goes to disk. */
  budgetBytes: number;
  /** Where spill files go (default: the system's temporary directory); each is removed once read. */
  spillDir?: string;
  /** States per chunk, the unit written and read (default 4,096; tests use small chunks). */
  chunkStates?: number;
}

/** A quarter of V8's heap limit: queued states live on the heap with everything else of the search. */
export function defaultMemoryBudgetBytes(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 4);
}

/** What the queues of a thread report: how much went to disk and what a state costs in memory and on disk. */
export interface QueueStatistics {
  budgetBytes: number;
  /** Estimated heap bytes per queued state (a sample's object graph, the entry and its fingerprint included). */
  memoryBytesPerState: number;
  /** States written to disk over the run (a state may be written once), and their bytes per state there. */
  spilledStates: number;
  diskBytesPerState: number;
  /** Most states held in memory at once. */
  peakInMemory: number;
}

interface Chunk {
  /** The states, or null while they are on disk. */
  entries: QueueEntry[] | null;
  /** Next unread entry. */
  start: number;
  count: number;
  offset: number;
  bytes: number;
  /** Read back from disk to be read now: never written again. */
  loaded: boolean;
}

const SAMPLE_STATES = 256;

/**
 * The memory budget shared by the queues of one thread (the level being expanded and the next):
 * counts the states they hold in memory and spills chunks when there are more than the budget allows.
 */
export class QueueBudget {
  private readonly queues: StateQueue[] = [];
  readonly chunkStates: number;
  inMemory = 0;
  peakInMemory = 0;
  spilledStates = 0;
  spilledBytes = 0;
  /** States allowed in memory, once a sample has been measured. */
  private limit = Infinity;
  memoryBytesPerState = 0;
  private dir: string | null = null;

  constructor(
    readonly codec: Pick<Model, 'encodeState' | 'encodeStates' | 'decodeState' | 'decodeStates'>,
    readonly options: MemoryOptions,
  ) {
    this.chunkStates = options.chunkStates ?? 4096;
  }

  newQueue(): StateQueue {
    const queue = new StateQueue(this);
    this.queues.push(queue);
    return queue;
  }

  /** A directory of this thread's spill files, made on the first spill. */
  spillDirectory(): string {
    if (this.dir) return this.dir;
    const base = this.options.spillDir ?? tmpdir();
    makeFolders(base);
    this.dir = mkdtempSync(join(base, 'cloudos-queue-'));
    return this.dir;
  }

  added(count: number, sample: readonly QueueEntry[]): void {
    this.inMemory += count;
    if (this.inMemory > this.peakInMemory) this.peakInMemory = this.inMemory;
    if (this.limit === Infinity && sample.length >= Math.min(SAMPLE_STATES, this.chunkStates)) {
      this.memoryBytesPerState = estimateHeapBytes(sample.slice(-SAMPLE_STATES));
      // At least two chunks: the one being read and the one being filled.
      this.limit = Math.max(2 * this.chunkStates, Math.floor(this.options.budgetBytes / this.memoryBytesPerState));
    }
    // Spill the next level's oldest chunks first: they are read last.
    for (let i = this.queues.length - 1; this.inMemory > this.limit && i >= 0; i--) {
      while (this.inMemory > this.limit && this.queues[i]!.spillOne());
    }
  }

  forget(queue: StateQueue): void {
    const i = this.queues.indexOf(queue);
    if (i >= 0) this.queues.splice(i, 1);
  }

  statistics(): QueueStatistics {
    return {
      budgetBytes: this.options.budgetBytes,
      memoryBytesPerState: this.memoryBytesPerState,
      spilledStates: this.spilledStates,
      diskBytesPerState: this.spilledStates === 0 ? 0 : this.spilledBytes / this.spilledStates,
      peakInMemory: this.peakInMemory,
    };
  }

  /** Removes the spill files (the queues are not used after). */
  close(): void {
    for (const queue of [...this.queues]) queue.close();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

export class StateQueue {
  private chunks: Chunk[] = [];
  /** Index of the first chunk with unread states. */
  private head = 0;
  private size = 0;
  private file: { fd: number; path: string; end: number } | null = null;

  constructor(private readonly budget: QueueBudget | null) {}

  get length(): number {
    return this.size;
  }

  push(entry: QueueEntry): void {
    const last = this.chunks[this.chunks.length - 1];
    const chunkStates = this.budget?.chunkStates ?? 4096;
    if (last && last.entries !== null && last.count < chunkStates) {
      last.entries.push(entry);
      last.count++;
    } else {
      this.chunks.push({ entries: [entry], start: 0, count: 1, offset: 0, bytes: 0, loaded: false });
    }
    this.size++;
    this.budget?.added(1, this.chunks[this.chunks.length - 1]!.entries!);
  }

  shift(): QueueEntry | undefined {
    while (this.head < this.chunks.length) {
      const chunk = this.chunks[this.head]!;
      const entries = chunk.entries ?? this.load(chunk);
      if (chunk.start < chunk.count) {
        this.size--;
        if (this.budget) this.budget.inMemory--;
        return entries[chunk.start++]!;
      }
      this.head++;
      // Drop read chunks now and then, not at every chunk.
      if (this.head >= 64) {
        this.chunks.splice(0, this.head);
        this.head = 0;
      }
    }
    return undefined;
  }

  /** Puts `entry` back at the head, to be read first (a state whose expansion was abandoned). */
  putBack(entry: QueueEntry): void {
    const chunk = this.chunks[this.head];
    if (chunk && chunk.entries !== null && chunk.start > 0) chunk.entries[--chunk.start] = entry;
    else this.chunks.splice(this.head, 0, { entries: [entry], start: 0, count: 1, offset: 0, bytes: 0, loaded: true });
    this.size++;
    if (this.budget) this.budget.inMemory++;
  }

  /** Removes up to `count` states from the end (those that would be read last), in queue order. */
  takeFromEnd(count: number): QueueEntry[] {
    const taken: QueueEntry[][] = [];
    let left = Math.min(count, this.size);
    while (left > 0) {
      const chunk = this.chunks[this.chunks.length - 1]!;
      const entries = chunk.entries ?? this.load(chunk);
      const n = Math.min(left, chunk.count - chunk.start);
      taken.push(entries.splice(chunk.count - n, n));
      chunk.count -= n;
      left -= n;
      this.size -= n;
      if (this.budget) this.budget.inMemory -= n;
      if (chunk.start === chunk.count) this.chunks.pop();
    }
    if (this.head > this.chunks.length) this.head = this.chunks.length;
    return taken.reverse().flat();
  }

  /** The unread states, chunk by chunk, in order, without removing them (spilled chunks are read, not kept). */
  *chunksInOrder(): Generator<readonly QueueEntry[]> {
    for (let i = this.head; i < this.chunks.length; i++) {
      const chunk = this.chunks[i]!;
      const entries = chunk.entries ?? this.read(chunk);
      if (chunk.start < chunk.count) yield entries.slice(chunk.start, chunk.count);
    }
  }

  /** Writes the oldest in-memory chunk that is neither partly read nor being filled to disk; false if none. */
  spillOne(): boolean {
    for (let i = this.head; i < this.chunks.length - 1; i++) {
      const chunk = this.chunks[i]!;
      if (chunk.entries === null || chunk.start !== 0 || chunk.loaded) continue;
      const batch = serialize({ fps: BigInt64Array.from(chunk.entries, (e) => e.fp), states: packStates(this.budget!.codec, chunk.entries.map((e) => e.state)) });
      const file = this.openFile();
      writeSync(file.fd, batch, 0, batch.byteLength, file.end);
      chunk.offset = file.end;
      chunk.bytes = batch.byteLength;
      file.end += batch.byteLength;
      chunk.entries = null;
      this.budget!.inMemory -= chunk.count;
      this.budget!.spilledStates += chunk.count;
      this.budget!.spilledBytes += batch.byteLength;
      return true;
    }
    return false;
  }

  private openFile(): { fd: number; path: string; end: number } {
    if (!this.file) {
      const path = join(this.budget!.spillDirectory(), `queue-${Math.random().toString(36).slice(2)}.bin`);
      this.file = { fd: openSync(path, 'w+'), path, end: 0 };
    }
    return this.file;
  }

  private read(chunk: Chunk): QueueEntry[] {
    const buffer = Buffer.allocUnsafe(chunk.bytes);
    readSync(this.file!.fd, buffer, 0, chunk.bytes, chunk.offset);
    const record = deserialize(buffer) as { fps: BigInt64Array; states: StateBatch };
    return unpackStates(this.budget!.codec, record.states).map((state, i) => ({ state, fp: record.fps[i]! }));
  }

  /** Brings a spilled chunk back into memory for reading. */
  private load(chunk: Chunk): QueueEntry[] {
    const entries = this.read(chunk);
    chunk.entries = entries;
    chunk.loaded = true;
    this.budget!.added(chunk.count, []);
    return entries;
  }

  /** Drops this queue (its states are not read after): its budget forgets it, its spill file is removed. */
  close(): void {
    this.budget?.forget(this);
    if (!this.file) return;
    closeSync(this.file.fd);
    rmSync(this.file.path, { force: true });
    this.file = null;
  }
}

/**
 * Estimated V8 heap bytes per state of `entries`: the object graph below them walked once, shared
 * parts counted once (siblings share the values their action left unchanged), with V8's usual sizes
 * on 64-bit (no pointer compression): 24-byte object headers, 8-byte fields and elements.
 */
export function estimateHeapBytes(entries: readonly QueueEntry[]): number {
  const seen = new Set<unknown>();
  let bytes = 0;
  const walk = (value: unknown): void => {
    switch (typeof value) {
      case 'string':
        if (!seen.has(value)) {
          seen.add(value);
          bytes += 24 + value.length;
        }
        return;
      case 'number':
        if (!Number.isInteger(value) || Math.abs(value) >= 2 ** 31) bytes += 16;
        return;
      case 'bigint':
        bytes += 24;
        return;
      case 'object': {
        if (value === null || seen.has(value)) return;
        seen.add(value);
        if (ArrayBuffer.isView(value)) {
          bytes += 64 + value.byteLength;
        } else if (Array.isArray(value)) {
          bytes += 32 + 8 * value.length;
          for (const item of value) walk(item);
        } else if (value instanceof Map) {
          bytes += 48 + 24 * value.size;
          for (const [k, v] of value) {
            walk(k);
            walk(v);
          }
        } else if (value instanceof Set) {
          bytes += 48 + 16 * value.size;
          for (const item of value) walk(item);
        } else {
          const keys = Object.keys(value);
          bytes += 24 + 8 * keys.length;
          for (const key of keys) walk((value as Record<string, unknown>)[key]);
        }
        return;
      }
      default:
        return;
    }
  };
  for (const entry of entries) {
    // The entry object and its fingerprint.
    bytes += 40 + 24;
    walk(entry.state);
  }
  return entries.length === 0 ? 0 : bytes / entries.length;
}
