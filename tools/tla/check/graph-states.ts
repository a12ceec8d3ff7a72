// The states of the graph liveness is checked on, stored as one value number per variable (4 bytes
// each, in a typed array) with every distinct value of a variable kept once: states are combinations
// of far fewer distinct values (MessagingNightly: 1.8 M states), and an array of values per state,
// each state holding its own copies of the values its action changed, was most of the heap.
import type { State } from './model.js';
import { fingerprint, type HashCache, type Value } from '../values/index.js';
import { int32s, sharedCopy } from './successor-lists.js';

/**
 * The facts about one state the liveness search reads on (nearly) every state (`stateFacts` in
 * liveness.ts: its state predicates, ENABLED of its fair actions), evaluated when the state is stored,
 * on the thread that found it: 1 true, -1 false, 0 not known (the evaluation failed; the search then
 * evaluates it again where it needs it, and reports the error there).
 */
export interface StateFactEvaluator {
  count: number;
  evaluate(state: State, out: Int8Array, at: number): void;
}

/** `GraphStates` for other threads (`GraphStates.share`). */
export interface SharedGraphStates {
  width: number;
  count: number;
  cells: Int32Array;
  factCount: number;
  facts: Int8Array;
  /** Each variable's distinct values, numbered by position. */
  columns: unknown[][];
}

export class GraphStates {
  /** Values per state: the states' common length, fixed by the first state pushed. */
  private width = -1;
  /** The value number of variable i of state id is cells[id * width + i]. */
  private cells: Int32Array = new Int32Array(1024);
  private count = 0;
  private columns: ValueColumn[] = [];
  /** The fact k of state id is facts[id * factCount + k] (`StateFactEvaluator`). */
  private facts: Int8Array;
  private factCount: number;

  constructor(private readonly factsOf: StateFactEvaluator | null = null) {
    this.factCount = factsOf?.count ?? 0;
    this.facts = new Int8Array(1024 * this.factCount);
  }

  get length(): number {
    return this.count;
  }

  /** Stores `state` as the state numbered `length`. */
  push(state: State): void {
    if (this.width < 0) {
      this.width = state.length;
      this.columns = Array.from({ length: state.length }, () => new ValueColumn());
    } else if (state.length !== this.width) throw new Error(`state of ${state.length} values among states of ${this.width}`);
    const at = this.count * this.width;
    if (at + this.width > this.cells.length) this.cells = grownInt32(this.cells, at + this.width);
    for (let i = 0; i < this.width; i++) this.cells[at + i] = this.columns[i]!.numberOf(state[i]);
    if (this.factsOf) {
      const f = this.count * this.factCount;
      if (f + this.factCount > this.facts.length) this.facts = grownInt8(this.facts, f + this.factCount);
      this.factsOf.evaluate(state, this.facts, f);
    }
    this.count++;
  }

  /** Fact k of state `id`: 1 true, -1 false, 0 not known (not evaluated, or its evaluation failed). */
  fact(id: number, k: number): number {
    return k >= 0 && k < this.factCount ? this.facts[id * this.factCount + k]! : 0;
  }

  /** Whether one of the facts `ks` of state `id` failed to evaluate (a loop: the search asks it of every state and step). */
  anyFailed(id: number, ks: readonly number[]): boolean {
    for (let i = 0; i < ks.length; i++) if (this.fact(id, ks[i]!) === 0) return true;
    return false;
  }

  /** The state numbered `id`: a new array each call, of the values stored (equal to those pushed). */
  get(id: number): State {
    if (!(id >= 0 && id < this.count)) throw new RangeError(`no state ${id} among ${this.count}`);
    const state = new Array<unknown>(this.width);
    const at = id * this.width;
    for (let i = 0; i < this.width; i++) {
      const n = this.cells[at + i]!;
      if (n < 0) throw new Error(`state ${id} was never set`);
      state[i] = this.columns[i]!.values[n];
    }
    return state;
  }

  /** The states' values as plain data (views, not copies): the number of each value per state, and each variable's distinct values. */
  contents(): { width: number; cells: Int32Array; columns: unknown[][]; factCount: number; facts: Int8Array } {
    return {
      width: this.width,
      cells: this.cells.subarray(0, this.count * Math.max(this.width, 0)),
      columns: this.columns.map((c) => c.values),
      factCount: this.factCount,
      facts: this.facts.subarray(0, this.count * this.factCount),
    };
  }

  /**
   * The states for other threads (`fromShared`): the value numbers and facts in shared memory (this
   * store reads them from there too, so they are not held twice) and each variable's distinct values.
   * No state may be pushed after.
   */
  share(): SharedGraphStates {
    const cells = sharedCopy(this.cells, this.count * Math.max(this.width, 0));
    const facts = this.facts.buffer instanceof SharedArrayBuffer ? this.facts : new Int8Array(new SharedArrayBuffer(Math.max(1, this.count * this.factCount)));
    if (facts !== this.facts) facts.set(this.facts.subarray(0, this.count * this.factCount));
    this.cells = cells;
    this.facts = facts;
    return { width: this.width, count: this.count, cells, factCount: this.factCount, facts, columns: this.columns.map((c) => c.values) };
  }

