// TLC's equality and total order on values (tlc2/value/impl/*Value.compareTo and equals): integers,
// strings and booleans among themselves; sets by size then elements in order; functions by size,
// then domain, then values; model values below everything else. Anything else is an E3001 error.
// With it, the enumeration of a finite set in that order (the order CHOOSE and printing use): one
// module, because they are one recursion (comparing two sets enumerates them, enumerating sorts).
import type { TlcWording } from '../diagnostics.js';
import { formatTlcValue, formatValue } from './format.js';
import { pollInterrupt } from './interrupt.js';
import { tlcGeneral, valueError } from './value-error.js';
import { EnumSet, fcnFromSortedDomain, sortedPartOf, tuple, type FcnValue, type ModelValue, type SetValue, type Value } from './value.js';

function isModel(v: Value): v is ModelValue {
  return typeof v === 'object' && v.kind === 'model';
}

/** A typed model value may only meet model values (untyped or of its type). */
function checkTypedMeetsNonModel(mv: ModelValue, other: Value): void {
  if (mv.type !== '') {
    valueError('E3001', `attempted to compare the typed model value ${mv.name} with ${formatValue(other)}`, 'typed model values (names like A_x) compare only with model values');
  }
}

function incomparable(a: Value, b: Value, verb: string): never {
  return valueError('E3001', `attempted to ${verb} ${formatValue(a)} with ${formatValue(b)}, which TLC cannot compare`, 'values of different types (e.g. an integer and a string) cannot be compared', verb === 'check equality of' ? tlcEquality(a, b) : undefined);
}

/** TLC's words for `a = b` of different kinds, as its value classes word them for a scalar `a` (others: ours). */
function tlcEquality(a: Value, b: Value): TlcWording | undefined {
  const other = formatTlcValue(b);
  switch (typeof a) {
    case 'number':
      return tlcGeneral(`Attempted to check equality of integer ${a} with non-integer:\n${other}`);
    case 'string':
      return tlcGeneral(`Attempted to check equality of string ${formatTlcValue(a)} with non-string:\n${other}`);
    case 'boolean':
      return tlcGeneral(`Attempted to compare equality of boolean ${formatValue(a)} with non-boolean:\n${other}`);
    default:
      return undefined;
  }
}

/** Negative, zero or positive as `a` is below, equal to or above `b` in TLC's order. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  switch (typeof a) {
    case 'number':
      if (typeof b === 'number') return a < b ? -1 : 1;
      break;
    case 'string':
      if (typeof b === 'string') return a < b ? -1 : 1;
      break;
    case 'boolean':
      if (typeof b === 'boolean') return a ? 1 : -1;
      break;
    default:
      // One read of each `kind`: tuples and sets of tuples make this the hottest path of set
      // normalization and function application (GameOfLife).
      if (typeof b === 'object') {
        const ka = a.kind;
        const kb = b.kind;
        if (ka === 'fcn') {
          if (kb === 'fcn') return compareFcns(a, b);
        } else if (ka !== 'model') {
          if (kb !== 'fcn' && kb !== 'model') return compareSets(a, b as SetValue);
        }
      }
  }
  if (isModel(a)) {
    if (isModel(b)) return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    checkTypedMeetsNonModel(a, b);
    return -1;
  }
  if (isModel(b)) {
    checkTypedMeetsNonModel(b, a);
    return 1;
  }
  return incomparable(a, b, 'compare');
}

/** compareValues on two elements, integers compared in place (tuples of integers are common). */
function compareElements(x: Value, y: Value): number {
  if (x === y) return 0;
  if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
  return compareValues(x, y);
}

