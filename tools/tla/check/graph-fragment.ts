// The state graph built on several threads: each thread keeps a fragment (the states it found first,
// stored as GraphStates, and the successor fingerprints of every state it expanded); after the
// search the fragments are joined into the graph one thread would have built: the coordinating thread
// numbers the states (`numberStates`), then every thread writes its own part into the joined graph's
// shared arrays at once (`placePart`). States never cross threads: only, at the end, each variable's
// distinct values and the parts' successor records (in shared memory).
import type { Model, State } from './model.js';
import type { StateGraph } from './explorer.js';
import { GraphStates, type SharedGraphStates, type StateFactEvaluator } from './graph-states.js';
import { FingerprintIds, type SharedFingerprintSet } from './fingerprint-set.js';
import { int32s, SuccessorLists, type SharedSuccessorLists } from './successor-lists.js';
import { packStates, unpackStates, type StateBatch } from './state-batch.js';

/**
 * What the coordinating thread needs of a part to number the joined graph's states (`numberStates`):
 * all but its states' value numbers and facts, which the part's own thread writes into the joined
 * graph (`placePart`), so that no thread sends them and the threads place their parts at once.
 */
export interface PartOutline {
  /**
   * States are named by the slot of their fingerprint in the search's shared table (`slotOf`), found by
   * each thread for its own part: the join then indexes arrays instead of hashing fingerprints.
   * The initial states in the model this thread added, in order.
   */
  initial: number[];
  /**
   * Records [parent, n, successor 1, ..., successor n]: the in-model successors of each expanded state,
   * duplicates removed, in the order generated (in shared memory: the coordinator reads it, this thread places it).
   */
  edges: Int32Array;
  /** The states this thread found first, in the order of `cells` (in shared memory). */
  stateSlots: Int32Array;
  width: number;
  factCount: number;
  /** Each variable's distinct values (as a batch of one-value states between threads: `packOutline`). */
  columns: unknown[][];
}

/** A fragment as plain data: its outline, and its states' value numbers and facts. */
export interface FragmentContents extends PartOutline {
  cells: Int32Array;
  /** The facts of each state (`StateFactEvaluator`), evaluated by this thread: `factCount` per state. */
  facts: Int8Array;
}

/** An outline to send to another thread: each variable's distinct values packed. */
export type PackedOutline = Omit<PartOutline, 'columns'> & { columns: StateBatch[] };

export function packOutline(model: Pick<Model, 'encodeState' | 'encodeStates'>, part: PartOutline): PackedOutline {
  const { initial, edges, stateSlots, width, factCount, columns } = part;
  return { initial, edges, stateSlots, width, factCount, columns: columns.map((values) => packStates(model, values.map((v) => [v]))) };
}

