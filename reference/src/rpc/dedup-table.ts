// Duplicate suppression for at-most-once and exactly-once RPC. Entries are kept per client
// stream (client pid and the incarnation of the client's kernel, whose call sequence numbers
// restart when it does). Each stream has a floor: every call below it completed at the client
// (the client says so in `doneBelow`) or was evicted, so a request below the floor is an old
// duplicate and is never executed. The durable variant persists each stream it changes.
import type { NodeId, Pid, JsonValue } from '../ids.js';
import { parsePid } from '../processes/processes.js';
import type { StepContext } from '../step-context.js';

export interface DedupEntry {
  callId: string;
  result: JsonValue;
  /** Insertion order across the table, for evicting the oldest entry. */
  stamp: number;
}

export interface DedupStream {
  server: Pid;
  clientNode: NodeId;
  clientInc: number;
  floor: number;
  entries: Map<number, DedupEntry>;
}

export interface DedupTable {
  /** Durable tables write every change with `persist` in the same step (exactly-once). */
  durable: boolean;
  streams: Map<string, DedupStream>;
  nextStamp: number;
  /** Used only by the `exactly-once-group-commit` bug: streams changed but not yet persisted. */
  unpersisted: Set<string>;
}

const durableKeyPrefix = 'rpc/';

export function emptyDedupTable(durable: boolean): DedupTable {
  return { durable, streams: new Map(), nextStamp: 0, unpersisted: new Set() };
}

export interface PersistedStream {
  server: Pid;
  clientNode: NodeId;
  clientInc: number;
  floor: number;
  entries: [number, string, JsonValue][];
}

/** Rebuilds the durable table from storage at (re)start. */
export function loadDurableDedupTable(durable: Record<string, unknown>): DedupTable {
  const table = emptyDedupTable(true);
  for (const [key, value] of Object.entries(durable)) {
    if (!key.startsWith(durableKeyPrefix) || value === null || typeof value !== 'object') continue;
    const saved = value as PersistedStream;
    const entries = new Map<number, DedupEntry>();
    for (const [seq, callId, result] of saved.entries) entries.set(seq, { callId, result, stamp: table.nextStamp++ });
    table.streams.set(key.slice(durableKeyPrefix.length), { ...saved, entries });
  }
  return table;
}

export function streamKey(server: Pid, client: Pid, clientInc: number): string {
  return `${server}|${client}|${clientInc}`;
}

function save(table: DedupTable, ctx: StepContext, key: string): void {
  if (!table.durable) return;
  if (ctx.mutantIs('exactly-once-group-commit')) {
    // The bug: this change waits for the next one to be written (after the reply has gone out).
    const earlier = [...table.unpersisted];
    table.unpersisted = new Set([key]);
    for (const other of earlier) if (other !== key) persistStream(table, ctx, other);
    return;
  }
  persistStream(table, ctx, key);
}

function persistStream(table: DedupTable, ctx: StepContext, key: string): void {
  const stream = table.streams.get(key);
  const value: PersistedStream | null =
    stream === undefined
      ? null
      : { ...stream, entries: [...stream.entries].map(([seq, entry]) => [seq, entry.callId, entry.result] as [number, string, JsonValue]) };
  ctx.persist(durableKeyPrefix + key, value);
}

/** A stream as it is persisted or moved, with its key. */
export type MovedStream = [key: string, stream: PersistedStream];

/** Migration: removes the streams of server process `server` (they move with it) and returns them. */
export function takeServerStreams(table: DedupTable, ctx: StepContext, server: Pid): MovedStream[] {
  const taken: MovedStream[] = [];
  for (const [key, stream] of [...table.streams]) {
    if (stream.server !== server) continue;
    taken.push([key, { ...stream, entries: [...stream.entries].map(([seq, entry]) => [seq, entry.callId, entry.result] as [number, string, JsonValue]) }]);
    table.streams.delete(key);
    save(table, ctx, key);
  }
  return taken;
}

/** Migration: installs the streams a server process brought with it (persisted when the table is durable). */
export function adoptServerStreams(table: DedupTable, ctx: StepContext, streams: readonly MovedStream[]): void {
  for (const [key, saved] of streams) {
    const entries = new Map<number, DedupEntry>();
    for (const [seq, callId, result] of saved.entries) entries.set(seq, { callId, result, stamp: table.nextStamp++ });
    table.streams.set(key, { ...saved, entries });
    save(table, ctx, key);
  }
}

export type DedupLookup = { kind: 'new' } | { kind: 'done'; result: JsonValue } | { kind: 'below-floor' };

