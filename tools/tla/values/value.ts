// TLC values: booleans, integers and strings are JS primitives; model values, functions (records and
// tuples included) and sets are small immutable classes discriminated on `kind`.
// Every value is kept in one canonical form so that equality and fingerprints ignore construction order.

export type Value = boolean | number | string | ModelValue | FcnValue | SetValue;

/** A value the checker can hold but that is neither a primitive: dispatch on `kind`. */
export type CompoundValue = ModelValue | FcnValue | SetValue;

/**
 * A model value (a CONSTANT assigned a bare name in the .cfg). As in TLC, a name `x_rest` with a
 * one-character prefix is "typed": comparing it with anything but an untyped model value or one of
 * the same type is an error. Interned by name, so identity is equality.
 */
export class ModelValue implements HashCache {
  readonly kind = 'model' as const;
  hashHi = 0;
  hashLo = 0;
  hashed = false;
  /** The type character of a typed model value, '' when untyped. */
  readonly type: string;
  private constructor(readonly name: string) {
    this.type = name.length > 2 && name[1] === '_' ? name[0]! : '';
  }

  private static readonly table = new Map<string, ModelValue>();
  static of(name: string): ModelValue {
    let mv = ModelValue.table.get(name);
    if (!mv) {
      mv = new ModelValue(name);
      ModelValue.table.set(name, mv);
    }
    return mv;
  }
}

export function modelValue(name: string): ModelValue {
  return ModelValue.of(name);
}

/** Cached 64-bit hash of an immutable compound value, two 32-bit halves (see fingerprint.ts). */
export interface HashCache {
  hashHi: number;
  hashLo: number;
  hashed: boolean;
}

/**
 * A function with a finite domain, in canonical form: `domain` is null when the domain is 1..n
 * (tuples and sequences, `values` in index order); otherwise `domain` holds the domain in TLC's
 * order, never exactly 1..n, with `values` aligned. Records are functions whose domain is strings.
 * Build with `tuple`, `fcnFromSortedDomain` (below) or the helpers in functions.ts, which establish this form.
 */
export class FcnValue implements HashCache {
  readonly kind = 'fcn' as const;
  hashHi = 0;
  hashLo = 0;
  hashed = false;
  /** The set (a formula, or enumerated) this value was last found in (sets.ts `isMember`): a cache, not part of the value. */
  memberOf: SetValue | undefined = undefined;
  constructor(
    readonly domain: readonly Value[] | null,
    readonly values: readonly Value[],
  ) {}

  get size(): number {
    return this.values.length;
  }
}

export function tuple(values: readonly Value[]): FcnValue {
  return new FcnValue(null, values);
}

/** True when a sorted domain is exactly 1..n (then it is stored as null). */
function isOneToN(domain: readonly Value[]): boolean {
  for (let i = 0; i < domain.length; i++) if (domain[i] !== i + 1) return false;
  return true;
}

/** A function from a domain already in TLC's order without duplicates; `values` aligned with it. */
export function fcnFromSortedDomain(domain: readonly Value[], values: readonly Value[]): FcnValue {
  return new FcnValue(isOneToN(domain) ? null : domain, values);
}

/** A finite set enumerated in TLC's order without duplicates (built by `setOf` in sets.ts). */
export class EnumSet implements HashCache {
  readonly kind = 'enum' as const;
  hashHi = 0;
  hashLo = 0;
  hashed = false;
  /** As FcnValue's. */
  memberOf: SetValue | undefined = undefined;
  /**
   * Known to be in TLC's order as it is (no strings or model values in it, those in TLC's order already, or fewer than
   * two elements), and so is every subset of it: found once it was enumerated (string-order.ts `enumInTlcOrder`),
   * passed on by `S \ T` and to the subsets of `SUBSET S`, and known of a filter's result whose elements were kept in
   * that order (eval/operations.ts `filterSet`).
   */
  tlcOrdered = false;
  constructor(readonly elems: readonly Value[]) {}
}

/** The set of `elems`, a sorted part of `whole`'s: in TLC's order as it is when `whole` is known to be (EnumSet.tlcOrdered). */
export function sortedPartOf(whole: SetValue, elems: readonly Value[]): EnumSet {
  const part = new EnumSet(elems);
  part.tlcOrdered = whole.kind === 'enum' && whole.tlcOrdered;
  return part;
}

/** lo..hi; empty when hi < lo. */
export class IntervalSet {
  readonly kind = 'interval' as const;
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {}
}

/** Nat, Int and STRING: membership only. */
export class InfiniteSet {
  readonly kind = 'infinite' as const;
  constructor(readonly name: 'Nat' | 'Int' | 'STRING') {}
}

/** SUBSET base. */
export class SubsetSet {
  readonly kind = 'subset' as const;
  constructor(readonly base: SetValue) {}
}

/** [domain -> range]. */
export class FcnSet {
  readonly kind = 'fcnset' as const;
  constructor(
    readonly domain: SetValue,
    readonly range: SetValue,
  ) {}
}

/** [a : S, b : T]; `names` sorted, `sets` aligned. */
export class RecordSet {
  readonly kind = 'rcdset' as const;
  constructor(
    readonly names: readonly string[],
    readonly sets: readonly SetValue[],
  ) {}
}

/** S1 \X S2 \X ... */
export class ProductSet {
  readonly kind = 'product' as const;
  constructor(readonly sets: readonly SetValue[]) {}
}

/** Seq(base). */
export class SeqSet {
  readonly kind = 'seqset' as const;
  constructor(readonly base: SetValue) {}
}

/** S \ T where S cannot be enumerated (`Nat \ {0}`): membership only, as TLC's lazy difference. */
export class DiffSet {
  readonly kind = 'diff' as const;
  constructor(
    readonly base: SetValue,
    readonly removed: SetValue,
  ) {}
}

/** A union some of whose parts cannot be enumerated (`Int \cup {NULL}`): kept for membership, as TLC does. */
export class UnionSet {
  readonly kind = 'union' as const;
  constructor(readonly parts: readonly SetValue[]) {}
}

/**
 * {x \in S : P} over an S that cannot be enumerated (`{n \in Nat : n > 0}`): membership only, x \in S
 * and then P, as TLC's SetPredValue. `test` is P with x bound (the evaluator's closure); `shown`
 * prints it, as TLC prints the filter.
 */
export class FilterSet {
  readonly kind = 'filter' as const;
  constructor(
    readonly base: SetValue,
    readonly test: (x: Value) => boolean,
    readonly shown: string,
  ) {}
}

export type SetValue = EnumSet | IntervalSet | InfiniteSet | SubsetSet | FcnSet | RecordSet | ProductSet | SeqSet | DiffSet | UnionSet | FilterSet;

export function isSet(v: Value): v is SetValue {
  return typeof v === 'object' && v.kind !== 'model' && v.kind !== 'fcn';
}

export function isFcn(v: Value): v is FcnValue {
  return typeof v === 'object' && v.kind === 'fcn';
}

/** What a value is, in the words of error messages ("an integer", "a set", ...). */
export function describeKind(v: Value): string {
  switch (typeof v) {
    case 'boolean':
      return 'a boolean';
    case 'number':
      return 'an integer';
    case 'string':
      return 'a string';
    default:
      switch (v.kind) {
        case 'model':
          return 'a model value';
        case 'fcn':
          return v.domain === null ? 'a sequence' : 'a function';
        default:
          return 'a set';
      }
  }
}
