// The values of the variables an invariant reads in states where it held, so that it is not evaluated
// again where they are equal (load.ts `violatedInvariant`).
import { valueHash32, valuesEqual, type Value } from './values/index.js';

/**
 * For an invariant reading only the variables `reads` (names/levels.ts `variablesRead`: through every
 * definition it calls, and null, so no memo, when its value may depend on more, as with TLCGet or
 * Print): their values in states where it held, by a hash of them, one entry a slot (a newer one
 * replaces it), bounded whatever the search. It holds again wherever they are equal: TwoPhase's
 * TPConsistent reads rmState alone, which takes a few thousand values over 296,448 states. Worth it
 * only for an invariant reading some of the variables (a new state differs from every state before it
 * in one variable at least), and only while it finds them equal often.
 */
export class InvariantMemo {
  private static readonly slots = 1 << 14;
  /**
   * Lookups judged together, and the fewest hits among them that keep the memo: a memo that finds
   * fewer drops its entries and answers no from then on. A miss is not free, and an entry keeps the
   * values of a state the search is done with alive: SimpleRegular's PCorrect reads pc and y, which
   * no two of its 277,726 states share (x follows pc), and the memo cost a fifth of the run's CPU,
   * much of it in the garbage collector. TwoPhase's TPConsistent hits 2,569 times in its first 4,096.
   */
  private static readonly window = 1 << 12;
  private static readonly minHits = InvariantMemo.window >> 4;
  private entries: (readonly Value[] | undefined)[] | null = new Array(InvariantMemo.slots);
  private lookups = 0;
  private hits = 0;

  constructor(private readonly reads: readonly number[]) {}

  /** Whether the invariant held in a state whose values of `reads` equal `state`'s. */
  heldIn(state: readonly Value[]): boolean {
    if (this.entries === null) return false;
    const held = this.holds(this.entries, state);
    if (held) this.hits++;
    if (++this.lookups === InvariantMemo.window) {
      if (this.hits < InvariantMemo.minHits) this.entries = null;
      this.lookups = 0;
      this.hits = 0;
    }
    return held;
  }

  /** Remembers that the invariant held in `state`. */
  add(state: readonly Value[]): void {
    if (this.entries !== null) this.entries[this.slot(state)] = this.reads.map((v) => state[v]!);
  }

  private holds(entries: readonly (readonly Value[] | undefined)[], state: readonly Value[]): boolean {
    const entry = entries[this.slot(state)];
    if (entry === undefined) return false;
    for (let k = 0; k < this.reads.length; k++) {
      const v = state[this.reads[k]!]!;
      if (entry[k] !== v && !valuesEqual(entry[k]!, v)) return false;
    }
    return true;
  }

  private slot(state: readonly Value[]): number {
    let h = 0;
    for (const v of this.reads) h = (Math.imul(h, 0x01000193) + valueHash32(state[v]!)) | 0;
    return (h ^ (h >>> 15)) & (InvariantMemo.slots - 1);
  }
}
