// Sets: construction in canonical form, membership without enumeration, and the set algebra of
// TLA+, on the order and the enumeration in order.ts.
import { compareValues, finiteElements, indexInSorted, isFiniteSet, normalizeValues, sameLazySet, valuesEqual } from './order.js';
import { formatTlcValue, formatValue, tlcKindAndValue } from './format.js';
import { tlcGeneral, valueError } from './value-error.js';
import type { TlcWording } from '../diagnostics.js';
import {
  DiffSet,
  UnionSet,
  EnumSet,
  sortedPartOf,
  FcnSet,
  InfiniteSet,
  IntervalSet,
  ProductSet,
  RecordSet,
  SeqSet,
  SubsetSet,
  describeKind,
  isFcn,
  isSet,
  type FcnValue,
  type SetValue,
  type Value,
} from './value.js';

/** The set of `elems` in canonical form. Takes ownership of the array (it is sorted in place). */
export function setOf(elems: Value[]): EnumSet {
  return new EnumSet(normalizeValues(elems));
}

export const emptySet = new EnumSet([]);
export const BOOLEAN = new EnumSet([false, true]);
export const Nat = new InfiniteSet('Nat');
export const Int = new InfiniteSet('Int');
export const STRING = new InfiniteSet('STRING');

export function interval(lo: number, hi: number): IntervalSet {
  return new IntervalSet(lo, hi);
}

export function asSet(v: Value, what: string, tlc?: TlcWording): SetValue {
  if (isSet(v)) return v;
  return valueError('E3001', `${what} must be a set, but it is ${describeKind(v)}: ${formatValue(v)}`, undefined, tlc);
}

/** `s` of `e \in s` as a set (`what` names its place); TLC words a non-set there by its kind (`Value.member`). */
export function membershipSet(e: Value, s: Value, what: string): SetValue {
  if (isSet(s)) return s;
  const words = tlcKindAndValue(s);
  return asSet(s, what, words === undefined ? undefined : tlcGeneral(`Attempted to check if the value:\n${formatTlcValue(e)}\nis an element of ${words}`));
}

/** The set in enumerated form (for fingerprints and printing of lazy sets). */
export function toEnumSet(s: SetValue): EnumSet {
  return s.kind === 'enum' ? s : new EnumSet(finiteElements(s));
}

function notASet(what: Value, s: SetValue): never {
  return valueError('E3001', `attempted to check whether ${formatValue(what)} is in ${formatValue(s)}, but it is ${describeKind(what)}`, 'the element and the set hold values of different types');
}

/** A model value is never in a set of another kind of value (TLC's modelValueMember); anything else mismatched is an error. */
function mismatched(v: Value, s: SetValue): boolean {
  if (typeof v === 'object' && v.kind === 'model') {
    if (v.type !== '') notASet(v, s);
    return false;
  }
  return notASet(v, s);
}

/**
 * The function domains found equal to the domain of a set of functions, by the set: functions built
 * by EXCEPT share their domain array, so `f \in [D -> R]` (a type invariant) compares D once.
 */
const domainsMatched = new WeakMap<readonly Value[], SetValue>();

function hasDomain(f: FcnValue, domain: SetValue): boolean {
  if (f.domain === null) return valuesEqual(domainSetOf(f), domain);
  if (domainsMatched.get(f.domain) === domain) return true;
  if (!valuesEqual(new EnumSet(f.domain), domain)) return false;
  domainsMatched.set(f.domain, domain);
  return true;
}

/** Every element of `xs` in `s` (a loop: `every` with a closure per call was most of a type invariant's garbage). */
function allMembers(xs: readonly Value[], s: SetValue): boolean {
  for (let i = 0; i < xs.length; i++) if (!isMember(xs[i]!, s)) return false;
  return true;
}

/** Each `xs[i]` in `sets[i]`. */
function membersAligned(xs: readonly Value[], sets: readonly SetValue[]): boolean {
  for (let i = 0; i < xs.length; i++) if (!isMember(xs[i]!, sets[i]!)) return false;
  return true;
}

function sameElements(xs: readonly Value[], ys: readonly Value[]): boolean {
  if (xs.length !== ys.length) return false;
  for (let i = 0; i < xs.length; i++) if (xs[i] !== ys[i]) return false;
  return true;
}

