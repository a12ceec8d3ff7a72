// The state graph built on several threads: each thread keeps a fragment (the states it found first,
// stored as GraphStates, and the successor fingerprints of every state it expanded); after the
// search the fragments are joined into the graph one thread would have built (`joinFragments`).
// States never cross threads during the search: only, at the end, each variable's distinct values
// and 4 bytes per variable per state.
import type { Model, State } from './model.js';
import type { StateGraph } from './explorer.js';
import { GraphStates, grownInt32, type SharedGraphStates, type StateFactEvaluator } from './graph-states.js';
import { FingerprintIds } from './fingerprint-set.js';
import { SuccessorLists, type SharedSuccessorLists } from './successor-lists.js';
import { packStates, unpackStates, type StateBatch } from './state-batch.js';

/** A fragment as plain data, to send to the coordinating thread (its arrays may be transferred). */
export interface FragmentContents {
  /** The fingerprints of the initial states in the model this thread added, in order. */
  initial: bigint[];
  /** Records [parent fp, n, fp 1, ..., fp n]: the in-model successors of each expanded state, duplicates removed, in the order generated. */
  edges: BigInt64Array<ArrayBuffer>;
  /** The fingerprints of the states this thread found first, in the order of `cells`. */
  stateFps: BigInt64Array<ArrayBuffer>;
  width: number;
  cells: Int32Array<ArrayBuffer>;
  /** Each variable's distinct values, as a batch of one-value states. */
  columns: StateBatch[];
  /** The facts of each state (`StateFactEvaluator`), evaluated by this thread: `factCount` per state. */
  factCount: number;
  facts: Int8Array<ArrayBuffer>;
}

export class GraphFragment {
  private edges = new BigInt64Array(1024);
  private edgeLength = 0;
  /** Where the record of the state being expanded starts in `edges`. */
  private record = -1;
  private stateFps = new BigInt64Array(1024);
  private readonly states: GraphStates;
  private readonly initial: bigint[] = [];

  /** `facts`: what the liveness search reads on every state, evaluated here as each state is added (`stateFacts`). */
  constructor(facts: StateFactEvaluator | null = null) {
    this.states = new GraphStates(facts);
  }

  /** An initial state in the model, new (after `addState`). */
  addInitial(fp: bigint): void {
    this.initial.push(fp);
  }

  /** A state this thread found first (an initial state or a new successor); returns it as stored (values shared with the fragment's). */
  addState(fp: bigint, state: State): State {
    if (this.states.length === this.stateFps.length) this.stateFps = grown(this.stateFps, this.states.length + 1);
    this.stateFps[this.states.length] = fp;
    this.states.push(state);
    return this.states.get(this.states.length - 1);
  }

  /** Starts the record of the successors of the state `fp` (each state is expanded once, by one thread). */
  beginExpansion(fp: bigint): void {
    this.reserve(2);
    this.record = this.edgeLength;
    this.edges[this.edgeLength++] = fp;
    this.edges[this.edgeLength++] = 0n;
  }

  /** An in-model successor of the state being expanded (a repeated one is recorded once). */
  addSuccessor(fp: bigint): void {
    for (let i = this.record + 2; i < this.edgeLength; i++) if (this.edges[i] === fp) return;
    this.reserve(1);
    this.edges[this.edgeLength++] = fp;
    this.edges[this.record + 1]!++;
  }

  private reserve(n: number): void {
    if (this.edgeLength + n > this.edges.length) this.edges = grown(this.edges, this.edgeLength + n);
  }

  contents(model: Pick<Model, 'encodeState' | 'encodeStates'>): FragmentContents {
    const { width, cells, columns, factCount, facts } = this.states.contents();
    return {
      initial: this.initial,
      edges: this.edges.slice(0, this.edgeLength),
      stateFps: this.stateFps.slice(0, this.states.length),
      width,
      cells,
      columns: columns.map((values) => packStates(model, values.map((v) => [v]))),
      factCount,
      facts,
    };
  }
}

function grown(a: BigInt64Array<ArrayBuffer>, needed: number): BigInt64Array<ArrayBuffer> {
  let length = a.length * 2;
  while (length < needed) length *= 2;
  const bigger = new BigInt64Array(length);
  bigger.set(a);
  return bigger;
}

/**
 * The graph one thread would have built, from every thread's fragment: node ids are given in the
 * order that thread gives them (the initial states in order, then breadth first, each state's
 * successors in the order generated), so the liveness verdict and counterexample do not depend on
 * which thread expanded which state. Throws if a fragment misses a state's expansion or a state (threads that disagree).
 */