export function unpackOutline(model: Pick<Model, 'decodeState' | 'decodeStates'>, part: PackedOutline): PartOutline {
  return { ...part, columns: part.columns.map((batch) => unpackStates(model, batch).map((s) => s[0])) };
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

  /** Whether one of the facts `ks` of the state added last failed to evaluate. */
  lastFactFailed(ks: readonly number[]): boolean {
    return this.states.anyFailed(this.states.length - 1, ks);
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
  contents(table: SharedFingerprintSet): FragmentContents {
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
    const edges = int32s(this.edgeLength, true);
    for (let o = 0; o < this.edgeLength; o += 2 + edges[o + 1]!) {
      // The record's count: the low half of its word (little-endian, as every platform Node runs on).
      edges[o + 1] = edgeWords[2 * o + 2]!;
      toSlots(edgeWords, edges, o, o + 1);
      toSlots(edgeWords, edges, o + 2, o + 2 + edges[o + 1]!);
    }
    const stateSlots = int32s(this.states.length, true);
    toSlots(words(this.stateFps), stateSlots, 0, this.states.length);
    const initial = new Int32Array(this.initial.length);
    toSlots(words(BigInt64Array.from(this.initial)), initial, 0, this.initial.length);
    return { initial: [...initial], edges, stateSlots, width, cells, columns, factCount, facts };
  }
}

function grown(a: BigInt64Array<ArrayBuffer>, needed: number): BigInt64Array<ArrayBuffer> {
  let length = a.length * 2;
  while (length < needed) length *= 2;
  const bigger = new BigInt64Array(length);
  bigger.set(a);
  return bigger;
}

/** Where every thread writes its part of the joined graph (`placePart`): arrays in shared memory. */
export interface JoinLayout {
  /** The node id of each slot of the search's table (-1: none). */
  idOfSlot: Int32Array;
  /** The successor lists: where each node's begin, set by the numbering; their targets, by each part's thread. */
  starts: Int32Array;
  targets: Int32Array;
  /** The joined states' value numbers and facts (`GraphStates.share`). */
  width: number;
  cells: Int32Array;
  factCount: number;
  facts: Int8Array;
}

/** The joined graph, its states and successors still to be placed by each part's thread, and where. */
export interface NumberedGraph {
  graph: StateGraph;
  layout: JoinLayout;
  /** For each part, each variable: the joined graph's number of the part's value numbers. */
  renumbered: Int32Array[][];
}

/**
 * Numbers the states of the graph one thread would have built, from every part's outline, as that
 * thread numbers them (the initial states in order, then breadth first, each state's successors in the
 * order generated), so the liveness verdict and counterexample do not depend on which thread expanded
 * which state; sizes the joined graph in shared memory and says where each node's successors go. Only
 * this is serial: each part is then placed by its own thread (`placePart`). Throws if a part misses a
 * state's expansion (threads that disagree).
 */
export function numberStates(parts: readonly PartOutline[], table: SharedFingerprintSet): NumberedGraph {
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
  const idOfSlot = int32s(slots, true).fill(-1);
  const slotOfId = new Int32Array(Math.max(1, stateCount));
  let count = 0;
  const idFor = (slot: number) => {
    let id = idOfSlot[slot]!;
    if (id < 0) {
      if (count === stateCount) throw new Error(`the state graph has more states than the ${stateCount} the threads found: threads disagree`);
      id = idOfSlot[slot] = count++;
      slotOfId[id] = slot;
    }
    return id;
  };
  const initialIds = parts.flatMap((p) => p.initial.map(idFor));
  const starts = int32s(stateCount + 1, true);
  let edge = 0;
  for (let u = 0; u < count; u++) {
    const p = recordPart[slotOfId[u]!]!;
    if (p < 0) throw new Error(`the state graph misses the successors of a state (fingerprint ${table.keyAt(slotOfId[u]!)}): threads disagree`);
    const edges = parts[p]!.edges;
    const o = recordOffset[slotOfId[u]!]!;
    starts[u] = edge;
    edge += edges[o + 1]!;
    for (let i = o + 2, end = o + 2 + edges[o + 1]!; i < end; i++) idFor(edges[i]!);
  }
  starts[count] = edge;
  const width = parts.find((p) => p.width >= 0)?.width ?? 0;
  const states = GraphStates.sized(count, width, parts.find((p) => p.stateSlots.length > 0)?.factCount ?? 0);
  const renumbered = parts.map((part) => part.columns.map((values, column) => states.renumbering(column, values)));
  const { cells, facts, factCount } = states.share();
  const targets = int32s(Math.max(1, edgeCount), true);
  const successors = SuccessorLists.fromShared({ targets, starts, nodes: count });
  // No fingerprint index: the checks after the search never look a state up.
  const graph = { states, idOf: new FingerprintIds(), successors, initial: initialIds, failedSteps: new Map() };
  return { graph, layout: { idOfSlot, starts, targets, width, cells, factCount, facts }, renumbered };
}

/**
 * Writes a part's states (their value numbers mapped by `renumbered`, per variable, and their facts)
 * and the successors of the states it expanded into the joined graph; returns how many states it
 * placed. Throws if a state it found is not in the joined graph (threads that disagree).
 */
export function placePart(part: FragmentContents, layout: JoinLayout, renumbered: readonly Int32Array[], table: SharedFingerprintSet): number {
  const { idOfSlot, starts, targets, width, cells, factCount, facts } = layout;
  const { stateSlots, edges } = part;
  for (let local = 0; local < stateSlots.length; local++) {
    const id = idOfSlot[stateSlots[local]!]!;
    if (id < 0) throw new Error(`a state found by a thread is not reachable in the joined graph (fingerprint ${table.keyAt(stateSlots[local]!)}): threads disagree`);
    for (let i = 0, to = id * width, at = local * width; i < width; i++) cells[to + i] = renumbered[i]![part.cells[at + i]!]!;
    for (let k = 0, to = id * factCount, at = local * factCount; k < factCount; k++) facts[to + k] = part.facts[at + k]!;
  }
  for (let o = 0; o < edges.length; o += 2 + edges[o + 1]!) {
    const u = idOfSlot[edges[o]!]!;
    // A state expanded but not reached from the initial states: no thread of a search that agrees records one.
    if (u < 0) continue;
    for (let i = 0, at = starts[u]!, n = edges[o + 1]!; i < n; i++) targets[at + i] = idOfSlot[edges[o + 2 + i]!]!;
  }
  return stateSlots.length;
}

/**
 * The graph one thread would have built, from every thread's fragment, joined on this thread
 * (`numberStates`, then every part placed). Throws if a fragment misses a state's expansion or a state
 * (threads that disagree).
 */
export function joinFragments(parts: readonly FragmentContents[], table: SharedFingerprintSet): StateGraph {
  const { graph, layout, renumbered } = numberStates(parts, table);
  const placed = parts.reduce((n, part, p) => n + placePart(part, layout, renumbered[p]!, table), 0);
  return joined(graph, placed);
}

/** The joined graph once its parts hold `placed` states: it must be every state numbered. */
export function joined(graph: StateGraph, placed: number): StateGraph {
  if (placed !== graph.states.length) throw new Error(`the state graph has ${graph.states.length} states but the threads found ${placed}`);
  return graph;
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
