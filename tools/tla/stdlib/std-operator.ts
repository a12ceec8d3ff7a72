// The shape of a standard-module operator: plain values in, a value out; an operator-valued
// parameter (SelectSeq's Test, SortSeq's order, BagOfAll's F) arrives as a callback.
import { mersenne } from 'pure-rand/generator/mersenne';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { startStringOrder, type StringOrder, type Value } from '../values/index.js';

/** An operator passed as an argument, e.g. `LAMBDA x : x > 0` or a user-defined `Test(_)`. */
export type OperatorCallback = (...args: Value[]) => Value;

export type StdArg = Value | OperatorCallback;

/** What evaluation needs from the model it runs in: output, a seeded generator, TLCSet registers, TLC's order on the spec's strings. */
export interface StdContext {
  /** Print and PrintT write here (the CLI sends it to stderr). */
  print(text: string): void;
  /** A uniformly distributed number in [0, 1) from the run's seeded generator. */
  random(): number;
  /** TLCSet/TLCGet registers, by index. */
  registers: Map<number, Value>;
  /** The spec's strings in TLC's order: what CHOOSE picks, enumeration order, how Print prints. */
  strings: StringOrder;
  /** The model checking run this evaluation belongs to (`cloudos check`), which TLCGet("config") reports; absent elsewhere. */
  run?: RunConfig;
}

/** What TLCGet("config") reports of a breadth-first run: TLC's fields that do not vary between runs. */
export interface RunConfig {
  /** Whether deadlock is checked (the .cfg's CHECK_DEADLOCK; TLC's -deadlock turns it off). */
  deadlock: boolean;
  /** The threads asked for (`--workers`, TLC's -workers). */
  workers: number;
}

export interface StdOperator {
  arity: number;
  call(args: StdArg[], ctx: StdContext): Value;
}

/** The default context: prints to stderr, a fixed-seed generator, fresh registers, the order before any spec is read. */
export function defaultStdContext(seed = 0, strings = startStringOrder()): StdContext {
  return { print: (text) => void process.stderr.write(text + '\n'), random: seededRandom(seed), registers: new Map(), strings };
}

/**
 * The run's generator: pure-rand's Mersenne Twister (its seeding mixes the seed, so nearby seeds
 * give unrelated sequences), uniform in [0, 1). The same seed gives the same sequence, in the
 * interpreter and in tla2ts output alike.
 */
export function seededRandom(seed: number): () => number {
  const generator = mersenne(seed);
  return () => uniformFloat64(generator);
}