export function joinFragments(model: Pick<Model, 'decodeState' | 'decodeStates'>, parts: readonly FragmentContents[]): StateGraph {
  // Fingerprints are read as 32-bit halves: reading a BigInt64Array allocates a bigint, once per edge.
  // A record's count is read as the low half of its word (little-endian, as every platform Node runs on).
  const words = (a: BigInt64Array) => new Int32Array(a.buffer, a.byteOffset, 2 * a.length);
  const edgeWords = parts.map((part) => words(part.edges));
  // Where each expansion record is: its part and offset.
  // Every state is expanded once and found once: both tables are sized for the number of states.
  const stateCount = parts.reduce((n, p) => n + p.stateFps.length, 0);
  const records = new FingerprintIds(stateCount);
  let recordCount = 0;
  let recordPart = new Int32Array(1024);
  let recordOffset = new Int32Array(1024);
  parts.forEach((part, p) => {
    const w = edgeWords[p]!;
    for (let o = 0; o < part.edges.length; o += 2 + w[2 * o + 2]!) {
      if (recordCount === recordPart.length) (recordPart = grownInt32(recordPart, recordCount + 1)), (recordOffset = grownInt32(recordOffset, recordCount + 1));
      records.setWords(w[2 * o]!, w[2 * o + 1]!, recordCount);
      recordPart[recordCount] = p;
      recordOffset[recordCount++] = o;
    }
  });
  const idOf = new FingerprintIds(stateCount);
  const edgeCount = parts.reduce((n, p) => n + p.edges.length, 0) - 2 * recordCount;
  const successors = new SuccessorLists(edgeCount, stateCount);
  /** The fingerprint of node id as halves fps[2 id], fps[2 id + 1]. */
  let fps = new Int32Array(2 * Math.max(1, stateCount));
  let count = 0;
  const idFor = (k0: number, k1: number) => {
    let id = idOf.getWords(k0, k1);
    if (id === undefined) {
      id = count++;
      idOf.setWords(k0, k1, id);
      if (2 * id + 2 > fps.length) fps = grownInt32(fps, 2 * id + 2);
      fps[2 * id] = k0;
      fps[2 * id + 1] = k1;
    }
    return id;
  };
  const fingerprintOf = (id: number) => new BigInt64Array(fps.buffer, 8 * id, 1)[0]!;
  const initialIds = parts.flatMap((p) => {
    const w = words(BigInt64Array.from(p.initial));
    return p.initial.map((_, i) => idFor(w[2 * i]!, w[2 * i + 1]!));
  });
  for (let u = 0; u < count; u++) {
    const r = records.getWords(fps[2 * u]!, fps[2 * u + 1]!);
    if (r === undefined) throw new Error(`the state graph misses the successors of a state (fingerprint ${fingerprintOf(u)}): threads disagree`);
    const w = edgeWords[recordPart[r]!]!;
    const o = recordOffset[r]!;
    for (let i = o + 2, end = o + 2 + w[2 * o + 2]!; i < end; i++) successors.add(u, idFor(w[2 * i]!, w[2 * i + 1]!));
  }
  const width = parts.find((p) => p.width >= 0)?.width ?? 0;
  const states = GraphStates.sized(count, width, parts.find((p) => p.stateFps.length > 0)?.factCount ?? 0);
  let placed = 0;
  for (const part of parts) {
    if (part.stateFps.length === 0) continue;
    const renumbered = part.columns.map((batch, column) => states.renumbering(column, unpackStates(model, batch).map((s) => s[0])));
    const w = words(part.stateFps);
    for (let local = 0; local < part.stateFps.length; local++) {
      const id = idOf.getWords(w[2 * local]!, w[2 * local + 1]!);
      if (id === undefined) throw new Error(`a state found by a thread is not reachable in the joined graph (fingerprint ${part.stateFps[local]}): threads disagree`);
      states.set(id, part, local, renumbered);
      placed++;
    }
  }
  if (placed !== count) throw new Error(`the state graph has ${count} states but the threads found ${placed}`);
  return { states, idOf, successors, initial: initialIds, failedSteps: new Map() };
}

/** A state graph for other threads (`shareStateGraph`): its arrays in shared memory, each variable's distinct values as one batch. */
export interface SharedStateGraph {
  states: Omit<SharedGraphStates, 'columns'>;
  columns: StateBatch[];
  successors: SharedSuccessorLists;
  initial: number[];
  failedSteps: [number, number[]][];
}

/** Moves the graph's arrays into shared memory (the graph reads them from there too) and describes it for other threads. */
export function shareStateGraph(model: Pick<Model, 'encodeState' | 'encodeStates'>, graph: StateGraph): SharedStateGraph {
  const { columns, ...states } = graph.states.share();
  return {
    states,
    columns: columns.map((values) => packStates(model, values.map((v) => [v]))),
    successors: graph.successors.share(),
    initial: graph.initial,
    failedSteps: [...graph.failedSteps],
  };
}

/** The graph another thread shared, for the liveness checks (no fingerprint index: they do not look states up). */
export function sharedStateGraph(model: Pick<Model, 'decodeState' | 'decodeStates'>, shared: SharedStateGraph): StateGraph {
  const columns = shared.columns.map((batch) => unpackStates(model, batch).map((s) => s[0]));
  return {
    states: GraphStates.fromShared(shared.states, columns),
    idOf: new FingerprintIds(),
    successors: SuccessorLists.fromShared(shared.successors),
    initial: shared.initial,
    failedSteps: new Map(shared.failedSteps),
  };
}