  /** A store reading another thread's `share()`, its distinct values (`columns`) as decoded on this thread, in the same order. */
  static fromShared(shared: Omit<SharedGraphStates, 'columns'>, columns: readonly unknown[][]): GraphStates {
    const store = new GraphStates();
    store.width = shared.width;
    store.count = shared.count;
    store.cells = shared.cells;
    store.factCount = shared.factCount;
    store.facts = shared.facts;
    store.columns = columns.map((values) => ValueColumn.of(values));
    return store;
  }

  /**
   * A store of `count` states, whose value numbers and facts are then written into its arrays (`share`)
   * from the `contents` of other stores (threads, `placePart`): `renumbering(column, values)` maps a
   * source's value numbers to this store's. Its arrays are in shared memory from the start, so that
   * `share` copies nothing.
   */
  static sized(count: number, width: number, factCount: number): GraphStates {
    const store = new GraphStates();
    store.factCount = factCount;
    store.facts = new Int8Array(new SharedArrayBuffer(Math.max(1, count * factCount)), 0, count * factCount);
    store.width = width;
    store.columns = Array.from({ length: width }, () => new ValueColumn());
    store.cells = int32s(Math.max(1, count * width), true).fill(-1);
    store.count = count;
    return store;
  }

  /** This store's numbers for `values`, distinct values of variable `column` of another store. */
  renumbering(column: number, values: readonly unknown[]): Int32Array {
    const numbers = new Int32Array(values.length);
    values.forEach((v, i) => (numbers[i] = this.columns[column]!.numberOf(v)));
    return numbers;
  }

  /** Distinct values stored, over all variables (for tests and statistics). */
  get distinctValues(): number {
    return this.columns.reduce((n, c) => n + c.values.length, 0);
  }
}

/** A copy of `cells` at least `needed` long (doubling). */
function grownInt32(cells: Int32Array, needed: number): Int32Array<ArrayBuffer> {
  let length = cells.length * 2;
  while (length < needed) length *= 2;
  const bigger = new Int32Array(length);
  bigger.set(cells);
  return bigger;
}

function grownInt8(facts: Int8Array, needed: number): Int8Array<ArrayBuffer> {
  let length = Math.max(facts.length * 2, 1);
  while (length < needed) length *= 2;
  const bigger = new Int8Array(length);
  bigger.set(facts);
  return bigger;
}

/** A value with the 64-bit hash cache of functions and enumerated sets (values/value.ts). */
function hashCached(v: unknown): v is HashCache & Value {
  return typeof v === 'object' && v !== null && 'hashed' in v;
}

/**
 * The distinct values of one variable, numbered in order of first appearance. Functions and
 * enumerated sets are told apart by their 64-bit hash, as the visited set tells states apart by
 * their fingerprint (TLC's assumption: no collision); other values by `Map` identity, which for
 * primitives is equality (and model values are interned), and for anything else only merges the
 * same object.
 */
class ValueColumn {
  readonly values: unknown[] = [];
  private readonly byIdentity = new Map<unknown, number>();
  /** Open addressing on the hash: (hi, lo) in hashes[2s], hashes[2s + 1], the value number in slots[s] (-1: empty). */
  private hashes = new Int32Array(2 * 64);
  private slots = new Int32Array(64).fill(-1);
  private hashedCount = 0;

  /** A column holding `values`, numbered by position (for reading: distinct values are not looked up). */
  static of(values: readonly unknown[]): ValueColumn {
    const column = new ValueColumn();
    for (const v of values) column.values.push(v);
    return column;
  }

  numberOf(v: unknown): number {
    if (!hashCached(v)) {
      let n = this.byIdentity.get(v);
      if (n === undefined) this.byIdentity.set(v, (n = this.add(v)));
      return n;
    }
    if (!v.hashed) fingerprint(v); // fills the cache
    const hi = v.hashHi | 0;
    const lo = v.hashLo | 0;
    const mask = this.slots.length - 1;
    for (let s = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask; ; s = (s + 1) & mask) {
      const n = this.slots[s]!;
      if (n < 0) break;
      if (this.hashes[2 * s] === hi && this.hashes[2 * s + 1] === lo) return n;
    }
    const n = this.add(v);
    if (2 * (this.hashedCount + 1) > this.slots.length) this.growSlots();
    this.place(hi, lo, n);
    this.hashedCount++;
    return n;
  }

  private add(v: unknown): number {
    this.values.push(v);
    return this.values.length - 1;
  }

  private place(hi: number, lo: number, n: number): void {
    const mask = this.slots.length - 1;
    let s = (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
    while (this.slots[s]! >= 0) s = (s + 1) & mask;
    this.hashes[2 * s] = hi;
    this.hashes[2 * s + 1] = lo;
    this.slots[s] = n;
  }

  private growSlots(): void {
    const { hashes, slots } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.slots = new Int32Array(slots.length * 2).fill(-1);
    for (let s = 0; s < slots.length; s++) if (slots[s]! >= 0) this.place(hashes[2 * s]!, hashes[2 * s + 1]!, slots[s]!);
  }
}
