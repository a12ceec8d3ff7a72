// The community module FiniteSetsExt: folds, sums, extremes and counting over finite sets.
// FoldSet and ReduceSet fold as TLC's Java override does: from the first element in TLC's order
// (strings by intern order) to the last, each combined with what the ones before it gave.
import {
  difference,
  finiteElements,
  formatValue,
  setOf,
  union,
  valueError,
  type SetValue,
  type Value,
} from '../values/index.js';
import { boolResult, checkedInt, intArg, operatorArg, setArg, valueArg } from './args.js';
import { foldLeft, tlcElements } from './folds.js';
import type { StdOperator } from './std-operator.js';

const identity = (x: Value): Value => x;

function integers(op: string, s: SetValue): number[] {
  return finiteElements(s).map((x) => {
    if (typeof x !== 'number') valueError('E3001', `${op} needs a set of integers, but it holds ${formatValue(x)}`);
    return x;
  });
}

function extreme(op: string, s: SetValue, better: (a: number, b: number) => boolean): number {
  const xs = integers(op, s);
  if (xs.length === 0) valueError('E3004', `${op} of the empty set: CHOOSE found no element`, `${op}(S) needs a non-empty set`);
  return xs.reduce((a, b) => (better(b, a) ? b : a));
}

/** The k-element subsets of `elems`, in any order (setOf puts them in TLC's). */
function subsetsOfSize(elems: readonly Value[], k: number): Value[][] {
  if (k === 0) return [[]];
  const out: Value[][] = [];
  for (let i = 0; i + k <= elems.length; i++) {
    for (const rest of subsetsOfSize(elems.slice(i + 1), k - 1)) out.push([elems[i]!, ...rest]);
  }
  return out;
}

export const finiteSetsExt: Record<string, StdOperator> = {
  // FoldSet(op, base, S): op combines every element of S, from base (op should be associative and commutative).
  FoldSet: {
    arity: 3,
    call: (args, ctx) => foldLeft(operatorArg('FoldSet', args, 0), valueArg('FoldSet', args, 1), identity, tlcElements(setArg('FoldSet', args, 2), ctx)),
  },
  // ReduceSet(op, S, base): FoldSet with its last two arguments swapped (the module's older name).
  ReduceSet: {
    arity: 3,
    call: (args, ctx) => foldLeft(operatorArg('ReduceSet', args, 0), valueArg('ReduceSet', args, 2), identity, tlcElements(setArg('ReduceSet', args, 1), ctx)),
  },
  // SumSet(S), ProductSet(S): of a finite set of integers (0 and 1 for the empty set).
  SumSet: { arity: 1, call: (args) => integers('SumSet', setArg('SumSet', args, 0)).reduce((a, b) => checkedInt('SumSet', a + b), 0) },
  ProductSet: { arity: 1, call: (args) => integers('ProductSet', setArg('ProductSet', args, 0)).reduce((a, b) => checkedInt('ProductSet', a * b), 1) },
  // Max(S), Min(S): the greatest and least element of a non-empty finite set of integers.
  Max: { arity: 1, call: (args) => extreme('Max', setArg('Max', args, 0), (a, b) => a > b) },
  Min: { arity: 1, call: (args) => extreme('Min', setArg('Min', args, 0), (a, b) => a < b) },
  // Quantify(S, P): how many elements of S satisfy P.
  Quantify: {
    arity: 2,
    call: (args) => {
      const p = operatorArg('Quantify', args, 1);
      return finiteElements(setArg('Quantify', args, 0)).filter((x) => boolResult('Quantify', p(x))).length;
    },
  },
  // kSubset(k, S): the subsets of S with exactly k elements (none when k is outside 0..Cardinality(S)).
  kSubset: {
    arity: 2,
    call: (args) => {
      const k = intArg('kSubset', args, 0);
      const elems = finiteElements(setArg('kSubset', args, 1));
      if (k < 0 || k > elems.length) return setOf([]);
      return setOf(subsetsOfSize(elems, k).map((subset) => setOf(subset)));
    },
  },
  // FlattenSet(S): the union of the sets in S.
  FlattenSet: {
    arity: 1,
    call: (args) => finiteElements(setArg('FlattenSet', args, 0)).reduce<SetValue>((acc, x) => union(acc, setArg('FlattenSet', [x], 0)), setOf([])),
  },
  // SymDiff(A, B): the elements in exactly one of A and B.
  SymDiff: {
    arity: 2,
    call: (args) => {
      const a = setArg('SymDiff', args, 0);
      const b = setArg('SymDiff', args, 1);
      return union(difference(a, b), difference(b, a));
    },
  },
  // Choices(Sets): every set made by picking one element from each set of Sets (the ranges of its choice functions).
  Choices: {
    arity: 1,
    call: (args) => {
      const sets = finiteElements(setArg('Choices', args, 0)).map((s) => finiteElements(setArg('Choices', [s], 0)));
      let picks: Value[][] = [[]];
      for (const options of sets) picks = picks.flatMap((pick) => options.map((x) => [...pick, x]));
      return setOf(picks.map((pick) => setOf(pick)));
    },
  },
  // ChooseUnique(S, P): the one element of S satisfying P; an error when none or several do.
  ChooseUnique: {
    arity: 2,
    call: (args) => {
      const p = operatorArg('ChooseUnique', args, 1);
      const matching = finiteElements(setArg('ChooseUnique', args, 0)).filter((x) => boolResult('ChooseUnique', p(x)));
      if (matching.length !== 1) valueError('E3004', `ChooseUnique found ${matching.length} elements satisfying its predicate, not exactly one`);
      return matching[0]!;
    },
  },
  // MapThenSumSet(f, S): the sum of f(x) over the elements x of S.
  MapThenSumSet: {
    arity: 2,
    call: (args) => {
      const f = operatorArg('MapThenSumSet', args, 0);
      return finiteElements(setArg('MapThenSumSet', args, 1)).reduce<number>((acc, x) => {
        const v = f(x);
        if (typeof v !== 'number') valueError('E3001', `the operator argument of MapThenSumSet must return integers, but returned ${formatValue(v)}`);
        return checkedInt('MapThenSumSet', acc + v);
      }, 0);
    },
  },
};