/** v \in s, without enumerating s where TLA+ allows. */
export function isMember(v: Value, s: SetValue): boolean {
  switch (s.kind) {
    case 'enum':
      // A type invariant's `msgs \subseteq Message` looks each record of a state's set up again in
      // every state that holds it (Slush: 75 records, 7 comparisons of records each): remembered on
      // the value as for formulas below.
      if (typeof v !== 'object' || (v.kind !== 'fcn' && v.kind !== 'enum')) return indexInSorted(s.elems, v) >= 0;
      if (v.memberOf === s) return true;
      if (indexInSorted(s.elems, v) < 0) return false;
      v.memberOf = s;
      return true;
    case 'interval':
      // Nothing is in an empty interval, of whatever type (TLC's IntervalValue.member: 1..0, the domain of <<>>).
      return typeof v === 'number' ? v >= s.lo && v <= s.hi : s.hi >= s.lo && mismatched(v, s);
    case 'infinite':
      if (s.name === 'STRING') return typeof v === 'string' ? true : mismatched(v, s);
      return typeof v === 'number' ? s.name === 'Int' || v >= 0 : mismatched(v, s);
  }
  // A type invariant asks `f \in [D -> R]` of every variable in every state, and the values an action
  // left unchanged (and the elements it did not touch) are the very objects of the state before: a
  // function or set remembers the formula set it was last found in, so each is checked once.
  if (typeof v === 'object' && (v.kind === 'fcn' || v.kind === 'enum')) {
    if (v.memberOf === s) return true;
    if (!isMemberOfFormula(v, s)) return false;
    v.memberOf = s;
    return true;
  }
  return isMemberOfFormula(v, s);
}

/** v \in s for a set written as a formula (SUBSET, [D -> R], records, products, Seq, \ and \cup). */
function isMemberOfFormula(v: Value, s: Exclude<SetValue, EnumSet | IntervalSet | InfiniteSet>): boolean {
  switch (s.kind) {
    case 'subset':
      if (!isSet(v)) return mismatched(v, s);
      return allMembers(finiteElements(v), s.base);
    case 'fcnset':
      if (!isFcn(v)) return mismatched(v, s);
      return hasDomain(v, s.domain) && allMembers(v.values, s.range);
    case 'rcdset':
      if (!isFcn(v)) return mismatched(v, s);
      return (
        v.domain !== null &&
        sameElements(v.domain, s.names) &&
        membersAligned(v.values, s.sets)
      );
    case 'product':
      if (!isFcn(v)) return mismatched(v, s);
      return v.domain === null && v.values.length === s.sets.length && membersAligned(v.values, s.sets);
    case 'seqset':
      if (!isFcn(v)) return mismatched(v, s);
      return v.domain === null && allMembers(v.values, s.base);
    case 'diff':
      return isMember(v, s.base) && !isMember(v, s.removed);
    case 'union':
      for (const part of s.parts) if (isMember(v, part)) return true;
      return false;
    case 'filter':
      return isMember(v, s.base) && s.test(v);
  }
}

/** DOMAIN f as a set. */
export function domainSetOf(f: FcnValue): SetValue {
  return f.domain === null ? new IntervalSet(1, f.values.length) : new EnumSet(f.domain);
}

function requireFinite(s: SetValue, op: string): readonly Value[] {
  if (!isFiniteSet(s)) valueError('E3007', `${op}: cannot enumerate the infinite set ${formatValue(s)}`, 'TLC evaluates this operator by enumeration; use a finite set');
  return finiteElements(s);
}

/** Merges two sorted duplicate-free arrays. */
function mergeSorted(xs: readonly Value[], ys: readonly Value[]): Value[] {
  const out: Value[] = [];
  let i = 0;
  let j = 0;
  while (i < xs.length && j < ys.length) {
    const c = compareValues(xs[i]!, ys[j]!);
    if (c < 0) out.push(xs[i++]!);
    else if (c > 0) out.push(ys[j++]!);
    else {
      out.push(xs[i++]!);
      j++;
    }
  }
  while (i < xs.length) out.push(xs[i++]!);
  while (j < ys.length) out.push(ys[j++]!);
  return out;
}

/** The parts of a union to keep lazy, nested unions flattened. */
function unionParts(s: SetValue): readonly SetValue[] {
  return s.kind === 'union' ? s.parts : [s];
}

