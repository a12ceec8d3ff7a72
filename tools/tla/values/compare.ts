// TLC's equality and total order on values (tlc2/value/impl/*Value.compareTo and equals): integers,
// strings and booleans among themselves; sets by size then elements in order; functions by size,
// then domain, then values; model values below everything else. Anything else is an E3001 error.
import { formatValue } from './format.js';
import { finiteElements, isFiniteSet, sameLazySet } from './sets.js';
import { valueError } from './value-error.js';
import { type FcnValue, type ModelValue, type SetValue, type Value } from './value.js';

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
  return valueError('E3001', `attempted to ${verb} ${formatValue(a)} with ${formatValue(b)}, which TLC cannot compare`, 'values of different types (e.g. an integer and a string) cannot be compared');
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
  elems.sort(compareValues);
  let out = 1;
  for (let i = 1; i < elems.length; i++) {
    if (compareValues(elems[i]!, elems[out - 1]!) !== 0) elems[out++] = elems[i]!;
  }
  elems.length = out;
  return elems;
}
