// The set of visited state fingerprints (TLC's FPSet): open addressing with linear probing over a
// BigInt64Array in a SharedArrayBuffer, so that worker threads insert concurrently with Atomics CAS.

/** What the search needs of a visited set; swappable like TLC's FPSet. */
export interface FingerprintSet {
  /** 'added' if new, 'present' if seen before, 'full' if the table must grow first (nothing changed). */
  add(fp: bigint): 'added' | 'present' | 'full';
  has(fp: bigint): boolean;
  readonly size: number;
  /** Bytes of table memory divided by the number of fingerprints held. */
  bytesPerEntry(): number;
}

/** 0 marks an empty slot. */
const EMPTY = 0n;

const MIN_KEY = -(2n ** 63n);
const MAX_KEY = 2n ** 63n - 1n;

/** A fingerprint as stored (signed 64-bit); the one-in-2^64 fingerprint 0 becomes 1, as in TLC. */
export function fingerprintKey(fp: bigint): bigint {
  if (fp === EMPTY) return 1n;
  // A spec's fingerprint is signed 64-bit already: comparing allocates nothing, BigInt.asIntN a new bigint per successor.
  if (fp >= MIN_KEY && fp <= MAX_KEY) return fp;
  const key = BigInt.asIntN(64, fp);
  return key === EMPTY ? 1n : key;
}

/** The shared memory of a table, structured-clone-able to worker threads. */
export interface SharedFingerprintTable {
  slots: SharedArrayBuffer;
  /** [0] = number of fingerprints held. */
  counter: SharedArrayBuffer;
}

/** One key and its two 32-bit halves (low half first on little-endian machines; either way a hash). */
const keyWords = new BigInt64Array(1);
const keyHalves = new Int32Array(keyWords.buffer);

/**
 * Home slot of a key in a table of `capacity` slots: both halves of the key mixed (fingerprints of
 * structured values can be weak in one half, and linear probing punishes clusters), scaled to the
 * capacity, which need not be a power of two. Leaves the key's halves in `keyHalves`.
 */
function slotOf(key: bigint, capacity: number): number {
  // Split through a typed-array view: 5× faster than BigInt.asUintN and shifts, which allocate.
  keyWords[0] = key;
  return slotOfHalves(keyHalves[0]!, keyHalves[1]!, capacity);
}

function slotOfHalves(k0: number, k1: number, capacity: number): number {
  const mixed = Math.imul(k0 ^ Math.imul(k1, 0x85ebca6b), 0x9e3779b1);
  return Math.floor((((mixed ^ (mixed >>> 15)) >>> 0) * capacity) / 4294967296);
}

export class SharedFingerprintSet implements FingerprintSet {
  readonly table: SharedFingerprintTable;
  private readonly slots: BigInt64Array;
  /** The same slots as 32-bit halves: probing reads these, since reading a BigInt64Array allocates a bigint. */
  private readonly words: Int32Array;
  private readonly count: Int32Array;
  private readonly capacity: number;
  /** Above this many entries `add` answers 'full': linear probing slows sharply past ~0.9 load. */
  private readonly limit: number;

  constructor(tableOrCapacity: SharedFingerprintTable | number, maxLoad = 0.9) {
    this.table =
      typeof tableOrCapacity === 'number'
        ? { slots: new SharedArrayBuffer(Math.max(16, Math.ceil(tableOrCapacity)) * 8), counter: new SharedArrayBuffer(4) }
        : tableOrCapacity;
    this.slots = new BigInt64Array(this.table.slots);
    this.words = new Int32Array(this.table.slots);
    this.count = new Int32Array(this.table.counter);
    this.capacity = this.slots.length;
    this.limit = Math.floor(this.capacity * maxLoad);
  }

  get size(): number {
    return Atomics.load(this.count, 0);
  }

  bytesPerEntry(): number {
    return this.size === 0 ? 0 : (this.capacity * 8) / this.size;
  }

  private home(key: bigint): number {
    return slotOf(key, this.capacity);
  }

  add(fp: bigint): 'added' | 'present' | 'full' {
    const key = fingerprintKey(fp);
    keyWords[0] = key;
    const k0 = keyHalves[0]!;
    const k1 = keyHalves[1]!;
    let i = slotOfHalves(k0, k1, this.capacity);
    const words = this.words;
    for (;;) {
      // Plain reads are enough to probe: slots only go from empty to a final key, and the insert
      // itself is a compare-and-swap that re-checks. The two halves are read apart, so a slot being
      // written by another thread may show one half: a half that is 0 is read again as one word.
      const w0 = words[2 * i]!;
      const w1 = words[2 * i + 1]!;
      if (w0 === k0 && w1 === k1) return 'present';
      if (w0 === 0 || w1 === 0) {
        const current = w0 === 0 && w1 === 0 ? EMPTY : Atomics.load(this.slots, i);
        if (current === key) return 'present';
        if (current === EMPTY) {
          if (Atomics.load(this.count, 0) >= this.limit) return 'full';
          const previous = Atomics.compareExchange(this.slots, i, EMPTY, key);
          if (previous === EMPTY) {
            Atomics.add(this.count, 0, 1);
            return 'added';
          }
          if (previous === key) return 'present';
          // Another thread took the slot with a different key: keep probing.
        }
      }
      i = i + 1 === this.capacity ? 0 : i + 1;
    }
  }