function compareSets(a: SetValue, b: SetValue): number {
  if (sameLazySet(a, b)) return 0;
  const xs = finiteElements(a);
  const ys = finiteElements(b);
  if (xs.length !== ys.length) return xs.length - ys.length;
  for (let i = 0; i < xs.length; i++) {
    const c = compareElements(xs[i]!, ys[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

function domainAt(f: FcnValue, i: number): Value {
  return f.domain === null ? i + 1 : f.domain[i]!;
}

function compareFcns(a: FcnValue, b: FcnValue): number {
  const n = a.values.length;
  if (n !== b.values.length) return n - b.values.length;
  if (a.domain !== b.domain) {
    // Records built from one literal share their domain array, so this loop is often skipped.
    for (let i = 0; i < n; i++) {
      const c = compareValues(domainAt(a, i), domainAt(b, i));
      if (c !== 0) return c;
    }
  }
  const xs = a.values;
  const ys = b.values;
  for (let i = 0; i < n; i++) {
    const c = compareElements(xs[i]!, ys[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** TLA+ equality with TLC's errors for values of different types. */
export function valuesEqual(a: Value, b: Value): boolean {
  if (a === b) return true;
  switch (typeof a) {
    case 'number':
    case 'string':
    case 'boolean':
      if (typeof b === typeof a) return false;
      if (isModel(b)) {
        checkTypedMeetsNonModel(b, a);
        return false;
      }
      return incomparable(a, b, 'check equality of');
  }
  if (typeof b === 'object') {
    const ka = a.kind;
    const kb = b.kind;
    if (ka === 'fcn') {
      if (kb === 'fcn') return fcnsEqual(a, b);
    } else if (ka !== 'model') {
      if (kb !== 'fcn' && kb !== 'model') return setsEqual(a, b as SetValue);
    }
  }
  if (isModel(a)) {
    if (isModel(b)) {
      if (a.type !== '' && b.type !== '' && a.type !== b.type) {
        valueError('E3001', `attempted to check equality of the differently-typed model values ${a.name} and ${b.name}`);
      }
      return false; // interned: distinct objects have distinct names
    }
    checkTypedMeetsNonModel(a, b);
    return false;
  }
  if (isModel(b)) {
    checkTypedMeetsNonModel(b, a);
    return false;
  }
  return incomparable(a, b, 'check equality of');
}

function setsEqual(a: SetValue, b: SetValue): boolean {
  if (a.kind === 'enum' && b.kind === 'enum') return sameElements(a.elems, b.elems);
  if (sameLazySet(a, b)) return true;
  // An infinite set never equals a finite one; two different infinite sets we cannot decide.
  const finiteA = isFiniteSet(a);
  if (finiteA !== isFiniteSet(b)) return false;
  return sameElements(finiteElements(a), finiteElements(b));
}

function sameElements(xs: readonly Value[], ys: readonly Value[]): boolean {
  if (xs.length !== ys.length) return false;
  for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i] && !valuesEqual(xs[i]!, ys[i]!)) return false;
  return true;
}

function fcnsEqual(a: FcnValue, b: FcnValue): boolean {
  const n = a.values.length;
  if (n !== b.values.length) return false;
  if (a.domain !== b.domain) {
    if (a.domain === null || b.domain === null) return false; // canonical form: 1..n only as null
    for (let i = 0; i < n; i++) if (!valuesEqual(a.domain[i]!, b.domain[i]!)) return false;
  }
  const xs = a.values;
  const ys = b.values;
  for (let i = 0; i < n; i++) if (xs[i] !== ys[i] && !valuesEqual(xs[i]!, ys[i]!)) return false;
  return true;
}

/** The index of `v` in `elems` (in TLC's order, without duplicates), or -1: a binary search. */
export function indexInSorted(elems: readonly Value[], v: Value): number {
  let lo = 0;
  let hi = elems.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareValues(elems[mid]!, v);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Sorts values into TLC's order and drops duplicates; the array is modified and returned. */
export function normalizeValues(elems: Value[]): Value[] {
  if (elems.length < 2) return elems;
  // Often built in order already ({<<p[1] + x, p[2] + y>> : <<x, y>> \in nbrs}): one pass finds it
  // strictly ascending, so sorted and free of duplicates as it is. It compares as the sort's first
  // run begins to (each element with the one before), so an error comes from the same pair.
  let ascending = 1;
  while (ascending < elems.length && compareValues(elems[ascending]!, elems[ascending - 1]!) > 0) ascending++;
  if (ascending === elems.length) return elems;
  elems.sort(compareValues);
  let out = 1;
  for (let i = 1; i < elems.length; i++) {
    if (compareValues(elems[i]!, elems[out - 1]!) !== 0) elems[out++] = elems[i]!;
  }
  elems.length = out;
  return elems;
}

// ---- enumeration in TLC's order ------------------------------------------------------------

/** Sets larger than this are refused (E3007) rather than enumerated. */
export const maxEnumeratedSetSize = 1 << 22;

export function isFiniteSet(s: SetValue): boolean {
  switch (s.kind) {
    case 'enum':
    case 'interval':
      return true;
    case 'infinite':
      return false;
    case 'subset':
      return isFiniteSet(s.base);
    case 'fcnset':
      return isFiniteSet(s.domain) && isFiniteSet(s.range);
    case 'rcdset':
      return s.sets.every(isFiniteSet);
    case 'product':
      return s.sets.every(isFiniteSet);
    case 'seqset':
      return isFiniteSet(s.base) && setSize(s.base) === 0;
    case 'diff':
    case 'union':
    case 'filter':
      return false; // built only when a part cannot be enumerated
  }
}

/** True when `a` and `b` are the same lazy form with equal parameters (decided without enumerating). */
export function sameLazySet(a: SetValue, b: SetValue): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'enum':
      return false;
    case 'interval':
      return b.kind === 'interval' && ((a.lo === b.lo && a.hi === b.hi) || (a.hi < a.lo && b.hi < b.lo));
    case 'infinite':
      return b.kind === 'infinite' && a.name === b.name;
    case 'subset':
      return b.kind === 'subset' && sameLazySet(a.base, b.base);
    case 'fcnset':
      return b.kind === 'fcnset' && sameLazySet(a.domain, b.domain) && sameLazySet(a.range, b.range);
    case 'rcdset':
      return b.kind === 'rcdset' && a.names.length === b.names.length && a.names.every((n, i) => n === b.names[i] && sameLazySet(a.sets[i]!, b.sets[i]!));
    case 'product':
      return b.kind === 'product' && a.sets.length === b.sets.length && a.sets.every((s, i) => sameLazySet(s, b.sets[i]!));
    case 'seqset':
      return b.kind === 'seqset' && sameLazySet(a.base, b.base);
    case 'diff':
      return b.kind === 'diff' && sameLazySet(a.base, b.base) && (sameLazySet(a.removed, b.removed) || valuesEqual(a.removed, b.removed));
    case 'union':
      return b.kind === 'union' && a.parts.length === b.parts.length && a.parts.every((p, i) => sameLazySet(p, b.parts[i]!) || valuesEqual(p, b.parts[i]!));
    case 'filter':
      return false; // two predicates are not compared (a === b above)
  }
}

function tooLarge(s: SetValue, size: number | string): never {
  return valueError('E3007', `the set ${formatValue(s)} has ${size} elements, too many to enumerate (limit ${maxEnumeratedSetSize})`, 'bound the set further (smaller constants, or a filter over a smaller set)');
}

/** Whether `finiteElements(s)` succeeds: finite, and at most `maxEnumeratedSetSize` elements. */
export function isEnumerable(s: SetValue): boolean {
  return isFiniteSet(s) && setSize(s) <= maxEnumeratedSetSize;
}

/** Number of elements; E3007 for an infinite set. */
export function setSize(s: SetValue): number {
  switch (s.kind) {
    case 'enum':
      return s.elems.length;
    case 'interval':
      return s.hi < s.lo ? 0 : s.hi - s.lo + 1;
    case 'infinite':
      return valueError('E3007', `the set ${s.name} is infinite`, 'use a finite set (e.g. 0..N) where elements must be counted or enumerated');
    case 'subset':
      return 2 ** setSize(s.base);
    case 'fcnset':
      return setSize(s.range) ** setSize(s.domain);
    case 'rcdset':
    case 'product':
      return s.sets.reduce((n, t) => n * setSize(t), 1);
    case 'seqset':
      if (isFiniteSet(s)) return 1;
      return valueError('E3007', `the set ${formatValue(s)} is infinite`, 'bound the length of sequences, e.g. UNION {[1..n -> S] : n \\in 0..N}');
    case 'diff':
    case 'union':
    case 'filter':
      return valueError('E3007', `the set ${formatValue(s)} is infinite`, 'use a finite set (e.g. 1..N) where elements must be counted or enumerated');
  }
}

/** TLC's bound on the functions, records or tuples of a set it enumerates to print it (TLCGlobals.enumBound). */
const tlcPrintedProductBound = 2000;

/**
 * The elements TLC prints a lazy set as, null where it prints the set's source form: TLC enumerates
 * `SUBSET S` when S has fewer than 7 elements, and `[S -> T]`, `[a : S, b : T]` and `S \X T` when they
 * hold fewer than 2,000 (SubsetValue, SetOfFcnsValue, SetOfRcdsValue, SetOfTuplesValue.toString).
 */
export function printedElements(s: SetValue): readonly Value[] | null {
  switch (s.kind) {
    case 'subset':
      return isFiniteSet(s.base) && setSize(s.base) < 7 ? finiteElements(s) : null;
    case 'fcnset':
    case 'rcdset':
    case 'product':
      return isFiniteSet(s) && setSize(s) < tlcPrintedProductBound ? finiteElements(s) : null;
    default:
      return null;
  }
}

const enumerations = new WeakMap<SetValue, readonly Value[]>();

/** The elements in TLC's order; E3007 for an infinite or too-large set. Cached for lazy forms. */
export function finiteElements(s: SetValue): readonly Value[] {
  if (s.kind === 'enum') return s.elems;
  if (s.kind === 'interval' && s.hi - s.lo < 64) return enumerate(s); // cheaper than the cache
  let elems = enumerations.get(s);
  if (!elems) {
    const size = setSize(s);
    if (size > maxEnumeratedSetSize) tooLarge(s, size);
    elems = enumerate(s);
    enumerations.set(s, elems);
  }
  return elems;
}

function enumerate(s: Exclude<SetValue, EnumSet>): Value[] {
  switch (s.kind) {
    case 'interval': {
      const out: Value[] = [];
      for (let i = s.lo; i <= s.hi; i++) out.push(i);
      return out;
    }
    case 'infinite':
      return tooLarge(s, 'infinitely many');
    case 'subset': {
      const base = finiteElements(s.base);
      const out: Value[] = [];
      for (let mask = 0; mask < 2 ** base.length; mask++) {
        pollInterrupt();
        const subset: Value[] = [];
        for (let i = 0; i < base.length; i++) if (mask & (1 << i)) subset.push(base[i]!);
        out.push(sortedPartOf(s.base, subset)); // a subsequence of a sorted array is sorted
      }
      return normalizeValues(out);
    }
    case 'fcnset': {
      const domain = finiteElements(s.domain);
      const range = finiteElements(s.range);
      return normalizeValues(cartesian(domain.map(() => range)).map((values) => fcnFromSortedDomain(domain, values)));
    }
    case 'rcdset': {
      const fieldSets = s.sets.map(finiteElements);
      return normalizeValues(cartesian(fieldSets).map((values) => fcnFromSortedDomain(s.names, values)));
    }
    case 'product':
      return normalizeValues(cartesian(s.sets.map(finiteElements)).map(tuple));
    case 'seqset':
      return [tuple([])];
    case 'diff':
    case 'union':
    case 'filter':
      return setSize(s) as never; // refused: infinite
  }
}

/** All combinations choosing one element from each list, first list varying slowest. */
function cartesian(lists: readonly (readonly Value[])[]): Value[][] {
  let out: Value[][] = [[]];
  for (const list of lists) {
    const next: Value[][] = [];
    for (const prefix of out) {
      for (const v of list) {
        pollInterrupt();
        next.push([...prefix, v]);
      }
    }
    out = next;
  }
  return out;
}
