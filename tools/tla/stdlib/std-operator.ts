// The shape of a standard-module operator: plain values in, a value out; an operator-valued
// parameter (SelectSeq's Test, SortSeq's order, BagOfAll's F) arrives as a callback.
import type { Value } from '../values/index.js';

/** An operator passed as an argument, e.g. `LAMBDA x : x > 0` or a user-defined `Test(_)`. */
export type OperatorCallback = (...args: Value[]) => Value;

export type StdArg = Value | OperatorCallback;

/** What the TLC module needs from its surroundings: output, a seeded generator, TLCSet registers. */
export interface StdContext {
  /** Print and PrintT write here (the CLI sends it to stderr). */
  print(text: string): void;
  /** A uniformly distributed number in [0, 1) from the run's seeded generator. */
  random(): number;
  /** TLCSet/TLCGet registers, by index. */
  registers: Map<number, Value>;
}

export interface StdOperator {
  arity: number;
  call(args: StdArg[], ctx: StdContext): Value;
}

/** The default context: prints to stderr, a fixed-seed generator, fresh registers. */
export function defaultStdContext(seed = 0): StdContext {
  return { print: (text) => void process.stderr.write(text + '\n'), random: seededRandom(seed), registers: new Map() };
}

/** mulberry32: a small deterministic generator; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}