  has(fp: bigint): boolean {
    const key = fingerprintKey(fp);
    let i = this.home(key);
    for (;;) {
      const current = Atomics.load(this.slots, i);
      if (current === key) return true;
      if (current === EMPTY) return false;
      i = i + 1 === this.capacity ? 0 : i + 1;
    }
  }

  /** A larger copy holding the same fingerprints. Not safe while other threads add. */
  grown(factor = 1.5): SharedFingerprintSet {
    const bigger = new SharedFingerprintSet(Math.ceil(this.capacity * factor));
    for (let i = 0; i < this.capacity; i++) {
      const key = this.slots[i]!;
      if (key !== EMPTY) bigger.add(key);
    }
    return bigger;
  }

  /** Slots in the table: `slotOf` numbers fingerprints below it. */
  get slotCount(): number {
    return this.capacity;
  }

  /**
   * The slot holding `fp` (-1: not held), read as halves: a number for the fingerprint no other
   * fingerprint shares while the table does not grow (the join of the state graph's parts).
   */
  slotOf(k0: number, k1: number): number {
    if (k0 === 0 && k1 === 0) {
      keyWords[0] = 1n; // fingerprintKey: 0 is stored as 1
      (k0 = keyHalves[0]!), (k1 = keyHalves[1]!);
    }
    const words = this.words;
    for (let i = slotOfHalves(k0, k1, this.capacity); ; i = i + 1 === this.capacity ? 0 : i + 1) {
      const w0 = words[2 * i]!;
      const w1 = words[2 * i + 1]!;
      if (w0 === k0 && w1 === k1) return i;
      if (w0 === 0 && w1 === 0) return -1;
    }
  }

  /** The fingerprint in `slot` (for messages). */
  keyAt(slot: number): bigint {
    return this.slots[slot]!;
  }

  /** Whether to grow before a phase that may add about `expected` entries. */
  needsRoomFor(expected: number): boolean {
    return this.size + expected > this.limit * 0.85;
  }
}

/**
 * Fingerprint → graph node id, for the state graph liveness is checked on: open addressing over
 * typed arrays (12 bytes a slot, at most half full), off the V8 heap, where a Map with bigint keys
 * took ≈80 bytes an entry and was scanned by every major GC. Keys are probed as 32-bit halves, as in
 * `SharedFingerprintSet` (reading a BigInt64Array allocates a bigint per probe).
 */
export class FingerprintIds {
  /** Slot i's key is words[2i], words[2i + 1] (both 0: empty). */
  private words: Int32Array;
  private ids: Int32Array;
  private capacity: number;
  size = 0;

  /** `expected`: how many ids the caller will set, when known (no growth up to it). */
  constructor(expected = 512) {
    this.capacity = Math.max(1024, 2 * expected);
    this.words = new Int32Array(2 * this.capacity);
    this.ids = new Int32Array(this.capacity);
  }

  /** The id of `fp` (a `fingerprintKey`, so never 0), if it has one. */
  get(fp: bigint): number | undefined {
    keyWords[0] = fp;
    return this.getWords(keyHalves[0]!, keyHalves[1]!);
  }

  /** `get` of the key whose 32-bit halves are k0, k1 (as an Int32Array over a BigInt64Array holds them). */
  getWords(k0: number, k1: number): number | undefined {
    const { words, capacity } = this;
    for (let i = slotOfHalves(k0, k1, capacity); ; i = i + 1 === capacity ? 0 : i + 1) {
      const w0 = words[2 * i]!;
      const w1 = words[2 * i + 1]!;
      if (w0 === k0 && w1 === k1) return this.ids[i];
      if (w0 === 0 && w1 === 0) return undefined;
    }
  }

  /** Gives `fp` the id `id` (fp has none yet). */
  set(fp: bigint, id: number): void {
    keyWords[0] = fp;
    this.setWords(keyHalves[0]!, keyHalves[1]!, id);
  }

  /** `set` of the key whose 32-bit halves are k0, k1. */
  setWords(k0: number, k1: number, id: number): void {
    if (2 * (this.size + 1) > this.capacity) this.grow();
    this.insert(k0, k1, id);
    this.size++;
  }

  private insert(k0: number, k1: number, id: number): void {
    const { words, capacity } = this;
    let i = slotOfHalves(k0, k1, capacity);
    while (words[2 * i] !== 0 || words[2 * i + 1] !== 0) i = i + 1 === capacity ? 0 : i + 1;
    words[2 * i] = k0;
    words[2 * i + 1] = k1;
    this.ids[i] = id;
  }

  private grow(): void {
    const { words, ids, capacity } = this;
    this.capacity = capacity * 2;
    this.words = new Int32Array(2 * this.capacity);
    this.ids = new Int32Array(this.capacity);
    for (let i = 0; i < capacity; i++) if (words[2 * i] !== 0 || words[2 * i + 1] !== 0) this.insert(words[2 * i]!, words[2 * i + 1]!, ids[i]!);
  }
}
