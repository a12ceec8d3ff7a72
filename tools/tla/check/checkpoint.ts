// Checkpoints of the breadth-first search (TLC's -checkpoint/-recover): the (fingerprint, parent) log
// of every distinct state, the unexpanded states of the level being expanded and of the next one,
// and the counters. Data files are written first and `checkpoint.json` (which names them, with their
// sizes and SHA-256) is renamed into place last, so a run killed at any moment leaves the previous
// checkpoint whole.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { makeFolders } from '../diagnostics.js';
import type { Model } from './model.js';
import type { QueueEntry } from './state-queue.js';
import { fingerprintKey } from './fingerprint-set.js';
import { packStates, unpackStates, type StateBatch } from './state-batch.js';

/**
 * Bumped whenever a checkpoint written by an older version could not be read correctly. 2: a
 * function's fingerprint hashes its domain once (values/fingerprint.ts), so fingerprints changed;
 * 3: a function's hash is a sum of a term per position, which EXCEPT updates.
 */
export const CHECKPOINT_VERSION = 3;
const MANIFEST = 'checkpoint.json';
/** States per record of a queue file (one serialized batch each). */
const RECORD_STATES = 4096;

/** Everything a search needs to go on from where it stopped; threads hold no other state between states. */
export interface SearchSnapshot {
  /** Depth reached so far (as CheckStatistics.depth): the level being expanded. */
  depth: number;
  statesGenerated: number;
  generatedByAction: number[];
  distinctByAction: number[];
  /** Every distinct state's fingerprint and its parent's (0 for an initial state): the visited set and the trace log. */
  log: { fps: BigInt64Array; parents: BigInt64Array };
  /** Unexpanded states of the level being expanded. */
  current: QueuedStates;
  /** States of the next level found so far. */
  next: QueuedStates;
  /** Search time before this snapshot, over all earlier runs of the same search. */
  elapsedMs: number;
}

/** Queued states, read chunk by chunk (from memory, a spilled queue or a checkpoint file) when iterated, once. */
export interface QueuedStates {
  count: number;
  chunks: Iterable<readonly QueueEntry[]>;
}

/** The states of `parts`, one after the other. */
export function joinQueued(parts: readonly QueuedStates[]): QueuedStates {
  return {
    count: parts.reduce((n, p) => n + p.count, 0),
    chunks: (function* () {
      for (const part of parts) yield* part.chunks;
    })(),
  };
}

/** What a checkpoint must match to be resumed: the caller's description of the spec and a digest of it. */
export interface CheckpointIdentity {
  /** For messages: the spec and configuration files. */
  spec: string;
  config?: string;
  /** A digest of everything the state space depends on (the resolved modules and the configuration). */
  digest: string;
}

export interface CheckpointOptions {
  dir: string;
  /** Milliseconds between checkpoints; one is also written when the run stops early (Ctrl-C, time limit). */
  intervalMs: number;
  identity: CheckpointIdentity;
  /** Called after each checkpoint is complete on disk. */
  onWritten?: (info: CheckpointInfo) => void;
}

export interface CheckpointInfo {
  file: string;
  distinctStates: number;
  queued: number;
  bytes: number;
  writeMs: number;
}

interface DataFile {
  name: string;
  bytes: number;
  sha256: string;
}

interface Manifest {
  format: 'cloudos-checkpoint';
  version: number;
  writtenAt: string;
  identity: CheckpointIdentity;
  model: ModelShape;
  depth: number;
  statesGenerated: number;
  generatedByAction: number[];
  distinctByAction: number[];
  distinctStates: number;
  elapsedMs: number;
  log: DataFile;
  queue: DataFile & { current: number; next: number };
}

/** The parts of a model a checkpoint's counters refer to: a differing one means another model. */
interface ModelShape {
  name: string;
  variables: string[];
  actions: string[];
  invariants: string[];
  properties: string[];
}

function shapeOf(model: Model): ModelShape {
  return {
    name: model.name,
    variables: [...model.variables],
    actions: model.actions.map((a) => a.name),
    invariants: model.invariants.map((i) => i.name),
    properties: model.properties.map((p) => p.name),
  };
}

