// The values of the variables an invariant reads in states where it held, so that it is not evaluated
// again where they are equal (load.ts `violatedInvariant`).
import { valueHash32, valuesEqual, type Value } from './values/index.js';

/**
 * For an invariant reading only the variables `reads` (names/levels.ts `variablesRead`: through every
 * definition it calls, and null, so no memo, when its value may depend on more, as with TLCGet or
 * Print): their values in states where it held, by a hash of them, one entry a slot (a newer one
 * replaces it), bounded whatever the search. It holds again wherever they are equal: TwoPhase's
 * TPConsistent reads rmState alone, which takes a few thousand values over 296,448 states. Worth it
 * only for an invariant reading some of the variables: a new state differs from every state before it
 * in one variable at least.
 */
export class InvariantMemo {
  private static readonly slots = 1 << 14;
  private readonly entries: (readonly Value[] | undefined)[] = new Array(InvariantMemo.slots);

  constructor(private readonly reads: readonly number[]) {}

  /** Whether the invariant held in a state whose values of `reads` equal `state`'s. */
  heldIn(state: readonly Value[]): boolean {
    const entry = this.entries[this.slot(state)];
    if (entry === undefined) return false;
    for (let k = 0; k < this.reads.length; k++) {
      const v = state[this.reads[k]!]!;
      if (entry[k] !== v && !valuesEqual(entry[k]!, v)) return false;
    }
    return true;
  }

  /** Remembers that the invariant held in `state`. */
  add(state: readonly Value[]): void {
    this.entries[this.slot(state)] = this.reads.map((v) => state[v]!);
  }

  private slot(state: readonly Value[]): number {
    let h = 0;
    for (const v of this.reads) h = (Math.imul(h, 0x01000193) + valueHash32(state[v]!)) | 0;
    return (h ^ (h >>> 15)) & (InvariantMemo.slots - 1);
  }
}
