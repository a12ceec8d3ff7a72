// The community module Folds: MapThenFoldSet, the fold the other community modules build on.
import { finiteElements, inTlcOrder, setOf, valueError, valuesEqual, type SetValue, type Value } from '../values/index.js';
import { operatorArg, setArg, valueArg } from './args.js';
import type { OperatorCallback, StdContext, StdOperator } from './std-operator.js';

/** The elements of S in TLC's order (strings by intern order), the order TLC's Java folds and SetToSeq take them in. */
export function tlcElements(s: SetValue, ctx: StdContext): readonly Value[] {
  return inTlcOrder(finiteElements(s), ctx.strings);
}

/**
 * Folds `op` over the images under `f` of `elems`, the first innermost: op(f(xn), ... op(f(x1), base)),
 * as TLC's Java overrides of FoldSet, FoldFunction and FoldFunctionOnSet fold (their elements in TLC's order).
 */
export function foldLeft(op: (x: Value, acc: Value) => Value, base: Value, f: (x: Value) => Value, elems: readonly Value[]): Value {
  let acc = base;
  for (const x of elems) acc = op(f(x), acc);
  return acc;
}

/**
 * Folds `op` over the images under `f` of `elems`, taken in the order given, the first outermost:
 * op(f(x1), op(f(x2), ... op(f(xn), base))). This is what the module's recursive definition
 * computes when its `choose` picks x1 from the whole set, x2 from the rest, and so on.
 */
export function foldInOrder(op: (x: Value, acc: Value) => Value, base: Value, f: (x: Value) => Value, elems: readonly Value[]): Value {
  let acc = base;
  for (let i = elems.length - 1; i >= 0; i--) acc = op(f(elems[i]!), acc);
  return acc;
}

/** The order in which a user-supplied `choose(_)` picks the elements of S, one at a time from what is left. */
function orderChosenBy(choose: OperatorCallback, s: SetValue): Value[] {
  const left = [...finiteElements(s)];
  const order: Value[] = [];
  while (left.length > 0) {
    const x = choose(setOf([...left]));
    const i = left.findIndex((y) => valuesEqual(x, y));
    if (i < 0) valueError('E3001', `the choose argument of MapThenFoldSet returned an element outside the set it was given`);
    order.push(x);
    left.splice(i, 1);
  }
  return order;
}

export const folds: Record<string, StdOperator> = {
  // MapThenFoldSet(op, base, f, choose, S): starting from base, combine with op the image under f of
  // every element of S, the elements taken in the order `choose` picks them from what is left.
  MapThenFoldSet: {
    arity: 5,
    call: (args) => {
      const op = operatorArg('MapThenFoldSet', args, 0);
      const f = operatorArg('MapThenFoldSet', args, 2);
      const choose = operatorArg('MapThenFoldSet', args, 3);
      const s = setArg('MapThenFoldSet', args, 4);
      return foldInOrder(op, valueArg('MapThenFoldSet', args, 1), f, orderChosenBy(choose, s));
    },
  },
};