/** A checkpoint that cannot be resumed: names the file and what to do. */
export class CheckpointError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${file}: ${problem}; ${hint}`);
    this.name = 'CheckpointError';
  }
}

/** Writes `buffers` to `path` and flushes it to the disk; returns its size and SHA-256. */
function writeDataFile(dir: string, name: string, buffers: Iterable<Uint8Array>): DataFile {
  const hash = createHash('sha256');
  const fd = openSync(join(dir, name), 'w');
  let bytes = 0;
  try {
    for (const buffer of buffers) {
      writeSync(fd, buffer);
      hash.update(buffer);
      bytes += buffer.byteLength;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return { name, bytes, sha256: hash.digest('hex') };
}

function bytesOf(array: BigInt64Array): Uint8Array {
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}

/** Queue records: a 4-byte length, then one v8-serialized `{ fps, states }` of up to RECORD_STATES states. */
function* queueRecords(model: Model, queued: QueuedStates): Generator<Uint8Array> {
  for (const entries of queued.chunks) {
    for (let i = 0; i < entries.length; i += RECORD_STATES) {
      const chunk = entries.slice(i, i + RECORD_STATES);
      const record = serialize({ fps: BigInt64Array.from(chunk, (e) => e.fp), states: packStates(model, chunk.map((e) => e.state)) });
      const length = Buffer.alloc(4);
      length.writeUInt32LE(record.byteLength);
      yield length;
      yield record;
    }
  }
}

/** Writes a checkpoint of `snapshot` into `dir` (created if missing), replacing the previous one. */
export function writeCheckpoint(model: Model, options: CheckpointOptions, snapshot: SearchSnapshot): CheckpointInfo {
  const started = Date.now();
  const dir = options.dir;
  makeFolders(dir);
  // A fresh name per checkpoint: the previous files stay valid until the manifest names the new ones.
  const generation = `${Date.now().toString(36)}-${process.pid}`;
  const log = writeDataFile(dir, `log-${generation}.bin`, [bytesOf(snapshot.log.fps), bytesOf(snapshot.log.parents)]);
  const queue = writeDataFile(dir, `queue-${generation}.bin`, (function* () {
    yield* queueRecords(model, snapshot.current);
    yield* queueRecords(model, snapshot.next);
  })());
  const manifest: Manifest = {
    format: 'cloudos-checkpoint',
    version: CHECKPOINT_VERSION,
    writtenAt: new Date().toISOString(),
    identity: options.identity,
    model: shapeOf(model),
    depth: snapshot.depth,
    statesGenerated: snapshot.statesGenerated,
    generatedByAction: snapshot.generatedByAction,
    distinctByAction: snapshot.distinctByAction,
    distinctStates: snapshot.log.fps.length,
    elapsedMs: snapshot.elapsedMs,
    log,
    queue: { ...queue, current: snapshot.current.count, next: snapshot.next.count },
  };
  const manifestFile = join(dir, MANIFEST);
  const temporary = `${manifestFile}.${generation}.tmp`;
  writeDataFile(dir, temporary.slice(dir.length + 1), [Buffer.from(JSON.stringify(manifest, null, 1) + '\n')]);
  renameSync(temporary, manifestFile);
  for (const name of readdirSync(dir)) {
    if (/^(log|queue)-.*\.bin$/.test(name) && name !== log.name && name !== queue.name) rmSync(join(dir, name), { force: true });
  }
  return { file: manifestFile, distinctStates: manifest.distinctStates, queued: snapshot.current.count + snapshot.next.count, bytes: log.bytes + queue.bytes, writeMs: Date.now() - started };
}

/** Whether `dir` holds a checkpoint (so that a new run does not silently overwrite one). */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, MANIFEST));
}

const START_AFRESH = 'start afresh without --recover (a new --checkpoint directory), or recover from another checkpoint';

function readVerified(dir: string, data: DataFile, manifestFile: string): Buffer {
  const file = join(dir, data.name);
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch {
    throw new CheckpointError(file, `missing (named by ${manifestFile})`, `the checkpoint is incomplete: ${START_AFRESH}`);
  }
  if (buffer.byteLength !== data.bytes || createHash('sha256').update(buffer).digest('hex') !== data.sha256) {
    throw new CheckpointError(file, `corrupt: its size or SHA-256 differs from what ${manifestFile} records`, START_AFRESH);
  }
  return buffer;
}

/** Reads and verifies the checkpoint in `dir` for `model`; throws a CheckpointError naming the file and the fix. */
export function readCheckpoint(model: Model, dir: string, identity: CheckpointIdentity): SearchSnapshot {
  const manifestFile = join(dir, MANIFEST);
  let text: string;
  try {
    text = readFileSync(manifestFile, 'utf8');
  } catch {
    const problem = existsSync(dir) ? 'not found' : `not found (no directory ${dir})`;
    throw new CheckpointError(manifestFile, problem, 'pass the directory given to --checkpoint in an earlier run, or start without --recover');
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
    if (manifest.format !== 'cloudos-checkpoint' || typeof manifest.log?.name !== 'string' || typeof manifest.queue?.name !== 'string') throw new Error('not a checkpoint');
  } catch {
    throw new CheckpointError(manifestFile, 'corrupt: not a cloudos checkpoint manifest', START_AFRESH);
  }
  if (manifest.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(manifestFile, `written in checkpoint format ${manifest.version}; this cloudos reads format ${CHECKPOINT_VERSION}`, `recover it with the cloudos that wrote it, or ${START_AFRESH}`);
  }
  const shape = shapeOf(model);
  if (manifest.identity.digest !== identity.digest || JSON.stringify(manifest.model) !== JSON.stringify(shape)) {
    const was = `${manifest.identity.spec}${manifest.identity.config ? ` with ${manifest.identity.config}` : ''}`;
    throw new CheckpointError(manifestFile, `written for another model: ${was} as it was then, not ${identity.spec}${identity.config ? ` with ${identity.config}` : ''} as it is now (the modules or the configuration differ)`, `recover with the same spec and configuration, or ${START_AFRESH}`);
  }
  const logBytes = readVerified(dir, manifest.log, manifestFile);
  const count = manifest.distinctStates;
  if (logBytes.byteLength !== count * 16) throw new CheckpointError(join(dir, manifest.log.name), `holds ${logBytes.byteLength} bytes, not 16 per distinct state (${count})`, START_AFRESH);
  // Copied into aligned arrays: a Buffer's offset in its pool need not be a multiple of 8.
  const all = new BigInt64Array(2 * count);
  new Uint8Array(all.buffer).set(logBytes);
  const queueBytes = readVerified(dir, manifest.queue, manifestFile);
  const queueFile = join(dir, manifest.queue.name);
  // Records stay packed until the search reads them: a queue is far smaller packed than decoded.
  const records: { fps: BigInt64Array; states: StateBatch }[] = [];
  for (let offset = 0; offset < queueBytes.byteLength; ) {
    const length = queueBytes.readUInt32LE(offset);
    records.push(deserialize(queueBytes.subarray(offset + 4, offset + 4 + length)));
    offset += 4 + length;
  }
  const decode = (record: { fps: BigInt64Array; states: StateBatch }) => unpackStates(model, record.states).map((state, i) => ({ state, fp: record.fps[i]! }));
  const first = records[0] ? decode(records[0])[0] : undefined;
  if (first && fingerprintKey(model.viewFingerprint(first.state)) !== first.fp) {
    throw new CheckpointError(queueFile, 'its states have other fingerprints in this model than when they were written (was cloudos updated in between?)', START_AFRESH);
  }
  const { current: currentCount, next: nextCount } = manifest.queue;
  let split = 0;
  for (let n = 0; n < currentCount && split < records.length; split++) n += records[split]!.fps.length;
  const countOf = (part: typeof records) => part.reduce((n, r) => n + r.fps.length, 0);
  if (countOf(records.slice(0, split)) !== currentCount || countOf(records.slice(split)) !== nextCount) {
    throw new CheckpointError(queueFile, `holds ${countOf(records)} states, not the ${currentCount} + ${nextCount} its manifest records`, START_AFRESH);
  }
  const queued = (part: typeof records): QueuedStates => ({
    count: countOf(part),
    chunks: (function* () {
      for (const record of part) yield decode(record);
    })(),
  });
  return {
    depth: manifest.depth,
    statesGenerated: manifest.statesGenerated,
    generatedByAction: manifest.generatedByAction,
    distinctByAction: manifest.distinctByAction,
    log: { fps: all.subarray(0, count), parents: all.subarray(count) },
    current: queued(records.slice(0, split)),
    next: queued(records.slice(split)),
    elapsedMs: manifest.elapsedMs,
  };
}
