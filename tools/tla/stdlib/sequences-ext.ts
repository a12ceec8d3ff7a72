// The community module SequencesExt: conversions between sets and sequences, searching, editing,
// prefixes and suffixes, and folds over sequences.
import {
  fcnFromPairs,
  fcnSet,
  finiteElements,
  interval,
  setOf,
  tuple,
  union,
  valueError,
  valuesEqual,
  type SetValue,
  type Value,
} from '../values/index.js';
import { boolResult, intArg, operatorArg, seqArg, setArg, valueArg } from './args.js';
import { foldInOrder, tlcElements } from './folds.js';
import { subSeq } from './sequences.js';
import { sortSeq } from './tlc.js';
import type { OperatorCallback, StdOperator } from './std-operator.js';

const sameSeq = (a: readonly Value[], b: readonly Value[]): boolean => a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]!));
const isPrefix = (s: readonly Value[], t: readonly Value[]): boolean => s.length <= t.length && sameSeq(s, t.slice(0, s.length));
const isSuffix = (s: readonly Value[], t: readonly Value[]): boolean => s.length <= t.length && sameSeq(s, t.slice(t.length - s.length));

/** Every ordering of `elems`, each element once. */
function orderings(elems: readonly Value[]): Value[][] {
  if (elems.length === 0) return [[]];
  return elems.flatMap((x, i) => orderings([...elems.slice(0, i), ...elems.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** [1..n -> S] for n in 0..max, as one set. */
function sequencesUpTo(s: SetValue, max: number): SetValue {
  let all: SetValue = setOf([tuple([])]);
  for (let n = 1; n <= max; n++) all = union(all, fcnSet(interval(1, n), s));
  return all;
}

/** The 1-based index of the first element satisfying `test` (the last with `fromEnd`), 0 when none does. */
function indexWhere(op: string, s: readonly Value[], test: OperatorCallback, fromEnd: boolean): number {
  const matches = (x: Value): boolean => boolResult(op, test(x));
  return (fromEnd ? s.findLastIndex(matches) : s.findIndex(matches)) + 1;
}

/** s with the element at `i` (1-based) removed, as SubSeq(s, 1, i-1) \o SubSeq(s, i+1, Len(s)). */
const removeAt = (s: readonly Value[], i: number): Value[] => [...subSeq(s, 1, i - 1), ...subSeq(s, i + 1, s.length)];

const prefixesOf = (s: readonly Value[]): Value[] => s.map((_, i) => tuple(s.slice(0, i + 1))).concat([tuple([])]);

/** `name`(s, t): `holds`(s, t), and for a strict form also s shorter than t. */
function sequenceRelation(name: string, holds: (s: readonly Value[], t: readonly Value[]) => boolean, strict: boolean): StdOperator {
  return {
    arity: 2,
    call: (args) => {
      const s = seqArg(name, args, 0);
      const t = seqArg(name, args, 1);
      return (!strict || s.length < t.length) && holds(s, t);
    },
  };
}

export const sequencesExt: Record<string, StdOperator> = {
  // ToSet(s): the set of the elements of s.
  ToSet: { arity: 1, call: (args) => setOf([...seqArg('ToSet', args, 0)]) },
  // ToBag(s): the bag of the elements of s, each counted as often as it occurs.
  ToBag: {
    arity: 1,
    call: (args) => {
      const s = seqArg('ToBag', args, 0);
      return fcnFromPairs(finiteElements(setOf([...s])).map((x): [Value, Value] => [x, s.filter((y) => valuesEqual(x, y)).length]));
    },
  },
  // SetToSeq(S): the elements of S, each once, as a sequence (in TLC's order, as TLC builds it).
  SetToSeq: { arity: 1, call: (args, ctx) => tuple(tlcElements(setArg('SetToSeq', args, 0), ctx)) },
  // SetToSeqs(S): every sequence holding each element of S exactly once.
  SetToSeqs: { arity: 1, call: (args) => setOf(orderings(finiteElements(setArg('SetToSeqs', args, 0))).map(tuple)) },
  // SetToSortSeq(S, less): the elements of S sorted by less.
  SetToSortSeq: {
    arity: 2,
    call: (args, ctx) => tuple(sortSeq('SetToSortSeq', tlcElements(setArg('SetToSortSeq', args, 0), ctx), operatorArg('SetToSortSeq', args, 1))),
  },
  // SetToAllKPermutations(S): every sequence of distinct elements of S, of any length (<< >> included).
  SetToAllKPermutations: {
    arity: 1,
    call: (args) => {
      const elems = finiteElements(setArg('SetToAllKPermutations', args, 0));
      const subsets = elems.reduce<Value[][]>((acc, x) => acc.concat(acc.map((subset) => [...subset, x])), [[]]);
      return setOf(subsets.flatMap((subset) => orderings(subset).map(tuple)));
    },
  },
  // TupleOf(S, n): the sequences of length n over S.
  TupleOf: { arity: 2, call: (args) => fcnSet(interval(1, intArg('TupleOf', args, 1)), setArg('TupleOf', args, 0)) },
  // SeqOf(S, n), BoundedSeq(S, n): the sequences over S of length at most n.
  SeqOf: { arity: 2, call: (args) => sequencesUpTo(setArg('SeqOf', args, 0), intArg('SeqOf', args, 1)) },
  BoundedSeq: { arity: 2, call: (args) => sequencesUpTo(setArg('BoundedSeq', args, 0), intArg('BoundedSeq', args, 1)) },
  // Contains(s, e): e is an element of s.
  Contains: {
    arity: 2,
    call: (args) => {
      const e = valueArg('Contains', args, 1);
      return seqArg('Contains', args, 0).some((x) => valuesEqual(x, e));
    },
  },
  // IsSorted(s, op): op(s[i], s[j]) holds for all positions i < j.
  IsSorted: {
    arity: 2,
    call: (args) => {
      const s = seqArg('IsSorted', args, 0);
      const op = operatorArg('IsSorted', args, 1);
      return s.every((x, i) => s.slice(i + 1).every((y) => boolResult('IsSorted', op(x, y))));
    },
  },
  // Reverse(s): s back to front.
  Reverse: { arity: 1, call: (args) => tuple([...seqArg('Reverse', args, 0)].reverse()) },
  // Remove(s, e): s without any occurrence of e.
  Remove: {
    arity: 2,
    call: (args) => {
      const e = valueArg('Remove', args, 1);
      return tuple(seqArg('Remove', args, 0).filter((x) => !valuesEqual(x, e)));
    },
  },
  // ReplaceAll(s, old, new): s with every occurrence of old replaced by new.
  ReplaceAll: {
    arity: 3,
    call: (args) => {
      const old = valueArg('ReplaceAll', args, 1);
      const replacement = valueArg('ReplaceAll', args, 2);
      return tuple(seqArg('ReplaceAll', args, 0).map((x) => (valuesEqual(x, old) ? replacement : x)));
    },
  },
  // SelectInSeq(s, Test), SelectLastInSeq(s, Test): the index of the first (last) element satisfying Test, or 0.
  SelectInSeq: { arity: 2, call: (args) => indexWhere('SelectInSeq', seqArg('SelectInSeq', args, 0), operatorArg('SelectInSeq', args, 1), false) },
  SelectLastInSeq: { arity: 2, call: (args) => indexWhere('SelectLastInSeq', seqArg('SelectLastInSeq', args, 0), operatorArg('SelectLastInSeq', args, 1), true) },
  // SelectInSubSeq(s, from, to, Test), SelectLastInSubSeq: the same within SubSeq(s, from, to), counted from its start.
  SelectInSubSeq: {
    arity: 4,
    call: (args) => {
      const part = subSeq(seqArg('SelectInSubSeq', args, 0), intArg('SelectInSubSeq', args, 1), intArg('SelectInSubSeq', args, 2));
      return indexWhere('SelectInSubSeq', part, operatorArg('SelectInSubSeq', args, 3), false);
    },
  },
  SelectLastInSubSeq: {
    arity: 4,
    call: (args) => {
      const part = subSeq(seqArg('SelectLastInSubSeq', args, 0), intArg('SelectLastInSubSeq', args, 1), intArg('SelectLastInSubSeq', args, 2));
      return indexWhere('SelectLastInSubSeq', part, operatorArg('SelectLastInSubSeq', args, 3), true);
    },
  },
  // InsertAt(s, i, e): e inserted at position i, the elements from i on moved one place up.
  InsertAt: {
    arity: 3,
    call: (args) => {
      const s = seqArg('InsertAt', args, 0);
      const i = intArg('InsertAt', args, 1);
      return tuple([...subSeq(s, 1, i - 1), valueArg('InsertAt', args, 2), ...subSeq(s, i, s.length)]);
    },
  },
  // ReplaceAt(s, i, e): s with position i holding e.
  ReplaceAt: {
    arity: 3,
    call: (args) => {
      const s = seqArg('ReplaceAt', args, 0);
      const i = intArg('ReplaceAt', args, 1);
      if (i < 1 || i > s.length) valueError('E3003', `ReplaceAt(s, ${i}, e): ${i} is outside 1..Len(s) = 1..${s.length}`);
      return tuple(s.map((x, j) => (j === i - 1 ? valueArg('ReplaceAt', args, 2) : x)));
    },
  },
  // RemoveAt(s, i): s without the element at position i.
  RemoveAt: { arity: 2, call: (args) => tuple(removeAt(seqArg('RemoveAt', args, 0), intArg('RemoveAt', args, 1))) },
  // RemoveFirst(s, e): s without the first occurrence of e (s itself when e does not occur).
  RemoveFirst: {
    arity: 2,
    call: (args) => {
      const s = seqArg('RemoveFirst', args, 0);
      const e = valueArg('RemoveFirst', args, 1);
      const i = s.findIndex((x) => valuesEqual(x, e));
      return i < 0 ? tuple(s) : tuple(removeAt(s, i + 1));
    },
  },
  // RemoveFirstMatch(s, Test): s without the first element satisfying Test.
  RemoveFirstMatch: {
    arity: 2,
    call: (args) => {
      const s = seqArg('RemoveFirstMatch', args, 0);
      const i = indexWhere('RemoveFirstMatch', s, operatorArg('RemoveFirstMatch', args, 1), false);
      return i === 0 ? tuple(s) : tuple(removeAt(s, i));
    },
  },
  // Cons(e, s): e followed by s.
  Cons: { arity: 2, call: (args) => tuple([valueArg('Cons', args, 0), ...seqArg('Cons', args, 1)]) },
  // Snoc(e, s): s followed by e (Append with its arguments swapped).
  Snoc: { arity: 2, call: (args) => tuple([...seqArg('Snoc', args, 1), valueArg('Snoc', args, 0)]) },
  // Front(s): s without its last element (<< >> stays << >>); Last(s): the last element.
  Front: {
    arity: 1,
    call: (args) => {
      const s = seqArg('Front', args, 0);
      return tuple(subSeq(s, 1, s.length - 1));
    },
  },
  Last: {
    arity: 1,
    call: (args) => {
      const s = seqArg('Last', args, 0);
      if (s.length === 0) valueError('E3003', 'Last(<< >>): the empty sequence has no last element');
      return s[s.length - 1]!;
    },
  },
  // IsPrefix(s, t), IsStrictPrefix, IsSuffix, IsStrictSuffix: s begins (ends) t, and differs from it for the strict forms.
  IsPrefix: sequenceRelation('IsPrefix', isPrefix, false),
  IsStrictPrefix: sequenceRelation('IsStrictPrefix', isPrefix, true),
  IsSuffix: sequenceRelation('IsSuffix', isSuffix, false),
  IsStrictSuffix: sequenceRelation('IsStrictSuffix', isSuffix, true),
  // Prefixes(s), Suffixes(s): the sequences s begins (ends) with, << >> included.
  Prefixes: { arity: 1, call: (args) => setOf(prefixesOf(seqArg('Prefixes', args, 0))) },
  Suffixes: {
    arity: 1,
    call: (args) => {
      const s = seqArg('Suffixes', args, 0);
      return setOf(s.map((_, i) => tuple(s.slice(i))).concat([tuple([])]));
    },
  },
  // CommonPrefixes(S): the sequences every sequence of S begins with (none when S is empty).
  CommonPrefixes: {
    arity: 1,
    call: (args) => {
      const seqs = finiteElements(setArg('CommonPrefixes', args, 0)).map((s) => seqArg('CommonPrefixes', [s], 0));
      const candidates = seqs.flatMap(prefixesOf);
      return setOf(candidates.filter((p) => seqs.every((t) => isPrefix(seqArg('CommonPrefixes', [p], 0), t))));
    },
  },
  // LongestCommonPrefix(S): the longest of them; an error for an empty S.
  LongestCommonPrefix: {
    arity: 1,
    call: (args) => {
      const seqs = finiteElements(setArg('LongestCommonPrefix', args, 0)).map((s) => seqArg('LongestCommonPrefix', [s], 0));
      if (seqs.length === 0) valueError('E3004', 'LongestCommonPrefix({}): CHOOSE found no common prefix of an empty set of sequences');
      let n = 0;
      while (seqs.every((t) => n < t.length && valuesEqual(t[n]!, seqs[0]![n]!))) n++;
      return tuple(seqs[0]!.slice(0, n));
    },
  },
  // SeqMod(a, b): a % b, but b instead of 0 (indices of sequences run 1..b).
  SeqMod: {
    arity: 2,
    call: (args) => {
      const a = intArg('SeqMod', args, 0);
      const b = intArg('SeqMod', args, 1);
      if (b <= 0) valueError('E3001', `SeqMod(${a}, ${b}): the divisor must be positive`);
      const r = ((a % b) + b) % b;
      return r === 0 ? b : r;
    },
  },
  // FoldSeq(op, base, s): op(s[1], op(s[2], ... op(s[n], base))), as FoldFunction over s.
  FoldSeq: { arity: 3, call: (args) => foldInOrder(operatorArg('FoldSeq', args, 0), valueArg('FoldSeq', args, 1), (x) => x, seqArg('FoldSeq', args, 2)) },
  // FoldLeft(op, base, s): op(... op(op(base, s[1]), s[2]) ..., s[n]).
  FoldLeft: {
    arity: 3,
    call: (args) => {
      const op = operatorArg('FoldLeft', args, 0);
      return seqArg('FoldLeft', args, 2).reduce<Value>((acc, x) => op(acc, x), valueArg('FoldLeft', args, 1));
    },
  },
  // FoldRight(op, s, base): op(s[1], op(s[2], ... op(s[n], base))).
  FoldRight: { arity: 3, call: (args) => foldInOrder(operatorArg('FoldRight', args, 0), valueArg('FoldRight', args, 2), (x) => x, seqArg('FoldRight', args, 1)) },
  // FoldLeftDomain(op, base, s), FoldRightDomain(op, s, base): the same folds over the indices 1..Len(s).
  FoldLeftDomain: {
    arity: 3,
    call: (args) => {
      const op = operatorArg('FoldLeftDomain', args, 0);
      return seqArg('FoldLeftDomain', args, 2).reduce<Value>((acc, _, i) => op(acc, i + 1), valueArg('FoldLeftDomain', args, 1));
    },
  },
  FoldRightDomain: {
    arity: 3,
    call: (args) => {
      const indices = seqArg('FoldRightDomain', args, 1).map((_, i): Value => i + 1);
      return foldInOrder(operatorArg('FoldRightDomain', args, 0), valueArg('FoldRightDomain', args, 2), (x) => x, indices);
    },
  },
  // FlattenSeq(ss): the sequences of ss concatenated.
  FlattenSeq: {
    arity: 1,
    call: (args) => tuple(seqArg('FlattenSeq', args, 0).flatMap((s) => seqArg('FlattenSeq', [s], 0))),
  },
  // Zip(s, t): the pairs <<s[i], t[i]>> for i up to the shorter length.
  Zip: {
    arity: 2,
    call: (args) => {
      const s = seqArg('Zip', args, 0);
      const t = seqArg('Zip', args, 1);
      return tuple(s.slice(0, Math.min(s.length, t.length)).map((x, i) => tuple([x, t[i]!])));
    },
  },
  // SubSeqs(s): the contiguous pieces SubSeq(s, i, j) of s, << >> included.
  SubSeqs: {
    arity: 1,
    call: (args) => {
      const s = seqArg('SubSeqs', args, 0);
      const pieces: Value[] = [tuple([])];
      for (let i = 0; i < s.length; i++) for (let j = i + 1; j <= s.length; j++) pieces.push(tuple(s.slice(i, j)));
      return setOf(pieces);
    },
  },
};
