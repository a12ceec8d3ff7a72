// The fingerprint of a state up to a symmetry group (.cfg SYMMETRY): the least, over the group's
// permutations, of a hash of the permuted state. The permuted values are never built: building and
// normalizing every variable's value under every permutation of every state (144 of them for
// `Permutations(Values) \union Permutations(Replicas)` with 3 and 4 values) took nearly all of the
// time of such models. Instead each value is hashed under all permutations in one walk:
// - a value holding no permuted model value is fixed by every permutation: its ordinary fingerprint
//   (cached on compound values), computed once;
// - otherwise a set hashes its elements' hashes in sorted order, and a function whose domain holds
//   permuted values hashes its (key, value) pairs' hashes in sorted order, so the hash is one of the
//   permuted value itself, whatever the permutation that produced it; tuples and records keep their
//   order, which no permutation changes.
// Two states get the same fingerprint exactly when some permutation maps one to the other (up to
// 64-bit collisions, as with every fingerprint). TLC picks the least permuted state by its value
// order instead; the states counted are the same, one per orbit.
import { finishHash, hashed, hashToBigInt, hashValue, mixWord, startHash } from './fingerprint.js';
import { toEnumSet } from './sets.js';
import { ModelValue, type Value } from './value.js';

// Tags distinct from fingerprint.ts's (1-8), so a structural hash never equals an ordinary one by design.
const Tag = { tuple: 21, record: 22, pairs: 23, pair: 24, set: 25, state: 26 } as const;

/** Hashes of one value: two words (hi, lo) when every permutation fixes it, else two per permutation. */
type Hashes = Int32Array;

export class SymmetricFingerprint {
  private readonly count: number;
  /** For each permuted model value, its image's fingerprint under each permutation. */
  private readonly images = new Map<Value, Hashes>();
  /** Whether a compound value holds a permuted model value (values are immutable). */
  private readonly moves = new WeakMap<object, boolean>();
  /**
   * The hashes of functions that hold permuted values: records and tuples (messages, say) are
   * shared by many states, where the sets holding them are mostly built anew for each state.
   */
  private readonly fcnHashes = new WeakMap<object, Hashes>();
  /** Scratch: the order of a collection's parts under one permutation. */
  private order = new Int32Array(16);

  constructor(permutations: readonly ReadonlyMap<Value, Value>[]) {
    this.count = permutations.length;
    const moved = new Set<Value>();
    for (const p of permutations) for (const [x, y] of p) if (x !== y) moved.add(x);
    for (const x of moved) {
      const hashes = new Int32Array(2 * this.count);
      permutations.forEach((p, k) => {
        hashValue(p.get(x) ?? x);
        hashes[2 * k] = hashed.hi;
        hashes[2 * k + 1] = hashed.lo;
      });
      this.images.set(x, hashes);
    }
  }

  /** The least hash of the state over the permutations. */
  of(state: readonly Value[]): bigint {
    const parts = state.map((v) => this.hash(v));
    let bestHi = 0;
    let bestLo = 0;
    for (let k = 0; k < this.count; k++) {
      startHash(Tag.state);
      mixWord(parts.length);
      for (const h of parts) mixPart(h, k);
      finishHash();
      const h = hashed.hi >>> 0;
      const l = hashed.lo >>> 0;
      if (k === 0 || h < bestHi || (h === bestHi && l < bestLo)) (bestHi = h), (bestLo = l);
    }
    return hashToBigInt(bestHi, bestLo);
  }

  private holdsMoved(v: Value): boolean {
    if (typeof v !== 'object') return false;
    if (v.kind === 'model') return this.images.has(v);
    let known = this.moves.get(v);
    if (known === undefined) {
      if (v.kind === 'fcn') known = v.values.some((x) => this.holdsMoved(x)) || (v.domain !== null && v.domain.some((x) => this.holdsMoved(x)));
      else known = toEnumSet(v).elems.some((x) => this.holdsMoved(x));
      this.moves.set(v, known);
    }
    return known;
  }

  private hash(v: Value): Hashes {
    if (!this.holdsMoved(v)) {
      hashValue(v);
      return Int32Array.of(hashed.hi, hashed.lo);
    }
    const value = v as Exclude<Value, boolean | number | string>;
    if (value instanceof ModelValue) return this.images.get(value)!;
    if (value.kind === 'fcn') {
      let hashes = this.fcnHashes.get(value);
      if (!hashes) {
        const values = value.values.map((x) => this.hash(x));
        if (value.domain === null) hashes = this.ordered(Tag.tuple, values);
        else if (!value.domain.some((d) => this.holdsMoved(d))) hashes = this.ordered(Tag.record, value.domain.flatMap((d, i) => [this.hash(d), values[i]!]));
        else hashes = this.sorted(Tag.pairs, value.domain.map((d, i) => this.ordered(Tag.pair, [this.hash(d), values[i]!])));
        this.fcnHashes.set(value, hashes);
      }
      return hashes;
    }
    return this.sorted(Tag.set, toEnumSet(value).elems.map((x) => this.hash(x)));
  }

  /** The hashes, per permutation, of a sequence of parts kept in order. */
  private ordered(tag: number, parts: Hashes[]): Hashes {
    const out = new Int32Array(2 * this.count);
    for (let k = 0; k < this.count; k++) {
      startHash(tag);
      mixWord(parts.length);
      for (const h of parts) mixPart(h, k);
      finishHash();
      out[2 * k] = hashed.hi;
      out[2 * k + 1] = hashed.lo;
    }
    return out;
  }

  /** The hashes, per permutation, of a collection of parts: mixed in the order of their hashes under that permutation. */
  private sorted(tag: number, parts: Hashes[]): Hashes {
    const out = new Int32Array(2 * this.count);
    const n = parts.length;
    if (this.order.length < n) this.order = new Int32Array(2 * n);
    const order = this.order;
    for (let k = 0; k < this.count; k++) {
      // Insertion sort: the collections in states are small.
      for (let i = 0; i < n; i++) {
        const hi = hiAt(parts[i]!, k);
        const lo = loAt(parts[i]!, k);
        let j = i;
        for (; j > 0; j--) {
          const other = parts[order[j - 1]!]!;
          const otherHi = hiAt(other, k);
          if (otherHi < hi || (otherHi === hi && loAt(other, k) <= lo)) break;
          order[j] = order[j - 1]!;
        }
        order[j] = i;
      }
      startHash(tag);
      mixWord(n);
      for (let i = 0; i < n; i++) mixPart(parts[order[i]!]!, k);
      finishHash();
      out[2 * k] = hashed.hi;
      out[2 * k + 1] = hashed.lo;
    }
    return out;
  }
}

function hiAt(h: Hashes, k: number): number {
  return h.length === 2 ? h[0]! : h[2 * k]!;
}

function loAt(h: Hashes, k: number): number {
  return h.length === 2 ? h[1]! : h[2 * k + 1]!;
}

function mixPart(h: Hashes, k: number): void {
  mixWord(hiAt(h, k));
  mixWord(loAt(h, k));
}