export function union(a: SetValue, b: SetValue): SetValue {
  if (!isFiniteSet(a) || !isFiniteSet(b)) return new UnionSet([...unionParts(a), ...unionParts(b)]); // Int \cup {NULL}: lazy, as TLC
  const xs = finiteElements(a);
  const ys = finiteElements(b);
  if (ys.length === 0) return a;
  if (xs.length === 0) return b;
  return new EnumSet(mergeSorted(xs, ys));
}

export function intersect(a: SetValue, b: SetValue): SetValue {
  if (isFiniteSet(a)) return new EnumSet(finiteElements(a).filter((x) => isMember(x, b)));
  if (isFiniteSet(b)) return new EnumSet(finiteElements(b).filter((x) => isMember(x, a)));
  return valueError('E3007', `\\cap: cannot enumerate either of the infinite sets ${formatValue(a)} and ${formatValue(b)}`, 'intersect with a finite set');
}

export function difference(a: SetValue, b: SetValue): SetValue {
  if (!isFiniteSet(a)) return new DiffSet(a, b); // Nat \ {0}: kept lazy for membership, as TLC does
  const xs = finiteElements(a);
  if (b.kind !== 'enum' || b.elems.length > xs.length) return sortedPartOf(a, xs.filter((x) => !isMember(x, b)));
  if (b.elems.length === 1) return withoutElement(a, xs, b.elems[0]!);
  // Few elements removed (S \ {x}, as in a recursive Sum): look each up rather than test every
  // element of `a`, and keep `a` when none is in it. Both are sorted, so the indices found ascend.
  let out: Value[] | undefined;
  let kept = 0;
  for (const y of b.elems) {
    const i = indexInSorted(xs, y);
    if (i < 0) continue;
    out ??= [];
    for (; kept < i; kept++) out.push(xs[kept]!);
    kept = i + 1;
  }
  if (out === undefined) return a;
  for (; kept < xs.length; kept++) out.push(xs[kept]!);
  return sortedPartOf(a, out);
}

/**
 * S \ {x}, S finite with elements `xs` (a recursive Sum's step, also written so without the set {x}:
 * eval/operations.ts `removeElement`): S itself when x is not in it, else the rest in an array made
 * at its size (grown by push, it was a sixth of GameOfLife's garbage).
 */
export function withoutElement(a: SetValue, xs: readonly Value[], x: Value): SetValue {
  const i = indexInSorted(xs, x);
  if (i < 0) return a;
  const out = new Array<Value>(xs.length - 1);
  for (let k = 0; k < i; k++) out[k] = xs[k]!;
  for (let k = i + 1; k < xs.length; k++) out[k - 1] = xs[k]!;
  return sortedPartOf(a, out);
}

export function isSubsetEq(a: SetValue, b: SetValue): boolean {
  if (sameLazySet(a, b)) return true;
  if (a.kind === 'infinite' && b.kind === 'infinite') return b.name === 'Int' && a.name === 'Nat';
  return requireFinite(a, '\\subseteq').every((x) => isMember(x, b));
}

/** UNION s: the union of the elements of s. */
export function bigUnion(s: SetValue): SetValue {
  const members = requireFinite(s, 'UNION').map((e) => asSet(e, 'an element of UNION\'s argument'));
  if (!members.every(isFiniteSet)) return new UnionSet(members.flatMap(unionParts)); // UNION {[D -> Int \cup {NULL}]}: lazy
  let acc: readonly Value[] = [];
  for (const m of members) acc = mergeSorted(acc, finiteElements(m));
  return new EnumSet(acc);
}

export function subsetSet(base: SetValue): SetValue {
  return new SubsetSet(base);
}

export function fcnSet(domain: SetValue, range: SetValue): SetValue {
  return new FcnSet(domain, range);
}

/** [a : S, b : T]; `fields` in any order. */
export function recordSet(fields: readonly (readonly [string, SetValue])[]): SetValue {
  const sorted = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new RecordSet(
    sorted.map(([n]) => n),
    sorted.map(([, s]) => s),
  );
}

export function productSet(sets: readonly SetValue[]): SetValue {
  return new ProductSet(sets);
}

export function seqSet(base: SetValue): SetValue {
  return new SeqSet(base);
}
