// Structured-clone-able encoding of values, so that states can cross worker threads. Primitives
// stay as they are; compound values become small tagged arrays (with their hash when computed);
// decoding restores canonical form, shares strings and record domains as the evaluator does.
import { DiffSet, UnionSet, FcnValue, EnumSet, FcnSet, InfiniteSet, IntervalSet, ProductSet, RecordSet, SeqSet, SubsetSet, modelValue, type SetValue, type Value } from './value.js';
import { setSize } from './order.js';

export type EncodedValue = boolean | number | string | EncodedCompound;
type EncodedCompound =
  | ['m', string]
  | ['f', EncodedValue[] | null, EncodedValue[], ...EncodedHash]
  | ['s', EncodedValue[], ...EncodedHash]
  | ['i', number, number]
  | ['inf', 'Nat' | 'Int' | 'STRING']
  | ['P', EncodedValue]
  | ['F', EncodedValue, EncodedValue]
  | ['R', string[], EncodedValue[]]
  | ['X', EncodedValue[]]
  | ['Q', EncodedValue]
  | ['D', EncodedValue, EncodedValue]
  | ['U', EncodedValue[]];

/** The cached hash halves of a function or set, or nothing when it was never hashed. */
type EncodedHash = [] | [number, number];

function encodeHash(v: FcnValue | EnumSet): EncodedHash {
  return v.hashed ? [v.hashHi, v.hashLo] : [];
}

/** Gives a decoded value the hash its original carried, so that it is not hashed again. */
function restoreHash<T extends FcnValue | EnumSet>(v: T, e: readonly unknown[], at: number): T {
  if (e.length > at) {
    v.hashHi = e[at] as number;
    v.hashLo = e[at + 1] as number;
    v.hashed = true;
  }
  return v;
}

export function encodeValue(v: Value): EncodedValue {
  if (typeof v !== 'object') return v;
  switch (v.kind) {
    case 'model':
      return ['m', v.name];
    case 'fcn':
      return ['f', v.domain === null ? null : v.domain.map(encodeValue), v.values.map(encodeValue), ...encodeHash(v)];
    case 'enum':
      return ['s', v.elems.map(encodeValue), ...encodeHash(v)];
    case 'interval':
      return ['i', v.lo, v.hi];
    case 'infinite':
      return ['inf', v.name];
    case 'subset':
      return ['P', encodeValue(v.base)];
    case 'fcnset':
      return ['F', encodeValue(v.domain), encodeValue(v.range)];
    case 'rcdset':
      return ['R', [...v.names], v.sets.map(encodeValue)];
    case 'product':
      return ['X', v.sets.map(encodeValue)];
    case 'seqset':
      return ['Q', encodeValue(v.base)];
    case 'diff':
      return ['D', encodeValue(v.base), encodeValue(v.removed)];
    case 'union':
      return ['U', v.parts.map(encodeValue)];
    case 'filter':
      // Its predicate is a closure of this thread's evaluator; TLC cannot fingerprint it either.
      return setSize(v) as never;
  }
}

function decodeSet(e: EncodedValue): SetValue {
  return decodeValue(e) as SetValue;
}

// Strings that crossed a thread are fresh copies: comparing them with the evaluator's (internalized)
// literals goes character by character. A property key is internalized by V8, so the key read back
// is the very string the compiled spec holds. Bounded, for specs that build strings at run time.
const internedStrings = new Map<string, string>();
// Records built from one literal share their domain array, which lets comparisons skip the domain.
const sharedDomains = new Map<string, readonly Value[]>();
const INTERN_LIMIT = 1 << 16;

/** The one copy of `s` this thread keeps (see above). */
export function internString(s: string): string {
  let interned = internedStrings.get(s);
  if (interned === undefined) {
    interned = Object.keys({ [s]: 0 })[0] ?? s;
    if (internedStrings.size < INTERN_LIMIT) internedStrings.set(s, interned);
  }
  return interned;
}

/** A decoded record domain (field names, decoded and so interned) as the one array this thread shares for it. */
export function shareDomain(domain: Value[]): readonly Value[] {
  // The key joins the names with NUL, so a name holding NUL could make two domains one key.
  if (!domain.every((d) => typeof d === 'string' && !d.includes('\u0000'))) return domain;
  const key = (domain as string[]).join('\u0000');
  let shared = sharedDomains.get(key);
  if (shared === undefined) {
    shared = domain;
    if (sharedDomains.size < INTERN_LIMIT) sharedDomains.set(key, shared);
  }
  return shared;
}

/** Inverse of encodeValue; the input must come from encodeValue (it is trusted, not validated). */
export function decodeValue(e: EncodedValue): Value {
  if (typeof e === 'string') return internString(e);
  if (!Array.isArray(e)) return e;
  switch (e[0]) {
    case 'm':
      return modelValue(e[1]);
    case 'f':
      return restoreHash(new FcnValue(e[1] === null ? null : shareDomain(e[1].map(decodeValue)), e[2].map(decodeValue)), e, 3);
    case 's':
      return restoreHash(new EnumSet(e[1].map(decodeValue)), e, 2);
    case 'i':
      return new IntervalSet(e[1], e[2]);
    case 'inf':
      return new InfiniteSet(e[1]);
    case 'P':
      return new SubsetSet(decodeSet(e[1]));
    case 'F':
      return new FcnSet(decodeSet(e[1]), decodeSet(e[2]));
    case 'R':
      return new RecordSet(e[1], e[2].map(decodeSet));
    case 'X':
      return new ProductSet(e[1].map(decodeSet));
    case 'Q':
      return new SeqSet(decodeSet(e[1]));
    case 'D':
      return new DiffSet(decodeSet(e[1]), decodeSet(e[2]));
    case 'U':
      return new UnionSet(e[1].map(decodeSet));
  }
}
