// The state graph built on several threads: each thread keeps a fragment (the states it found first,
// stored as GraphStates, and the successor fingerprints of every state it expanded); after the
// search the fragments are joined into the graph one thread would have built (`joinFragments`).
// States never cross threads during the search: only, at the end, each variable's distinct values
// and 4 bytes per variable per state.
import type { Model, State } from './model.js';
import type { StateGraph } from './explorer.js';
import { GraphStates, grownInt32, type SharedGraphStates, type StateFactEvaluator } from './graph-states.js';
import { FingerprintIds, type SharedFingerprintSet } from './fingerprint-set.js';
import { SuccessorLists, type SharedSuccessorLists } from './successor-lists.js';
import { packStates, unpackStates, type StateBatch } from './state-batch.js';

/** A fragment as plain data, to send to the coordinating thread (its arrays may be transferred). */
export interface FragmentContents {
  /**
   * States are named by the slot of their fingerprint in the search's shared table (`slotOf`), found by
   * each thread for its own part: the join then indexes arrays instead of hashing fingerprints.
   * The initial states in the model this thread added, in order.
   */
  initial: number[];
  /** Records [parent, n, successor 1, ..., successor n]: the in-model successors of each expanded state, duplicates removed, in the order generated. */
  edges: Int32Array<ArrayBuffer>;
  /** The states this thread found first, in the order of `cells`. */
  stateSlots: Int32Array<ArrayBuffer>;
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

  /** The fragment as plain data, its states named by their slots in `table`, the search's table (which must hold them all). */
  contents(model: Pick<Model, 'encodeState' | 'encodeStates'>, table: SharedFingerprintSet): FragmentContents {
    const { width, cells, columns, factCount, facts } = this.states.contents();
    const words = (fps: BigInt64Array) => new Int32Array(fps.buffer, fps.byteOffset, 2 * fps.length);
    /** The slots of the fingerprints i in [from, to) of `w` (a BigInt64Array as halves) into out[i]. */
    const toSlots = (w: Int32Array, out: Int32Array, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const slot = (out[i] = table.slotOf(w[2 * i]!, w[2 * i + 1]!));
        if (slot < 0) throw new Error(`a state of the graph (fingerprint ${new BigInt64Array(w.buffer, w.byteOffset + 8 * i, 1)[0]}) is not in the search's table: threads disagree`);
      }
    };
    const edgeWords = words(this.edges);
    const edges = new Int32Array(this.edgeLength);
    for (let o = 0; o < this.edgeLength; o += 2 + edges[o + 1]!) {
      // The record's count: the low half of its word (little-endian, as every platform Node runs on).
      edges[o + 1] = edgeWords[2 * o + 2]!;
      toSlots(edgeWords, edges, o, o + 1);
      toSlots(edgeWords, edges, o + 2, o + 2 + edges[o + 1]!);
    }
    const stateSlots = new Int32Array(this.states.length);
    toSlots(words(this.stateFps), stateSlots, 0, this.states.length);
    const initial = new Int32Array(this.initial.length);
    toSlots(words(BigInt64Array.from(this.initial)), initial, 0, this.initial.length);
    return {
      initial: [...initial],
      edges,
      stateSlots,
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
export function joinFragments(model: Pick<Model, 'decodeState' | 'decodeStates'>, parts: readonly FragmentContents[], table: SharedFingerprintSet): StateGraph {
  // States are named by their slots in the search's table (`contents`): every map below is an array over the slots.
  const slots = table.slotCount;
  // Where the record of each state's expansion is: its part and offset (part -1: none).
  const recordPart = new Int32Array(slots).fill(-1);
  const recordOffset = new Int32Array(slots);
  let edgeCount = 0;
  parts.forEach((part, p) => {
    const edges = part.edges;
    for (let o = 0; o < edges.length; o += 2 + edges[o + 1]!) {
      recordPart[edges[o]!] = p;
      recordOffset[edges[o]!] = o;
      edgeCount += edges[o + 1]!;
    }
  });
  const stateCount = parts.reduce((n, p) => n + p.stateSlots.length, 0);
  const idOfSlot = new Int32Array(slots).fill(-1);
  let slotOfId = new Int32Array(Math.max(1, stateCount));
  let count = 0;
  const idFor = (slot: number) => {
    let id = idOfSlot[slot]!;
    if (id < 0) {
      id = idOfSlot[slot] = count++;
      if (id === slotOfId.length) slotOfId = grownInt32(slotOfId, id + 1);
      slotOfId[id] = slot;
    }
    return id;
  };
  const initialIds = parts.flatMap((p) => p.initial.map(idFor));
  // In shared memory from the start: the checks may then share the graph with workers without copying it.
  const successors = new SuccessorLists(edgeCount, stateCount, true);
  for (let u = 0; u < count; u++) {
    const p = recordPart[slotOfId[u]!]!;
    if (p < 0) throw new Error(`the state graph misses the successors of a state (fingerprint ${table.keyAt(slotOfId[u]!)}): threads disagree`);
    const edges = parts[p]!.edges;
    const o = recordOffset[slotOfId[u]!]!;
    for (let i = o + 2, end = o + 2 + edges[o + 1]!; i < end; i++) successors.add(u, idFor(edges[i]!));
  }
  const width = parts.find((p) => p.width >= 0)?.width ?? 0;
  const states = GraphStates.sized(count, width, parts.find((p) => p.stateSlots.length > 0)?.factCount ?? 0, true);
  let placed = 0;
  for (const part of parts) {
    if (part.stateSlots.length === 0) continue;
    const renumbered = part.columns.map((batch, column) => states.renumbering(column, unpackStates(model, batch).map((s) => s[0])));
    for (let local = 0; local < part.stateSlots.length; local++) {
      const id = idOfSlot[part.stateSlots[local]!]!;
      if (id < 0) throw new Error(`a state found by a thread is not reachable in the joined graph (fingerprint ${table.keyAt(part.stateSlots[local]!)}): threads disagree`);
      states.set(id, part, local, renumbered);
      placed++;
    }
  }
  if (placed !== count) throw new Error(`the state graph has ${count} states but the threads found ${placed}`);
  // No fingerprint index: the checks after the search never look a state up.
  return { states, idOf: new FingerprintIds(), successors, initial: initialIds, failedSteps: new Map() };
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
