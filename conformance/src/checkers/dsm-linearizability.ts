// Linearizability of one read/write register (one DSM page): Wing and Gong's search for an order
// of the operations that respects real time and in which every read returns the latest write,
// with Lowe's memoization of (operations linearized, register value) as Knossos and Porcupine do
// it. Pages are checked one at a time: linearizability is compositional (Herlihy and Wing). Where
// the implementation reports versions (a write's place in the page's coherence order, the version
// a read returned), the register's state is its value and its version, so an order must also put
// the writes in version order: the versions prune the search without excusing anything.

/** A register value: what a write writes and a read returns. */
export type RegisterValue = number | string;

export interface RegisterOp {
  kind: 'read' | 'write';
  /** The value written, or the value the read returned. */
  value: RegisterValue;
  invokeNs: number;
  /**
   * When the answer arrived; absent when none did (the node crashed, an indefinite error): such a
   * write may or may not have taken effect. Reads without an answer carry no value: leave them out.
   */
  completeNs?: number;
  /** Write: its place in the register's write order (1, 2, …); read: the version it returned (0: the initial value). Absent: unknown. */
  version?: number;
}

export type LinearizabilityVerdict =
  /** `order`: the operations (indices into the input) in an order that explains the history. */
  | { kind: 'linearizable'; order: number[] }
  /**
   * No order explains the history. `longestPrefix` is a longest order of operations found that
   * explains every operation in it; `blocked` is the operation whose answer came before it could
   * be placed after that prefix (the first the search could not get past).
   */
  | { kind: 'not-linearizable'; longestPrefix: number[]; blocked: number }
  /** The search reached its budget of steps before a verdict: neither passed nor failed. */
  | { kind: 'unknown'; reason: string; steps: number };

export interface LinearizabilityOptions {
  /** The register's value before any write (DSM pages hold 0 at first). */
  initial: RegisterValue;
  /** Search steps (an operation tried or undone) before the verdict is unknown. */
  maxSteps?: number;
}

export const DEFAULT_MAX_STEPS = 2_000_000;

/** One end of an operation in the time-ordered list the search walks (Porcupine's entry list). */
interface Entry {
  op: number;
  isCall: boolean;
  timeNs: number;
  /** The call's return entry. */
  match?: Entry;
  prev: Entry | undefined;
  next: Entry | undefined;
}

export function checkRegisterLinearizable(ops: readonly RegisterOp[], options: LinearizabilityOptions): LinearizabilityVerdict {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const head = buildEntryList(ops);
  const linearized = new Bitset(ops.length);
  const seen = new MemoTable();
  const stack: { call: Entry; before: RegisterState }[] = [];
  let state: RegisterState = { value: options.initial, version: 0 };
  let longestPrefix: number[] = [];
  let blocked = -1;
  let steps = 0;

  let entry = head.next;
  while (head.next !== undefined) {
    if (++steps > maxSteps) {
      return { kind: 'unknown', reason: `the search for a linearization of ${ops.length} operations reached its budget of ${maxSteps} steps`, steps: maxSteps };
    }
    if (entry!.isCall) {
      const op = ops[entry!.op]!;
      const allowed =
        op.kind === 'write'
          ? op.version === undefined || op.version === state.version + 1
          : op.value === state.value && (op.version === undefined || op.version === state.version);
      if (allowed) {
        const after = op.kind === 'write' ? { value: op.value, version: state.version + 1 } : state;
        linearized.set(entry!.op);
        if (seen.add(linearized, after)) {
          stack.push({ call: entry!, before: state });
          state = after;
          lift(entry!);
          entry = head.next;
          continue;
        }
        linearized.clear(entry!.op);
      }
      entry = entry!.next;
    } else {
      // A return: the operation it ends had to be linearized before this point; it was not.
      if (stack.length >= longestPrefix.length) {
        longestPrefix = stack.map((s) => s.call.op);
        blocked = entry!.op;
      }
      const top = stack.pop();
      if (top === undefined) return { kind: 'not-linearizable', longestPrefix, blocked };
      state = top.before;
      linearized.clear(top.call.op);
      unlift(top.call);
      entry = top.call.next;
    }
  }
  return { kind: 'linearizable', order: stack.map((s) => s.call.op) };
}

/**
 * Calls and returns sorted by time, a return at infinity for an operation without an answer. At
 * equal times calls come first, so operations that touch at one instant count as concurrent.
 */
function buildEntryList(ops: readonly RegisterOp[]): Entry {
  const entries: Entry[] = [];
  ops.forEach((op, i) => {
    const ret: Entry = { op: i, isCall: false, timeNs: op.completeNs ?? Number.POSITIVE_INFINITY, prev: undefined, next: undefined };
    entries.push({ op: i, isCall: true, timeNs: op.invokeNs, match: ret, prev: undefined, next: undefined }, ret);
  });
  entries.sort((a, b) => a.timeNs - b.timeNs || Number(b.isCall) - Number(a.isCall) || a.op - b.op);
  const head: Entry = { op: -1, isCall: false, timeNs: Number.NEGATIVE_INFINITY, prev: undefined, next: undefined };
  let last = head;
  for (const e of entries) {
    last.next = e;
    e.prev = last;
    last = e;
  }
  return head;
}

/** Takes a call and its return out of the list (the operation is linearized). */
function lift(call: Entry): void {
  call.prev!.next = call.next;
  if (call.next) call.next.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next) ret.next.prev = ret.prev;
}

/** Puts them back, in the reverse order of lift. */
function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next) ret.next.prev = ret;
  call.prev!.next = call;
  if (call.next) call.next.prev = call;
}

/** The register's value and the number of writes linearized so far (its version). */
interface RegisterState {
  value: RegisterValue;
  version: number;
}

class Bitset {
  readonly words: Uint32Array;
  /** Zobrist-style hash: the XOR of a fixed mix of every set bit, kept up to date. */
  hash = 0;
  constructor(size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
  }
  set(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
    this.hash ^= mix(i);
  }
  clear(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
    this.hash ^= mix(i);
  }
}

function mix(i: number): number {
  let x = Math.imul(i + 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Lowe's cache: configurations (operations linearized, register value) already explored. The
 * version need not be in the key: it is the number of writes among the operations linearized.
 */
class MemoTable {
  private readonly buckets = new Map<number, { words: Uint32Array; state: RegisterValue }[]>();
  /** Records the configuration; false if it was already there. */
  add(linearized: Bitset, { value: state }: RegisterState): boolean {
    const bucket = this.buckets.get(linearized.hash);
    if (bucket === undefined) {
      this.buckets.set(linearized.hash, [{ words: linearized.words.slice(), state }]);
      return true;
    }
    if (bucket.some((c) => c.state === state && sameWords(c.words, linearized.words))) return false;
    bucket.push({ words: linearized.words.slice(), state });
    return true;
  }
}

function sameWords(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