/** Raises the stream's floor to `doneBelow` (forgetting completed calls), then looks up `seq`. */
export function dedupLookup(
  table: DedupTable, ctx: StepContext, server: Pid, client: Pid, clientInc: number, seq: number, doneBelow: number,
): DedupLookup {
  const key = ctx.mutantIs('dedup-key-ignores-client') ? streamKey(server, '*', clientInc) : streamKey(server, client, clientInc);
  let stream = table.streams.get(key);
  if (stream === undefined) {
    stream = { server, clientNode: parsePid(client)?.node ?? '', clientInc, floor: 0, entries: new Map() };
    table.streams.set(key, stream);
  }
  // The `stale-request-lowers-floor` bug lets a delayed copy's older doneBelow move the floor back.
  if (doneBelow > stream.floor || (ctx.mutantIs('stale-request-lowers-floor') && doneBelow !== stream.floor)) {
    stream.floor = doneBelow;
    // The `floor-purge-inclusive` bug also forgets the entry at the new floor: the lowest call still pending.
    for (const old of [...stream.entries.keys()]) if (old < doneBelow || (old === doneBelow && ctx.mutantIs('floor-purge-inclusive'))) stream.entries.delete(old);
    save(table, ctx, key);
  }
  if (seq < stream.floor) return { kind: 'below-floor' };
  const entry = stream.entries.get(seq);
  return entry === undefined ? { kind: 'new' } : { kind: 'done', result: entry.result };
}

/** Records an executed call. A volatile table holds at most `capacity` entries per server. */
export function dedupRecord(
  table: DedupTable, ctx: StepContext, server: Pid, client: Pid, clientInc: number, seq: number, callId: string, result: JsonValue, capacity: number,
): void {
  const key = ctx.mutantIs('dedup-key-ignores-client') ? streamKey(server, '*', clientInc) : streamKey(server, client, clientInc);
  const stream = table.streams.get(key);
  if (stream === undefined) throw new Error(`dedupRecord before dedupLookup for ${key}`);
  stream.entries.set(seq, { callId, result, stamp: table.nextStamp++ });
  save(table, ctx, key);
  if (!table.durable) evictBeyondCapacity(table, ctx, server, capacity);
}

/** Evicting entry `seq` raises its stream's floor past it: the call can never run again. */
function evictBeyondCapacity(table: DedupTable, ctx: StepContext, server: Pid, capacity: number): void {
  // The `dedup-table-per-node` bug bounds the node's entries, every server's together, not each server's.
  const serverStreams = [...table.streams.values()].filter((s) => s.server === server || ctx.mutantIs('dedup-table-per-node'));
  let count = serverStreams.reduce((sum, s) => sum + s.entries.size, 0);
  while (count > capacity) {
    let oldest: { stream: DedupStream; seq: number; stamp: number } | undefined;
    for (const stream of serverStreams) {
      for (const [seq, entry] of stream.entries) if (oldest === undefined || entry.stamp < oldest.stamp) oldest = { stream, seq, stamp: entry.stamp };
    }
    if (oldest === undefined) return;
    if (ctx.mutantIs('evict-without-floor')) {
      oldest.stream.entries.delete(oldest.seq); // the bug: forgotten, yet still allowed to run again
      count--;
      continue;
    }
    oldest.stream.floor = Math.max(oldest.stream.floor, oldest.seq + 1);
    for (const seq of [...oldest.stream.entries.keys()]) if (seq < oldest.stream.floor) oldest.stream.entries.delete(seq);
    count = serverStreams.reduce((sum, s) => sum + s.entries.size, 0);
  }
}

/**
 * Orphan handling: once node `clientNode` runs incarnation `inc`, calls made by its earlier
 * incarnations can never take a reply, so their entries and floors are dropped.
 */
export function purgeOrphans(table: DedupTable, ctx: StepContext, clientNode: NodeId, inc: number): void {
  for (const [key, stream] of [...table.streams]) {
    // The `rpc-orphan-purge-any-node` bug purges every client node's older-incarnation streams when one node restarts.
    if ((stream.clientNode !== clientNode && !ctx.mutantIs('rpc-orphan-purge-any-node')) || stream.clientInc >= inc) continue;
    table.streams.delete(key);
    save(table, ctx, key);
  }
}

export function dedupEntryCount(table: DedupTable, server?: Pid): number {
  let count = 0;
  for (const stream of table.streams.values()) if (server === undefined || stream.server === server) count += stream.entries.size;
  return count;
}
